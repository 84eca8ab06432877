import GRDB
import SalesMetrics
import SalesMetricsIO

extension SQLiteStore: ScoreStore {
    public func replaceLeadScores(_ scores: [StoredLeadScore]) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM lead_scores")
            let insert = try db.makeStatement(
                sql:
                    "INSERT INTO lead_scores (\(ScoreSchema.columns.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            )
            for s in scores {
                try insert.execute(arguments: [
                    s.leadId, s.score, s.probability, s.reasonsFor, s.reasonsAgainst, s.scoredAt, s.modelVersion,
                    s.asOf,
                ])
            }
        }
    }

    public func leadScores() throws -> [StoredLeadScore] {
        try pool.read { db in
            try Row.fetchAll(db, sql: ScoreSchema.select).map {
                StoredLeadScore(
                    leadId: $0[0], score: $0[1], probability: $0[2], reasonsFor: $0[3], reasonsAgainst: $0[4],
                    scoredAt: $0[5], modelVersion: $0[6], asOf: $0[7])
            }
        }
    }
}
