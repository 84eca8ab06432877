import Foundation
import Hummingbird
import SalesMetrics
import SalesMetricsIO

/// `/api/v1`: the same reports as the CLI as JSON, the catalog, stored records, and writes
/// (imports, one-record upserts and deletes) that go through the same validation as `import`.
struct APIController {
    let cache: DataCache
    let access: AccessCache
    let metrics: ServerMetrics
    let configuration: ServerConfiguration
    /// Told of every write, when target alerts are on.
    var alerts: TargetAlerts?

    /// Registers every operation of `APIOperation.all`: the public ones on the router, the rest
    /// in the `/api/v1` group behind its access middleware.
    func addRoutes(to router: Router<AppContext>, api: RouterGroup<AppContext>) {
        for operation in APIOperation.all {
            let handler = self.handler(operation)
            if operation.isInAPIGroup {
                api.on(RouterPath(operation.routerPath), method: operation.method, use: handler)
            } else {
                router.on(RouterPath(operation.routerPath), method: operation.method, use: handler)
            }
        }
        // An entity that does not exist, or has no ids: a 404 that says so, not the router's bare one.
        api.get("records/:entity") { _, context -> Response in
            throw Self.unknownEntity(context.parameters.get("entity"))
        }
        api.post(":entity/batch") { _, context -> Response in throw Self.unknownEntity(context.parameters.get("entity"))
        }
        for method in [HTTPRequest.Method.put, .delete] {
            api.on(":entity/:id", method: method) { _, context -> Response in
                let name = context.parameters.get("entity")
                if let table = name.flatMap(Table.init(rawValue:)) {
                    throw APIError.notFound(RecordQueryError.noIds(table).description)
                }
                throw Self.unknownEntity(name)
            }
        }
    }

    private func handler(_ operation: APIOperation) -> @Sendable (Request, AppContext) async throws -> Response {
        switch operation {
        case .health: { _, _ in JSONResponse.bytes(Array(#"{"status":"ok"}"#.utf8) + [0x0A]) }
        case .openAPI: { _, _ in JSONResponse.bytes(OpenAPIDocument.json) }
        case .prometheus: prometheus
        case .report: report
        case .metrics: catalog
        case .records(let table): { try await records(table, $0, $1) }
        case .importFiles: importFiles
        case .upsert(let table): { try await upsert(table, $0, $1) }
        case .batch(let table): { try await batch(table, $0, $1) }
        case .delete(let table): { try await delete(table, $0, $1) }
        case .targets: targets
        case .targetStatus: targetStatus
        case .setTarget: setTarget
        case .removeTarget: removeTarget
        case .leadScores: leadScores
        }
    }

    @Sendable func prometheus(_ request: Request, context: AppContext) async throws -> Response {
        // Any active token may read the server's own metrics.
        var token = try await Access.bearerToken(request, context, access: access)
        if token == nil { token = try await Access.session(request, context, access: access)?.token }
        guard token != nil else { throw APIError.unauthorized }
        metrics.dataVersion.set(Int64(context.versions.data))
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.text())))
    }

    @Sendable func report(_ request: Request, context: AppContext) async throws -> Response {
        let query = Query(request, api: true)
        try query.check(known: ReportQuery.names)
        let reportRequest = try ReportQuery.request(query, currency: cache.currency)
        let loaded = try await cache.current(version: context.versions.data)
        let options = try ReportQuery.options(reportRequest, loaded)
        return JSONResponse.bytes(try await cache.reportJSON(options, of: loaded))
    }

    /// The open leads by score, a page at a time, with the model and its evaluation
    /// (docs/scoring.md); a 404 with the reason when the data cannot be scored.
    @Sendable func leadScores(_ request: Request, context: AppContext) async throws -> Response {
        let query = Query(request, api: true)
        let limit = try query.integer("limit", default: 100, in: 1...1000)
        let offset = try query.integer("offset", default: 0, in: 0...Int(Int32.max))
        try query.check(known: ["limit", "offset"])
        let loaded = try await cache.current(version: context.versions.data)
        let scored = await cache.leadScores(of: loaded)
        switch scored.scores {
        case .failure(let error): throw APIError.notFound("No lead scores: \(error)")
        case .success(let scores):
            return JSONResponse.bytes(
                Array(LeadScoresText.page(scores, scoredAt: scored.scoredAt, offset: offset, limit: limit).utf8))
        }
    }

