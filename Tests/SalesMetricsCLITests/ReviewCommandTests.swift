import Foundation
import TestSupport
import Testing

/// `salesmetrics review` as a user runs it, on the tiny fixture.
struct ReviewCommandTests {
    let cli = CommandTests()

    func review(_ arguments: [String]) throws -> CommandTests.Run {
        try cli.run(["review", "--data", GoldenTests.tiny] + arguments)
    }

    @Test func markdownReviewOfAQuarter() throws {
        let r = try review(["--period", "2024-Q1"])
        #expect(r.status == 0, "\(r.stderr)")
        let problem = try GoldenFile.check(
            r.stdout, at: GoldenTests.root.appendingPathComponent("Golden/review-2024-Q1.markdown"))
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test func jsonCarriesTheNumbersAndHTMLStandsAlone() throws {
        let json = try review(["--period", "2024-03", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["cadence"] as? String == "monthly" && object?["period"] as? String == "2024-03")
        let headline = object?["headline"] as? [[String: Any]] ?? []
        #expect(headline.first { $0["metric"] as? String == "total_revenue" }?["value"] as? Double == 12000.25)

        let html = try review(["--period", "2024", "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.hasPrefix("<!doctype html>") && html.stdout.contains("<style>@page{size:A4"))
        #expect(html.stdout.contains("The four quarters"))
        // Self-contained: no stylesheet, script or image is fetched.
        for outside in ["<link", "<script", "src=", "http://", "https://"] {
            #expect(!html.stdout.contains(outside), "\(outside)")
        }
    }

    @Test func badPeriodsAndAMissingBrowserAreSentences() throws {
        for period in ["2024-W05", "2024-13", "Q1"] {
            let r = try review(["--period", period])
            #expect(r.status == 2 && r.stderr.contains("--period"), "\(period): \(r.stderr)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-review-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try cli.run(
            [
                "review", "--data", GoldenTests.tiny, "--period", "2024-Q1", "--format", "pdf", "--out",
                folder.appendingPathComponent("q1.pdf").path,
            ], environment: ["PATH": "/nonexistent"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("PDF needs Chromium, which is not installed: apt-get install -y chromium"))
    }
}
