import Foundation
import GRDB
import SalesMetrics
import SalesMetricsIO
import Testing

@testable import SalesMetricsSQLite

@Suite struct SQLiteStoreTests {
    /// A fresh database file in a temporary folder.
    func makeStore() throws -> (SQLiteStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try SQLiteStore(path: folder.appendingPathComponent("test.sqlite").path), folder)
    }

    static let demo = try! DemoGenerator(seed: 3, scale: 0.05).files()

    static let options = ReportOptions(
        grain: .month, from: CivilDate.parse("2023-01-01")!, to: CivilDate.parse("2026-01-01")!)

    func json(_ dataset: Dataset, by: Breakdown? = nil) throws -> String {
        var options = Self.options
        options.breakdown = by
        return try Engine.report(dataset, options).json()
    }

    @Test func reportFromTheStoreEqualsReportFromTheFiles() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try store.importFiles(Self.demo)
        #expect(summary.tables[.leads]?.inserted == DatasetReaderCount.rows(Self.demo[.leads]!))
        let fromFiles = try DatasetReader().read(files: Self.demo).dataset
        let fromStore = try store.loadDataset()
        #expect(try json(fromStore) == json(fromFiles))
        #expect(try json(fromStore, by: .segment) == json(fromFiles, by: .segment))
    }

    @Test func reimportingChangesNothing() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try store.importFiles(Self.demo)
        let again = try store.importFiles(Self.demo)
        for (table, counts) in again.tables {
            #expect(counts.inserted == 0 && counts.updated == 0, "\(table)")
            #expect(counts.unchanged == DatasetReaderCount.rows(Self.demo[table]!), "\(table)")
        }
    }

    @Test func updatesAndNewRows() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = "opportunity_id,account_id,created_at,status,closed_at,amount\n"
        _ = try store.importFiles([
            .opportunities: Array((header + "o1,a,2024-01-01,open,,100\no2,a,2024-01-01,open,,200\n").utf8)
        ])
        let second = try store.importFiles([
            .opportunities: Array(
                (header + "o1,a,2024-01-01,won,2024-02-01,150\no2,a,2024-01-01,open,,200\no3,b,2024-01-05,open,,5\n")
                    .utf8)
        ])
        #expect(second.tables[.opportunities] == ImportSummary.Counts(inserted: 1, updated: 1, unchanged: 1))
        let r = try Engine.report(
            try store.loadDataset(),
            ReportOptions(grain: .month, from: CivilDate.parse("2024-02-01")!, to: CivilDate.parse("2024-03-01")!))
        #expect(r.periods[0].metrics["total_revenue"] == .money(15_000))
        // A file without a column leaves that column as stored.
        _ = try store.importFiles([
            .opportunities: Array("opportunity_id,created_at,status,amount\no3,2024-01-05,open,6\n".utf8)
        ])
        let exported = String(decoding: try store.exportFiles()[.opportunities]!, as: UTF8.self)
        #expect(exported.contains("o3,b,,2024-01-05,open,,6,"))
    }

    @Test func rowsWithoutIdsAreReplacedPerNaturalKey() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spend = "date,category,channel,amount\n2024-01-01,marketing,Web,100\n2024-01-01,sales,,50\n"
        _ = try store.importFiles([.spend: Array(spend.utf8)])
        let changed =
            "date,category,channel,amount\n2024-01-01,Marketing,Web,120\n2024-01-01,sales,,50\n2024-02-01,sales,,70\n"
        let summary = try store.importFiles([.spend: Array(changed.utf8)])
        #expect(summary.tables[.spend] == ImportSummary.Counts(inserted: 1, updated: 1, unchanged: 1))
        let rows = String(decoding: try store.exportFiles()[.spend]!, as: UTF8.self).split(separator: "\n")
        #expect(rows.count == 4)
        #expect(!rows.contains("2024-01-01,marketing,Web,100"))
        // Stage history: an opportunity's stages are replaced together.
        _ = try store.importFiles([
            .stageHistory: Array(
                "opportunity_id,stage,entered_at\no1,A,2024-01-01\no1,B,2024-01-02\no2,A,2024-01-01\n".utf8)
        ])
        let stages = try store.importFiles([
            .stageHistory: Array("opportunity_id,stage,entered_at\no1,A,2024-01-01\no1,C,2024-01-03\n".utf8)
        ])
        #expect(stages.tables[.stageHistory] == ImportSummary.Counts(inserted: 0, updated: 2, unchanged: 0))
        #expect(try store.loadDataset().stageHistory?.stage.count == 3)
    }

    @Test func aBadImportChangesNothing() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try store.importFiles([.leads: Array("lead_id,created_at\nl1,2024-01-01\n".utf8)])
        let before = try store.exportFiles()
        #expect(throws: DatasetReadError.self) {
            _ = try store.importFiles([
                .leads: Array("lead_id,created_at\nl1,2024-01-01\nl2,2024-01-02\n".utf8),
                .opportunities: Array("opportunity_id,created_at,status,amount\no1,2024-01-01,won,5\n".utf8),
            ])
        }
        #expect(try store.exportFiles() == before)
    }

    @Test func exportThenImportIntoANewStoreGivesTheSameReport() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try store.importFiles(Self.demo)
        let (copy, copyFolder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: copyFolder) }
        _ = try copy.importFiles(try store.exportFiles())
        #expect(try json(copy.loadDataset()) == json(store.loadDataset()))
    }

    @Test func anEmptyImportedFileIsPresentAndAMissingOneIsNot() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try store.importFiles([.leads: Array("lead_id,created_at\n".utf8)])
        let d = try store.loadDataset()
        #expect(d.leads != nil && d.rowCount(.leads) == 0)
        #expect(d.opportunities == nil)
    }

    /// Hostile files are refused with a sentence and leave the database as it was: empty (rows
    /// are appended and the id index built after them) or holding a row (rows are upserted).
    @Test(arguments: [false, true]) func hostileFilesChangeNothing(holdingARow: Bool) throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        if holdingARow { _ = try store.importFiles([.leads: Array("lead_id,created_at\nl1,2024-01-01\n".utf8)]) }
        let before = try store.exportFiles()
        let version = try store.dataVersion()
        let header = Array("lead_id,created_at\n".utf8)
        let hostile: [(String, [UInt8])] = [
            ("truncated", header + Array("l2,\"2024-01-0".utf8)),
            ("binary", header + [0, 159, 146, 150, 0, 10]),
            ("huge field", header + Array("l3,".utf8) + [UInt8](repeating: 120, count: 3_000_000) + [10]),
            ("many columns", Array((String(repeating: "x,", count: 1_000_000) + "\n").utf8)),
            ("UTF-16", [0xFF, 0xFE] + Array("l\0e\0".utf8)),
            ("latin-1", header + [0x6C, 0xE9] + Array(",2024-01-01\n".utf8)),
            ("duplicate ids", header + Array("l5,2024-01-01\nl5,2024-01-02\n".utf8)),
        ]
        for (name, bytes) in hostile {
            #expect(throws: DatasetReadError.self, "\(name)") { _ = try store.importFiles([.leads: bytes]) }
        }
        #expect(try store.exportFiles() == before)
        #expect(try store.dataVersion() == version)
    }

    /// Rows are written while validation runs alongside: a problem validation finds (here on
    /// line 6, while the writer goes on through 40,000 rows, or a duplicate id the unique index
    /// would also refuse, or a short row the writer cannot bind) is reported as validation's
    /// list, and the rows already written are rolled back.
    @Test func problemsAreValidationsListAndNothingIsWritten() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = (1...40_000).map { "l\($0),2024-01-01\n" }
        var badDate = rows
        badDate[4] = "l5,2024-13-01\n"
        var duplicate = rows
        duplicate[39_999] = "l1,2024-01-01\n"
        var short = rows
        short[20_000] = "l20001\n"
        for (bad, line) in [(badDate, 6), (duplicate, 40_001), (short, 20_002)] {
            let file = Array(("lead_id,created_at\n" + bad.joined()).utf8)
            #expect {
                _ = try store.importFiles([.reps: Array("rep_id,name\nr1,Ann\n".utf8), .leads: file])
            } throws: { error in
                (error as? DatasetReadError)?.errors.first?.line == line
            }
        }
        #expect(try store.exportFiles().isEmpty)
        #expect(try store.dataVersion() == 0)
    }

    /// Multi-row statements: counts are exact across batch boundaries (1,050 rows = 16 batches
    /// of 64 and 26 more), on the first import and on an upsert.
    @Test func batchesCountEveryRow() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ ids: ClosedRange<Int>, changed: (Int) -> Bool = { _ in false }) -> [UInt8] {
            Array(
                ("lead_id,created_at,source\n"
                    + ids.map { "l\($0),2024-01-01,\(changed($0) ? "Web" : "Events")\n" }.joined()).utf8)
        }
        #expect(
            try store.importFiles([.leads: file(1...1_000)]).tables[.leads] == ImportSummary.Counts(inserted: 1_000))
        let second = try store.importFiles([.leads: file(1...1_050) { $0 % 10 == 0 }])
        #expect(second.tables[.leads] == ImportSummary.Counts(inserted: 50, updated: 100, unchanged: 900))
        let leads = try store.loadDataset()
        #expect(leads.rowCount(.leads) == 1_050)
        // Every row once, in file order, with its values (the export has every schema column).
        let exported = String(decoding: try store.exportFiles()[.leads]!, as: UTF8.self).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3).joined(separator: ",") }
        let expected = String(decoding: file(1...1_050) { $0 % 10 == 0 }, as: UTF8.self).split(separator: "\n")
        #expect(exported == expected.map(String.init))
    }

    /// An import that changes no row keeps the snapshot (stamped with the new data version);
    /// one that only adds an empty file, or finds a snapshot of an earlier format, rebuilds it.
    @Test func anUnchangedImportKeepsTheSnapshotOnlyWhenItIsCurrent() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let leads = Array("lead_id,created_at\nl1,2024-01-01\n".utf8)
        _ = try store.importFiles([.leads: leads])
        func snapshot() throws -> [Row] {
            try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT part, version, format FROM snapshot") }
        }
        func isCurrent() throws -> Bool { try store.pool.read { db in try SQLiteStore.snapshotIsCurrent(db) } }
        _ = try store.importFiles([.leads: leads])
        #expect(try snapshot().allSatisfy { $0["version"] as Int == 2 } && isCurrent())
        _ = try store.importFiles([.spend: Array("date,category,channel,amount\n".utf8)])
        #expect(try store.loadDataset().spend != nil)
        #expect(try snapshot().contains { $0["part"] as String == "spend" })
        try store.pool.write { db in try db.execute(sql: "UPDATE snapshot SET format = format - 1") }
        #expect(try !isCurrent())
        _ = try store.importFiles([.leads: leads])
        #expect(try isCurrent())
        #expect(try store.loadDataset().rowCount(.leads) == 1)
    }

    /// Databases made before v6 had UNIQUE constraints on ids: the migration moves them to
    /// unique indexes, keeping every row, its order and upserts.
    @Test func aVersion5DatabaseKeepsItsRowsAndUpserts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-v5-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(old, upTo: "v5: access version")
        try old.write { db in
            try db.execute(
                sql:
                    "INSERT INTO leads (seq, lead_id, created_at) VALUES (1, 'l2', '2024-01-02'), (2, 'l1', '2024-01-01')"
            )
            try db.execute(sql: "INSERT INTO imported_tables (name) VALUES ('leads')")
            #expect(throws: DatabaseError.self) { try db.execute(sql: "INSERT INTO leads (lead_id) VALUES ('l1')") }
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        let indexes = try store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads'")
        }
        #expect(indexes.map { $0["name"] as String } == ["leads_id"])
        #expect(
            String(decoding: try store.exportFiles()[.leads]!, as: UTF8.self).hasPrefix("lead_id,created_at,source,"))
        let summary = try store.importFiles([.leads: Array("lead_id,created_at\nl1,2024-01-05\nl3,2024-01-03\n".utf8)])
        #expect(summary.tables[.leads] == ImportSummary.Counts(inserted: 1, updated: 1))
        let ids = String(decoding: try store.exportFiles()[.leads]!, as: UTF8.self).split(separator: "\n").dropFirst()
            .map { $0.prefix(while: { $0 != "," }) }
        #expect(ids == ["l2", "l1", "l3"])
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in try db.execute(sql: "INSERT INTO leads (lead_id) VALUES ('l1')") }
        }
    }

    @Test func everyImportBumpsTheDataVersionAndReopeningKeepsTheData() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try store.dataVersion() == 0)
        _ = try store.importFiles([.leads: Array("lead_id,created_at\nl1,2024-01-01\n".utf8)])
        _ = try store.importFiles([.leads: Array("lead_id,created_at\nl1,2024-01-01\n".utf8)])
        #expect(try store.dataVersion() == 2)
        // Opening again runs no migration twice and finds the data.
        let again = try SQLiteStore(path: store.path)
        #expect(try again.dataVersion() == 2)
        #expect(try again.loadDataset().rowCount(.leads) == 1)
    }

    /// Reports load the binary snapshot each import writes; it must equal the rows read back.
    @Test func theSnapshotAndTheRowsGiveTheSameDataset() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try store.importFiles(Self.demo)
        let fromRows = try DatasetReader().read(files: store.exportFiles()).dataset
        #expect(try json(store.loadDataset()) == json(fromRows))
        #expect(try json(store.loadDataset(), by: .owner) == json(fromRows, by: .owner))
        // A second import rebuilds the snapshot from every stored row.
        _ = try store.importFiles([.leads: Array("lead_id,created_at,source\nnew-lead,2024-05-01,Web\n".utf8)])
        let updated = try DatasetReader().read(files: store.exportFiles()).dataset
        #expect(try json(store.loadDataset(), by: .source) == json(updated, by: .source))
        // The codec round-trips every column.
        let decoded = try DatasetCodec.decode(DatasetCodec.encode(updated))
        #expect(try json(decoded, by: .segment) == json(updated, by: .segment))
        #expect(decoded.repIds == updated.repIds && decoded.stages == updated.stages)
        #expect(throws: DatasetCodec.Corrupt.self) { _ = try DatasetCodec.decode(["dictionaries": [1, 2, 3]]) }
    }

    @Test func anUnusableDatabaseIsAClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("not-a-db.sqlite").path
        try Data("this is not a database, just text".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            "\(error)".hasPrefix("Cannot open the database \(path):")
        }
    }
}

/// Rows of a CSV file (lines after the header, blank lines aside).
enum DatasetReaderCount {
    static func rows(_ bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").count - 1
    }
}
