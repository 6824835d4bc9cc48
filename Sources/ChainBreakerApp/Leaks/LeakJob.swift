import ChainBreakerCore
import ChainBreakerStore

/// Leak sources as the CLI prints them and the JSON carries them.
public struct LeakReport: Sendable, Codable, Equatable {
    public struct Window: Sendable, Codable, Equatable {
        /// First and last exposure date (Beijing, `YYYY-MM-DD`, inclusive).
        public var start: String
        public var end: String
        /// Victims' and all exposures (orders) inside the window.
        public var victim_orders: Int
        public var orders: Int
    }
    public struct Linked: Sendable, Codable, Equatable {
        /// Victims of the group exposed, the group's victims with orders, expected by chance.
        public var victims: Int
        public var group_victims: Int
        public var expected: Double
        public var p_adjusted: Double
    }
    public struct Source: Sendable, Codable, Equatable {
        public var kind: String
        public var id: String
        public var victims: Int
        public var population: Int
        public var lift: Double
        public var p: Double
        public var p_adjusted: Double
        /// p before any other source was explained away.
        public var p_unconditional: Double
        /// Fisher's p Benjamini–Hochberg adjusted, and the windowed scan's family-wise p
        /// (`p_adjusted` is their joint Monte Carlo p, or `linked.p_adjusted` when smaller).
        public var p_fisher_adjusted: Double
        public var p_scan: Double
        /// Sources selected first whose victims took this one's significance away.
        public var explained_by: [String]
        public var window: Window?
        /// The excess among the victims of one group of linked cases (串并案), when it is the stronger evidence.
        public var linked: Linked?
        /// `strong`, `suggestive`, `too_few`, `not_significant`.
        public var confidence: String
        public var explanation: String
    }
    /// Sources with adjusted p < alpha (all sources with `--all`), most significant first.
    public var sources: [Source]
    public var alpha: Double
    /// Sources tested (the m of Benjamini–Hochberg).
    public var tested: Int
    /// Distinct recipients with a readable phone (N) and victims among them (K).
    public var recipients: Int
    public var victims: Int
    public var victims_without_orders: Int
    public var masked_orders: Int
    /// Masked orders tied back to their recipient by name and address (counted in the test).
    public var masked_resolved: Int
    public var orders_after_contact: Int
}

/// Leak-source finding over a store: victims from the cases (phone, first fraud contact), orders
/// from orders.csv, `LeakFinder` in between.
public enum LeakJob {
    /// Victims of the cases: phone and first fraud contact = the start of the first date the
    /// narrative gives (`4月4日通过微信与对方联系…`: the officer's record of when contact began), or
    /// the first loss (案发时间, else the report time) when it is earlier or the narrative has no
    /// date. Call records are not used: mass-calling numbers (GOIP) ring many people, victims
    /// included, days before the conversation that led to the loss, and would cut real leak orders.
    public static func victims(cases: [CaseReport]) -> [LeakFinder.Victim] {
        var out: [LeakFinder.Victim] = []
        for c in cases {
            guard let v = c.victimPhone, LeakFinder.isReadablePhone(v) else { continue }
            let loss = (c.occurredAt ?? c.reportedAt).seconds
            var t = loss
            if let (m, d) = firstDate(c.narrative) {
                let y = Instant(seconds: loss).beijing.year
                for year in [y, y - 1] {
                    if let day = Instant(year: year, month: m, day: d), day.seconds <= loss {
                        if loss - day.seconds < 366 * 86_400 { t = min(t, day.seconds) }
                        break
                    }
                }
            }
            out.append(LeakFinder.Victim(phone: v, firstContact: Instant(seconds: t)))
        }
        return out
    }

    /// The first `M月D日` in a text (ASCII digits), by bytes.
    static func firstDate(_ text: String) -> (month: Int, day: Int)? {
        let b = Array(text.utf8)
        let yue: [UInt8] = [0xE6, 0x9C, 0x88], ri: [UInt8] = [0xE6, 0x97, 0xA5]
        func digit(_ i: Int) -> Int? { i >= 0 && i < b.count && b[i] >= 0x30 && b[i] <= 0x39 ? Int(b[i] - 0x30) : nil }
        var i = 1
        while i + 2 < b.count {
            if b[i] == yue[0] && b[i + 1] == yue[1] && b[i + 2] == yue[2], let m1 = digit(i - 1) {
                let month = digit(i - 2).map { $0 * 10 + m1 } ?? m1
                var j = i + 3
                var day = 0, nd = 0
                while let x = digit(j), nd < 2 { day = day * 10 + x; nd += 1; j += 1 }
                if nd > 0 && j + 2 < b.count && b[j] == ri[0] && b[j + 1] == ri[1] && b[j + 2] == ri[2],
                   (1...12).contains(month), (1...31).contains(day) {
                    return (month, day)
                }
            }
            i += 1
        }
        return nil
    }

