import Foundation

/// Prints an HTML page to PDF with headless Chromium.
public enum PDFPrinter {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The browser on PATH (or $SALESMETRICS_CHROMIUM), if any.
    public static func browser() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["SALESMETRICS_CHROMIUM"], FileManager.default.isExecutableFile(atPath: given) {
            return given
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in candidates {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }

    public static func print(html: String, to path: String) throws(Failure) {
        guard let browser = browser() else {
            throw Failure(
                description:
                    "PDF needs Chromium, which is not installed: apt-get install -y chromium (or write --format html and print it from a browser)."
            )
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("review.html")
        let target = URL(fileURLWithPath: path).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try html.write(to: page, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: browser)
            process.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--user-data-dir=" + folder.appendingPathComponent("profile").path,
                "--print-to-pdf=" + target.path, page.absoluteString,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: target.path) else {
                throw Failure(
                    description:
                        "Chromium (\(browser)) could not print the review (status \(process.terminationStatus)).")
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "Cannot print the review to \(path): \(error.localizedDescription)")
        }
    }

    /// The PDF of a page, as bytes.
    public static func pdf(html: String) throws(Failure) -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sm-\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try print(html: html, to: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "The printed PDF could not be read back.")
        }
        return Array(data)
    }
}
