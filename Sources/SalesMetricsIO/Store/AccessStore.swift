import SalesMetrics

/// What a token may do: viewers read, admins also write.
public enum Role: String, Sendable, CaseIterable, Codable {
    case viewer, admin

    /// Whether this role includes what `needed` may do.
    public func allows(_ needed: Role) -> Bool { self == .admin || needed == .viewer }
}

/// An API token as stored: never the secret itself, only its hash.
public struct AccessToken: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var role: Role
    /// When it was created, ISO 8601 (UTC).
    public var createdAt: String
    public var revokedAt: String?

    public init(id: Int, name: String, role: Role, createdAt: String, revokedAt: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A signed-in browser: the session's hash, the token it was opened with, its CSRF secret.
public struct BrowserSession: Sendable, Equatable {
    public var token: AccessToken
    public var csrf: String
    /// Milliseconds since 1970.
    public var expiresAt: Int64

    public init(token: AccessToken, csrf: String, expiresAt: Int64) {
        self.token = token
        self.csrf = csrf
        self.expiresAt = expiresAt
    }
}

/// The counters a server compares on every request (in one query): the data version (every
/// import or write increases it), the access version (every revocation or sign-out does) and
/// the targets version, so it can keep datasets, reports, pages, tokens and sessions in memory
/// until they change.
public struct StoreVersions: Sendable, Equatable {
    public var data: Int
    public var access: Int
    /// Every change of the targets increases it (pages that show targets follow it).
    public var targets: Int

    public init(data: Int, access: Int, targets: Int = 0) {
        self.data = data
        self.access = access
        self.targets = targets
    }
}

/// Tokens and browser sessions, kept beside the data so every server instance shares them.
/// Secrets are hashed by the caller; stores only ever see hashes.
public protocol AccessStore: Sendable {
    /// Stores a new token; a name already in use is an error.
    func createToken(name: String, role: Role, hash: String) async throws -> AccessToken
    /// The active (not revoked) token with this hash.
    func token(hash: String) async throws -> AccessToken?
    /// Every token, revoked ones included, oldest first.
    func tokens() async throws -> [AccessToken]
    /// Revokes the named token and ends its sessions; false when no active token has that name.
    func revokeToken(name: String) async throws -> Bool
    /// Opens a browser session until `expiresAt` (ms since 1970).
    func createSession(hash: String, tokenId: Int, csrf: String, expiresAt: Int64) async throws
    /// The session with this hash, if it has not expired and its token is still active.
    func session(hash: String, now: Int64) async throws -> BrowserSession?
    func deleteSession(hash: String) async throws
    /// The data and access versions, read together.
    func versions() async throws -> StoreVersions
}

public enum AccessStoreError: Error, CustomStringConvertible, Equatable {
    case nameTaken(String)
    case badName(String)

    public var description: String {
        switch self {
        case .nameTaken(let name):
            "A token named '\(name)' already exists; choose another name or revoke it first (salesmetrics token revoke \(name))."
        case .badName(let name):
            "The token name '\(name)' is not valid: \(ShortName.rule)."
        }
    }

    /// Token names are short identifiers, so they read well in lists and commands.
    public static func check(name: String) throws(AccessStoreError) {
        if !ShortName.isValid(name) { throw .badName(name) }
    }
}
