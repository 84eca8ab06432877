import Foundation
import HTTPTypes
import Hummingbird
import SalesMetrics
import SalesMetricsIO

/// The web dashboard: server-rendered pages behind a sign-in with a token.
struct DashboardController {
    let cache: DataCache
    let access: AccessCache
    let configuration: ServerConfiguration

    func addRoutes(to router: Router<AppContext>) {
        router.get(RouterPath(Paths.stylesheet)) { _, _ in
            var response = Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Stylesheet.css)))
            response.headers[.cacheControl] = "public, max-age=3600"
            return response
        }
        router.get(RouterPath(Paths.login), use: loginPage)
        router.post(RouterPath(Paths.login), use: login)
        router.post(RouterPath(Paths.logout), use: logout)

        let pages = router.group()
            .add(middleware: PageErrorMiddleware())
            .add(middleware: PageAccessMiddleware(access: access))
        pages.get(RouterPath(Paths.overview)) { request, context in
            try await personalPage(request, context) {
                Pages.overview(
                    try await DashboardData(
                        view: DashboardView(Query(request), currency: cache.currency), cache: cache,
                        version: context.versions.data))
            }
        }
        pages.get(RouterPath(Paths.metricPrefix + ":id")) { request, context in
            try await personalPage(request, context) { try await metricPage(request, context: context) }
        }
        pages.get(RouterPath(Paths.funnel)) { request, context in
            try await personalPage(request, context) { try await funnelPage(request, context: context) }
        }
        pages.get(RouterPath(Paths.leads)) { request, context in
            try await personalPage(request, context) {
                // The view's range, grain and filter (kept by the navigation) do not change the
                // scores; they are checked like everywhere else and otherwise ignored.
                _ = try DashboardView(Query(request), currency: cache.currency)
                let loaded = try await cache.current(version: context.versions.data)
                return Pages.leads(await cache.leadScores(of: loaded), loaded: loaded)
            }
        }
        pages.get(RouterPath(Paths.customers)) { request, context in
            try await personalPage(request, context) {
                _ = try DashboardView(Query(request), currency: cache.currency)
                let loaded = try await cache.current(version: context.versions.data)
                let currency = cache.currency
                return try await WorkerThreads.compute.run { Pages.customers(loaded.context, currency: currency) }
            }
        }
        pages.get(RouterPath(Paths.reviews)) { request, context in
            try await personalPage(request, context) { try await reviewPage(request, context: context) }
        }
        pages.get(RouterPath(Paths.reviewDownload)) { request, context in
            try await reviewDownload(request, context: context)
        }
        pages.get(RouterPath(Paths.sources)) { request, context in
            try await personalPage(request, context) {
                var view = try DashboardView(Query(request), currency: cache.currency)
                view.filter = nil
                let data = try await DashboardData(view: view, cache: cache, version: context.versions.data)
                var options = data.options
                options.breakdown = .source
                return Pages.sources(try await cache.report(options, of: data.loaded), data)
            }
        }
    }

    /// A page from the cache (or rendered into it), with the signed-in user's part added.
    func personalPage(_ request: Request, _ context: AppContext, render: () async throws -> String) async throws
        -> Response
    {
        // The cache key is the parsed view, not the URL: spellings of one view share an entry,
        // and a query that does not parse is refused before anything is rendered or kept.
        // Pages show targets: a change of them is a new page as a change of the data is.
        let key =
            try DashboardView(Query(request), currency: cache.currency).link(request.uri.path)
            + "#targets=\(context.versions.targets)"
        let page = try await cache.page(key, version: context.versions.data, render: render)
        let personal = Array(Layout.personalised(Layout.sessionMarker.rendered, context.session).utf8)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(page.head.count + personal.count + page.tail.count)
        buffer.writeBytes(page.head)
        buffer.writeBytes(personal)
        buffer.writeBytes(page.tail)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: buffer))
    }

    func funnelPage(_ request: Request, context: AppContext) async throws -> String {
        let view = try DashboardView(Query(request), currency: cache.currency)
        let data = try await DashboardData(view: view, cache: cache, version: context.versions.data)
        let period = data.periods[data.selected]
        let zone = data.options.zone ?? .utc
        let funnel = StageFunnel(
            data.dataset, from: zone.startOfDay(period.firstDay), to: zone.startOfDay(period.endDay), zone: zone,
            stageOrder: view.stages.isEmpty ? configuration.stageOrder : view.stages, group: view.filter)
        return Pages.funnel(funnel, data)
    }

    func metricPage(_ request: Request, context: AppContext) async throws -> String {
        let id = context.parameters.get("id") ?? ""
        guard let metric = Catalog.metric(id) else {
            throw APIError.notFound("There is no metric '\(id)'; the overview lists every metric.")
        }
        var view = try DashboardView(Query(request), currency: cache.currency)
        if view.by == nil { view.by = metric.dimensions.first ?? .owner }
        let data = try await DashboardData(view: view, cache: cache, version: context.versions.data)
        var breakdown: Report?
        if let by = view.by, metric.applies(to: by), data.unavailable(metric) == nil {
            var options = data.options
            options.breakdown = by
            breakdown = try await cache.report(options, of: data.loaded)
        }
        var drill: Pages.DrillDownView?
        if let selection = metric.drillDown, data.unavailable(metric) == nil {
            let rows = DrillDown.rows(
                selection, in: data.dataset, options: data.options, period: data.selectedLabel, group: view.filter)
            let zone = data.options.zone ?? .utc
            drill = Pages.DrillDownView(
                selection: selection, total: rows.count,
                records: DrillDown.records(
                    Array(rows.prefix(100)), of: selection.table, in: data.dataset, zone: zone,
                    currency: data.options.currency, names: data.names))
            if case .opportunities = selection.table {
                // The total amount covers every row, not only the listed ones.
                let all = DrillDown.records(rows, of: .opportunities, in: data.dataset, zone: zone, currency: "")
                drill?.records.amounts = all.amounts
            }
        }
        return Pages.metric(metric, data, breakdown: breakdown, drill: drill)
    }

    // MARK: - Sign in and out

    @Sendable func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        let next = Paths.safeNext(Query(request)["next"])
        if try await Access.session(request, context, access: access) != nil {
            return .redirect(to: next, type: .found)
        }
        return Self.loginForm(error: nil, next: next, status: .ok)
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await Self.form(request, limit: 16 * 1024)
        let next = Paths.safeNext(form["next"])
        // Double-submit check: the form's value must equal the cookie set with the form.
        guard let cookie = request.cookies[Access.loginCookie]?.value, let sent = form["csrf"],
            Secret.equal(cookie, sent)
        else {
            return Self.loginForm(error: "The sign-in form expired; please try again.", next: next, status: .forbidden)
        }
        guard let secret = form["token"], secret.utf8.count <= 256,
            let token = try await access.token(
                hash: Secret.hash(secret.trimmingCharacters(in: .whitespaces)), accessVersion: context.versions.access)
        else {
            return Self.loginForm(error: "This token is unknown or revoked.", next: next, status: .unauthorized)
        }
        let session = Secret.generate()
        try await cache.store.createSession(
            hash: Secret.hash(session), tokenId: token.id, csrf: Secret.generate(),
            expiresAt: Access.now() + Int64(configuration.sessionSeconds) * 1000)
        var response = Response.redirect(to: next, type: .normal)
        response.setCookie(
            Cookie(
                name: Access.sessionCookie, value: session, maxAge: configuration.sessionSeconds, path: "/",
                secure: Self.isHTTPS(request), httpOnly: true, sameSite: .strict))
        response.setCookie(
            Cookie(name: Access.loginCookie, value: "", maxAge: 0, path: Paths.login, httpOnly: true, sameSite: .strict)
        )
        return response
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await Self.form(request, limit: 16 * 1024)
        if let session = try await Access.session(request, context, access: access) {
            guard let sent = form["csrf"], Secret.equal(sent, session.csrf) else {
                throw APIError(
                    status: .forbidden, message: "The sign-out form did not carry this session's CSRF value.")
            }
            if let value = request.cookies[Access.sessionCookie]?.value {
                try await cache.store.deleteSession(hash: Secret.hash(value))
            }
        }
        var response = Response.redirect(to: Paths.login, type: .normal)
        response.setCookie(
            Cookie(name: Access.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    static func loginForm(error: String?, next: String, status: HTTPResponse.Status) -> Response {
        let csrf = Secret.generate()
        var response = html(Layout.personalised(Pages.login(error: error, next: next, csrf: csrf), nil), status: status)
        response.setCookie(
            Cookie(
                name: Access.loginCookie, value: csrf, maxAge: 3600, path: Paths.login, httpOnly: true,
                sameSite: .strict))
        return response
    }

    static func isHTTPS(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// An `application/x-www-form-urlencoded` body as a dictionary (first value of each name).
    static func form(_ request: Request, limit: Int) async throws -> [String: String] {
        let body = try await APIController.body(request, limit: limit)
        var out: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let name = kv.first, out[name] == nil { out[name] = kv.count > 1 ? kv[1] : "" }
        }
        return out
    }
}

/// Dashboard errors as a page, with the same sentence the API would give.
struct PageErrorMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        do { return try await next(request, context) } catch let error as APIError {
            return DashboardController.html(Layout.personalised(Pages.error(error), nil), status: error.status)
        }
    }
}
