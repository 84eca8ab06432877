import SalesMetrics
import SalesMetricsIO
import Testing

/// Inputs that libFuzzer found crashing (scripts/fuzz.sh, docs/testing.md), each with the exact
/// result it must give now.
@Suite struct FuzzRegressionTests {
    /// `999999999999999` as hours: 10^15 − 1 times 10^6 millionths overflowed Int64 and trapped
    /// (`FieldParsers.micros`), found within 4,265 executions of the CSV mode (input
    /// `OTk5OTk5OTk5OTk5OTk5Cg==`).
    @Test func fifteenNinesAreTooManyHoursAndStillMoney() throws {
        let bytes = Array("999999999999999".utf8)
        bytes.withUnsafeBufferPointer { b in
            #expect(FieldParsers.micros(b) == nil)
            #expect(FieldParsers.money(b) == 99_999_999_999_999_900)
            #expect(FieldParsers.integer(b) == 999_999_999_999_999)
        }
        do {
            _ = try DatasetReader().read(files: [
                .activities: Array(
                    "rep_id,date,selling_hours,total_hours\nr1,2024-01-01,999999999999999,999999999999999\n".utf8)
            ])
            Issue.record("expected an error")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "activities.csv:2: column 'selling_hours': \"999999999999999\" is too large; hours must be below 1,000,000,000 (at most 9 digits before the point)",
                    "activities.csv:2: column 'total_hours': \"999999999999999\" is too large; hours must be below 1,000,000,000 (at most 9 digits before the point)",
                ])
        }
    }
}
