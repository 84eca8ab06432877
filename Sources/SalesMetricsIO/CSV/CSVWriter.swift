import Foundation
import SalesMetrics

/// Writes one CSV file quickly: values are formatted straight into a byte buffer
/// that is flushed to disk in large blocks.
public final class CSVWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var firstInRow = true

    public init(url: URL, header: [String]) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: url.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
        for name in header { text(name) }
        endRow()
    }

    private func separator() {
        if !firstInRow { buffer.append(44) }
        firstInRow = false
    }

    public func endRow() {
        buffer.append(10)
        firstInRow = true
        if buffer.count >= 1 << 20 { flush() }
    }

    public func empty() { separator() }

    /// Text, quoted only when it holds a comma, quote or line break.
    public func text(_ value: String?) {
        separator()
        guard let value else { return }
        CSVField.append(value.utf8, to: &buffer)
    }

    public func integer(_ value: Int64) {
        separator()
        appendDigits(value)
    }

    private func appendDigits(_ value: Int64) {
        if value < 0 { buffer.append(45) }
        var v = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[i]) }
        }
    }

    private func appendPadded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            buffer.append(UInt8(48 + (v / divisor) % 10))
            v %= divisor
            divisor /= 10
        }
    }

    /// Money in cents as the shortest decimal.
    public func money(_ cents: Int64) {
        separator()
        appendDigits(cents / 100)
        let fraction = Int(cents.magnitude % 100)
        if fraction != 0 {
            buffer.append(46)
            if fraction % 10 == 0 { buffer.append(UInt8(48 + fraction / 10)) } else { appendPadded(fraction, width: 2) }
        }
    }

    /// Millionths as a short decimal (hours).
    public func micros(_ value: Int64) {
        separator()
        appendDigits(value / 1_000_000)
        var fraction = Int(value.magnitude % 1_000_000)
        if fraction == 0 { return }
        buffer.append(46)
        var width = 6
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        appendPadded(fraction, width: width)
    }

    /// `YYYY-MM-DD`; empty for `CivilDate.none` / `never`.
    public func date(_ day: Int32) {
        separator()
        guard day != CivilDate.none && day != CivilDate.never else { return }
        appendDate(day)
    }

    private func appendDate(_ day: Int32) {
        let (y, m, d) = CivilDate.components(day)
        appendPadded(y, width: 4)
        buffer.append(45)
        appendPadded(m, width: 2)
        buffer.append(45)
        appendPadded(d, width: 2)
    }

    /// An instant as `YYYY-MM-DDTHH:MM:SSZ`; empty for `Timestamp.none`.
    public func instant(_ ms: Int64) {
        separator()
        guard ms != Timestamp.none else { return }
        let day = ms.dividedRoundingDown(by: Timestamp.msPerDay)
        let rest = Int(ms - day * Timestamp.msPerDay) / 1000
        appendDate(Int32(day))
        buffer.append(84)
        appendPadded(rest / 3600, width: 2)
        buffer.append(58)
        appendPadded(rest / 60 % 60, width: 2)
        buffer.append(58)
        appendPadded(rest % 60, width: 2)
        buffer.append(90)
    }

    public func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() {
        flush()
        try? handle.close()
    }
}
