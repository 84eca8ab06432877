/// Writing one CSV value (RFC 4180): quoted only when it holds a comma, quote or line break,
/// with quotes doubled.
public enum CSVField {
    // Inlinable so that other modules get it specialized for their byte collections (a generic
    // call per value made exporting a large table several times slower).
    @inlinable @inline(__always)
    public static func append<C: Collection>(_ value: C, to out: inout [UInt8]) where C.Element == UInt8 {
        if value.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            out.append(34)
            for b in value {
                if b == 34 { out.append(34) }
                out.append(b)
            }
            out.append(34)
        } else {
            out.append(contentsOf: value)
        }
    }
}
