import SalesMetrics

/// The exports of Salesforce, HubSpot and Pipedrive, every entity: deals (``DealMappingImport``),
/// leads or contacts, accounts or companies or organizations, and the stage history
/// (docs/import.md, "CRM exports"). Each file is recognised by its headers, so the files can be
/// given in any order and under any name.
public enum CRMExports {
    public enum Kind: String, Sendable, CaseIterable {
        case deals, leads, accounts
        case stageHistory = "stage history"
    }

    /// What a file with this header is, in this CRM's exports (nil: not one this importer reads).
    public static func kind(of header: [String], format: DealMapping.Format) -> Kind? {
        let h = Set(header.map { $0.lowercased() })
        func any(_ names: String...) -> Bool { names.contains { h.contains($0) } }
        switch format {
        case .salesforce:
            if any("opportunityid", "opportunity id") && any("stagename", "stage", "to stage") { return .stageHistory }
            if any("isconverted", "converted", "converteddate", "converted date", "lead status") { return .leads }
            if any("stagename", "stage", "isclosed", "iswon", "opportunity name") { return .deals }
            if any("billingcountry", "billing country", "account name", "numberofemployees", "type", "industry")
                && any("id", "account id")
            {
                return .accounts
            }
        case .hubspot:
            if any("deal stage", "dealstage", "deal name", "dealname") { return .deals }
            // Companies have a lifecycle stage too; contacts have people's fields.
            if any("email", "first name", "firstname", "last name", "lastname", "contact owner") { return .leads }
            if any("company name", "name", "company domain name", "domain", "company owner") { return .accounts }
        case .pipedrive:
            if any("deal - id", "deal - title") { return .deals }
            if any("lead - id", "lead - title", "lead - pipedrive system id") { return .leads }
            if any("organization - id", "organization - name") { return .accounts }
        }
        return nil
    }

