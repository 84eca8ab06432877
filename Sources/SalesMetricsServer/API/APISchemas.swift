import OpenAPIKit
import SalesMetrics
import SalesMetricsIO

/// The JSON Schemas of the API's bodies (APIBodies.swift, APIError.swift and the report JSON of
/// SPEC §5), built from the same enums and table columns the server uses, so a new metric,
/// entity or column appears in the document without anyone editing it.
enum APISchemas {
    static var components: OpenAPI.ComponentDictionary<JSONSchema> {
        var schemas: OpenAPI.ComponentDictionary<JSONSchema> = [
            "Error": error, "Issue": issue, "Report": report, "MetricValues": metricValues, "Catalog": catalog,
            "ImportSummary": importSummary, "Upsert": upsert, "Target": target, "Targets": targets,
            "TargetStatus": targetStatus, "LeadScores": leadScores, "ScoreQuality": scoreQuality,
        ]
        for table in Table.allCases {
            schemas[OpenAPI.ComponentKey(rawValue: "Records_" + table.rawValue)!] = records(table)
        }
        return schemas
    }

    /// An object of exactly these properties (each required unless its schema says otherwise).
    private static func closed(_ properties: OrderedDictionary<String, JSONSchema>, description: String? = nil)
        -> JSONSchema
    {
        .object(description: description, properties: properties, additionalProperties: .a(false))
    }

    /// Properties in the order of `names`.
    static func each<S: Sequence>(_ names: S, _ schema: (S.Element) -> (String, JSONSchema))
        -> OrderedDictionary<String, JSONSchema>
    {
        var properties = OrderedDictionary<String, JSONSchema>()
        for name in names {
            let (key, value) = schema(name)
            properties[key] = value
        }
        return properties
    }

    private static func ref(_ name: String) -> JSONSchema { .reference(.component(named: name)) }

    private static func strings<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONSchema
    where T.RawValue == String {
        .string(allowedValues: T.allCases.map { AnyCodable($0.rawValue) })
    }

    static let error = closed([
        "error": closed([
            "status": .integer(maximum: (599, false), minimum: (400, false)),
            "message": .string,
            "issues": .array(required: false, items: ref("Issue")),
        ])
    ])

    static let issue = closed([
        "severity": strings(DatasetIssue.Severity.self),
        "file": .string,
        "line": .integer(required: false, minimum: (1, false)),
        "column": .string(required: false),
        "message": .string,
    ])

    /// Metric id to value: every catalog metric may appear (the report holds those asked for).
    static var metricValues: JSONSchema {
        closed(
            each(MetricKey.allCases) { ($0.rawValue, .number(required: false, nullable: true)) },
            description:
                "Metric id to value: money with at most 2 decimals, counts as integers, ratios unrounded; null when not computable."
        )
    }

    static var report: JSONSchema {
        closed([
            "currency": .string(pattern: "^[A-Z]{3}$"),
            "grain": strings(Grain.self),
            "timezone": .string,
            "fiscal_year_start_month": .integer(maximum: (12, false), minimum: (1, false)),
            "periods": .array(
                items: closed([
                    "label": .string,
                    "start": .string(format: .date),
                    "end": .string(format: .date),
                    "metrics": ref("MetricValues"),
                    "groups": .array(
                        required: false,
                        items: closed([
                            "dimension": strings(Breakdown.self),
                            "key": .string,
                            "metrics": ref("MetricValues"),
                        ])),
                ])),
        ])
    }

    static var catalog: JSONSchema {
        let names = JSONSchema.array(items: .string)
        return closed([
            "metrics": .array(
                items: closed([
                    "id": strings(MetricKey.self),
                    "label": .string,
                    "category": strings(MetricCategory.self),
                    "unit": strings(MetricUnit.self),
                    "direction": strings(MetricDirection.self),
                    "definition": .string,
                    "formula": .string,
                    "example": .string,
                    "requires": names,
                    "requires_any_of": names,
                    "dimensions": names,
                ]))
        ])
    }

