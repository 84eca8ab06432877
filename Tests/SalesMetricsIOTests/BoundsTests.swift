import Foundation
import SalesMetrics
import SalesMetricsIO
import Testing

/// The bound of every number type (docs/data-format.md, "Bounds"), each refusal's exact
/// sentence, and data that names reps and accounts its other files do not have.
@Suite struct BoundsTests {
    func read(_ files: [Table: String]) throws(DatasetReadError) -> DatasetReader.Result {
        try DatasetReader().read(files: files.mapValues { Array($0.utf8) })
    }

    func errors(_ files: [Table: String]) -> [String] {
        do {
            _ = try read(files)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    static let opp = "opportunity_id,created_at,status,closed_at,amount\n"
    static let hours = "rep_id,date,selling_hours,total_hours\n"

    @Test func moneyUpToFifteenDigitsBeforeThePoint() throws {
        let d = try read([
            .opportunities: Self.opp
                + "o1,2024-01-01,open,,999999999999999.99\no2,2024-01-01,open,,0000000000000000001.5\n"
        ])
        .dataset
        #expect(d.opportunities?.amount == [99_999_999_999_999_999, 150])
        #expect(
            errors([.opportunities: Self.opp + "o1,2024-01-01,open,,1000000000000000\n"]) == [
                "opportunities.csv:2: column 'amount': \"1000000000000000\" is too large; amounts must be below 1,000,000,000,000,000 (at most 15 digits before the point)"
            ])
        #expect(
            errors([
                .subscriptions: "subscription_id,account_id,mrr,started_on\ns1,a1,12345678901234567890.5,2024-01-01\n"
            ])
                == [
                    "subscriptions.csv:2: column 'mrr': \"12345678901234567890.5\" is too large; amounts must be below 1,000,000,000,000,000 (at most 15 digits before the point)"
                ])
        // Too many digits after the point is a format problem, not a size problem.
        #expect(
            errors([.spend: "date,category,amount\n2024-01-01,sales,1.234\n"]) == [
                "spend.csv:2: column 'amount': \"1.234\" is not an amount of money; write digits with at most 2 decimals and no currency sign or thousands separator, such as 1234.50"
            ])
    }

    @Test func hoursUpToNineDigitsBeforeThePoint() throws {
        let d = try read([.activities: Self.hours + "r1,2024-01-01,999999999.999999,999999999.9999994\n"]).dataset
        #expect(d.activities?.sellingHours == [999_999_999_999_999])
        #expect(d.activities?.totalHours == [999_999_999_999_999])
        // The example of the issue: it used to trap while multiplying into millionths.
        #expect(
            errors([.activities: Self.hours + "r1,2024-01-01,10000000000000,10000000000000\n"]) == [
                "activities.csv:2: column 'selling_hours': \"10000000000000\" is too large; hours must be below 1,000,000,000 (at most 9 digits before the point)",
                "activities.csv:2: column 'total_hours': \"10000000000000\" is too large; hours must be below 1,000,000,000 (at most 9 digits before the point)",
            ])
    }

    @Test func scoresOutsideTheirRangeAreRefusedNotParsedIntoOverflow() {
        let surveys = "response_id,answered_at,score,kind\n"
        #expect(
            errors([.surveys: surveys + "s1,2024-01-01,99999999999999999999999,customer\n"]).count == 1)
    }

    /// The smallest case of the issue: a deal owned by a rep missing from reps.csv segfaulted
    /// the release build (the interner kept a pointer into a buffer that was gone).
    @Test func referencesToUnknownRepsAndAccounts() throws {
        let files: [Table: String] = [
            .reps: "rep_id,name\nr1,A\n",
            .opportunities:
                "opportunity_id,owner_id,created_at,status,closed_at,amount\no1,r2,2024-01-02,won,2024-01-05,100\n",
        ]
        let result = try read(files)
        #expect(
            result.warnings.map(\.description) == [
                "opportunities.csv:2: column 'owner_id': unknown rep \"r2\" (not in reps.csv)"
            ])
        #expect(result.dataset.repIds.values == ["r1", "r2"])
        let report = try Engine.report(
            result.dataset,
            ReportOptions(
                grain: .month, from: CivilDate.parse("2024-01-01")!, to: CivilDate.parse("2024-02-01")!,
                breakdown: .owner, metrics: [.totalRevenue]))
        #expect(report.periods[0].metrics["total_revenue"] == .money(10_000))
        #expect(report.periods[0].groups.map(\.key) == ["r1", "r2"])
        #expect(report.periods[0].groups.map { $0.metrics["total_revenue"] } == [.money(0), .money(10_000)])
    }

    /// Many small files that name each other's ids in every mix, read over and over: the merge
    /// translates codes between interners, which is where dangling pointers used to be read.
    @Test func mixedReferencesAcrossFilesReadTheSameEveryTime() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let reps = (0..<Int.random(in: 1...6, using: &rng)).map { "r\($0)" }
            let accounts = (0..<Int.random(in: 1...6, using: &rng)).map { "a\($0)" }
            var opps = "opportunity_id,owner_id,account_id,created_at,status,closed_at,amount\n"
            var total: Int64 = 0
            for i in 0..<Int.random(in: 1...40, using: &rng) {
                let amount = Int64.random(in: 0...1_000_000, using: &rng)
                total += amount
                let owner = "r\(Int.random(in: 0...9, using: &rng))"
                let account = "a\(Int.random(in: 0...9, using: &rng))"
                opps += "o\(i),\(owner),\(account),2024-01-02,won,2024-01-05,\(amount)\n"
            }
            var files: [Table: String] = [.opportunities: opps]
            if Bool.random(using: &rng) {
                files[.reps] = "rep_id,team\n" + reps.map { "\($0),t" }.joined(separator: "\n")
            }
            if Bool.random(using: &rng) {
                files[.accounts] = "account_id,segment\n" + accounts.map { "\($0),s" }.joined(separator: "\n")
            }
            if Bool.random(using: &rng) {
                files[.quotas] =
                    "rep_id,period_start,period_end,amount\nr7,2024-01-01,2024-01-31,5\nr0,2024-01-01,2024-01-31,5\n"
            }
            let dataset = try read(files).dataset
            for by in [Breakdown.owner, .team, .segment] {
                let report = try Engine.report(
                    dataset,
                    ReportOptions(
                        grain: .month, from: CivilDate.parse("2024-01-01")!, to: CivilDate.parse("2024-02-01")!,
                        breakdown: by, metrics: [.totalRevenue]))
                #expect(report.periods[0].metrics["total_revenue"] == .money(Int128(total) * 100))
                let sum = report.periods[0].groups.reduce(Int128(0)) {
                    guard case .money(let cents) = $1.metrics["total_revenue"] else { return $0 }
                    return $0 + cents
                }
                #expect(sum == Int128(total) * 100)
            }
        }
    }

    /// A file naming one id on every row: every duplicate is reported, and in linear-logarithmic
    /// time (comparing every pair, as before, took minutes).
    @Test func oneIdRepeatedOnEveryRow() {
        let rows = (0..<20_000).map { _ in "o1,2024-01-01,open,,5" }.joined(separator: "\n")
        do {
            _ = try read([.opportunities: Self.opp + rows + "\n"])
            Issue.record("duplicates were accepted")
        } catch {
            #expect(error.errorCount == 19_999)
            #expect(
                error.errors.first?.description
                    == "opportunities.csv:3: column 'opportunity_id': duplicate id \"o1\" (first on line 2); ids must be unique"
            )
        }
    }
}
