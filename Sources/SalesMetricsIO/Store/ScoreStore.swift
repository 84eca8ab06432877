import SalesMetrics

/// The lead scores a server computed last, kept with the time and the model version
/// (docs/scoring.md, "Stored scores"): what a rep was shown, for other instances and tools, and
/// to hold against the outcomes later.
public protocol ScoreStore: Sendable {
    /// Replaces the stored scores with these, all or nothing.
    func replaceLeadScores(_ scores: [StoredLeadScore]) async throws
    /// The stored scores, highest first.
    func leadScores() async throws -> [StoredLeadScore]
}

/// One open lead's score as stored: the reasons as text ("source Referral +14; owner Ana +5").
public struct StoredLeadScore: Sendable, Equatable {
    public var leadId: String
    public var score: Int
    public var probability: Double
    public var reasonsFor: String
    public var reasonsAgainst: String
    /// When it was computed (ISO 8601, UTC), the model's version, and the day it is as of.
    public var scoredAt: String
    public var modelVersion: String
    public var asOf: String

    public init(
        leadId: String, score: Int, probability: Double, reasonsFor: String, reasonsAgainst: String, scoredAt: String,
        modelVersion: String, asOf: String
    ) {
        self.leadId = leadId
        self.score = score
        self.probability = probability
        self.reasonsFor = reasonsFor
        self.reasonsAgainst = reasonsAgainst
        self.scoredAt = scoredAt
        self.modelVersion = modelVersion
        self.asOf = asOf
    }

    /// Every open lead of a score, as stored.
    public static func rows(_ s: LeadScores, scoredAt: String) -> [StoredLeadScore] {
        s.leads.map {
            StoredLeadScore(
                leadId: $0.id, score: $0.score, probability: $0.probability,
                reasonsFor: $0.reasonsFor.map(\.text).joined(separator: "; "),
                reasonsAgainst: $0.reasonsAgainst.map(\.text).joined(separator: "; "), scoredAt: scoredAt,
                modelVersion: s.version, asOf: CivilDate.format(s.options.asOf))
        }
    }
}

/// The table of stored scores, the same in every store (text and integer columns).
public enum ScoreSchema {
    public static let columns = [
        "lead_id", "score", "probability", "reasons_for", "reasons_against", "scored_at", "model_version", "as_of",
    ]
    public static let create =
        "CREATE TABLE lead_scores (lead_id TEXT NOT NULL, score INTEGER NOT NULL, probability DOUBLE PRECISION NOT NULL, reasons_for TEXT NOT NULL, reasons_against TEXT NOT NULL, scored_at TEXT NOT NULL, model_version TEXT NOT NULL, as_of TEXT NOT NULL)"
    public static let select =
        "SELECT " + columns.joined(separator: ", ") + " FROM lead_scores ORDER BY probability DESC, lead_id"
}
