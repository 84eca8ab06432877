import SalesMetrics
import Testing

@testable import SalesMetricsIO

/// Small files with the headers the CRMs export (docs/import.md), written for these tests.
@Suite struct DealMappingImportTests {
    func dataset(_ text: [UInt8], _ format: DealMapping.Format) throws -> (Dataset, [String]) {
        let converted = try DealMappingImport.convert(text, fileName: "export.csv", mapping: .builtIn(format))
        return (try DatasetReader().read(files: converted.files).dataset, converted.notes)
    }

    func year(_ d: Dataset, _ y: Int) throws -> MetricValues {
        try Engine.report(
            d,
            ReportOptions(
                grain: .year, from: CivilDate.day(year: y, month: 1, day: 1),
                to: CivilDate.day(year: y + 1, month: 1, day: 1))
        ).periods[0].metrics
    }

    /// Data Loader style: API names, every value quoted, 0/1 flags, Windows-1252 text, null ids.
    @Test func salesforceDataExport() throws {
        var bytes = Array(
            ("\"Id\",\"IsDeleted\",\"AccountId\",\"Name\",\"StageName\",\"Amount\",\"CloseDate\",\"LeadSource\",\"IsClosed\",\"IsWon\",\"OwnerId\",\"CreatedDate\"\r\n"
                + "\"0061\",\"0\",\"0011\",\"Big deal\",\"Closed Won\",\"1200.5\",\"2023-05-11 00:00:00\",\"Web\",\"1\",\"1\",\"0051\",\"2023-02-07 20:47:49\"\r\n"
                + "\"0062\",\"0\",\"000000000000000AAA\",\"Lost one\",\"Perdida\",\"300\",\"2023-06-01 00:00:00\",\"\",\"1\",\"0\",\"0051\",\"2023-03-01 09:00:00\"\r\n"
                + "\"0063\",\"0\",\"0011\",\"Open\",\"Negociación\",\"\",\"2023-09-30 00:00:00\",\"Web\",\"0\",\"0\",\"0052\",\"2023-04-01 09:00:00\"\r\n")
                .utf8)
        // Make the file Windows-1252, as Salesforce writes it: "ó" is one byte, 0xF3.
        let accented = Array("ó".utf8)
        if let i = bytes.firstRange(of: accented) { bytes.replaceSubrange(i, with: [0xF3]) }
        let (d, notes) = try dataset(bytes, .salesforce)
        #expect(notes.contains { $0.contains("not UTF-8; it was read as Windows-1252") })
        #expect(notes.contains { $0.contains("1 deals have no amount") })
        #expect(d.stages.values.contains("Negociación"))
        let m = try year(d, 2023)
        #expect(m["total_revenue"] == .money(120_050))
        #expect(m["win_rate"] == .number(0.5))
        #expect(m["deals_won"] == .count(1))
        #expect(d.opportunities?.account == [0, StringCodes.none, 0])
        #expect(d.opportunities?.expectedCloseOn[2] == CivilDate.parse("2023-09-30"))
    }

