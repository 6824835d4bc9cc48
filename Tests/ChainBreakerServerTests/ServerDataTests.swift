@testable import ChainBreakerApp
import ChainBreakerCore
@testable import ChainBreakerServer
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

let smsLine = #"{"type":"sms","time":"2021-06-17T09:12:40+08:00","from":"17012345678","to":"13812345678"}"#
let callLine = #"{"type":"call","time":"2021-06-17T09:13:00+08:00","from":"17012345678","to":"13812345678","duration":37}"#
let transferLine = #"{"type":"transfer","time":"2021-06-17T10:02:51+08:00","from_account":"6212264683605839603","to_account":"6217002384652416637","amount":"5000.00","channel":"bank"}"#

/// A warning feed for the tests: one `high` warning per call event.
final class CallWarner: WarningFeed, @unchecked Sendable {
    func consume(_ events: [EventRecord]) -> [FeedWarning] {
        events.filter { $0.type == .call }.map { e in
            let subject = "phone:" + (e.object ?? "")
            let json = #"{"time":\#(e.time.seconds),"subject":"\#(subject)","level":"high","action":"dissuade","reasons":["call from 11010519491231002X"],"events":[]}"#
            return FeedWarning(time: e.time.seconds, subject: subject, level: "high", json: Array(json.utf8))
        }
    }
}

