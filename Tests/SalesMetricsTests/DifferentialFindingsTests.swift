import Foundation
import SalesMetrics
import SalesMetricsIO
import Testing

/// What the differential test (Tests/Differential, awkward demo data against DuckDB) found.
@Suite struct DifferentialFindingsTests {
    /// A local timestamp on a file's first row was never placed in the report zone: the column
    /// sized its flags before appending, so row 0's flag was lost.
    @Test func aLocalTimestampOnTheFirstRowIsInTheReportZone() throws {
        for leads in [
            "lead_id,created_at\nl1,2024-02-01T03:00\n",
            "lead_id,created_at\nl1,2024-02-01T03:00\nl2,2024-02-10T00:00:00Z\n",
            "lead_id,created_at\nl2,2024-02-10T00:00:00Z\nl1,2024-02-01T03:00\n",
        ] {
            let report = try Fixture.report(
                [.leads: leads], from: "2024-01-01", to: "2024-03-01", timezone: "America/New_York",
                metrics: ["leads_created"])
            #expect(Fixture.value(report, "2024-01", "leads_created") == .count(0), "\(leads)")
            #expect(
                Fixture.value(report, "2024-02", "leads_created") == .count(leads.contains("l2") ? 2 : 1), "\(leads)")
        }
        var column = TimestampColumn()
        column.append(5, local: true)
        column.append(6, local: false)
        #expect(column.isLocal == [true, false])
    }

    /// A negative cycle (a local closed_at before an offset created_at in the report zone) gives
    /// a negative velocity, by the formula; only a zero cycle has none.
    @Test func velocityKeepsTheSignOfANegativeCycle() throws {
        let deals = """
            opportunity_id,created_at,status,closed_at,amount
            o0,2024-01-01T00:00:00Z,open,,50
            o1,2024-01-01T00:00:00Z,won,2024-01-01T00:00,100
            """
        let report = try Fixture.report(
            [.opportunities: deals + "\n"], from: "2024-01-01", to: "2024-02-01", timezone: "Asia/Kolkata",
            metrics: ["sales_cycle_length", "pipeline_velocity"])
        // Cycle: −5.5 h = −0.22917 days; velocity = 1 open × 1 × 100 / −0.22917 = −436.36.
        #expect(Fixture.value(report, "2024-01", "pipeline_velocity") == .money(-43_636))
        guard case .number(let days) = Fixture.value(report, "2024-01", "sales_cycle_length") else {
            Issue.record("no cycle")
            return
        }
        #expect(abs(days + 5.5 / 24) < 1e-12)
    }
}
