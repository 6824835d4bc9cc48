import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Hummingbird

/// Leak sources, fraud-type classification and the analyst's report over the server's store.
extension Routes {
    static func leaks(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/leaks", summary: "Leak sources (泄露源): warehouses, merchants and couriers over-represented among victims (JSON as `leaks --json`).",
                 tag: "analysis", roles: people, action: "leaks",
                 parameters: [.init(name: "alpha", location: "query", required: false, description: "significance level of the adjusted p-value (default 0.05)", schema: "number"),
                              .init(name: "all", location: "query", required: false, description: "true: every source tested, not only the significant ones")]) { c in
            var alpha = 0.05
            if let a = c.query("alpha") {
                guard let v = Double(a), v > 0, v < 1 else { throw APIError.badRequest("alpha must be a number in (0, 1)") }
                alpha = v
            }
            let all = c.query("all") == "true", level = alpha
            let cache = c.server.cache
            let report = try await Blocking.run { try LeakJob.run(try cache.workspace(), store: cache.store, options: .init(alpha: level), all: all) }
            return Reply.json(Array(try JSONEncoder.sorted.encode(report)), entity: nil, count: report.sources.count)
        }
    }

    /// Body of `POST /api/v1/classify`.
    struct ClassifyRequest: Decodable { var texts: [String] }

    static func classify(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .post, path: "/api/v1/classify",
                 summary: "Fraud type (案件类别) of each text with the built-in model: body {\"texts\":[…]} → {\"predictions\":[{\"row\", \"label\", \"confidence\"}]} (rows from 1).",
                 tag: "analysis", roles: everyone, maxBody: 8 << 20, action: "classify", requestBody: "application/json") { c in
            let body = try await c.body()
            let request: ClassifyRequest
            do { request = try JSONDecoder().decode(ClassifyRequest.self, from: Data(body)) }
            catch { throw APIError.badRequest("body must be {\"texts\":[\"…\"]}") }
            guard request.texts.count <= 100_000 else { throw APIError.badRequest("at most 100,000 texts per request") }
            let texts = request.texts
            let r = try await Blocking.run { ClassifyJob.predict(ClassifyJob.defaultModel, texts: texts, rows: (0..<texts.count).map { $0 + 1 }) }
            return Reply.json(Array(try JSONEncoder.sorted.encode(r)), entity: nil, count: r.predictions.count)
        }
    }

    static func report(_ s: ChainBreakerServer) -> Endpoint {
        Endpoint(method: .get, path: "/api/v1/report",
                 summary: "The analyst's report: one self-contained HTML file (personal data masked); format=json gives the statistics.",
                 tag: "analysis", roles: people, action: "report",
                 parameters: [.init(name: "format", location: "query", required: false, description: "html (default) or json")],
                 produces: "text/html") { c in
            let format = c.query("format") ?? "html"
            guard format == "html" || format == "json" else { throw APIError.badRequest("format must be html or json") }
            let cache = c.server.cache
            let data = try await Blocking.run { () throws -> AnalystReportData in
                let ws = try cache.workspace()
                let traces = try ws.traceCases()
                let leaks = try LeakJob.run(ws, store: cache.store)
                return ReportJob.make(cases: ws.cases, traces: traces, leaks: leaks, gangs: try cache.gangReport(),
                                      labeler: ClassifyJob.labeler(ClassifyJob.defaultModel))
            }
            if format == "json" { return Reply.json(Array(try JSONEncoder.sorted.encode(data.statistics)), entity: nil, count: data.statistics.cases) }
            let html = AnalystReport.html(data, generatedAt: Instant(seconds: Int64(Date().timeIntervalSince1970)))
            return Reply.text(html, contentType: "text/html; charset=utf-8")
        }
    }
}
