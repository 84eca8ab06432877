import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO
import SalesMetricsPostgres
import SalesMetricsSQLite

/// `--db`: the database, a SQLite file (embedded default) or a PostgreSQL URL (teams).
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A SQLite file, or postgres://USER:PASSWORD@HOST:PORT/DATABASE (?sslmode=disable|prefer|require). Default: $SALESMETRICS_DB, else a postgres:// $DATABASE_URL, else ./salesmetrics.sqlite.",
            valueName: "file-or-url"))
    var db: String?

    @Option(help: "PostgreSQL: connections in the pool (per process).")
    var dbPoolSize = 10

    var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let db { return db }
        if let db = environment["SALESMETRICS_DB"] { return db }
        if let url = environment["DATABASE_URL"], PostgresStore.isURL(url) { return url }
        return "salesmetrics.sqlite"
    }

    var isPostgres: Bool { PostgresStore.isURL(path) }

    /// The database for messages (a URL without its password).
    var display: String { isPostgres ? PostgresStore.redacted(path) : path }

    /// Whether there may be data to read (a SQLite file must exist; a server is asked).
    var mayHoldData: Bool { isPostgres || FileManager.default.fileExists(atPath: path) }

    /// Opens (and creates or migrates) the store; a sentence and exit 1 when it can't.
    func open() async throws -> any SalesStore {
        do {
            if isPostgres { return try await PostgresStore(url: path, poolSize: dbPoolSize) }
            return try SQLiteStore(path: path)
        } catch {
            printError("Error: \(error)")
            throw Exit.badData
        }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import CSV files into the database (all or nothing).",
        discussion: """
            PATH is a dataset folder (every known file in it) or single files, whose entity comes from \
            the file name (opportunities.csv) or from --entity. Rows with ids are upserted: new ids are \
            inserted, changed rows updated, identical rows left alone. Rows without ids (stage history, \
            spend, quotas, forecasts, activities) replace the stored rows with the same natural key \
            (see docs/import.md). Any problem in any file and nothing changes.
            """)

    @Argument(help: "Dataset folders or CSV files.")
    var paths: [String]

    enum SourceFormat: String, ExpressibleByArgument, CaseIterable {
        case dataset, salesforce, hubspot, pipedrive
        case mavenCRM = "maven-crm"
    }

    @Option(
        help:
            "Layout of the files: dataset (docs/data-format.md), a CRM's exports (salesforce, hubspot, pipedrive: deals, leads or contacts, accounts or companies, stage history; each recognised by its header) or maven-crm (Maven Analytics CRM Sales Opportunities)."
    )
    var format: SourceFormat = .dataset

    @Option(
        help: ArgumentHelp(
            "A YAML mapping of any CSV files onto the dataset's files, every entity (docs/import.md).",
            valueName: "file.yml"))
    var mapping: String?

    @Option(
        help:
            "maven-crm: import deals without an engage date (Prospecting) as created on this day, instead of leaving them out."
    )
    var undatedCreatedAt: String?

    @Option(
        help:
            "Entity of a single file whose name is not an entity's (\(Table.allCases.map(\.rawValue).joined(separator: ", ")))."
    )
    var entity: String?

    @OptionGroup var store: StoreOptions

    func run() async throws {
        var files: [Table: [UInt8]]
        var mapped: MappedFiles?
        do {
            if let mapping {
                switch try MappingFile.load(mapping) {
                case .deals(let deals): files = try dealExport(deals)
                case .entities(let entities):
                    mapped = try MappingImport.convert(
                        ImportFiles.collectAll(paths, names: entities.fileNames.map { $0.lowercased() }),
                        mapping: entities)
                    for note in mapped!.notes { printError("note: " + note) }
                    files = mapped!.files
                }
            } else {
                switch format {
                case .salesforce, .hubspot, .pipedrive:
                    mapped = try CRMExports.convert(
                        ImportFiles.collectCSV(paths), format: DealMapping.Format(rawValue: format.rawValue)!)
                    for note in mapped!.notes { printError("note: " + note) }
                    files = mapped!.files
                case .dataset, .mavenCRM: files = try datasetOrMaven()
                }
            }
        } catch {
            printError("Error: \(error)")
            throw Exit.badOptions
        }
        try await write(files, mapped: mapped)
    }

    /// A single deal export through a mapping.
    private func dealExport(_ mapping: DealMapping) throws -> [Table: [UInt8]] {
        guard paths.count == 1, let data = FileBytes.read(paths[0]) else {
            throw ImportFiles.Problem(
                description:
                    "Give the one deal export file to import (\(paths.joined(separator: " ")) is not a readable file).")
        }
        let converted = try DealMappingImport.convert(
            data, fileName: (paths[0] as NSString).lastPathComponent, mapping: mapping)
        for note in converted.notes { printError("note: " + note) }
        return converted.files
    }

    private func datasetOrMaven() throws -> [Table: [UInt8]] {
        switch format {
        case .mavenCRM:
            if let day = undatedCreatedAt { _ = try ReportArguments.day(day, option: "--undated-created-at") }
            let converted = try MavenCRMImport.convert(
                try ImportFiles.collectNamed(paths, names: MavenCRMImport.fileNames),
                undatedCreatedAt: undatedCreatedAt)
            for note in converted.notes { printError("note: " + note) }
            return converted.files
        default:
            return try ImportFiles.collect(paths, entity: entity)
        }
    }

    /// `mapped`: the files were made by a mapping, whose sources the dataset's problems are pointed at.
    private func write(_ files: [Table: [UInt8]], mapped: MappedFiles? = nil) async throws {
        let database = try await store.open()
        do {
            // Rows to write, for the progress bar: about one per line.
            let total = files.values.reduce(0) { $0 + $1.withUnsafeBytes(CSVParser.lineFeeds) } - files.count
            let bar = ProgressBar(total: total)
            let summary = try await database.importFiles(files, progress: bar.update)
            bar.finish()
            for warning in summary.warnings { printError("warning: \(warning)") }
            print("Imported into \(store.display):")
            for line in summary.lines { print("  " + line) }
        } catch let error as DatasetReadError {
            printError((mapped?.locate(error) ?? error).description)
            printError("The database was not changed.")
            throw Exit.badData
        } catch {
            printError("Error: the import failed and the database was not changed: \(error)")
            throw Exit.badData
        }
    }
}