    /// `linked`: groups of linked cases (case numbers, e.g. `LinkReport.clusters`), each also
    /// tested on its own victims (`LeakFinder.find(orders:victims:groups:options:)`).
    public static func run(orders: [OrderRecord], cases: [CaseReport], linked: [[String]] = [], options: LeakFinder.Options = .init(),
                           all: Bool = false) -> LeakReport {
        var byID: [String: CaseReport] = [:]
        for c in cases { byID[c.id] = c }
        let groups = linked.map { victims(cases: $0.compactMap { byID[$0] }) }
        let f = LeakFinder.find(orders: orders, victims: victims(cases: cases), groups: groups, options: options)
        return report(f, alpha: options.alpha, all: all)
    }

    /// Over a workspace: its cases, linked as `link` links them.
    public static func run(_ ws: TraceWorkspace, store: any ChainBreakerStore, options: LeakFinder.Options = .init(), all: Bool = false) throws -> LeakReport {
        let links = LinkJob.run(ws, imAccounts: try store.loadIMAccounts(), imUnblocks: try store.loadIMUnblocks())
        return run(orders: try store.loadOrders(), cases: ws.cases, linked: links.clusters.map(\.cases), options: options, all: all)
    }

    public static func run(store: any ChainBreakerStore, options: LeakFinder.Options = .init(), all: Bool = false) throws -> LeakReport {
        try run(TraceWorkspace(store: store), store: store, options: options, all: all)
    }

    public static func report(_ f: LeakFindings, alpha: Double, all: Bool) -> LeakReport {
        let chosen = all ? f.sources : f.sources.filter { $0.pAdjusted < alpha }
        return LeakReport(sources: chosen.map(source), alpha: alpha, tested: f.tested, recipients: f.recipients,
                          victims: f.victimsMatched, victims_without_orders: f.victimsWithoutOrders,
                          masked_orders: f.maskedOrders, masked_resolved: f.maskedResolved, orders_after_contact: f.ordersAfterContact)
    }

    static func source(_ s: LeakSource) -> LeakReport.Source {
        LeakReport.Source(kind: s.kind.rawValue, id: s.id, victims: s.victims, population: s.population,
                          lift: rounded(s.lift, 3), p: significant(s.p), p_adjusted: significant(s.pAdjusted),
                          p_unconditional: significant(s.pUnconditional), p_fisher_adjusted: significant(s.pFisherAdjusted),
                          p_scan: significant(s.pScan), explained_by: s.explainedBy,
                          window: s.window.map { LeakReport.Window(start: date($0.firstDay), end: date($0.lastDay), victim_orders: $0.cases, orders: $0.exposures) },
                          linked: s.linked.map { LeakReport.Linked(victims: $0.victims, group_victims: $0.groupVictims,
                                                                   expected: rounded($0.expected, 1), p_adjusted: significant($0.pAdjusted)) },
                          confidence: s.confidence.rawValue, explanation: s.explanation)
    }

    /// `YYYY-MM-DD` of a day number (days since 1970-01-01).
    public static func date(_ day: Int64) -> String {
        let (y, m, d) = Instant.civil(fromDays: day)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    static func rounded(_ x: Double, _ digits: Int) -> Double {
        var f = 1.0
        for _ in 0..<digits { f *= 10 }
        return (x * f).rounded() / f
    }

    /// Four significant digits (p-values span many orders of magnitude).
    static func significant(_ x: Double) -> Double {
        guard x > 0 && x.isFinite else { return x }
        let s = Double(String(format4(x))) ?? x
        return s
    }

    static func format4(_ x: Double) -> String {
        // Scientific notation with 4 significant digits without Foundation's String(format:).
        var e = 0
        var m = x
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        let r = (m * 1000).rounded() / 1000
        return "\(r)e\(e)"
    }
}
