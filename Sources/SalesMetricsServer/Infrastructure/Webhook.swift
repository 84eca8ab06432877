import Foundation
import SalesMetrics

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts alert messages: one JSON object whose `text` field Slack (and most chat tools) show,
/// with every status beside it for programs.
public enum Webhook {
    /// The message for a set of statuses of one period.
    public static func message(
        _ statuses: [TargetStatus], period: String, grain: Grain, names: DisplayNames? = nil, currency: String,
        heading: String? = nil
    ) -> [UInt8] {
        let lines = statuses.map { TargetText.line($0, names: names, currency: currency) }
        let text = ([heading ?? "SalesMetrics · " + TargetText.summary(statuses, period: period)] + lines)
            .joined(separator: "\n")
        let items: [[String: Any]] = statuses.map { s in
            var item: [String: Any] = [
                "target": s.target.name, "metric": s.target.metric.rawValue, "comparison": s.target.comparison.rawValue,
                "target_value": s.target.value, "state": s.state.rawValue, "period": s.period, "complete": s.complete,
                "days_covered": s.daysCovered, "days_in_period": s.daysInPeriod,
                "text": TargetText.line(s, names: names, currency: currency),
            ]
            item["value"] = s.value.doubleValue ?? NSNull()
            item["gap"] = s.gap ?? NSNull()
            if let pace = s.pace { item["pace"] = pace }
            if let scope = s.target.scope { item["scope"] = [scope.dimension.rawValue: scope.key] }
            return item
        }
        let object: [String: Any] = [
            "text": text, "period": period, "grain": grain.rawValue,
            "missed": statuses.filter(\.state.isBad).count, "targets": items,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Only http and https URLs with a host.
    public static func check(_ text: String) throws(Failure) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false
        else {
            throw Failure(description: "The webhook URL '\(text.prefix(200))' is not an http:// or https:// URL.")
        }
        return url
    }

    /// POSTs the body once; an answer other than 2xx, or none within `timeout`, is a failure.
    public static func post(_ body: [UInt8], to url: URL, timeout: TimeInterval = 10) async throws(Failure) {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("SalesMetrics", forHTTPHeaderField: "User-Agent")
        request.httpBody = Data(body)
        let response: URLResponse
        do { (_, response) = try await URLSession.shared.data(for: request) } catch {
            throw Failure(description: "The webhook \(redacted(url)) did not answer: \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw Failure(description: "The webhook \(redacted(url)) answered \(status).")
        }
    }

    /// POSTs with retries: `attempts` tries, waiting `firstDelay`, then twice as long each time.
    public static func post(
        _ body: [UInt8], to url: URL, attempts: Int, firstDelay: Duration, log: @Sendable (String) -> Void
    ) async -> Bool {
        var delay = firstDelay
        for attempt in 1...max(1, attempts) {
            do {
                try await post(body, to: url)
                return true
            } catch {
                log("\(error) (attempt \(attempt) of \(attempts))")
                if attempt == attempts { break }
                try? await Task.sleep(for: delay)
                delay *= 2
            }
        }
        return false
    }

    /// The URL without its path and query (Slack's carry the secret).
    public static func redacted(_ url: URL) -> String {
        "\(url.scheme ?? "http")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")/…"
    }
}
