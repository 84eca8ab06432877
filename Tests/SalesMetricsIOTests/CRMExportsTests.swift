import SalesMetrics
import Testing

@testable import SalesMetricsIO

/// Every entity of the CRMs' exports, on small files with the headers of
/// docs/import.md ("CRM exports"), written for these tests.
@Suite struct CRMExportsTests {
    func convert(_ files: [(String, String)], _ format: DealMapping.Format) throws -> (Dataset, MappedFiles) {
        let mapped = try CRMExports.convert(files.map { ($0.0, Array($0.1.utf8)) }, format: format)
        return (try DatasetReader().read(files: mapped.files).dataset, mapped)
    }

    func year(_ d: Dataset, _ y: Int, metrics: [String]) throws -> MetricValues {
        try Engine.report(
            d,
            ReportOptions(
                grain: .year, from: CivilDate.day(year: y, month: 1, day: 1),
                to: CivilDate.day(year: y + 1, month: 1, day: 1), metrics: metrics.compactMap(MetricKey.init))
        ).periods[0].metrics
    }

    /// Salesforce's data export: Lead, Account, Opportunity and OpportunityHistory, API names,
    /// quoted values, 0/1 flags, null ids, a deleted row; the files in any order, under any name.
    @Test func salesforceEveryEntity() throws {
        let lead = """
            "Id","IsDeleted","FirstName","Company","LeadSource","Status","OwnerId","IsConverted","ConvertedDate","ConvertedAccountId","ConvertedOpportunityId","CreatedDate"
            "00Q1","0","Ana","Acme","Web","Closed - Converted","0051","1","2023-03-01","0011","0061","2023-02-01 10:00:00"
            "00Q2","0","Bo","Beta","Web","Open","0051","0","","000000000000000AAA","000000000000000AAA","2023-02-05 10:00:00"
            "00Q3","1","Cy","Gone","Web","Open","0051","0","","","","2023-02-06 10:00:00"
            "00Q4","0","Di","Delta","Partner","Working","0052","0","","","","2023-04-01 09:00:00"

            """
        let account = """
            "Id","IsDeleted","Name","Type","Industry","BillingCountry"
            "0011","0","Acme","Customer","Manufacturing","Mexico"

            """
        let opportunity = """
            "Id","IsDeleted","AccountId","Name","StageName","Amount","CloseDate","IsClosed","IsWon","OwnerId","CreatedDate"
            "0061","0","0011","Acme deal","Closed Won","1000","2023-05-11 00:00:00","1","1","0051","2023-03-01 09:00:00"

            """
        // Amount and close-date changes repeat the stage: only the changes of stage are history.
        let history = """
            "Id","OpportunityId","CreatedDate","StageName","Amount","CloseDate","IsDeleted"
            "h1","0061","2023-03-01 09:00:00","Interes","500","2023-06-01","0"
            "h3","0061","2023-04-01 09:00:00","Negociación","800","2023-06-01","0"
            "h2","0061","2023-03-15 09:00:00","Interes","800","2023-06-01","0"
            "h4","0061","2023-05-11 00:00:00","Closed Won","1000","2023-05-11","0"

            """
        let (d, mapped) = try convert(
            [("a.csv", history), ("Lead.csv", lead), ("Account.csv", account), ("export.csv", opportunity)], .salesforce
        )
        #expect(d.leads?.source.count == 3)
        #expect(mapped.notes.contains { $0.contains("Lead.csv: left out 1 row where IsDeleted is \"1\"") })
        #expect(
            mapped.notes.contains {
                $0.contains(
                    "a.csv: left out 1 row where StageName is the same as on the row before with this OpportunityId")
                    && $0.contains("(lines 4)")
            }, "\(mapped.notes)")
        let m = try year(d, 2023, metrics: ["leads_created", "lead_conversion_rate", "total_revenue"])
        #expect(m["leads_created"] == .count(3))
        #expect(m["lead_conversion_rate"] == .number(1.0 / 3.0))
        #expect(m["total_revenue"] == .money(100_000))
        let leads = String(decoding: mapped.files[.leads]!, as: UTF8.self)
        #expect(leads.contains("00Q2,2023-02-05 10:00:00,Web,0051,,,\n"), "\(leads)")
        let stages = String(decoding: mapped.files[.stageHistory]!, as: UTF8.self)
        #expect(
            stages == """
                opportunity_id,stage,entered_at
                0061,Interes,2023-03-01 09:00:00
                0061,Negociación,2023-04-01 09:00:00
                0061,Closed Won,2023-05-11 00:00:00

                """, "\(stages)")
        let accounts = String(decoding: mapped.files[.accounts]!, as: UTF8.self)
        #expect(accounts == "account_id,name,region,industry\n0011,Acme,Mexico,Manufacturing\n", "\(accounts)")
    }

    /// HubSpot's "Export view" files: contacts with lifecycle dates, companies, and deals whose
    /// `Date entered "<stage> (<pipeline>)"` columns are the stage history.
    @Test func hubspotEveryEntity() throws {
        let contacts = """
            Record ID,First Name,Last Name,Email,Contact owner,Lifecycle Stage,Create Date,Original Source,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date,Associated Company IDs
            101,Ana,A,ana@example.com,Sam Seller,Customer,2024-01-02 09:00,Organic Search,2024-01-05 10:00,2024-01-04 10:00,2024-02-01 10:00,2024-03-01 10:00,901
            102,Bo,B,bo@example.com,Sam Seller,Lead,2024-01-03 09:00,Paid Social,,,,,

            """
        let companies = """
            Record ID,Company name,Company owner,Industry,Country/Region,Lifecycle Stage
            901,Acme,Sam Seller,Software,Germany,Customer

            """
        let deals = #"""
            Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date,"Date entered ""Appointment Scheduled (Sales Pipeline)""","Date entered ""Contract Sent (Sales Pipeline)""","Date entered ""Closed Won (Sales Pipeline)"""
            7001,Acme,Closed Won,2024-03-01,Sam Seller,2500,2024-02-01 10:00,2024-02-01 10:00,2024-02-20 10:00,2024-03-01 10:00
            7002,Beta,Appointment Scheduled,2024-06-30,Sam Seller,900,2024-02-10 10:00,2024-02-10 10:00,,

            """#
        let (d, mapped) = try convert(
            [
                ("hubspot-crm-exports-all-contacts-2024-08-27.csv", contacts), ("companies.csv", companies),
                ("hubspot-crm-exports-all-deals-2024-08-27.csv", deals),
            ], .hubspot)
        let leads = String(decoding: mapped.files[.leads]!, as: UTF8.self)
        // Qualified: the earlier of the MQL and SQL dates; converted: became an opportunity.
        #expect(
            leads.contains("101,2024-01-02 09:00,Organic Search,Sam Seller,2024-01-04 10:00,2024-02-01 10:00,901\n"),
            "\(leads)")
        let stages = String(decoding: mapped.files[.stageHistory]!, as: UTF8.self)
        #expect(
            stages == """
                opportunity_id,stage,entered_at
                7001,Appointment Scheduled,2024-02-01 10:00
                7001,Contract Sent,2024-02-20 10:00
                7001,Closed Won,2024-03-01 10:00
                7002,Appointment Scheduled,2024-02-10 10:00

                """, "\(stages)")
        #expect(mapped.notes.contains { $0.contains("4 stage changes from its 'Date entered' columns") })
        let m = try year(d, 2024, metrics: ["lead_conversion_rate", "deals_won"])
        #expect(m["lead_conversion_rate"] == .number(0.5))
        #expect(m["deals_won"] == .count(1))
        #expect(String(decoding: mapped.files[.accounts]!, as: UTF8.self).contains("901,Acme,Germany,Software"))
    }

    /// Pipedrive's `<Entity> - <Field>` exports of leads and organizations.
    @Test func pipedriveLeadsAndOrganizations() throws {
        let leads = """
            Lead - ID,Lead - Title,Lead - Owner,Lead - Source channel,Lead - Lead created,Lead - Organization ID
            L-1,Acme lead,Pat,Web forms,2024-05-02 08:00:00,5

            """
        let organizations = """
            Organization - ID,Organization - Name,Organization - Owner,Organization - Organization created
            5,Acme GmbH,Pat,2024-01-01 00:00:00

            """
        let (d, mapped) = try convert([("leads.csv", leads), ("organizations.csv", organizations)], .pipedrive)
        #expect(d.leads?.source.count == 1)
        #expect(
            String(decoding: mapped.files[.leads]!, as: UTF8.self).contains("L-1,2024-05-02 08:00:00,Web forms,Pat,5"))
        #expect(String(decoding: mapped.files[.accounts]!, as: UTF8.self) == "account_id,name\n5,Acme GmbH\n")
    }

    /// A file no built-in mapping reads, two files of one entity, a bad date: named, and nothing made.
    @Test func unknownAndConflictingFilesAreRefused() throws {
        #expect {
            try CRMExports.convert([("notes.csv", Array("Subject,Body\nx,y\n".utf8))], format: .salesforce)
        } throws: {
            "\($0)".contains("notes.csv:1: not a salesforce export this importer reads")
                && "\($0)".contains("--mapping")
        }
        let lead = "Id,CreatedDate,IsConverted\nL1,2024-01-01,0\n"
        #expect {
            try CRMExports.convert([("a.csv", Array(lead.utf8)), ("b.csv", Array(lead.utf8))], format: .salesforce)
        } throws: { "\($0)".contains("b.csv and a.csv both give leads.csv") }
        #expect {
            try CRMExports.convert(
                [("Lead.csv", Array("Id,CreatedDate,IsConverted\nL1,31/31/2024,0\n".utf8))], format: .salesforce)
        } throws: { "\($0)".contains("Lead.csv:2: column 'CreatedDate': \"31/31/2024\" is not a date") }
    }

    /// Salesforce's CurrencyIsoCode becomes the deal's currency, converted with an fx_rates.csv
    /// given beside the exports (the public dump mixes MXN, COP, USD and PEN).
    @Test func currenciesOfTheExportsAreConverted() throws {
        let opportunity = """
            "Id","StageName","Amount","CloseDate","IsClosed","IsWon","CreatedDate","CurrencyIsoCode"
            "0061","Closed Won","1000","2023-05-11 00:00:00","1","1","2023-03-01 09:00:00","MXN"
            "0062","Closed Won","50","2023-05-12 00:00:00","1","1","2023-03-01 09:00:00","USD"

            """
        let rates = "currency,valid_from,rate\nMXN,2023-01-01,0.0561\n"
        let (d, mapped) = try convert([("Opportunity.csv", opportunity), ("rates.csv", rates)], .salesforce)
        #expect(String(decoding: mapped.files[.opportunities]!, as: UTF8.self).contains(",MXN\n"))
        #expect(d.opportunities?.amount == [5_610, 5_000])
        // Without the rates, the import stops at the deal, naming its currency.
        #expect {
            try convert([("Opportunity.csv", opportunity)], .salesforce)
        } throws: { "\($0)".contains("opportunities.csv:2: column 'currency': MXN is not the dataset currency USD") }
    }

    @Test func hubspotStageNamesFromTheirColumns() {
        #expect(CRMExports.stageName(enteredColumn: "Date entered \"Closed Won (Sales Pipeline)\"") == "Closed Won")
        #expect(CRMExports.stageName(enteredColumn: "Date entered Qualified To Buy") == "Qualified To Buy")
        #expect(CRMExports.stageName(enteredColumn: "hs_date_entered_closedwon") == "closedwon")
        #expect(CRMExports.stageName(enteredColumn: "Date exited \"Closed Won (Sales Pipeline)\"") == nil)
    }
}
