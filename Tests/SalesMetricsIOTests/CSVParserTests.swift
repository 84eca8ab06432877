import SalesMetrics
import Testing

@testable import SalesMetricsIO

@Suite struct CSVParserTests {
    func records(_ text: String) throws -> [[String]] {
        try records(Array(text.utf8))
    }

    func records(_ bytes: [UInt8]) throws -> [[String]] {
        let parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        var out: [[String]] = []
        while try parser.next(into: &fields) { out.append(fields.map { String(decoding: $0, as: UTF8.self) }) }
        return out
    }

    @Test func quotingAndLineEnds() throws {
        #expect(try records("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n") == [["a", "b"], ["x, y", "say \"hi\""]])
        #expect(try records("a\n\"two\nlines\"\n") == [["a"], ["two\nlines"]])
        #expect(try records("a,b\n1,") == [["a", "b"], ["1", ""]])
        #expect(try records("a,b\n,\n") == [["a", "b"], ["", ""]])
    }

    @Test func bomAndWhitespaceAreDropped() throws {
        #expect(try records([0xEF, 0xBB, 0xBF] + Array(" a , b \n 1 ,\" 2 \"\n".utf8)) == [["a", "b"], ["1", "2"]])
    }

    @Test func blankLinesAreSkippedAndLinesCounted() throws {
        let parser = CSVParser(bytes: Array("h\n\n\"x\ny\"\n\nz\n".utf8))
        var fields: [FieldBytes] = []
        _ = try parser.next(into: &fields)
        _ = try parser.next(into: &fields)
        #expect(parser.recordLine == 3)
        _ = try parser.next(into: &fields)
        #expect(parser.recordLine == 6)
        #expect(try parser.next(into: &fields) == false)
    }

    @Test func malformedInputIsAProblemWithItsLine() {
        #expect(throws: CSVParser.Problem.unterminatedQuote(line: 2)) { try records("a\n\"never closed\n") }
        #expect(throws: CSVParser.Problem.textAfterQuote(line: 2)) { try records("a\n\"x\"y\n") }
        #expect(throws: CSVParser.Problem.textAfterQuote(line: 2)) { try records("a\nab\"c\n") }
        #expect(throws: CSVParser.Problem.binary(line: 1)) { try records([97, 0, 98]) }
        let long = "a\n" + String(repeating: "x", count: CSVParser.maxFieldBytes + 1) + "\n"
        #expect(throws: CSVParser.Problem.fieldTooLong(line: 2, limit: CSVParser.maxFieldBytes)) { try records(long) }
        let wide = String(repeating: ",", count: CSVParser.maxColumns + 5)
        #expect(throws: CSVParser.Problem.tooManyColumns(line: 1, limit: CSVParser.maxColumns)) { try records(wide) }
    }

    /// What the parser gives for some bytes: the records before the first problem (with the
    /// line each starts on) and that problem.
    struct Outcome: Equatable {
        var records: [[[UInt8]]] = []
        var lines: [Int] = []
        var problem: CSVParser.Problem?
    }

    func outcome(_ bytes: [UInt8]) -> Outcome {
        let parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        var out = Outcome()
        do {
            while try parser.next(into: &fields) {
                out.records.append(fields.map { Array($0) })
                out.lines.append(parser.recordLine)
            }
        } catch {
            out.problem = error
        }
        return out
    }

    /// Random inputs over the bytes that matter to CSV give exactly what a plain state machine
    /// (``ReferenceCSV``) gives: the same records, lines and problem.
    @Test func fuzz() {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let alphabet = Array("a,\"\n\r \t1.-:TZ+".utf8) + [0xC3, 0xA9, 0xFF, 0x00, 0xEF, 0xBB, 0xBF]
        var parsed = 0
        var failed = 0
        for _ in 0..<5000 {
            var bytes = (0..<Int(next() % 64)).map { _ in alphabet[Int(next()) % alphabet.count] }
            if next() % 8 == 0 { bytes = [0xEF, 0xBB, 0xBF] + bytes }
            let expected = ReferenceCSV.parse(bytes)
            let actual = outcome(bytes)
            #expect(actual == expected, "\(bytes)")
            if actual != expected { break }
            if expected.problem == nil { parsed += 1 } else { failed += 1 }
        }
        // Both outcomes come up often enough for the comparison to mean something.
        #expect(parsed > 500 && failed > 500)
    }

    /// A row of more than `maxColumns` values is refused whether or not a line end follows it.
    @Test func tooManyColumnsAtTheEndOfTheInput() throws {
        let row = String(repeating: ",", count: CSVParser.maxColumns)  // maxColumns + 1 empty values
        #expect(throws: CSVParser.Problem.tooManyColumns(line: 2, limit: CSVParser.maxColumns)) {
            try records("a\n" + row + "\n")
        }
        #expect(throws: CSVParser.Problem.tooManyColumns(line: 2, limit: CSVParser.maxColumns)) {
            try records("a\n" + row)
        }
        let widest = String(repeating: ",", count: CSVParser.maxColumns - 1)
        #expect(try records("a\n" + widest).last?.count == CSVParser.maxColumns)
    }
}

