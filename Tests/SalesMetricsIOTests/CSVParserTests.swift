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
