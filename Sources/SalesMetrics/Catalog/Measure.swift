/// The per-period, per-group aggregates metrics are built from, each named once (after the
/// measures of dbt MetricFlow): an aggregation over one table's rows, placed in a period by a
/// time column, with a filter. The engine fills every measure in one pass over its table
/// (``Aggregates``, ``SubscriptionSweep``); a metric's kind refers to measures by case, so a
/// catalog entry never names a field of the engine.
public enum Measure: String, Sendable, CaseIterable {
    // Opportunities
    case dealsWon, dealsLost, wonAmount, lostAmount, wonCycleMilliseconds
    case opportunitiesCreated, createdAmount, createdThenWon
    case openAtEnd, openAmountAtEnd
    case dueInPeriod, slippedPastEnd, coverageAmount
    // Leads
    case leadsCreated, leadsConverted, leadsQualified, leadsResponded, responseMilliseconds
    // Spend
    case marketingSpend, salesSpend
    // Team
    case activeReps, sellingHours, totalHours
    // Surveys
    case customerResponses, customerPromoters, customerDetractors
    case employeeResponses, employeePromoters, employeeDetractors
    // Customers
    case newCustomers
    case activeAccounts, mrr, newMRR, reactivationMRR, expansionMRR, contractionMRR, churnedMRR, churnedAccounts

    /// How rows become one number.
    public enum Aggregation: Sendable, Equatable {
        case count
        case sum(String)
    }

    /// How a row (or an account's state) is placed in a period.
    public enum Placement: Sendable, Equatable {
        /// The row's time column lies in the period.
        case inPeriod(String)
        /// The state on the last day of the period (subscriptions), or at its end instant.
        case atEnd
        /// The change between the day before the period and its last day.
        case overPeriod
        /// The row's date range shares a day with the period.
        case overlapping(String, String)
    }

    /// The table whose rows are counted or summed. New customers are accounts, acquired by a
    /// deal or a subscription (``needs``).
    public var table: Table {
        switch self {
        case .dealsWon, .dealsLost, .wonAmount, .lostAmount, .wonCycleMilliseconds, .opportunitiesCreated,
            .createdAmount, .createdThenWon, .openAtEnd, .openAmountAtEnd, .dueInPeriod, .slippedPastEnd,
            .coverageAmount:
            .opportunities
        case .leadsCreated, .leadsConverted, .leadsQualified, .leadsResponded, .responseMilliseconds: .leads
        case .marketingSpend, .salesSpend: .spend
        case .activeReps: .reps
        case .sellingHours, .totalHours: .activities
        case .customerResponses, .customerPromoters, .customerDetractors, .employeeResponses, .employeePromoters,
            .employeeDetractors:
            .surveys
        case .newCustomers: .accounts
        case .activeAccounts, .mrr, .newMRR, .reactivationMRR, .expansionMRR, .contractionMRR,
            .churnedMRR, .churnedAccounts:
            .subscriptions
        }
    }

    /// The tables a measure needs: all of `requires`, and one of `anyOf` when it is not empty.
    /// Only new customers can come from either deals or subscriptions (SPEC §8.15).
    public var needs: (requires: [Table], anyOf: [Table]) {
        self == .newCustomers ? ([], [.opportunities, .subscriptions]) : ([table], [])
    }

    public var aggregation: Aggregation {
        switch self {
        case .wonAmount, .lostAmount, .createdAmount, .openAmountAtEnd, .coverageAmount: .sum("amount")
        case .wonCycleMilliseconds: .sum("closed_at − created_at")
        case .responseMilliseconds: .sum("first_response_at − created_at")
        case .marketingSpend, .salesSpend: .sum("amount")
        case .sellingHours: .sum("selling_hours")
        case .totalHours: .sum("total_hours")
        case .mrr, .newMRR, .reactivationMRR, .expansionMRR, .contractionMRR, .churnedMRR: .sum("mrr")
        default: .count
        }
    }

    /// Placed by a time inside the period or as a change over it: a sum of its days.
    public var isAdditive: Bool {
        switch placement {
        case .inPeriod, .overPeriod: true
        case .atEnd, .overlapping: false
        }
    }

    public var placement: Placement {
        switch self {
        case .dealsWon, .dealsLost, .wonAmount, .lostAmount, .wonCycleMilliseconds: .inPeriod("closed_at")
        case .opportunitiesCreated, .createdAmount, .createdThenWon: .inPeriod("created_at")
        case .openAtEnd, .openAmountAtEnd: .atEnd
        case .dueInPeriod, .slippedPastEnd, .coverageAmount: .inPeriod("expected_close_on")
        case .leadsCreated, .leadsConverted, .leadsQualified, .leadsResponded, .responseMilliseconds:
            .inPeriod("created_at")
        case .marketingSpend, .salesSpend, .sellingHours, .totalHours: .inPeriod("date")
        case .activeReps: .overlapping("hired_on", "left_on")
        case .customerResponses, .customerPromoters, .customerDetractors, .employeeResponses, .employeePromoters,
            .employeeDetractors:
            .inPeriod("answered_at")
        case .newCustomers: .inPeriod("acquisition instant")
        case .activeAccounts, .mrr: .atEnd
        case .newMRR, .reactivationMRR, .expansionMRR, .contractionMRR, .churnedMRR, .churnedAccounts: .overPeriod
        }
    }

    /// Which rows count, in SPEC §3's words; nil for every row.
    public var filter: String? {
        switch self {
        case .dealsWon, .wonAmount, .wonCycleMilliseconds: "status = won"
        case .dealsLost, .lostAmount: "status = lost"
        case .createdThenWon: "status = won (at any time)"
        case .openAtEnd, .openAmountAtEnd: "created_at < P.end and (closed_at empty or ≥ P.end)"
        case .slippedPastEnd: "closed_at empty or ≥ P.end"
        case .coverageAmount: "open at P.start"
        case .leadsConverted: "converted_at set (at any time)"
        case .leadsQualified: "qualified_at set (at any time)"
        case .leadsResponded, .responseMilliseconds: "first_response_at set"
        case .marketingSpend: "category = marketing"
        case .salesSpend: "category = sales"
        case .customerResponses: "kind = customer"
        case .customerPromoters: "kind = customer, score 9–10"
        case .customerDetractors: "kind = customer, score 0–6"
        case .employeeResponses: "kind = employee"
        case .employeePromoters: "kind = employee, score 9–10"
        case .employeeDetractors: "kind = employee, score 0–6"
        case .newCustomers: "first won deal or first paid subscription day of the account"
        case .activeAccounts, .mrr: "accounts with MRR > 0"
        case .newMRR: "accounts from 0 to e > 0 that never paid before"
        case .reactivationMRR: "accounts from 0 to e > 0 that paid before"
        case .expansionMRR: "accounts from s > 0 to e > s, the increase"
        case .contractionMRR: "accounts from s to 0 < e < s, the decrease"
        case .churnedMRR: "accounts from s > 0 to 0, their s"
        case .churnedAccounts: "accounts from MRR > 0 to 0"
        default: nil
        }
    }

    /// The measure in one line, for the metrics reference.
    public var summary: String {
        let what =
            switch aggregation {
            case .count: "count of \(table.rawValue)"
            case .sum(let column): "Σ \(column) of \(table.rawValue)"
            }
        let when =
            switch placement {
            case .inPeriod(let column): "\(column) ∈ P"
            case .atEnd: "at the end of P"
            case .overPeriod: "from P.before to P.last"
            case .overlapping(let first, let last): "\(first)…\(last) overlaps P"
            }
        return what + (filter.map { " where " + $0 } ?? "") + ", " + when
    }
}