/// RFC 4180 as SPEC §8.1 reads it, written as a byte-at-a-time state machine, apart from the
/// parser's cursor loops, for the fuzz test to compare with. Values are trimmed of spaces and
/// tabs, inside quotes too; empty lines are skipped; a lone CR ends a record (and counts as a
/// line end there, not between records).
enum ReferenceCSV {
    enum State { case betweenRecords, fieldStart, unquoted, quoted, quoteInQuoted, afterQuoted }

    static func parse(_ input: [UInt8]) -> CSVParserTests.Outcome {
        let bytes = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        var out = CSVParserTests.Outcome()
        var line = 1
        var recordLine = 1
        var record: [[UInt8]] = []
        var field: [UInt8] = []
        var state = State.betweenRecords
        func endField() {
            var value = field[...]
            while let first = value.first, first == 32 || first == 9 { value = value.dropFirst() }
            while let last = value.last, last == 32 || last == 9 { value = value.dropLast() }
            record.append(Array(value))
            field = []
        }
        func endRecord() {
            endField()
            out.records.append(record)
            out.lines.append(recordLine)
            record = []
            state = .betweenRecords
        }
        var i = 0
        while true {
            let b: UInt8? = i < bytes.count ? bytes[i] : nil
            switch state {
            case .betweenRecords:
                guard let b else { return out }
                if b == 10 || b == 13 {
                    if b == 10 { line += 1 }
                    i += 1
                } else {
                    recordLine = line
                    state = .fieldStart
                }
            case .fieldStart:
                guard let b else {
                    endRecord()
                    return out
                }
                if b == 32 || b == 9 {
                    field.append(b)
                    i += 1
                } else if b == 34 {
                    field = []
                    state = .quoted
                    i += 1
                } else {
                    state = .unquoted
                }
            case .unquoted, .afterQuoted:
                guard let b else {
                    endRecord()
                    return out
                }
                if b == 44 {
                    endField()
                    state = .fieldStart
                    i += 1
                } else if b == 10 || b == 13 {
                    endRecord()
                    line += 1
                    i += b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 ? 2 : 1
                } else if state == .afterQuoted {
                    // Only blanks may follow a closing quote before the separator.
                    guard b == 32 || b == 9 else {
                        out.problem = .textAfterQuote(line: line)
                        return out
                    }
                    i += 1
                } else if b == 34 {
                    out.problem = .textAfterQuote(line: line)
                    return out
                } else if b == 0 {
                    out.problem = .binary(line: line)
                    return out
                } else {
                    field.append(b)
                    i += 1
                }
            case .quoted:
                guard let b else {
                    out.problem = .unterminatedQuote(line: recordLine)
                    return out
                }
                if b == 34 {
                    state = .quoteInQuoted
                } else if b == 0 {
                    out.problem = .binary(line: line)
                    return out
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
                i += 1
            case .quoteInQuoted:
                if b == 34 {
                    field.append(34)
                    state = .quoted
                    i += 1
                } else {
                    state = .afterQuoted
                }
            }
        }
    }
}

@Suite struct RadixSortTests {
    @Test func sortsLargeAndSmallInputsStably() {
        var state: UInt64 = 7
        for count in [0, 1, 10, 60_000] {
            let keys = (0..<count).map { i -> UInt64 in
                state = state &* 6_364_136_223_846_793_005 &+ 1
                return i % 3 == 0 ? 42 : state
            }
            let order = RadixSort.indices(sortedBy: keys)
            let expected = (0..<Int32(count)).sorted { (keys[Int($0)], $0) < (keys[Int($1)], $1) }
            #expect(order == expected)
        }
    }
}

@Suite struct ParallelReadTests {
    /// Files are read in parallel; codes and rows must not depend on which thread finishes first.
    @Test func readingIsDeterministic() throws {
        let files: [Table: [UInt8]] = [
            .reps: Array("rep_id,team\nr2,B\nr1,A\n".utf8),
            .accounts: Array("account_id,segment\nacc-2,SMB\nacc-1,Ent\n".utf8),
            .leads: Array(
                "lead_id,created_at,owner_id,source,segment\nl1,2024-01-01,r9,Web,SMB\nl2,2024-01-02,r1,Ads,Mid\n".utf8),
            .opportunities: Array(
                "opportunity_id,account_id,owner_id,created_at,status,amount,source\no1,acc-3,r1,2024-01-01,open,5,Ads\n"
                    .utf8),
            .subscriptions: Array(
                "subscription_id,account_id,mrr,started_on\ns1,acc-1,5,2024-01-01\ns2,acc-4,5,2024-01-01\n".utf8),
        ]
        let first = try DatasetReader().read(files: files).dataset
        #expect(first.repIds.values == ["r2", "r1", "r9"])
        #expect(first.accountIds.values == ["acc-2", "acc-1", "acc-3", "acc-4"])
        #expect(first.sources.values == ["Web", "Ads"])
        #expect(first.segments.values == ["SMB", "Ent", "Mid"])
        #expect(first.opportunities?.owner == [1])
        #expect(first.leads?.owner == [2, 1])
        for _ in 0..<50 {
            let again = try DatasetReader().read(files: files).dataset
            #expect(
                again.repIds == first.repIds && again.accountIds == first.accountIds && again.sources == first.sources)
            #expect(again.subscriptions?.account == first.subscriptions?.account)
        }
    }
}
