/// Early warning (预警) over a time-ordered event stream: per-entity state over sliding windows,
/// detectors that combine what the store knew (`WarningKnowledge`) with what the stream shows.
///
/// Detectors (thresholds in `Config`, each with its reason there):
/// * `flaggedSite` / `flaggedApp`: a person visits a site or installs an APP that a fraud tag or a
///   case reported before that moment names → dissuade, high. A flag known only from cases needs
///   the person to have had a suspect contact and is dropped once the site / APP is in common use
///   (`popularMin`); a tag is doubted when ordinary people rush to it (`rushPlain`), and then needs
///   a suspect contact too.
/// * `scamCall`: a long answered call (≥ `longCall` s) from a number that is flagged (tag, case
///   reported before) or that behaves like a GOIP / drainage line *in the stream itself*: it
///   reached ≥ `massCallees` different people in the last `massWindow`, they almost never call it
///   back (≤ `maxCallbackShare`), and no benign tag (快递员, 营销号码) explains it. Online and
///   retroactive: when a number crosses the mass-calling threshold, the people it had long calls
///   with in the last `massWindow` are warned then (the loss usually comes hours later).
///   → dissuade, high when the number is flagged, medium when only its behaviour says so.
/// * `flaggedPayee`: a transfer to an account rated or tagged malicious (high) or, for a first
///   payment to it, suspicious (medium), or named as a payee in a case reported before → intercept.
///   Below `minPaymentFen` a flag needs the payer's owner to have had a suspect contact: rented
///   cards stay their holders' everyday cards, and strangers' small payments reach them too.
/// * `escalation`: the third or later payment from one account to a payee it first paid in the
///   stream, within `escalationWindow`, each at least `escalationFactor` × the previous →
///   intercept, medium (investment / 刷单 scams raise the stakes step by step).
/// * `escalatedPayee`: an account that a payer paid in an escalating run (`escalation`) within
///   `escalationWindow` and that passed on ≥ 80 % of what it received in the stream (快进快出)
///   gets a first payment of at least `minPaymentFen` from another payer → intercept, medium. The
///   stream itself shows it collecting for a scam (婚恋 / 投资 victims raise the stakes step by
///   step; the next victim's first payment goes to the same card before anyone reports it).
///   Only for a person's account (`WarningKnowledge.accountPersonal`), as `freshPayee`.
/// * `learnedSite`: a site or APP that people reach right after a scam call (`scamCall` state)
///   becomes suspect once `learnMin` different people did so; a later visitor is warned (medium).
/// * `freshPayee`: an account the store did not know before the stream (a freshly rented card)
///   receives first payments of at least `freshMinFen` from `freshPayers` different payers within
///   `freshWindow`, at least half of all its payers in the stream paid that much (a shop's
///   large payments come among many more small ones), and it has passed on ≥ 80 % of what it
///   received before (快进快出; shops and people keep it) → the payer is warned (intercept, medium),
///   and the earlier payers of the window too (dissuade: their money has left, the next payment
///   need not). Only for a person's account (a card or a wallet): a lender or a trading company
///   also gets ¥1,000+ payments from many payers and pays most of it out again (loans, suppliers),
///   and a company's account is not a rented card (seed 506: three consumer-finance lenders the
///   store had not seen before the stream, 29 false warnings in 14 days from loan repayments).
/// * `strangerCall`: a first payment of at least `strangerMinFen` to an account, within
///   `strangerWindow` of a long call from a number the payer's owner had never been in contact
///   with (no call or SMS from the owner to it in the remembered contacts) → intercept, medium.
///   Needs the paying account's owner phone (`WarningKnowledge.accountOwner`).
///
/// Never warned: money between two accounts of one holder (`WarningKnowledge.accountHolder`),
/// money moving inside a chain (a payer flagged or in-chain), cash.
///
/// Subject: the phone for phone-side events; for a transfer, the paying account's owner phone
/// when the store knows it (`WarningKnowledge.accountOwner`), else the account. One warning per
/// subject per `episode` (dedupe).
///
/// State and memory: per phone a ring of its last `ring` outgoing contacts (callee, time, long?)
/// and a ring of 4 pending long calls, last scam-contact time, last warning; per account the last
/// warning; payer → payee pairs in a fixed-capacity direct-mapped table (`pairCapacity` slots,
/// a colliding pair evicts the older one, so its memory never grows); per site / APP counters
/// and a ring of its last plain users (`ReachTable`). Rings hold only their last entries and are
/// read with their time window, so old state expires by construction. Memory is O(distinct ids × ring) for the dense arrays
/// (ids are interned by the adapter: the city's phones, accounts, apps and sites) plus the fixed
/// pair table; it does not grow with the length of the stream.
///
/// Cost: O(`ring`) per call / SMS, O(1) per transfer, APP and site event (plus O(`ring`²) only
/// when a number crosses the mass-calling threshold). Not thread-safe: one owner (an actor or a
/// lock) feeds it events in time order.
///
/// References: GOIP / 引流 calling patterns as described in the seed articles (mass short calls,
/// no call-backs, a long "script" call before the loss); sliding-window counting with ring
/// buffers; direct-mapped caches (Hennessy & Patterson, ch. 2) for the bounded pair table.
public struct WarningEngine: Sendable {
    typealias R = WarningEngine
    /// A reference to an identifier inside a reason, `⟦kind:id⟧`; the adapter writes it out
    /// (`WarningEngine.render`).
    public static func ref(_ kind: WarningKnowledge.Kind, _ id: Int32) -> String { "⟦\(kind.rawValue):\(id)⟧" }

