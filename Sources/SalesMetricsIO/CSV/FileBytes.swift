import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reading a whole file into bytes.
public enum FileBytes {
    /// The file's bytes, or nil if it cannot be read. A regular file is read straight into the
    /// array: `FileManager.contents` reads into `Data`, which a caller then copies once more
    /// (hundreds of megabytes for a large export). Pipes and devices go through `FileManager`.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](uninitializedCount: size) { buffer, count in
            count = 0
            while count < size {
                let n = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failed = true }
                if n <= 0 { break }
                count += n
            }
        }
        return failed ? nil : bytes
    }
}
