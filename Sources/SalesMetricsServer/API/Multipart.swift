import Foundation

/// Reads `multipart/form-data` bodies (RFC 7578): one part per uploaded file.
enum Multipart {
    struct Part {
        var name: String?
        var filename: String?
        var body: [UInt8]
    }

    /// The boundary of a `Content-Type: multipart/form-data; boundary=…` header, or nil for other types.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    enum ParseError: Error { case malformed(String) }

    static func parse(_ body: [UInt8], boundary: String) throws(ParseError) -> [Part] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [Part] = []
        guard var position = find(delimiter, in: body, from: 0) else {
            throw .malformed("the body has no part delimited by the boundary '\(boundary)'")
        }
        while true {
            position += delimiter.count
            // "--" after a delimiter ends the body.
            if position + 1 < body.count && body[position] == 0x2D && body[position + 1] == 0x2D { return parts }
            guard position + 1 < body.count, body[position] == 0x0D, body[position + 1] == 0x0A else {
                throw .malformed("a boundary line is not followed by a line break")
            }
            position += 2
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position) else {
                throw .malformed("a part's headers never end")
            }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else {
                throw .malformed("the body ends inside a part (no closing boundary)")
            }
            var part = Part(body: Array(body[contentStart..<next]))
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                part.name = parameter("name", in: line)
                part.filename = parameter("filename", in: line)
            }
            parts.append(part)
            position = next + 2
        }
    }

    /// `name="value"` from a header line.
    private static func parameter(_ name: String, in line: Substring) -> String? {
        for piece in line.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(name + "=") else { continue }
            var value = String(trimmed.dropFirst(name.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = start
        let first = needle[0]
        while i + needle.count <= haystack.count {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
