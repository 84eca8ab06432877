/// One problem found while reading a dataset, located as `FILE:LINE: column 'NAME': …` (SPEC §6).
public struct DatasetIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, CaseIterable { case error, warning }

    public var severity: Severity
    public var file: String
    /// 1-based line of the record; nil for problems with the whole file.
    public var line: Int?
    public var column: String?
    public var message: String

    public init(_ severity: Severity, file: String, line: Int?, column: String?, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "column '\(column)': " }
        return text + message
    }
}

/// Reading failed: every error found (up to a limit, then a count).
public struct DatasetReadError: Error, Sendable, CustomStringConvertible {
    public var errors: [DatasetIssue]
    /// All errors, including those beyond the listed ones.
    public var errorCount: Int

    public var description: String {
        var lines = errors.map(\.description)
        if errorCount > errors.count { lines.append("… and \(errorCount - errors.count) more problems.") }
        let summary = errorCount == 1 ? "1 problem" : "\(errorCount) problems"
        lines.append("Nothing was read: \(summary) to fix.")
        return lines.joined(separator: "\n")
    }
}

/// Collects issues for one read, keeping the first `limit` errors.
final class IssueLog {
    let limit: Int
    private(set) var errors: [DatasetIssue] = []
    private(set) var warnings: [DatasetIssue] = []
    private(set) var errorCount = 0

    init(limit: Int) { self.limit = limit }

    func error(_ file: String, _ line: Int?, _ column: String?, _ message: String) {
        errorCount += 1
        if errors.count < limit {
            errors.append(DatasetIssue(.error, file: file, line: line, column: column, message: message))
        }
    }

    func warning(_ file: String, _ line: Int?, _ column: String?, _ message: String) {
        if warnings.count < limit {
            warnings.append(DatasetIssue(.warning, file: file, line: line, column: column, message: message))
        }
    }

    func merge(_ other: IssueLog) {
        for e in other.errors { error(e.file, e.line, e.column, e.message) }
        errorCount += other.errorCount - other.errors.count
        for w in other.warnings { warning(w.file, w.line, w.column, w.message) }
    }
}
