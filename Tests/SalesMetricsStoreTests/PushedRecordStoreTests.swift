import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsPostgres
import SalesMetricsSQLite
import Testing

/// Pushed records (PUT, batch) in every store: validated with the stored row they update,
/// idempotent, references checked against what is stored, the snapshot rebuilt off the write path
/// while readers still see exactly the stored rows.
struct PushedRecordStoreTests {
    static let base: [Table: [UInt8]] = [
        .reps: Array("rep_id,name\nr1,Ann\n".utf8),
        .opportunities: Array(
            """
            opportunity_id,owner_id,created_at,status,closed_at,amount
            o1,r1,2024-03-01,open,,100
            o2,r1,2024-03-02,won,2024-03-20,250

            """.utf8),
    ]

    func csv(_ text: String) -> [UInt8] { Array(text.utf8) }

    func wonRevenue(_ store: any SalesStore) async throws -> MetricValue? {
        let d = try await store.loadDataset()
        return try Engine.report(
            d,
            ReportOptions(
                grain: .month, from: CivilDate.day(year: 2024, month: 3, day: 1),
                to: CivilDate.day(year: 2024, month: 4, day: 1), metrics: [.totalRevenue])
        ).periods[0].metrics["total_revenue"]
    }

    @Test(arguments: StoreKind.selected)
    func pushesAreMergedValidatedAndIdempotent(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importFiles(Self.base)
            let version = try await store.dataVersion()
            // An update with only some columns: the stored ones fill in the rest.
            let won = try await store.writeRecords(
                .opportunities, csv("opportunity_id,status,closed_at\no1,won,2024-03-25\n"))
            #expect(won.tables[.opportunities] == .init(updated: 1))
            #expect(try await store.dataVersion() == version + 1)
            #expect(try await wonRevenue(store) == .money(35_000))
            // The same push again changes nothing, not even the version.
            let again = try await store.writeRecords(
                .opportunities, csv("opportunity_id,status,closed_at\no1,won,2024-03-25\n"))
            #expect(again.tables[.opportunities] == .init(unchanged: 1))
            #expect(try await store.dataVersion() == version + 1)
            // A close before the stored creation is refused, with the pushed row's line, and
            // nothing changes.
            do {
                _ = try await store.writeRecords(
                    .opportunities, csv("opportunity_id,closed_at\no2,2024-03-20\no1,2024-02-01\n"))
                Issue.record("a close before the creation must be refused")
            } catch let error as DatasetReadError {
                #expect(error.errors.first?.line == 3, "\(error)")
                #expect(error.description.contains("is before created_at"), "\(error)")
            }
            #expect(try await store.dataVersion() == version + 1)
            // A batch inserts and updates together; an unknown rep is a warning, as in an import.
            let batch = try await store.writeRecords(
                .opportunities,
                csv(
                    "opportunity_id,owner_id,created_at,status,closed_at,amount\no3,r9,2024-03-05,won,2024-03-06,10\no2,r1,2024-03-02,won,2024-03-20,300\n"
                ))
            #expect(batch.tables[.opportunities] == .init(inserted: 1, updated: 1))
            #expect(batch.warnings.map(\.message) == ["unknown rep \"r9\" (not in reps.csv)"])
            #expect(try await wonRevenue(store) == .money(41_000))
            // An empty value clears the stored one.
            let cleared = try await store.writeRecords(.opportunities, csv("opportunity_id,owner_id\no2,\n"))
            #expect(cleared.tables[.opportunities] == .init(updated: 1))
            let o2 = try await store.records(.opportunities, matching: ["opportunity_id": "o2"], limit: 1, offset: 0)
            #expect(o2.rows.first?[o2.columns.firstIndex(of: "owner_id")!] == .some(nil), "\(o2.rows)")
            // Deletes cost what they change too.
            #expect(try await store.deleteRecord(.opportunities, id: "o3"))
            #expect(try await wonRevenue(store) == .money(40_000))
            // Ids twice in one batch: refused as a whole.
            await #expect(throws: DatasetReadError.self) {
                try await store.writeRecords(
                    .opportunities, csv("opportunity_id,amount\no1,1\no1,2\n"))
            }
            // Tables without ids are replaced per natural key; the same rows again change nothing.
            let spend = "date,category,channel,amount\n2024-03-01,marketing,Web,500\n"
            #expect(try await store.writeRecords(.spend, csv(spend)).tables[.spend] == .init(inserted: 1))
            let spendVersion = try await store.dataVersion()
            #expect(try await store.writeRecords(.spend, csv(spend)).tables[.spend] == .init(unchanged: 1))
            #expect(try await store.dataVersion() == spendVersion)
        }
    }

    /// Pushes leave the snapshot stale; it is rebuilt once writes are quiet, and until then
    /// the dataset read from the store is exactly the stored rows.
    @Test(arguments: StoreKind.selected)
    func theSnapshotIsRebuiltOffTheWritePath(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importFiles(Self.base)
            _ = try await store.writeRecords(.opportunities, csv("opportunity_id,amount\no2,999\n"))
            #expect(try await wonRevenue(store) == .money(99_900))
            let exported = try await store.exportFiles()
            // Within a few seconds (quiet: 1 s) the snapshot is current again and says the same.
            var current = false
            for _ in 0..<100 where !current {
                try await Task.sleep(for: .milliseconds(100))
                let same = try await store.exportFiles() == exported
                current = try await snapshotIsCurrent(store) && same
            }
            #expect(current, "the snapshot was not rebuilt")
            #expect(try await wonRevenue(store) == .money(99_900))
        }
    }

    /// Whether loading reads the snapshot (its version is the data version).
    func snapshotIsCurrent(_ store: any SalesStore) async throws -> Bool {
        switch store {
        case let sqlite as SQLiteStore: try sqlite.hasCurrentSnapshot()
        case let postgres as PostgresStore: try await postgres.hasCurrentSnapshot()
        default: false
        }
    }
}

