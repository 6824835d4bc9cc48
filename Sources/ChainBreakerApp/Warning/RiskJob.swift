import ChainBreakerCore
import ChainBreakerStore

/// The answer of the risk query (`chainbreaker risk KIND:VALUE`, and the server's risk endpoint).
public struct RiskAnswer: Sendable, Codable, Equatable {
    public struct CaseRef: Sendable, Codable, Equatable {
        public var id: String
        /// 报案时间, ISO 8601 (+08:00).
        public var reported_at: String
    }
    /// The query as given.
    public var query: String
    /// Canonical `kind:value`.
    public var entity: String
    /// `normal`, `suspicious`, `malicious`, or `unknown` when the store knows nothing of it.
    public var level: String
    /// 0…1 (the rating's score for accounts; 1 for an identifier a victim reported or a group uses).
    public var score: Double
    public var reasons: [String]
    public var tags: [String]
    /// Cases that name the identifier (suspect's phone / QQ / WeChat / site / APP or a payee account).
    public var cases: [CaseRef]
    /// Cases linked (串并案) to those, not already in `cases`.
    public var linked_cases: [String]
    /// Group (`G01`…) and role from the group miner, when mined.
    public var gang: String?
    public var role: String?
}

/// Builds the `RiskIndex` of a store once (ratings, tags, cases and their identifiers, case links,
/// optionally groups and roles) and answers `KIND:VALUE` queries against it in O(1).
///
/// Cost of `build`: one `TraceWorkspace` (graph load + tracing every case), the rule rating, case
/// linking, and with `gangs` the group miner (the slow step on very large cities — leave it off
/// there, or build once and keep the index: it is an immutable `Sendable` value).
public enum RiskJob {
    public struct Options: Sendable {
        /// Mine groups and roles (slow on huge cities).
        public var gangs: Bool = true
        /// Link cases (串并案) for `linked_cases`.
        public var links: Bool = true
        /// Build what the store knew before this moment: ratings, links and groups from the cases
        /// reported before it only (case identifiers of later cases are still indexed, each with
        /// its report time in `flaggedSince`). Nil = everything.
        public var asOf: Instant? = nil
        public init(gangs: Bool = true, links: Bool = true, asOf: Instant? = nil) { self.gangs = gangs; self.links = links; self.asOf = asOf }
    }

