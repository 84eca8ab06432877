import ArgumentParser
import Foundation

/// The `salesmetrics` command line.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct SalesMetricsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "salesmetrics",
        abstract: "B2B sales KPIs, computed exactly from your CRM data.",
        discussion: """
            Start with `salesmetrics demo` to see a report on generated data, then point \
            `salesmetrics report --data DIR` at a folder of CSV files (see docs/data-format.md), or \
            `salesmetrics import DIR` it into the database and run `salesmetrics report`.
            """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, ReportCommand.self, ImportCommand.self, ExportCommand.self, ServeCommand.self,
            TokenCommand.self, TargetsCommand.self, CheckCommand.self, ReviewCommand.self, ScoreCommand.self,
            MetricsCommand.self, BenchCommand.self,
        ])

    public init() {}

    /// Runs the command line. Options the parser refuses (an unknown value, a number too large to
    /// be one) exit with status 2 like every other bad option (README, "Exit status"), not the
    /// parser's 64.
    public static func run(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(Exit.badOptions.rawValue)
            }
            exit(withError: error)
        }
    }
}
