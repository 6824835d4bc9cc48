import ChainBreakerCore
import ChainBreakerStore

/// Linked cases as the CLI prints them and the JSON carries them: case numbers, money in fen,
/// identifiers written `kind:value`.
public struct LinkReport: Sendable, Codable, Equatable {
    public struct Evidence: Sendable, Codable, Equatable {
        /// `kind:value`, e.g. `qq:12345`.
        public var identifier: String
        /// Case numbers of the cluster that share it.
        public var cases: [String]
        /// Rarity ln(N / df), three decimals.
        public var weight: Double
        /// `stated`, `flow` or `weak` (see `LinkTier`).
        public var tier: String
        /// Cases outside the cluster that have it too.
        public var elsewhere: Int
    }
    public struct Cluster: Sendable, Codable, Equatable {
        public var cases: [String]
        /// Total reported loss of the cluster's cases.
        public var loss_fen: Int64
        public var evidence: [Evidence]
    }
    /// A shared identifier that did not link (`given`: an OTC trader, card merchant or payment
    /// platform the tracer knows; `spans_clusters`: two or more clusters hold two or more of its cases).
    public struct Hub: Sendable, Codable, Equatable {
        public var identifier: String
        public var cases: Int
        public var clusters: Int
        public var reason: String
    }
    /// Hops of money followed (`--hops`).
    public var hops: Int
    /// Cases in the store.
    public var case_count: Int
    /// Clusters of at least `--min-cases` cases, largest first.
    public var clusters: [Cluster]
    public var hubs: [Hub]
}

/// Case linking over a store: gathers every case's identifiers (the case's columns and its
/// narrative, normalised; accounts its money reached within k hops; the registration phone and
/// unblock helpers of its suspect QQ / WeChat accounts), marks the tracer's OTC traders, card
/// merchants and payment platforms as hubs, and runs `CaseLinker`.
public enum LinkJob {
    /// Default number of hops of money followed: the receiving account (1), the next layer (2) and
    /// the one after (3), where the group's collecting accounts usually sit.
    public static let defaultHops = 3

    /// Every case's identifiers, in `ws.cases` order, and the identifiers that are hubs.
    public static func identifiers(_ ws: TraceWorkspace, imAccounts: [IMAccountRecord], imUnblocks: [IMUnblockRecord],
                                   hops: Int) -> (cases: [[LinkIdentifier]], hubs: Set<LinkIdentifier>) {
        var registered: [String: String] = [:]
        for r in imAccounts { if let p = r.phone { registered[r.platform.rawValue + ":" + r.account] = p } }
        var helpers: [String: [String]] = [:]
        for u in imUnblocks where !u.helpers.isEmpty { helpers[u.platform.rawValue + ":" + u.account, default: []].append(contentsOf: u.helpers) }

        let results = hops >= 1 ? ws.tracer.trace(groups: ws.cases.map { ws.seeds(of: $0) }) : []
        var out: [[LinkIdentifier]] = []
        out.reserveCapacity(ws.cases.count)
        for (k, c) in ws.cases.enumerated() {
            let text = NarrativeExtractor.extract(c.narrative)
            var ids: [LinkIdentifier] = []
            var seen = Set<LinkIdentifier>()
            func add(_ kind: LinkKind, _ value: String) {
                let x = LinkIdentifier(kind, value)
                if seen.insert(x).inserted { ids.append(x) }
            }
            let victimAccounts = Set(c.victimAccounts)
            for p in c.suspectPhones + text.phones where p != c.victimPhone { add(.phone, p) }
            for q in c.suspectQQ + text.qq { add(.qq, q) }
            for w in c.suspectWeChat + text.wechat { add(.wechat, w) }
            for u in c.urls + text.urls.map(\.key) { add(.url, u) }
            for a in c.payeeAccounts + text.accounts where !victimAccounts.contains(a) { add(.account, a) }
            for a in c.apps + text.apps { add(.app, a) }
            // IM evidence of the suspect accounts.
            for x in ids where x.kind == .qq || x.kind == .wechat {
                let key = (x.kind == .qq ? IMPlatform.qq : IMPlatform.wechat).rawValue + ":" + x.value
                if let p = registered[key] { add(.im_phone, p) }
                for h in helpers[key] ?? [] { add(.im_helper, h) }
            }
            // Accounts the case's money reached within `hops` (level 1 = paid by the victim) —
            // by transfer, not by a card payment at a shop (POS): a mule's owner buying petrol
            // or groceries with the card says nothing about who runs the chain.
            if hops >= 1 {
                for h in results[k].hops where h.level <= Int32(hops) && h.to >= 0
                    && ws.graph.channel[Int(h.edge)] != TransferChannel.pos.rawValue {
                    if victimAccounts.contains(ws.table.accounts[Int(h.to)]) { continue }
                    add(.flow, ws.table.accounts[Int(h.to)])
                }
            }
            out.append(ids)
        }
        // Accounts the tracer ends traces at as OTC traders, card merchants or payment
        // institutions (tags, 摘要, busy accounts where victim money dissolves, dealers).
        var hubs = Set<LinkIdentifier>()
        for (a, kind) in ws.tracer.kinds.enumerated() where kind != .ordinary {
            hubs.insert(LinkIdentifier(.account, ws.table.accounts[a]))
            hubs.insert(LinkIdentifier(.flow, ws.table.accounts[a]))
        }
        return (out, hubs)
    }

