import ChainBreakerCore
import ChainBreakerStore

/// Ratings written with account numbers (what `chainbreaker rate` prints).
public struct RatingReport: Sendable, Codable, Equatable {
    public struct Account: Sendable, Codable, Equatable {
        public var account: String
        public var level: String
        public var score: Double
        public var reasons: [String]
        /// The feature values the rating read (`AccountFeature` names; only when asked for).
        public var features: [String: Double]?
        public init(account: String, level: String, score: Double, reasons: [String], features: [String: Double]? = nil) {
            self.account = account; self.level = level; self.score = score; self.reasons = reasons; self.features = features
        }
    }
    public var engine: String
    public var accounts: [Account]
    public init(engine: String, accounts: [Account]) { self.engine = engine; self.accounts = accounts }
}

/// Rates every account of a `TraceWorkspace`: builds the `RatingContext` (statements, tags, sink
/// kinds, holders, devices, and what tracing every case found), then runs a rater.
public enum RatingJob {
    /// The context of the workspace's accounts, with every case traced (`rule`).
    public static func context(_ ws: TraceWorkspace, rule: AllocationRule = .fifo) -> RatingContext {
        tracedContext(ws, rule: rule).context
    }

    /// The context and the trace of every case (index = case index in `ws.cases`).
    public static func tracedContext(_ ws: TraceWorkspace, rule: AllocationRule = .fifo) -> (context: RatingContext, traces: [TraceResult]) {
        let n = ws.table.accounts.count
        var c = RatingContext(accountCount: n)
        c.hasStatement = ws.facts.hasStatement
        for a in 0..<n { c.isWallet[a] = RatingContext.isWalletNumber(ws.table.accounts[a]) }
        for (a, label) in ws.facts.tags { if let t = AccountTags(label: label) { c.tags[Int(a)].formUnion(t) } }
        c.kinds = ws.tracer.kinds
        var holders: [String: Int32] = [:]
        for a in 0..<n {
            guard let h = ws.facts.holderID[a], !h.isEmpty else { continue }
            if let g = holders[h] { c.holderGroup[a] = g } else { let g = Int32(holders.count); holders[h] = g; c.holderGroup[a] = g }
        }
        var devices: [String: Int32] = [:]
        var pairs: [(account: Int32, device: Int32)] = []
        pairs.reserveCapacity(ws.facts.devices.count)
        for (a, d) in ws.facts.devices where !RatingJob.placeholderDevices.contains(d) {
            let id: Int32
            if let x = devices[d] { id = x } else { id = Int32(devices.count); devices[d] = id }
            pairs.append((a, id))
        }
        c.setDevices(pairs)
        let groups = ws.cases.map { ws.seeds(of: $0) }
        let results = ws.tracer.trace(groups: groups, rule: rule)
        c.addTraces(results, cases: (0..<Int32(results.count)).map { $0 }, graph: ws.graph)
        return (c, results)
    }

    /// MAC values that many unrelated machines report (virtual or blank adapters): not evidence.
    static let placeholderDevices: Set<String> = ["mac:02:00:00:00:00:00", "mac:00:00:00:00:00:00", "mac:FF:FF:FF:FF:FF:FF", "mac:ff:ff:ff:ff:ff:ff"]

    /// Rates every account; `minimum` keeps only accounts at or above that level. The accounts
    /// in `featuresOf` (all listed accounts when nil) also carry their feature values.
    public static func run(_ ws: TraceWorkspace, rater: some AccountRater, engine: String, minimum: RiskLevel = .normal,
                           context: RatingContext? = nil, featuresOf: Set<String>? = []) -> (report: RatingReport, output: RatingEngine.Output) {
        let c = context ?? RatingJob.context(ws)
        let out = RatingEngine.run(graph: ws.graph, context: c, rater: rater)
        var rows: [RatingReport.Account] = []
        for (a, r) in out.ratings.enumerated() where r.level >= minimum {
            let number = ws.table.accounts[a]
            var row = RatingReport.Account(account: number, level: r.level.description, score: (r.score * 1000).rounded() / 1000, reasons: r.reasons)
            if featuresOf?.contains(number) ?? true {
                row.features = Dictionary(uniqueKeysWithValues: AccountFeature.allCases.map { ($0.name, out.features[a, $0]) })
            }
            rows.append(row)
        }
        rows.sort { ($0.score, $1.account) > ($1.score, $0.account) }
        return (RatingReport(engine: engine, accounts: rows), out)
    }
}
