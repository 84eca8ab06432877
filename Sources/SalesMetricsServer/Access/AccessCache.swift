import SalesMetricsIO
import Synchronization

/// Token and session lookups kept in memory while the store's access version stands still
/// (a revocation or a sign-out anywhere moves it), so a request costs one small query rather
/// than one per check. Only found entries are kept; unknown secrets always ask the store.
final class AccessCache: Sendable {
    let store: any SalesStore

    private struct State {
        var version = -1
        var tokens: [String: AccessToken] = [:]
        var sessions: [String: BrowserSession] = [:]
    }

    private let state = Mutex(State())
    private let maxEntries = 10_000

    init(store: any SalesStore) {
        self.store = store
    }

    func token(hash: String, accessVersion: Int) async throws -> AccessToken? {
        if let hit = state.withLock({ s in s.version == accessVersion ? s.tokens[hash] : nil }) { return hit }
        guard let token = try await store.token(hash: hash) else { return nil }
        remember(accessVersion) { $0.tokens[hash] = token }
        return token
    }

    func session(hash: String, accessVersion: Int, now: Int64) async throws -> BrowserSession? {
        if let hit = state.withLock({ s in s.version == accessVersion ? s.sessions[hash] : nil }) {
            return hit.expiresAt > now ? hit : nil
        }
        guard let session = try await store.session(hash: hash, now: now) else { return nil }
        remember(accessVersion) { $0.sessions[hash] = session }
        return session
    }

    private func remember(_ version: Int, _ update: (inout State) -> Void) {
        state.withLock { s in
            if s.version != version || s.tokens.count + s.sessions.count >= maxEntries { s = State(version: version) }
            update(&s)
        }
    }
}