    /// Report export: field labels, money with symbols, US dates.
    @Test func salesforceReportExport() throws {
        let text = """
            Opportunity ID,Opportunity Name,Account Name,Amount,Close Date,Stage,Created Date,Opportunity Owner,Lead Source
            A1,One,Acme,"$1,000.00",3/15/2024,Closed Won,1/2/2024,Ann Lee,Referral
            A2,Two,Acme,$250.456,4/1/2024,Closed Lost,2/29/2024 3:30 PM,Ann Lee,Web
            """
        let (d, notes) = try dataset(Array(text.utf8), .salesforce)
        #expect(notes.contains { $0.contains("1 amounts had more than 2 decimals") })
        let m = try year(d, 2024)
        #expect(m["total_revenue"] == .money(100_000))
        #expect(d.opportunities?.amount == [100_000, 25_046])
        #expect(
            d.opportunities?.createdAt.values[1] == Int64(CivilDate.parse("2024-02-29")!) * 86_400_000 + 15 * 3_600_000
                + 30 * 60_000)
    }

    @Test func hubspotDealsExport() throws {
        let text = """
            "Record ID","Deal Name","Last Activity Date","Deal Stage","Close Date","Deal owner","Amount","Pipeline","Create Date"
            "101","A","","Closed Won","2024-08-27 10:15","Kim","5000","Sales Pipeline","2024-07-01 09:00"
            "102","B","","Closed Lost","2024-08-28 10:15","Kim","700","Sales Pipeline","2024-07-02 09:00"
            "103","C","","Contract Sent","2024-12-01","Lee","900","Sales Pipeline","2024-08-01 09:00"
            """
        let (d, _) = try dataset(Array(text.utf8), .hubspot)
        let m = try year(d, 2024)
        #expect(m["total_revenue"] == .money(500_000))
        #expect(m["win_rate"] == .number(0.5))
        #expect(m["open_pipeline_value"] == .money(90_000))
        #expect(d.repIds.values == ["Kim", "Lee"])
    }

    @Test func pipedriveDealsExport() throws {
        let text = """
            Deal - ID,Deal - Title,Deal - Value,Deal - Status,Deal - Owner,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Expected close date,Deal - Stage
            7,Seven,1500,Won,Ana,2024-01-10 08:00:00,2024-02-01 12:00:00,,2024-01-31,Negotiations Started
            8,Eight,800,Lost,Ana,2024-01-11 08:00:00,,2024-03-01 12:00:00,2024-02-15,Proposal Made
            9,Nine,400,Open,Bo,2024-02-11 08:00:00,,,2024-06-30,Qualified
            """
        let (d, _) = try dataset(Array(text.utf8), .pipedrive)
        let m = try year(d, 2024)
        #expect(m["deals_won"] == .count(1))
        #expect(m["win_rate"] == .number(0.5))
        #expect(
            d.opportunities?.expectedCloseOn == [
                CivilDate.parse("2024-01-31")!, CivilDate.parse("2024-02-15")!, CivilDate.parse("2024-06-30")!,
            ])
        #expect(
            d.opportunities?.closedAt.values[1] == Int64(CivilDate.parse("2024-03-01")!) * 86_400_000 + 12 * 3_600_000)
    }

    @Test func rowsThatCannotBeMappedAreListed() {
        let text =
            "Record ID,Deal Stage,Create Date,Close Date,Amount\n,Closed Won,2024-01-01,2024-02-01,5\n2,Closed Won,someday,2024-02-01,5\n3,Closed Won,2024-01-01,,5\n4,Open,2024-01-01,,\"1.234,50\"\n"
        #expect {
            _ = try DealMappingImport.convert(Array(text.utf8), fileName: "deals.csv", mapping: .builtIn(.hubspot))
        } throws: { error in
            let lines = (error as? DealMappingImport.Problems)?.lines ?? []
            return lines == [
                "deals.csv:2: column 'Record ID': the deal has no id; every deal needs one",
                "deals.csv:3: column 'Create Date': \"someday\" is not a date the mapping understands (set date_order MDY or DMY for 5/11/2023)",
                "deals.csv:4: column 'Close Date': a won deal needs its close date",
                "deals.csv:5: column 'Amount': \"1.234,50\" is not an amount",
            ]
        }
        #expect {
            _ = try DealMappingImport.convert(
                Array("Name,Amount\nx,5\n".utf8), fileName: "deals.csv", mapping: .builtIn(.pipedrive))
        } throws: { "\($0)".contains("deals.csv:1: no column for opportunity_id: expected one of 'Deal - ID'") }
    }

    @Test func amountsAndDates() {
        #expect(DealMappingImport.cleanAmount("$1,234.50")?.text == "1234.50")
        #expect(DealMappingImport.cleanAmount("1234.5 USD")?.text == "1234.5")
        #expect(DealMappingImport.cleanAmount("0.995")?.text == "1.00")
        #expect(DealMappingImport.cleanAmount("1.234,50") == nil)
        #expect(DealMappingImport.cleanAmount("n/a") == nil)
        #expect(DealMappingImport.normalizeTimestamp("5/11/2023", order: .mdy) == "2023-05-11")
        #expect(DealMappingImport.normalizeTimestamp("5/11/2023", order: .dmy) == "2023-11-05")
        #expect(DealMappingImport.normalizeTimestamp("12/1/2023 12:05 AM", order: .mdy) == "2023-12-01T00:05:00")
        #expect(
            DealMappingImport.normalizeTimestamp("2023-05-11T10:00:00.000+0000", order: nil)
                == "2023-05-11T10:00:00.000+0000")
        #expect(DealMappingImport.normalizeTimestamp("13/13/2023", order: .mdy) == nil)
    }
}
