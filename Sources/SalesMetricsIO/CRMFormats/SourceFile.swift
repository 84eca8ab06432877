/// A CSV file in some CRM's own layout, read by header name.
struct SourceFile {
    let name: String
    /// Header names lower-cased, for matching ignoring case.
    let header: [String]
    /// Header names as the file writes them, for messages and names taken from headers.
    let headerAsWritten: [String]
    /// Rows with their line numbers; every row has the header's width.
    let rows: [(line: Int, values: [String])]

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    init(name: String, bytes: [UInt8]) throws {
        self.name = name
        let parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        do {
            guard try parser.next(into: &fields) else {
                throw Problem(description: "\(name):1: the file is empty; it needs at least a header row")
            }
            headerAsWritten = fields.map { String(decoding: $0, as: UTF8.self) }
            header = headerAsWritten.map { $0.lowercased() }
            var rows: [(Int, [String])] = []
            while try parser.next(into: &fields) {
                if fields.count == 1 && fields[0].isEmpty { continue }
                guard fields.count == header.count else {
                    throw Problem(
                        description:
                            "\(name):\(parser.recordLine): the row has \(fields.count) values but the header has \(header.count) columns"
                    )
                }
                rows.append((parser.recordLine, fields.map { String(decoding: $0, as: UTF8.self) }))
            }
            self.rows = rows
        } catch let problem as CSVParser.Problem {
            throw Problem(description: "\(name):\(problem.line): \(problem.message)")
        }
    }

    /// Position of a required column.
    func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw Problem(
                description: "\(self.name):1: column '\(name)': required column is missing; is this the right export?")
        }
        return i
    }
}
