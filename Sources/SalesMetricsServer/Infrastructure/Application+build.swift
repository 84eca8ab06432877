import Hummingbird
import Logging
import SalesMetricsIO

/// Builds the server: `buildRouter` alone drives tests in process; `buildApplication` binds a port.
public enum SalesMetricsServer {
    public static func buildRouter(
        store: any MetricsStore & AccessStore, configuration: ServerConfiguration = ServerConfiguration()
    ) -> Router<AppContext> {
        let store = ServerStore(base: store, timeout: configuration.storeTimeout)
        let cache = DataCache(store: store)
        let access = AccessCache(store: store)
        let metrics = ServerMetrics()
        let router = Router(context: AppContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(store: store))
        router.add(middleware: VersionsMiddleware(store: store))

        // Public: health, the stylesheet, the login page and the API's description. Nothing else.
        router.get(RouterPath(Paths.health)) { _, _ in
            JSONResponse.bytes(Array(#"{"status":"ok"}"#.utf8) + [0x0A])
        }
        router.get(RouterPath(Paths.apiOpenAPI)) { _, _ in
            JSONResponse.bytes(Array(OpenAPIDocument.json.utf8))
        }
        router.get(RouterPath(Paths.prometheus)) { request, context in
            // Any active token may read the server's own metrics.
            var token = try await Access.bearerToken(request, context, access: access)
            if token == nil { token = try await Access.session(request, context, access: access)?.token }
            guard token != nil else { throw APIError.unauthorized }
            metrics.dataVersion.set(Int64(context.versions.data))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.text())))
        }

        let api = router.group(RouterPath(Paths.api)).add(middleware: APIAccessMiddleware(access: access))
        APIController(cache: cache, configuration: configuration).addRoutes(to: api)

        DashboardController(cache: cache, access: access, configuration: configuration).addRoutes(to: router)
        return router
    }

    public static func buildApplication(
        store: any MetricsStore & AccessStore, configuration: ServerConfiguration,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "salesmetrics")
        logger.logLevel = .notice
        return Application(
            router: buildRouter(store: store, configuration: configuration),
            // A connection silent for the idle timeout is closed, also one that stopped halfway
            // through a request's header (the timer only restarts on a whole header or body part).
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(configuration.idleTimeoutNanoseconds))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "SalesMetrics"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
