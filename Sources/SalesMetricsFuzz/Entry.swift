import Foundation

#if LIBFUZZER
    /// libFuzzer's entry point (scripts/fuzz.sh builds with `-DLIBFUZZER -sanitize=fuzzer,address`);
    /// libFuzzer brings its own `main`.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzTarget.run(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without libFuzzer (a normal `swift build`): replays inputs, files or folders of files, such
    /// as the seed corpus or a crash file libFuzzer saved, so that a finding can be rerun and
    /// debugged with any build. A finding aborts with its message; otherwise it prints a count.
    @main
    enum Replay {
        static func main() {
            let paths = CommandLine.arguments.dropFirst()
            guard !paths.isEmpty else {
                print("usage: SalesMetricsFuzz FILE_OR_FOLDER…  (replays fuzz inputs; scripts/fuzz.sh fuzzes)")
                exit(2)
            }
            var count = 0
            for path in paths {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    print("\(path): no such file")
                    exit(2)
                }
                let files =
                    isFolder.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map {
                        path + "/" + $0
                    } : [path]
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    FuzzTarget.run([UInt8](data))
                    count += 1
                }
            }
            print("replayed \(count) inputs: no finding")
        }
    }
#endif
