import Foundation
import PostgresNIO
import SalesMetricsIO

extension PostgresStore {
    public func createToken(name: String, role: Role, hash: String) async throws -> AccessToken {
        try AccessStoreError.check(name: name)
        let createdAt = ISO8601DateFormatter().string(from: Date())
        let logger = self.logger
        return try await transaction { connection in
            let taken = try await connection.query(
                "SELECT 1 FROM api_tokens WHERE name = \(name) AND revoked_at IS NULL", logger: logger
            ).collect()
            if !taken.isEmpty { throw AccessStoreError.nameTaken(name) }
            var id: Int64 = 0
            for try await value in try await connection.query(
                """
                INSERT INTO api_tokens (name, role, hash, created_at) VALUES (\(name), \(role.rawValue), \(hash), \(createdAt))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self) {
                id = value
            }
            return AccessToken(id: Int(id), name: name, role: role, createdAt: createdAt)
        }
    }

    public func token(hash: String) async throws -> AccessToken? {
        let rows = try await client.query(
            "SELECT id, name, role, created_at, revoked_at FROM api_tokens WHERE hash = \(hash) AND revoked_at IS NULL",
            logger: logger)
        for try await row in rows.decode((Int64, String, String, String, String?).self) {
            return Self.accessToken(row)
        }
        return nil
    }

    public func tokens() async throws -> [AccessToken] {
        let rows = try await client.query(
            "SELECT id, name, role, created_at, revoked_at FROM api_tokens ORDER BY id", logger: logger)
        var out: [AccessToken] = []
        for try await row in rows.decode((Int64, String, String, String, String?).self) {
            if let token = Self.accessToken(row) { out.append(token) }
        }
        return out
    }

    public func revokeToken(name: String) async throws -> Bool {
        let now = ISO8601DateFormatter().string(from: Date())
        let logger = self.logger
        return try await transaction { connection in
            var id: Int64?
            for try await value in try await connection.query(
                "UPDATE api_tokens SET revoked_at = \(now) WHERE name = \(name) AND revoked_at IS NULL RETURNING id",
                logger: logger
            ).decode(Int64.self) {
                id = value
            }
            guard let id else { return false }
            try await connection.query("DELETE FROM browser_sessions WHERE token_id = \(id)", logger: logger)
            try await connection.query("UPDATE access_version SET version = version + 1", logger: logger)
            return true
        }
    }

    public func createSession(hash: String, tokenId: Int, csrf: String, expiresAt: Int64) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let logger = self.logger
        try await transaction { connection in
            // Expired sessions are cleared on the way, so the table stays small.
            try await connection.query("DELETE FROM browser_sessions WHERE expires_at <= \(now)", logger: logger)
            try await connection.query(
                """
                INSERT INTO browser_sessions (hash, token_id, csrf, expires_at)
                VALUES (\(hash), \(Int64(tokenId)), \(csrf), \(expiresAt))
                """, logger: logger)
        }
    }

    public func session(hash: String, now: Int64) async throws -> BrowserSession? {
        let rows = try await client.query(
            """
            SELECT t.id, t.name, t.role, t.created_at, t.revoked_at, s.csrf, s.expires_at
            FROM browser_sessions s JOIN api_tokens t ON t.id = s.token_id
            WHERE s.hash = \(hash) AND s.expires_at > \(now) AND t.revoked_at IS NULL
            """, logger: logger)
        for try await (id, name, role, created, revoked, csrf, expires) in rows.decode(
            (Int64, String, String, String, String?, String, Int64).self)
        {
            guard let token = Self.accessToken((id, name, role, created, revoked)) else { return nil }
            return BrowserSession(token: token, csrf: csrf, expiresAt: expires)
        }
        return nil
    }

    public func deleteSession(hash: String) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query("DELETE FROM browser_sessions WHERE hash = \(hash)", logger: logger)
            try await connection.query("UPDATE access_version SET version = version + 1", logger: logger)
        }
    }

    private static func accessToken(_ row: (Int64, String, String, String, String?)) -> AccessToken? {
        guard let role = Role(rawValue: row.2) else { return nil }
        return AccessToken(id: Int(row.0), name: row.1, role: role, createdAt: row.3, revokedAt: row.4)
    }
}