    /// One page of a table's rows: each column's value as written, null when empty.
    static func records(_ table: Table) -> JSONSchema {
        closed([
            "entity": .string(allowedValues: AnyCodable(table.rawValue)),
            "total": .integer(minimum: (0, false)),
            "limit": .integer(maximum: (1000, false), minimum: (1, false)),
            "offset": .integer(minimum: (0, false)),
            "records": .array(
                items: closed(each(TableSchema.columns(table)) { ($0.name, .string(nullable: true)) })),
        ])
    }

    static var importSummary: JSONSchema {
        let counts = closed([
            "inserted": .integer(minimum: (0, false)), "updated": .integer(minimum: (0, false)),
            "unchanged": .integer(minimum: (0, false)),
        ])
        return closed([
            "tables": closed(each(Table.allCases) { ($0.rawValue, counts.optionalSchemaObject()) }),
            "warnings": .array(items: ref("Issue")),
        ])
    }

    static var upsert: JSONSchema {
        closed([
            "entity": .string(allowedValues: Table.withIds.map { AnyCodable($0.rawValue) }),
            "id": .string,
            "result": .string(allowedValues: "inserted", "updated", "unchanged"),
            "warnings": .array(items: ref("Issue")),
        ])
    }

    /// An upsert's body: the table's columns (docs/data-format.md), each a string, number, boolean
    /// or null. A new row needs the table's required columns; columns left out of an update keep
    /// their stored values. Rules between columns (a won deal needs closed_at) are checked as an
    /// import checks them, and a refusal is a 422 that lists every problem.
    static func recordBody(_ table: Table, batch: Bool = false) -> JSONSchema {
        // Values are checked as an import checks them (trimmed, case-insensitive words), which no
        // JSON Schema format states exactly; each column's type is in its description.
        func value(_ column: ColumnSpec) -> JSONSchema {
            .any(
                of: [.string, .number, .boolean, .null()],
                core: .init(
                    required: false,
                    description: column.type.documentation + (column.meaning.isEmpty ? "" : ": " + column.meaning)))
        }
        // The id comes from the path; the body may repeat it. A batch's records carry their ids.
        let idColumn = RowIdentity.of(table).idColumn
        let required = TableSchema.columns(table).filter { $0.required && (batch || $0.name != idColumn) }.map(\.name)
        return closed(
            each(TableSchema.columns(table)) { ($0.name, value($0)) },
            description: "Columns of \(table.fileName) (docs/data-format.md). "
                + (required.isEmpty
                    ? "Any may be left out."
                    : "A new row needs \(required.joined(separator: ", ")); an update may leave any out."))
    }

    /// A target's fields as people write them (TargetSpec, docs/review.md).
    private static func targetFields(required: Bool) -> OrderedDictionary<String, JSONSchema> {
        let value = JSONSchema.any(
            of: [.number, .string(pattern: "^-?[0-9.]+%$")],
            core: .init(
                required: false,
                description:
                    "In the metric's unit: money in major units, ratios as a fraction or a percentage (25%), multiples as a number."
            ))
        return [
            "metric": .string(required: required, allowedValues: MetricKey.allCases.map { AnyCodable($0.rawValue) }),
            "at_least": value, "at_most": value,
            "grains": .array(required: false, items: strings(Grain.self)),
            "scope": .object(
                required: false, minProperties: 1, maxProperties: 1,
                properties: each(Breakdown.allCases) { ($0.rawValue, .string(required: false, minLength: 1)) },
                additionalProperties: .a(false)),
            "valid_from": .string(format: .date, required: false),
            "valid_until": .string(format: .date, required: false),
            "note": .string(required: false, maxLength: 500),
        ]
    }

