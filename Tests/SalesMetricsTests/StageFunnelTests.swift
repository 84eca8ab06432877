import SalesMetrics
import Testing

/// The funnel's stage order, conversions and drop-off, worked out by hand on five deals.
struct StageFunnelTests {
    /// o1 is lost from Discovery and its "Closed Lost" row comes second in the file, before any
    /// Proposal row: ordered by first appearance, Discovery would "convert" into Closed Lost.
    static let files: [Table: String] = [
        .opportunities: """
        \(Fixture.oppHeader)
        o1,a1,r1,2025-01-01,lost,2025-01-03,100,,Web,P
        o2,a1,r1,2025-01-02,won,2025-01-08,100,,Web,P
        o3,a1,r2,2025-01-02,won,2025-01-09,100,,Web,P
        o4,a1,r2,2025-01-03,lost,2025-01-10,100,,Web,P
        o5,a1,r2,2025-01-04,open,,100,,Web,P

        """,
        .stageHistory: """
        opportunity_id,stage,entered_at
        o1,Discovery,2025-01-01
        o1,Closed Lost,2025-01-03
        o2,Discovery,2025-01-02
        o2,Proposal,2025-01-04
        o2,Closed Won,2025-01-08
        o3,Discovery,2025-01-02
        o3,Proposal,2025-01-05
        o3,Negotiation,2025-01-06
        o3,Closed Won,2025-01-09
        o4,Discovery,2025-01-03
        o4,Proposal,2025-01-06
        o4,Closed Lost,2025-01-10
        o5,Discovery,2025-01-04
        o5,Proposal,2025-01-07

        """,
    ]

    func funnel(stageOrder: [String] = [], group: (dimension: Breakdown, key: String)? = nil) throws -> StageFunnel {
        let zone = try #require(ZoneRules(identifier: "UTC"))
        let from = Int64(CivilDate.parse("2025-01-01")!) * Timestamp.msPerDay
        let to = Int64(CivilDate.parse("2025-02-01")!) * Timestamp.msPerDay
        return StageFunnel(
            try Fixture.dataset(Self.files), from: from, to: to, zone: zone, stageOrder: stageOrder, group: group)
    }

    @Test func stagesFollowTheDealsHistoriesWithWonLastAndLostAsDropOff() throws {
        let f = try funnel()
        #expect(f.steps.map(\.stage) == ["Discovery", "Proposal", "Negotiation", "Closed Won"])
        #expect(f.lostStages == ["Closed Lost"])
        #expect(f.steps.map(\.entered) == [5, 4, 1, 2])
        // Discovery: o2–o5 went on; o1 was lost there. Proposal: o2 skipped Negotiation to Closed
        // Won and counts as advanced, o3 advanced, o4 was lost there, o5 is still in it.
        #expect(f.steps.map(\.advanced) == [4, 2, 1, 0])
        #expect(f.steps.map(\.lost) == [1, 1, 0, 0])
        #expect(f.steps.map(\.conversionToNext) == [0.8, 0.5, 1.0, nil])
        // Days in Discovery: 2, 2, 3, 3, 3.
        #expect(f.steps[0].medianDaysInStage == 3)
    }

    @Test func aGivenOrderComesFirstAndTheRestFollowInDealOrder() throws {
        let f = try funnel(stageOrder: ["Proposal", "Discovery"])
        #expect(f.steps.map(\.stage) == ["Proposal", "Discovery", "Negotiation", "Closed Won"])
        // A lost stage named in the order is a step like any other.
        let named = try funnel(stageOrder: ["Discovery", "Closed Lost"])
        #expect(named.steps.map(\.stage) == ["Discovery", "Closed Lost", "Proposal", "Negotiation", "Closed Won"])
        #expect(named.lostStages.isEmpty)
    }

    @Test func aGroupKeepsItsOwnDeals() throws {
        let f = try funnel(group: (.owner, "r1"))
        #expect(f.steps.map(\.entered) == [2, 1, 0, 1])
        #expect(f.steps.map(\.lost) == [1, 0, 0, 0])
        #expect(f.steps.map(\.conversionToNext) == [0.5, 1.0, nil, nil])
    }

    /// On the demo: the stages come in the generator's order, and every step's deals are
    /// advanced, lost or still there.
    @Test func demoInvariants() throws {
        let d = try SampleData.dataset()
        let zone = try #require(ZoneRules(identifier: "UTC"))
        let f = StageFunnel(d, from: Int64.min / 2, to: Int64.max / 2, zone: zone)
        #expect(f.steps.map(\.stage) == ["Prospecting", "Discovery", "Proposal", "Negotiation", "Closed Won"])
        #expect(f.lostStages == ["Closed Lost"])
        for s in f.steps {
            #expect(s.advanced + s.lost <= s.entered, "\(s)")
            #expect((s.conversionToNext ?? 0) <= 1)
        }
        #expect(f.steps.last?.lost == 0)
        #expect(f.steps.map(\.lost).reduce(0, +) == d.opportunities!.status.filter { $0 == .lost }.count)
    }
}
