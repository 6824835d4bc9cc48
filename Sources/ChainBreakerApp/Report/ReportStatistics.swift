import ChainBreakerCore

/// The statistics of the analyst's report (`chainbreaker report --json`). Money in integer fen;
/// shares and week-over-week changes as fractions (0.25 = 25 %), four decimals.
public struct ReportStatistics: Sendable, Codable, Equatable {
    public struct TypeCount: Sendable, Codable, Equatable {
        public var type: String
        public var cases: Int
        public var loss_fen: Int64
        /// Share of all cases.
        public var share: Double
    }
    public struct Week: Sendable, Codable, Equatable {
        /// Monday of the week (Beijing), `YYYY-MM-DD`.
        public var week: String
        public var cases: Int
        public var loss_fen: Int64
        /// (this week − last week) / last week; nil for the first week or after an empty week.
        public var cases_change: Double?
        public var loss_change: Double?
        public var by_type: [TypeCount]
    }
    public struct Share: Sendable, Codable, Equatable {
        public var name: String
        public var cases: Int
        public var share: Double
    }
    public struct Destination: Sendable, Codable, Equatable {
        /// `bank_card`, `third_party`, `crypto`, `cash`.
        public var kind: String
        public var amount_fen: Int64
        public var share: Double
        /// Tracer sink kinds counted in it.
        public var sinks: [String]
    }
    public var cases: Int
    public var loss_fen: Int64
    /// Cases by 报案时间 week.
    public var weeks: [Week]
    public var types: [TypeCount]
    /// 接触渠道 grouped: 电话, 短信, 网络 (QQ, 微信, 交友APP, 网站 and 网络), 未知.
    public var channels: [Share]
    public var genders: [Share]
    public var age_bands: [Share]
    /// Where traced victim money ended, by the tracer's sinks.
    public var destinations: [Destination]
    /// Traced money by fraud type and destination (the flow chart).
    public var flows: [Flow]
    public struct Flow: Sendable, Codable, Equatable {
        public var type: String
        public var destination: String
        public var amount_fen: Int64
    }
}

extension ReportStatistics {
    /// The label shown for a case without 案件类别 that the labeler does not fill.
    public static let unclassified = "未分类"
    public static let ageBands: [(name: String, range: ClosedRange<Int>)] = [
        ("0–17", 0...17), ("18–24", 18...24), ("25–34", 25...34), ("35–44", 35...44), ("45–54", 45...54), ("55–64", 55...64), ("65+", 65...200),
    ]
    /// Sink kinds → destination (seed 002's bank card / third-party / crypto / cash).
    public static let destinationOf: [String: String] = [
        "balance": "bank_card", "unrequested": "bank_card", "third_party": "third_party", "card_merchant": "third_party",
        "otc": "crypto", "cashout": "cash",
    ]
    public static let destinationNames: [String: String] = [
        "bank_card": "银行卡 bank card", "third_party": "第三方支付/点卡 third-party", "crypto": "虚拟币 crypto", "cash": "取现 cash",
    ]

    /// The fraud type of a case: its 案件类别, else the labeler's answer on the narrative (the hook
    /// for the fraud-type classifier), else `未分类`.
    public static func type(of c: CaseReport, labeler: ((String) -> String?)?) -> String {
        if let t = c.fraudType, !t.isEmpty { return t }
        return labeler?(c.narrative) ?? unclassified
    }

    /// Monday (days since 1970-01-01, Beijing) of the week holding an instant.
    public static func weekStart(_ t: Instant) -> Int64 {
        let s = t.seconds + Instant.beijingOffset
        let d = s >= 0 ? s / 86_400 : -((-s + 86_399) / 86_400)
        let weekday = ((d + 3) % 7 + 7) % 7   // 1970-01-01 was a Thursday; 0 = Monday
        return d - weekday
    }

    public static func channelGroup(_ raw: String?) -> String {
        guard let r = raw, !r.isEmpty else { return "未知" }
        switch r {
        case "电话": return "电话"
        case "短信": return "短信"
        case "网络", "QQ", "微信", "交友APP", "网站": return "网络"
        default: return r
        }
    }