/// SPEC §1 "Currencies" in every store: the rows keep the amount and currency as written (and
/// export them back), the dataset the store loads has them converted.
struct CurrencyStoreTests {
    static let files: [Table: [UInt8]] = [
        .opportunities: Array(
            """
            opportunity_id,created_at,status,closed_at,amount,currency
            o1,2024-03-01,won,2024-03-10,100,MXN
            o2,2024-03-02,won,2024-03-20,250,
            o3,2024-03-02,won,2024-03-21,10,usd

            """.utf8),
        .fxRates: Array("currency,valid_from,rate\nMXN,2024-01-01,0.0587\n".utf8),
    ]

    @Test(arguments: StoreKind.selected)
    func amountsAreKeptAsWrittenAndConverted(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importFiles(Self.files)
            // 100 MXN × 0.0587 = 5.87 USD.
            #expect(try await store.loadDataset().opportunities?.amount == [587, 25_000, 1_000])
            let exported = try await store.exportFiles()
            let deals = String(decoding: exported[.opportunities]!, as: UTF8.self)
            #expect(deals.contains("o1,,,2024-03-01,won,2024-03-10,100,,,,,MXN\n"), "\(deals)")
            #expect(String(decoding: exported[.fxRates]!, as: UTF8.self).contains("MXN,2024-01-01,0.0587"))
            // The export imports into another store with the same result.
            let sibling = try await TestStore.make(kind)
            _ = try await sibling.store.importFiles(exported)
            #expect(try await sibling.store.loadDataset().opportunities?.amount == [587, 25_000, 1_000])
            await sibling.cleanup()
            // A currency without a rate is refused, and nothing changes.
            await #expect(throws: DatasetReadError.self) {
                try await store.importFiles([
                    .opportunities: Array(
                        "opportunity_id,created_at,status,amount,currency\no9,2024-03-01,open,5,JPY\n".utf8)
                ])
            }
            #expect(try await store.exportFiles()[.opportunities] == exported[.opportunities])
        }
    }
}
