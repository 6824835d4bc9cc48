import ChainBreakerCore
import ChainBreakerStore

/// Who may call the server, and what they may see (the server's role matrix is documented in
/// `docs/ARCHITECTURE.md`, "Server").
public enum AccessRole: String, Sendable, CaseIterable, Codable {
    /// Anti-fraud centre analyst: traces, ratings, gangs, links, warnings; ID numbers masked.
    case analyst
    /// Supervisor: everything unmasked, plus the audit log.
    case supervisor
    /// A bank's payment system or another machine: risk levels and event ingestion; no names,
    /// ID numbers or phone numbers other than the one it asked about.
    case apiClient = "api-client"
}

/// Users and API tokens (`chainbreaker user add`, `chainbreaker token create`). A token is 32
/// bytes from a `RandomNumberGenerator` (the system's CSPRNG in production), written base64url
/// without padding (43 characters); only its SHA-256 digest is stored, so the token is shown
/// once and cannot be recovered from the database.
public enum AccessJob {
    /// Adds a user. Names: 1–64 of `A–Z a–z 0–9 . _ @ -`.
    public static func addUser(_ store: any ChainBreakerStore, name: String, role: String, now: Int64) throws(AppError) -> AccessUser {
        guard let r = AccessRole(rawValue: role) else {
            throw AppError(.usage, "unknown role \(role): use \(AccessRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard validName(name) else { throw AppError(.usage, "a user name is 1–64 characters of A–Z a–z 0–9 . _ @ -") }
        do { return try store.addUser(name: name, role: r.rawValue, at: now) } catch {
            throw AppError(.store, error.message, cause: error.cause)
        }
    }

    /// Creates a token for `user` and returns it (the only time it is ever shown).
    public static func createToken(_ store: any ChainBreakerStore, user: String, now: Int64,
                                   using rng: inout some RandomNumberGenerator) throws(AppError) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<4 {
            let w = rng.next()
            for j in 0..<8 { bytes[i * 8 + j] = UInt8(truncatingIfNeeded: w >> (8 * UInt64(j))) }
        }
        let token = base64url(bytes)
        do { _ = try store.addToken(user: user, hashHex: tokenHash(token), at: now) } catch {
            throw AppError(error.code == .read ? .notFound : .store, error.message, cause: error.cause)
        }
        return token
    }

    /// Revokes one token (given as the token itself) or every token of a user; returns how many.
    public static func revoke(_ store: any ChainBreakerStore, user: String?, token: String?) throws(AppError) -> Int {
        guard user != nil || token != nil else { throw AppError(.usage, "name a user (--user) or a token (--token) to revoke") }
        do { return try store.revokeTokens(user: user, hashHex: token.map(tokenHash)) } catch {
            throw AppError(.store, error.message, cause: error.cause)
        }
    }

    /// The stored form of a token: SHA-256 of its UTF-8 bytes, hex.
    public static func tokenHash(_ token: String) -> String { SHA256.hex(token.utf8) }

    static func validName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard (1...64).contains(u.count) else { return false }
        return u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x5F || c == 0x40 || c == 0x2D
        }
    }

    /// RFC 4648 §5 base64url, no padding.
    public static func base64url(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [table[Int(v >> 18 & 63)], table[Int(v >> 12 & 63)], table[Int(v >> 6 & 63)], table[Int(v & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = UInt32(bytes[i]) << 16
            out += [table[Int(v >> 18 & 63)], table[Int(v >> 12 & 63)]]
        } else if rest == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [table[Int(v >> 18 & 63)], table[Int(v >> 12 & 63)], table[Int(v >> 6 & 63)]]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
