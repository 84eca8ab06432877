/// Files of 100 rows each holding the largest legal value of its type (docs/data-format.md,
/// "Bounds"): data that once imported fine and then made every report trap. The engine's tests
/// and the command line's end-to-end tests both read them.
public enum LargestValues {
    public static let money = "999999999999999.99"
    public static let hours = "999999999.999999"
    public static let rows = 100

    /// subscriptions.csv: account a1, one row per index, all active from 2023-12-01.
    public static var subscriptions: String {
        "subscription_id,account_id,mrr,started_on\n"
            + (0..<rows).map { "s\($0),a1,\(money),2023-12-01\n" }.joined()
    }

    /// spend.csv: marketing spend on web, all on 2024-01-03.
    public static var spend: String {
        "date,category,channel,amount\n" + String(repeating: "2024-01-03,marketing,web,\(money)\n", count: rows)
    }
}
