import SalesMetrics

/// A binary form of a ``Dataset``: its columns, integers packed to the width
/// their range needs, one part per table plus one for the dictionaries.
/// Reading it back is a loop per column, so a store can keep it beside its
/// rows and load a dataset without parsing anything.
public enum DatasetCodec {
    public static let dictionaries = "dictionaries"
    /// Bumped when the layout changes, or when snapshots of an earlier version may hold wrong
    /// values (3: version 2 lost the local-time flag of a timestamp column's first row; 4: lead ids,
    /// their account links and the attributes of leads and accounts, usage); parts of another version
    /// are ignored and the rows are read instead.
    public static let formatVersion = 4

    public struct Corrupt: Error, CustomStringConvertible {
        public var description: String { "the stored dataset snapshot is damaged" }
    }

    /// Parts by name: `dictionaries` and the raw value of each present table.
    public static func encode(_ d: Dataset) -> [String: [UInt8]] {
        var parts: [String: [UInt8]] = [:]
        var w = Writer()
        for codes in [
            d.repIds, d.accountIds, d.opportunityIds, d.teams, d.sources, d.segments, d.regions, d.products, d.stages,
        ] {
            w.strings(codes.values)
        }
        parts[dictionaries] = w.bytes
        func part(_ table: Table, _ body: (inout Writer) -> Void) {
            // A first pass only adds up the size, so the part is written into one allocation.
            var sizing = Writer(measuring: true)
            body(&sizing)
            var w = Writer()
            w.bytes.reserveCapacity(sizing.size)
            body(&w)
            parts[table.rawValue] = w.bytes
        }
        if let t = d.reps {
            part(.reps) {
                $0.ints(t.id); $0.strings(t.name); $0.ints(t.team); $0.ints(t.hiredOn); $0.ints(t.leftOn)
            }
        }
        if let t = d.accounts {
            part(.accounts) {
                $0.ints(t.id); $0.strings(t.name); $0.ints(t.segment); $0.ints(t.region); $0.strings(t.industry)
                $0.attributes(t.attributes)
            }
        }
        if let t = d.leads {
            part(.leads) {
                $0.times(t.createdAt); $0.times(t.qualifiedAt); $0.times(t.firstResponseAt); $0.times(t.convertedAt)
                $0.ints(t.source); $0.ints(t.owner); $0.ints(t.segment)
                $0.strings(t.id); $0.ints(t.account); $0.attributes(t.attributes)
            }
        }
        if let t = d.opportunities {
            part(.opportunities) {
                $0.ints(t.id); $0.ints(t.account); $0.ints(t.owner); $0.times(t.createdAt); $0.times(t.closedAt)
                $0.ints(t.status.map(\.rawValue)); $0.ints(t.amount); $0.ints(t.stage); $0.ints(t.expectedCloseOn)
                $0.ints(t.source); $0.ints(t.product)
            }
        }
        if let t = d.stageHistory {
            part(.stageHistory) {
                $0.ints(t.opportunity); $0.ints(t.stage); $0.times(t.enteredAt)
            }
        }
        if let t = d.subscriptions {
            part(.subscriptions) {
                $0.ints(t.account); $0.ints(t.mrr); $0.ints(t.startedOn); $0.ints(t.endedOn)
            }
        }
        if let t = d.spend {
            part(.spend) {
                $0.ints(t.date); $0.ints(t.category.map(\.rawValue)); $0.ints(t.channel); $0.ints(t.amount)
            }
        }
        if let t = d.quotas {
            part(.quotas) {
                $0.ints(t.rep); $0.ints(t.periodStart); $0.ints(t.periodEnd); $0.ints(t.amount)
            }
        }
        if let t = d.forecasts {
            part(.forecasts) {
                $0.ints(t.periodStart); $0.ints(t.periodEnd); $0.ints(t.amount); $0.ints(t.rep); $0.times(t.submittedAt)
            }
        }
        if let t = d.activities {
            part(.activities) {
                $0.ints(t.rep); $0.ints(t.date); $0.ints(t.sellingHours); $0.ints(t.totalHours)
            }
        }
        if let t = d.surveys {
            part(.surveys) {
                $0.times(t.answeredAt); $0.ints(t.score); $0.ints(t.kind.map(\.rawValue)); $0.ints(t.account)
            }
        }
        if let t = d.usage {
            part(.usage) {
                $0.ints(t.account); $0.ints(t.date); $0.ints(t.activeUsers); $0.ints(t.sessions); $0.ints(t.events)
                $0.ints(t.feature); $0.strings(t.features.values)
            }
        }
        return parts
    }