    /// A PUT's body: the name comes from the path (the body may repeat it).
    static var targetBody: JSONSchema {
        var fields = targetFields(required: true)
        fields["name"] = .string(required: false, pattern: "^[A-Za-z0-9._-]{1,64}$")
        return closed(
            fields,
            description:
                "One of at_least and at_most. The metric must have values by the scope's dimension; valid_from before valid_until."
        )
    }

    static var target: JSONSchema {
        var fields: OrderedDictionary<String, JSONSchema> = ["name": .string]
        for (key, value) in targetFields(required: true) { fields[key] = value }
        fields["note"] = .string
        return closed(fields)
    }

    static var targets: JSONSchema { closed(["targets": .array(items: ref("Target"))]) }

    static var targetStatus: JSONSchema {
        let number = JSONSchema.number(nullable: true)
        let item = closed([
            "target": .string, "metric": strings(MetricKey.self),
            "comparison": strings(Target.Comparison.self), "target_value": .number,
            "state": strings(TargetStatus.State.self), "period": .string, "complete": .boolean,
            "days_covered": .integer(minimum: (0, false)), "days_in_period": .integer(minimum: (1, false)),
            "value": number, "gap": number, "pace": .number(required: false),
            "scope": .object(required: false, additionalProperties: .b(.string)),
            "text": .string,
        ])
        return closed([
            "period": .string, "grain": strings(Grain.self), "missed": .integer(minimum: (0, false)),
            "text": .string, "targets": .array(items: item),
        ])
    }

    /// `GET /api/v1/leads/scores`: LeadScoresText.page.
    static var leadScores: JSONSchema {
        let reason = closed([
            "factor": .string, "level": .string, "points": .integer, "text": .string,
        ])
        let lead = closed([
            "lead_id": .string, "score": .integer(maximum: (99, false), minimum: (1, false)),
            "probability": .number(maximum: (1, false), minimum: (0, false)), "owner": .string, "source": .string,
            "created_at": .string(format: .date), "reasons_for": .array(maxItems: 3, items: reason),
            "reasons_against": .array(maxItems: 3, items: reason),
        ])
        let coefficient = closed(["factor": .string, "level": .string, "weight": .number, "leads": .integer])
        let model = closed([
            "kind": .string, "lambda": .number, "version": .string, "learned_from": .integer, "converted": .integer,
            "factors": .array(items: .string), "left_out": .array(items: .string), "intercept": .number,
            "newton_steps": .integer, "coefficients": .array(items: coefficient),
        ])
        let evaluation = JSONSchema.object(
            nullable: true,
            properties: [
                "method": .string(allowedValues: "holdout", "k_fold"),
                "holdout_from": .string(format: .date, required: false), "folds": .integer(required: false),
                "learned_from": .integer, "tested": .integer, "score": ref("ScoreQuality"),
                "baseline": ref("ScoreQuality"), "naive_bayes": ref("ScoreQuality"), "beats_baseline": .boolean,
            ], additionalProperties: .a(false))
        return closed(
            [
                "scored_at": .string(format: .dateTime), "as_of": .string(format: .date),
                "horizon_days": .integer(minimum: (1, false)), "timezone": .string, "model": model,
                "evaluation": evaluation, "evaluation_note": .string(nullable: true),
                "open_leads": .integer(minimum: (0, false)), "past_horizon": .integer(minimum: (0, false)),
                "offset": .integer(minimum: (0, false)), "limit": .integer(minimum: (1, false)),
                "leads": .array(items: lead),
            ],
            description:
                "The lead score of the stored data as of the day after its latest lead data, converting within 90 days (docs/scoring.md)."
        )
    }

    /// How well a score (or its baseline) did on leads it had not learned from.
    static var scoreQuality: JSONSchema {
        let number = JSONSchema.number(nullable: true)
        let band = closed(["leads": .integer, "mean_predicted": .number, "observed_rate": .number])
        return closed([
            "leads": .integer, "converted": .integer, "auc": number, "brier": .number, "top_decile_rate": .number,
            "average_rate": .number, "lift": number, "calibration": .array(maxItems: 10, items: band),
        ])
    }
}
