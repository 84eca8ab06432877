import Foundation
import SalesMetrics

/// Combines files read separately into one dataset: every file's local
/// dictionary codes are translated to the dataset's shared dictionaries, in
/// table order, so codes do not depend on which file finished first.
struct DatasetMerge {
    private var dataset = Dataset()
    /// The dataset's dictionaries, by bytes; decoded into Strings once, by ``finish()``.
    private var shared = Dictionaries()
    /// Rep and account ids defined by reps.csv / accounts.csv (nil when the file is missing).
    private var knownReps: Int32?
    private var knownAccounts: Int32?
    /// References to check once every file is in: file, column, that file's ids and their shared codes.
    private var references: [(file: String, column: String, ids: ByteInterner, shared: [Int32], isRep: Bool)] = []
    /// Shared code of every local code, per table and dictionary.
    private var maps: [Table: [WritableKeyPath<Dictionaries, ByteInterner>: [Int32]]] = [:]

    static var kinds: [WritableKeyPath<Dictionaries, ByteInterner>] {
        [
            \.repIds, \.accountIds, \.opportunityIds, \.teams, \.sources, \.segments, \.regions, \.products, \.stages,
        ]
    }

    /// Builds the shared dictionaries. For each dictionary the first table (in
    /// table order) that has values is adopted as is; the others look their
    /// values up in parallel, and only values still missing are added, in table
    /// order — the same codes as adding every value one by one, for less work.
    init(parts: [DatasetReader.Part]) {
        let parts = parts.sorted { Table.allCases.firstIndex(of: $0.table)! < Table.allCases.firstIndex(of: $1.table)! }
        var pending: [(part: Int, kind: WritableKeyPath<Dictionaries, ByteInterner>)] = []
        for kind in Self.kinds {
            var adopted = false
            for (i, part) in parts.enumerated() where part.dict[keyPath: kind].count > 0 {
                if adopted {
                    pending.append((i, kind))
                } else {
                    shared[keyPath: kind] = part.dict[keyPath: kind]
                    maps[part.table, default: [:]][kind] = (0..<Int32(part.dict[keyPath: kind].count)).map { $0 }
                    adopted = true
                }
            }
        }
        let lookups = ResultSlots<[Int32]>(count: pending.count, initial: [])
        let jobs = ReadOnly(pending.map { (parts[$0.part].dict[keyPath: $0.kind], shared[keyPath: $0.kind]) })
        DispatchQueue.concurrentPerform(iterations: pending.count) { j in
            let (local, target) = jobs.value[j]
            lookups.set(j, (0..<local.count).map { code in local.withBytes(of: code) { target.lookup($0) ?? -1 } })
        }
        for (j, (i, kind)) in pending.enumerated() {
            var map = lookups.get(j)
            let local = parts[i].dict[keyPath: kind]
            for code in map.indices where map[code] < 0 {
                map[code] = local.withBytes(of: code) { shared[keyPath: kind].intern($0)! }
            }
            maps[parts[i].table, default: [:]][kind] = map
        }
    }