    public static func decode(_ parts: [String: [UInt8]]) throws -> Dataset {
        var d = Dataset()
        guard let dictionaryBytes = parts[dictionaries] else { throw Corrupt() }
        var r = Reader(dictionaryBytes)
        d.repIds = StringCodes(uniqueValues: try r.strings())
        d.accountIds = StringCodes(uniqueValues: try r.strings())
        d.opportunityIds = StringCodes(uniqueValues: try r.strings())
        d.teams = StringCodes(uniqueValues: try r.strings())
        d.sources = StringCodes(uniqueValues: try r.strings())
        d.segments = StringCodes(uniqueValues: try r.strings())
        d.regions = StringCodes(uniqueValues: try r.strings())
        d.products = StringCodes(uniqueValues: try r.strings())
        d.stages = StringCodes(uniqueValues: try r.strings())
        func reader(_ table: Table) -> Reader? { parts[table.rawValue].map(Reader.init) }
        if var r = reader(.reps) {
            var t = Reps()
            (t.id, t.name, t.team, t.hiredOn, t.leftOn) = (
                try r.ints(), try r.strings(), try r.ints(), try r.ints(), try r.ints()
            )
            d.reps = t
        }
        if var r = reader(.accounts) {
            var t = Accounts()
            (t.id, t.name, t.segment, t.region, t.industry) = (
                try r.ints(), try r.strings(), try r.ints(), try r.ints(), try r.strings()
            )
            t.attributes = try r.attributes()
            guard t.attributes.columns.allSatisfy({ $0.codes.count == t.id.count }) else { throw Corrupt() }
            d.accounts = t
        }
        if var r = reader(.leads) {
            var t = Leads()
            (t.createdAt, t.qualifiedAt, t.firstResponseAt, t.convertedAt) = (
                try r.times(), try r.times(), try r.times(), try r.times()
            )
            (t.source, t.owner, t.segment) = (try r.ints(), try r.ints(), try r.ints())
            (t.id, t.account, t.attributes) = (try r.strings(), try r.ints(), try r.attributes())
            let rows = t.createdAt.count
            // Datasets built in code may leave ids and links out (empty columns).
            guard [0, rows].contains(t.id.count), [0, rows].contains(t.account.count),
                t.attributes.columns.allSatisfy({ $0.codes.count == rows })
            else { throw Corrupt() }
            d.leads = t
        }
        if var r = reader(.opportunities) {
            var t = Opportunities()
            (t.id, t.account, t.owner, t.createdAt, t.closedAt) = (
                try r.ints(), try r.ints(), try r.ints(), try r.times(), try r.times()
            )
            t.status = try (r.ints() as [UInt8]).map { try DealStatus(rawValue: $0) ?? { throw Corrupt() }() }
            (t.amount, t.stage, t.expectedCloseOn, t.source, t.product) = (
                try r.ints(), try r.ints(), try r.ints(), try r.ints(), try r.ints()
            )
            d.opportunities = t
        }
        if var r = reader(.stageHistory) {
            var t = StageHistory()
            (t.opportunity, t.stage, t.enteredAt) = (try r.ints(), try r.ints(), try r.times())
            d.stageHistory = t
        }
        if var r = reader(.subscriptions) {
            var t = Subscriptions()
            (t.account, t.mrr, t.startedOn, t.endedOn) = (try r.ints(), try r.ints(), try r.ints(), try r.ints())
            d.subscriptions = t
        }
        if var r = reader(.spend) {
            var t = Spend()
            t.date = try r.ints()
            t.category = try (r.ints() as [UInt8]).map { try SpendCategory(rawValue: $0) ?? { throw Corrupt() }() }
            (t.channel, t.amount) = (try r.ints(), try r.ints())
            d.spend = t
        }
        if var r = reader(.quotas) {
            var t = Quotas()
            (t.rep, t.periodStart, t.periodEnd, t.amount) = (try r.ints(), try r.ints(), try r.ints(), try r.ints())
            d.quotas = t
        }
        if var r = reader(.forecasts) {
            var t = Forecasts()
            (t.periodStart, t.periodEnd, t.amount, t.rep, t.submittedAt) = (
                try r.ints(), try r.ints(), try r.ints(), try r.ints(), try r.times()
            )
            d.forecasts = t
        }
        if var r = reader(.activities) {
            var t = Activities()
            (t.rep, t.date, t.sellingHours, t.totalHours) = (try r.ints(), try r.ints(), try r.ints(), try r.ints())
            d.activities = t
        }
        if var r = reader(.surveys) {
            var t = Surveys()
            (t.answeredAt, t.score) = (try r.times(), try r.ints())
            t.kind = try (r.ints() as [UInt8]).map { try SurveyKind(rawValue: $0) ?? { throw Corrupt() }() }
            t.account = try r.ints()
            d.surveys = t
        }
        if var r = reader(.usage) {
            var t = Usage()
            (t.account, t.date, t.activeUsers, t.sessions, t.events) = (
                try r.ints(), try r.ints(), try r.ints(), try r.ints(), try r.ints()
            )
            t.feature = try r.ints()
            t.features = StringCodes(uniqueValues: try r.strings())
            let rows = t.account.count
            guard [t.date, t.feature].allSatisfy({ $0.count == rows }),
                [t.activeUsers, t.sessions, t.events].allSatisfy({ $0.count == rows }),
                t.feature.allSatisfy({ $0 >= -1 && $0 < t.features.count })
            else { throw Corrupt() }
            d.usage = t
        }
        return d
    }

