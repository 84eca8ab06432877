import SalesMetrics
import SalesMetricsIO
import Testing

/// usage.csv (docs/data-format.md): read, checked and kept in the snapshot like the other files.
@Suite struct UsageTests {
    static func read(_ text: String) throws(DatasetReadError) -> Dataset {
        try DatasetReader().read(files: [.usage: Array(text.utf8)]).dataset
    }

    static func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> DatasetReadError? {
        do {
            _ = try read(text)
            Issue.record("the file was read", sourceLocation: sourceLocation)
            return nil
        } catch { return error }
    }

    @Test func rowsAreReadWithTheirFeatures() throws {
        let d = try Self.read(
            "account_id,date,sessions,events,feature\na1,2024-03-01,4,30.5,Reports\na1,2024-03-02,,2,\na2,2024-03-01,1,,Reports\n"
        )
        let u = try #require(d.usage)
        #expect(u.account.map { d.accountIds[$0] } == ["a1", "a1", "a2"])
        #expect(u.sessions == [4_000_000, -1, 1_000_000])
        #expect(u.events == [30_500_000, 2_000_000, -1])
        #expect(u.activeUsers == [-1, -1, -1])
        #expect(u.feature.map { u.features[$0] } == ["Reports", nil, "Reports"])
        let back = try DatasetCodec.decode(DatasetCodec.encode(d))
        #expect(back.usage?.events == u.events && back.usage?.feature == u.feature)
        #expect(back.usage?.features == u.features)
    }

    @Test func refusalsNameTheLineAndTheFix() {
        let noMeasure = Self.refusal("account_id,date,feature\na1,2024-03-01,x\n")
        #expect(noMeasure?.description.contains("needs at least one of active_users, sessions and events") == true)
        let empty = Self.refusal("account_id,date,events\na1,2024-03-01,5\na1,2024-03-02,\n")
        #expect(empty?.errors.first?.line == 3)
        #expect(empty?.description.contains("no value in active_users, sessions or events") == true)
        let bad = Self.refusal("account_id,date,events\na1,2024-03-01,-5\n")
        #expect(bad?.errors.first?.column == "events")
        #expect(bad?.description.contains("negative") == true)
        let large = Self.refusal("account_id,date,events\na1,2024-03-01,1000000000\n")
        #expect(large?.description.contains("too large") == true)
        let noAccount = Self.refusal("account_id,date,events\n,2024-03-01,5\n")
        #expect(noAccount?.errors.first?.column == "account_id")
    }
}
