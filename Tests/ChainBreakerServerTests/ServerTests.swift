import ChainBreakerApp
import ChainBreakerCore
@testable import ChainBreakerServer
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ServerAccessTests {
    @Test func publicEndpointsNeedNoToken() async throws {
        let f = try ServerFixture.empty()
        try await f.server().application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json["status"] as? String == "ok")
                #expect(r.json["risk_index"] as? String == "building")
                #expect(r.json["warning_engine"] as? String == "building")
            }
            // The first risk query builds the index; readiness then says so.
            try await client.execute(uri: "/api/v1/risk/phone/13800138000", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/health", method: .get) { r in
                #expect(r.json["risk_index"] as? String == "ready")
            }
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(r.text.contains("ChainBreaker") && !r.text.contains("http://") && !r.text.contains("https://cdn"))
            }
        }
    }

    @Test func missingOrInvalidTokenIs401() async throws {
        let f = try ServerFixture.empty()
        try await f.server().application().test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer nope"], [.authorization: "Basic dXNlcjpwdw=="], [.authorization: "Bearer "]] {
                try await client.execute(uri: "/api/v1/whoami", method: .get, headers: headers) { r in
                    #expect(r.status == .unauthorized)
                    #expect(r.errorCode == "unauthorized")
                    #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                }
            }
            try await client.execute(uri: "/metrics", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
                #expect(r.json["user"] as? String == "user-analyst")
                #expect(r.json["role"] as? String == "analyst")
            }
        }
    }

    @Test func aRevokedTokenIsRefused() async throws {
        let f = try ServerFixture.empty()
        let server = try f.server()
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.analyst)) { r in #expect(r.status == .ok) }
            #expect(try AccessJob.revoke(f.store, user: nil, token: f.tokens[.analyst]!) == 1)
            #expect(try AccessJob.revoke(f.store, user: "user-analyst", token: nil) == 0)
            #expect(throws: AppError.self) { try AccessJob.revoke(f.store, user: nil, token: nil) }
            try server.reloadAccess()                                           // `run()` does this every 2 s
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.supervisor)) { r in #expect(r.status == .ok) }
        }
    }

    @Test func wrongRoleIs403() async throws {
        let f = try ServerFixture.empty()
        try await f.server().application().test(.router) { client in
            let cases: [(AccessRole, String, HTTPRequest.Method)] = [
                (.apiClient, "/api/v1/gangs", .get), (.apiClient, "/api/v1/rate", .get), (.apiClient, "/api/v1/trace/case/X", .get),
                (.apiClient, "/api/v1/warnings", .get), (.apiClient, "/api/v1/import?kind=tags", .post), (.apiClient, "/api/v1/link", .get),
                (.analyst, "/api/v1/events", .post), (.analyst, "/api/v1/events/stream", .post), (.analyst, "/api/v1/audit", .get),
                (.analyst, "/metrics", .get),
            ]
            for (role, uri, method) in cases {
                try await client.execute(uri: uri, method: method, headers: f.auth(role), body: ByteBuffer(string: "x")) { r in
                    #expect(r.status == .forbidden, "\(role) \(method) \(uri)")
                    #expect(r.errorCode == "forbidden")
                }
            }
        }
    }

    @Test func tokenBucketLimitsPerToken() async throws {
        let f = try ServerFixture.empty()
        let clock = ManualClock()
        let server = try f.server { c in
            c.rateLimits[.apiClient] = RateLimit(perSecond: 1, burst: 2)
            c.monotonic = { clock.now }
        }
        try await server.application().test(.router) { client in
            for expected in [HTTPResponse.Status.ok, .ok, .tooManyRequests] {
                try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.apiClient)) { r in
                    #expect(r.status == expected)
                    if expected == .tooManyRequests { #expect(r.errorCode == "rate_limited"); #expect(r.headers[.retryAfter] == "1") }
                }
            }
            // Another token has its own bucket; a second later one more request is allowed.
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.analyst)) { r in #expect(r.status == .ok) }
            clock.now += 1_000_000_000
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.apiClient)) { r in #expect(r.status == .ok) }
        }
    }

    @Test func tokensAreStoredAsDigestsOnly() throws {
        let f = try ServerFixture.empty()
        let stored = try f.store.loadTokens()
        #expect(stored.count == 3)
        for (role, token) in f.tokens {
            #expect(token.utf8.count == 43)
            #expect(token.utf8.allSatisfy { c in (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F })
            let row = stored.first { $0.user.role == role.rawValue }!
            #expect(row.hashHex == SHA256.hex(token.utf8))
            #expect(row.hashHex != token)
        }
        var rng = SystemRandomNumberGenerator()
        #expect(throws: AppError.self) { try AccessJob.createToken(f.store, user: "nobody", now: 0, using: &rng) }
        #expect(throws: AppError.self) { try AccessJob.addUser(f.store, name: "x", role: "admin", now: 0) }
        #expect(throws: AppError.self) { try AccessJob.addUser(f.store, name: "user-analyst", role: "analyst", now: 0) }
        #expect(AccessJob.base64url([0xFB, 0xFF]) == "-_8")
    }

    @Test func unknownRouteIsJSON404() async throws {
        let f = try ServerFixture.empty()
        try await f.server().application().test(.router) { client in
            try await client.execute(uri: "/api/v1/nothing", method: .get, headers: f.auth(.supervisor)) { r in
                #expect(r.status == .notFound)
                #expect(r.errorCode == "not_found")
            }
        }
    }

    @Test func openAPIListsExactlyTheRoutes() async throws {
        let f = try ServerFixture.empty()
        let server = try f.server()
        try await server.application().test(.router) { client in
            let doc = try await client.execute(uri: "/openapi.json", method: .get) { r in r.json }
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = doc["paths"] as? [String: [String: Any]] ?? [:]
            var documented = Set<String>()
            for (p, ops) in paths { for m in ops.keys { documented.insert(m.uppercased() + " " + p) } }
            let served = Set(server.endpoints.map { $0.method.rawValue + " " + $0.path })
            #expect(documented == served)
            // Every documented route exists (no "no such route" 404 through the router).
            for route in documented {
                let parts = route.split(separator: " ", maxSplits: 1)
                let uri = String(parts[1]).replacingOccurrences(of: "{", with: "x").replacingOccurrences(of: "}", with: "")
                try await client.execute(uri: uri, method: HTTPRequest.Method(String(parts[0]))!, headers: f.auth(.supervisor)) { r in
                    #expect(!(r.status == .notFound && (r.json["error"] as? [String: Any])?["message"] as? String == "no such route"), "\(route)")
                }
            }
        }
    }

    @Test func metricsCountRoutesAndStatuses() async throws {
        let f = try ServerFixture.empty()
        try await f.server().application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { _ in }
            try await client.execute(uri: "/api/v1/whoami", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get, headers: f.auth(.supervisor)) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("chainbreaker_http_requests_total{route=\"GET /health\",status=\"200\"} 1"))
                #expect(r.text.contains("chainbreaker_http_requests_total{route=\"GET /api/v1/whoami\",status=\"401\"} 1"))
                #expect(r.text.contains("chainbreaker_http_request_duration_seconds_bucket{route=\"GET /health\",le=\"+Inf\"} 1"))
                #expect(r.text.contains("# TYPE chainbreaker_http_request_duration_seconds histogram"))
            }
        }
    }

    @Test func liveServerOverASocket() async throws {
        let f = try ServerFixture.empty()
        let server = try f.server { $0.port = 0 }
        try await server.application().test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.supervisor)) { r in
                #expect(r.json["role"] as? String == "supervisor")
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.apiClient),
                                     body: ByteBuffer(string: #"{"type":"sms","time":"2021-06-17T09:12:40+08:00","from":"17012345678","to":"13812345678"}"# + "\n")) { r in
                #expect(r.status == .ok)
                #expect(r.json["stored"] as? Int == 1)
            }
        }
    }
}

