import Foundation
import SalesMetrics
import SalesMetricsIO

/// A small demo dataset generated once per test process (deterministic).
enum SampleData {
    private static let shared: Result<Dataset, Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "salesmetrics-sample-\(ProcessInfo.processInfo.processIdentifier)")
        _ = try DemoGenerator(seed: 7, scale: 0.2).write(to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try DatasetReader().read(folder: folder).dataset
    }

    static func dataset() throws -> Dataset { try shared.get() }
}
