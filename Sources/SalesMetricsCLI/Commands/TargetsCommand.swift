import ArgumentParser
import Foundation
import SalesMetrics
import SalesMetricsIO

struct TargetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "List, set, remove and import the targets that check, reviews and the dashboard compare against.",
        discussion: """
            A target is a metric, at least or at most a value, optionally for some grains, one group \
            (--scope segment=Enterprise) and a range of dates. A new database starts with the defaults \
            of docs/review.md (CLTV:CAC at least 3, …); remove any you do not want. Per-rep quotas stay \
            in quotas.csv.
            """,
        subcommands: [List.self, SetTarget.self, Remove.self, Import.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the targets (as a table or as YAML).")

        @Option(help: "table (for people) or yaml (a file targets import reads back).")
        var format: ListFormat = .table

        @OptionGroup var store: StoreOptions

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case table, yaml }

        func run() async throws {
            let targets = try await store.open().targets()
            if format == .yaml {
                print(TargetsFile.yaml(targets), terminator: "")
                return
            }
            if targets.isEmpty {
                print("No targets. Set one with: salesmetrics targets set --name NAME --metric ID --at-least VALUE")
                return
            }
            let width = targets.map(\.name.count).max() ?? 0
            for t in targets {
                print(ReportTable.pad(t.name, width) + "  " + t.describe())
                if !t.note.isEmpty { print(ReportTable.pad("", width) + "  " + t.note) }
            }
        }
    }

    struct SetTarget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Add a target, or replace the one with the same name.",
            discussion: """
                Examples:
                  salesmetrics targets set --name win-rate --metric win_rate --at-least 25% --grain quarter
                  salesmetrics targets set --name enterprise-revenue --metric total_revenue --at-least 250000 \\
                      --grain month --scope segment=Enterprise --valid-from 2025-01-01
                """)

        @Option(help: "Short name to change or remove it by (letters, digits, - _ .).")
        var name: String
        @Option(help: "Metric id (salesmetrics metrics lists them).")
        var metric: String
        @Option(help: "The value the metric must reach: a number (money in major units) or a percentage.")
        var atLeast: String?
        @Option(help: "The value the metric must not pass.")
        var atMost: String?
        @Option(help: "A grain it applies to (repeat for several). Default: every grain.")
        var grain: [Grain] = []
        @Option(help: "One group it is about, DIMENSION=VALUE (segment=Enterprise, owner=r0006).")
        var scope: String?
        @Option(help: "First day it applies, YYYY-MM-DD (periods starting on or after it).")
        var validFrom: String?
        @Option(help: "Day it stops applying, YYYY-MM-DD (exclusive).")
        var validUntil: String?
        @Option(help: "Where the target comes from, for people.")
        var note: String?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            var spec = TargetSpec()
            spec.name = name
            spec.metric = metric
            spec.atLeast = atLeast
            spec.atMost = atMost
            spec.grains = grain.map(\.rawValue)
            if let scope {
                let parts = scope.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    printError("Error: --scope \"\(scope)\" is not DIMENSION=VALUE (for example segment=Enterprise).")
                    throw Exit.badOptions
                }
                spec.scope = [(parts[0], parts[1])]
            }
            spec.validFrom = validFrom
            spec.validUntil = validUntil
            spec.note = note
            let target: Target
            do { target = try spec.target() } catch {
                for p in error.list {
                    printError("Error: --\(p.field.replacingOccurrences(of: "_", with: "-")): \(p.message).")
                }
                throw Exit.badOptions
            }
            try await TargetsCommand.save([target], in: store)
            print("Set '\(target.name)': \(target.describe()).")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a target by name (a default one too).")

        @Argument(help: "The target's name.")
        var name: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try await store.open().removeTarget(name: name) else {
                printError("Error: no target is named '\(name)' (salesmetrics targets list shows them).")
                throw Exit.badOptions
            }
            print("Removed '\(name)'.")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or replace the targets of a YAML file, all or nothing (docs/review.md).")

        @Argument(help: "A YAML file with a list under 'targets:'.")
        var file: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let targets: [Target]
            do { targets = try TargetsFile.load(file) } catch {
                printError(error.description)
                throw Exit.badData
            }
            try await TargetsCommand.save(targets, in: store)
            print("Imported \(targets.count) target\(targets.count == 1 ? "" : "s") from \(file).")
        }
    }

    static func save(_ targets: [Target], in store: StoreOptions) async throws {
        do { try await store.open().setTargets(targets) } catch let error as TargetStoreError {
            printError("Error: \(error)")
            throw Exit.badOptions
        }
    }
}
