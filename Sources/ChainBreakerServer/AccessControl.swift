import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerStore
import Foundation

/// The caller of a request, once its token checked out.
public struct Principal: Sendable, Equatable {
    public var user: String
    public var role: AccessRole
    /// SHA-256 of the token (hex): the rate limiter's key.
    public var tokenHash: String
}

/// Requests per second and burst of one token (a token bucket).
public struct RateLimit: Sendable, Equatable {
    public var perSecond: Double
    public var burst: Double
    public init(perSecond: Double, burst: Double) { self.perSecond = perSecond; self.burst = burst }
    /// No limit.
    public static let unlimited = RateLimit(perSecond: .infinity, burst: .infinity)
}

/// Token check and rate limiting, in memory. The token digests are loaded from the store once
/// and looked up in a hash map (a request costs one SHA-256 of its token and one dictionary
/// probe, no database read); an unknown digest reloads the table at most once a second, so a
/// token created with `chainbreaker token create` while the server runs works within a second
/// and a flood of bad tokens cannot hammer the database; the server also reloads every 2 s, so
/// a token revoked with `chainbreaker token revoke` stops working within 2 s.
final class AccessControl: @unchecked Sendable {
    private let store: any ChainBreakerStore
    private let limits: [AccessRole: RateLimit]
    private let lock = NSLock()
    private var byHash: [String: Principal] = [:]
    private var lastReload: UInt64 = 0
    /// Bumped by every reload: what a connection remembered of a token is stale after one.
    private var generation = 0
    private var buckets: [String: (tokens: Double, at: UInt64)] = [:]
    /// Monotonic nanoseconds (injected in tests).
    private let clock: @Sendable () -> UInt64

    init(store: any ChainBreakerStore, limits: [AccessRole: RateLimit], clock: @escaping @Sendable () -> UInt64) throws(StoreError) {
        self.store = store; self.limits = limits; self.clock = clock
        try reload()
    }

    func reload() throws(StoreError) {
        let tokens = try store.loadTokens()
        var map: [String: Principal] = [:]
        for t in tokens where !t.revoked {
            guard let role = AccessRole(rawValue: t.user.role) else { continue }
            map[t.hashHex] = Principal(user: t.user.name, role: role, tokenHash: t.hashHex)
        }
        let now = clock()
        lock.lock(); byHash = map; lastReload = now; generation += 1; lock.unlock()
    }

    /// The principal of an `Authorization` header value, or an `unauthorized` error. An unknown
    /// token reloads the digests from the store (at most once a second, on `Blocking`'s threads:
    /// request handlers run on the event loops, which must never wait for a database).
    func authenticate(_ header: String?) async throws(APIError) -> Principal {
        guard let header else { throw APIError.unauthorized("missing bearer token (Authorization: Bearer …)") }
        guard let token = Self.bearerToken(header) else {
            throw APIError.unauthorized("the Authorization header must be \"Bearer <token>\"")
        }
        guard !token.isEmpty, token.count <= 256 else { throw APIError.unauthorized("invalid token") }
        let digest = SHA256.hex(token)
        let (known, stale) = principal(digest)
        if let known { return known }
        if stale {
            await Blocking.run { _ = try? self.reload() }
            if let p = principal(digest).principal { return p }
        }
        throw APIError.unauthorized("invalid token")
    }

    /// The principal of a well-formed bearer header whose token is loaded now, without waiting for
    /// anything; nil otherwise (the caller then takes `authenticate`, which reloads or refuses).
    private func knownPrincipal(_ header: String) -> Principal? {
        guard let token = Self.bearerToken(header), !token.isEmpty, token.count <= 256 else { return nil }
        return principal(SHA256.hex(token)).principal
    }

    /// What one connection last presented and who it was, valid until the next reload.
    struct Remembered {
        var header: String
        var generation: Int
        var principal: Principal
    }

    /// `knownPrincipal`, without the SHA-256 when the connection sends the header it sent last
    /// and no reload happened since (a revoked token is refused after the reload as before).
    func knownPrincipal(_ header: String, remembered: inout Remembered?) -> Principal? {
        lock.lock(); let g = generation; lock.unlock()
        if let r = remembered, r.generation == g, r.header == header { return r.principal }
        guard let p = knownPrincipal(header) else { return nil }
        remembered = Remembered(header: header, generation: g, principal: p)
        return p
    }

    /// The principal of a token digest, and whether the digests are due for a reload.
    private func principal(_ digest: String) -> (principal: Principal?, stale: Bool) {
        lock.lock(); defer { lock.unlock() }
        return (byHash[digest], clock() &- lastReload > 1_000_000_000)
    }

    /// The token bytes of `Bearer <token>` (scheme case-insensitive, spaces and tabs around the
    /// token ignored), or nil if the header has another scheme.
    static func bearerToken(_ header: String) -> ArraySlice<UInt8>? {
        let u = Array(header.utf8)
        let scheme = Array("bearer ".utf8)
        guard u.count > scheme.count else { return nil }
        for i in 0..<scheme.count where u[i] | 0x20 != scheme[i] { return nil }   // ASCII lower-casing; ' ' | 0x20 == ' '
        var lo = scheme.count, hi = u.count
        while lo < hi, u[lo] == 0x20 || u[lo] == 0x09 { lo += 1 }
        while hi > lo, u[hi - 1] == 0x20 || u[hi - 1] == 0x09 { hi -= 1 }
        return u[lo..<hi]
    }

    /// Takes one request from the token's bucket, or throws `rate_limited`.
    func admit(_ p: Principal) throws(APIError) {
        guard let limit = limits[p.role], limit.perSecond.isFinite else { return }
        let now = clock()
        lock.lock()
        var b = buckets[p.tokenHash] ?? (limit.burst, now)
        let refill = Double(now &- b.at) / 1e9 * limit.perSecond
        b.tokens = min(limit.burst, b.tokens + refill)
        b.at = now
        if b.tokens >= 1 {
            b.tokens -= 1
            buckets[p.tokenHash] = b
            lock.unlock()
            return
        }
        buckets[p.tokenHash] = b
        lock.unlock()
        throw APIError.rateLimited(retryAfter: max(1, Int(((1 - b.tokens) / limit.perSecond).rounded(.up))))
    }
}