    struct Writer {
        var bytes: [UInt8] = []
        /// Whether this writer only adds up `size` instead of writing.
        var measuring = false
        var size = 0

        private mutating func append(_ raw: UnsafeRawBufferPointer) {
            if measuring { size += raw.count } else { bytes.append(contentsOf: raw) }
        }

        mutating func count(_ n: Int) { withUnsafeBytes(of: Int64(n).littleEndian) { append($0) } }

        /// An integer column, packed: each value less the column's smallest, divided by the
        /// largest of a day, a second or one millisecond that divides them all, in the fewest
        /// bytes (1, 2 or 4) that hold the result; all ones stands for a signed type's minimum
        /// (the null of dates and timestamps). Three years of timestamps to the second take 4
        /// bytes a row instead of 8, dictionary codes 1 or 2 instead of 4; a column whose range
        /// needs more is written as it is (width 0).
        mutating func ints<T: FixedWidthInteger>(_ values: [T]) {
            precondition(T.bitWidth < 64 || (T.bitWidth == 64 && T.isSigned))
            count(values.count)
            let null: T? = T.isSigned ? T.min : nil
            var low = Int64.max
            var high = Int64.min
            for value in values where value != null {
                low = min(low, Int64(value))
                high = max(high, Int64(value))
            }
            if low > high { (low, high) = (0, 0) }
            var unit: Int64 = 1
            if high &- low >= 0 {
                for candidate in [Timestamp.msPerDay, 1_000]
                where values.allSatisfy({ $0 == null || (Int64($0) - low) % candidate == 0 }) {
                    unit = candidate
                    break
                }
            }
            let span = UInt64(bitPattern: high &- low) / UInt64(unit)
            let width = span < UInt8.max ? 1 : span < UInt16.max ? 2 : span < UInt32.max ? 4 : 0
            withUnsafeBytes(of: low.littleEndian) { append($0) }
            withUnsafeBytes(of: unit.littleEndian) { append($0) }
            withUnsafeBytes(of: UInt8(width)) { append($0) }
            if measuring {
                size += values.count * (width == 0 ? MemoryLayout<T>.stride : width)
                return
            }
            func pack<W: FixedWidthInteger & UnsignedInteger>(_: W.Type) {
                let packed = [W](uninitializedCount: values.count) { buffer, initialized in
                    for (i, value) in values.enumerated() {
                        buffer[i] = value == null ? W.max : W(truncatingIfNeeded: (Int64(value) &- low) / unit)
                    }
                    initialized = values.count
                }
                packed.withUnsafeBytes { append($0) }
            }
            switch width {
            case 1: pack(UInt8.self)
            case 2: pack(UInt16.self)
            case 4: pack(UInt32.self)
            default: values.withUnsafeBytes { append($0) }
            }
        }