    public static func build(store: any ChainBreakerStore, options: Options = Options()) throws(AppError) -> RiskIndex {
        let dated: any ChainBreakerStore = options.asOf.map { StoreAsOf(store, cutoff: $0) } ?? store
        let ws: TraceWorkspace
        let allCases: [CaseReport], tags: [TagRecord], calls: [CallRecord], im: [IMAccountRecord], unblocks: [IMUnblockRecord]
        do {
            ws = try TraceWorkspace(store: dated)
            allCases = options.asOf == nil ? ws.cases : try store.loadCases()
            tags = try dated.loadTags(); calls = try dated.loadCalls()
            im = try dated.loadIMAccounts(); unblocks = try dated.loadIMUnblocks()
        } catch let e as AppError { throw e } catch { throw AppError(.store, "cannot read the store", cause: "\(error)") }
        var index = RiskIndex()

        // Ratings of every account (rules).
        let (context, traces) = RatingJob.tracedContext(ws)
        for r in traces { for h in r.hops where h.level == 1 && h.to >= 0 { index.setPaidByVictims(RiskEntity(.account, ws.table.accounts[Int(h.to)])) } }
        let ratings = RatingJob.run(ws, rater: RuleRater(), engine: "rules", context: context).output.ratings
        for (a, r) in ratings.enumerated() {
            index.rate(RiskEntity(.account, ws.table.accounts[a]), level: r.level, score: (r.score * 1000).rounded() / 1000, reasons: r.reasons)
        }
        for (a, h) in ws.facts.holderID.enumerated() { if let h { index.setHolder(RiskEntity(.account, ws.table.accounts[a]), id: h) } }
        for (a, kind) in ws.tracer.kinds.enumerated() where kind != .ordinary { index.setBusiness(RiskEntity(.account, ws.table.accounts[a]), kind) }
        // Tags.
        for t in tags {
            guard let kind = EntityKind(rawValue: t.kind), let e = RiskEntity.normalized(kind, t.value) else { continue }
            index.tag(e, label: t.label)
        }
        // Cases and what they name.
        for c in allCases {
            let s = caseIdentifiers(c)
            index.addCase(.init(id: c.id, reportedAt: c.reportedAt.seconds), suspects: s.suspects, payees: s.payees)
        }
        // APPs tagged as fraud that the data shows in common use (a watch list's mistakes).
        let taggedApps = Set(tags.compactMap { t in
            t.kind == EntityKind.app.rawValue && RiskIndex.level(ofTag: t.label) > .normal ? RiskEntity.normalized(.app, t.value) : nil
        })
        if !taggedApps.isEmpty {
            let orders: [OrderRecord]
            do { orders = try dated.loadOrders() } catch { throw AppError(.store, "cannot read the store", cause: "\(error)") }
            for (app, users) in commonUse(of: taggedApps.map(\.value), orders: orders, ws: ws) { index.setCommonUse(RiskEntity(.app, app), users: users) }
        }
        // Links between the cases known at `asOf`.
        if options.links {
            let report = LinkJob.run(ws, imAccounts: im, imUnblocks: unblocks)
            var clusterOf: [String: Int32] = [:]
            for (k, cl) in report.clusters.enumerated() { for id in cl.cases { clusterOf[id] = Int32(k) } }
            index.setClusters(allCases.map { clusterOf[$0.id] ?? -1 })
        }
        // Groups and roles.
        if options.gangs {
            let report = try GangJob.run(ws, store: dated).report
            for g in report.gangs {
                for m in g.members { if let e = entity(m.entity) { index.setGang(e, gang: g.id, role: m.role) } }
            }
        }
        // Phones the call records show: known, nothing against them unless said above.
        for c in calls {
            if let e = RiskEntity.normalized(.phone, c.caller) { index.see(e) }
            if let e = RiskEntity.normalized(.phone, c.callee) { index.see(e) }
        }
        return index
    }

    /// Distinct people using each APP's platform: recipients of orders from shops whose name
    /// contains it (`京东-某某旗舰店`), and counterparties of accounts whose holder name or the 摘要
    /// of whose incoming transfers contain it (`支付宝（中国）网络技术有限公司`, `支付宝-快捷支付`).
    /// Names shorter than two characters are not matched. O(orders + accounts + 摘要 rows) to
    /// group them, then per APP O(distinct merchants + distinct names + the matches' degrees).
    static func commonUse(of apps: [String], orders: [OrderRecord], ws: TraceWorkspace) -> [(String, Int32)] {
        // Distinct merchant names and organisation names (longer than a person's 2–4 characters)
        // first: the substring tests run on those, not on every order and account.
        var byMerchant: [String: [Int]] = [:]
        for (k, o) in orders.enumerated() { byMerchant[o.merchant, default: []].append(k) }
        var byName: [String: [Int32]] = [:]
        for (a, name) in ws.facts.holderName.enumerated() { if let name, name.count > 4 { byName[name, default: []].append(Int32(a)) } }
        for s in ws.facts.incomingSummaries { byName[s.summary, default: []].append(s.account) }
        let g = ws.graph
        var out: [(String, Int32)] = []
        for app in apps.sorted() where app.count >= 2 {
            // Order recipients (masked phone, name, address) and counterparty accounts.
            var recipients = Set<String>(), counterparties = Set<Int32>()
            for (merchant, list) in byMerchant where merchant.contains(app) {
                for k in list { let o = orders[k]; recipients.insert((o.recipientPhone ?? "") + "|" + (o.recipientName ?? "") + "|" + (o.address ?? "")) }
            }
            var named = Set<Int32>()
            for (name, list) in byName where name.contains(app) { named.formUnion(list) }
            for a32 in named {
                let a = Int(a32)
                for e in g.incoming(a) where g.from[Int(e)] >= 0 { counterparties.insert(g.from[Int(e)]) }
                for e in g.outgoing(a) where g.to[Int(e)] >= 0 { counterparties.insert(g.to[Int(e)]) }
            }
            out.append((app, Int32(clamping: recipients.count + counterparties.count)))
        }
        return out
    }

