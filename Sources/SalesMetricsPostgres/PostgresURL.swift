import Foundation
import NIOSSL
import PostgresNIO

/// `postgres://user:password@host:port/database?sslmode=…` as a PostgresClient configuration.
enum PostgresURL {
    static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    static func configuration(_ text: String) throws -> PostgresClient.Configuration {
        guard isPostgres(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty,
            let user = url.user, !user.isEmpty
        else { throw PostgresStoreError.badURL(redacted(text)) }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        let mode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full":
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if mode == "require" { tlsConfiguration.certificateVerification = .none }
            tls = .require(tlsConfiguration)
        default: throw PostgresStoreError.badURL(redacted(text))
        }
        return PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: url.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls)
    }

    /// The URL without its password, for messages and logs.
    static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? text
    }
}
