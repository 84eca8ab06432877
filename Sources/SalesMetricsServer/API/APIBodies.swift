import SalesMetrics
import SalesMetricsIO

// Response types of the API, kept apart from the domain types so the wire format is explicit.

/// `GET /api/v1/metrics`: the catalog.
struct CatalogBody: Encodable {
    struct MetricBody: Encodable {
        var id, label, category, unit, direction, definition, formula, example: String
        var requires: [String]
        var requires_any_of: [String]
        var dimensions: [String]

        init(_ m: Metric) {
            id = m.id
            label = m.label
            category = m.category.rawValue
            unit = m.unit.rawValue
            direction = m.direction.rawValue
            definition = m.definition
            formula = m.formula
            example = m.example
            requires = m.requires.map(\.rawValue)
            requires_any_of = m.requiresAnyOf.map(\.rawValue)
            dimensions = m.dimensions.map(\.rawValue)
        }
    }
    var metrics = Catalog.metrics.map(MetricBody.init)
}

/// `GET /api/v1/records/{entity}`: one page of stored rows.
struct RecordsBody: Encodable {
    var entity: String
    var total: Int
    var limit: Int
    var offset: Int
    var records: [[String: String?]]

    init(entity: String, page: RecordPage, limit: Int, offset: Int) {
        self.entity = entity
        total = page.total
        self.limit = limit
        self.offset = offset
        records = page.rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(page.columns, row).map { ($0, $1) })
        }
    }

    func encode(to encoder: any Encoder) throws {
        // Explicit nulls for empty values (the synthesised encoding would drop them).
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(entity, forKey: Key("entity"))
        try c.encode(total, forKey: Key("total"))
        try c.encode(limit, forKey: Key("limit"))
        try c.encode(offset, forKey: Key("offset"))
        var list = c.nestedUnkeyedContainer(forKey: Key("records"))
        for record in records {
            var object = list.nestedContainer(keyedBy: Key.self)
            for (column, value) in record {
                if let value {
                    try object.encode(value, forKey: Key(column))
                } else {
                    try object.encodeNil(forKey: Key(column))
                }
            }
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// `POST /api/v1/import`: what changed per entity.
struct ImportBody: Encodable {
    struct Counts: Encodable {
        var inserted, updated, unchanged: Int
    }
    var tables: [String: Counts]
    var warnings: [IssueBody]

    init(_ summary: ImportSummary) {
        tables = Dictionary(
            uniqueKeysWithValues: summary.tables.map {
                (
                    $0.key.rawValue,
                    Counts(inserted: $0.value.inserted, updated: $0.value.updated, unchanged: $0.value.unchanged)
                )
            })
        warnings = summary.warnings.map(IssueBody.init)
    }
}

/// `PUT /api/v1/{entity}/{id}`.
struct UpsertBody: Encodable {
    var entity: String
    var id: String
    var result: String
    var warnings: [IssueBody]
}
