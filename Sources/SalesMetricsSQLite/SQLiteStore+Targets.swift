import GRDB
import SalesMetrics
import SalesMetricsIO

extension SQLiteStore: TargetStore {
    public func targets() throws -> [Target] {
        try pool.read { db in
            try Row.fetchAll(db, sql: TargetSchema.select).compactMap { row in
                TargetRow.target(TargetRow.columns.indices.map { row[$0] as String? })
            }
        }
    }

    public func setTargets(_ targets: [Target]) throws {
        try pool.write { db in
            let names = Set(try String.fetchAll(db, sql: "SELECT name FROM targets"))
            try TargetStoreError.check(targets, existing: names.subtracting(targets.map(\.name)).count)
            for target in targets {
                try db.execute(sql: TargetSchema.insert, arguments: StatementArguments(TargetRow.values(target)))
            }
            try db.execute(sql: "UPDATE targets_version SET version = version + 1")
        }
    }

    public func removeTarget(name: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM targets WHERE name = ?", arguments: [name])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "UPDATE targets_version SET version = version + 1")
            return true
        }
    }

    public func announcedStates() throws -> [String: String] {
        try pool.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT key, state FROM target_announcements").map { ($0[0], $0[1]) },
                uniquingKeysWith: { a, _ in a })
        }
    }

    public func recordAnnounced(_ states: [String: String]) throws {
        try pool.write { db in
            for (key, state) in states {
                try db.execute(
                    sql:
                        "INSERT INTO target_announcements (key, state) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state",
                    arguments: [key, state])
            }
        }
    }
}
