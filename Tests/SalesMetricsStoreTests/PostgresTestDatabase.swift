import Foundation
import Logging
import PostgresNIO

/// Creates and drops one database per test on the server the test URL names.
enum PostgresTestDatabase {
    static func url(_ serverURL: String, database: String) -> String {
        var url = URLComponents(string: serverURL)!
        url.path = "/" + database
        return url.string!
    }

    static func create(_ name: String, serverURL: String) async throws {
        try await run("CREATE DATABASE \(name)", serverURL: serverURL)
    }

    static func drop(_ name: String, serverURL: String) async throws {
        try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", serverURL: serverURL)
    }

    private static func run(_ sql: String, serverURL: String) async throws {
        let url = URLComponents(string: serverURL)!
        let configuration = PostgresConnection.Configuration(
            host: url.host!, port: url.port ?? 5432, username: url.user!, password: url.password,
            database: String(url.path.dropFirst()), tls: .disable)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "salesmetrics.tests"))
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "salesmetrics.tests"))
    }
}
