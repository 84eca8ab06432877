import HTTPTypes
import OpenAPIKit
import SalesMetrics
import SalesMetricsIO

/// Every operation of the API, in one list. The router registers each entry's method and path
/// (`APIController.addRoutes`), `OpenAPIDocument` describes each entry, and a listed path answers
/// 405 with `Allow` for the methods it lacks (`MethodNotAllowedMiddleware`): the document is the
/// route table, so the two cannot drift apart.
///
/// Entities are paths of their own (`/api/v1/records/opportunities`), not one `{entity}`
/// parameter, so that each one's columns are named exactly: as record filters and as the
/// properties of an upsert's body.
enum APIOperation: Hashable, Sendable {
    case health, prometheus, openAPI
    case report, metrics
    case records(Table)
    case importFiles
    case upsert(Table)
    case batch(Table)
    case delete(Table)
    case targets, targetStatus, setTarget, removeTarget
    case leadScores

    static let all: [APIOperation] =
        [.health, .prometheus, .openAPI, .report, .metrics] + Table.allCases.map(Self.records) + [.importFiles]
        + Table.withIds.map(Self.upsert) + Table.allCases.map(Self.batch) + Table.withIds.map(Self.delete)
        + [.targets, .targetStatus, .setTarget, .removeTarget, .leadScores]

    var method: HTTPRequest.Method {
        switch self {
        case .importFiles, .batch: .post
        case .upsert, .setTarget: .put
        case .delete, .removeTarget: .delete
        case .health, .prometheus, .openAPI, .report, .metrics, .records, .targets, .targetStatus, .leadScores: .get
        }
    }

    /// The path as OpenAPI writes it (`{id}` for the one parameter a path may have).
    var path: String {
        switch self {
        case .health: Paths.health
        case .prometheus: Paths.prometheus
        case .openAPI: Paths.apiOpenAPI
        case .report: Paths.apiReport
        case .metrics: Paths.apiMetrics
        case .records(let table): Paths.apiRecords + "/" + table.rawValue
        case .importFiles: Paths.apiImport
        case .upsert(let table), .delete(let table): Paths.api + "/" + table.rawValue + "/{id}"
        case .batch(let table): Paths.api + "/" + table.rawValue + "/batch"
        case .targets: Paths.apiTargets
        case .targetStatus: Paths.apiTargetStatus
        case .setTarget, .removeTarget: Paths.apiTargets + "/{id}"
        case .leadScores: Paths.apiLeadScores
        }
    }

    /// Who may call it: nobody needs a token for health and this document; the rest of
    /// `/api/v1` goes through `APIAccessMiddleware` (reads: any token; writes: an admin's).
    var isPublic: Bool { self == .health || self == .openAPI }

    /// Whether the route lives in the `/api/v1` group (and its access middleware).
    var isInAPIGroup: Bool { !isPublic && path.hasPrefix(Paths.api + "/") }

    /// The path as the router writes it: relative to `/api/v1` inside the group, `:id` for `{id}`.
    var routerPath: String {
        let path = isInAPIGroup ? String(self.path.dropFirst(Paths.api.count + 1)) : self.path
        return path.replacingOccurrences(of: "{id}", with: ":id")
    }

    /// `operationId` in the document: unique, and stable for clients that generate code.
    var id: String {
        switch self {
        case .health: "health"
        case .prometheus: "prometheusMetrics"
        case .openAPI: "openAPIDocument"
        case .report: "report"
        case .metrics: "metricCatalog"
        case .records(let table): "list_" + table.rawValue
        case .importFiles: "importFiles"
        case .upsert(let table): "upsert_" + table.rawValue
        case .batch(let table): "batch_" + table.rawValue
        case .delete(let table): "delete_" + table.rawValue
        case .targets: "listTargets"
        case .targetStatus: "targetStatus"
        case .setTarget: "setTarget"
        case .removeTarget: "removeTarget"
        case .leadScores: "leadScores"
        }
    }

    /// The methods a request path may use, when it is one of the listed paths; nil otherwise. A
    /// path written out in full wins over one with `{id}`: `/api/v1/accounts/batch` is the batch
    /// (POST), not the account with id "batch".
    static func methods(forPath path: Substring) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var exact: [HTTPRequest.Method] = []
        var withId: [HTTPRequest.Method] = []
        for template in templates where template.segments.count == segments.count {
            let matches = zip(template.segments, segments).allSatisfy { pattern, segment in
                pattern == "{id}" ? !segment.isEmpty : pattern == segment
            }
            guard matches else { continue }
            if template.segments.contains("{id}") {
                withId.append(contentsOf: template.methods)
            } else {
                exact.append(contentsOf: template.methods)
            }
        }
        let methods = exact.isEmpty ? withId : exact
        return methods.isEmpty ? nil : methods
    }

    private static let templates: [(segments: [Substring], methods: [HTTPRequest.Method])] = {
        var paths: [String] = []
        var methods: [String: [HTTPRequest.Method]] = [:]
        for operation in all {
            if methods[operation.path] == nil { paths.append(operation.path) }
            methods[operation.path, default: []].append(operation.method)
        }
        return paths.map { ($0.split(separator: "/", omittingEmptySubsequences: false), methods[$0]!) }
    }()
}

extension Table {
    /// The tables whose rows have ids, so one row can be upserted or deleted by id.
    static let withIds = allCases.filter { RowIdentity.of($0).idColumn != nil }
}
