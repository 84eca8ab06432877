import Foundation
import SalesMetricsIO
import Testing

/// The built `salesmetrics` binary: exit codes and messages as a user sees them.
@Suite struct CommandTests {
    static let binary: URL = {
        // CI points this at the release build, the binary users run (.ci/run).
        if let path = ProcessInfo.processInfo.environment["SALESMETRICS_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        // The test bundle and the executable are built into the same folder.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("salesmetrics").path)
            && folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("salesmetrics")
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts the binary in the background, its output discarded.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    static let scoring = GoldenTests.root.appendingPathComponent("Fixtures/scoring").path

    /// `score leads` on leads with attributes: the open leads by score with their reasons, and
    /// the same numbers in CSV and JSON.
    @Test func scoreLeadsPrintsOpenLeadsWithReasons() throws {
        let table = try run(["score", "leads", "--data", Self.scoring, "--as-of", "2024-08-01", "--horizon", "60"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("How well it has worked: learned from the earliest 76 leads"))
        #expect(table.stdout.contains("Open leads to call first (15 within 60 days"))
        let csv = try run([
            "score", "leads", "--data", Self.scoring, "--as-of", "2024-08-01", "--horizon", "60", "--format", "csv",
        ])
        #expect(csv.status == 0)
        #expect(csv.stdout.split(separator: "\n").count == 16)
        #expect(
            csv.stdout.hasPrefix(
                "lead_id,score,probability,owner,source,created_at,reasons_for,reasons_against\nx118,89,"))
        let json = try run([
            "score", "leads", "--data", Self.scoring, "--as-of", "2024-08-01", "--horizon", "60", "--format", "json",
            "--limit", "2",
        ])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["leads"] as? [Any])?.count == 2)
        #expect(object?["open_leads"] as? Int == 15)
    }

