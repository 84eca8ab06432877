import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum Terminal {
    /// The terminal's width, or nil (no limit) when standard output is not a terminal.
    static func width() -> Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(columns), n > 0 { return n }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    static var isInteractive: Bool { isatty(STDOUT_FILENO) != 0 }
}
