import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerSQLite
import ChainBreakerStore
import ChainBreakerTesting
import Foundation

/// The demo use case: a city (generated, or given) → import → every analysis that exists →
/// a short summary and an HTML report.
public struct Demo {
    public var data: String?
    public var work: String?
    public var config: CityConfig

    public init(data: String?, work: String?, config: CityConfig) {
        self.data = data; self.work = work; self.config = config
    }

    public struct Result { public var reportPath: String; public var summary: ImportSummary; public var counts: StoreCounts }

    public func run(_ say: (String) -> Void) throws -> Result {
        let fm = FileManager.default
        let workDir = work ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("chainbreaker-demo-\(config.seed)-\(getpid())")
        try fm.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        let dataDir: String
        if let data {
            dataDir = data
        } else {
            dataDir = (workDir as NSString).appendingPathComponent("city")
            let started = Date()
            let s = try CityGenerator(config).write(to: dataDir)
            _ = s
            say("generated a city of \(config.citizens) residents and \(config.gangs) fraud groups (seed \(config.seed)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(dataDir)")
        }
        let dbPath = (workDir as NSString).appendingPathComponent("chainbreaker.db")
        for suffix in ["", "-wal", "-shm", ".rejects.csv"] { try? fm.removeItem(atPath: dbPath + suffix) }
        let store = try SQLiteStore(path: dbPath)
        let started = Date()
        let pipeline = ImportPipeline(store: store, rejectsPath: dbPath + ".rejects.csv")
        let summary = try pipeline.run([dataDir])
        let seconds = Date().timeIntervalSince(started)
        let counts = try store.counts()
        say("imported \(summary.files) files, \(summary.rowsRead) rows (\(summary.rowsRejected) rejected) in \(String(format: "%.2f", seconds)) s into \(dbPath)")
        say("  \(counts.transfers) unique transfers from \(counts.entries) statement rows; \(counts.cases) cases, \(counts.calls) calls, \(counts.imAccounts) IM accounts, \(counts.orders) orders, \(counts.tags) tags, \(counts.events) events")
        var truthNote: String?
        if let t = Demo.truthSummary(dataDir), let expected = t["unique_visible_transfers"] as? Int {
            truthNote = counts.transfers == expected ? "matches the package's truth (\(expected))" : "truth says \(expected)"
            say("  unique transfers \(truthNote!)")
        }
        let rejects = try store.rejects()

        // Tracing and rating.
        let t0 = Date()
        let ws = try TraceWorkspace(store: store)
        let traces = try ws.traceCases()
        let (ratings, _) = RatingJob.run(ws, rater: RuleRater(), engine: "rules", minimum: .suspicious)
        let analysisSeconds = Date().timeIntervalSince(t0)
        var byKind: [String: Int64] = [:]
        for t in traces.traces { for k in t.sinks { byKind[k.kind, default: 0] += k.amount_fen } }
        let traced = traces.traces.reduce(Int64(0)) { $0 + $1.amount_fen }
        say("traced \(traces.traces.count) cases, ¥\(TraceRender.yuan(traced)) in \(String(format: "%.2f", analysisSeconds)) s (with rating): "
            + byKind.sorted { $0.value > $1.value }.map { "\($0.key) \(TraceRender.percent($0.value, of: traced))" }.joined(separator: ", "))
        let malicious = ratings.accounts.filter { $0.level == "malicious" }.count
        say("  \(malicious) accounts rated malicious, \(ratings.accounts.count - malicious) suspicious; next accounts to request: \(traces.next_requests.count)")
        for r in traces.next_requests.prefix(5) { say("    \(r.account)  ¥\(TraceRender.yuan(r.amount_fen))  \(r.cases.count) case(s)") }
        let tracePath = (workDir as NSString).appendingPathComponent("traces.html")
        try TraceRender.html(traces, title: "ChainBreaker fund traces").write(toFile: tracePath, atomically: true, encoding: .utf8)

        let importPath = (workDir as NSString).appendingPathComponent("import.html")
        try Report.html(summary: summary, counts: counts, rejects: rejects, dataDir: dataDir, truthNote: truthNote,
                        traces: traces, ratings: ratings)
            .write(toFile: importPath, atomically: true, encoding: .utf8)

        // The analyst's report: the demo's main output.
        let gangs = try GangJob.run(ws, store: store).report
        let leaks = try LeakJob.run(ws, store: store)
        let data = ReportJob.make(cases: ws.cases, traces: traces, leaks: leaks, gangs: gangs,
                                  labeler: ClassifyJob.labeler(ClassifyJob.defaultModel))
        let flagged = leaks.sources.filter { $0.p_adjusted < leaks.alpha }
        say("leak sources: " + (flagged.isEmpty ? "none significant" : flagged.map { "\($0.kind) \($0.id) (\($0.victims)/\($0.population), p_adj \($0.p_adjusted))" }.joined(separator: "; ")))
        say("  \(gangs.gangs.count) groups; \(data.statistics.weeks.count) weeks of cases; import details: \(importPath)")
        let reportPath = (workDir as NSString).appendingPathComponent("report.html")
        try AnalystReport.html(data, generatedAt: Instant(seconds: Int64(Date().timeIntervalSince1970)))
            .write(toFile: reportPath, atomically: true, encoding: .utf8)
        return Result(reportPath: reportPath, summary: summary, counts: counts)
    }