    /// Bad options exit 2 before any data is read; data that cannot be scored exits 1 with the fix.
    @Test func scoreLeadsRefusalsSayWhatToChange() throws {
        for (arguments, message) in [
            (["--as-of", "2024-13-01"], "--as-of \"2024-13-01\" is not a date"),
            (["--horizon", "0"], "--horizon 0 is out of range"),
            (["--horizon", "99999999999999999999"], "horizon"),
            (["--timezone", "Mars/Olympus"], "Mars/Olympus"),
            (["--limit=-1"], "--limit -1 is negative"),
            (["--format", "pdf"], "'pdf' is invalid"),
            (["--attribute-kind", "visits=text"], "--attribute-kind \"visits=text\" is not NAME=category"),
        ] {
            let r = try run(["score", "leads", "--data", "/nonexistent"] + arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
        let unknown = try run(["score", "leads", "--data", Self.scoring, "--attribute-kind", "zip=category"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no attribute is named \"zip\"; the attributes are"), "\(unknown.stderr)")
        let declared = try run([
            "score", "leads", "--data", Self.scoring, "--as-of", "2024-08-01", "--attribute-kind", "Visits=category",
        ])
        #expect(declared.status == 0, "\(declared.stderr)")
        let early = try run(["score", "leads", "--data", Self.scoring, "--as-of", "2024-01-15"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("give --as-of 2024-04-01 or later"), "\(early.stderr)")
        let noLeads = try run([
            "score", "leads", "--data", GoldenTests.root.appendingPathComponent("Fixtures/tiny").path, "--as-of",
            "2024-06-01", "--horizon", "1000",
        ])
        #expect(noLeads.status == 1)
        #expect(noLeads.stderr.contains("no lead's outcome is known"), "\(noLeads.stderr)")
    }

    /// `score accounts` without usage.csv names the missing file; bad options exit 2.
    @Test func scoreAccountsRefusals() throws {
        let tiny = GoldenTests.root.appendingPathComponent("Fixtures/tiny").path
        let missing = try run(["score", "accounts", "--data", tiny])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("usage.csv is missing"), "\(missing.stderr)")
        let bad = try run(["score", "accounts", "--data", tiny, "--as-of", "yesterday"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--as-of \"yesterday\" is not a date"))
    }

    @Test func unknownMetricExitsWithStatus2AndListsTheValidIds() throws {
        let r = try run(["report", "--data", GoldenTests.tiny, "--metrics", "revenue,win_rate"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: Unknown metric id 'revenue'. Valid ids: total_revenue, deals_won,"))
        #expect(r.stdout.isEmpty)
    }

    @Test func badOptionsAreSentences() throws {
        let range = try run(["report", "--data", GoldenTests.tiny, "--from", "2024-03-01", "--to", "2024-03-01"])
        #expect(range.status == 2)
        #expect(
            range.stderr
                == "Error: The range is empty: --from 2024-03-01 must be before --to 2024-03-01 (--to is exclusive).\n")
        let zone = try run(["report", "--data", GoldenTests.tiny, "--timezone", "Moon/Base"])
        #expect(zone.status == 2)
        #expect(zone.stderr.contains("Unknown time zone 'Moon/Base'"))
        let date = try run(["report", "--data", GoldenTests.tiny, "--from", "01/02/2024"])
        #expect(date.stderr == "Error: --from \"01/02/2024\" is not a date; write YYYY-MM-DD.\n")
    }

    /// Options that do not depend on the data are checked before any data is read: with a folder
    /// that does not exist, the option's sentence comes, not the folder's.
    @Test func optionsAreCheckedBeforeTheDataIsRead() throws {
        let missing = "/nonexistent/salesmetrics-data"
        for (arguments, message) in [
            (["--metrics", "revenu"], "Error: Unknown metric id 'revenu'."),
            (["--from", "2024-13-01"], "Error: --from \"2024-13-01\" is not a date"),
            (["--timezone", "Moon/Base"], "Error: Unknown time zone 'Moon/Base'"),
            (["--fiscal-year-start-month", "13"], "Error: The fiscal year start month must be 1 to 12, not 13."),
        ] {
            let r = try run(["report", "--data", missing] + arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.hasPrefix(message), "\(arguments): \(r.stderr)")
        }
        // A good option set gets as far as the folder.
        #expect(try run(["report", "--data", missing]).status == 1)
    }

    @Test func badDataExitsWithStatus1AndListsEveryProblem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "opportunity_id,created_at,status,closed_at,amount\no1,2024-01-01,won,,5\no1,2024-01-01,open,,$5\n"
            .write(to: folder.appendingPathComponent("opportunities.csv"), atomically: true, encoding: .utf8)
        let r = try run(["report", "--data", folder.path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(
            r.stderr.contains("opportunities.csv:2: column 'closed_at': a won deal needs closed_at, the day it closed"))
        #expect(
            r.stderr.contains(
                "opportunities.csv:3: column 'opportunity_id': duplicate id \"o1\" (first on line 2); ids must be unique"
            ))
        #expect(r.stderr.contains("opportunities.csv:3: column 'amount': \"$5\" is not an amount of money"))
        #expect(r.stderr.hasSuffix("Nothing was read: 3 problems to fix.\n"))
    }

    @Test func warningsGoToStandardError() throws {
        let r = try run([
            "report", "--data", GoldenTests.tiny, "--metrics", "deals_won", "--format", "json", "--from", "2024-01-01",
            "--to", "2024-02-01",
        ])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.hasPrefix("{\n  \"currency\": \"USD\","))
    }

    @Test func demoWritesAllFilesAndPrintsTheLastSixMonths() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try run(["demo", folder.path, "--scale", "0.05", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.count == 12)
        #expect(r.stdout.contains("2025-07,2025-07-01,2025-08-01,,,total_revenue,"))
        #expect(r.stdout.contains("2025-12,2025-12-01,2026-01-01,,,nps,"))
        #expect(!r.stdout.contains("2025-06,"))
        // Deterministic: the same seed writes the same files.
        let again = folder.appendingPathComponent("again")
        _ = try run(["demo", again.path, "--scale", "0.05", "--format", "csv"])
        for file in files where file.hasSuffix(".csv") {
            #expect(
                FileManager.default.contentsEqual(
                    atPath: folder.appendingPathComponent(file).path, andPath: again.appendingPathComponent(file).path))
        }
    }

    @Test func demoRejectsAnOutOfRangeScale() throws {
        let r = try run(["demo", "/tmp/unused", "--scale", "1000"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--scale must be between 0.01 and 100, not 1000.0."))
    }

    @Test func metricsCommand() throws {
        let one = try run(["metrics", "churn_rate"])
        #expect(one.status == 0)
        #expect(one.stdout.contains("Formula:    |S(P) \\ E(P)| / |S(P)|"))
        let unknown = try run(["metrics", "churn"])
        #expect(unknown.status == 2)
    }

    @Test func importThenReportFromTheDatabase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data.sqlite").path
        let missing = try run(["report", "--db", db])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains(
                "does not exist. Import a dataset first (salesmetrics import DIR) or give --data DIR."))
        let imported = try run(["import", GoldenTests.tiny, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("opportunities.csv: 5 inserted, 0 updated, 0 unchanged"))
        #expect(!imported.stdout.contains("\r"), "no progress bar when stdout is not a terminal")
        let range = ["--from", "2024-01-01", "--to", "2024-04-01", "--format", "json"]
        let fromDB = try run(["report", "--db", db] + range)
        let fromFolder = try run(["report", "--data", GoldenTests.tiny] + range)
        #expect(fromDB.status == 0)
        #expect(fromDB.stdout == fromFolder.stdout)
        // A bad file: every problem listed, nothing changed.
        let bad = folder.appendingPathComponent("leads.csv")
        try "lead_id,created_at\nl9,yesterday\n".write(to: bad, atomically: true, encoding: .utf8)
        let rejected = try run(["import", bad.path, "--db", db])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("leads.csv:2: column 'created_at': \"yesterday\" is not a timestamp"))
        #expect(rejected.stderr.hasSuffix("The database was not changed.\n"))
        #expect(try run(["report", "--db", db] + range).stdout == fromFolder.stdout)
        // Export writes the folder back.
        let exported = folder.appendingPathComponent("export").path
        #expect(try run(["export", exported, "--db", db]).status == 0)
        #expect(try run(["report", "--data", exported] + range).stdout == fromFolder.stdout)
        let unknown = try run(["import", GoldenTests.tiny + "/../Fixtures", "--db", db])
        #expect(unknown.status == 2)
    }

    /// `kill -9` in the middle of an import's transaction leaves the database as it was.
    @Test func killedImportChangesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data.sqlite").path
        #expect(try run(["import", GoldenTests.tiny, "--db", db]).status == 0)
        let range = ["--from", "2024-01-01", "--to", "2024-04-01", "--format", "json"]
        let before = try run(["report", "--db", db] + range)
        let big = folder.appendingPathComponent("big").path
        _ = try DemoGenerator(seed: 1, scale: 1).write(to: URL(fileURLWithPath: big))
        // What a completed import gives, in a copy.
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: copy)
        #expect(try run(["import", big, "--db", copy]).status == 0)
        let completed = try run(["report", "--db", copy] + range)
        #expect(completed.stdout != before.stdout)

