import SalesMetrics
import Testing

@testable import SalesMetricsIO

/// Mappings of any entity (docs/import.md, "Mappings"), on small files in the layouts of the
/// Olist funnel and RavenStack's subscriptions, written for these tests.
@Suite struct MappingImportTests {
    /// Olist's two files: MQLs, and the closed deals of some of them (one won before its first contact).
    static let mqls = """
        mql_id,first_contact_date,landing_page_id,origin
        m1,2018-01-10,p1,paid_search
        m2,2018-01-11,p1,paid_search
        m3,2018-01-12,p2,social
        m4,2018-02-01,p2,
        m5,2018-02-02,p3,social

        """
    static let deals = """
        mql_id,seller_id,sdr_id,sr_id,won_date,business_segment
        m1,s1,d1,r1,2018-01-20 10:30:00,pet
        m4,s4,d2,r2,2018-01-30 08:00:00,car_accessories

        """

    static var olist: ImportMapping {
        ImportMapping(entities: [
            EntityMapping(
                table: .leads, file: "mqls.csv",
                joins: [Join(alias: "deal", file: "deals.csv", on: "mql_id", key: "mql_id")],
                columns: [
                    ("lead_id", .column("mql_id")),
                    ("created_at", ValueRule(columns: ["first_contact_date", "deal.won_date"], pick: .earliest)),
                    ("source", .column("origin")), ("converted_at", .column("deal.won_date")),
                    ("owner_id", .column("deal.sdr_id")),
                ]),
            EntityMapping(
                table: .opportunities, file: "deals.csv",
                joins: [Join(alias: "lead", file: "mqls.csv", on: "mql_id", key: "mql_id")],
                columns: [
                    ("opportunity_id", .column("mql_id")),
                    ("created_at", ValueRule(columns: ["lead.first_contact_date", "won_date"], pick: .earliest)),
                    ("closed_at", .column("won_date")), ("status", .constant("won")), ("amount", .constant("0")),
                    ("source", .column("lead.origin")), ("product", .column("business_segment")),
                ]),
        ])
    }

    /// Deals of d.csv with the headers Ref, Opened, Result and Value.
    static let deals4 = ImportMapping(entities: [
        EntityMapping(
            table: .opportunities, file: "d.csv",
            columns: [
                ("opportunity_id", .column("Ref")), ("created_at", .column("Opened")), ("status", .column("Result")),
                ("amount", .column("Value")),
            ])
    ])

    func files(_ named: [String: String]) -> [String: [UInt8]] {
        Dictionary(uniqueKeysWithValues: named.map { ($0.key, Array($0.value.utf8)) })
    }

    func metrics(_ d: Dataset, from: (Int, Int), to: (Int, Int), by: Breakdown? = nil) throws -> Report {
        try Engine.report(
            d,
            ReportOptions(
                grain: .year, from: CivilDate.day(year: from.0, month: from.1, day: 1),
                to: CivilDate.day(year: to.0, month: to.1, day: 1), fiscalYearStartMonth: 6,
                breakdown: by))
    }

    /// Two files joined on mql_id: 2 of 5 leads converted, by channel 1/2, 0/2 and 1/1 (the blank one).
    @Test func olistShapedFunnel() throws {
        let mapped = try MappingImport.convert(
            files(["mqls.csv": Self.mqls, "deals.csv": Self.deals]), mapping: Self.olist)
        let d = try DatasetReader().read(files: mapped.files).dataset
        #expect(d.leads?.source.count == 5)
        #expect(d.opportunities?.status.count == 2)
        let report = try metrics(d, from: (2017, 6), to: (2018, 6))
        #expect(report.periods.count == 1)
        #expect(report.periods[0].metrics["lead_conversion_rate"] == .number(0.4))
        #expect(report.periods[0].metrics["deals_won"] == .count(2))
        let bySource = try metrics(d, from: (2017, 6), to: (2018, 6), by: .source)
        let rates = Dictionary(
            uniqueKeysWithValues: bySource.periods[0].groups.map { ($0.key, $0.metrics["lead_conversion_rate"]) })
        #expect(rates["paid_search"] == .number(0.5))
        #expect(rates["social"] == .number(0))
        // m4 was won two days before its first contact: its lead counts from the won date.
        let text = String(decoding: mapped.files[.leads]!, as: UTF8.self)
        #expect(text.contains("m4,2018-01-30 08:00:00,,d2,2018-01-30 08:00:00\n"), "\(text)")
        #expect(text.hasPrefix("lead_id,created_at,source,owner_id,converted_at\n"), "\(text)")
    }