@Suite struct ServerIngestTests {
    @Test func importUploadAndBadInput() async throws {
        let f = try ServerFixture.empty()
        let server = try f.server { $0.maxImportBytes = 4096 }
        let tags = "实体类型,实体标识,标签,来源\naccount,6222021234567890123,已冻结涉诈账户,公安冻结\nphone,13800138000,诈骗电话,工信部反诈平台\n"
        try await server.application().test(.router) { client in
            let generation = server.cache.generation
            try await client.execute(uri: "/api/v1/import?kind=tags&name=tags.csv", method: .post, headers: f.auth(.analyst), body: ByteBuffer(string: tags)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect((r.json["summary"] as? [String: Any])?["tags"] as? Int == 2)
            }
            #expect(server.cache.generation == generation + 1)
            // Kind detected from the header when omitted; the same content again is skipped.
            try await client.execute(uri: "/api/v1/import", method: .post, headers: f.auth(.supervisor), body: ByteBuffer(string: tags)) { r in
                #expect(r.status == .ok)
                #expect((r.json["summary"] as? [String: Any])?["files_skipped"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/import?kind=spreadsheet", method: .post, headers: f.auth(.analyst), body: ByteBuffer(string: tags)) { r in
                #expect(r.status == .badRequest)
                #expect(r.errorCode == "unknown_kind")
            }
            try await client.execute(uri: "/api/v1/import?kind=tags", method: .post, headers: f.auth(.analyst),
                                     body: ByteBuffer(string: String(repeating: "x", count: 5000))) { r in
                #expect(r.status == .contentTooLarge)
                #expect(r.errorCode == "payload_too_large")
            }
            try await client.execute(uri: "/api/v1/import?kind=tags", method: .post, headers: f.auth(.analyst)) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/import", method: .post, headers: f.auth(.analyst), body: ByteBuffer(string: "hello,world\n1,2\n")) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.errorCode == "invalid_input")
            }
        }
        #expect(try f.store.counts().tags == 2)
        #expect(try f.store.counts().files == 1)
        // No upload is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir).allSatisfy { !$0.hasPrefix("chainbreaker-upload") })
    }

    @Test func eventBatchesLinesAndArrays() async throws {
        let f = try ServerFixture.empty()
        let server = try f.server { $0.maxEventBatchBytes = 2048 }
        server.setWarningFeed(CallWarner())
        try await server.application().test(.router) { client in
            let lines = [smsLine, callLine, transferLine].joined(separator: "\n") + "\n"
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.apiClient), body: ByteBuffer(string: lines)) { r in
                #expect(r.status == .ok)
                #expect(r.json["received"] as? Int == 3)
                #expect(r.json["stored"] as? Int == 3)
                #expect(r.json["warnings"] as? Int == 1)
                #expect(r.json["duplicate"] as? Bool == false)
            }
            // The same batch again: not stored twice.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.apiClient), body: ByteBuffer(string: lines)) { r in
                #expect(r.json["duplicate"] as? Bool == true)
                #expect(r.json["stored"] as? Int == 0)
            }
            let array = "[ " + [callLine, smsLine.replacingOccurrences(of: "09:12:40", with: "09:20:00")].joined(separator: " ,\n ") + " ]"
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.supervisor), body: ByteBuffer(string: array)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["stored"] as? Int == 2)
            }
            // One bad line among good ones is rejected with its line number; all bad is 422.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.apiClient),
                                     body: ByteBuffer(string: smsLine.replacingOccurrences(of: "09:12", with: "09:30") + "\n{\"type\":\"call\",\"time\":\n")) { r in
                #expect(r.status == .ok)
                #expect(r.json["rejected"] as? Int == 1)
                #expect(((r.json["rejects"] as? [[String: Any]])?.first?["line"]) as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.apiClient), body: ByteBuffer(string: "{not json}\n")) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.errorCode == "rejected_rows")
                #expect(r.json["rejected"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/events/stream", method: .post, headers: f.auth(.apiClient), body: ByteBuffer(string: "{not json}\n[1]\n")) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.errorCode == "rejected_rows")
                #expect(r.json["rejected"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.apiClient), body: ByteBuffer(string: "[{\"type\":\"sms\"")) { r in
                #expect(r.status == .badRequest)
                #expect(r.errorCode == "invalid_json")
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.apiClient),
                                     body: ByteBuffer(string: String(repeating: smsLine + "\n", count: 40))) { r in
                #expect(r.status == .contentTooLarge)
            }
        }
        #expect(try f.store.counts().events == 6)
    }

    @Test func streamedEventsAndTheWarningsFeed() async throws {
        let f = try ServerFixture.empty()
        let server = try f.server { $0.maxEventLineBytes = 400 }
        server.setWarningFeed(CallWarner())
        try await server.application().test(.router) { client in
            var body = ""
            for k in 0..<30 { body += callLine.replacingOccurrences(of: "13812345678", with: "138123456\(10 + k)") + "\n" }
            body += smsLine   // last line without a newline
            try await client.execute(uri: "/api/v1/events/stream", method: .post, headers: f.auth(.apiClient), body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["stored"] as? Int == 31)
                #expect(r.json["warnings"] as? Int == 30)
            }
            try await client.execute(uri: "/api/v1/events/stream", method: .post, headers: f.auth(.apiClient),
                                     body: ByteBuffer(string: String(repeating: "x", count: 1000))) { r in
                #expect(r.status == .contentTooLarge)
            }
            // Analysts see the warning's text with ID numbers masked, supervisors in full.
            try await client.execute(uri: "/api/v1/warnings?after=25&limit=3", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
                let ws = r.json["warnings"] as? [[String: Any]] ?? []
                #expect(ws.map { $0["seq"] as? Int } == [26, 27, 28])
                #expect(r.json["latest"] as? Int == 30)
                #expect(!r.text.contains("11010519491231002X") && r.text.contains("110105********002X"))
            }
            try await client.execute(uri: "/api/v1/warnings?after=29", method: .get, headers: f.auth(.supervisor)) { r in
                #expect(r.text.contains("11010519491231002X"))
            }
            // Long poll: nothing new → waits, then answers empty.
            let start = ContinuousClock.now
            try await client.execute(uri: "/api/v1/warnings?after=30&wait=1", method: .get, headers: f.auth(.analyst)) { r in
                #expect((r.json["warnings"] as? [Any])?.isEmpty == true)
            }
            #expect(ContinuousClock.now - start >= .milliseconds(900))
            try await client.execute(uri: "/api/v1/warnings?wait=999", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .badRequest)
            }
        }
        #expect(try f.store.counts().events == 31)
    }
}

