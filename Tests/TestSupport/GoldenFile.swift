import Foundation

/// Golden files: expected outputs checked in beside the tests that compare with them.
///
/// `UPDATE_GOLDEN=1 swift test` rewrites them on a developer's machine (read the diff before
/// committing it). In CI (`CI=true`) a set `UPDATE_GOLDEN` is a failure, never a rewrite: a
/// rewrite there would turn every difference green. Shared by the CLI and server suites so the
/// rule is written once; it reports problems as sentences so that it needs no test framework.
public enum GoldenFile {
    /// Compares `actual` with the file at `url`, or rewrites the file when updating. Returns what
    /// is wrong as a sentence (for `#expect(… == nil)`), or nil.
    public static func check(
        _ actual: String, at url: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws -> String?
    {
        if let update = environment["UPDATE_GOLDEN"] {
            if environment["CI"] == "true" {
                return "UPDATE_GOLDEN is set in CI (CI=true): golden files are compared, never rewritten there"
            }
            if update == "1" {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                return nil
            }
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "\(url.path) is missing; UPDATE_GOLDEN=1 swift test writes it"
        }
        return actual == expected ? nil : "\(url.lastPathComponent) differs; UPDATE_GOLDEN=1 swift test rewrites it"
    }
}
