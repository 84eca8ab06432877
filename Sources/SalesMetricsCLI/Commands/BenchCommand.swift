import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsPostgres
import SalesMetricsSQLite

#if canImport(Glibc)
    import Glibc
#endif

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time reading and reporting on demo data at several scales.",
        discussion: """
            For each scale, writes the demo dataset (once; it is reused when the folder exists), then \
            times (a) reading the CSV folder, (b) the monthly report over the whole three years with \
            every metric and (c) the same with --by owner. Prints a Markdown table with wall time, \
            rows per second and the process's peak memory. Build with -c release for real figures.
            """)

    @Option(help: "Comma-separated scales.")
    var scales: String = "1,10,100"

    @Option(help: "Folder for the generated datasets.")
    var directory: String = ".bench-data"

    @Option(help: "Runs per step; the best is reported.")
    var runs: Int = 3

    @Flag(help: "Also time importing into a new SQLite database and the report from it.")
    var store = false

    @Option(
        help: ArgumentHelp(
            "Also time importing into PostgreSQL and the report from it: a postgres:// URL; each run starts from an empty schema salesmetrics_bench.",
            valueName: "url"))
    var postgres: String?

    func run() async throws {
        let scaleValues = scales.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !scaleValues.isEmpty, runs >= 1 else {
            printError("Error: --scales needs numbers such as 1,10,100 and --runs at least 1.")
            throw Exit.badOptions
        }
        var storeLines: [String] = []
        var postgresLines: [String] = []
        print("| scale | rows | read CSV | rows/s | monthly report | report --by owner | peak memory |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for scale in scaleValues {
            let folder = URL(fileURLWithPath: directory).appendingPathComponent("scale-\(scale)")
            if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("surveys.csv").path) {
                _ = try DemoGenerator(seed: 42, scale: scale).write(to: folder)
            }
            var dataset = Dataset()
            let read = try best(runs) { dataset = try DatasetReader().read(folder: folder).dataset }
            let rows = Table.allCases.map { dataset.rowCount($0) }.reduce(0, +)
            let options = ReportOptions(grain: .month, from: DemoGenerator.firstDay, to: DemoGenerator.endDay)
            let report = try best(runs) { _ = try Engine.report(dataset, options) }
            var byOwner = options
            byOwner.breakdown = .owner
            let grouped = try best(runs) { _ = try Engine.report(dataset, byOwner) }
            let rate = Double(rows) / read
            print(
                "| \(format(scale)) | \(ValueFormat.grouped(UInt64(rows))) | \(seconds(read)) | \(ValueFormat.grouped(UInt64(rate))) | \(seconds(report)) | \(seconds(grouped)) | \(peakMemory()) |"
            )
            if store { storeLines.append(try benchStore(folder: folder, scale: scale, rows: rows, options: options)) }
            if let postgres {
                postgresLines.append(
                    try await benchPostgres(postgres, folder: folder, scale: scale, rows: rows, options: options))
            }
        }
        if store {
            print("\n| scale | import into SQLite | rows/s | report from SQLite | database size |")
            print("|---:|---:|---:|---:|---:|")
            for line in storeLines { print(line) }
        }
        if postgres != nil {
            print("\n| scale | import into PostgreSQL | rows/s | report from PostgreSQL |")
            print("|---:|---:|---:|---:|")
            for line in postgresLines { print(line) }
        }
    }

    private func benchPostgres(_ url: String, folder: URL, scale: Double, rows: Int, options: ReportOptions)
        async throws -> String
    {
        let files = try ImportFiles.collect([folder.path], entity: nil)
        let schemaURL = url + (url.contains("?") ? "&" : "?") + "schema=salesmetrics_bench"
        var importTime = Double.infinity
        var reportTime = Double.infinity
        for _ in 0..<runs {
            try await PostgresStore.dropSchema(url: schemaURL)
            let database = try await PostgresStore(url: schemaURL, poolSize: 2)
            var start = DispatchTime.now().uptimeNanoseconds
            _ = try await database.importFiles(files)
            importTime = min(importTime, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            start = DispatchTime.now().uptimeNanoseconds
            _ = try Engine.report(try await database.loadDataset(), options)
            reportTime = min(reportTime, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            await database.shutdown()
        }
        try await PostgresStore.dropSchema(url: schemaURL)
        return
            "| \(format(scale)) | \(seconds(importTime)) | \(ValueFormat.grouped(UInt64(Double(rows) / importTime))) | \(seconds(reportTime)) |"
    }

    private func benchStore(folder: URL, scale: Double, rows: Int, options: ReportOptions) throws -> String {
        var files: [Table: [UInt8]] = [:]
        for table in Table.allCases {
            files[table] = FileBytes.read(folder.appendingPathComponent(table.fileName).path)
        }
        let path = folder.appendingPathComponent("bench.sqlite").path
        var database: SQLiteStore?
        let imported = try best(runs) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            // Writing back what earlier steps left in the page cache (the demo files, the last
            // run's database) would otherwise compete with this run's own writes.
            sync()
        } body: {
            database = try SQLiteStore(path: path)
            _ = try database!.importFiles(files)
        }
        let report = try best(runs) { _ = try Engine.report(try database!.loadDataset(), options) }
        database = nil  // closing checkpoints the write-ahead log into the file
        let size = ["", "-wal"].map {
            (try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int) ?? 0
        }
        .reduce(0, +)
        return
            "| \(format(scale)) | \(seconds(imported)) | \(ValueFormat.grouped(UInt64(Double(rows) / imported))) | \(seconds(report)) | \(size / 1_048_576) MB |"
    }

    /// The fastest of `runs` runs of `body`, each after an untimed `setup`.
    private func best(_ runs: Int, setup: () -> Void = {}, body: () throws -> Void) throws -> Double {
        var fastest = Double.infinity
        for _ in 0..<runs {
            setup()
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return fastest
    }

    private func seconds(_ s: Double) -> String {
        s < 1 ? ValueFormat.fixed(s * 1000, decimals: 0) + " ms" : ValueFormat.fixed(s, decimals: 2) + " s"
    }

    private func format(_ scale: Double) -> String { scale == scale.rounded() ? String(Int(scale)) : String(scale) }

    /// Peak resident memory of this process so far.
    private func peakMemory() -> String {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return ValueFormat.fixed(Double(usage.ru_maxrss) / 1024, decimals: 0) + " MB"
    }
}
