import Crypto
import SalesMetricsIO

/// Random secrets (API tokens, session ids, CSRF values) and the hashes stored in their place.
public enum Secret {
    /// 32 random bytes from the system's secure generator, as URL-safe text after `prefix`.
    public static func generate(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + hex(bytes)
    }

    /// SHA-256 of the secret, in hex: what stores keep (a database leak reveals no token).
    public static func hash(_ secret: String) -> String {
        hex(Array(SHA256.hash(data: Array(secret.utf8))))
    }

    /// Compares two secrets in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Creates API tokens: the secret is returned once and only its hash is stored.
public enum TokenIssuer {
    public static let prefix = "smk_"

    public static func create(name: String, role: Role, in store: any AccessStore) async throws -> (
        token: AccessToken, secret: String
    ) {
        let (secret, hash) = newSecret()
        return (try await store.createToken(name: name, role: role, hash: hash), secret)
    }

    /// A new token secret and the hash to store for it.
    public static func newSecret() -> (secret: String, hash: String) {
        let secret = Secret.generate(prefix: prefix)
        return (secret, Secret.hash(secret))
    }
}
