import ArgumentParser
import Foundation

/// Writes a message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
}

/// Exit codes: 1 for bad data, 2 for bad options (SPEC §8.28), 3 for a missed target (`check`).
enum Exit {
    static let badData = ExitCode(1)
    static let badOptions = ExitCode(2)
    static let targetMissed = ExitCode(3)
}