    mutating func add(_ part: DatasetReader.Part) {
        let d = part.dataset
        let dict = part.dict
        let map = maps[part.table] ?? [:]
        let reps = map[\.repIds] ?? []
        let accounts = map[\.accountIds] ?? []
        let opportunities = map[\.opportunityIds] ?? []
        let teams = map[\.teams] ?? []
        let sources = map[\.sources] ?? []
        let segments = map[\.segments] ?? []
        let regions = map[\.regions] ?? []
        let products = map[\.products] ?? []
        let stages = map[\.stages] ?? []
        let file = part.table.fileName
        func refersToReps(_ column: String) { references.append((file, column, dict.repIds, reps, true)) }
        func refersToAccounts(_ column: String) { references.append((file, column, dict.accountIds, accounts, false)) }
        // One table of the part, moved into the dataset with its codes remapped; false when absent.
        func take<T>(_ table: WritableKeyPath<Dataset, T?>, _ remapCodes: (inout T) -> Void) -> Bool {
            guard var t = d[keyPath: table] else { return false }
            remapCodes(&t)
            dataset[keyPath: table] = t
            return true
        }
        switch part.table {
        case .reps:
            guard
                take(
                    \.reps,
                    {
                        Self.remap(&$0.id, reps); Self.remap(&$0.team, teams)
                    })
            else { return }
            knownReps = Int32(dict.repIds.count)
        case .accounts:
            let present = take(\.accounts) {
                Self.remap(&$0.id, accounts)
                Self.remap(&$0.segment, segments)
                Self.remap(&$0.region, regions)
            }
            if present { knownAccounts = Int32(dict.accountIds.count) }
        case .leads:
            let present = take(\.leads) {
                Self.remap(&$0.owner, reps)
                Self.remap(&$0.source, sources)
                Self.remap(&$0.segment, segments)
                Self.remap(&$0.account, accounts)
            }
            if present { refersToReps("owner_id") }
        case .opportunities:
            let present = take(\.opportunities) {
                Self.remap(&$0.id, opportunities)
                Self.remap(&$0.account, accounts)
                Self.remap(&$0.owner, reps)
                Self.remap(&$0.stage, stages)
                Self.remap(&$0.source, sources)
                Self.remap(&$0.product, products)
            }
            if present {
                refersToReps("owner_id")
                refersToAccounts("account_id")
            }
        case .stageHistory:
            _ = take(\.stageHistory) {
                Self.remap(&$0.opportunity, opportunities)
                Self.remap(&$0.stage, stages)
            }
        case .subscriptions:
            if take(\.subscriptions, { Self.remap(&$0.account, accounts) }) { refersToAccounts("account_id") }
        case .spend:
            _ = take(\.spend) { Self.remap(&$0.channel, sources) }
        case .quotas:
            if take(\.quotas, { Self.remap(&$0.rep, reps) }) { refersToReps("rep_id") }
        case .forecasts:
            if take(\.forecasts, { Self.remap(&$0.rep, reps) }) { refersToReps("rep_id") }
        case .activities:
            if take(\.activities, { Self.remap(&$0.rep, reps) }) { refersToReps("rep_id") }
        case .surveys:
            if take(\.surveys, { Self.remap(&$0.account, accounts) }) { refersToAccounts("account_id") }
        case .usage:
            if take(\.usage, { Self.remap(&$0.account, accounts) }) { refersToAccounts("account_id") }
        case .fxRates:
            break  // used while reading, to convert amounts; not a table of the dataset
        }
    }

    /// Warns once per column about ids missing from reps.csv / accounts.csv,
    /// naming the first such row and counting the others (SPEC §6: warnings, not errors).
    func checkReferences(_ log: IssueLog) {
        for reference in references {
            guard let known = reference.isRep ? knownReps : knownAccounts else { continue }
            var first: (line: Int, code: Int)?
            var rows = 0
            for code in 0..<reference.ids.count where reference.shared[code] >= known {
                rows += reference.ids.occurrences[code]
                if first == nil || reference.ids.firstLine[code] < first!.line {
                    first = (reference.ids.firstLine[code], code)
                }
            }
            guard let first else { continue }
            let what = reference.isRep ? "rep" : "account"
            let more =
                rows == 2
                ? "; 1 more row names an unknown \(what)"
                : rows > 2 ? "; \(rows - 1) more rows name unknown \(what)s" : ""
            let value = reference.ids.string(first.code)
            log.warning(
                reference.file, first.line, reference.column,
                "unknown \(what) \"\(value)\" (not in \(reference.isRep ? "reps.csv" : "accounts.csv"))\(more)")
        }
    }

    /// The dataset with its dictionaries decoded (in parallel: ids can number millions).
    func finish() -> Dataset {
        let kinds = Self.kinds
        let decoded = ResultSlots(count: kinds.count, initial: StringCodes())
        let sources = ReadOnly(kinds.map { shared[keyPath: $0] })
        DispatchQueue.concurrentPerform(iterations: kinds.count) { i in
            decoded.set(i, StringCodes(uniqueValues: sources.value[i].strings()))
        }
        var d = dataset
        d.repIds = decoded.get(0)
        d.accountIds = decoded.get(1)
        d.opportunityIds = decoded.get(2)
        d.teams = decoded.get(3)
        d.sources = decoded.get(4)
        d.segments = decoded.get(5)
        d.regions = decoded.get(6)
        d.products = decoded.get(7)
        d.stages = decoded.get(8)
        return d
    }

    private static func remap(_ column: inout [Int32], _ map: [Int32]) {
        for i in column.indices where column[i] >= 0 { column[i] = map[Int(column[i])] }
    }
}

/// Values handed to worker threads that only read them.
struct ReadOnly<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// One result slot per parallel job.
public final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T]
    public init(count: Int, initial: T) { values = Array(repeating: initial, count: count) }
    public func set(_ i: Int, _ value: T) { lock.withLock { values[i] = value } }
    public func get(_ i: Int) -> T { lock.withLock { values[i] } }
}
