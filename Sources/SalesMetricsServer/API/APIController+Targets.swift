import Foundation
import Hummingbird
import SalesMetrics
import SalesMetricsIO

/// `/api/v1/targets` and `/api/v1/target-status` (docs/review.md): reads for any token, writes
/// for an admin's (APIAccessMiddleware).
extension APIController {
    @Sendable func targets(_ request: Request, context: AppContext) async throws -> Response {
        try Query(request, api: true).check(known: [])
        return JSONResponse.make(TargetsBody(targets: try await cache.store.targets().map(TargetBody.init)))
    }

    @Sendable func targetStatus(_ request: Request, context: AppContext) async throws -> Response {
        let query = Query(request, api: true)
        try query.check(known: TargetQuery.names)
        let loaded = try await cache.current(version: context.versions.data)
        let evaluated = try await TargetQuery(query).evaluate(
            try await cache.store.targets(), loaded: loaded, currency: cache.currency)
        return JSONResponse.bytes(
            Webhook.message(
                evaluated.statuses, period: evaluated.label, grain: evaluated.grain, names: loaded.names,
                currency: cache.currency) + [0x0A])
    }

    @Sendable func setTarget(_ request: Request, context: AppContext) async throws -> Response {
        let name = context.parameters.get("id") ?? ""
        try Query(request, api: true).check(known: [])
        let body = try await Self.body(request, limit: configuration.maxBodyBytes)
        var spec = try TargetBody.spec(body)
        if let given = spec.name, given != name {
            throw APIError.unprocessable("The body's name \"\(given.prefix(64))\" differs from the name in the path.")
        }
        spec.name = name
        let target: Target
        do { target = try spec.target() } catch {
            throw APIError.unprocessable(
                "The target was refused: " + error.list.map(\.description).joined(separator: "; ") + ".")
        }
        let existed = try await cache.store.targets().contains { $0.name == name }
        do { try await cache.store.setTargets([target]) } catch let error as TargetStoreError {
            throw APIError.unprocessable(error.description)
        }
        alerts?.dataChanged()
        return JSONResponse.make(TargetBody(target), status: existed ? .ok : .created)
    }

    @Sendable func removeTarget(_ request: Request, context: AppContext) async throws -> Response {
        try Query(request, api: true).check(known: [])
        let name = context.parameters.get("id") ?? ""
        guard try await cache.store.removeTarget(name: name) else {
            throw APIError.notFound("No target is named \"\(name.prefix(64))\".")
        }
        return Response(status: .noContent)
    }
}

/// The period a status request asks for: a label, or the latest complete period of a grain.
struct TargetQuery {
    static let names = ["period", "grain", "timezone", "fiscal_year_start_month"]
    static let labelPattern = "^(FY)?[0-9]{4}(-(Q[1-4]|W[0-9]{2}|[0-9]{2}))?$"

    var period: String?
    var grain: Grain
    var timezone: String
    var fiscalYearStartMonth: Int

    init(_ query: Query) throws(APIError) {
        period = query["period"]
        if let period, PeriodCalendar.grain(ofLabel: period) == nil {
            throw .badRequest(
                "period \"\(period.prefix(40))\" is not a period label; write one such as 2025-03, 2025-Q3, 2025-W05 or 2025."
            )
        }
        if let text = query["grain"] {
            guard let grain = Grain(rawValue: text) else {
                throw .badRequest("grain \"\(text.prefix(40))\" is not week, month, quarter or year.")
            }
            self.grain = grain
        } else {
            grain = .month
        }
        timezone = query["timezone"] ?? "UTC"
        guard ZoneRules(identifier: timezone) != nil else {
            throw .badRequest(ReportError.unknownTimeZone(String(timezone.prefix(80))).description)
        }
        fiscalYearStartMonth = try query.integer("fiscal_year_start_month", default: 1, in: 1...12)
    }