        mutating func strings(_ values: [String]) {
            count(values.count)
            for var value in values {
                count(value.utf8.count)
                value.withUTF8 { append(UnsafeRawBufferPointer($0)) }
            }
        }

        /// Names and kinds, then each column's values and codes.
        mutating func attributes(_ a: AttributeColumns) {
            strings(a.columns.map(\.name))
            strings(a.columns.map(\.kind.rawValue))
            for column in a.columns {
                strings(column.values.values)
                ints(column.codes)
            }
        }

        mutating func times(_ column: TimestampColumn) {
            ints(column.values)
            ints(column.isLocal.map { $0 ? UInt8(1) : 0 })
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func count() throws -> Int {
            guard position + 8 <= bytes.count else { throw Corrupt() }
            var value: Int64 = 0
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[position..<(position + 8)]) }
            position += 8
            let n = Int(Int64(littleEndian: value))
            guard n >= 0 else { throw Corrupt() }
            return n
        }

        /// A column `Writer.ints` packed.
        mutating func ints<T: FixedWidthInteger>() throws -> [T] {
            let n = try count()
            let header: [Int64] = try raw(2)
            let (base, unit) = (header[0], header[1])
            guard position < bytes.count else { throw Corrupt() }
            let width = Int(bytes[position])
            position += 1
            func unpack<W: FixedWidthInteger & UnsignedInteger>(_: W.Type) throws -> [T] {
                let packed: [W] = try raw(n)
                return [T](uninitializedCount: n) { buffer, initialized in
                    for (i, value) in packed.enumerated() {
                        buffer[i] = value == W.max ? T.min : T(truncatingIfNeeded: base &+ Int64(value) &* unit)
                    }
                    initialized = n
                }
            }
            switch width {
            case 0: return try raw(n)
            case 1: return try unpack(UInt8.self)
            case 2: return try unpack(UInt16.self)
            case 4: return try unpack(UInt32.self)
            default: throw Corrupt()
            }
        }

        /// `n` values as they are in memory.
        private mutating func raw<T: FixedWidthInteger>(_ n: Int) throws -> [T] {
            let (size, overflow) = n.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
            guard !overflow, position + size <= bytes.count else { throw Corrupt() }
            let values = [T](uninitializedCount: n) { buffer, initialized in
                bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[position..<(position + size)]))
                }
                initialized = n
            }
            position += size
            return values
        }

        mutating func strings() throws -> [String] {
            let n = try count()
            var values: [String] = []
            values.reserveCapacity(n)
            for _ in 0..<n {
                let length = try count()
                guard position + length <= bytes.count else { throw Corrupt() }
                values.append(String(decoding: bytes[position..<(position + length)], as: UTF8.self))
                position += length
            }
            return values
        }

        mutating func attributes() throws -> AttributeColumns {
            let names = try strings()
            let kinds = try strings().map { try AttributeKind(rawValue: $0) ?? { throw Corrupt() }() }
            guard names.count == kinds.count else { throw Corrupt() }
            var a = AttributeColumns()
            for (name, kind) in zip(names, kinds) {
                let values = try strings()
                let codes: [Int32] = try ints()
                guard codes.allSatisfy({ $0 >= -1 && $0 < values.count }) else { throw Corrupt() }
                a.columns.append(
                    AttributeColumn(name: name, kind: kind, values: StringCodes(uniqueValues: values), codes: codes))
            }
            return a
        }

        mutating func times() throws -> TimestampColumn {
            let values: [Int64] = try ints()
            let local: [UInt8] = try ints()
            return TimestampColumn(values: values, isLocal: local.map { $0 != 0 })
        }
    }
}