    static func r4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// Computes the statistics. O(cases + sinks).
    public static func compute(cases: [CaseReport], traces: TraceReport?, labeler: ((String) -> String?)? = nil) -> ReportStatistics {
        let n = cases.count
        let total = cases.reduce(Int64(0)) { $0 + $1.loss.fen }
        let typeOf = cases.map { type(of: $0, labeler: labeler) }
        func share(_ k: Int) -> Double { n > 0 ? r4(Double(k) / Double(n)) : 0 }

        // Types, most cases first.
        var tc: [String: (Int, Int64)] = [:]
        for (c, t) in zip(cases, typeOf) { tc[t, default: (0, 0)].0 += 1; tc[t, default: (0, 0)].1 += c.loss.fen }
        let types = tc.map { TypeCount(type: $0.key, cases: $0.value.0, loss_fen: $0.value.1, share: share($0.value.0)) }
            .sorted { ($0.cases, $1.type) > ($1.cases, $0.type) }

        // Weeks, continuous from the first to the last.
        var weeks: [Week] = []
        if let first = cases.map({ weekStart($0.reportedAt) }).min(), let last = cases.map({ weekStart($0.reportedAt) }).max() {
            var byWeek: [Int64: [Int]] = [:]
            for (i, c) in cases.enumerated() { byWeek[weekStart(c.reportedAt), default: []].append(i) }
            var w = first
            while w <= last {
                let idx = byWeek[w] ?? []
                var bt: [String: (Int, Int64)] = [:]
                for i in idx { bt[typeOf[i], default: (0, 0)].0 += 1; bt[typeOf[i], default: (0, 0)].1 += cases[i].loss.fen }
                let loss = idx.reduce(Int64(0)) { $0 + cases[$1].loss.fen }
                var week = Week(week: LeakJob.date(w), cases: idx.count, loss_fen: loss, cases_change: nil, loss_change: nil,
                                by_type: types.compactMap { t in bt[t.type].map { TypeCount(type: t.type, cases: $0.0, loss_fen: $0.1, share: idx.isEmpty ? 0 : r4(Double($0.0) / Double(idx.count))) } })
                if let prev = weeks.last {
                    week.cases_change = prev.cases > 0 ? r4(Double(idx.count - prev.cases) / Double(prev.cases)) : nil
                    week.loss_change = prev.loss_fen > 0 ? r4(Double(loss - prev.loss_fen) / Double(prev.loss_fen)) : nil
                }
                weeks.append(week)
                w += 7
            }
        }

        func shares(_ key: (CaseReport) -> String, order: [String]) -> [Share] {
            var m: [String: Int] = [:]
            for c in cases { m[key(c), default: 0] += 1 }
            let known = order.filter { m[$0] != nil } + m.keys.filter { !order.contains($0) }.sorted()
            return known.map { Share(name: $0, cases: m[$0]!, share: share(m[$0]!)) }
        }
        let channels = shares({ channelGroup($0.channel) }, order: ["电话", "短信", "网络", "未知"])
        let genders = shares({ $0.victimGender.flatMap { $0.isEmpty ? nil : $0 } ?? "未知" }, order: ["男", "女", "未知"])
        let ages = shares({ c in c.victimAge.flatMap { a in ageBands.first { $0.range.contains(a) }?.name } ?? "未知" },
                          order: ageBands.map(\.name) + ["未知"])

        // Destinations and flows from the traces' sinks.
        var dest: [String: Int64] = [:], flows: [String: Int64] = [:]
        var typeOfCase: [String: String] = [:]
        for (c, t) in zip(cases, typeOf) { typeOfCase[c.id] = t }
        for t in traces?.traces ?? [] {
            for s in t.sinks {
                let d = destinationOf[s.kind] ?? "bank_card"
                dest[d, default: 0] += s.amount_fen
                flows[(t.case.flatMap { typeOfCase[$0] } ?? unclassified) + "\u{1}" + d, default: 0] += s.amount_fen
            }
        }
        let traced = dest.values.reduce(0, +)
        let destinations = ["bank_card", "third_party", "crypto", "cash"].map { k in
            Destination(kind: k, amount_fen: dest[k] ?? 0, share: traced > 0 ? r4(Double(dest[k] ?? 0) / Double(traced)) : 0,
                        sinks: destinationOf.filter { $0.value == k }.map(\.key).sorted())
        }
        let flowList = flows.map { kv -> Flow in
            let parts = kv.key.split(separator: "\u{1}", omittingEmptySubsequences: false)
            return Flow(type: String(parts[0]), destination: String(parts[1]), amount_fen: kv.value)
        }.sorted { ($0.amount_fen, $1.type, $1.destination) > ($1.amount_fen, $0.type, $0.destination) }

        return ReportStatistics(cases: n, loss_fen: total, weeks: weeks, types: types, channels: channels, genders: genders,
                                age_bands: ages, destinations: destinations, flows: flowList)
    }
}
