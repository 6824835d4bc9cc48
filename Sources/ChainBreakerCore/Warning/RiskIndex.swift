/// What the store knows about every identifier, in one hash map from the canonical identifier to
/// a dense id and contiguous per-id facts: the account rating (level, score, reasons), tags, the
/// reported cases that name it (as suspect phone / QQ / WeChat / site / APP or payee account),
/// the fraud group and role the group miner gave it.
///
/// Built once (O(facts) inserts, each O(1) expected), then read-only: `lookup` is one hash of the
/// canonical string plus array reads, O(1) expected; `id(of:)` lets a stream adapter intern
/// identifiers to the same dense ids once and then read `flaggedSince` / `level` by integer.
/// A value type with no reference state: `Sendable`, safe to share between server tasks.
///
/// Level of an identifier: the highest of its rating, its tags (a label containing 涉诈 → malicious,
/// 可疑 → suspicious, other labels such as 快递员 / 正常商户 say nothing about fraud), its cases
/// (a suspect phone / QQ / WeChat / site / APP a victim reported → malicious; a payee account a
/// victim named but the rating does not flag → suspicious) and its group (a member → malicious,
/// or suspicious for a rented card the miner marks as such through its rating). An identifier the
/// index holds with none of these is `normal`; one it does not hold is unknown (nil).
public struct RiskIndex: Sendable {
    /// A reported case as the index refers to it.
    public struct CaseInfo: Sendable, Equatable {
        public var id: String
        /// 报案时间, seconds since the epoch: from then on the case's identifiers are known.
        public var reportedAt: Int64
        /// Cluster of linked cases (串并案) or -1.
        public var cluster: Int32
        public init(id: String, reportedAt: Int64, cluster: Int32 = -1) { self.id = id; self.reportedAt = reportedAt; self.cluster = cluster }
    }

    /// Everything known about one identifier.
    public struct Record: Sendable, Equatable {
        public var entity: RiskEntity
        /// From the account rating; nil when no rating covers it (non-accounts, accounts outside the graph).
        public var rating: RiskLevel?
        public var ratingScore: Double = 0
        public var reasons: [String] = []
        public var tags: [String] = []
        /// Indices into `cases`.
        public var cases: [Int32] = []
        /// Group name (`G01`…) and role from the group miner.
        public var gang: String?
        public var role: String?
        /// Earliest time from which something the store holds flags the identifier as fraud
        /// (a fraud tag or rating: `Int64.min`, known from the start; a case: its report time);
        /// `Int64.max` when nothing does. Early warning uses this to respect 报案时间.
        public var flaggedSince: Int64 = .max
        /// The strongest flag's level (tags, cases, group); rating is kept apart in `rating`.
        public internal(set) var flagLevel: RiskLevel = .normal
        /// The fund tracer's kind: an OTC trader, card merchant or payment institution ends traces
        /// and serves many unrelated people (`ordinary` for everything else).
        public var business: TraceAccountKind = .ordinary
        /// Victims paid it directly (level 1 of a traced case: a first-level card or 跑分 wallet).
        public var paidByVictims = false
        /// The account holder's ID number (户主证件号) where a statement gives it. Kept for early
        /// warning (money between one holder's accounts); not part of a risk answer.
        public var holderID: String?
        /// True when a fraud tag, a group or a rating above normal flags it (not only cases).
        public internal(set) var flaggedBeyondCases = false
        /// For an APP: distinct people the store shows using its platform before (orders through
        /// its shops, transfers with its payment company). See `setCommonUse`.
        public internal(set) var commonUsers: Int32 = 0
        /// A fraud tag on an APP in common use (`commonUseMin` people) that no reported case names:
        /// a watch list's mistake more likely than a scam APP.
        public var doubtfulTag: Bool { commonUsers >= RiskIndex.commonUseMin && cases.isEmpty }

        public init(entity: RiskEntity) { self.entity = entity }

        /// Overall level (see the type's comment).
        public var level: RiskLevel { max(rating ?? .normal, flagLevel) }

        /// Score in [0, 1]: the rating's score, raised to 0.5 / 1 by a suspicious / malicious flag.
        public var score: Double {
            switch flagLevel {
            case .malicious: return max(ratingScore, 1)
            case .suspicious: return max(ratingScore, 0.5)
            case .normal: return ratingScore
            }
        }
    }

    public private(set) var records: [Record] = []
    public private(set) var cases: [CaseInfo] = []
    private var idOf: [RiskEntity: Int32] = [:]

    public init() {}

    /// Number of identifiers held.
    public var count: Int { records.count }

    /// Dense id of a canonical identifier, or nil. O(1) expected.
    public func id(of e: RiskEntity) -> Int32? { idOf[e] }

    /// The record of a canonical identifier, or nil when the store knows nothing of it. O(1) expected.
    public func lookup(_ e: RiskEntity) -> Record? { idOf[e].map { records[Int($0)] } }

    /// Cases linked to `caseIndex` (same cluster), itself excluded.
    public func linkedCases(of caseIndex: Int32) -> [Int32] {
        let c = cases[Int(caseIndex)].cluster
        guard c >= 0 else { return [] }
        return cases.indices.filter { cases[$0].cluster == c && $0 != Int(caseIndex) }.map { Int32($0) }
    }

