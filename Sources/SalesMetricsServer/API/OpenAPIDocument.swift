import Foundation
import OpenAPIKit
import SalesMetrics
import SalesMetricsIO

/// The API's OpenAPI 3.1 description, served at /api/v1/openapi.json, built from the operation
/// list (`APIOperation`) and the types behind each parameter: grains, breakdowns, metric keys,
/// entities and their columns. CI runs schemathesis against it with all checks (scripts/api-contract.sh).
enum OpenAPIDocument {
    /// The document as served (keys sorted, so it is stable and diffable).
    static let json: [UInt8] = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding a document built from constants cannot fail; a failure is a programming error.
        return Array(try! encoder.encode(document)) + [0x0A]
    }()

    static var document: OpenAPI.Document {
        var paths: OpenAPI.PathItem.Map = [:]
        for operation in APIOperation.all {
            let path = OpenAPI.Path(rawValue: operation.path)
            var item = paths[path]?.pathItemValue ?? OpenAPI.PathItem()
            item.set(operation: operation.openAPI, for: OpenAPI.HttpMethod(rawValue: operation.method.rawValue)!)
            paths[path] = .pathItem(item)
        }
        return OpenAPI.Document(
            openAPIVersion: .v3_1_0,
            info: .init(
                title: "SalesMetrics API",
                description:
                    "B2B sales KPIs computed exactly from CRM data. Every route except /healthz and this document needs `Authorization: Bearer TOKEN` (salesmetrics token create). Reads take any active token; writes need the admin role. Errors are JSON: {\"error\": {\"status\", \"message\", \"issues\"}}. A method a path does not list is answered 405 with an Allow header.",
                version: "1.0.0"),
            servers: [.init(urlTemplate: URLTemplate(rawValue: "/")!)],
            paths: paths,
            components: .direct(
                schemas: APISchemas.components,
                responses: [
                    "Error": .init(
                        description: "A refused request, with a sentence saying why.",
                        content: [.json: .content(.init(schema: .reference(.component(named: "Error"))))])
                ],
                securitySchemes: [
                    "bearer": .http(scheme: "bearer", description: "A token from `salesmetrics token create`.")
                ]),
            security: [[.component(named: "bearer"): []]])
    }
}

extension APIOperation {
    /// This operation as the document describes it.
    var openAPI: OpenAPI.Operation {
        OpenAPI.Operation(
            summary: summary, operationId: id, parameters: parameters.map { .parameter($0) }, requestBody: requestBody,
            responses: responses, security: isPublic ? [] : nil)
    }

    private var summary: String {
        switch self {
        case .health: "Liveness check"
        case .prometheus: "Prometheus metrics of the server (requests, latency, data version)"
        case .openAPI: "This document"
        case .report: "Every KPI per period: the JSON of `salesmetrics report --format json` (SPEC §5)"
        case .metrics: "The metric catalog"
        case .records(let table):
            "Stored rows of \(table.fileName), in arrival order, paged and filtered by column values"
        case .importFiles: "Import CSV files (all or nothing, the same validation as `salesmetrics import`)"
        case .upsert(let table): "Insert or update one row of \(table.fileName) by id (a CRM webhook's push)"
        case .batch(let table):
            RowIdentity.of(table).idColumn == nil
                ? "Replace rows of \(table.fileName) per natural key from a batch of records (all or nothing, idempotent)"
                : "Insert or update up to \(PushedRecords.maxBatch) rows of \(table.fileName) by id (all or nothing, idempotent)"
        case .delete(let table): "Delete one row of \(table.fileName) by id"
        case .targets: "Every target (docs/review.md)"
        case .targetStatus:
            "Every target that applies to a period: met, missed, or on track / behind with the pace of a running one"
        case .setTarget: "Add a target, or replace the one with this name"
        case .removeTarget: "Remove a target by name"
        case .leadScores:
            "Open leads by score (0–100) with their reasons, the model, and how well it worked on leads it had not seen (docs/scoring.md)"
        }
    }