    /// Attributes pass source columns through as extra columns of leads.csv, under their name
    /// (lowercased) or a name given, by any rule.
    @Test func attributesPassColumnsThrough() throws {
        var mapping = Self.olist
        mapping.entities[0].attributes = [
            ("Landing_Page_ID", .column("landing_page_id")),
            ("segment of deal", ValueRule(columns: ["deal.business_segment"], fallback: "none")),
        ]
        let mapped = try MappingImport.convert(
            files(["mqls.csv": Self.mqls, "deals.csv": Self.deals + ""]), mapping: mapping)
        let text = String(decoding: mapped.files[.leads]!, as: UTF8.self)
        #expect(text.hasPrefix("lead_id,created_at,source,owner_id,converted_at,landing_page_id,segment of deal\n"))
        let d = try DatasetReader().read(files: mapped.files).dataset
        let page = try #require(d.leads?.attributes.column(named: "landing_page_id"))
        #expect((0..<5).map { page.value($0) } == ["p1", "p1", "p2", "p2", "p3"])
        #expect(d.leads?.attributes.column(named: "segment of deal")?.value(1) == "none")
    }

    @Test func attributesNeedANameOfTheirOwnAndLeadsOrAccounts() throws {
        var mapping = Self.olist
        mapping.entities[0].attributes = [
            ("Source", .column("origin")), ("x", .column("nowhere")),
            ("won", ValueRule(columns: ["origin"], when: ["no_such_flag"])),
        ]
        mapping.entities[1].attributes = [("y", .column("won_date"))]
        do {
            _ = try MappingImport.convert(files(["mqls.csv": Self.mqls, "deals.csv": Self.deals]), mapping: mapping)
            Issue.record("the mapping was taken")
        } catch {
            #expect(error.lines.contains { $0.contains("attribute 'Source' of leads.csv needs a name of its own") })
            #expect(error.lines.contains { $0.contains("'nowhere'") })
            // A `when` column is looked for as a column's is.
            #expect(error.lines.contains { $0.contains("'no_such_flag'") })
            #expect(error.lines.contains { $0.contains("opportunities.csv attributes; only leads and accounts") })
        }
    }