@Suite struct ServerAnalysisTests {
    @Test func traceRateGangsLinkOnACity() async throws {
        let f = try ServerFixture.city()
        let server = try f.server()
        let caseID = try #require(try f.store.loadCases().first?.id)
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/trace/case/\(caseID)", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
                let traces = r.json["traces"] as? [[String: Any]] ?? []
                #expect(traces.count == 1 && traces[0]["case"] as? String == caseID)
            }
            try await client.execute(uri: "/api/v1/trace/case/NOPE-1", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .notFound)
                #expect(r.errorCode == "not_found")
            }
            try await client.execute(uri: "/api/v1/trace/case/\(caseID)?rule=magic", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .badRequest)
            }
            let victim = try await client.execute(uri: "/api/v1/trace/case/\(caseID)?rule=lifo", method: .get, headers: f.auth(.supervisor)) { r in
                ((r.json["traces"] as? [[String: Any]])?.first?["victim_account"] as? String) ?? ""
            }
            try await client.execute(uri: "/api/v1/trace/account/\(victim)?since=0", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/api/v1/trace/account/\(victim)?since=yesterday", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/rate?level=malicious&limit=5", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
                let accounts = r.json["accounts"] as? [[String: Any]] ?? []
                #expect(!accounts.isEmpty && accounts.count <= 5)
                #expect(accounts.allSatisfy { $0["level"] as? String == "malicious" })
            }
            try await client.execute(uri: "/api/v1/rate?level=bad", method: .get, headers: f.auth(.analyst)) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/v1/rate?limit=abc", method: .get, headers: f.auth(.analyst)) { r in #expect(r.status == .badRequest) }
            // Gangs: supervisors see holders' ID numbers, analysts only masked ones.
            let full = try await client.execute(uri: "/api/v1/gangs", method: .get, headers: f.auth(.supervisor)) { r in
                #expect(r.status == .ok); return r.text
            }
            let masked = try await client.execute(uri: "/api/v1/gangs", method: .get, headers: f.auth(.analyst)) { r in r.text }
            let ids = personIDs(full)
            #expect(!ids.isEmpty)
            #expect(personIDs(masked).isEmpty)
            #expect(masked.contains("person:" + Masking.idNumber(ids[0])))
            #expect((try? JSONSerialization.jsonObject(with: Data(masked.utf8))) != nil)
            try await client.execute(uri: "/api/v1/link?hops=2&min_cases=2", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
                #expect(r.json["hops"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/link?hops=99", method: .get, headers: f.auth(.analyst)) { r in #expect(r.status == .badRequest) }
        }
        // One workspace build served every request.
        #expect(server.cache.builds == 1)
    }

    /// Unmasked resident ID numbers after `person:` in a gang report.
    func personIDs(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "person:") {
            let id = rest[r.upperBound...].prefix(18)
            if id.count == 18, Masking.isIDNumber(Array(id.utf8)) { out.append(String(id)) }
            rest = rest[r.upperBound...]
        }
        return out
    }

    @Test func auditRowsForQueriesAndDenials() async throws {
        let f = try ServerFixture.empty()
        let server = try f.server()
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/trace/case/C-404", method: .get, headers: f.auth(.analyst)) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/api/v1/gangs", method: .get, headers: f.auth(.apiClient)) { r in #expect(r.status == .forbidden) }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: f.auth(.apiClient), body: ByteBuffer(string: smsLine + "\n")) { _ in }
            try await client.execute(uri: "/api/v1/rate", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/audit?limit=10", method: .get, headers: f.auth(.supervisor)) { r in
                #expect(r.status == .ok)
                let entries = r.json["entries"] as? [[String: Any]] ?? []
                #expect(entries.count == 4)
            }
        }
        server.flushAudit()
        let rows = try f.store.loadAudit(limit: 10)
        #expect(rows.count == 5)
        let trace = try #require(rows.first { $0.action == "trace.case" })
        #expect(trace.user == "user-analyst" && trace.role == "analyst" && trace.entity == "case:C-404" && trace.status == 404)
        #expect(trace.route == "GET /api/v1/trace/case/{id}" && trace.time == 1_700_000_000)
        #expect(rows.contains { $0.action == "gangs" && $0.user == "user-api-client" && $0.status == 403 })
        #expect(rows.contains { $0.action == "events.batch" && $0.resultCount == 1 && $0.status == 200 })
        #expect(rows.contains { $0.action == "rate" && $0.user == "-" && $0.status == 401 })
        #expect(rows.first?.action == "audit.read")
    }
}

