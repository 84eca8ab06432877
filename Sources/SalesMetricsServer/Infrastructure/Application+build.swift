import Hummingbird
import Logging
import SalesMetricsIO

/// Builds the server: `buildRouter` alone drives tests in process; `buildApplication` binds a port.
public enum SalesMetricsServer {
    public static func buildRouter(
        store: any SalesStore, configuration: ServerConfiguration = ServerConfiguration()
    ) -> Router<AppContext> {
        let store = ServerStore(base: store, timeout: configuration.storeTimeout)
        let cache = DataCache(
            store: store, currency: configuration.currency, attributeKinds: configuration.attributeKinds)
        let access = AccessCache(store: store)
        let metrics = ServerMetrics()
        let router = Router(context: AppContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(store: store))
        router.add(middleware: VersionsMiddleware(store: store))

        router.add(middleware: MethodNotAllowedMiddleware())

        // The API (its public routes too: health and its own description) from its operation list.
        let api = router.group(RouterPath(Paths.api)).add(middleware: APIAccessMiddleware(access: access))
        let alerts = configuration.alertsWebhook.map {
            TargetAlerts(
                store: store, cache: cache, url: $0, attempts: configuration.alertsAttempts,
                firstRetryDelay: configuration.alertsRetryDelay)
        }
        alerts?.poll(every: configuration.alertsPollInterval)
        APIController(cache: cache, access: access, metrics: metrics, configuration: configuration, alerts: alerts)
            .addRoutes(to: router, api: api)

        DashboardController(cache: cache, access: access, configuration: configuration).addRoutes(to: router)
        return router
    }

    public static func buildApplication(
        store: any SalesStore, configuration: ServerConfiguration,
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
