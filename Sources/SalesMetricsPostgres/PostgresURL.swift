import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// `postgres://user:password@host:port/database?sslmode=…` as PostgresNIO configurations.
struct PostgresURL {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String?
    /// disable, prefer (the default), require (encrypted, any certificate) or verify-full.
    var sslMode: String
    /// A schema of its own (one per team or tenant; `?schema=NAME`), created if missing.
    var schema: String?

    static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    init(_ text: String) throws {
        guard Self.isPostgres(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty,
            let user = url.user, !user.isEmpty
        else { throw PostgresStoreError.badURL(Self.redacted(text)) }
        self.host = host
        port = url.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = url.password?.removingPercentEncoding
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? nil : path
        sslMode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(sslMode) else {
            throw PostgresStoreError.badURL(Self.redacted(text))
        }
        schema = url.queryItems?.first { $0.name == "schema" }?.value
        // The schema name goes into SQL as an identifier: plain lower-case names only.
        if let schema,
            schema.isEmpty || schema.count > 63
                || !schema.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        {
            throw PostgresStoreError.badURL(Self.redacted(text))
        }
    }

    /// Every connection starts in the schema (and `public` for extensions).
    private var startupParameters: [(String, String)] {
        schema.map { [("search_path", "\($0), public")] } ?? []
    }

    private var tlsConfiguration: TLSConfiguration {
        var c = TLSConfiguration.makeClientConfiguration()
        if sslMode == "require" || sslMode == "prefer" || sslMode == "allow" { c.certificateVerification = .none }
        return c
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch sslMode {
            case "disable": .disable
            case "allow", "prefer": .prefer(tlsConfiguration)
            default: .require(tlsConfiguration)
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// One direct connection with the same settings, to check the server and the credentials
    /// quickly and report the server's own reason (the pool retries silently for a minute).
    func check(logger: Logger) async throws {
        let tls: PostgresConnection.Configuration.TLS =
            switch sslMode {
            case "disable": .disable
            case "allow", "prefer": .prefer(try NIOSSLContext(configuration: tlsConfiguration))
            default: .require(try NIOSSLContext(configuration: tlsConfiguration))
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        if let schema {
            try await connection.query(
                PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
        }
        try await connection.close()
    }

    /// Drops the URL's schema and everything in it.
    func dropSchema(logger: Logger) async throws {
        guard let schema else { return }
        try await check(logger: logger)
        var configuration = clientConfiguration
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let running = Task { await client.run() }
        defer { running.cancel() }
        try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
    }

    /// The URL without its password, for messages and logs: also a URL that does not parse (a
    /// password with an unescaped `/`, `#` or space, a port that is not a number), whose password
    /// is exactly what a careless message would show. Without a parse, everything from the first
    /// `:` after the scheme up to the last `@` is hidden, or with no `@`, everything after that
    /// `:`; a `password=` query parameter is hidden too.
    static func redacted(_ text: String) -> String {
        let hidden: String
        if var url = URLComponents(string: text), url.host != nil {
            if url.password != nil { url.password = "***" }
            hidden = url.string ?? ""
        } else {
            hidden = hideUserInfo(text)
        }
        return hidePasswordParameter(hidden)
    }

    private static func hideUserInfo(_ text: String) -> String {
        let rest = text.range(of: "://").map { $0.upperBound } ?? text.startIndex
        guard let colon = text[rest...].firstIndex(of: ":") else { return text }
        guard let at = text[rest...].lastIndex(of: "@") else { return String(text[..<colon]) + ":***" }
        guard colon < at else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    private static func hidePasswordParameter(_ text: String) -> String {
        guard let query = text.firstIndex(of: "?") else { return text }
        let parameters = text[text.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map {
            $0.lowercased().hasPrefix("password=") ? String($0.prefix("password=".count)) + "***" : String($0)
        }
        return String(text[...query]) + parameters.joined(separator: "&")
    }
}