    /// RavenStack's layout: subscriptions with mrr_amount, start_date and an exclusive end_date.
    @Test func ravenstackShapedSubscriptions() throws {
        let subscriptions = """
            subscription_id,account_id,start_date,end_date,plan_tier,seats,mrr_amount,arr_amount,is_trial
            S-1,A-1,2023-01-09,2023-06-30,Pro,3,100,1200,False
            S-2,A-1,2023-03-01,,Pro,3,50,600,False
            S-3,A-2,2023-06-15,,Basic,1,0,0,True
            S-4,A-3,2023-06-30,,Basic,1,20,240,False
            S-5,A-3,2023-05-02,2023-05-02,Basic,1,20,240,False

            """
        let mapping = ImportMapping(entities: [
            EntityMapping(
                table: .subscriptions, file: "subs.csv",
                columns: [
                    ("subscription_id", .column("subscription_id")), ("account_id", .column("account_id")),
                    ("mrr", .column("mrr_amount")), ("started_on", .column("start_date")),
                    ("ended_on", .column("end_date")),
                ], skipSame: [("start_date", "end_date")])
        ])
        let mapped = try MappingImport.convert(files(["subs.csv": subscriptions]), mapping: mapping)
        // S-5 ends the day it starts, which subscriptions.csv cannot say: left out, in a note.
        #expect(
            mapped.notes == [
                "subs.csv: left out 1 row where start_date and end_date are the same, as the mapping says (lines 6)."
            ])
        let d = try DatasetReader().read(files: mapped.files).dataset
        let report = try Engine.report(
            d,
            ReportOptions(
                grain: .month, from: CivilDate.day(year: 2023, month: 6, day: 1),
                to: CivilDate.day(year: 2023, month: 7, day: 1)))
        // On 2023-06-30 S-1 has ended (end exclusive), S-2 and S-4 run, the trial is 0.
        #expect(report.periods[0].metrics["mrr"] == .money(7_000))
        #expect(report.periods[0].metrics["active_customers"] == .count(2))
    }

    /// Value maps, yes/no flags, constants, defaults, skipped rows and slash dates.
    @Test func rulesOfEveryKind() throws {
        let leads = """
            Id,Created,IsConverted,ConvertedDate,Channel,IsDeleted
            L1,05/11/2023,1,05/20/2023,Web,0
            L2,05/12/2023,0,05/21/2023,,0
            L3,05/13/2023,true,05/25/2023 3:30 PM,Partner,1

            """
        let mapping = ImportMapping(entities: [
            EntityMapping(
                table: .leads, file: "lead.csv",
                columns: [
                    ("lead_id", .column("Id")), ("created_at", .column("Created")),
                    ("converted_at", ValueRule(columns: ["ConvertedDate"], when: ["IsConverted"])),
                    ("source", ValueRule(columns: ["Channel"], map: ["web": "Website"], fallback: "Unknown")),
                    ("segment", .constant("SMB")),
                ], skip: [("IsDeleted", ["1"])])
        ])
        let mapped = try MappingImport.convert(files(["lead.csv": leads]), mapping: mapping)
        let text = String(decoding: mapped.files[.leads]!, as: UTF8.self)
        #expect(
            text == """
                lead_id,created_at,source,segment,converted_at
                L1,2023-05-11,Website,SMB,2023-05-20
                L2,2023-05-12,Unknown,SMB,

                """, "\(text)")
        #expect(
            mapped.notes.contains {
                $0.contains("lead.csv: left out 1 row where IsDeleted is \"1\", as the mapping says (lines 4)")
                    && $0.contains("line")
            })
    }

    /// Bad values are reported at the source file's line and header, all of them, and nothing is made.
    @Test func problemsNameTheSourceLineAndHeader() throws {
        let deals = """
            Ref,Opened,Result,Value
            D1,2024-13-40,won,10
            D2,2024-03-01,maybe,abc

            """
        let mapping = Self.deals4
        #expect {
            try MappingImport.convert(files(["d.csv": deals]), mapping: mapping)
        } throws: { error in
            let text = "\(error)"
            return text.contains("d.csv:2: column 'Opened': \"2024-13-40\" is not a date")
                && text.contains(
                    "d.csv:3: column 'Result': \"maybe\" is not one of open, won, lost; give the mapping a 'map'")
                && text.contains("d.csv:3: column 'Value': \"abc\" is not an amount")
                && text.contains("Nothing was imported.")
        }
        // A header the file lacks, a file not given, a joined key used twice.
        var missing = mapping
        missing.entities[0].columns[3] = ("amount", .column("Amount"))
        #expect {
            try MappingImport.convert(files(["d.csv": deals]), mapping: missing)
        } throws: {
            "\($0)".contains(
                "d.csv:1: the mapping's 'Amount' (for opportunities.csv column amount) is not a column of this file; it has 'ref', 'opened'"
            )
        }
        #expect {
            try MappingImport.convert([:], mapping: mapping)
        } throws: { "\($0)".contains("The mapping reads d.csv, which was not given") }
        var olist = Self.olist
        olist.entities.removeLast()
        #expect {
            try MappingImport.convert(
                files(["mqls.csv": Self.mqls, "deals.csv": Self.deals + "m1,s9,d9,r9,2018-03-01 00:00:00,pet\n"]),
                mapping: olist)
        } throws: {
            "\($0)".contains(
                "deals.csv:4: column 'mql_id': \"m1\" is also on line 2; a joined file needs one row per key")
        }
    }

    /// A file of bad rows lists 50 problems and counts the rest.
    @Test func problemsAreCapped() throws {
        let rows = (1...500).map { "D\($0),not-a-date,won,1\n" }.joined()
        let mapping = Self.deals4
        #expect {
            try MappingImport.convert(files(["d.csv": "Ref,Opened,Result,Value\n" + rows]), mapping: mapping)
        } throws: { error in
            let lines = "\(error)".split(separator: "\n")
            return lines.count == 52 && lines[50] == "… and 450 more problems."
        }
    }

    /// What only the dataset reader sees (ids used twice, dates out of order) is pointed back at the source.
    @Test func readerProblemsAreLocatedInTheSource() throws {
        let deals = """
            Ref,Opened,Closed,Value
            D1,2024-03-05,2024-03-01,10
            D1,2024-03-06,2024-03-09,10

            """
        let mapping = ImportMapping(entities: [
            EntityMapping(
                table: .opportunities, file: "export.csv",
                columns: [
                    ("opportunity_id", .column("Ref")), ("created_at", .column("Opened")),
                    ("closed_at", .column("Closed")), ("status", .constant("won")), ("amount", .column("Value")),
                ])
        ])
        let mapped = try MappingImport.convert(files(["export.csv": deals]), mapping: mapping)
        do {
            _ = try DatasetReader().read(files: mapped.files)
            Issue.record("the reader should refuse the files")
        } catch {
            let text = mapped.locate(error).description
            #expect(text.contains("export.csv:2: column 'Closed': \"2024-03-01\" is before"), "\(text)")
            #expect(text.contains("export.csv:3: column 'Ref'"), "\(text)")
        }
    }
}
