import SalesMetrics

/// How a CRM's deal export maps onto opportunities.csv.
///
/// Built in for Salesforce, HubSpot and Pipedrive (``builtIn(_:)``), and
/// loadable from a YAML file for any other CSV (`import --mapping FILE.yml`):
///
/// ```yaml
/// columns:                      # dataset column: source headers, first one found wins
///   opportunity_id: [Deal ID]
///   created_at: [Created]
///   close_date: [Close Date]    # closed_at for won/lost deals, expected_close_on for open ones
///   amount: [Amount]
///   owner_id: [Owner]
/// status:
///   column: [Stage]
///   won: [Closed Won]           # matched ignoring case
///   lost: [Closed Lost]         # anything else is open
/// date_order: MDY               # for dates written 5/11/2023 (MDY or DMY)
/// ```
public struct DealMapping: Codable, Sendable, Equatable {
    /// Dataset column → candidate source headers (case-insensitive).
    public var columns: [String: [String]]
    public var status: StatusRule
    /// Order of day and month in slash-separated dates.
    public var dateOrder: DateOrder?

    public struct StatusRule: Codable, Sendable, Equatable {
        /// The column holding a stage or status.
        public var column: [String]?
        public var won: [String]?
        public var lost: [String]?
        /// Boolean columns (1/0, true/false) instead: won when `wonFlag`, lost when `closedFlag` and not won.
        public var wonFlag: [String]?
        public var closedFlag: [String]?

        enum CodingKeys: String, CodingKey {
            case column, won, lost
            case wonFlag = "won_flag"
            case closedFlag = "closed_flag"
        }
    }

    public enum DateOrder: String, Codable, Sendable {
        case mdy = "MDY"
        case dmy = "DMY"
    }

    enum CodingKeys: String, CodingKey {
        case columns, status
        case dateOrder = "date_order"
    }

    public init(columns: [String: [String]], status: StatusRule, dateOrder: DateOrder? = nil) {
        self.columns = columns
        self.status = status
        self.dateOrder = dateOrder
    }

    /// Dataset columns a mapping may fill. `close_date` is a CRM's single close date: the closing
    /// day of won and lost deals, the expected one of open deals; `closed_at` and
    /// `expected_close_on` name them separately when the export has both.
    public static let targets = [
        "opportunity_id", "account_id", "owner_id", "created_at", "close_date", "closed_at", "expected_close_on",
        "amount", "stage", "source", "product", "currency",
    ]

    public enum Format: String, CaseIterable, Sendable {
        case salesforce, hubspot, pipedrive
    }

    /// The mappings of the export headers documented for each CRM (API names and UI labels).
    public static func builtIn(_ format: Format) -> DealMapping {
        switch format {
        case .salesforce:
            // Data Loader / Data Export (API names) or report exports (field labels).
            return DealMapping(
                columns: [
                    "opportunity_id": ["Id", "Opportunity ID", "Opportunity Id"],
                    "account_id": ["AccountId", "Account ID", "Account Name"],
                    "owner_id": ["OwnerId", "Owner ID", "Opportunity Owner"],
                    "created_at": ["CreatedDate", "Created Date"],
                    "close_date": ["CloseDate", "Close Date"],
                    "amount": ["Amount"],
                    "stage": ["StageName", "Stage"],
                    "source": ["LeadSource", "Lead Source"],
                    "product": ["Product__c", "Product Name"],
                    "currency": ["CurrencyIsoCode", "Opportunity Currency"],
                ],
                status: StatusRule(
                    column: ["StageName", "Stage"], won: ["Closed Won"], lost: ["Closed Lost"],
                    wonFlag: ["IsWon", "Won"],
                    closedFlag: ["IsClosed", "Closed"]),
                dateOrder: .mdy)
        case .hubspot:
            return DealMapping(
                columns: [
                    "opportunity_id": ["Record ID", "hs_object_id", "Deal ID"],
                    "owner_id": ["Deal owner", "Deal Owner", "hubspot_owner_id"],
                    "created_at": ["Create Date", "createdate"],
                    "close_date": ["Close Date", "closedate"],
                    "amount": ["Amount", "amount"],
                    "stage": ["Deal Stage", "dealstage"],
                    "source": ["Original Source", "Original Traffic Source", "hs_analytics_source"],
                    "product": ["Associated Product", "Products"],
                    "account_id": ["Associated Company", "Associated Company IDs", "Company name"],
                    "currency": ["Currency", "Deal currency code", "deal_currency_code"],
                ],
                status: StatusRule(
                    column: ["Deal Stage", "dealstage"], won: ["Closed Won", "closedwon"],
                    lost: ["Closed Lost", "closedlost"]),
                dateOrder: .mdy)
        case .pipedrive:
            return DealMapping(
                columns: [
                    "opportunity_id": ["Deal - ID"],
                    "account_id": ["Deal - Organization ID", "Deal - Organization", "Organization - Name"],
                    "owner_id": ["Deal - Owner"],
                    "created_at": ["Deal - Deal created"],
                    "closed_at": ["Deal - Deal closed on", "Deal - Won time", "Deal - Lost time"],
                    "expected_close_on": ["Deal - Expected close date"],
                    "amount": ["Deal - Value"],
                    "stage": ["Deal - Stage"],
                    "source": ["Deal - Source channel", "Deal - Source origin"],
                    "product": ["Deal - Product name"],
                    "currency": ["Deal - Currency", "Deal - Currency of Value", "Deal - Currency of value"],
                ],
                status: StatusRule(column: ["Deal - Status"], won: ["Won"], lost: ["Lost"]))
        }
    }
}
