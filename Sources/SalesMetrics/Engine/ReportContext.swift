import Foundation

/// One dataset and the work its reports can share: the engagement model (its usage in account
/// order, its segments' history and the month ends' scores), built once, by the first report
/// that asks for `avg_engagement_score` or `at_risk_accounts`. A review's dozen reports and the
/// server's reports of one data version each go through one context, so the model is built once
/// for them rather than once per report.
public final class ReportContext: @unchecked Sendable {
    public let dataset: Dataset
    /// Guards `engagement`: reports of one context may run at once (the server's), and the
    /// second waits for the model the first is building rather than building another.
    private let lock = NSLock()
    /// nil: not built yet; .some(nil): the dataset has no usage or no subscriptions.
    private var engagement: EngagementModel??

    public init(_ dataset: Dataset) { self.dataset = dataset }

    public func report(_ options: ReportOptions) throws -> Report {
        try Engine.report(dataset, options, engagement: engagementModel)
    }

    /// The values of `[from, to)` as one period (``Engine/partialPeriod(_:_:from:to:)``).
    public func partialPeriod(_ options: ReportOptions, from: Int32, to: Int32) throws -> ReportPeriod {
        try Engine.partialPeriod(dataset, options, from: from, to: to, engagement: engagementModel)
    }

    /// The dataset's engagement model (nil without usage.csv or subscriptions.csv), built once.
    public func engagementModel() -> EngagementModel? {
        lock.withLock {
            if let built = engagement { return built }
            let model = EngagementModel(dataset)
            engagement = .some(model)
            return model
        }
    }
}
