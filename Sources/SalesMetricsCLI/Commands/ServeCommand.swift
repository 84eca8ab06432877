import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsSQLite
import SalesMetricsServer

/// Options of the web server, shared by `serve` and `demo --serve`.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on. The default serves this machine only; 0.0.0.0 exposes the server.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "Largest import body in MB (POST /api/v1/import).")
    var maxImportMb = 50

    @Option(help: "Largest body of any other request, in KB.")
    var maxBodyKb = 1024

    @Option(help: "Hours a browser stays signed in.")
    var sessionHours = 12

    @Option(help: "Funnel stage order, comma-separated (default: order of first appearance in stage_history.csv).")
    var stageOrder: String?

    @Option(
        help:
            "Seconds a connection may stay silent (between requests, or halfway through sending one) before it is closed."
    )
    var idleTimeoutSeconds = 30

    @Option(
        help: """
            Post target changes (met ↔ missed, on track ↔ behind) to this http(s) URL as JSON with a \
            Slack 'text', once each (docs/review.md).
            """)
    var alertsWebhook: String?

    @Option(
        help:
            "The dataset currency the pages and the API show amounts in; amounts in others are converted to it with fx_rates.csv."
    )
    var currency = "USD"

    @OptionGroup var attributes: AttributeKindOptions

    func validate() throws {
        if let problem = attributes.problem { throw ValidationError(problem) }
        guard currency.utf8.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ValidationError("--currency must be a three-letter code such as USD or EUR, not \(currency).")
        }
        if let alertsWebhook {
            do { _ = try Webhook.check(alertsWebhook) } catch { throw ValidationError("--alerts-webhook: \(error)") }
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, not \(port).") }
        guard (1...4096).contains(maxImportMb) else {
            throw ValidationError("--max-import-mb must be 1 to 4096, not \(maxImportMb).")
        }
        guard (1...65536).contains(maxBodyKb) else {
            throw ValidationError("--max-body-kb must be 1 to 65536, not \(maxBodyKb).")
        }
        guard (1...24 * 90).contains(sessionHours) else {
            throw ValidationError("--session-hours must be 1 to 2160, not \(sessionHours).")
        }
        guard (1...3600).contains(idleTimeoutSeconds) else {
            throw ValidationError("--idle-timeout-seconds must be 1 to 3600, not \(idleTimeoutSeconds).")
        }
    }

    var configuration: ServerConfiguration {
        var c = ServerConfiguration()
        c.host = host
        c.port = port
        c.maxImportBytes = maxImportMb * 1024 * 1024
        c.maxBodyBytes = maxBodyKb * 1024
        c.sessionSeconds = sessionHours * 3600
        c.stageOrder = stageOrder.map(ReportRequest.list) ?? []
        c.idleTimeout = .seconds(idleTimeoutSeconds)
        c.alertsWebhook = alertsWebhook.flatMap { try? Webhook.check($0) }
        c.currency = currency.uppercased()
        c.attributeKinds = attributes.kinds
        return c
    }

    /// Runs until interrupted, printing where to point a browser once the port is bound.
    func serve(_ store: any SalesStore, banner: @escaping @Sendable (String) -> String) async throws {
        let app = SalesMetricsServer.buildApplication(store: store, configuration: configuration) { port in
            let shown = host == "0.0.0.0" || host == "::" ? "localhost" : host
            // Unbuffered, so a script reading the pipe sees the address at once.
            FileHandle.standardOutput.write(Data((banner("http://\(shown):\(port)") + "\n").utf8))
        }
        do {
            try await app.runService()
        } catch {
            // The usual failure at start: the port is taken (NIO's error names the system call).
            if "\(error)".contains("Address already in use") {
                printError("Error: cannot listen on \(host):\(port): the port is in use. Choose another with --port.")
            } else {
                printError("Error: the server stopped: \(error)")
            }
            throw Exit.badData
        }
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard and the JSON API (/api/v1) over the database.",
        discussion: """
            Every page and API route needs a token: create one with `salesmetrics token create`. \
            Browsers sign in at /login with a token; API clients send 'Authorization: Bearer TOKEN'. \
            See docs/api.md.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let db = try await store.open()
        if (try? await db.tokens().contains { $0.revokedAt == nil }) != true {
            printError(
                "No token can sign in yet: create one with `salesmetrics token create --role admin --name NAME --db \(store.display)`."
            )
        }
        try await server.serve(db) { url in "SalesMetrics is serving \(store.display) on \(url) (Ctrl-C stops it)." }
    }
}
