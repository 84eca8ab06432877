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

    /// Random and mutated inputs never crash the parser.
    @Test func fuzz() {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let alphabet = Array("a,\"\n\r 1.-:TZ+".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
        for _ in 0..<3000 {
            let bytes = (0..<Int(next() % 64)).map { _ in alphabet[Int(next()) % alphabet.count] }
            _ = try? records(bytes)
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
