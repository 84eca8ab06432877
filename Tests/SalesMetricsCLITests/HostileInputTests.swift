import Foundation
import TestSupport
import Testing

/// What broke the release binary, run as a user runs it (CI points `SALESMETRICS_BINARY` at the
/// release build): references to missing reps and accounts, the largest legal values from the
/// folder and from the database, values past their bounds, and requests for unbounded work.
/// Each must exit with its documented status and sentence, never a signal.
@Suite struct HostileInputTests {
    let command = CommandTests()

    func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let deals = "opportunity_id,owner_id,account_id,created_at,status,closed_at,amount\n"

    /// The smallest case: SIGSEGV in the release build.
    @Test func aDealOwnedByARepMissingFromRepsCSV() throws {
        let dir = try folder([
            "reps.csv": "rep_id,name\nr1,A\n",
            "opportunities.csv":
                "opportunity_id,owner_id,created_at,status,closed_at,amount\no1,r2,2024-01-02,won,2024-01-05,100\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try command.run([
            "report", "--data", dir.path, "--from", "2024-01-01", "--to", "2024-02-01", "--metrics", "total_revenue",
            "--format", "csv", "--by", "owner",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "warning: opportunities.csv:2: column 'owner_id': unknown rep \"r2\" (not in reps.csv)\n")
        #expect(r.stdout.contains("2024-01,2024-01-01,2024-02-01,,,total_revenue,100\n"))
        #expect(r.stdout.contains("2024-01,2024-01-01,2024-02-01,owner,r2,total_revenue,100\n"))
    }

    /// `import` of a folder without reps.csv and accounts.csv crashed the same way.
    @Test func importWithoutRepsAndAccounts() throws {
        var deals = Self.deals
        for i in 0..<300 { deals += "o\(i),r\(i % 17),a\(i % 23),2024-01-02,won,2024-01-05,\(i)\n" }
        let dir = try folder([
            "opportunities.csv": deals,
            "quotas.csv": "rep_id,period_start,period_end,amount\nr3,2024-01-01,2024-01-31,10\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        let imported = try command.run(["import", dir.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let r = try command.run([
            "report", "--db", db, "--from", "2024-01-01", "--to", "2024-02-01", "--metrics", "total_revenue",
            "--format", "csv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("total_revenue,44850\n"))  // 0 + 1 + … + 299
    }

    /// 100 won deals of 999,999,999,999,999.99 imported fine and then every report trapped, from
    /// the folder and from the database, after every restart. The same for MRR and spend.
    @Test func theLargestLegalValuesFromTheFolderAndTheDatabase() throws {
        var deals = Self.deals
        for i in 0..<LargestValues.rows { deals += "o\(i),r1,a1,2024-01-02,won,2024-01-05,\(LargestValues.money)\n" }
        let dir = try folder([
            "opportunities.csv": deals, "subscriptions.csv": LargestValues.subscriptions,
            "spend.csv": LargestValues.spend,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        #expect(try command.run(["import", dir.path, "--db", db]).status == 0)
        let options = [
            "--from", "2024-01-01", "--to", "2024-02-01", "--metrics", "total_revenue,mrr,arr,marketing_spend",
            "--format", "csv",
        ]
        for source in [["--data", dir.path], ["--db", db], ["--db", db]] {
            let r = try command.run(["report"] + source + options)
            #expect(r.status == 0, "\(source): \(r.stderr)")
            #expect(r.stdout.contains(",total_revenue,99999999999999999\n"))
            #expect(r.stdout.contains(",mrr,99999999999999999\n"))
            #expect(r.stdout.contains(",arr,1199999999999999988\n"))
            #expect(r.stdout.contains(",marketing_spend,99999999999999999\n"))
        }
        for by in ["owner", "team", "source", "segment", "product", "region"] {
            let r = try command.run(["report", "--db", db, "--by", by, "--format", "json"])
            #expect(r.status == 0, "\(by): \(r.stderr)")
        }
        let table = try command.run(["report", "--db", db, "--width", "200"])
        #expect(table.status == 0, "\(table.stderr)")
    }

    @Test func valuesPastTheirBoundsAreRefusedWithFileLineAndColumn() throws {
        let dir = try folder([
            "activities.csv": "rep_id,date,selling_hours,total_hours\nr1,2024-01-01,10000000000000,10000000000000\n",
            "opportunities.csv": Self.deals + "o1,r1,a1,2024-01-02,won,2024-01-05,1000000000000000\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try command.run(["report", "--data", dir.path])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "activities.csv:2: column 'selling_hours': \"10000000000000\" is too large; hours must be below 1,000,000,000 (at most 9 digits before the point)"
            ))
        #expect(
            r.stderr.contains(
                "opportunities.csv:2: column 'amount': \"1000000000000000\" is too large; amounts must be below 1,000,000,000,000,000 (at most 15 digits before the point)"
            ))
        let db = dir.appendingPathComponent("x.sqlite").path
        let imported = try command.run(["import", dir.path, "--db", db])
        #expect(imported.status == 1)
        // All or nothing: the refused import left no deal behind.
        let after = try command.run(["report", "--db", db, "--metrics", "deals_won", "--format", "csv"])
        #expect(!after.stdout.contains(",deals_won,1\n"))
    }

    /// Two deals, 10,000 years of weeks by owner: 31 s and 6.2 GB before; now a sentence at once.
    @Test func unboundedRequestsAreRefusedBeforeAnyWork() throws {
        let dir = try folder([
            "opportunities.csv": Self.deals
                + "o1,r1,a1,2024-01-02,won,2024-01-05,100\no2,r2,a1,2024-01-02,won,2024-01-05,100\n"
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let started = Date()
        let r = try command.run([
            "report", "--data", dir.path, "--from", "0001-01-01", "--to", "9999-12-31", "--grain", "week", "--by",
            "owner",
        ])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "Error: The range 0001-01-01 to 9999-12-31 is outside the years reports cover: it must lie between 1900-01-01 and 2200-01-01.\n"
        )
        let weeks = try command.run(["report", "--data", dir.path, "--from", "1900-01-01", "--grain", "week"])
        #expect(weeks.status == 2)
        #expect(weeks.stderr.contains("holds more than 1,000 weekly periods"))
        // Refusals come before the work: far below the 31 s of the issue, on any machine.
        #expect(Date().timeIntervalSince(started) < 20)
    }
}
