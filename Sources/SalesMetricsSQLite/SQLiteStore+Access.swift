import Foundation
import GRDB
import SalesMetricsIO

extension SQLiteStore: AccessStore {
    public func createToken(name: String, role: Role, hash: String) throws -> AccessToken {
        try AccessStoreError.check(name: name)
        let createdAt = ISO8601DateFormatter().string(from: Date())
        return try pool.write { db in
            if try Int.fetchOne(
                db, sql: "SELECT count(*) FROM api_tokens WHERE name = ? AND revoked_at IS NULL", arguments: [name])
                != 0
            {
                throw AccessStoreError.nameTaken(name)
            }
            try db.execute(
                sql: "INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [name, role.rawValue, hash, createdAt])
            return AccessToken(id: Int(db.lastInsertedRowID), name: name, role: role, createdAt: createdAt)
        }
    }

    public func token(hash: String) throws -> AccessToken? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM api_tokens WHERE hash = ? AND revoked_at IS NULL", arguments: [hash]
            ).flatMap(Self.accessToken)
        }
    }

    public func tokens() throws -> [AccessToken] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY id").compactMap(Self.accessToken)
        }
    }

    public func revokeToken(name: String) throws -> Bool {
        let now = ISO8601DateFormatter().string(from: Date())
        return try pool.write { db in
            guard
                let id = try Int.fetchOne(
                    db, sql: "SELECT id FROM api_tokens WHERE name = ? AND revoked_at IS NULL", arguments: [name])
            else { return false }
            try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", arguments: [now, id])
            try db.execute(sql: "DELETE FROM browser_sessions WHERE token_id = ?", arguments: [id])
            try db.execute(sql: "UPDATE access_version SET version = version + 1")
            return true
        }
    }

    public func createSession(hash: String, tokenId: Int, csrf: String, expiresAt: Int64) throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try pool.write { db in
            // Expired sessions are cleared on the way, so the table stays small.
            try db.execute(sql: "DELETE FROM browser_sessions WHERE expires_at <= ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO browser_sessions (hash, token_id, csrf, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [hash, tokenId, csrf, expiresAt])
        }
    }

    public func session(hash: String, now: Int64) throws -> BrowserSession? {
        try pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT t.*, s.csrf, s.expires_at FROM browser_sessions s JOIN api_tokens t ON t.id = s.token_id
                        WHERE s.hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL
                        """, arguments: [hash, now]),
                let token = Self.accessToken(row)
            else { return nil }
            return BrowserSession(token: token, csrf: row["csrf"], expiresAt: row["expires_at"])
        }
    }

    public func deleteSession(hash: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM browser_sessions WHERE hash = ?", arguments: [hash])
            try db.execute(sql: "UPDATE access_version SET version = version + 1")
        }
    }

    public func versions() throws -> StoreVersions {
        try pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT (SELECT version FROM data_version), (SELECT version FROM access_version), (SELECT version FROM targets_version)"
            )
            return StoreVersions(data: row?[0] ?? 0, access: row?[1] ?? 0, targets: row?[2] ?? 0)
        }
    }

    private static func accessToken(_ row: Row) -> AccessToken? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return AccessToken(
            id: row["id"], name: row["name"], role: role, createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }
}
