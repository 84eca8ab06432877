import PostgresNIO
import SalesMetrics
import SalesMetricsIO

extension PostgresStore: ScoreStore {
    public func replaceLeadScores(_ scores: [StoredLeadScore]) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query("DELETE FROM lead_scores", logger: logger)
            // One statement for every row: each column bound as an array and unnested.
            let (ids, values, probabilities) = (scores.map(\.leadId), scores.map(\.score), scores.map(\.probability))
            let (reasonsFor, reasonsAgainst) = (scores.map(\.reasonsFor), scores.map(\.reasonsAgainst))
            let (scoredAt, versions, asOf) = (scores.map(\.scoredAt), scores.map(\.modelVersion), scores.map(\.asOf))
            try await connection.query(
                """
                INSERT INTO lead_scores (lead_id, score, probability, reasons_for, reasons_against, scored_at,
                    model_version, as_of)
                SELECT * FROM unnest(\(ids)::text[], \(values)::bigint[], \(probabilities)::float8[],
                    \(reasonsFor)::text[], \(reasonsAgainst)::text[], \(scoredAt)::text[], \(versions)::text[],
                    \(asOf)::text[])
                """, logger: logger)
        }
    }

    public func leadScores() async throws -> [StoredLeadScore] {
        var out: [StoredLeadScore] = []
        let rows = try await client.query(PostgresQuery(unsafeSQL: ScoreSchema.select), logger: logger)
        for try await (id, score, p, reasonsFor, reasonsAgainst, scoredAt, version, asOf) in rows.decode(
            (String, Int, Double, String, String, String, String, String).self)
        {
            out.append(
                StoredLeadScore(
                    leadId: id, score: score, probability: p, reasonsFor: reasonsFor, reasonsAgainst: reasonsAgainst,
                    scoredAt: scoredAt, modelVersion: version, asOf: asOf))
        }
        return out
    }
}
