import ChainBreakerCore
@testable import ChainBreakerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@Suite struct RiskFastPathTests {
    /// A suspect phone of the city fixture.
    static func phone(_ f: ServerFixture) throws -> String {
        try #require(try f.store.loadCases().lazy.flatMap(\.suspectPhones).first { $0.utf8.count == 11 })
    }

    /// The same requests over a real socket, answered in the pipeline and by the router: same
    /// status, headers (but the date) and bytes, same audit rows; the pipeline answered exactly
    /// the risk queries it can answer at once.
    @Test func answersExactlyAsTheRouterDoes() async throws {
        let f = try ServerFixture.city()
        let phone = try Self.phone(f)
        let spelled = ("+86 " + phone.prefix(3) + "-" + phone.dropFirst(3)).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let bad = "Bearer not-a-token"
        let requests: [(String, HTTPFields)] = [
            ("/api/v1/risk/phone/\(phone)", f.auth(.apiClient)),
            ("/api/v1/risk/phone/\(phone)", f.auth(.analyst)),
            ("/api/v1/risk/PHONE/\(spelled)?x=1", f.auth(.supervisor)),
            ("/api/v1/risk/phone/13300000000", f.auth(.apiClient)),
            ("/api/v1/risk/email/a@b.c", f.auth(.apiClient)),
            ("/api/v1/risk/phone/hello", f.auth(.apiClient)),
            ("/api/v1/risk/phone/%ZZ", f.auth(.apiClient)),          // bad escape: passed on
            ("/api/v1/risk/phone/1/2", f.auth(.apiClient)),           // extra segment: passed on (404)
            ("/api/v1/risk/phone/\(phone)", [.authorization: bad]),  // unknown token: passed on (401)
            ("/api/v1/risk/phone/\(phone)", [:]),                     // no token: passed on (401)
            ("/api/v1/risk/phone/\(phone)", f.auth(.apiClient)),      // third api-client query: rate limited
        ]
        var answers: [[String]] = []
        var audits: [[String]] = []
        for fast in [true, false] {
            // Its own audit time (the city's store is shared with other suites running at once)
            // and a still clock (the same Retry-After both times).
            let now: Int64 = fast ? 1_700_000_111 : 1_700_000_222
            let server = try f.server {
                $0.port = 0
                $0.fastRiskPath = fast
                $0.rateLimits[.apiClient] = RateLimit(perSecond: 0.001, burst: 5)
                $0.now = { now }
                $0.monotonic = { 5_000_000_000 }
            }
            _ = try server.cache.riskIndex()
            let got = try await server.application().test(.live) { client in
                var got: [String] = []
                for (uri, headers) in requests {
                    got.append(try await client.execute(uri: uri, method: .get, headers: headers) { r in
                        var h = r.headers
                        h[.date] = nil
                        return "\(r.status.code) \(h.map { "\($0.name)=\($0.value)" }.sorted()) \(r.text)"
                    })
                }
                return got
            }
            server.flushAudit()
            let rows = try f.store.loadAudit(limit: 100_000).filter { $0.time == now }
            audits.append(rows.map { "\($0.user) \($0.role) \($0.action) \($0.route) \($0.entity ?? "-") \($0.resultCount) \($0.status)" }.sorted())
            answers.append(got)
            #expect(server.metrics.counter("risk_fast_path_answers_total") == (fast ? 7 : 0))
            #expect(server.metrics.requests(route: "GET /api/v1/risk/{kind}/{value}", status: 429) == 1)
        }
        #expect(answers[0] == answers[1])
        #expect(audits[0] == audits[1])
        #expect(answers[0][0].hasPrefix("200 ") && answers[0][0].contains("\"level\":\"malicious\""))
        #expect(answers[0][2].contains("\"entity\":\"phone:\(phone)\""))
        #expect(answers[0][4].hasPrefix("400 ") && answers[0][6].hasPrefix("400 ") && answers[0][7].hasPrefix("404 "))
        #expect(answers[0][8].hasPrefix("401 ") && answers[0][10].hasPrefix("429 ") && answers[0][10].lowercased().contains("retry-after="))
    }

    /// Order on one connection: while a request passed on to the router has not finished its
    /// response, a risk query behind it is passed on too; once it has, risk is answered here.
    @Test func keepsPipelinedResponsesInOrder() throws {
        let f = try ServerFixture.city()
        let phone = try Self.phone(f)
        let server = try f.server()
        _ = try server.cache.riskIndex()
        let endpoint = try #require(server.endpoints.first { $0.action == "risk" })
        let channel = EmbeddedChannel(handler: RiskFastPath(server: server, endpoint: endpoint))
        func request(_ path: String) throws {
            try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .get, scheme: "http", authority: "x", path: path,
                                                                      headerFields: f.auth(.apiClient))))
            try channel.writeInbound(HTTPRequestPart.end(nil))
        }
        func passedOn() throws -> [String] {
            var out: [String] = []
            while let part = try channel.readInbound(as: HTTPRequestPart.self) {
                switch part { case .head(let h): out.append(h.path ?? "?"); case .body: out.append("body"); case .end: out.append("end") }
            }
            return out
        }
        func written() throws -> [String] {
            var out: [String] = []
            while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
                switch part {
                case .head(let h): out.append("\(h.status.code)")
                case .body(let b): out.append(String(buffer: b).contains("\"level\":\"malicious\"") ? "malicious" : "body")
                case .end: out.append("end")
                }
            }
            return out
        }
        let risk = "/api/v1/risk/phone/\(phone)"
        try request(risk)
        #expect(try passedOn().isEmpty)
        #expect(try written() == ["200", "malicious", "end"])

        try request("/health")
        try request(risk)
        #expect(try passedOn() == ["/health", "end", risk, "end"])
        #expect(try written().isEmpty)
        // The router answers both; then the pipeline answers again.
        for _ in 0..<2 {
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
        }
        #expect(try written() == ["200", "end", "200", "end"])
        try request(risk)
        #expect(try passedOn().isEmpty)
        #expect(try written() == ["200", "malicious", "end"])
        _ = try channel.finish()
    }

    @Test func parsesOnlyPlainRiskPaths() {
        #expect(RiskFastPath.segments("/api/v1/risk/phone/13800138000")! == ("phone", "13800138000"))
        #expect(RiskFastPath.segments("/api/v1/risk/url/https%3A%2F%2Fa.cn%2Fx?y=1")! == ("url", "https://a.cn/x"))
        #expect(RiskFastPath.segments("/api/v1/risk/qq/%E5%BC%A0")! == ("qq", "张"))
        for path in ["/api/v1/risk/phone/", "/api/v1/risk//1", "/api/v1/risk/phone", "/api/v1/risk/phone/1/2",
                     "/api/v1/risk/phone/%G0", "/api/v1/riskx/phone/1", "/api/v1/rate", "/api/v1/risk/phone/?q"] {
            #expect(RiskFastPath.segments(path) == nil, "\(path)")
        }
    }

    @Test func formatsHTTPDates() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")   // RFC 9110's example
        #expect(HTTPDate.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(1_700_000_000) == "Tue, 14 Nov 2023 22:13:20 GMT")
        #expect(HTTPDate.format(-1) == "Wed, 31 Dec 1969 23:59:59 GMT")
        #expect(HTTPDate.format(4_102_444_800) == "Fri, 01 Jan 2100 00:00:00 GMT")
    }
}
