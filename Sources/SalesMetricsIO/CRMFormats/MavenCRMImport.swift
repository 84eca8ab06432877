import SalesMetrics

/// Maps the Maven Analytics "CRM Sales Opportunities" files onto a dataset.
///
/// | Maven file | dataset file | mapping |
/// |---|---|---|
/// | sales_teams.csv | reps.csv | rep_id and name = sales_agent, team = manager |
/// | accounts.csv | accounts.csv | account_id and name = account, industry = sector, region = office_location |
/// | sales_pipeline.csv | opportunities.csv | owner_id = sales_agent, account_id = account, product; Won/Lost/Engaging/Prospecting → won/lost/open/open; created_at = engage_date, closed_at = close_date, amount = close_value (open deals: the product's sales_price) |
/// | sales_pipeline.csv | stage_history.csv | "Engaging" at engage_date, "Won"/"Lost" at close_date |
///
/// Prospecting deals have no engage_date, so no creation date: they are left
/// out and reported, unless `undatedCreatedAt` gives them one.
public enum MavenCRMImport {
    public struct Result: Sendable {
        public var files: [Table: [UInt8]]
        /// What was left out or guessed, as sentences.
        public var notes: [String]
    }

    public static let fileNames = ["sales_pipeline.csv", "accounts.csv", "products.csv", "sales_teams.csv"]

    /// `files` by Maven file name; sales_pipeline.csv is required.
    public static func convert(_ files: [String: [UInt8]], undatedCreatedAt: String? = nil) throws -> Result {
        guard let pipelineBytes = files["sales_pipeline.csv"] else {
            throw SourceFile.Problem(description: "sales_pipeline.csv is missing; a Maven CRM export needs it.")
        }
        var result = Result(files: [:], notes: [])
        if let teamsBytes = files["sales_teams.csv"] {
            let teams = try SourceFile(name: "sales_teams.csv", bytes: teamsBytes)
            let agent = try teams.column("sales_agent")
            let manager = try teams.column("manager")
            result.files[.reps] = TextRows(
                columns: ["rep_id", "name", "team", "hired_on", "left_on"],
                rows: teams.rows.map { [$0.values[agent], $0.values[agent], $0.values[manager], nil, nil] }
            ).csv()
        }
        if let accountBytes = files["accounts.csv"] {
            let accounts = try SourceFile(name: "accounts.csv", bytes: accountBytes)
            let name = try accounts.column("account")
            let sector = try accounts.column("sector")
            let office = try accounts.column("office_location")
            result.files[.accounts] = TextRows(
                columns: ["account_id", "name", "segment", "region", "industry"],
                rows: accounts.rows.map {
                    [$0.values[name], $0.values[name], nil, nonEmpty($0.values[office]), nonEmpty($0.values[sector])]
                }
            ).csv()
        }
        // List prices for open deals, matched ignoring case and spaces ("GTXPro" is "GTX Pro").
        var prices: [String: String] = [:]
        if let productBytes = files["products.csv"] {
            let products = try SourceFile(name: "products.csv", bytes: productBytes)
            let product = try products.column("product")
            let price = try products.column("sales_price")
            for row in products.rows { prices[productKey(row.values[product])] = row.values[price] }
        }
        let pipeline = try SourceFile(name: "sales_pipeline.csv", bytes: pipelineBytes)
        let id = try pipeline.column("opportunity_id")
        let agent = try pipeline.column("sales_agent")
        let product = try pipeline.column("product")
        let account = try pipeline.column("account")
        let stage = try pipeline.column("deal_stage")
        let engaged = try pipeline.column("engage_date")
        let closed = try pipeline.column("close_date")
        let value = try pipeline.column("close_value")
        var deals: [[String?]] = []
        var stages: [[String?]] = []
        var undated: [Int] = []
        var unpriced = 0
        for row in pipeline.rows {
            let v = row.values
            let status: String
            switch v[stage].lowercased() {
            case "won": status = "won"
            case "lost": status = "lost"
            case "engaging", "prospecting": status = "open"
            default:
                throw SourceFile.Problem(
                    description:
                        "sales_pipeline.csv:\(row.line): column 'deal_stage': \"\(v[stage])\" is not a Maven stage; use Prospecting, Engaging, Won or Lost"
                )
            }
            var created = nonEmpty(v[engaged])
            if created == nil {
                guard let undatedCreatedAt else {
                    undated.append(row.line)
                    continue
                }
                created = undatedCreatedAt
            }
            var amount = nonEmpty(v[value])
            if amount == nil && status == "open" {
                amount = prices[productKey(v[product])]
                if amount == nil { unpriced += 1 }
            }
            deals.append([
                v[id], nonEmpty(v[account]), nonEmpty(v[agent]), created, status, nonEmpty(v[closed]), amount ?? "0",
                v[stage], nil, nil, nonEmpty(v[product]),
            ])
            if let engageDate = nonEmpty(v[engaged]) { stages.append([v[id], "Engaging", engageDate]) }
            if let closeDate = nonEmpty(v[closed]), status != "open" { stages.append([v[id], v[stage], closeDate]) }
        }
        // One currency (USD): no currency column.
        result.files[.opportunities] = TextRows(
            columns: TableSchema.columns(.opportunities).map(\.name).filter { $0 != "currency" }, rows: deals
        )
        .csv()
        result.files[.stageHistory] = TextRows(columns: ["opportunity_id", "stage", "entered_at"], rows: stages).csv()
        if !undated.isEmpty {
            let lines = undated.prefix(5).map(String.init).joined(separator: ", ")
            result.notes.append(
                "sales_pipeline.csv: \(undated.count) \(undated.count == 1 ? "deal has" : "deals have") no engage_date (Prospecting) and \(undated.count == 1 ? "was" : "were") not imported "
                    + "(lines \(lines)\(undated.count > 5 ? ", …" : "")); add --undated-created-at YYYY-MM-DD to import them with that creation date."
            )
        }
        if unpriced > 0 {
            result.notes.append(
                "sales_pipeline.csv: \(unpriced) open deals have no close_value and no price in products.csv; their amount is 0."
            )
        }
        return result
    }

    private static func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }

    private static func productKey(_ s: String) -> String { s.lowercased().filter { $0 != " " } }
}
