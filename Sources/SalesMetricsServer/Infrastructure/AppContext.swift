import Hummingbird
import SalesMetricsIO

/// Per-request state: who is asking, once the access middleware has checked.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The token behind the request (from the Authorization header or the browser session).
    var token: AccessToken?
    /// Set for signed-in browsers: carries the CSRF secret forms must echo.
    var session: BrowserSession?
    /// The store's versions, read once per request by `VersionsMiddleware`.
    var versions = StoreVersions(data: 0, access: 0)

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
