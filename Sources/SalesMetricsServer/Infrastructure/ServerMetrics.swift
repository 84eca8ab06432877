import Hummingbird
import Prometheus

/// Prometheus metrics of the server itself (requests, latency, data version), served at `/metrics`.
/// A registry per application (not the process-wide MetricsSystem), so tests can build many.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let duration: DurationHistogram
    let dataVersion: Gauge

    init() {
        duration = registry.makeDurationHistogram(
            name: "salesmetrics_http_request_duration_seconds",
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
            ],
            help: "Time to answer an HTTP request.")
        dataVersion = registry.makeGauge(
            name: "salesmetrics_data_version", help: "The data version last served (every import increases it).")
    }

    func record(method: String, status: Int, duration elapsed: Duration) {
        // Labels stay few: method and status class, never paths or ids.
        registry.makeCounter(
            name: "salesmetrics_http_requests_total", labels: [("method", method), ("status", "\(status / 100)xx")],
            help: "HTTP requests answered."
        ).increment()
        duration.record(elapsed)
    }

    func text() -> [UInt8] { registry.emitToBuffer() }
}

/// Counts and times every request, including refused ones.
struct MetricsMiddleware: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await next(request, context)
            metrics.record(method: request.method.rawValue, status: response.status.code, duration: clock.now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(method: request.method.rawValue, status: status, duration: clock.now - start)
            throw error
        }
    }
}