    private var parameters: [OpenAPI.Parameter] {
        switch self {
        case .health, .prometheus, .openAPI, .metrics, .targets, .batch: []
        case .targetStatus:
            [
                .query(
                    name: "period", schema: .string(pattern: TargetQuery.labelPattern),
                    description:
                        "A period label (2025-03, 2025-Q3, 2025-W05, 2025, FY2026-Q1); its shape gives the grain. Default: the latest complete period of `grain`."
                ),
                .query(
                    name: "grain",
                    schema: .string(
                        allowedValues: Grain.allCases.map { AnyCodable($0.rawValue) }, defaultValue: "month"),
                    description: "Without `period`: the grain of the latest complete period."),
            ]
                + Self.reportParameters.filter { ["timezone", "fiscal_year_start_month"].contains($0.name) }
        case .setTarget, .removeTarget:
            [
                .path(
                    name: "id", schema: .string(pattern: "^[A-Za-z0-9._-]{1,64}$"),
                    description: "The target's name.")
            ]
        case .report: Self.reportParameters
        case .leadScores: Self.pageParameters
        case .records(let table):
            Self.pageParameters
                + TableSchema.columns(table).map {
                    .query(
                        name: $0.name, schema: .string,
                        description:
                            "Only rows whose \($0.name) (\($0.type.documentation)) is exactly this value, as stored.")
                }
        case .importFiles:
            [
                .query(
                    name: "entity", schema: .string(allowedValues: Table.allCases.map { AnyCodable($0.rawValue) }),
                    description: "The entity a text/csv body holds (not used with multipart/form-data).")
            ]
        case .upsert, .delete:
            [.path(name: "id", schema: .string(minLength: 1), description: "The row's id.")]
        }
    }

    private static let pageParameters: [OpenAPI.Parameter] = [
        .query(
            name: "limit", schema: .integer(maximum: (1000, false), minimum: (1, false), defaultValue: 100),
            description: "Rows per page."),
        .query(
            name: "offset", schema: .integer(maximum: (Int(Int32.max), false), minimum: (0, false), defaultValue: 0),
            description: "Rows to skip."),
    ]

    private static let reportParameters: [OpenAPI.Parameter] = [
        .query(
            name: "from", schema: .string(format: .date),
            description: "First day, YYYY-MM-DD (inclusive). Default: one year before `to`."),
        .query(
            name: "to", schema: .string(format: .date),
            description:
                "End day, YYYY-MM-DD (exclusive); after `from`. Default: the start of the period after the latest data."
        ),
        .query(
            name: "grain",
            schema: .string(allowedValues: Grain.allCases.map { AnyCodable($0.rawValue) }, defaultValue: "month"),
            description: "Period length."),
        .query(
            name: "by", schema: .string(allowedValues: Breakdown.allCases.map { AnyCodable($0.rawValue) }),
            description: "Break every metric down by one dimension."),
        .init(
            name: "metrics",
            context: .query(
                schemaOrContent: .schema(
                    .init(
                        JSONSchema.array(
                            minItems: 1,
                            items: .string(allowedValues: MetricKey.allCases.map { AnyCodable($0.rawValue) })),
                        style: .form, explode: false))),
            description: "Metric ids, comma-separated (GET /api/v1/metrics). Default: all."),
        .query(
            name: "timezone", schema: .string(minLength: 1, defaultValue: "UTC"),
            description: "IANA time zone of the periods, such as Europe/Berlin."),
        .query(
            name: "fiscal_year_start_month",
            schema: .integer(maximum: (12, false), minimum: (1, false), defaultValue: 1),
            description: "Month in which the fiscal year starts."),
        .query(
            name: "currency", schema: .string(pattern: "^[A-Za-z]{3}$"),
            description: "Currency code printed with amounts."),
    ]

