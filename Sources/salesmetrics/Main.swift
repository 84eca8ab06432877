import SalesMetricsCLI

/// The entry point; an async `main` so the server commands run on Swift concurrency.
@main
struct Main {
    static func main() async {
        await SalesMetricsCommand.run()
    }
}
