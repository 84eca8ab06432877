import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsSQLite
import SalesMetricsServer

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a realistic three-year demo dataset and print its last 6 months.",
        discussion: """
            The data is deterministic: the same --seed and --scale always give the same files. \
            Scale 1 is about 40 reps, 3,000 accounts, 30,000 leads and 8,000 opportunities \
            (2023-01-01 to 2025-12-31); larger scales grow every file in proportion.
            """)

    @Argument(help: "Folder to write the CSV files into (created if needed).")
    var directory: String = "demo-data"

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    @Option(help: "Size multiplier, from 0.01 to 100.")
    var scale: Double = 1

    @Option(help: "Output of the report: table, json, csv or markdown.")
    var format: OutputFormat = .table

    @Flag(
        help:
            "Write the files the way real exports look: odd spellings, unknown references, a missing file; still valid data (docs/testing.md)."
    )
    var awkward = false

    @Flag(help: "Import the demo into a temporary database and serve the dashboard, printing a sign-in token.")
    var serve = false

    @OptionGroup var server: ServerOptions

    func validate() throws {
        guard scale >= 0.01 && scale <= 100 else {
            throw ValidationError("--scale must be between 0.01 and 100, not \(scale).")
        }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: directory)
        let summary: DemoGenerator.Summary
        do {
            summary = try DemoGenerator(seed: seed, scale: scale, awkward: awkward).write(to: folder)
        } catch {
            printError("Error: could not write the demo to \(directory): \(error.localizedDescription)")
            throw Exit.badData
        }
        let counts = Table.allCases.filter { $0 != .fxRates }.map {
            "\($0.fileName) \(summary[$0].map(String.init) ?? "missing")"
        }
        .joined(separator: ", ")
        printError("Wrote \(directory): \(counts).")
        if serve { return try await serveDemo(folder) }
        let dataset = try loadDataset(directory)
        var arguments = try ReportArguments.parse(["--from", "2025-07-01", "--to", "2026-01-01"])
        arguments.format = format
        let report = try Engine.report(dataset, try arguments.options(for: dataset))
        print(arguments.render(report), terminator: "")
        if format == .table {
            print("\nExplore: salesmetrics report --data \(directory) --grain quarter --by segment")
        }
    }

    /// The demo in a fresh database in a temporary folder, an admin token, and the server. The
    /// folder goes when the server stops (Ctrl-C).
    private func serveDemo(_ folder: URL) async throws {
        let dbFolder: String
        do { dbFolder = try Self.makePrivateFolder() } catch {
            printError("Error: \(error)")
            throw Exit.badData
        }
        defer { try? FileManager.default.removeItem(atPath: dbFolder) }
        let path = dbFolder + "/demo.sqlite"
        let store = try SQLiteStore(path: path)
        _ = try await store.importFiles(try ImportFiles.collect([folder.path], entity: nil))
        let (_, secret) = try await TokenIssuer.create(name: "demo-admin", role: .admin, in: store)
        try await server.serve(store) { url in
            """

            Demo database: \(path)
            Open \(url)/login and sign in with this admin token:

                \(secret)

            API: curl -H 'Authorization: Bearer \(secret)' '\(url)/api/v1/report?grain=quarter'
            Ctrl-C stops the server.
            """
        }
    }

    /// A new folder under the temporary directory with a random name, readable by this user only
    /// (`mkdtemp`): a fixed or guessable name in a shared /tmp could be created beforehand by
    /// another user, as a folder they can read or a link to somewhere else.
    static func makePrivateFolder() throws -> String {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast())
        template += Array("salesmetrics-demo-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw DemoFolderError(reason: String(cString: strerror(errno)), base: base)
        }
        return String(cString: made)
    }

    struct DemoFolderError: Error, CustomStringConvertible {
        var reason: String
        var base: String
        var description: String {
            "cannot create a private folder for the demo database in \(base): \(reason). Set TMPDIR to a writable folder."
        }
    }
}