    private var requestBody: OpenAPI.Request? {
        switch self {
        case .importFiles:
            OpenAPI.Request(
                content: [
                    .csv: .content(.init(schema: .string(minLength: 1))),
                    .multipartForm: .content(
                        .init(
                            schema: .object(
                                description:
                                    "One file per entity, each part named by its filename (opportunities.csv) or name (opportunities).",
                                minProperties: 1,
                                properties: APISchemas.each(Table.allCases) {
                                    ($0.rawValue, .string(required: false, contentMediaType: .csv))
                                },
                                additionalProperties: .a(false)))),
                ],
                required: true)
        case .upsert(let table):
            OpenAPI.Request(
                content: [.json: .content(.init(schema: APISchemas.recordBody(table)))], required: true)
        case .batch(let table):
            OpenAPI.Request(
                content: [
                    .json: .content(
                        .init(
                            schema: .array(
                                minItems: 1, maxItems: PushedRecords.maxBatch,
                                items: APISchemas.recordBody(table, batch: true)))),
                    .other("application/x-ndjson"): .content(
                        .init(schema: .string(description: "One JSON record per line.", minLength: 1))),
                ], required: true)
        case .setTarget:
            OpenAPI.Request(content: [.json: .content(.init(schema: APISchemas.targetBody))], required: true)
        default: nil
        }
    }

    private var responses: OpenAPI.Response.Map {
        var map: OpenAPI.Response.Map = [:]
        switch self {
        case .health:
            map[200] = .response(
                description: "The server is up.",
                content: [.json: .content(.init(schema: .object(properties: ["status": .string(allowedValues: "ok")])))]
            )
        case .prometheus:
            map[200] = .response(
                description: "Prometheus text format 0.0.4.", content: [.txt: .content(.init(schema: .string))])
        case .openAPI:
            map[200] = .response(description: "OpenAPI 3.1", content: [.json: .content(.init(schema: .object))])
        case .report: map[200] = Self.body("The report.", "Report")
        case .metrics: map[200] = Self.body("Every metric with its definition.", "Catalog")
        case .records(let table): map[200] = Self.body("One page.", "Records_" + table.rawValue)
        case .importFiles: map[200] = Self.body("What changed per entity.", "ImportSummary")
        case .batch: map[200] = Self.body("What changed (the same batch again: nothing).", "ImportSummary")
        case .upsert:
            map[200] = Self.body("Updated or unchanged.", "Upsert")
            map[201] = Self.body("Inserted.", "Upsert")
        case .delete, .removeTarget: map[204] = .response(description: "Deleted.")
        case .targets: map[200] = Self.body("Every target, by name.", "Targets")
        case .targetStatus: map[200] = Self.body("The period and each target's status.", "TargetStatus")
        case .leadScores:
            map[200] = Self.body("The scores and their evidence, with one page of open leads.", "LeadScores")
        case .setTarget:
            map[200] = Self.body("Replaced.", "Target")
            map[201] = Self.body("Added.", "Target")
        }
        for status in errorStatuses {
            map[OpenAPI.Response.StatusCode(integerLiteral: status)] = .reference(.component(named: "Error"))
        }
        return map
    }

    /// The refusals each operation may answer (every one a JSON error body).
    private var errorStatuses: [Int] {
        // 400: an unknown or malformed parameter; 401: no token; 503: the store cannot be reached.
        switch self {
        case .health, .openAPI: []
        case .prometheus: [401]
        case .metrics: [400, 401]
        case .report, .records: [400, 401, 503]
        case .importFiles: [400, 401, 403, 413, 415, 422, 503]
        case .upsert: [400, 401, 403, 404, 413, 415, 422, 503]
        case .batch: [400, 401, 403, 413, 415, 422, 503]
        case .delete: [400, 401, 403, 404, 503]
        case .targets: [400, 401, 503]
        case .targetStatus: [400, 401, 503]
        case .leadScores: [400, 401, 404, 503]
        case .setTarget: [400, 401, 403, 413, 415, 422, 503]
        case .removeTarget: [400, 401, 403, 404, 503]
        }
    }

    private static func body(_ description: String, _ schema: String) -> Either<
        OpenAPI.Reference<OpenAPI.Response>, OpenAPI.Response
    > {
        .response(
            description: description, content: [.json: .content(.init(schema: .reference(.component(named: schema))))])
    }
}
