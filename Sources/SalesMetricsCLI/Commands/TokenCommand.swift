import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsSQLite
import SalesMetricsServer

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the tokens that open the dashboard and the API.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; it is printed once and stored only as a SHA-256 hash.")

        @Option(help: "viewer (reads) or admin (reads and writes).")
        var role: Role

        @Option(help: "A name to recognise and revoke it by (letters, digits, - _ .).")
        var name: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let db = try await store.open()
            do {
                let (token, secret) = try await TokenIssuer.create(name: name, role: role, in: db)
                printError(
                    "Created the \(token.role.rawValue) token '\(token.name)'. It is shown only now; keep it safe:")
                print(secret)
            } catch let error as AccessStoreError {
                printError("Error: \(error)")
                throw Exit.badOptions
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens (names and roles; secrets are never stored).")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let tokens = try await store.open().tokens()
            if tokens.isEmpty {
                print("No tokens. Create one with: salesmetrics token create --role admin --name NAME")
                return
            }
            for t in tokens {
                print(
                    "\(t.name)\t\(t.role.rawValue)\tcreated \(t.createdAt)"
                        + (t.revokedAt.map { "\trevoked \($0)" } ?? ""))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by name; its browser sessions end too.")

        @Argument(help: "The token's name.")
        var name: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().revokeToken(name: name) else {
                printError("Error: no active token is named '\(name)' (salesmetrics token list shows them).")
                throw Exit.badOptions
            }
            print("Revoked '\(name)'.")
        }
    }
}

extension Role: ExpressibleByArgument {}
