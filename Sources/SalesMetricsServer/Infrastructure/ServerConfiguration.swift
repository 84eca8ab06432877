import Foundation
import SalesMetrics

/// How `salesmetrics serve` runs; every limit has a safe default.
public struct ServerConfiguration: Sendable {
    /// Loopback by default: exposing the server is a choice (`--host 0.0.0.0`).
    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body for imports (CSV or multipart).
    public var maxImportBytes = 50 * 1024 * 1024
    /// Largest body of every other request.
    public var maxBodyBytes = 1024 * 1024
    /// The dataset currency: amounts are shown in it, and amounts in others converted to it.
    public var currency = "USD"
    /// A batch of pushed records (`POST /api/v1/{entity}/batch`): 10,000 records of ~1.6 KB.
    public var maxBatchBytes = 16 * 1024 * 1024
    /// How long a browser stays signed in.
    public var sessionSeconds = 12 * 3600
    /// Stage order for the funnel; empty: the order in which stages first appear.
    public var stageOrder: [String] = []
    /// Attribute kinds the lead score takes over the ones read from the values
    /// (`serve --attribute-kind`, docs/scoring.md).
    public var attributeKinds: [String: AttributeKind] = [:]
    /// How long a connection may stay silent: between requests, or in the middle of sending one
    /// (a header or body sent halfway and then nothing). Such a connection is closed after it, so
    /// slow or stalled clients cannot hold connections open.
    public var idleTimeout: Duration = .seconds(30)
    /// How long the short store reads every request needs (data and access versions, tokens,
    /// sessions, record pages) may take before the request is answered 503.
    public var storeTimeout: Duration = .seconds(5)
    /// Where target alerts are posted (docs/review.md); none when nil.
    public var alertsWebhook: URL?
    /// How often the alerts look for changes made by other processes (imports from the CLI,
    /// other instances); writes through this server wake them at once.
    public var alertsPollInterval: Duration = .seconds(30)
    /// A failing receiver is tried this many times, waiting this long and then twice as long each time.
    public var alertsAttempts = 5
    public var alertsRetryDelay: Duration = .seconds(2)

    public init() {}

    var idleTimeoutNanoseconds: Int64 {
        idleTimeout.components.seconds * 1_000_000_000 + idleTimeout.components.attoseconds / 1_000_000_000
    }
}
