import SalesMetrics
import SalesMetricsIO
import Testing

/// The snapshot codec packs integer columns to the width their range needs: every value, null
/// and extreme must come back exactly, whatever width and unit the column gets.
@Suite struct DatasetCodecTests {
    static let day = Timestamp.msPerDay
    static let start: Int64 = 1_672_531_200_000  // 2023-01-01T00:00:00Z

    func roundTrip(_ d: Dataset) throws -> Dataset { try DatasetCodec.decode(DatasetCodec.encode(d)) }

    @Test func everyWidthAndUnitComesBackExactly() throws {
        var d = Dataset()
        var stages = StageHistory()
        stages.opportunity = [-1, 0, 253]  // a span of 254: one byte, with all ones left for null
        stages.stage = [0, 255, 7]  // a span of 255: two bytes
        stages.enteredAt = TimestampColumn(  // days apart, local flags kept
            values: [Timestamp.none, Self.start, Self.start + 3 * Self.day], isLocal: [true, false, true])
        d.stageHistory = stages
        var subscriptions = Subscriptions()
        subscriptions.account = [0, 70_000, 1]  // two bytes would not do: four
        subscriptions.mrr = [Int64.min + 1, 0, Int64.max]  // no width holds this range: as it is
        subscriptions.startedOn = [CivilDate.none, 0, -5]  // negative days, null
        subscriptions.endedOn = [CivilDate.never, 3, 4]
        d.subscriptions = subscriptions
        var leads = Leads()
        leads.createdAt = TimestampColumn(values: [Self.start + 1, Self.start + 1_001, Self.start])  // milliseconds
        leads.qualifiedAt = TimestampColumn(values: [Timestamp.none, Timestamp.none, Timestamp.none])  // only nulls
        leads.firstResponseAt = TimestampColumn(values: [Self.start + 5_000, Self.start, Self.start + 60_000])
        leads.convertedAt = TimestampColumn(values: [-86_400_000_000, 0, 4_102_444_800_000])  // 1967 to 2100
        leads.source = [-1, -1, -1]
        leads.owner = [2, 1, 0]
        leads.segment = [0, 0, 0]
        d.leads = leads
        var spend = Spend()  // empty columns
        spend.category = []
        d.spend = spend

        let back = try roundTrip(d)
        #expect(back.stageHistory?.opportunity == stages.opportunity)
        #expect(back.stageHistory?.stage == stages.stage)
        #expect(back.stageHistory?.enteredAt == stages.enteredAt)
        #expect(back.subscriptions?.account == subscriptions.account)
        #expect(back.subscriptions?.mrr == subscriptions.mrr)
        #expect(back.subscriptions?.startedOn == subscriptions.startedOn)
        #expect(back.subscriptions?.endedOn == subscriptions.endedOn)
        for (a, b) in [
            (back.leads?.createdAt, leads.createdAt), (back.leads?.qualifiedAt, leads.qualifiedAt),
            (back.leads?.firstResponseAt, leads.firstResponseAt), (back.leads?.convertedAt, leads.convertedAt),
        ] {
            #expect(a == b)
        }
        #expect(back.leads?.source == leads.source && back.leads?.owner == leads.owner)
        #expect(back.leads?.segment == leads.segment)
        #expect(back.spend?.date == [] && back.spend?.category == [])
    }

    /// Three years of second-precision timestamps and small dictionaries: 4 bytes a timestamp
    /// (8 in memory) and 1 or 2 a code (4 in memory).
    @Test func columnsTakeTheWidthTheirRangeNeeds() throws {
        var d = Dataset()
        var leads = Leads()
        let n = 10_000
        for i in 0..<n {
            let t = Self.start + Int64(i) * 9_467_000  // about three years in all, to the second
            leads.createdAt.append(t, local: false)
            leads.qualifiedAt.append(i % 3 == 0 ? Timestamp.none : t + 3_600_000, local: false)
            leads.firstResponseAt.append(t / Self.day * Self.day, local: true)  // whole days
            leads.convertedAt.append(Timestamp.none, local: false)
            leads.source.append(Int32(i % 7))
            leads.owner.append(Int32(i % 4_000))
            leads.segment.append(i % 5 == 0 ? StringCodes.none : Int32(i % 3))
        }
        d.leads = leads
        let bytes = DatasetCodec.encode(d)[Table.leads.rawValue]!.count
        // created 4 + qualified 4 + first response (days) 2 + converted 1 + flags 1 + codes 1 + 2 + 1
        let perRow = 4 + 4 + 2 + 1 + 1 + 1 + 2 + 1
        #expect(bytes <= n * perRow + 1_000)
        let back = try roundTrip(d)
        #expect(back.leads?.createdAt == leads.createdAt && back.leads?.qualifiedAt == leads.qualifiedAt)
        #expect(back.leads?.firstResponseAt == leads.firstResponseAt)
        #expect(back.leads?.owner == leads.owner && back.leads?.segment == leads.segment)
    }

    @Test func damagedPartsAreRefused() throws {
        var d = Dataset()
        var stages = StageHistory()
        stages.opportunity = [1, 2]
        stages.stage = [1, 2]
        stages.enteredAt = TimestampColumn(values: [Self.start, Self.start])
        d.stageHistory = stages
        var parts = DatasetCodec.encode(d)
        let good = parts[Table.stageHistory.rawValue]!
        // The first column's width byte (after its count, base and unit) set to an unknown width.
        var badWidth = good
        badWidth[24] = 3
        parts[Table.stageHistory.rawValue] = badWidth
        #expect(throws: DatasetCodec.Corrupt.self) { _ = try DatasetCodec.decode(parts) }
        parts[Table.stageHistory.rawValue] = Array(good.dropLast(3))
        #expect(throws: DatasetCodec.Corrupt.self) { _ = try DatasetCodec.decode(parts) }
    }
}
