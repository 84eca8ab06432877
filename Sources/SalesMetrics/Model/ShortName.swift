/// The names people type to refer to things they made (tokens, targets): short identifiers
/// that read well in lists and commands and need no quoting in a shell or a URL.
public enum ShortName {
    /// 1 to 64 ASCII letters, digits, `-`, `_` or `.`.
    public static func isValid(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                    || "-_.".unicodeScalars.contains($0)
            }
    }

    public static let rule = "use 1 to 64 letters, digits, '-', '_' or '.'"
}