@Suite struct ServerRiskTests {
    @Test func riskQueryByRole() async throws {
        let f = try ServerFixture.city()
        let server = try f.server()
        let cases = try f.store.loadCases()
        let phone = try #require(cases.lazy.flatMap(\.suspectPhones).first { $0.utf8.count == 11 })
        // The same phone as a person types it: +86, spaces and dashes, percent-encoded.
        let spelled = "+86 " + phone.prefix(3) + "-" + phone.dropFirst(3).prefix(4) + "-" + phone.suffix(4)
        let encoded = spelled.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/risk/phone/\(encoded)", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["entity"] as? String == "phone:" + phone)
                #expect(r.json["level"] as? String == "malicious")
                #expect(!((r.json["cases"] as? [Any]) ?? []).isEmpty)
            }
            try await client.execute(uri: "/api/v1/risk/phone/\(phone)", method: .get, headers: f.auth(.apiClient)) { r in
                #expect(r.status == .ok)
                #expect(r.json["level"] as? String == "malicious")
                #expect(r.json["cases"] == nil && r.json["linked_cases"] == nil)
                #expect((r.json["case_count"] as? Int ?? 0) >= 1)
            }
            let account = try await client.execute(uri: "/api/v1/rate?level=malicious&limit=1", method: .get, headers: f.auth(.supervisor)) { r in
                ((r.json["accounts"] as? [[String: Any]])?.first?["account"] as? String) ?? ""
            }
            try await client.execute(uri: "/api/v1/risk/account/\(account)", method: .get, headers: f.auth(.apiClient)) { r in
                #expect(r.json["level"] as? String == "malicious")
                #expect(!((r.json["reasons"] as? [String]) ?? []).isEmpty)
            }
            try await client.execute(uri: "/api/v1/risk/phone/13300000000", method: .get, headers: f.auth(.apiClient)) { r in
                #expect(r.status == .ok)
                #expect(r.json["level"] as? String == "unknown")
            }
            try await client.execute(uri: "/api/v1/risk/email/a@b.c", method: .get, headers: f.auth(.apiClient)) { r in
                #expect(r.status == .badRequest)
                #expect(r.errorCode == "unknown_kind")
            }
            try await client.execute(uri: "/api/v1/risk/phone/hello", method: .get, headers: f.auth(.apiClient)) { r in
                #expect(r.status == .badRequest)
                #expect(r.errorCode == "bad_request")
            }
            try await client.execute(uri: "/api/v1/risk/url/" + "https://www.example.com/x".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                                     method: .get, headers: f.auth(.apiClient)) { r in
                #expect(r.status == .ok, "\(r.text)")
            }
            try await client.execute(uri: "/api/v1/risk/phone/\(phone)", method: .get) { r in #expect(r.status == .unauthorized) }
        }
        server.flushAudit()
        let rows = try f.store.loadAudit(limit: 1000).filter { $0.action == "risk" }
        #expect(rows.contains { $0.entity == "phone:" + phone && $0.user == "user-analyst" && $0.resultCount == 1 })
        #expect(rows.contains { $0.status == 401 })
    }

    @Test func apiClientsSeeNoOtherPhonesOrIDs() {
        let answer = RiskAnswer(query: "phone:13800138000", entity: "phone:13800138000", level: "malicious", score: 1,
                                reasons: ["called by 13900139000 and 13800138000", "holder 11010519491231002X"], tags: ["诈骗电话"],
                                cases: [.init(id: "C1", reported_at: "2021-06-17T10:00:00+08:00")], linked_cases: ["C2"], gang: "G01", role: "drainage")
        let client = String(decoding: Routes.riskJSON(answer, role: .apiClient), as: UTF8.self)
        #expect(client.contains("139****9000") && client.contains("13800138000") && !client.contains("13900139000"))
        #expect(!client.contains("11010519491231002X") && !client.contains("C1") && client.contains("\"case_count\":1"))
        let analyst = String(decoding: Routes.riskJSON(answer, role: .analyst), as: UTF8.self)
        #expect(analyst.contains("13900139000") && !analyst.contains("11010519491231002X") && analyst.contains("\"C1\""))
        let supervisor = String(decoding: Routes.riskJSON(answer, role: .supervisor), as: UTF8.self)
        #expect(supervisor.contains("11010519491231002X"))
    }
}

