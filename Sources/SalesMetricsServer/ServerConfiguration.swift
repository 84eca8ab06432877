/// How `salesmetrics serve` runs; every limit has a safe default.
public struct ServerConfiguration: Sendable {
    /// Loopback by default: exposing the server is a choice (`--host 0.0.0.0`).
    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body for imports (CSV or multipart).
    public var maxImportBytes = 50 * 1024 * 1024
    /// Largest body of every other request.
    public var maxBodyBytes = 1024 * 1024
    /// How long a browser stays signed in.
    public var sessionSeconds = 12 * 3600
    /// Stage order for the funnel; empty: the order in which stages first appear.
    public var stageOrder: [String] = []

    public init() {}
}