        let process = try start(["import", big, "--db", db])
        // Wait until the import's transaction holds SQLite's write lock, then kill.
        let deadline = Date().addingTimeInterval(60)
        var writing = false
        while !writing && Date() < deadline && process.isRunning {
            writing = Self.holdsWriteLock(db)
            if !writing { usleep(200) }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(writing, "the import finished before its transaction was seen")
        #expect(process.terminationReason == .uncaughtSignal)

        let after = try run(["report", "--db", db] + range)
        #expect(after.status == 0)
        // As it was; or, in the rare run where the kill lands between the lock check and the
        // signal just as the transaction commits, the completed import. Never a mix.
        #expect(after.stdout == before.stdout || after.stdout == completed.stdout)
        // And the database still takes the import afterwards.
        #expect(try run(["import", big, "--db", db]).status == 0)
        #expect(try run(["report", "--db", db] + range).stdout == completed.stdout)
    }

    /// Whether another process holds the write lock of the SQLite database at `path`: in WAL
    /// mode, a write transaction holds byte 120 of the `-shm` file from its first write to its
    /// commit or rollback.
    static func holdsWriteLock(_ path: String) -> Bool {
        let fd = open(path + "-shm", O_RDWR)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 120
        lock.l_len = 1
        guard fcntl(fd, F_GETLK, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }

    /// Any deal export through a YAML mapping, and the built-in CRM formats.
    @Test func importWithAMappingFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data.sqlite").path
        let deals = folder.appendingPathComponent("pipeline-export.csv")
        try "Ref;Opened;Result;Closed;Value\n".replacingOccurrences(of: ";", with: ",")
            .appending(
                "D1,11/03/2024,Gagné,20/03/2024,1000\nD2,12/03/2024,Perdu,21/03/2024,50\nD3,13/03/2024,En cours,,70\n"
            )
            .write(to: deals, atomically: true, encoding: .utf8)
        let mapping = folder.appendingPathComponent("mapping.yml")
        try """
        columns:
          opportunity_id: [Ref]
          created_at: [Opened]
          close_date: [Closed]
          amount: [Value]
        status:
          column: [Result]
          won: [Gagné]
          lost: [Perdu]
        date_order: DMY
        """.write(to: mapping, atomically: true, encoding: .utf8)
        let imported = try run(["import", deals.path, "--mapping", mapping.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("opportunities.csv: 3 inserted, 0 updated, 0 unchanged"))
        let report = try run([
            "report", "--db", db, "--from", "2024-03-01", "--to", "2024-04-01", "--metrics", "total_revenue,win_rate",
            "--format", "csv",
        ])
        #expect(report.stdout.contains("total_revenue,1000\n"))
        #expect(report.stdout.contains("win_rate,0.5\n"))
        try "columns: [oops]".write(to: mapping, atomically: true, encoding: .utf8)
        let bad = try run(["import", deals.path, "--mapping", mapping.path, "--db", db])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("is not a deal mapping"))
        let wrongFormat = try run(["import", deals.path, "--format", "salesforce", "--db", db])
        #expect(wrongFormat.status == 2)
        #expect(wrongFormat.stderr.contains("pipeline-export.csv:1: not a salesforce export this importer reads"))
        // Every entity of a CRM's export, each file recognised by its header: a folder of them.
        let crm = folder.appendingPathComponent("salesforce")
        try FileManager.default.createDirectory(at: crm, withIntermediateDirectories: true)
        try "\"Id\",\"Name\",\"Industry\"\n\"0011\",\"Acme\",\"Retail\"\n".write(
            to: crm.appendingPathComponent("Account.csv"), atomically: true, encoding: .utf8)
        try
            "Id,CreatedDate,LeadSource,IsConverted,ConvertedDate,ConvertedAccountId\nL1,2024-03-01,Web,1,2024-03-05,0011\nL2,2024-03-02,Web,0,,\n"
            .write(to: crm.appendingPathComponent("Lead.csv"), atomically: true, encoding: .utf8)
        try "Id,OpportunityId,CreatedDate,StageName\nH1,D1,2024-03-01,Prospecting\nH2,D1,2024-03-10,Closed Won\n".write(
            to: crm.appendingPathComponent("OpportunityHistory.csv"), atomically: true, encoding: .utf8)
        let all = try run(["import", crm.path, "--format", "salesforce", "--db", db])
        #expect(all.status == 0, "\(all.stderr)")
        for line in ["accounts.csv: 1 inserted", "leads.csv: 2 inserted", "stage_history.csv: 2 inserted"] {
            #expect(all.stdout.contains(line), "\(all.stdout)")
        }
        let leads = try run([
            "report", "--db", db, "--from", "2024-03-01", "--to", "2024-04-01", "--metrics", "lead_conversion_rate",
            "--format", "csv",
        ])
        #expect(leads.stdout.contains("lead_conversion_rate,0.5\n"), "\(leads.stdout)")
    }