/// A monotonic clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    var now: UInt64 = 1_000_000_000
}

@Suite struct ServerMaskingTests {
    @Test func masksIDNumbersAndPhones() {
        #expect(Masking.idNumber("110101199003071234") == "110101********1234")
        #expect(Masking.phone("13800138000") == "138****8000")
        #expect(Masking.name("张三丰") == "张**")
        // A valid ID (check digit per GB 11643) in text is masked; a 19-digit card and a random
        // 18-digit number with an impossible birth date are left alone.
        let id = "11010519491231002X"
        #expect(Masking.idNumbers(in: "holder \(id) of 6222021234567890123") == "holder 110105********002X of 6222021234567890123")
        #expect(Masking.idNumbers(in: "acct 123456789012345678") == "acct 123456789012345678")
        #expect(Masking.phones(in: "call 13800138000 and 13900139000", keep: "13900139000") == "call 138****8000 and 13900139000")
        #expect(Masking.phones(in: "card 6222021380013800012") == "card 6222021380013800012")
        // Arbitrary bytes are never taken for an ID (and never trap).
        #expect(!Masking.isIDNumber(Array("ABCDEFGHIJKLMNOPQR".utf8)))
        #expect(!Masking.isIDNumber(Array("1101051949123100".utf8)))
        #expect(Masking.text("id 11010519491231002X tel 13800138000", for: .supervisor) == "id 11010519491231002X tel 13800138000")
        #expect(Masking.text("id 11010519491231002X tel 13800138000", for: .analyst) == "id 110105********002X tel 13800138000")
        #expect(Masking.text("id 11010519491231002X tel 13800138000", for: .apiClient) == "id 110105********002X tel 138****8000")
    }
}