@Suite struct ServerWarningEngineTests {
    @Test func streamedCityEventsRaiseWarnings() async throws {
        _ = try ServerFixture.city()
        let src = ServerFixture.root + "/city-src"
        let f = try ServerFixture.make("warn", data: src)
        let server = try f.server()
        try server.startWarningEngine()
        let events = try String(contentsOfFile: src + "/events.jsonl", encoding: .utf8)
        try await server.application().test(.router) { client in
            let raised = try await client.execute(uri: "/api/v1/events/stream", method: .post, headers: f.auth(.apiClient), body: ByteBuffer(string: events)) { r in
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["rejected"] as? Int == 0)
                return r.json["warnings"] as? Int ?? 0
            }
            #expect(raised > 0)
            try await client.execute(uri: "/api/v1/warnings?limit=5", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
                let ws = (r.json["warnings"] as? [[String: Any]] ?? []).compactMap { $0["warning"] as? [String: Any] }
                #expect(ws.count == min(5, raised))
                for w in ws {
                    #expect(["high", "medium", "low"].contains(w["level"] as? String ?? ""))
                    #expect(["dissuade", "intercept"].contains(w["action"] as? String ?? ""))
                    #expect((w["subject"] as? String)?.contains(":") == true)
                    #expect(!((w["reasons"] as? [String]) ?? []).isEmpty)
                }
            }
        }
    }
}

@Suite struct ServerLeaksClassifyReportTests {
    @Test func leaksClassifyAndReportOnACity() async throws {
        let f = try ServerFixture.city()
        let server = try f.server()
        let victimPhones = try f.store.loadCases().compactMap(\.victimPhone).filter { $0.count == 11 }
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/leaks?all=true", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
                let sources = r.json["sources"] as? [[String: Any]] ?? []
                #expect(!sources.isEmpty)
                #expect(sources.allSatisfy { ["warehouse", "merchant", "courier"].contains($0["kind"] as? String ?? "") })
            }
            try await client.execute(uri: "/api/v1/leaks?alpha=2", method: .get, headers: f.auth(.analyst)) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/v1/leaks", method: .get, headers: f.auth(.apiClient)) { r in #expect(r.status == .forbidden) }

            let body = ByteBuffer(text: #"{"texts":["对方自称京东客服，说我的百万保障服务要扣费，让我下载屏幕共享软件并转账到安全账户","兼职刷单，做点赞任务返佣金，前几单返利到账，后来说卡单要继续充值"]}"#)
            try await client.execute(uri: "/api/v1/classify", method: .post, headers: f.auth(.apiClient), body: body) { r in
                #expect(r.status == .ok)
                let p = r.json["predictions"] as? [[String: Any]] ?? []
                #expect(p.map { $0["row"] as? Int } == [1, 2])
                #expect(p.last?["label"] as? String == "刷单返利")
            }
            try await client.execute(uri: "/api/v1/classify", method: .post, headers: f.auth(.analyst), body: ByteBuffer(text: "not json")) { r in
                #expect(r.status == .badRequest)
            }

            try await client.execute(uri: "/api/v1/report", method: .get, headers: f.auth(.analyst)) { r in
                #expect(r.status == .ok)
                #expect(r.text.hasPrefix("<!DOCTYPE html") || r.text.hasPrefix("<!doctype html"))
                #expect(!r.text.contains("<script"))
                // The report is a document that travels: no victim phone in clear.
                #expect(!victimPhones.contains { r.text.contains($0) })
            }
            try await client.execute(uri: "/api/v1/report?format=json", method: .get, headers: f.auth(.supervisor)) { r in
                #expect(r.status == .ok)
                #expect((r.json["cases"] as? Int ?? 0) > 0)
            }
            try await client.execute(uri: "/api/v1/report?format=pdf", method: .get, headers: f.auth(.analyst)) { r in #expect(r.status == .badRequest) }
        }
    }
}