    /// The mappings that ship as examples (docs/examples), on small files in the datasets' layouts:
    /// Olist's two files joined into leads and won deals, RavenStack's accounts and subscriptions.
    @Test func theExampleMappingsImport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-ex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = GoldenTests.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/examples")
        let db = folder.appendingPathComponent("data.sqlite").path
        func write(_ name: String, _ text: String) throws -> String {
            let file = folder.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }
        let mqls = try write(
            "olist_marketing_qualified_leads_dataset.csv",
            "mql_id,first_contact_date,landing_page_id,origin\nm1,2017-07-10,p1,paid_search\nm2,2018-01-11,p1,paid_search\n"
                + "m3,2018-01-12,p2,social\nm4,2018-05-31,p2,\n")
        let won = try write(
            "olist_closed_deals_dataset.csv",
            "mql_id,seller_id,sdr_id,sr_id,won_date,business_segment,lead_type\n"
                + "m1,s1,d1,r1,2018-01-20 10:30:00,pet,online_big\nm4,s4,d2,r2,2018-05-29 08:00:00,toys,offline\n")
        let imported = try run([
            "import", mqls, won, "--mapping", examples.appendingPathComponent("olist.yml").path, "--db", db,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("leads.csv: 4 inserted"), "\(imported.stdout)")
        #expect(imported.stdout.contains("opportunities.csv: 2 inserted"), "\(imported.stdout)")
        let report = try run([
            "report", "--db", db, "--grain", "year", "--fiscal-year-start-month", "6", "--from", "2017-06-01", "--to",
            "2018-06-01", "--metrics", "lead_conversion_rate,deals_won", "--format", "csv",
        ])
        #expect(report.stdout.contains("lead_conversion_rate,0.5\n"), "\(report.stdout) \(report.stderr)")
        #expect(report.stdout.contains("deals_won,2\n"), "\(report.stdout)")

        let accounts = try write(
            "ravenstack_accounts.csv",
            "account_id,account_name,industry,country,signup_date,referral_source,plan_tier,seats,is_trial,churn_flag\r\n"
                + "A-1,Company_0,EdTech,US,2023-01-02,partner,Basic,9,False,False\r\n"
                + "A-2,Company_1,FinTech,IN,2023-02-02,other,Pro,18,False,True\r\n")
        let subscriptions = try write(
            "ravenstack_subscriptions.csv",
            "subscription_id,account_id,start_date,end_date,plan_tier,seats,mrr_amount,arr_amount,is_trial\r\n"
                + "S-1,A-1,2023-01-09,2023-06-30,Basic,9,100,1200,False\r\nS-2,A-1,2023-03-01,,Basic,9,50,600,False\r\n"
                + "S-3,A-2,2023-06-15,,Pro,1,0,0,True\r\n")
        let raven = try run([
            "import", accounts, subscriptions, "--mapping", examples.appendingPathComponent("ravenstack.yml").path,
            "--db", db,
        ])
        #expect(raven.status == 0, "\(raven.stderr)")
        let mrr = try run([
            "report", "--db", db, "--grain", "month", "--from", "2023-06-01", "--to", "2023-07-01", "--metrics",
            "mrr,active_customers", "--format", "csv",
        ])
        #expect(mrr.stdout.contains("mrr,50\n"), "\(mrr.stdout) \(mrr.stderr)")
        #expect(mrr.stdout.contains("active_customers,1\n"), "\(mrr.stdout)")

        // Its feature usage, per subscription, as usage per account; then the engagement score.
        let usage = try write(
            "ravenstack_feature_usage.csv",
            "usage_id,subscription_id,usage_date,feature_name,usage_count,usage_duration_secs,error_count,is_beta_feature\r\n"
                + "U-1,S-1,2023-05-01,feature_1,9,60,0,False\r\nU-2,S-2,2023-05-02,feature_2,3,60,0,False\r\n")
        let used = try run([
            "import", usage, subscriptions, "--mapping", examples.appendingPathComponent("ravenstack-usage.yml").path,
            "--db", db,
        ])
        #expect(used.status == 0, "\(used.stderr)")
        let scored = try run(["score", "accounts", "--db", db, "--as-of", "2023-05-31", "--format", "csv"])
        #expect(scored.stdout.contains("\nA-1,Company_0,Basic,150,"), "\(scored.stdout) \(scored.stderr)")

        // A mapping's problems name the mapping file's line and column; the database is unchanged.
        let bad = try write("bad.yml", "entities:\n  - entity: lead\n    file: x.csv\n")
        let refused = try run(["import", mqls, "--mapping", bad, "--db", db])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("bad.yml:2:13: 'entity' names the dataset file to fill"), "\(refused.stderr)")
    }

    /// The dataset currency (SPEC §1 "Currencies"): amounts in others are converted with
    /// fx_rates.csv, reading a folder or a store; another --currency converts to that one.
    @Test func reportsConvertCurrencies() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-fx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try
            "opportunity_id,created_at,status,closed_at,amount,currency\nd1,2024-03-01,won,2024-03-10,100,EUR\nd2,2024-03-01,won,2024-03-11,50,usd\n"
            .write(to: folder.appendingPathComponent("opportunities.csv"), atomically: true, encoding: .utf8)
        try "currency,valid_from,rate\nEUR,2024-01-01,1.1\nUSD,2024-01-01,0.9\n".write(
            to: folder.appendingPathComponent("fx_rates.csv"), atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("fx.sqlite").path
        let args = ["--from", "2024-03-01", "--to", "2024-04-01", "--metrics", "total_revenue", "--format", "csv"]
        let fromFolder = try run(["report", "--data", folder.path] + args)
        #expect(fromFolder.stdout.contains("total_revenue,160\n"), "\(fromFolder.stdout) \(fromFolder.stderr)")
        #expect(try run(["import", folder.path, "--db", db]).status == 0)
        #expect(try run(["report", "--db", db] + args).stdout.contains("total_revenue,160\n"))
        // In EUR: 100 EUR as they are, 50 USD × 0.9 = 45 EUR.
        let inEuros = try run(["report", "--db", db, "--currency", "EUR"] + args)
        #expect(inEuros.stdout.contains("total_revenue,145\n"), "\(inEuros.stdout) \(inEuros.stderr)")
        // An empty currency is the dataset currency, whichever it is: d3 counts as euros there.
        try "opportunity_id,created_at,status,closed_at,amount,currency\nd3,2024-03-01,won,2024-03-12,7,\n".write(
            to: folder.appendingPathComponent("more.csv"), atomically: true, encoding: .utf8)
        #expect(
            try run(["import", folder.appendingPathComponent("more.csv").path, "--entity", "opportunities", "--db", db])
                .status == 0)
        #expect(try run(["report", "--db", db, "--currency", "EUR"] + args).stdout.contains("total_revenue,152\n"))
    }

    /// Hostile mapping files: a YAML alias bomb, a file past 1 MiB, binary bytes, a mapping that
    /// reads a file it was not given. Each is refused with its name, quickly, and nothing changes.
    @Test func hostileMappingFilesAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-hm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data.sqlite").path
        let csv = folder.appendingPathComponent("a.csv")
        try "id,created\nL1,2024-01-01\n".write(to: csv, atomically: true, encoding: .utf8)
        var items = [#"&a0 ["x","x","x","x","x","x","x","x","x","x"]"#]
        for i in 1..<14 {
            items.append("&a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ",") + "]")
        }
        let bomb =
            "anchors:\n" + items.map { "  - \($0)\n" }.joined()
            + "entities:\n  - {entity: leads, file: a.csv, columns: {lead_id: *a13, created_at: created}}\n"
        let files: [(String, Data)] = [
            ("bomb.yml", Data(bomb.utf8)),
            ("large.yml", Data(("entities:\n" + String(repeating: "# padding\n", count: 110_000)).utf8)),
            ("binary.yml", Data([0xFF, 0xFE, 0x00, 0x01, 0xC3, 0x28])),
            (
                "elsewhere.yml",
                Data("entities:\n  - {entity: leads, file: b.csv, columns: {lead_id: id, created_at: created}}\n".utf8)
            ),
        ]
        for (name, data) in files {
            let file = folder.appendingPathComponent(name)
            try data.write(to: file)
            let r = try run(["import", csv.path, "--mapping", file.path, "--db", db])
            #expect(r.status == 2, "\(name): \(r.stderr.prefix(300))")
            #expect(r.stderr.contains(name) || r.stderr.contains("a.csv"), "\(name): \(r.stderr.prefix(300))")
        }
        // Nothing was written: the database was never even opened.
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    /// Reports during an import see the data before it or after it, never a mix.
    @Test func reportsDuringAnImportSeeOldOrNewData() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm-mvcc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("data.sqlite").path
        let big = folder.appendingPathComponent("big").path
        _ = try DemoGenerator(seed: 2, scale: 0.5).write(to: URL(fileURLWithPath: big))
        #expect(try run(["import", GoldenTests.tiny, "--db", db]).status == 0)
        let query = [
            "report", "--db", db, "--from", "2024-01-01", "--to", "2026-01-01", "--grain", "year", "--format", "json",
        ]
        let before = try run(query).stdout

        let process = try start(["import", big, "--db", db])
        var seen: [String] = []
        while process.isRunning {
            let r = try run(query)
            #expect(r.status == 0)
            seen.append(r.stdout)
        }
        process.waitUntilExit()
        let after = try run(query).stdout
        #expect(before != after)
        #expect(!seen.isEmpty, "no report ran during the import")
        for output in seen { #expect(output == before || output == after) }
    }
}