    /// The statuses of the period, with the data as of its latest day.
    func evaluate(_ targets: [Target], loaded: DataCache.Loaded, currency: String) async throws(APIError)
        -> (statuses: [TargetStatus], label: String, grain: Grain)
    {
        let grain = period.flatMap(PeriodCalendar.grain(ofLabel:)) ?? self.grain
        let calendar = PeriodCalendar(grain: grain, fiscalYearStartMonth: fiscalYearStartMonth)
        let start: Int32
        if let period {
            guard let day = calendar.start(ofLabel: period) else {
                throw .badRequest(
                    "period \(period) is not a \(grain.rawValue) of this calendar (fiscal years start in month \(fiscalYearStartMonth))."
                )
            }
            start = day
        } else {
            start = TargetEvaluation.latestCompletePeriod(calendar, asOf: loaded.lastDataDay)
        }
        let options = ReportOptions(
            grain: grain, from: start, to: start + 1, timezone: timezone, fiscalYearStartMonth: fiscalYearStartMonth,
            currency: currency)
        do {
            let statuses = try TargetEvaluation.evaluate(
                targets, dataset: loaded.dataset, options: options, periodStart: start, asOf: loaded.lastDataDay)
            return (statuses, calendar.label(forStart: start), grain)
        } catch {
            throw .badRequest("\(error)")
        }
    }
}

/// A target as the API writes it and reads it (the fields of a targets file).
struct TargetBody: Encodable {
    var name: String
    var metric: String
    var at_least: Double?
    var at_most: Double?
    var grains: [String]
    var scope: [String: String]?
    var valid_from: String?
    var valid_until: String?
    var note: String

    init(_ t: Target) {
        name = t.name
        metric = t.metric.rawValue
        if t.comparison == .atLeast { at_least = t.value } else { at_most = t.value }
        grains = t.grains.map(\.rawValue)
        scope = t.scope.map { [$0.dimension.rawValue: $0.key] }
        valid_from = t.validFrom.map(CivilDate.format)
        valid_until = t.validUntil.map(CivilDate.format)
        note = t.note
    }

    /// The spec of a PUT's JSON body; a 400 for a body that is not an object of these fields.
    static func spec(_ body: [UInt8]) throws(APIError) -> TargetSpec {
        let shape =
            "The body must be one JSON object of name, metric, at_least or at_most (a number or \"25%\"), grains (a list), scope ({\"segment\": \"Enterprise\"}), valid_from, valid_until and note."
        guard let object = try? JSONDecoder().decode([String: Field].self, from: Data(body)) else {
            throw .badRequest(shape)
        }
        for key in object.keys.sorted() where !TargetSpec.fields.contains(key) {
            throw .unprocessable(
                "Unknown field '\(key.prefix(40))'; a target has " + TargetSpec.fields.joined(separator: ", ") + ".")
        }
        var spec = TargetSpec()
        func text(_ key: String) throws(APIError) -> String? {
            switch object[key] {
            case nil, .null: return nil
            case .text(let s): return s
            default: throw .badRequest("'\(key)' must be a string or a number. " + shape)
            }
        }
        spec.name = try text("name")
        spec.metric = try text("metric")
        spec.atLeast = try text("at_least")
        spec.atMost = try text("at_most")
        spec.validFrom = try text("valid_from")
        spec.validUntil = try text("valid_until")
        spec.note = try text("note")
        switch object["grains"] {
        case nil, .null: break
        case .list(let list): spec.grains = list
        default: throw .badRequest("'grains' must be a list of grains, such as [\"quarter\"]. " + shape)
        }
        switch object["scope"] {
        case nil, .null: break
        case .object(let scope): spec.scope = scope.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        default: throw .badRequest("'scope' must be an object of one dimension to its value. " + shape)
        }
        return spec
    }
}

extension TargetBody {
    /// A field's JSON value: numbers as their text (so `30` stays `30`), lists and objects of
    /// strings; anything else is `other`, which every field refuses.
    enum Field: Decodable {
        case null, text(String), list([String]), object([String: String]), other

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if (try? c.decode(Bool.self)) != nil {
                self = .other
            } else if let i = try? c.decode(Int64.self) {
                self = .text(String(i))
            } else if let d = try? c.decode(Double.self) {
                self = .text(String(d))
            } else if let s = try? c.decode(String.self) {
                self = .text(s)
            } else if let l = try? c.decode([String].self) {
                self = .list(l)
            } else if let o = try? c.decode([String: String].self) {
                self = .object(o)
            } else {
                self = .other
            }
        }
    }
}

struct TargetsBody: Encodable {
    var targets: [TargetBody]
}
