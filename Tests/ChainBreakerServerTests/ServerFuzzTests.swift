import ChainBreakerApp
@testable import ChainBreakerServer
import ChainBreakerTesting
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Hostile requests against every route the server documents: the server must answer each one
/// with a status of its own (a 4xx for bad input) — no 5xx, no crash — and still answer real
/// questions afterwards. Seeded: the same requests every run; a failure names the request.
@Suite struct ServerFuzzTests {
    /// Values a client may send where a name, a number, a time or an identifier belongs (already
    /// percent-encoded where they go into a URI).
    static let hostile: [String] = [
        "", "x", "-1", "0", "1", "abc", "1e309", "NaN", "99999999999999999999999999", "%ZZ", "%", "%00", "%FF%FE",
        "..%2F..%2Fetc%2Fpasswd", "%E8%B4%A6%E6%88%B7", "2021-06-17T10%3A00%3A00%2B08%3A00", "2021-13-45", "account%3A", "%3A%3A%3A",
        "phone%3A%2B86%20138%201234%205678", "qq%3AQQ%E5%8F%B7123", String(repeating: "9", count: 3_000), String(repeating: "%E6%B5%8B", count: 500),
        "fifo", "lifo", "proportional", "libr", "statement", "events", "tags", "cases",
    ]

    static let bodies: [[UInt8]] = {
        var b: [[UInt8]] = [[], Array("{".utf8), Array("[]".utf8), Array("null".utf8), Array("{\"type\":\"transfer\"}".utf8),
                            Array("{\"type\":\"transfer\",\"time\":\"yesterday\",\"amount\":\"-5\"}\n{\"type\":7}".utf8),
                            Array("{\"rows\":[{\"text\":42}],\"texts\":\"x\"}".utf8),
                            Array((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8),
                            Array("交易卡号,交易金额\n,,,,\n\"unterminated".utf8),
                            Array("案件编号,报案时间\nA1,never\n".utf8),
                            [0xFF, 0xFE, 0x00, 0x80, 0xC3, 0x28, 0xE2, 0x82]]
        var rng = SeededGenerator(seed: 7)
        b.append((0..<4_096).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        return b
    }()

    static let rounds = 40

    @Test func hostileRequestsGetAnAnswerNotACrash() async throws {
        let f = try ServerFixture.make("fuzz", data: try ServerFixture.citySource())
        // No rate limit: every request must reach its handler, not the token bucket.
        let server = try f.server { c in for role in AccessRole.allCases { c.rateLimits[role] = .unlimited } }
        // Imports last: each one invalidates the cached analyses.
        let endpoints = server.endpoints.sorted { ($0.action == "import" ? 1 : 0, $0.route) < ($1.action == "import" ? 1 : 0, $1.route) }
        struct Probe: Sendable { var method: HTTPRequest.Method; var uri: String; var headers: HTTPFields; var body: [UInt8]; var json: Bool }
        // Real identifiers too, so that hostile parameters reach the analyses behind valid ones.
        let cases = try f.store.loadCases()
        let real = cases.prefix(3).flatMap { [$0.id] + $0.payeeAccounts.prefix(1) + $0.victimAccounts.prefix(1) }
        let values = Self.hostile + real.map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0 }
            + ["account%3A" + (real.last ?? ""), "phone%3A" + (cases.first?.victimPhone ?? "")]
        var rng = SeededGenerator(seed: 20_211_001)
        var probes: [Probe] = []
        for e in endpoints {
            for round in 0..<Self.rounds {
                var uri = e.path
                for p in e.parameters where p.location == "path" { uri = uri.replacingOccurrences(of: "{\(p.name)}", with: rng.pick(values)) }
                var query: [String] = []
                for p in e.parameters where p.location == "query" && rng.below(3) > 0 {
                    // `wait` holds the request for up to 30 s when valid: only invalid values.
                    let v = p.name == "wait" ? rng.pick(["-1", "abc", "31", "1e309", ""]) : rng.pick(values)
                    query.append(p.name + "=" + v)
                }
                if rng.below(4) == 0 { query.append(rng.pick(["limit", "offset", "since", "q", "%ZZ", ""]) + "=" + rng.pick(Self.hostile)) }
                if !query.isEmpty { uri += "?" + query.joined(separator: "&") }
                let body = e.method == .post ? Self.bodies[(round + rng.below(Self.bodies.count)) % Self.bodies.count] : []
                // A third of the requests come without a token or with a machine's role.
                let headers: HTTPFields = switch rng.below(6) {
                case 0: [:]
                case 1: f.auth(.apiClient)
                default: f.auth(.supervisor)
                }
                probes.append(Probe(method: e.method, uri: uri, headers: headers, body: body, json: e.produces == "application/json"))
            }
        }
        let requests = probes
        let tally = Tally()
        try await server.application().test(.router) { client in
            for p in requests {
                let what = "\(p.method.rawValue) \(p.uri.prefix(200)) body \(p.body.count) bytes"
                try await client.execute(uri: p.uri, method: p.method, headers: p.headers, body: ByteBuffer(bytes: p.body)) { r in
                    tally.add(r.status.code)
                    #expect(r.status.code >= 200 && r.status.code < 500 && r.status.code != 429, "\(what) → \(r.status.code) \(r.text.prefix(300))")
                    if r.status.code >= 400 && p.json { #expect(r.errorCode != nil, "\(what): error without a code: \(r.text.prefix(200))") }
                }
            }
            // Still serving real answers.
            try await client.execute(uri: "/health", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/api/v1/rate?limit=3", method: .get, headers: f.auth(.supervisor)) { r in
                #expect(r.status == .ok)
                #expect((r.json["accounts"] as? [Any])?.isEmpty == false)
            }
        }
        #expect(probes.count == endpoints.count * Self.rounds)
        // Most requests got past authentication to their handlers, a good share answered.
        print("fuzz: \(probes.count) requests, statuses \(tally.counts.sorted { $0.key < $1.key })")
        #expect(tally.counts[200, default: 0] * 5 >= probes.count)
    }


    /// Bytes that are not HTTP, or broken HTTP, on real connections: each gets an answer or a
    /// closed connection, and the server goes on serving.
    @Test func brokenHTTPOnTheWireLeavesTheServerServing() async throws {
        let f = try ServerFixture.empty()
        let server = try f.server { $0.port = 0 }
        let payloads: [[UInt8]] = [
            Array("hello\r\n\r\n".utf8),
            Array("GET\r\n\r\n".utf8),
            Array("GET /health HTTP/9.9\r\n\r\n".utf8),
            Array("GET /health HTTP/1.1\r\nHost localhost\r\n\r\n".utf8),
            Array(("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 200_000) + "\r\n\r\n").utf8),
            Array("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"type\"".utf8),
            Array("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n".utf8),
            Array("GET /api/v1/risk/%FF/%00 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u{7f}\r\n\r\n".utf8),
            [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03],   // a TLS ClientHello's start
            (0..<2_048).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) },
        ]
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            for p in payloads { Self.sendRaw(p, port: port) }
            try await client.execute(uri: "/health", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/api/v1/whoami", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.json["role"] as? String == "analyst")
            }
        }
    }

    /// Sends bytes on a new TCP connection to 127.0.0.1:port, reads what comes back for up to a
    /// second and closes.
    static func sendRaw(_ bytes: [UInt8], port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { return }
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buf = [UInt8](repeating: 0, count: 4_096)
        _ = recv(fd, &buf, buf.count, 0)
    }

    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var counts: [Int: Int] = [:]
        func add(_ code: Int) { lock.lock(); counts[code, default: 0] += 1; lock.unlock() }
    }
}