    static func truthSummary(_ dir: String) -> [String: Any]? {
        let p = (dir as NSString).appendingPathComponent("truth/summary.json")
        guard let d = FileManager.default.contents(atPath: p) else { return nil }
        return (try? JSONSerialization.jsonObject(with: d)) as? [String: Any]
    }
}

/// The analyst's report (self-contained HTML, no scripts or external resources).
enum Report {
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func html(summary: ImportSummary, counts: StoreCounts, rejects: [RejectedRow], dataDir: String, truthNote: String?,
                     traces: TraceReport? = nil, ratings: RatingReport? = nil) -> String {
        var byReason: [String: Int] = [:]
        for r in rejects {
            let key = r.reason.split(separator: "'").first.map(String.init) ?? r.reason
            byReason[key, default: 0] += 1
        }
        let rows: [(String, Int)] = [
            ("Files imported", counts.files), ("Accounts", counts.accounts), ("Statement rows", counts.entries),
            ("Unique transfers", counts.transfers), ("Cases", counts.cases), ("Calls and SMS", counts.calls),
            ("IM accounts", counts.imAccounts), ("IM unblocks", counts.imUnblocks), ("Orders", counts.orders),
            ("Tags", counts.tags), ("Events", counts.events), ("Rejected rows", counts.rejects),
        ]
        var h = """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>ChainBreaker report</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right}</style>
        </head><body><h1>ChainBreaker 断链 — case package report</h1>
        <p>Data: \(esc(dataDir))</p><h2>What the store holds</h2><table>
        """
        for (k, v) in rows { h += "<tr><th>\(k)</th><td class=n>\(v)</td></tr>" }
        h += "</table>"
        if let truthNote { h += "<p>Unique transfers \(esc(truthNote)).</p>" }
        if let traces {
            let total = traces.traces.reduce(Int64(0)) { $0 + $1.amount_fen }
            var byKind: [String: Int64] = [:]
            for t in traces.traces { for k in t.sinks { byKind[k.kind, default: 0] += k.amount_fen } }
            h += "<h2>Where the victims' money went (资金去向)</h2><p>\(traces.traces.count) cases traced, ¥\(TraceRender.yuan(total)) (rule \(traces.rule)); pictures of every flow: <a href=\"traces.html\">traces.html</a>.</p><table><tr><th>Sink</th><th>Amount</th><th>Share</th></tr>"
            for (k, v) in byKind.sorted(by: { $0.value > $1.value }) {
                h += "<tr><td>\(esc(TraceRender.kindLabel(k)))</td><td class=n>¥\(TraceRender.yuan(v))</td><td class=n>\(TraceRender.percent(v, of: total))</td></tr>"
            }
            h += "</table><h3>下一步调单 — next accounts to request</h3>"
            if traces.next_requests.isEmpty { h += "<p>None: every account holding traced money has its statement.</p>" } else {
                h += "<table><tr><th>#</th><th>Account</th><th>Traced money</th><th>Cases</th><th>Level</th></tr>"
                for (i, r) in traces.next_requests.prefix(30).enumerated() {
                    h += "<tr><td class=n>\(i + 1)</td><td>\(esc(r.account))</td><td class=n>¥\(TraceRender.yuan(r.amount_fen))</td><td class=n>\(r.cases.count)</td><td>\(esc(TraceRender.levelName(r.level)))</td></tr>"
                }
                h += "</table>"
            }
        }
        if let ratings {
            h += "<h2>Accounts rated malicious or suspicious (账户分级)</h2><table><tr><th>Account</th><th>Level</th><th>Score</th><th>Reasons</th></tr>"
            for a in ratings.accounts.prefix(100) {
                h += "<tr><td>\(esc(a.account))</td><td>\(a.level)</td><td class=n>\(String(format: "%.2f", a.score))</td><td>\(a.reasons.map(esc).joined(separator: "<br>"))</td></tr>"
            }
            h += "</table>"
            if ratings.accounts.count > 100 { h += "<p>… and \(ratings.accounts.count - 100) more (<code>chainbreaker rate</code>).</p>" }
        }
        h += "<h2>Rejected rows by reason</h2>"
        if byReason.isEmpty { h += "<p>None.</p>" } else {
            h += "<table><tr><th>Reason</th><th>Rows</th></tr>"
            for (k, v) in byReason.sorted(by: { $0.value > $1.value }) { h += "<tr><td>\(esc(k))</td><td class=n>\(v)</td></tr>" }
            h += "</table><h3>First rejected rows</h3><ul>"
            for r in rejects.prefix(50) { h += "<li><code>\(esc(r.description))</code></li>" }
            h += "</ul>"
        }
        h += "</body></html>\n"
        return h
    }
}
