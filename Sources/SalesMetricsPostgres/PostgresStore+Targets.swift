import PostgresNIO
import SalesMetrics
import SalesMetricsIO

extension PostgresStore: TargetStore {
    public func targets() async throws -> [Target] {
        let rows = try await client.query(PostgresQuery(unsafeSQL: TargetSchema.select), logger: logger)
        var out: [Target] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let values = (0..<cells.count).map { try? cells[$0].decode(String?.self) }.map { $0 ?? nil }
            if let target = TargetRow.target(values) { out.append(target) }
        }
        return out
    }

    public func setTargets(_ targets: [Target]) async throws {
        let logger = self.logger
        try await transaction { connection in
            // One writer of targets at a time, so the count checked is the count stored.
            try await connection.query("LOCK TABLE targets IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            var names = Set<String>()
            for try await name in try await connection.query("SELECT name FROM targets", logger: logger)
                .decode(String.self)
            {
                names.insert(name)
            }
            try TargetStoreError.check(targets, existing: names.subtracting(targets.map(\.name)).count)
            for target in targets { try await connection.query(Self.upsert(target), logger: logger) }
            try await connection.query("UPDATE targets_version SET version = version + 1", logger: logger)
        }
    }

    public func removeTarget(name: String) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let removed = try await connection.query(
                "DELETE FROM targets WHERE name = \(name) RETURNING name", logger: logger
            ).collect()
            if removed.isEmpty { return false }
            try await connection.query("UPDATE targets_version SET version = version + 1", logger: logger)
            return true
        }
    }

    public func announcedStates() async throws -> [String: String] {
        var out: [String: String] = [:]
        for try await (key, state) in try await client.query(
            "SELECT key, state FROM target_announcements", logger: logger
        ).decode((String, String).self) {
            out[key] = state
        }
        return out
    }

    public func recordAnnounced(_ states: [String: String]) async throws {
        let logger = self.logger
        try await transaction { connection in
            for (key, state) in states {
                try await connection.query(
                    """
                    INSERT INTO target_announcements (key, state) VALUES (\(key), \(state))
                    ON CONFLICT (key) DO UPDATE SET state = excluded.state
                    """, logger: logger)
            }
        }
    }

    /// Inserts or replaces a target, its values bound as parameters.
    static func upsert(_ target: Target) -> PostgresQuery {
        var bindings = PostgresBindings()
        for value in TargetRow.values(target) { bindings.append(value) }
        // `?` placeholders become `$1`, `$2`, … (TargetSchema's SQL holds no other `?`).
        let parts = TargetSchema.insert.split(separator: "?", omittingEmptySubsequences: false)
        var sql = String(parts[0])
        for (i, part) in parts.dropFirst().enumerated() { sql += "$\(i + 1)" + part }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