    /// A case's stated suspect identifiers (columns and narrative, normalised) and the accounts its
    /// victim paid (not the victim's own).
    public static func caseIdentifiers(_ c: CaseReport) -> (suspects: [RiskEntity], payees: [RiskEntity]) {
        let text = NarrativeExtractor.extract(c.narrative)
        var seen = Set<RiskEntity>()
        var suspects: [RiskEntity] = [], payees: [RiskEntity] = []
        func add(_ kind: EntityKind, _ raw: String, payee: Bool = false) {
            guard let e = RiskEntity.normalized(kind, raw) ?? (raw.isEmpty ? nil : RiskEntity(kind, raw)), seen.insert(e).inserted else { return }
            if payee { payees.append(e) } else { suspects.append(e) }
        }
        let victimAccounts = Set(c.victimAccounts)
        for p in c.suspectPhones + text.phones where p != c.victimPhone { add(.phone, p) }
        for q in c.suspectQQ + text.qq { add(.qq, q) }
        for w in c.suspectWeChat + text.wechat { add(.wechat, w) }
        for u in c.urls { add(.url, u) }
        for u in text.urls { add(.url, u.key) }
        for a in c.apps + text.apps { add(.app, a) }
        for a in c.payeeAccounts + text.accounts where !victimAccounts.contains(a) { add(.account, a, payee: true) }
        return (suspects, payees)
    }

    /// `kind:value` with a canonical value (as reports write it), or nil for kinds the index does not hold.
    static func entity(_ text: String) -> RiskEntity? {
        guard let colon = text.firstIndex(of: ":"), let kind = EntityKind(rawValue: String(text[..<colon])),
              RiskEntity.queryKinds.contains(kind) else { return nil }
        return RiskEntity(kind, String(text[text.index(after: colon)...]))
    }

    /// Answers a query `KIND:VALUE`; a malformed query is a usage error with the reason.
    public static func answer(_ index: RiskIndex, query: String) throws(AppError) -> RiskAnswer {
        let e: RiskEntity
        switch RiskEntity.parse(query) {
        case .success(let x): e = x
        case .failure(let issue): throw AppError(.usage, "bad risk query: \(issue.reason)")
        }
        guard let r = index.lookup(e) else {
            return RiskAnswer(query: query, entity: e.description, level: "unknown", score: 0, reasons: ["nothing in the store names \(e)"],
                              tags: [], cases: [], linked_cases: [], gang: nil, role: nil)
        }
        var reasons = r.reasons
        let own = Set(r.cases)
        var linked: [String] = []
        var linkedSeen = Set<Int32>()
        for k in r.cases {
            for l in index.linkedCases(of: k) where !own.contains(l) && linkedSeen.insert(l).inserted { linked.append(index.cases[Int(l)].id) }
        }
        if !r.cases.isEmpty {
            let how = r.entity.kind == .account ? "named as the payee account in" : "named as the suspect's \(r.entity.kind.rawValue) in"
            reasons.append("\(how) \(r.cases.count) reported case\(r.cases.count == 1 ? "" : "s")")
        }
        if let g = r.gang { reasons.append("member of group \(g)" + (r.role.map { " (\($0))" } ?? "")) }
        switch r.business {
        case .otc: reasons.append("the fund tracer treats it as a crypto OTC trader (traces end there)")
        case .cardMerchant: reasons.append("the fund tracer treats it as a card merchant (traces end there)")
        case .paymentInstitution: reasons.append("the fund tracer treats it as a payment institution (traces end there)")
        case .ordinary: break
        }
        return RiskAnswer(query: query, entity: e.description, level: r.level.description, score: (r.score * 1000).rounded() / 1000,
                          reasons: reasons, tags: r.tags,
                          cases: r.cases.map { .init(id: index.cases[Int($0)].id, reported_at: Instant(seconds: index.cases[Int($0)].reportedAt).iso8601) },
                          linked_cases: linked, gang: r.gang, role: r.role)
    }
}
