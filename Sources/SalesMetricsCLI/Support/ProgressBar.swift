import Foundation
import SalesMetrics

/// A one-line progress bar on the terminal: rows, rows per second, time left.
/// Silent when standard output is not a terminal (scripts, CI, pipes).
final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(total: Int, enabled: Bool = Terminal.isInteractive) {
        self.total = max(total, 1)
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        FileHandle.standardOutput.write(
            Data(("\r\u{1B}[K" + Self.line(done: done, total: total, elapsed: Date().timeIntervalSince(start))).utf8))
        drawn = true
    }

    /// Clears the bar before the summary is printed.
    func finish() {
        if drawn { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// `[#######.............]  35%  300,000 / 852,214 rows  410,000 rows/s  1 s left`
    static func line(done: Int, total: Int, elapsed: Double) -> String {
        let fraction = min(1, Double(done) / Double(max(total, 1)))
        let width = 20
        let filled = Int(fraction * Double(width))
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + String(format: "%3d%%  ", Int(fraction * 100))
            + "\(ValueFormat.grouped(UInt64(done))) / \(ValueFormat.grouped(UInt64(total))) rows  "
            + "\(ValueFormat.grouped(UInt64(rate))) rows/s  \(Int(left.rounded(.up))) s left"
    }
}