    /// The built-in mapping of a lead, account or history export of `file`.
    public static func mapping(_ format: DealMapping.Format, _ kind: Kind, file: String) -> ImportMapping? {
        func rule(_ names: String...) -> ValueRule { ValueRule(columns: names) }
        let deleted = [("IsDeleted", ["1", "true"])]
        var entity: EntityMapping
        switch (format, kind) {
        case (_, .deals):
            return nil
        case (.salesforce, .leads):
            entity = EntityMapping(
                table: .leads, file: file,
                columns: [
                    ("lead_id", rule("Id", "Lead ID")), ("created_at", rule("CreatedDate", "Created Date")),
                    ("source", rule("LeadSource", "Lead Source")),
                    ("owner_id", rule("OwnerId", "Owner ID", "Lead Owner")),
                    (
                        "converted_at",
                        ValueRule(columns: ["ConvertedDate", "Converted Date"], when: ["IsConverted", "Converted"])
                    ),
                    ("account_id", rule("ConvertedAccountId", "Converted Account ID", "Converted Account")),
                    (
                        "opportunity_id",
                        rule("ConvertedOpportunityId", "Converted Opportunity ID", "Converted Opportunity")
                    ),
                ], skip: deleted)
        case (.salesforce, .accounts):
            entity = EntityMapping(
                table: .accounts, file: file,
                columns: [
                    ("account_id", rule("Id", "Account ID")), ("name", rule("Name", "Account Name")),
                    ("industry", rule("Industry")), ("segment", rule("Segment__c", "Segment")),
                    ("region", rule("BillingCountry", "Billing Country", "BillingState", "Billing State/Province")),
                ], skip: deleted)
        case (.salesforce, .stageHistory):
            // One row per change of stage, amount or close date: only stage changes are history.
            entity = EntityMapping(
                table: .stageHistory, file: file,
                columns: [
                    ("opportunity_id", rule("OpportunityId", "Opportunity ID")),
                    ("stage", rule("StageName", "Stage", "To Stage")),
                    ("entered_at", rule("CreatedDate", "Created Date", "Last Modified", "Edit Date")),
                ], skip: deleted,
                skipRepeats: EntityMapping.Repeats(
                    key: ["OpportunityId", "Opportunity ID"], value: ["StageName", "Stage", "To Stage"],
                    order: ["CreatedDate", "Created Date", "Last Modified", "Edit Date"]))
        case (.hubspot, .leads):
            entity = EntityMapping(
                table: .leads, file: file,
                columns: [
                    ("lead_id", rule("Record ID", "hs_object_id", "Contact ID")),
                    ("created_at", rule("Create Date", "createdate")),
                    ("source", rule("Original Source", "Original Traffic Source", "hs_analytics_source")),
                    ("owner_id", rule("Contact owner", "hubspot_owner_id")),
                    (
                        "qualified_at",
                        ValueRule(
                            columns: [
                                "Became a Marketing Qualified Lead Date", "Became a Sales Qualified Lead Date",
                                "hs_lifecyclestage_marketingqualifiedlead_date",
                                "hs_lifecyclestage_salesqualifiedlead_date",
                            ], pick: .earliest)
                    ),
                    (
                        "converted_at",
                        ValueRule(
                            columns: [
                                "Became an Opportunity Date", "Became a Customer Date",
                                "hs_lifecyclestage_opportunity_date", "hs_lifecyclestage_customer_date",
                            ], pick: .earliest)
                    ),
                    ("account_id", rule("Associated Company IDs", "Associated Company ID", "associatedcompanyid")),
                ])
        case (.hubspot, .accounts):
            entity = EntityMapping(
                table: .accounts, file: file,
                columns: [
                    ("account_id", rule("Record ID", "hs_object_id", "Company ID")),
                    ("name", rule("Company name", "Name", "name")), ("industry", rule("Industry", "industry")),
                    ("region", rule("Country/Region", "Country", "country", "State/Region")),
                    ("segment", rule("Segment", "Type", "type")),
                ])
        case (.pipedrive, .leads):
            entity = EntityMapping(
                table: .leads, file: file,
                columns: [
                    ("lead_id", rule("Lead - ID", "Lead - Pipedrive System ID")),
                    ("created_at", rule("Lead - Lead created", "Lead - Creation date", "Lead - Add time")),
                    ("source", rule("Lead - Source channel", "Lead - Source origin", "Lead - Source")),
                    ("owner_id", rule("Lead - Owner")),
                    ("account_id", rule("Lead - Organization ID", "Lead - Organization", "Organization - ID")),
                ])
        case (.pipedrive, .accounts):
            entity = EntityMapping(
                table: .accounts, file: file,
                columns: [
                    ("account_id", rule("Organization - ID")), ("name", rule("Organization - Name")),
                    ("industry", rule("Organization - Industry")),
                    ("region", rule("Organization - Country", "Organization - Address - Country")),
                    ("segment", rule("Organization - Segment", "Organization - Label", "Organization - Labels")),
                ])
        case (.hubspot, .stageHistory), (.pipedrive, .stageHistory):
            return nil
        }
        return ImportMapping(entities: [entity])
    }

