import Foundation
import SalesMetrics
import SalesMetricsIO
import Testing

/// Leads and accounts keep their extra columns as attributes (docs/data-format.md, "Attributes").
@Suite struct AttributeTests {
    static let leads = """
        lead_id,created_at,source,account_id,Visits,Course Interest,Notes,Empty
        l1,2024-01-01,Web,acme,3,Data,"said ""call me"", soon",
        l2,2024-01-02,Web,,,Design,,
        l3,2024-01-03,Ads,globex,-0.5,Data,,

        """

    static func read(_ files: [Table: String]) throws(DatasetReadError) -> DatasetReader.Result {
        try DatasetReader().read(files: files.mapValues { Array($0.utf8) })
    }

    /// The error reading these files gives; an issue when they read.
    static func refusal(_ files: [Table: String], sourceLocation: SourceLocation = #_sourceLocation)
        -> DatasetReadError?
    {
        do {
            _ = try read(files)
            Issue.record("the files were read", sourceLocation: sourceLocation)
            return nil
        } catch { return error }
    }

    @Test func extraColumnsBecomeAttributesWithTheirKinds() throws {
        let result = try Self.read([.leads: Self.leads])
        let leads = try #require(result.dataset.leads)
        // Lowercased as headers are matched, in byte order; a column empty on every row is dropped.
        #expect(leads.attributes.columns.map(\.name) == ["course interest", "notes", "visits"])
        #expect(leads.attributes.columns.map(\.kind) == [.category, .category, .number])
        let visits = try #require(leads.attributes.column(named: "visits"))
        #expect((0..<3).map { visits.value($0) } == ["3", nil, "-0.5"])
        #expect(leads.attributes.column(named: "notes")?.value(0) == "said \"call me\", soon")
        // Attributes are not unknown columns: no warning.
        #expect(result.warnings.isEmpty)
        #expect(leads.id == ["l1", "l2", "l3"])
        #expect(leads.account.map { result.dataset.accountIds[$0] } == ["acme", nil, "globex"])
    }

    @Test func accountsKeepAttributesOtherFilesStillWarn() throws {
        let result = try Self.read([
            .accounts: "account_id,name,Employees,Tier\na1,Acme,120,Gold\na2,Globex,,Silver\n",
            .opportunities: "opportunity_id,created_at,status,amount,probability\no1,2024-01-01,open,10,0.5\n",
        ])
        let accounts = try #require(result.dataset.accounts)
        #expect(accounts.attributes.columns.map(\.name) == ["employees", "tier"])
        #expect(accounts.attributes.columns.map(\.kind) == [.number, .category])
        #expect(result.warnings.map(\.column) == ["probability"])
    }

    @Test func kindsAreInferredFromEveryValue() {
        #expect(AttributeKind.infer(["1", "2.5", "-3", "+4", ".5"]) == .number)
        #expect(AttributeKind.infer(["1", "2", "n/a"]) == .category)
        #expect(AttributeKind.infer(["1e3"]) == .category)
        #expect(AttributeKind.infer(["1,000"]) == .category)
        #expect(AttributeKind.infer(["02.Medium"]) == .category)
        #expect(AttributeKind.infer([String(repeating: "9", count: 19)]) == .category)
        #expect(AttributeKind.infer([]) == .category)
    }

    /// Bounds: columns, name and value lengths, and valid text, each an error with its fix.
    @Test func boundsAreErrorsNamingTheFix() throws {
        let many = (0...AttributeColumns.maxColumns).map { "c\($0)" }.joined(separator: ",")
        let tooMany = "lead_id,created_at,\(many)\nl1,2024-01-01\(String(repeating: ",x", count: 65))\n"
        #expect(Self.refusal([.leads: tooMany])?.description.contains("more than the 64 kept as attributes") == true)
        let longName = String(repeating: "n", count: 101)
        #expect(
            Self.refusal([.leads: "lead_id,created_at,\(longName)\nl1,2024-01-01,x\n"])?.description.contains(
                "at most 100 bytes") == true)
        let longValue = String(repeating: "v", count: 501)
        let error = Self.refusal([.leads: "lead_id,created_at,note\nl1,2024-01-01,ok\nl2,2024-01-01,\(longValue)\n"])
        #expect(error?.errors.first?.line == 3 && error?.errors.first?.column == "note")
        #expect(error?.description.contains("at most 500") == true)
        var bytes = Array("lead_id,created_at,note\nl1,2024-01-01,".utf8)
        bytes += [0xff, 0xfe, 0x0a]
        #expect(throws: DatasetReadError.self) { try DatasetReader().read(files: [.leads: bytes]) }
    }

    @Test func theSnapshotKeepsAttributesIdsAndLinks() throws {
        let d = try Self.read([
            .leads: Self.leads, .accounts: "account_id,name,Tier\nacme,Acme,Gold\nglobex,Globex,\n",
        ]).dataset
        let back = try DatasetCodec.decode(DatasetCodec.encode(d))
        #expect(back.leads?.attributes == d.leads?.attributes)
        #expect(back.leads?.id == d.leads?.id)
        #expect(back.leads?.account == d.leads?.account)
        #expect(back.accounts?.attributes == d.accounts?.attributes)
        #expect(back.accounts?.attributes.columns.first?.name == "tier")
    }

    /// The stores' form: canonical JSON (names in byte order, empty values left out), and back.
    @Test func storedFormIsCanonicalAndExpandsBack() throws {
        #expect(
            StoredAttributes.json([("visits", "3"), ("b", nil), ("course", "a \"b\"")])
                == #"{"course":"a \"b\"","visits":"3"}"#)
        #expect(StoredAttributes.json([("b", nil)]) == nil)
        let folded = try TextRows(table: .leads, bytes: Array(Self.leads.utf8))
        #expect(folded.columns.last == StoredAttributes.column)
        #expect(folded.rows[1].last == #"{"course interest":"Design"}"#)
        let expanded = try StoredAttributes.expand(folded.presentCSV())
        let again = try DatasetReader().read(files: [.leads: expanded]).dataset
        let original = try Self.read([.leads: Self.leads]).dataset
        #expect(again.leads?.attributes == original.leads?.attributes)
        // A file without extra columns has no attributes column to write.
        let plain = try TextRows(table: .leads, bytes: Array("lead_id,created_at\nl1,2024-01-01\n".utf8))
        #expect(!plain.columns.contains(StoredAttributes.column))
    }
}
