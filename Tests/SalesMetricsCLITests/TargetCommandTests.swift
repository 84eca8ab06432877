import Foundation
import TestSupport
import Testing

/// `targets` and `check` as a user runs them: the binary, its output and exit status.
struct TargetCommandTests {
    let cli = CommandTests()

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-targets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func targetsAreListedSetImportedAndRemoved() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = ["--db", folder.appendingPathComponent("t.sqlite").path]
        let list = try cli.run(["targets", "list"] + db)
        #expect(list.status == 0)
        #expect(list.stdout.contains("cltv-cac-3") && list.stdout.contains("CLTV : CAC at least 3.00×"))

        let set = try cli.run(
            ["targets", "set", "--name", "win", "--metric", "win_rate", "--at-least", "25%", "--grain", "quarter"] + db)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "Set 'win': Win rate at least 25.0% (quarterly).\n")
        let bad = try cli.run(["targets", "set", "--name", "x", "--metric", "cac", "--at-most", "lots"] + db)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--at-most: 'lots' is not a value of cac"))

        // A file with problems: each named with its line and column, and nothing imported.
        let file = folder.appendingPathComponent("targets.yml")
        try """
        targets:
          - name: enterprise
            metric: win_rate
            at_least: 30%
            scope: {segment: Enterprise}
          - name: broken
            metric: revenue
            at_least: 5
          - name: enterprise
            metric: cac
            at_most: 900
            colour: red
        """.write(to: file, atomically: true, encoding: .utf8)
        let refused = try cli.run(["targets", "import", file.path] + db)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("targets.yml:7:13: target 'broken': 'metric': unknown id 'revenue'"))
        #expect(refused.stderr.contains("targets.yml:12:5: unknown field 'colour'"))
        #expect(refused.stderr.contains("targets.yml:9:11: the name 'enterprise' is used twice (first on line 2)"))
        #expect(try cli.run(["targets", "list"] + db).stdout.contains("enterprise") == false)

        try """
        targets:
          - name: enterprise
            metric: win_rate
            at_least: 30%
            scope: {segment: Enterprise}
            note: "Board plan: 30%"
        """.write(to: file, atomically: true, encoding: .utf8)
        #expect(try cli.run(["targets", "import", file.path] + db).stdout == "Imported 1 target from \(file.path).\n")
        // The YAML listing reads back as the same targets.
        let yaml = try cli.run(["targets", "list", "--format", "yaml"] + db).stdout
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        #expect(try cli.run(["targets", "import", file.path] + db).status == 0)
        #expect(try cli.run(["targets", "list", "--format", "yaml"] + db).stdout == yaml)
        #expect(yaml.contains("scope: {segment: \"Enterprise\"}"))

        #expect(try cli.run(["targets", "remove", "cltv-cac-3"] + db).status == 0)
        #expect(try cli.run(["targets", "remove", "cltv-cac-3"] + db).status == 2)
        #expect(try !cli.run(["targets", "list"] + db).stdout.contains("cltv-cac-3"))
    }

    /// Hostile files: a YAML alias bomb (10^14 leaves if expanded), a file past 1 MiB, binary bytes.
    @Test func hostileTargetsFilesAreRefusedQuickly() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = ["--db", folder.appendingPathComponent("t.sqlite").path]
        var items = [#"&a0 ["x","x","x","x","x","x","x","x","x","x"]"#]
        for i in 1..<14 {
            items.append("&a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ",") + "]")
        }
        let bomb =
            "targets:\n" + items.map { "  - \($0)\n" }.joined()
            + "  - {name: x, metric: deals_won, at_least: 1, note: *a13}\n"
        let files: [(String, Data)] = [
            ("bomb.yml", Data(bomb.utf8)),
            ("large.yml", Data(("targets:\n" + String(repeating: "# padding\n", count: 110_000)).utf8)),
            ("binary.yml", Data([0xFF, 0xFE, 0x00, 0x01, 0xC3, 0x28])),
        ]
        for (name, data) in files {
            let file = folder.appendingPathComponent(name)
            try data.write(to: file)
            let r = try cli.run(["targets", "import", file.path] + db)
            #expect(r.status == 1, "\(name): \(r.stderr.prefix(300))")
            #expect(r.stderr.contains(name), "\(name)")
        }
        #expect(try cli.run(["targets", "list"] + db).stdout.contains("\nx ") == false)
    }

    /// The tiny fixture won $12,000 in 2024-02.
    func check(_ target: String, _ extra: [String] = []) throws -> CommandTests.Run {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("targets.yml")
        try "targets:\n  - {name: revenue, metric: total_revenue, \(target)}\n".write(
            to: file, atomically: true, encoding: .utf8)
        return try cli.run(
            ["check", "--data", GoldenTests.tiny, "--targets", file.path, "--period", "2024-02"] + extra)
    }

    @Test func checkExitsWith3WhenATargetIsMissed() throws {
        let met = try check("at_least: 12000")
        #expect(met.status == 0, "\(met.stderr)")
        #expect(met.stdout.contains("2024-02: all 1 target with a value met"))
        #expect(met.stdout.contains("✓ met  Total revenue at least $12,000 — 2024-02: $12,000 (±$0)"))
        let missed = try check("at_least: 12000.01")
        #expect(missed.status == 3)
        #expect(missed.stdout.contains("✗ missed  Total revenue at least $12,000.01 — 2024-02: $12,000 (−$0.01)"))
        for period in ["2024-13", "March"] {
            let wrong = try check("at_least: 1", ["--period", period])
            #expect(wrong.status == 2 && wrong.stderr.contains("--period"), "\(wrong.stderr)")
        }
    }

    @Test func checkPostsOneMessageToAWebhook() throws {
        let receiver = try LoopbackReceiver()
        defer { receiver.stop() }
        let r = try check("at_most: 5000", ["--webhook", receiver.url])
        #expect(r.status == 3)
        let bodies = receiver.wait(for: 1)
        #expect(bodies.count == 1)
        let json = try JSONSerialization.jsonObject(with: Data(bodies.first?.utf8 ?? "{}".utf8)) as? [String: Any]
        #expect((json?["text"] as? String)?.hasPrefix("SalesMetrics · 2024-02: 1 of 1 target missed\n✗ missed") == true)
        #expect(json?["missed"] as? Int == 1)
        #expect((json?["targets"] as? [[String: Any]])?.first?["state"] as? String == "missed")
        // A receiver that is not there: a sentence and exit 1, never a hang.
        receiver.stop()
        let down = try check("at_most: 5000", ["--webhook", "http://127.0.0.1:9/hook"])
        #expect(down.status == 1)
        #expect(down.stderr.contains("The webhook http://127.0.0.1:9/… did not answer"))
    }
}