    /// A reason with its references written out by `name(kind, id)`.
    public static func render(_ reason: String, name: (WarningKnowledge.Kind, Int32) -> String) -> String {
        guard reason.contains("⟦") else { return reason }
        var out = ""
        var rest = Substring(reason)
        while let open = rest.firstIndex(of: "⟦"), let close = rest[open...].firstIndex(of: "⟧") {
            out += rest[..<open]
            let body = rest[rest.index(after: open)..<close]
            if let colon = body.firstIndex(of: ":"), let k = UInt64(body[..<colon]), let kind = WarningKnowledge.Kind(rawValue: k),
               let id = Int32(body[body.index(after: colon)...]) {
                out += name(kind, id)
            } else {
                out += body
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    public struct Config: Sendable {
        /// A call this long (s) is a conversation, not a robocall, advert or delivery call (those
        /// last under a minute or two in the data and in practice).
        public var longCall: Int32 = 180
        /// Different people reached within `massWindow` that make a number a mass caller: far more
        /// than any person calls in a day (a resident calls ~0.3 numbers a day), fewer than a GOIP
        /// line's daily quota in a small city.
        public var massCallees = 8
        public var massWindow: Int64 = 86_400
        /// Call-backs per call above which a number is a person others answer, not a mass caller.
        public var maxCallbackShare = 0.2
        /// Contacts remembered per number (≥ massCallees).
        public var ring = 16
        /// One warning per subject per episode.
        public var episode: Int64 = 3 * 86_400
        /// Escalation: payments to one payee within this window, each ≥ factor × the previous.
        public var escalationWindow: Int64 = 7 * 86_400
        public var escalationFactor = 1.3
        public var escalationCount = 3
        /// Minimum payment (fen) the escalation and suspicious-payee detectors look at (¥500).
        public var minPaymentFen: Int64 = 50_000
        /// A payment to a strongly flagged account warns without a suspect contact from this
        /// amount (¥1,000). Below it strangers' everyday payments to rented cards dominate: on
        /// 13 cities with 5× the sample's rented-card traffic, ¥500 gave 33 false warnings and
        /// 196 of 205 victims, ¥1,000 gives 15 and 194 (the two lost paid ¥550 and ¥742 with no
        /// contact seen). Smaller payments to such accounts need a suspect contact of the payer.
        public var flaggedPayeeMinFen: Int64 = 100_000
        /// A site / APP reached within `learnWindow` after a scam call by `learnMin` different
        /// people becomes suspect.
        public var learnWindow: Int64 = 2 * 86_400
        public var learnMin = 2
        /// A flag known only from cases is dropped once this many people used the site / APP
        /// without any scam contact before (or this many different payers paid the account): it is
        /// in common use (a meeting APP, a game-card shop), not the group's own.
        public var popularMin: Int32 = 5
        /// A site / APP tagged as fraud but named in no reported case that `rushPlain` different
        /// people with no suspect contact reached within `rushWindow`, while at most one in ten of
        /// all its users had such a contact, is in common use: the tag is doubted from then on (a
        /// plain user is no longer warned; one with a suspect contact still is). A mis-tagged
        /// popular APP (QQ音乐 tagged 涉诈APP on seed 103, installed 65 times in two weeks, never
        /// after a suspect contact) reaches several ordinary people on its first day. A case
        /// confirms a tag: a group's own 刷单 site can be visited by three victims in four hours,
        /// all contacted on WeChat, out of the stream's sight (seed 93); on the 14 measured cities
        /// every true fraud APP and site tag is named in cases, no mis-tag is. At most
        /// `ReachTable.rushSlots`; 0 switches the doubt off.
        public var rushPlain = 3
        public var rushWindow: Int64 = 86_400
        /// An account that received at least this much (fen, ¥2,000) in one payment from a
        /// flagged or in-chain account is in the chain for `chainWindow`: its payments are
        /// laundering, not a victim's (rebates to victims are smaller).
        public var chainMinFen: Int64 = 200_000
        public var chainWindow: Int64 = 3 * 86_400
        /// A payee unknown to the store that receives first payments of ≥ `freshMinFen` (¥1,000)
        /// from `freshPayers` different payers within `freshWindow` collects money like a
        /// first-level card: an ordinary person's new account is paid by one or two people first.
        public var freshPayers = 3
        public var freshMinFen: Int64 = 100_000
        public var freshWindow: Int64 = 2 * 86_400
        /// A first payment of ≥ `strangerMinFen` (¥5,000) within `strangerWindow` of a long call
        /// from a stranger (冒充熟人 / 公检法 scripts end in a large payment within hours).
        public var strangerMinFen: Int64 = 500_000
        public var strangerWindow: Int64 = 12 * 3600
        /// Slots of the payer → payee table (power of two).
        public var pairCapacity = 1 << 18
        /// Detectors switched on (ablation).
        public var detectors: Set<Warning.Detector> = Set(Warning.Detector.allCases)
        public init() {}
    }

    public let config: Config
    public var knowledge: WarningKnowledge

    // Per phone.
    private var ringCallee: [Int32] = []
    private var ringTime: [Int64] = []
    private var ringSeq: [Int32] = []
    private var ringLong: [Bool] = []
    private var ringPos: [UInt8] = []
    private var calls: [Int32] = []
    private var callbacks: [Int32] = []
    private var massSince: [Int64] = []
    /// Last long call from a suspect number (flagged or mass caller), and the event.
    private var scamContactTime: [Int64] = []
    private var scamContactSeq: [Int32] = []
    /// Last contact of any kind (call, SMS) from a suspect number.
    private var suspectTime: [Int64] = []
    private var phoneWarned: [Int64] = []
    /// Last long call from a number the phone had never contacted (not flagged, not benign).
    private var strangerTime: [Int64] = []
    private var strangerSeq: [Int32] = []
    private var strangerCaller: [Int32] = []
    // Per account.
    private var accountWarned: [Int64] = []
    /// Different payers seen (first payments into the account).
    private var payers: [Int32] = []
    /// Last time the account received a chain-sized payment from a flagged or in-chain account.
    private var chainTime: [Int64] = []
    /// Last time a payer's escalating run (`escalation`) reached the account, and that payment.
    private var escalatedTime: [Int64] = []
    private var escalatedSeq: [Int32] = []
    /// Accounts unknown to the store: their last `freshSlots` first payments of ≥ `freshMinFen`.
    private static let freshSlots = 4
    private var freshPayer: [Int32] = [], freshTime: [Int64] = [], freshSeq: [Int32] = []
    private var freshPos: [UInt8] = []
    /// Different payers whose first payment was ≥ `freshMinFen` (of `payers`).
    private var bigPayers: [Int32] = []
    /// Money in and out of each account over the stream (fen; the holder's own moves excluded).
    private var inFen: [Int64] = [], outFen: [Int64] = []
    // Sites and APPs: uses, learned hits, common-use doubt (`ReachTable`).
    private var sites = ReachTable(), apps = ReachTable()
    // Payer → payee pairs (direct mapped).
    private var pairKey: [UInt64]
    private var pairFirst: [Int64]
    private var pairLastTime: [Int64]
    private var pairLastFen: [Int64]
    private var pairRun: [Int32]
    private var pairSeq: [Int32]
    private var pairPrevSeq: [Int32]
    private let pairMask: Int

    /// Events processed (the next event's sequence number).
    public private(set) var processed = 0
    private let ringSize: Int

    public init(config: Config = Config(), knowledge: WarningKnowledge = WarningKnowledge()) {
        self.config = config
        self.knowledge = knowledge
        ringSize = max(config.ring, config.massCallees)
        var cap = 1024
        while cap < config.pairCapacity { cap <<= 1 }
        pairMask = cap - 1
        pairKey = [UInt64](repeating: .max, count: cap)
        pairFirst = [Int64](repeating: 0, count: cap)
        pairLastTime = [Int64](repeating: 0, count: cap)
        pairLastFen = [Int64](repeating: 0, count: cap)
        pairRun = [Int32](repeating: 0, count: cap)
        pairSeq = [Int32](repeating: -1, count: cap)
        pairPrevSeq = [Int32](repeating: -1, count: cap)
    }

    /// Entries of the state tables (for memory reports): phones, accounts, sites, APPs, pair slots.
    public var stateSize: (phones: Int, accounts: Int, sites: Int, apps: Int, pairSlots: Int, pairsUsed: Int) {
        (calls.count, accountWarned.count, sites.count, apps.count, pairKey.count, pairKey.reduce(0) { $0 + ($1 == .max ? 0 : 1) })
    }

    // MARK: State growth

    @inline(__always) private mutating func ensurePhone(_ id: Int32) {
        guard Int(id) >= calls.count else { return }
        let n = Int(id) + 1 - calls.count
        calls.append(contentsOf: repeatElement(0, count: n))
        callbacks.append(contentsOf: repeatElement(0, count: n))
        massSince.append(contentsOf: repeatElement(.max, count: n))
        scamContactTime.append(contentsOf: repeatElement(.min, count: n))
        scamContactSeq.append(contentsOf: repeatElement(-1, count: n))
        suspectTime.append(contentsOf: repeatElement(.min, count: n))
        phoneWarned.append(contentsOf: repeatElement(.min, count: n))
        strangerTime.append(contentsOf: repeatElement(.min, count: n))
        strangerSeq.append(contentsOf: repeatElement(-1, count: n))
        strangerCaller.append(contentsOf: repeatElement(-1, count: n))
        ringPos.append(contentsOf: repeatElement(0, count: n))
        ringCallee.append(contentsOf: repeatElement(-1, count: n * ringSize))
        ringTime.append(contentsOf: repeatElement(.min, count: n * ringSize))
        ringSeq.append(contentsOf: repeatElement(-1, count: n * ringSize))
        ringLong.append(contentsOf: repeatElement(false, count: n * ringSize))
        knowledge.ensurePhone(id)
    }

    @inline(__always) private mutating func ensureAccount(_ id: Int32) {
        guard Int(id) >= accountWarned.count else { return }
        let n = Int(id) + 1 - accountWarned.count
        accountWarned.append(contentsOf: repeatElement(.min, count: n))
        payers.append(contentsOf: repeatElement(0, count: n))
        chainTime.append(contentsOf: repeatElement(.min, count: n))
        escalatedTime.append(contentsOf: repeatElement(.min, count: n))
        escalatedSeq.append(contentsOf: repeatElement(-1, count: n))
        freshPos.append(contentsOf: repeatElement(0, count: n))
        bigPayers.append(contentsOf: repeatElement(0, count: n))
        inFen.append(contentsOf: repeatElement(0, count: n))
        outFen.append(contentsOf: repeatElement(0, count: n))
        freshPayer.append(contentsOf: repeatElement(-1, count: n * R.freshSlots))
        freshTime.append(contentsOf: repeatElement(.min, count: n * R.freshSlots))
        freshSeq.append(contentsOf: repeatElement(-1, count: n * R.freshSlots))
        knowledge.ensureAccount(id)
    }

    // MARK: Processing

    /// Feeds one event (time order); appends the warnings it causes to `out`.
    public mutating func process(_ e: WarningEvent, into out: inout [Warning]) {
        let seq = processed
        processed += 1
        switch e.type {
        case .call, .sms: contact(e, seq: seq, into: &out)
        case .transfer: transfer(e, seq: seq, into: &out)
        case .appInstall: reach(e, seq: seq, site: false, into: &out)
        case .urlVisit: reach(e, seq: seq, site: true, into: &out)
        }
    }

    private func on(_ d: Warning.Detector) -> Bool { config.detectors.contains(d) }

    /// Recent contacts of `x` within the mass window.
    @inline(__always) private func recentContacts(_ x: Int, since: Int64) -> Int {
        var n = 0
        let base = x * ringSize
        for k in 0..<ringSize where ringTime[base + k] >= since { n += 1 }
        return n
    }

    /// Different people among the recent contacts of `x`.
    private func distinctRecent(_ x: Int, since: Int64) -> Int {
        let base = x * ringSize
        var seen: [Int32] = []
        seen.reserveCapacity(ringSize)
        for k in 0..<ringSize where ringTime[base + k] >= since && !seen.contains(ringCallee[base + k]) { seen.append(ringCallee[base + k]) }
        return seen.count
    }

    /// True when `x` behaves like a mass caller at `t` (state only; see `contact`).
    /// (Call-backs are checked again: people who call a number back make it a person's.)
    @inline(__always) private func isMass(_ x: Int) -> Bool {
        massSince[x] != .max && Double(callbacks[x]) <= config.maxCallbackShare * Double(calls[x])
    }

    private mutating func contact(_ e: WarningEvent, seq: Int, into out: inout [Warning]) {
        let x = e.a, y = e.b
        guard x >= 0, y >= 0, x != y else { return }
        ensurePhone(max(x, y))
        let xi = Int(x), yi = Int(y), t = e.time
        // A call-back: y had contacted x recently.
        let ybase = yi * ringSize
        var known = false
        for k in 0..<ringSize where ringCallee[ybase + k] == x {
            known = true
            if ringTime[ybase + k] >= t - config.massWindow * 7 { callbacks[yi] &+= 1; break }
        }
        calls[xi] &+= 1
        let long = e.type == .call && e.duration >= config.longCall
        let base = xi * ringSize
        let pos = Int(ringPos[xi])
        ringCallee[base + pos] = y; ringTime[base + pos] = t; ringSeq[base + pos] = Int32(truncatingIfNeeded: seq); ringLong[base + pos] = long
        ringPos[xi] = UInt8((pos + 1) % ringSize)

        let since = t - config.massWindow
        let flagged = knowledge.phoneFlag[xi] <= t
        // Mass-caller state: entered when the window holds enough different people and few
        // call back; left when the window empties.
        if !knowledge.phoneBenign[xi] {
            let recent = recentContacts(xi, since: since)
            if isMass(xi) {
                if recent < config.massCallees / 2 { massSince[xi] = .max }
            } else if recent >= config.massCallees, Double(callbacks[xi]) <= config.maxCallbackShare * Double(calls[xi]),
                      distinctRecent(xi, since: since) >= config.massCallees {
                massSince[xi] = t
                // Retroactive: people this number had long calls with in the window.
                if on(.scamCall) {
                    for k in 0..<ringSize where ringLong[base + k] && ringTime[base + k] >= since && ringTime[base + k] < t {
                        let v = ringCallee[base + k]
                        scamContactTime[Int(v)] = max(scamContactTime[Int(v)], ringTime[base + k])
                        suspectTime[Int(v)] = max(suspectTime[Int(v)], ringTime[base + k])
                        scamContactSeq[Int(v)] = ringSeq[base + k]
                        warnPhone(v, at: t, level: flagged ? .high : .medium, detector: .scamCall,
                                  reasons: scamReasons(caller: x, at: t, flagged: flagged, duration: nil, retro: true),
                                  evidence: [Int(ringSeq[base + k]), seq], into: &out)
                    }
                }
            }
        }
        let suspect = flagged || isMass(xi)
        // A long call from a number y never contacted: remembered for `strangerCall`.
        if long, !known, !knowledge.phoneBenign[xi] {
            strangerTime[yi] = t; strangerSeq[yi] = Int32(truncatingIfNeeded: seq); strangerCaller[yi] = x
        }
        guard suspect else { return }
        suspectTime[yi] = t
        if long {
            scamContactTime[yi] = t; scamContactSeq[yi] = Int32(truncatingIfNeeded: seq)
        }
        if long, on(.scamCall) {
            warnPhone(y, at: t, level: flagged ? .high : .medium, detector: .scamCall,
                      reasons: scamReasons(caller: x, at: t, flagged: flagged, duration: e.duration, retro: false), evidence: [seq], into: &out)
        }
    }

    private func scamReasons(caller x: Int32, at t: Int64, flagged: Bool, duration: Int32?, retro: Bool) -> [String] {
        var r: [String] = []
        let xi = Int(x)
        if let d = duration { r.append("answered a \(d / 60) min \(d % 60) s call from \(R.ref(.phone, x))") }
        else { r.append("had a call of \(config.longCall / 60) min or more with \(R.ref(.phone, x)) in the last \(config.massWindow / 3600) h") }
        if flagged { r.append("\(R.ref(.phone, x)) " + (knowledge.reason(.phone, x) ?? "is flagged")) }
        if isMass(xi) || retro {
            let n = recentContacts(xi, since: t - config.massWindow)
            r.append("\(R.ref(.phone, x)) behaves like a GOIP / drainage line: \(n) different people reached in \(config.massWindow / 3600) h, \(callbacks[xi]) call-backs out of \(calls[xi]) contacts")
        }
        return r
    }

    private mutating func reach(_ e: WarningEvent, seq: Int, site: Bool, into out: inout [Warning]) {
        let p = e.a, s = e.b
        guard p >= 0, s >= 0 else { return }
        ensurePhone(p)
        if site { knowledge.ensureSite(s) } else { knowledge.ensureApp(s) }
        let t = e.time, si = Int(s), pi = Int(p)
        let afterScam = scamContactTime[pi] >= t - config.learnWindow
        let afterSuspect = suspectTime[pi] >= t - config.learnWindow
        let flag = site ? knowledge.siteFlag[si] : knowledge.appFlag[si]
        let mode = site ? knowledge.siteMode[si] : knowledge.appMode[si]
        let tagged = flag <= t && mode & WarningKnowledge.strong != 0
        let named = (site ? knowledge.siteNamed[si] : knowledge.appNamed[si]) <= t
        let use = site
            ? sites.use(s, by: p, at: t, afterScam: afterScam, afterSuspect: afterSuspect, watchRush: tagged && !named, config: config)
            : apps.use(s, by: p, at: t, afterScam: afterScam, afterSuspect: afterSuspect, watchRush: tagged && !named, config: config)
        let what = site ? "site" : "APP", verb = site ? "visited" : "installed"
        let detector: Warning.Detector = site ? .flaggedSite : .flaggedApp
        let demoted = mode & WarningKnowledge.demotable != 0 && use.plain >= config.popularMin
        if flag <= t, !demoted, on(detector) {
            let why = knowledge.reason(site ? .site : .app, s) ?? "is flagged"
            // A strong flag doubted for its common use counts as a weak one.
            let strong = tagged && !use.doubted
            if strong || afterSuspect {
                var reasons = ["\(verb) \(what) \(R.ref(site ? .site : .app, s)) that \(why)"]
                var ev = [seq]
                if use.doubted { reasons.append("(the tag is doubted: \(use.plain) of its \(use.uses) users had no suspect contact before)") }
                if !strong { reasons.append("was contacted by a suspect number in the last \(config.learnWindow / 3600) h (GOIP-like or flagged)") }
                if afterScam, scamContactSeq[pi] >= 0 { ev.insert(Int(scamContactSeq[pi]), at: 0) }
                warnPhone(p, at: t, level: strong ? .high : .medium, detector: detector, reasons: reasons, evidence: ev, into: &out)
                return
            }
        }
        // Learned: most of its users came to it right after a scam call.
        if use.hits >= Int32(config.learnMin), use.hits * 2 >= use.uses, on(.learnedSite) {
            var ev = [seq]
            if afterScam, scamContactSeq[pi] >= 0 { ev.insert(Int(scamContactSeq[pi]), at: 0) }
            warnPhone(p, at: t, level: afterScam ? .high : .medium, detector: .learnedSite,
                      reasons: ["\(verb) \(what) \(R.ref(site ? .site : .app, s)) that \(use.hits) of its \(use.uses) users reached right after a long call from a suspect number"]
                        + (afterScam ? ["had such a call in the last \(config.learnWindow / 3600) h"] : []),
                      evidence: ev, into: &out)
        }
    }

    @inline(__always) private func pairSlot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & pairMask }

    private mutating func transfer(_ e: WarningEvent, seq: Int, into out: inout [Warning]) {
        let a = e.a, b = e.b
        guard a >= 0, b >= 0, a != b, e.channel != .atm else { return }
        ensureAccount(max(a, b))
        let t = e.time, bi = Int(b)
        // Pair state.
        let key = UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
        let slot = pairSlot(key)
        var isNew = false
        var run: Int32 = 1
        var prevSeqs: [Int] = []
        if pairKey[slot] == key {
            let fresh = pairFirst[slot] >= t - config.escalationWindow
            if fresh && e.amountFen >= config.minPaymentFen && Double(e.amountFen) >= config.escalationFactor * Double(pairLastFen[slot]) {
                run = pairRun[slot] + 1
                prevSeqs = [Int(pairPrevSeq[slot]), Int(pairSeq[slot])].filter { $0 >= 0 }
            } else {
                run = e.amountFen >= config.minPaymentFen ? 1 : 0
            }
            pairPrevSeq[slot] = pairSeq[slot]
        } else {
            isNew = true
            payers[bi] &+= 1
            pairKey[slot] = key; pairFirst[slot] = t; pairPrevSeq[slot] = -1
            run = e.amountFen >= config.minPaymentFen ? 1 : 0
        }
        pairLastTime[slot] = t; pairLastFen[slot] = e.amountFen; pairRun[slot] = run; pairSeq[slot] = Int32(truncatingIfNeeded: seq)

        // The holder's own money moving between their accounts.
        if knowledge.sameHolder(a, b) { return }
        inFen[bi] &+= e.amountFen; outFen[Int(a)] &+= e.amountFen
        let yuan = Money(fen: e.amountFen).description
        let mode = knowledge.accountMode[bi]
        let demoted = mode & WarningKnowledge.demotable != 0 && payers[bi] > config.popularMin
        // Money moving inside the chain (a flagged account paying another) is laundering, not a
        // victim paying: no victim warning on it.
        let ai = Int(a)
        let payerFlagged = knowledge.accountFlag[ai] <= t || chainTime[ai] >= t - config.chainWindow
        if payerFlagged && e.amountFen >= config.chainMinFen { chainTime[bi] = t }
        if knowledge.accountFlag[bi] <= t, !demoted, !payerFlagged, on(.flaggedPayee) {
            let strong = mode & WarningKnowledge.strong != 0
            // A weak flag (suspicious rating, only named in cases) needs the payer's owner to
            // have had a suspect contact: OTC traders and rented cards also serve ordinary people.
            let owner = knowledge.accountOwner[Int(a)]
            let context = owner >= 0 && Int(owner) < suspectTime.count && suspectTime[Int(owner)] >= t - config.learnWindow
            if (strong && (e.amountFen >= config.flaggedPayeeMinFen || context)) || (context && isNew && e.amountFen >= config.minPaymentFen) {
                let level: RiskLevel = strong ? .malicious : .suspicious
                let why = knowledge.reason(.account, b) ?? "is flagged"
                warnAccount(a, at: t, level: level == .malicious ? .high : .medium, detector: .flaggedPayee,
                            reasons: ["paying ¥\(yuan) to \(R.ref(.account, b))" + (isNew ? " (first payment to it)" : ""), "\(R.ref(.account, b)) \(why)"],
                            evidence: [seq], into: &out)
                return
            }
        }
        if run >= Int32(config.escalationCount), !payerFlagged {
            escalatedTime[bi] = t; escalatedSeq[bi] = Int32(truncatingIfNeeded: seq)
            if on(.escalation) {
                warnAccount(a, at: t, level: .medium, detector: .escalation,
                            reasons: ["payment \(run) to \(R.ref(.account, b)) (first paid \((t - pairFirst[slot]) / 3600) h ago), each at least \(config.escalationFactor)× the one before; now ¥\(yuan)"],
                            evidence: prevSeqs + [seq], into: &out)
            }
        }
        // (Also for a payee only weakly flagged, which `flaggedPayee` left alone without a contact.)
        if isNew, !payerFlagged, e.amountFen >= config.minPaymentFen, escalatedTime[bi] >= t - config.escalationWindow,
           knowledge.accountPersonal[bi], on(.escalatedPayee) {
            let before = inFen[bi] - e.amountFen
            if before > 0, outFen[bi] * 10 >= before * 8 {
                warnAccount(a, at: t, level: .medium, detector: .escalatedPayee,
                            reasons: ["paying ¥\(yuan) to \(R.ref(.account, b)) (first payment to it)",
                                      "another payer paid \(R.ref(.account, b)) in rising steps in the last \((t - escalatedTime[bi]) / 3600 + 1) h, and it passed on \(outFen[bi] * 100 / before)% of what it received"],
                            evidence: [Int(escalatedSeq[bi]), seq], into: &out)
                return
            }
        }
        guard isNew, !payerFlagged, knowledge.accountFlag[bi] > t else { return }
        if e.amountFen >= config.freshMinFen, !knowledge.accountKnown[bi], knowledge.accountPersonal[bi], on(.freshPayee) {
            freshPayee(payer: a, payee: b, amount: e.amountFen, at: t, seq: seq, yuan: yuan, into: &out)
        }
        if e.amountFen >= config.strangerMinFen, on(.strangerCall) {
            let owner = knowledge.accountOwner[ai]
            if owner >= 0, Int(owner) < strangerTime.count, strangerTime[Int(owner)] >= t - config.strangerWindow {
                let o = Int(owner), minutes = (t - strangerTime[o]) / 60
                warnAccount(a, at: t, level: .medium, detector: .strangerCall,
                            reasons: ["first payment of ¥\(yuan) to \(R.ref(.account, b)), \(minutes) min after a long call from \(R.ref(.phone, strangerCaller[o])), a number \(R.ref(.phone, owner)) had never been in contact with"],
                            evidence: [Int(strangerSeq[o]), seq], into: &out)
            }
        }
    }

    /// Records a first payment into an account unknown to the store; warns once `freshPayers`
    /// different payers paid it within `freshWindow`.
    private mutating func freshPayee(payer a: Int32, payee b: Int32, amount: Int64, at t: Int64, seq: Int, yuan: String, into out: inout [Warning]) {
        let n = R.freshSlots, base = Int(b) * n
        for k in 0..<n where freshPayer[base + k] == a && freshTime[base + k] >= t - config.freshWindow { return }   // seen (pair table collision)
        bigPayers[Int(b)] &+= 1
        let pos = Int(freshPos[Int(b)])
        freshPayer[base + pos] = a; freshTime[base + pos] = t; freshSeq[base + pos] = Int32(truncatingIfNeeded: seq)
        freshPos[Int(b)] = UInt8((pos + 1) % n)
        var inWindow: [Int] = []
        for k in 0..<n where freshTime[base + k] >= t - config.freshWindow && freshPayer[base + k] >= 0 { inWindow.append(base + k) }
        // A shop also gets large first payments, among many more small ones: a collecting
        // account's payers mostly pay large sums.
        // And it passes the money on (快进快出): a shop or a person keeps what it is paid.
        let before = inFen[Int(b)] - amount
        guard inWindow.count >= config.freshPayers, bigPayers[Int(b)] * 2 >= payers[Int(b)],
              outFen[Int(b)] * 10 >= before * 8 else { return }
        inWindow.sort { freshTime[$0] < freshTime[$1] }
        let why = "\(R.ref(.account, b)), unknown before the stream, received first payments of ¥\(Money(fen: config.freshMinFen).description) or more from \(inWindow.count) different payers in \(config.freshWindow / 3600) h and passed on \(before > 0 ? outFen[Int(b)] * 100 / before : 100)% of what it had received"
        let evidence = inWindow.map { Int(freshSeq[$0]) }
        for k in inWindow where freshPayer[k] != a {
            warnAccount(freshPayer[k], at: t, level: .medium, detector: .freshPayee, action: .dissuade,
                        reasons: ["paid \(R.ref(.account, b)) at \(Instant(seconds: freshTime[k]).iso8601)", why], evidence: evidence, into: &out)
        }
        warnAccount(a, at: t, level: .medium, detector: .freshPayee,
                    reasons: ["paying ¥\(yuan) to \(R.ref(.account, b)) (first payment to it)", why], evidence: evidence, into: &out)
    }

    // MARK: Warnings

    private mutating func warnPhone(_ p: Int32, at t: Int64, level: Warning.Level, detector: Warning.Detector,
                                    reasons: [String], evidence: [Int], into out: inout [Warning]) {
        let pi = Int(p)
        guard phoneWarned[pi] < t - config.episode else { return }
        phoneWarned[pi] = t
        out.append(Warning(time: t, subjectKind: .phone, subject: p, level: level, action: .dissuade, detector: detector, reasons: reasons, evidence: evidence))
    }

    private mutating func warnAccount(_ a: Int32, at t: Int64, level: Warning.Level, detector: Warning.Detector, action: Warning.Action = .intercept,
                                      reasons: [String], evidence: [Int], into out: inout [Warning]) {
        let ai = Int(a)
        let owner = knowledge.accountOwner[ai]
        if owner >= 0 {
            ensurePhone(owner)
            guard phoneWarned[Int(owner)] < t - config.episode else { return }
            phoneWarned[Int(owner)] = t
            out.append(Warning(time: t, subjectKind: .phone, subject: owner, level: level, action: action, detector: detector,
                               reasons: reasons + ["\(R.ref(.account, a)) is held by the person of \(R.ref(.phone, owner)) (case records)"], evidence: evidence))
            return
        }
        guard accountWarned[ai] < t - config.episode else { return }
        accountWarned[ai] = t
        out.append(Warning(time: t, subjectKind: .account, subject: a, level: level, action: action, detector: detector, reasons: reasons, evidence: evidence))
    }
}