/// Turns import paths into files by entity.
enum ImportFiles {
    /// Files of a CRM's own layout, by file name: from folders (the known names in them) or given one by one.
    static func collectNamed(_ paths: [String], names: [String]) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Problem(description: "\(path) does not exist.")
            }
            let candidates =
                isDirectory.boolValue ? names.map { (path as NSString).appendingPathComponent($0) } : [path]
            for file in candidates where FileManager.default.fileExists(atPath: file) {
                let name = (file as NSString).lastPathComponent.lowercased()
                guard names.contains(name) else {
                    throw Problem(
                        description:
                            "\(file) is not one of the files of this format (\(names.joined(separator: ", "))).")
                }
                guard let data = FileBytes.read(file) else {
                    throw Problem(description: "\(file) cannot be read; check its permissions.")
                }
                files[name] = data
            }
        }
        return files
    }

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The files given, and in each folder given those whose name `keep` accepts (sorted).
    private static func expand(_ paths: [String], keeping keep: (String) -> Bool) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Problem(description: "\(path) does not exist.")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let listed = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files += listed.filter(keep).sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }

    private static func read(_ file: String) throws -> [UInt8] {
        guard let data = FileBytes.read(file) else {
            throw Problem(description: "\(file) cannot be read; check its permissions.")
        }
        return data
    }

    /// Every CSV file given or in a folder given, by name as written, in the order given.
    static func collectCSV(_ paths: [String]) throws -> [(name: String, bytes: [UInt8])] {
        try expand(paths) { $0.lowercased().hasSuffix(".csv") }.map { file in
            ((file as NSString).lastPathComponent, try read(file))
        }
    }

    /// The files a mapping reads, by lower-cased name: given one by one or found in folders.
    static func collectAll(_ paths: [String], names: [String]) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for file in try expand(paths, keeping: { names.contains($0.lowercased()) }) {
            let name = (file as NSString).lastPathComponent.lowercased()
            guard names.contains(name) else {
                throw Problem(
                    description:
                        "\(file) is not a file the mapping reads (\(names.joined(separator: ", "))); check its 'file' names."
                )
            }
            guard files[name] == nil else { throw Problem(description: "\(name) is given twice.") }
            files[name] = try read(file)
        }
        return files
    }

    static func collect(_ paths: [String], entity: String?) throws -> [Table: [UInt8]] {
        var files: [Table: [UInt8]] = [:]
        var origin: [Table: String] = [:]
        if entity != nil && paths.count != 1 {
            throw Problem(description: "--entity names the entity of a single file; give one file with it.")
        }
        func add(_ table: Table, _ path: String) throws {
            if let earlier = origin[table] {
                throw Problem(
                    description: "Both \(earlier) and \(path) hold \(table.fileName); import them one at a time.")
            }
            guard let data = FileBytes.read(path) else {
                throw Problem(description: "\(path) cannot be read; check that it exists and its permissions.")
            }
            files[table] = data
            origin[table] = path
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Problem(description: "\(path) does not exist.")
            }
            if isDirectory.boolValue {
                let found = Table.allCases.filter {
                    FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent($0.fileName))
                }
                if found.isEmpty {
                    throw Problem(
                        description:
                            "\(path) holds none of the dataset files (\(Table.allCases.map(\.fileName).joined(separator: ", ")))."
                    )
                }
                for table in found { try add(table, (path as NSString).appendingPathComponent(table.fileName)) }
            } else if let entity {
                guard let table = Table(rawValue: entity) else {
                    throw Problem(
                        description:
                            "Unknown entity '\(entity)'; use one of \(Table.allCases.map(\.rawValue).joined(separator: ", "))."
                    )
                }
                try add(table, path)
            } else {
                let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
                guard let table = Table(rawValue: name) else {
                    throw Problem(
                        description:
                            "Cannot tell which entity \(path) holds from its name; rename it (opportunities.csv, …) or add --entity."
                    )
                }
                try add(table, path)
            }
        }
        return files
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the database's data back as a dataset folder.",
        discussion: "The folder can be read with `report --data` or imported into another database.")

    @Argument(help: "Folder to write the CSV files into (created if needed).")
    var directory: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try await store.open()
        let folder = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let files = try await database.exportFiles()
            for (table, bytes) in files {
                try Data(bytes).write(to: folder.appendingPathComponent(table.fileName))
            }
            print("Wrote \(files.count) file\(files.count == 1 ? "" : "s") to \(directory).")
        } catch {
            printError("Error: could not export to \(directory): \(error.localizedDescription)")
            throw Exit.badData
        }
    }
}