    @Sendable func catalog(_ request: Request, context: AppContext) async throws -> Response {
        try Query(request, api: true).check(known: [])
        return JSONResponse.make(CatalogBody())
    }

    func records(_ table: Table, _ request: Request, _ context: AppContext) async throws -> Response {
        var query = Query(request, api: true)
        let limit = try query.integer("limit", default: 100, in: 1...1000)
        let offset = try query.integer("offset", default: 0, in: 0...Int(Int32.max))
        query.values["limit"] = nil
        query.values["offset"] = nil
        try query.check(known: TableSchema.columns(table).map(\.name))
        let page = try await cache.store.records(table, matching: query.values, limit: limit, offset: offset)
        return JSONResponse.make(RecordsBody(entity: table.rawValue, page: page, limit: limit, offset: offset))
    }

    @Sendable func importFiles(_ request: Request, context: AppContext) async throws -> Response {
        let query = Query(request, api: true)
        try query.check(known: ["entity"])
        let body = try await Self.body(request, limit: configuration.maxImportBytes)
        var files: [Table: [UInt8]] = [:]
        if let boundary = request.headers[.contentType].flatMap(Multipart.boundary) {
            let parts: [Multipart.Part]
            // Splitting a body of many megabytes takes a while: on the compute threads.
            do {
                parts = try await WorkerThreads.compute.run { try Multipart.parse(body, boundary: boundary) }
            } catch let Multipart.ParseError.malformed(reason) {
                throw APIError.badRequest("The multipart body is malformed: \(reason).")
            }
            for part in parts {
                let name = part.filename.map { String($0.split(separator: "/").last ?? "") } ?? part.name ?? ""
                let table = try Self.table(
                    name.hasSuffix(".csv") ? String(name.dropLast(4)) : name, status: .unprocessableContent)
                guard files[table] == nil else {
                    throw APIError.unprocessable("The upload holds \(table.fileName) twice; send each entity once.")
                }
                files[table] = part.body
            }
            guard !files.isEmpty else { throw APIError.unprocessable("The multipart body holds no file.") }
        } else {
            guard let entity = query["entity"] else {
                throw APIError.badRequest(
                    "Say which entity the CSV body holds (?entity=opportunities), or send multipart/form-data with one file per entity."
                )
            }
            files[try Self.table(entity, status: .badRequest)] = body
        }
        let summary = try await Self.storeImport(files, into: cache.store)
        alerts?.dataChanged()
        return JSONResponse.make(ImportBody(summary))
    }

    func upsert(_ table: Table, _ request: Request, _ context: AppContext) async throws -> Response {
        // Only tables with ids have an upsert operation (APIOperation.all).
        guard let idColumn = RowIdentity.of(table).idColumn else {
            throw APIError.notFound(RecordQueryError.noIds(table).description)
        }
        let id = context.parameters.get("id") ?? ""
        try Query(request, api: true).check(known: [])
        let body = try await Self.body(request, limit: configuration.maxBodyBytes)
        let record: [String: JSONScalar]
        do { record = try JSONDecoder().decode([String: JSONScalar].self, from: Data(body)) } catch {
            throw APIError.badRequest(
                "The body must be one JSON object of column names to strings, numbers or null, such as {\"amount\": 1200}."
            )
        }
        let columns = TableSchema.columns(table).map(\.name)
        if let unknown = record.keys.sorted().first(where: { !columns.contains($0) }) {
            throw APIError.unprocessable(RecordQueryError.unknownColumn(table: table, column: unknown).description)
        }
        if let given = record[idColumn]?.text, given != id {
            throw APIError.unprocessable(
                "The body's \(idColumn) \"\(given)\" differs from the id in the path \"\(id)\".")
        }
        // One row of the entity's CSV, validated with the stored row it updates (PushedRecords).
        let present = columns.filter { $0 == idColumn || record[$0] != nil }
        var row = record
        row[idColumn] = .string(id)
        let summary = try await Self.storeWrite { try await cache.store.writeRecords(table, Self.csv(present, [row])) }
        alerts?.dataChanged()
        let counts = summary.tables[table] ?? .init()
        let result = counts.inserted > 0 ? "inserted" : counts.updated > 0 ? "updated" : "unchanged"
        return JSONResponse.make(
            UpsertBody(entity: table.rawValue, id: id, result: result, warnings: summary.warnings.map(IssueBody.init)),
            status: counts.inserted > 0 ? .created : .ok)
    }