    /// Links the cases of a workspace.
    public static func run(_ ws: TraceWorkspace, imAccounts: [IMAccountRecord], imUnblocks: [IMUnblockRecord],
                           hops: Int = defaultHops, minCases: Int = 2) -> LinkReport {
        let (ids, hubs) = identifiers(ws, imAccounts: imAccounts, imUnblocks: imUnblocks, hops: hops)
        return report(CaseLinker.link(cases: ids, hubs: hubs), cases: ws.cases, hops: hops, minCases: minCases)
    }

    /// Opens the workspace of a store and links its cases.
    public static func run(store: any ChainBreakerStore, hops: Int = defaultHops, minCases: Int = 2) throws -> LinkReport {
        let ws = try TraceWorkspace(store: store)
        return run(ws, imAccounts: try store.loadIMAccounts(), imUnblocks: try store.loadIMUnblocks(), hops: hops, minCases: minCases)
    }

    static func rounded(_ w: Double) -> Double { (w * 1000).rounded() / 1000 }

    /// Case numbers instead of indices; clusters below `minCases` left out. A `flow` identifier
    /// whose cases an `account` identifier of the same number already shows is not repeated.
    public static func report(_ links: CaseLinks, cases: [CaseReport], hops: Int, minCases: Int) -> LinkReport {
        var clusters: [LinkReport.Cluster] = []
        for cl in links.clusters where cl.cases.count >= max(1, minCases) {
            var named: [String: Int] = [:]
            for e in cl.evidence where e.identifier.kind == .account { named[e.identifier.value] = e.cases.count }
            let evidence = cl.evidence.filter { e in
                !(e.identifier.kind == .flow && (named[e.identifier.value] ?? 0) >= e.cases.count)
            }.map { e in
                LinkReport.Evidence(identifier: e.identifier.description, cases: e.cases.map { cases[Int($0)].id },
                                    weight: rounded(e.weight), tier: tierName(e.identifier.kind.tier), elsewhere: e.elsewhere)
            }
            let loss = cl.cases.reduce(Int64(0)) { $0 + cases[Int($1)].loss.fen }
            clusters.append(.init(cases: cl.cases.map { cases[Int($0)].id }, loss_fen: loss, evidence: evidence))
        }
        let hubs = links.hubs.map { LinkReport.Hub(identifier: $0.identifier.description, cases: $0.cases, clusters: $0.clusters, reason: $0.reason.rawValue) }
        return LinkReport(hops: hops, case_count: cases.count, clusters: clusters, hubs: hubs)
    }

    static func tierName(_ t: LinkTier) -> String {
        switch t { case .stated: "stated"; case .flow: "flow"; case .weak: "weak" }
    }
}
