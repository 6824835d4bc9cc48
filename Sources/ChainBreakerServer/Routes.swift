import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore
import Foundation
import Hummingbird

/// Every endpoint, one function each. To add one: write a function returning an `Endpoint`
/// and list it in `all` — the router, the audit log, the metrics and `/openapi.json` follow.
enum Routes {
    static let people: Set<AccessRole> = [.analyst, .supervisor]
    static let everyone: Set<AccessRole> = Set(AccessRole.allCases)

    static func all(_ s: ChainBreakerServer) -> [Endpoint] {
        [home(), health(), openAPI(s), metrics(s), whoami(),
         risk(s), importUpload(s), traceCase(s), traceAccount(s), rate(s), gangs(s), link(s),
         leaks(s), classify(s), report(s),
         events(s), eventStream(s), warnings(s), auditLog(s)]
    }

    // MARK: public

    static func home() -> Endpoint {
        Endpoint(method: .get, path: "/", summary: "The web page (token box, risk lookup, recent warnings, reports).", tag: "ui",
                 roles: nil, produces: "text/html") { _ in
            Reply.text(WebUI.html, contentType: "text/html; charset=utf-8")
        }
    }

    static func health() -> Endpoint {
        Endpoint(method: .get, path: "/health",
                 summary: "Liveness (the server answers and the store opens) and readiness of the risk index and the warning engine, which build in the background after start.",
                 tag: "ops", roles: nil) { c in
            let ok = (try? await Blocking.run { try c.server.store.counts() }) != nil
            var w = JSONOut()
            w.open("{"); w.key("status"); w.string(ok ? "ok" : "store_unavailable")
            w.key("risk_index"); w.string(c.server.cache.builtRiskIndex() != nil ? "ready" : "building")
            w.key("warning_engine"); w.string(c.server.ingest.hasFeed ? "ready" : "building")
            w.close("}")
            return Reply.json(w.bytes, status: ok ? .ok : .serviceUnavailable, count: 0)
        }
    }