    /// Every export file, recognised by its header, converted; `files` by name as given.
    public static func convert(_ files: [(name: String, bytes: [UInt8])], format: DealMapping.Format)
        throws(MappingImport.Problems) -> MappedFiles
    {
        var result = MappedFiles(files: [:], notes: [], origins: [:])
        var origin: [Table: String] = [:]
        var problems: [String] = []
        func add(_ table: Table, _ bytes: [UInt8], from name: String) {
            if let earlier = origin[table] {
                problems.append("\(name) and \(earlier) both give \(table.fileName); import them one at a time.")
            }
            origin[table] = name
            result.files[table] = bytes
        }
        for (name, bytes) in files {
            var notes: [String] = []
            let source: SourceFile
            do { source = try MappingImport.readSource(name: name, bytes: bytes, notes: &notes) } catch {
                problems += error.lines
                continue
            }
            // The exchange rates the exports' currencies need, as a dataset file (docs/data-format.md).
            if Set(source.header).isSuperset(of: TableSchema.columns(.fxRates).map(\.name)) {
                add(.fxRates, bytes, from: name)
                continue
            }
            guard let kind = kind(of: source.header, format: format) else {
                let shown = source.headerAsWritten.prefix(6).map { "'\($0)'" }.joined(separator: ", ")
                problems.append(
                    "\(name):1: not a \(format.rawValue) export this importer reads (deals, leads, accounts, stage history): its header starts \(shown). Is it the right --format? Any other file imports with --mapping (docs/import.md)."
                )
                continue
            }
            do {
                if kind == .deals {
                    let deals = try DealMappingImport.convert(bytes, fileName: name, mapping: .builtIn(format))
                    result.notes += deals.notes
                    add(.opportunities, deals.files[.opportunities]!, from: name)
                    if format == .hubspot, let history = try hubspotStageHistory(source, order: .mdy) {
                        add(.stageHistory, history.csv(), from: name)
                        result.notes.append(
                            "\(name): \(history.rows.count) stage changes from its 'Date entered' columns.")
                    }
                } else if let mapping = mapping(format, kind, file: name) {
                    let mapped = try MappingImport.convert([name.lowercased(): bytes], mapping: mapping, strict: false)
                    result.notes += mapped.notes
                    for (table, made) in mapped.files {
                        add(table, made, from: name)
                        result.origins[table] = mapped.origins[table]
                    }
                }
            } catch let error as MappingImport.Problems {
                problems += error.lines
            } catch {
                problems.append("\(error)")
            }
        }
        if !problems.isEmpty { throw MappingImport.Problems(lines: problems) }
        return result
    }

    /// HubSpot deals exports carry `Date entered "<stage> (<pipeline>)"` columns: one stage
    /// history row per such date. Nil when the export has none.
    static func hubspotStageHistory(_ source: SourceFile, order: DealMapping.DateOrder) throws(MappingImport.Problems)
        -> TextRows?
    {
        let id = ["record id", "hs_object_id", "deal id"].lazy.compactMap { source.header.firstIndex(of: $0) }.first
        var stages: [(index: Int, stage: String)] = []
        for (i, name) in source.headerAsWritten.enumerated() {
            guard let stage = stageName(enteredColumn: name) else { continue }
            stages.append((i, stage))
        }
        guard let id, !stages.isEmpty else { return nil }
        var rows: [[String?]] = []
        var problems: [String] = []
        for row in source.rows {
            for (index, stage) in stages where !row.values[index].isEmpty {
                guard let at = DealMappingImport.normalizeTimestamp(row.values[index], order: order) else {
                    if problems.count < 50 {
                        problems.append(
                            "\(source.name):\(row.line): column '\(source.header[index])': \"\(row.values[index].prefix(64))\" is not a date"
                        )
                    }
                    continue
                }
                rows.append([row.values[id], stage, at])
            }
        }
        if !problems.isEmpty { throw MappingImport.Problems(lines: problems) }
        return TextRows(columns: ["opportunity_id", "stage", "entered_at"], rows: rows)
    }

    /// `Date entered "Appointment Scheduled (Sales Pipeline)"` → `Appointment Scheduled`; also
    /// the API names `hs_date_entered_<stage id>`.
    static func stageName(enteredColumn name: String) -> String? {
        var rest: Substring
        if name.lowercased().hasPrefix("date entered ") {
            rest = name.dropFirst("date entered ".count)
        } else if name.hasPrefix("hs_date_entered_") {
            return String(name.dropFirst("hs_date_entered_".count))
        } else {
            return nil
        }
        rest = rest.drop { $0 == "\"" || $0 == " " }
        while rest.last == "\"" || rest.last == " " { rest = rest.dropLast() }
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
            rest = rest[..<open]
            while rest.last == " " || rest.last == "\"" { rest = rest.dropLast() }
        }
        return rest.isEmpty ? nil : String(rest)
    }
}
