import SalesMetrics
import SalesMetricsIO
import Testing

/// A small file in the layout of Maven Analytics' "CRM Sales Opportunities" (CRLF, as published).
@Suite struct MavenCRMImportTests {
    static let files: [String: [UInt8]] = [
        "sales_pipeline.csv": Array(
            ("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\r\n"
                + "W1,Ann Lee,GTX Basic,Acme,Won,2017-01-01,2017-01-31,500\r\n"
                + "W2,Bo Diaz,GTXPro,Betatech,Won,2017-02-01,2017-02-11,4800\r\n"
                + "L1,Ann Lee,MG Special,Acme,Lost,2017-01-10,2017-01-20,0\r\n"
                + "E1,Bo Diaz,GTXPro,,Engaging,2017-03-01,,\r\n"
                + "P1,Ann Lee,GTX Basic,,Prospecting,,,\r\n").utf8),
        "sales_teams.csv": Array(
            "sales_agent,manager,regional_office\r\nAnn Lee,Dee Mars,West\r\nBo Diaz,Dee Mars,East\r\n".utf8),
        "accounts.csv": Array(
            "account,sector,year_established,revenue,employees,office_location,subsidiary_of\r\nAcme,retail,1990,10.5,100,United States,\r\nBetatech,medical,1986,647.18,1185,Kenya,\r\n"
                .utf8),
        "products.csv": Array("product,series,sales_price\r\nGTX Basic,GTX,550\r\nGTX Pro,GTX,4821\r\n".utf8),
    ]

    @Test func mapsDealsRepsAndAccounts() throws {
        let converted = try MavenCRMImport.convert(Self.files)
        let d = try DatasetReader().read(files: converted.files).dataset
        #expect(d.rowCount(.opportunities) == 4)
        #expect(d.rowCount(.reps) == 2)
        #expect(d.teams.values == ["Dee Mars"])
        #expect(d.regions.values == ["United States", "Kenya"])
        let r = try Engine.report(
            d, ReportOptions(grain: .year, from: CivilDate.parse("2017-01-01")!, to: CivilDate.parse("2018-01-01")!))
        let m = r.periods[0].metrics
        #expect(m["total_revenue"] == .money(530_000))
        #expect(m["win_rate"] == .number(2.0 / 3.0))
        #expect(m["sales_cycle_length"] == .number(20))  // 30 and 10 days
        // The engaging deal is open at the end of 2017, valued at GTX Pro's list price ("GTXPro" in the pipeline).
        #expect(m["open_pipeline_value"] == .money(482_100))
        #expect(d.rowCount(.stageHistory) == 7)
    }

    @Test func prospectingDealsWithoutADateAreReportedNotDropped() throws {
        let converted = try MavenCRMImport.convert(Self.files)
        #expect(converted.notes.count == 1)
        #expect(
            converted.notes[0].hasPrefix(
                "sales_pipeline.csv: 1 deal has no engage_date (Prospecting) and was not imported (lines 6)"))
        let withDate = try MavenCRMImport.convert(Self.files, undatedCreatedAt: "2017-01-01")
        #expect(withDate.notes.isEmpty)
        let d = try DatasetReader().read(files: withDate.files).dataset
        #expect(d.rowCount(.opportunities) == 5)
    }

    @Test func unknownStagesAndMissingColumnsAreErrors() {
        var files = Self.files
        files["sales_pipeline.csv"] = Array(
            "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\nX,A,B,C,Maybe,2017-01-01,,\n"
                .utf8)
        #expect {
            _ = try MavenCRMImport.convert(files)
        } throws: { "\($0)".contains("sales_pipeline.csv:2: column 'deal_stage': \"Maybe\" is not a Maven stage") }
        files["sales_pipeline.csv"] = Array("opportunity_id,sales_agent\nX,A\n".utf8)
        #expect {
            _ = try MavenCRMImport.convert(files)
        } throws: { "\($0)".contains("sales_pipeline.csv:1: column 'product': required column is missing") }
        #expect(throws: (any Error).self) { _ = try MavenCRMImport.convert([:]) }
    }
}
