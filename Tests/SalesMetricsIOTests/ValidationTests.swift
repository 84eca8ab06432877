import Foundation
import SalesMetrics
import SalesMetricsIO
import Testing

/// One test per rule of SPEC §6, each asserting the exact message.
@Suite struct ValidationTests {
    func errors(_ files: [Table: String]) -> [String] {
        do {
            _ = try DatasetReader().read(files: files.mapValues { Array($0.utf8) })
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    func warnings(_ files: [Table: String]) throws -> [String] {
        try DatasetReader().read(files: files.mapValues { Array($0.utf8) }).warnings.map(\.description)
    }

    static let opp = "opportunity_id,created_at,status,closed_at,amount\n"

    @Test func requiredColumns() {
        #expect(
            errors([.opportunities: "opportunity_id,created_at,status\n"]) == [
                "opportunities.csv:1: column 'amount': required column is missing; add it to the header"
            ])
    }

    @Test func requiredValues() {
        #expect(
            errors([.opportunities: Self.opp + "o1,,open,,5\n"]) == [
                "opportunities.csv:2: column 'created_at': a value is required"
            ])
    }

    @Test func typesParse() {
        #expect(
            errors([.opportunities: Self.opp + "o1,2024-01-01,open,,\"12,5x\"\n"]) == [
                "opportunities.csv:2: column 'amount': \"12,5x\" is not an amount of money; write digits with at most 2 decimals and no currency sign or thousands separator, such as 1234.50"
            ])
        #expect(
            errors([.opportunities: Self.opp + "o1,03/01/2024,open,,5\n"]) == [
                "opportunities.csv:2: column 'created_at': \"03/01/2024\" is not a timestamp; write a date (2024-03-05) or an ISO 8601 date-time (2024-03-05T14:30:00Z)"
            ])
        #expect(
            errors([.spend: "date,category,amount\n2024-02-30,sales,5\n"]) == [
                "spend.csv:2: column 'date': \"2024-02-30\" is not a date; write YYYY-MM-DD, such as 2024-03-05"
            ])
        #expect(
            errors([.activities: "rep_id,date,selling_hours,total_hours\nr1,2024-01-01,a lot,40\n"]) == [
                "activities.csv:2: column 'selling_hours': \"a lot\" is not a number of hours; write a decimal number such as 7.5"
            ])
    }

    @Test func idsAreUnique() {
        #expect(
            errors([.opportunities: Self.opp + "o1,2024-01-01,open,,5\no2,2024-01-01,open,,5\no1,2024-01-01,open,,5\n"])
                == [
                    "opportunities.csv:4: column 'opportunity_id': duplicate id \"o1\" (first on line 2); ids must be unique"
                ])
    }

    @Test func everyDuplicateIsReportedInFileOrder() {
        let rows = ["b", "a", "c", "a", "b", "a", "ü", "ü"].map { "\($0),2024-01-01,open,,5" }.joined(separator: "\n")
        #expect(
            errors([.opportunities: Self.opp + rows]) == [
                "opportunities.csv:5: column 'opportunity_id': duplicate id \"a\" (first on line 3); ids must be unique",
                "opportunities.csv:6: column 'opportunity_id': duplicate id \"b\" (first on line 2); ids must be unique",
                "opportunities.csv:7: column 'opportunity_id': duplicate id \"a\" (first on line 3); ids must be unique",
                "opportunities.csv:9: column 'opportunity_id': duplicate id \"ü\" (first on line 8); ids must be unique",
            ])
    }

    @Test func statusIsValid() {
        #expect(
            errors([.opportunities: Self.opp + "o1,2024-01-01,pending,,5\n"]) == [
                "opportunities.csv:2: column 'status': \"pending\" is not valid; use open, won or lost"
            ])
        #expect(errors([.opportunities: Self.opp + "o1,2024-01-01,WON,2024-01-02,5\n"]) == [])
    }

    @Test func closedAtMatchesTheStatus() {
        #expect(
            errors([.opportunities: Self.opp + "o1,2024-01-01,won,,5\n"]) == [
                "opportunities.csv:2: column 'closed_at': a won deal needs closed_at, the day it closed"
            ])
        #expect(
            errors([.opportunities: Self.opp + "o1,2024-01-01,open,2024-01-02,5\n"]) == [
                "opportunities.csv:2: column 'closed_at': an open deal must not have closed_at; empty it or set status to won or lost"
            ])
    }

    @Test func closedNotBeforeCreated() {
        #expect(
            errors([.opportunities: Self.opp + "o1,2024-01-05,lost,2024-01-04,5\n"]) == [
                "opportunities.csv:2: column 'closed_at': \"2024-01-04\" is before created_at \"2024-01-05\""
            ])
        // Across a local time and an instant, only more than 14 hours apart is certain.
        #expect(errors([.opportunities: Self.opp + "o1,2024-01-05T10:00:00,lost,2024-01-05T01:00:00Z,5\n"]) == [])
    }

    @Test func leadTimesNotBeforeCreated() {
        let header = "lead_id,created_at,qualified_at,first_response_at,converted_at\n"
        #expect(
            errors([.leads: header + "l1,2024-01-05,2024-01-04,2024-01-03T00:00:00,2024-01-02\n"]) == [
                "leads.csv:2: column 'qualified_at': \"2024-01-04\" is before created_at \"2024-01-05\"",
                "leads.csv:2: column 'first_response_at': \"2024-01-03T00:00:00\" is before created_at \"2024-01-05\"",
                "leads.csv:2: column 'converted_at': \"2024-01-02\" is before created_at \"2024-01-05\"",
            ])
    }

    @Test func endedAfterStarted() {
        #expect(
            errors([
                .subscriptions: "subscription_id,account_id,mrr,started_on,ended_on\ns1,a,5,2024-01-05,2024-01-05\n"
            ]) == [
                "subscriptions.csv:2: column 'ended_on': 2024-01-05 is not after started_on 2024-01-05; ended_on is the first day no longer active"
            ])
    }

    @Test func periodEndNotBeforeStart() {
        #expect(
            errors([.quotas: "rep_id,period_start,period_end,amount\nr1,2024-03-01,2024-02-29,5\n"]) == [
                "quotas.csv:2: column 'period_end': 2024-02-29 is before period_start 2024-03-01; both ends are inclusive"
            ])
        #expect(errors([.forecasts: "period_start,period_end,amount\n2024-03-01,2024-03-01,5\n"]) == [])
    }

    @Test func amountsAndHoursNotNegative() {
        #expect(
            errors([.spend: "date,category,amount\n2024-01-01,sales,-5\n"]) == [
                "spend.csv:2: column 'amount': \"-5\" is negative; amounts must be 0 or more"
            ])
        #expect(
            errors([.activities: "rep_id,date,selling_hours,total_hours\nr1,2024-01-01,-1,40\n"]) == [
                "activities.csv:2: column 'selling_hours': \"-1\" is negative; hours must be 0 or more"
            ])
        #expect(
            errors([.activities: "rep_id,date,selling_hours,total_hours\nr1,2024-01-01,1,inf\n"]) == [
                "activities.csv:2: column 'total_hours': \"inf\" is not a number of hours; write a decimal number such as 7.5"
            ])
    }

    @Test func sellingWithinTotal() {
        #expect(
            errors([.activities: "rep_id,date,selling_hours,total_hours\nr1,2024-01-01,40.5,40\n"]) == [
                "activities.csv:2: column 'selling_hours': 40.5 is more than total_hours 40; selling time is part of the total"
            ])
    }

    @Test func scoreInRange() {
        #expect(
            errors([
                .surveys: "response_id,answered_at,score,kind\nn1,2024-01-01,11,customer\nn2,2024-01-01,7.5,employee\n"
            ]) == [
                "surveys.csv:2: column 'score': \"11\" is not an integer from 0 to 10",
                "surveys.csv:3: column 'score': \"7.5\" is not an integer from 0 to 10",
            ])
        #expect(
            errors([.surveys: "response_id,answered_at,score,kind\nn1,2024-01-01,10,partner\n"]) == [
                "surveys.csv:2: column 'kind': \"partner\" is not valid; use customer or employee"
            ])
    }

    @Test func everyProblemIsListedUpToALimit() {
        let rows = (0..<120).map { "o\($0),bad,open,,5" }.joined(separator: "\n")
        do {
            _ = try DatasetReader(errorLimit: 50).read(files: [.opportunities: Array((Self.opp + rows).utf8)])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.count == 50)
            #expect(error.errorCount == 120)
            #expect(error.description.hasSuffix("… and 70 more problems.\nNothing was read: 120 problems to fix."))
        }
    }

    @Test func problemsAcrossFilesAreAllReported() {
        let found = errors([.opportunities: Self.opp + "o1,x,open,,5\n", .leads: "lead_id\nl1\n"])
        #expect(found.count == 2)
    }

    @Test func rowsWithTheWrongNumberOfValues() {
        #expect(
            errors([.opportunities: Self.opp + "o1,2024-01-01,open,,5,extra\n"]) == [
                "opportunities.csv:2: the row has 6 values but the header has 5 columns; quote values that contain commas"
            ])
    }

    @Test func hostileFiles() {
        #expect(
            errors([.opportunities: Self.opp + "o1,\"2024-01-01,open,,5\n"]) == [
                "opportunities.csv:2: a quoted value is never closed (the file may be truncated); close it with \" or remove the stray quote"
            ])
        #expect(
            errors([.leads: "\u{0}\u{1}binary"]) == [
                "leads.csv:1: the file contains binary data (a NUL byte); export it again as UTF-8 CSV text"
            ])
        #expect(errors([.leads: ""]) == ["leads.csv:1: the file is empty; it needs at least a header row"])
        do {
            _ = try DatasetReader().read(files: [.accounts: [0xFF, 0xFE, 0x61, 0x00]])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.description) == ["accounts.csv:1: the file is UTF-16; save it as UTF-8 CSV"])
        }
        do {
            _ = try DatasetReader().read(files: [.accounts: Array("account_id,name\na1,".utf8) + [0xC3, 0x28] + [10]])
            Issue.record("expected an error")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "accounts.csv:2: column 'name': the value is not valid UTF-8; save the file as UTF-8"
                ])
        }
        #expect(
            errors([.leads: "lead_id,created_at,Lead_ID\n"]) == [
                "leads.csv:1: column 'lead_id': the column appears twice in the header; keep one"
            ])
    }

    @Test func headersAreCaseInsensitiveAndUnknownColumnsWarned() throws {
        let found = try warnings([
            .opportunities:
                " Opportunity_ID ,CREATED_AT,Status,closed_at,Amount,Probability\no1,2024-01-01,Open,,5,0.5\n"
        ])
        #expect(found == ["opportunities.csv:1: column 'probability': unknown column, ignored"])
    }

    @Test func unknownReferencesAreWarnings() throws {
        let found = try warnings([
            .reps: "rep_id\nr1\n",
            .accounts: "account_id\na1\n",
            .opportunities:
                "opportunity_id,owner_id,account_id,created_at,status,amount\no1,r1,a1,2024-01-01,open,5\no2,r2,a9,2024-01-01,open,5\no3,r3,a1,2024-01-01,open,5\n",
        ])
        #expect(
            found == [
                "opportunities.csv:3: column 'owner_id': unknown rep \"r2\" (not in reps.csv); 1 more row names an unknown rep",
                "opportunities.csv:3: column 'account_id': unknown account \"a9\" (not in accounts.csv)",
            ])
        // Without reps.csv nothing can be checked.
        #expect(
            try warnings([.opportunities: "opportunity_id,owner_id,created_at,status,amount\no1,r1,2024-01-01,open,5\n"]
            ) == [])
    }

    @Test func missingFolder() {
        do {
            _ = try DatasetReader().read(folder: URL(fileURLWithPath: "/nonexistent/folder"))
            Issue.record("expected an error")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "/nonexistent/folder: no such folder; give the folder that holds the CSV files"
                ])
        }
    }

    /// Random damage to a valid file gives either a dataset holding exactly the file's rows (as
    /// the CSV parser and the field parsers read them), or errors that each point at a line of
    /// the file; the same answer on every read, never a partial dataset.
    @Test func fuzzedDatasets() throws {
        let base = Array((Self.opp + "o1,2024-01-01,won,2024-02-01,5.5\no2,2024-01-03T10:00:00Z,open,,7\n").utf8)
        var state: UInt64 = 99
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return Int(state >> 33)
        }
        // Bytes that keep many values valid (digits, the vocabulary) and bytes that break them.
        let alphabet = Array("0123456789-:.TZwonlst ,\"\n\r\t".utf8) + [0x00, 0xC3, 0xA9, 0xFF]
        var read = 0
        var refused = 0
        for _ in 0..<4000 {
            var bytes = base
            for _ in 0...(next() % 2) {
                let i = next() % bytes.count
                let byte = alphabet[next() % alphabet.count]
                switch next() % 3 {
                case 0: bytes[i] = byte
                case 1: bytes.insert(byte, at: i)
                default: bytes.remove(at: i)
                }
            }
            let lines = bytes.reduce(1) { $1 == 10 || $1 == 13 ? $0 + 1 : $0 }
            let outcome = Result { () throws(DatasetReadError) in
                try DatasetReader().read(files: [.opportunities: bytes])
            }
            switch outcome {
            case .success(let result):
                read += 1
                let expected = try Self.rows(bytes)
                let o = try #require(result.dataset.opportunities)
                let ids = result.dataset.opportunityIds.values
                #expect(o.id.map { ids[Int($0)] } == expected.map(\.id), "\(bytes)")
                #expect(o.status.map { "\($0)" } == expected.map(\.status), "\(bytes)")
                #expect(o.amount == expected.map(\.amount), "\(bytes)")
            case .failure(let error):
                refused += 1
                #expect(!error.errors.isEmpty && error.errorCount >= error.errors.count)
                for issue in error.errors {
                    #expect(issue.file == "opportunities.csv" && (1...lines).contains(issue.line ?? 1), "\(issue)")
                }
                do {
                    _ = try DatasetReader().read(files: [.opportunities: bytes])
                    Issue.record("a second read of \(bytes) succeeds")
                } catch let again {
                    #expect(again.errors == error.errors)
                }
            }
        }
        // Both outcomes come up often enough for the checks to mean something.
        #expect(read > 150 && refused > 1000, "\(read) read, \(refused) refused")
    }

    /// The data rows of an opportunities file as the parsers read them: id, status and amount.
    static func rows(_ bytes: [UInt8]) throws -> [(id: String, status: String, amount: Int64)] {
        let parser = CSVParser(bytes: bytes)
        var fields: [FieldBytes] = []
        return try withExtendedLifetime(parser) {
            guard try parser.next(into: &fields) else { return [] }
            let header = fields.map { String(decoding: $0, as: UTF8.self).lowercased() }
            let id = try #require(header.firstIndex(of: "opportunity_id"))
            let status = try #require(header.firstIndex(of: "status"))
            let amount = try #require(header.firstIndex(of: "amount"))
            var rows: [(id: String, status: String, amount: Int64)] = []
            while try parser.next(into: &fields) {
                if fields.count == 1 && fields[0].isEmpty { continue }  // a blank line
                try #require(fields.count == header.count, "a row of another width was read")
                rows.append(
                    (
                        String(decoding: fields[id], as: UTF8.self),
                        String(decoding: fields[status], as: UTF8.self).lowercased(),
                        try #require(FieldParsers.money(fields[amount]))
                    ))
            }
            return rows
        }
    }
}