    /// `POST /api/v1/{entity}/batch`: a JSON array or NDJSON of records of one entity, written all
    /// or nothing at the cost of what they change; the same batch again changes nothing.
    func batch(_ table: Table, _ request: Request, _ context: AppContext) async throws -> Response {
        try Query(request, api: true).check(known: [])
        let body = try await Self.body(request, limit: configuration.maxBatchBytes)
        let ndjson = request.headers[.contentType].map { $0.hasPrefix("application/x-ndjson") } ?? false
        let records = try await WorkerThreads.compute.run { try BatchBody.records(body, ndjson: ndjson) }
        let columns = try BatchBody.columns(of: records, table: table)
        let summary = try await Self.storeWrite(batch: true) {
            try await cache.store.writeRecords(table, Self.csv(columns, records))
        }
        if summary.tables[table].map({ $0.inserted + $0.updated > 0 }) ?? false { alerts?.dataChanged() }
        return JSONResponse.make(ImportBody(summary))
    }

    /// Records as a CSV file with these columns (null: empty).
    static func csv(_ columns: [String], _ records: [[String: JSONScalar]]) -> [UInt8] {
        var csv: [UInt8] = []
        for (i, column) in columns.enumerated() {
            if i > 0 { csv.append(0x2C) }
            CSVField.append(Array(column.utf8), to: &csv)
        }
        csv.append(0x0A)
        for record in records {
            for (i, column) in columns.enumerated() {
                if i > 0 { csv.append(0x2C) }
                CSVField.append(Array((record[column]?.text ?? "").utf8), to: &csv)
            }
            csv.append(0x0A)
        }
        return csv
    }

    /// Only tables with ids have a delete operation (APIOperation.all); the store refuses others.
    func delete(_ table: Table, _ request: Request, _ context: AppContext) async throws -> Response {
        try Query(request, api: true).check(known: [])
        let id = context.parameters.get("id") ?? ""
        guard try await cache.store.deleteRecord(table, id: id) else {
            throw APIError.notFound("\(table.fileName) has no row with id \"\(id)\".")
        }
        alerts?.dataChanged()
        return Response(status: .noContent)
    }

    // MARK: - Helpers

    static func table(_ name: String?, status: HTTPResponse.Status = .notFound) throws -> Table {
        guard let name, let table = Table(rawValue: name) else { throw unknownEntity(name, status: status) }
        return table
    }

    static func unknownEntity(_ name: String?, status: HTTPResponse.Status = .notFound) -> APIError {
        APIError(
            status: status,
            message:
                "Unknown entity '\(name ?? "")'; the entities are \(Table.allCases.map(\.rawValue).joined(separator: ", "))."
        )
    }

    /// The request body, refused past `limit` bytes without reading the rest.
    static func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.tooLarge(limit: limit)
        }
    }

    /// Imports through the store; data problems become a 422 listing every problem.
    static func storeImport(_ files: [Table: [UInt8]], into store: any MetricsStore) async throws -> ImportSummary {
        try await storeWrite { try await store.importFiles(files) }
    }

    /// A write; data problems become a 422 listing every problem (in a batch, line N is record
    /// N − 1: the problems name the record).
    static func storeWrite(batch: Bool = false, _ write: () async throws -> ImportSummary) async throws
        -> ImportSummary
    {
        do { return try await write() } catch let error as DatasetReadError {
            let issues = error.errors.map { issue in
                guard batch, let line = issue.line else { return issue }
                var located = issue
                located.line = nil
                located.message = "record \(line - 1): " + issue.message
                return located
            }
            throw APIError.unprocessable(
                "The data was refused (\(error.errorCount) problem\(error.errorCount == 1 ? "" : "s")); nothing was changed.",
                issues: issues)
        }
    }
}

/// A JSON value a record's column may hold.
enum JSONScalar: Decodable {
    case null, bool(Bool), integer(Int64), number(Double), string(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    /// The value as a CSV field holds it (null: empty).
    var text: String? {
        switch self {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .string(let s): s
        }
    }
}