    // MARK: Building

    /// Dense id of `e`, inserted when new.
    @discardableResult
    public mutating func intern(_ e: RiskEntity) -> Int32 {
        if let i = idOf[e] { return i }
        let i = Int32(records.count)
        idOf[e] = i
        records.append(Record(entity: e))
        return i
    }

    /// Sets the account rating of `e`. Malicious and suspicious ratings count as flags known from
    /// the start (the rating is built from what the store held when the index was built).
    public mutating func rate(_ e: RiskEntity, level: RiskLevel, score: Double, reasons: [String]) {
        let i = Int(intern(e))
        records[i].rating = level; records[i].ratingScore = score; records[i].reasons = reasons
        if level > .normal { records[i].flaggedSince = .min; records[i].flaggedBeyondCases = true }
    }

    /// The level a `tags.csv` label (标签) says: 涉诈 → malicious, 可疑 → suspicious, else normal.
    public static func level(ofTag label: String) -> RiskLevel {
        if label.contains("涉诈") { return .malicious }
        if label.contains("可疑") { return .suspicious }
        return .normal
    }

    /// Adds a tag; a fraud tag flags the identifier from the start.
    public mutating func tag(_ e: RiskEntity, label: String) {
        let i = Int(intern(e))
        if !records[i].tags.contains(label) { records[i].tags.append(label) }
        let l = RiskIndex.level(ofTag: label)
        if l > .normal {
            records[i].flagLevel = max(records[i].flagLevel, l)
            records[i].flaggedSince = .min
            records[i].flaggedBeyondCases = true
            if !records[i].reasons.contains(where: { $0.contains(label) }) { records[i].reasons.append("tagged \(label)") }
        }
    }

    /// Adds a case and the identifiers it names as the suspects' (`suspects`: phones, QQ, WeChat,
    /// sites, APPs → malicious from `reportedAt`) and the accounts victims paid (`payees` →
    /// suspicious from `reportedAt`). Returns the case index.
    @discardableResult
    public mutating func addCase(_ info: CaseInfo, suspects: [RiskEntity], payees: [RiskEntity]) -> Int32 {
        let k = Int32(cases.count)
        cases.append(info)
        for (list, level) in [(suspects, RiskLevel.malicious), (payees, .suspicious)] {
            for e in list {
                let i = Int(intern(e))
                if records[i].cases.last == k { continue }
                records[i].cases.append(k)
                records[i].flagLevel = max(records[i].flagLevel, level)
                records[i].flaggedSince = min(records[i].flaggedSince, info.reportedAt)
            }
        }
        return k
    }

    /// Group membership from the group miner; a member is malicious from the start unless the
    /// rating says otherwise (the miner uses the rating).
    public mutating func setGang(_ e: RiskEntity, gang: String, role: String) {
        let i = Int(intern(e))
        if records[i].gang == nil { records[i].gang = gang; records[i].role = role }
        if records[i].rating == nil {
            records[i].flagLevel = .malicious
            records[i].flaggedSince = .min
            records[i].flaggedBeyondCases = true
        }
    }

    /// At least this many distinct people using an APP's platform make it one in common use.
    public static let commonUseMin: Int32 = 50

    /// Records how many distinct people the store shows using an APP's platform. When they are at
    /// least `commonUseMin` and no reported case names the APP, a fraud tag on it is doubtful (a
    /// watch list's mistake: a mainstream shopping or payment APP tagged 涉诈APP): its flag is
    /// lowered to suspicious, it no longer counts as flagged beyond cases, and the reasons say so.
    /// Call after tags and cases are added. O(1).
    public mutating func setCommonUse(_ e: RiskEntity, users: Int32) {
        let i = Int(intern(e))
        records[i].commonUsers = users
        guard records[i].doubtfulTag, records[i].flagLevel > .normal else { return }
        records[i].flagLevel = .suspicious
        records[i].flaggedBeyondCases = records[i].gang != nil   // APPs have no rating
        records[i].reasons.append("in common use: \(users) people used its platform before (orders, payments) and no reported case names it — the tag is doubtful")
    }

    /// Records the fund tracer's kind of an account (OTC trader, card merchant, payment institution).
    public mutating func setBusiness(_ e: RiskEntity, _ kind: TraceAccountKind) {
        let i = Int(intern(e))
        records[i].business = kind
    }

    /// Records the holder's ID number of an account.
    public mutating func setHolder(_ e: RiskEntity, id: String) { records[Int(intern(e))].holderID = id }

    /// Records that victims paid an account directly.
    public mutating func setPaidByVictims(_ e: RiskEntity) { records[Int(intern(e))].paidByVictims = true }

    /// Marks an identifier as seen (known, nothing against it).
    public mutating func see(_ e: RiskEntity) { intern(e) }

    /// Sets every case's cluster (same order as `addCase`).
    public mutating func setClusters(_ clusterOfCase: [Int32]) {
        for (k, c) in clusterOfCase.enumerated() where k < cases.count { cases[k].cluster = c }
    }
}