    static func openAPI(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/openapi.json", summary: "This API, as an OpenAPI 3.1 document.", tag: "ops", roles: nil) { c in
            Reply.json(OpenAPIDocument.json(c.server.endpoints), count: 0)
        }
    }

    static func metrics(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/metrics", summary: "Prometheus metrics: requests by route and status, latency histograms.", tag: "ops",
                 roles: [.supervisor, .apiClient], produces: "text/plain") { c in
            let srv = c.server
            let text = srv.metrics.text(gauges: [
                ("audit_pending_rows", "Audit rows buffered, not yet written.", Double(srv.audit.pendingCount)),
                ("audit_written_rows", "Audit rows written since start.", Double(srv.audit.written)),
                ("warnings_latest_seq", "Number of the newest warning.", Double(srv.hub.latestSeq)),
                ("analysis_generation", "Imports since start (each invalidates the cached analyses).", Double(srv.cache.generation)),
            ])
            return Reply.text(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    static func whoami() -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/whoami", summary: "The caller's user name and role.", tag: "access", roles: everyone) { c in
            var w = JSONOut()
            w.open("{"); w.key("user"); w.string(c.principal!.user); w.key("role"); w.string(c.role.rawValue); w.close("}")
            return Reply.json(w.bytes, count: 1)
        }
    }

    // MARK: risk

    static func risk(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/risk/{kind}/{value}",
                 summary: "Risk of an account, phone, QQ, WeChat id, URL or APP: level, score, reasons, tags, cases, linked cases, group and role (value normalised first).",
                 tag: "risk", roles: everyone, action: "risk",
                 parameters: [.init(name: "kind", location: "path", required: true, description: "account, phone, qq, wechat, url or app"),
                              .init(name: "value", location: "path", required: true, description: "the identifier in any usual spelling, percent-encoded")],
                 entity: { c in ((try? c.path("kind")) ?? "?") + ":" + ((try? c.path("value")) ?? "?") }) { c in
            let kind = try c.path("kind"), value = try c.path("value")
            let index: RiskIndex
            if let built = c.server.cache.builtRiskIndex() { index = built } else {
                let cache = c.server.cache
                index = try await Blocking.run { try cache.riskIndex() }
            }
            let r = try riskReply(index, kind: kind, value: value, role: c.role)
            return Reply.json(r.json, entity: r.entity, count: r.count)
        }
    }

    /// The risk answer for `kind:value` (decoded path segments) as JSON for a role, the entity
    /// for the audit log and the result count. Shared by the route and `RiskFastPath`.
    static func riskReply(_ index: RiskIndex, kind rawKind: String, value: String, role: AccessRole) throws -> (json: [UInt8], entity: String, count: Int) {
        let kind = rawKind.lowercased()
        guard let k = EntityKind(rawValue: kind), RiskEntity.queryKinds.contains(k) else {
            throw APIError(.badRequest, "unknown_kind", "unknown kind \(kind): use \(RiskEntity.queryKinds.map(\.rawValue).joined(separator: ", "))")
        }
        let answer = try RiskJob.answer(index, query: kind + ":" + value)
        return (riskJSON(answer, role: role), answer.entity, answer.level == "unknown" ? 0 : 1)
    }

    /// The risk answer for a role: supervisors get all of it; analysts the same with ID numbers
    /// masked; API clients the level, score, reasons (ID numbers and other phones masked), tags,
    /// group and role, and only counts of cases (no case numbers or report times).
    static func riskJSON(_ a: RiskAnswer, role: AccessRole) -> [UInt8] {
        let keep = a.entity.hasPrefix("phone:") ? String(a.entity.dropFirst(6)) : nil
        var w = JSONOut(capacity: 512)
        w.open("{")
        w.key("query"); w.string(Masking.text(a.query, for: role, keepPhone: keep))
        w.key("entity"); w.string(a.entity)
        w.key("level"); w.string(a.level)
        w.key("score"); w.double(a.score)
        w.key("reasons"); w.strings(a.reasons.map { Masking.text($0, for: role, keepPhone: keep) })
        w.key("tags"); w.strings(a.tags)
        if role == .apiClient {
            w.key("case_count"); w.int(a.cases.count)
            w.key("linked_case_count"); w.int(a.linked_cases.count)
        } else {
            w.key("cases"); w.open("[")
            for c in a.cases { w.element(); w.open("{"); w.key("id"); w.string(c.id); w.key("reported_at"); w.string(c.reported_at); w.close("}") }
            w.close("]")
            w.key("linked_cases"); w.strings(a.linked_cases)
        }
        w.key("gang"); if let g = a.gang { w.string(g) } else { w.null() }
        w.key("role"); if let r = a.role { w.string(r) } else { w.null() }
        w.close("}")
        return w.bytes
    }

    // MARK: import and analyses

    static let importLock = NSLock()

    static func importUpload(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .post, path: "/api/v1/import", summary: "Import one file (raw body) of the given kind; invalidates the cached analyses.", tag: "import",
                 roles: people, maxBody: s.config.maxImportBytes, action: "import",
                 parameters: [.init(name: "kind", location: "query", required: false,
                                    description: "statement, tenpay, cases, calls, im_accounts, im_unblocks, orders, tags, events, transfers (detected from the header when omitted)"),
                              .init(name: "name", location: "query", required: false, description: "the file's name, for the audit log and reject reports")],
                 entity: { c in "file:" + sanitize(c.query("name") ?? "upload") },
                 requestBody: "application/octet-stream") { c in
            var kind: FileKind?
            if let k = c.query("kind") {
                guard let fk = FileKind(rawValue: k) else {
                    throw APIError(.badRequest, "unknown_kind", "unknown kind \(k): use \(FileKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kind = fk
            }
            let name = sanitize(c.query("name") ?? "upload")
            let body = try await c.body()
            guard !body.isEmpty else { throw APIError.badRequest("empty body: send the file's bytes") }
            let path = (c.server.config.uploadDirectory as NSString).appendingPathComponent("chainbreaker-upload-\(UUID().uuidString)-\(name)")
            let store = c.server.store, cache = c.server.cache
            let (summary, rejects) = try await Blocking.run { [kind] () throws -> (ImportSummary, [RejectedRow]) in
                guard FileManager.default.createFile(atPath: path, contents: Data(body)) else {
                    throw AppError(.internalFailure, "cannot write the upload")
                }
                defer { try? FileManager.default.removeItem(atPath: path) }
                importLock.lock(); defer { importLock.unlock() }
                var pipeline = ImportPipeline(store: store, options: ImportOptions(kind: kind))
                let box = RejectBox()
                pipeline.progress = { _, _, outcome in box.rows += outcome.rejects }
                let summary = try pipeline.run([path])
                cache.invalidate()
                return (summary, box.rows)
            }
            var w = JSONOut()
            w.open("{")
            w.key("summary"); w.rawBytes(Array(try JSONEncoder.sorted.encode(summary)))
            w.key("rejects"); w.open("[")
            for r in rejects.prefix(50) { w.element(); w.open("{"); w.key("line"); w.int(r.line); w.key("reason"); w.string(r.reason); w.close("}") }
            w.close("]")
            w.close("}")
            return Reply.json(w.bytes, entity: "file:" + name, count: summary.rowsRead)
        }
    }

    final class RejectBox: @unchecked Sendable { var rows: [RejectedRow] = [] }

    static func sanitize(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { c -> Character in
            (CharacterSet.alphanumerics.contains(c) || c == "." || c == "_" || c == "-") && c != "/" ? Character(c) : "_"
        }).prefix(100)
        return cleaned.isEmpty ? "upload" : String(cleaned)
    }

    static func rule(_ c: Call) throws(APIError) -> AllocationRule {
        guard let r = c.query("rule") else { return .fifo }
        guard let rule = TraceWorkspace.rule(named: r) else { throw APIError.badRequest("unknown rule \(r): use fifo, lifo, proportional or libr") }
        return rule
    }

    static let ruleParameter = Endpoint.Parameter(name: "rule", location: "query", required: false, description: "fifo (default), lifo, proportional or libr")

    static func traceCase(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/trace/case/{id}", summary: "Trace one case's money (JSON as `trace --json`).", tag: "analysis",
                 roles: people, action: "trace.case",
                 parameters: [.init(name: "id", location: "path", required: true, description: "case number"), ruleParameter],
                 entity: { c in (try? c.path("id")).map { "case:" + $0 } }) { c in
            let id = try c.path("id"), rule = try rule(c)
            let cache = c.server.cache
            let report = try await Blocking.run { try cache.workspace().traceCases([id], rule: rule) }
            return Reply.json(Masking.json(report.jsonBytes(), for: c.role), entity: "case:" + id, count: report.traces.reduce(0) { $0 + $1.hops.count })
        }
    }

    static func traceAccount(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/trace/account/{account}", summary: "Trace the money an account received from `since` on.", tag: "analysis",
                 roles: people, action: "trace.account",
                 parameters: [.init(name: "account", location: "path", required: true, description: "account number"),
                              .init(name: "since", location: "query", required: false, description: "UTC seconds or a time such as 2021-06-17 10:00:00 (Beijing); default: all"),
                              ruleParameter],
                 entity: { c in (try? c.path("account")).map { "account:" + $0 } }) { c in
            let account = try c.path("account"), rule = try rule(c)
            var since = Instant(seconds: .min)
            if let t = c.query("since") {
                if let secs = Int64(t) { since = Instant(seconds: secs) } else if let i = Instant.parse(t) { since = i } else {
                    throw APIError.badRequest("since must be UTC seconds or a time like 2021-06-17 10:00:00")
                }
            }
            let cache = c.server.cache
            let report = try await Blocking.run { [since] in try cache.workspace().traceAccount(account, since: since, rule: rule) }
            return Reply.json(Masking.json(report.jsonBytes(), for: c.role), entity: "account:" + account, count: report.traces.reduce(0) { $0 + $1.hops.count })
        }
    }

    static let levelOrder = ["normal": 0, "suspicious": 1, "malicious": 2]

    static func rate(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/rate", summary: "Account ratings (rules engine), most suspicious first.", tag: "analysis",
                 roles: people, action: "rate",
                 parameters: [.init(name: "level", location: "query", required: false, description: "minimum level: normal, suspicious (default) or malicious"),
                              .init(name: "account", location: "query", required: false, description: "one account only"),
                              .init(name: "limit", location: "query", required: false, description: "at most this many accounts (default 1000)", schema: "integer")]) { c in
            let levelName = c.query("level") ?? "suspicious"
            guard let minimum = levelOrder[levelName] else { throw APIError.badRequest("level must be normal, suspicious or malicious") }
            let limit = try c.queryInt("limit", default: 1000, range: 1...1_000_000)
            let account = c.query("account")
            let cache = c.server.cache
            let all = try await Blocking.run { try cache.ratings() }
            var rows = all.accounts.filter { (levelOrder[$0.level] ?? 0) >= minimum }
            if let account {
                rows = all.accounts.filter { $0.account == account }
                if rows.isEmpty { throw APIError.notFound("no account \(account) in the store") }
            }
            let report = RatingReport(engine: all.engine, accounts: Array(rows.prefix(limit)))
            let bytes = Array(try JSONEncoder.sorted.encode(report))
            return Reply.json(Masking.json(bytes, for: c.role), entity: account.map { "account:" + $0 } ?? "level:" + levelName, count: report.accounts.count)
        }
    }

    static func gangs(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/gangs", summary: "Fraud groups, members and roles, whole-chain portraits (JSON as `gangs --json`).", tag: "analysis",
                 roles: people, action: "gangs") { c in
            let cache = c.server.cache
            let report = try await Blocking.run { try cache.gangReport() }
            let bytes = Array(try JSONEncoder.sorted.encode(report))
            return Reply.json(Masking.json(bytes, for: c.role), entity: nil, count: report.gangs.count)
        }
    }

    static func link(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/link", summary: "Case links (串并案) with the evidence (JSON as `link --json`).", tag: "analysis",
                 roles: people, action: "link",
                 parameters: [.init(name: "hops", location: "query", required: false, description: "hops of money followed (default 3)", schema: "integer"),
                              .init(name: "min_cases", location: "query", required: false, description: "smallest cluster shown (default 2)", schema: "integer")]) { c in
            let hops = try c.queryInt("hops", default: LinkJob.defaultHops, range: 0...10)
            let minCases = try c.queryInt("min_cases", default: 2, range: 1...100_000)
            let cache = c.server.cache
            let report = try await Blocking.run { try cache.linkReport(hops: hops, minCases: minCases) }
            let bytes = Array(try JSONEncoder.sorted.encode(report))
            return Reply.json(Masking.json(bytes, for: c.role), entity: nil, count: report.clusters.count)
        }
    }

    // MARK: events and warnings

    static let ingestors: Set<AccessRole> = [.apiClient, .supervisor]

    static func events(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .post, path: "/api/v1/events", summary: "Ingest a batch of events (JSON lines, or a JSON array of the same objects): stored and fed to the warning engine.",
                 tag: "events", roles: ingestors, maxBody: s.config.maxEventBatchBytes, action: "events.batch",
                 requestBody: "application/x-ndjson") { c in
            let body = try await c.body()
            let ingest = c.server.ingest
            let r = try await Blocking.run { try ingest.ingestBatch(body) }
            c.server.metrics.add("events_ingested_total", r.stored)
            c.server.metrics.add("warnings_raised_total", r.warnings)
            return Reply.json(r.json(), status: r.allRejected ? .unprocessableContent : .ok, entity: nil, count: r.stored)
        }
    }

    static func eventStream(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .post, path: "/api/v1/events/stream",
                 summary: "Ingest a chunked stream of JSON lines, processed as they arrive (warnings at once, stored every 5,000 events and at the end).",
                 tag: "events", roles: ingestors, maxBody: s.config.maxEventStreamBytes, action: "events.stream",
                 requestBody: "application/x-ndjson") { c in
            let ingest = c.server.ingest
            let maxLine = c.server.config.maxEventLineBytes
            var pending: [UInt8] = []       // bytes of an incomplete last line
            var records: [EventRecord] = []  // parsed, not yet stored
            var storedBytes = 0
            var total = EventIngest.Result()
            var lineNo = 1
            var bytesIn = 0
            func flush() async throws {
                guard !records.isEmpty else { return }
                let batch = records, digest = ingest.streamDigest(), n = storedBytes
                records.removeAll(keepingCapacity: true); storedBytes = 0
                let s = try await Blocking.run { try ingest.store(batch, digest: digest, bytes: n) }
                total.stored += s.stored
            }
            for try await var chunk in c.request.body {
                bytesIn += chunk.readableBytes
                if bytesIn > c.maxBody { throw APIError.tooLarge(c.maxBody) }
                pending.append(contentsOf: chunk.readBytes(length: chunk.readableBytes) ?? [])
                guard let lastNewline = pending.lastIndex(of: 0x0A) else {
                    if pending.count > maxLine { throw APIError(.contentTooLarge, "payload_too_large", "a line is longer than \(maxLine) bytes") }
                    continue
                }
                let complete = Array(pending[...lastNewline])
                pending.removeSubrange(...lastNewline)
                let parsed = try EventIngest.parse(complete, firstLine: lineNo)
                lineNo += complete.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                var part = EventIngest.Result(received: parsed.rows, rejected: parsed.rejects.count, rejects: parsed.rejects)
                part.warnings = ingest.warn(parsed.records)
                total.add(part)
                records += parsed.records
                storedBytes += complete.count
                if records.count >= 5_000 { try await flush() }
            }
            if !pending.isEmpty {
                let parsed = try EventIngest.parse(pending + [0x0A], firstLine: lineNo)
                var part = EventIngest.Result(received: parsed.rows, rejected: parsed.rejects.count, rejects: parsed.rejects)
                part.warnings = ingest.warn(parsed.records)
                total.add(part)
                records += parsed.records
                storedBytes += pending.count
            }
            try await flush()
            c.server.metrics.add("events_ingested_total", total.stored)
            c.server.metrics.add("warnings_raised_total", total.warnings)
            return Reply.json(total.json(), status: total.allRejected ? .unprocessableContent : .ok, entity: nil, count: total.stored)
        }
    }

    static func warnings(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/warnings",
                 summary: "Warnings raised by ingested events, oldest first after `after`; waits up to `wait` seconds for new ones (long poll).",
                 tag: "events", roles: people, action: "warnings",
                 parameters: [.init(name: "after", location: "query", required: false, description: "last sequence number seen (default 0)", schema: "integer"),
                              .init(name: "wait", location: "query", required: false, description: "seconds to wait when there is nothing new (0–30, default 0)", schema: "integer"),
                              .init(name: "limit", location: "query", required: false, description: "at most this many (default 100)", schema: "integer")]) { c in
            let after = Int64(try c.queryInt("after", default: 0, range: 0...Int.max))
            let wait = try c.queryInt("wait", default: 0, range: 0...c.server.config.maxWarningWait)
            let limit = try c.queryInt("limit", default: 100, range: 1...10_000)
            let hub = c.server.hub
            let deadline = ContinuousClock.now + .seconds(wait)
            while hub.latestSeq <= after && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            let items = hub.since(after, limit: limit)
            var w = JSONOut(capacity: 4096)
            w.open("{")
            w.key("latest"); w.int(hub.latestSeq)
            w.key("warnings"); w.open("[")
            for it in items {
                w.element(); w.open("{"); w.key("seq"); w.int(it.seq)
                w.key("warning"); w.rawBytes(Array(Masking.text(String(decoding: it.warning.json, as: UTF8.self), for: c.role).utf8))
                w.close("}")
            }
            w.close("]")
            w.close("}")
            return Reply.json(w.bytes, entity: nil, count: items.count)
        }
    }

    static func auditLog(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/audit", summary: "The newest audit rows (who, what, when, route, entity, results).", tag: "access",
                 roles: [.supervisor], action: "audit.read",
                 parameters: [.init(name: "limit", location: "query", required: false, description: "rows, newest first (default 100)", schema: "integer")]) { c in
            let limit = try c.queryInt("limit", default: 100, range: 1...100_000)
            let srv = c.server
            let rows = try await Blocking.run { srv.audit.flush(); return try srv.store.loadAudit(limit: limit) }
            var w = JSONOut(capacity: 8192)
            w.open("{"); w.key("entries"); w.open("[")
            for r in rows {
                w.element(); w.open("{")
                w.key("time"); w.int(r.time); w.key("user"); w.string(r.user); w.key("role"); w.string(r.role)
                w.key("action"); w.string(r.action); w.key("route"); w.string(r.route)
                w.key("entity"); if let e = r.entity { w.string(e) } else { w.null() }
                w.key("result_count"); w.int(r.resultCount); w.key("status"); w.int(r.status)
                w.close("}")
            }
            w.close("]"); w.close("}")
            return Reply.json(w.bytes, entity: nil, count: rows.count)
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

extension Masking {
    /// Masks a whole JSON document for a role (ID numbers for analysts; ID and phone numbers for
    /// API clients). Digits runs are only ever replaced by masked digits, so the JSON stays valid.
    static func json(_ bytes: [UInt8], for role: AccessRole) -> [UInt8] {
        role == .supervisor ? bytes : Array(text(String(decoding: bytes, as: UTF8.self), for: role).utf8)
    }
}
