/// Case linking (串并案): groups cases that share identifiers, robust to hubs.
///
/// The input is a bipartite structure — every case with its canonical identifiers (`kind:value`)
/// — and a set of identifiers known to be hubs (OTC traders, card merchants, payment platforms:
/// they never link). Every identifier has a rarity weight ln(N/df) over the N cases. Cases are
/// grouped by union–find over shared identifiers, tier by tier (`LinkTier`), under rules that make
/// hubs harmless without a frequency threshold:
///
/// * **Coverage rule.** An identifier's cases lie in some current groups; the group holding most
///   of them is its home. Another group joins the home only if the identifier covers at least half
///   of that group's cases. A case alone is always covered (one of one), so a rare identifier
///   simply links; but a merchant two gangs' mules both shopped at covers a sliver of each formed
///   group and joins nothing, while a group's own identifiers (its site, its organizer's card)
///   cover most of any part of it, so the parts of one group still meet.
/// * **Concentration.** An identifier acts only if its home and the groups it covers hold more of
///   its cases than the groups it does not cover: a hub spread thinly over formed groups does
///   nothing at all, not even attach a lone case.
/// * **Stated tier** (phone, QQ, WeChat, site, receiving account): rarest first (decreasing IDF),
///   then *consolidation* rounds: a group most of whose cases share some acting identifier with
///   one home joins it (the pieces that rarer identifiers formed first).
/// * **Flow tier** (accounts the money reached within k hops): same rules, most common first — a
///   group's collecting accounts speak before the shops a few mules paid, and by then the groups
///   those could wrongly join are formed and resist.
/// * **Weak tier** (APP names, IM registration phones, unblock helpers — shared by unrelated groups
///   by nature): never joins two formed groups. A case nothing else placed joins the formed group
///   that gets more than half of its *vote*: each of its shared identifiers gives a group
///   ln(N/df) × (its other cases there) / (its other cases). Weak identifiers then group the cases
///   still unplaced (rarest first, coverage rule), and these groups vote again.
///
/// After grouping, an identifier with two or more cases in each of two clusters is reported as a
/// hub (`spans_clusters`) rather than as evidence; every other identifier shared inside a
/// cluster is its evidence, with its weight.
///
/// Deterministic: identifiers are ordered by (df, kind, value); ties between groups go to the
/// group with more of the identifier's cases, then the larger group, then the lower root; the
/// vote and consolidation read a frozen partition.
///
/// Complexity: O(M log M + I log I) per pass for M case–identifier incidences and I distinct
/// identifiers (sorting each identifier's group roots); consolidation repeats the tier's pass
/// until nothing joins (a few rounds in practice); O(M + N) memory. No case graph is built.
///
/// Hook for graph clustering: a modularity method (Louvain: Blondel et al., *Fast unfolding of
/// communities in large networks*, 2008; `Louvain.run(_:resolution:seed:)` when it lands) could
/// replace the union–find on a case graph weighted by Σ ln(N/df) / (df − 1) over shared non-hub
/// identifiers; the rules above are the default because every link they make is one identifier an
/// analyst can check.
///
/// References: K. Spärck Jones, *A statistical interpretation of term specificity and its
/// application in retrieval* (1972) for IDF; R. E. Tarjan, *Efficiency of a good but not linear set
/// union algorithm* (JACM 1975).
public enum CaseLinker {
    /// Groups `cases` (each a list of canonical identifiers; repeats ignored). Identifiers in
    /// `hubs` never link.
    public static func link(cases: [[LinkIdentifier]], hubs: Set<LinkIdentifier> = []) -> CaseLinks {
        let n = cases.count
        // Intern identifiers; case lists per identifier (CSR).
        var ids: [LinkIdentifier] = []
        var index: [LinkIdentifier: Int32] = [:]
        var pairs: [(id: Int32, c: Int32)] = []
        pairs.reserveCapacity(cases.reduce(0) { $0 + $1.count })
        for (c, list) in cases.enumerated() {
            for x in list {
                let i: Int32
                if let j = index[x] { i = j } else { i = Int32(ids.count); index[x] = i; ids.append(x) }
                pairs.append((i, Int32(c)))
            }
        }
        pairs.sort { ($0.id, $0.c) < ($1.id, $1.c) }
        var start = [Int](repeating: 0, count: ids.count + 1)
        var members: [Int32] = []
        members.reserveCapacity(pairs.count)
        var last: (Int32, Int32) = (-1, -1)
        for p in pairs where p != last {
            members.append(p.c); start[Int(p.id) + 1] += 1; last = p
        }
        for i in 0..<ids.count { start[i + 1] += start[i] }
        @inline(__always) func df(_ i: Int) -> Int { start[i + 1] - start[i] }
        let isHub = ids.map { hubs.contains($0) }
        let weight = (0..<ids.count).map { i in n == 0 ? 0 : max(0, RatingMath.log(Double(n) / Double(df(i)))) }

        var sets = LinkSets(n)
        // Identifiers of a tier that can link, rarest first.
        func order(_ tier: LinkTier, commonFirst: Bool = false) -> [Int] {
            (0..<ids.count).filter { ids[$0].kind.tier == tier && !isHub[$0] && df($0) >= 2 }
                .sorted { commonFirst ? (df($1), ids[$0]) < (df($0), ids[$1]) : (df($0), ids[$0]) < (df($1), ids[$1]) }
        }
        // Roots touched by an identifier with how many of its cases each holds.
        func touched(_ i: Int) -> [(root: Int32, count: Int)] {
            var roots = (start[i]..<start[i + 1]).map { sets.find(members[$0]) }
            roots.sort()
            var out: [(Int32, Int)] = []
            for r in roots { if let l = out.last, l.0 == r { out[out.count - 1].1 += 1 } else { out.append((r, 1)) } }
            return out
        }
        func home(_ t: [(root: Int32, count: Int)]) -> Int32 {
            var best = t[0]
            for x in t.dropFirst() {
                let a = (x.count, sets.size[Int(x.root)]), b = (best.count, sets.size[Int(best.root)])
                if a > b || (a == b && x.root < best.root) { best = x }
            }
            return best.root
        }
        // An identifier acts only when most of its cases are in its home or in groups it covers
        // (at least half of their cases); a hub spread thinly over formed groups does not act.
        func concentrated(_ t: [(root: Int32, count: Int)], home h: Int32) -> Bool {
            var joining = 0, resisting = 0
            for x in t {
                if x.root == h || 2 * x.count >= Int(sets.size[Int(x.root)]) { joining += x.count } else { resisting += x.count }
            }
            return joining > resisting
        }
        // Stated, then flow identifiers: the coverage rule, rarest first; then consolidation.
        for tier in [LinkTier.stated, .flow] {
            let tierOrder = order(tier, commonFirst: tier == .flow)
            for i in tierOrder {
                let t = touched(i)
                if t.count < 2 { continue }
                let h = home(t)
                guard concentrated(t, home: h) else { continue }
                for x in t where x.root != h && 2 * x.count >= Int(sets.size[Int(x.root)]) { sets.union(h, x.root) }
            }
            // Consolidation: a group most of whose cases share some concentrated identifier of the
            // tier with one home joins it (the parts of a group rarer identifiers formed first).
            while true {
                var covered: [Int64: Set<Int32>] = [:]
                for i in tierOrder {
                    let t = touched(i)
                    if t.count < 2 { continue }
                    let h = home(t)
                    guard concentrated(t, home: h) else { continue }
                    for x in t where x.root != h {
                        let key = Int64(x.root) << 32 | Int64(h)
                        for k in start[i]..<start[i + 1] where sets.find(members[k]) == x.root { covered[key, default: []].insert(members[k]) }
                    }
                }
                var merged = false
                for (key, cs) in covered.sorted(by: { $0.key < $1.key }) {
                    let r = Int32(truncatingIfNeeded: key >> 32), h = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
                    // Roots as of the scan: skip pairs an earlier merge of this round changed.
                    guard sets.find(r) == r, sets.find(h) == h else { continue }
                    if 2 * cs.count >= Int(sets.size[Int(r)]) { sets.union(h, r); merged = true }
                }
                if !merged { break }
            }
        }
        // Groups formed by stronger evidence.
        for v in 0..<n where sets.parent[v] == Int32(v) && sets.size[v] >= 2 { sets.formed[v] = true }
        // Cases no stated or flow identifier placed: a vote over all their shared identifiers.
        // Identifier i gives each formed group K the weight ln(N/df_i) × (its other cases in K) /
        // (its other cases); a group joins the formed group with more than half of its total.
        let voters = (0..<ids.count).filter { !isHub[$0] && df($0) >= 2 }
        func vote() {
            var score: [Int32: [Int32: Double]] = [:]
            var total: [Int32: Double] = [:]
            for i in voters {
                let t = touched(i)
                let formed = t.filter { sets.formed[Int($0.root)] }
                for u in t where !sets.formed[Int(u.root)] {
                    let others = df(i) - u.count
                    if others == 0 { continue }
                    total[u.root, default: 0] += weight[i]
                    for k in formed { score[u.root, default: [:]][k.root, default: 0] += weight[i] * Double(k.count) / Double(others) }
                }
            }
            for (u, s) in score.sorted(by: { $0.key < $1.key }) {
                guard let best = s.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), best.value * 2 > total[u]! else { continue }
                sets.union(best.key, u)
            }
        }
        vote()
        // Weak identifiers group the cases still unplaced (rarest first, the coverage rule) — never
        // cases of formed groups — and the groups vote again.
        for i in order(.weak) {
            let t = touched(i)
            if t.count < 2 || t.contains(where: { sets.formed[Int($0.root)] }) { continue }
            let h = home(t)
            for x in t where x.root != h && 2 * x.count >= Int(sets.size[Int(x.root)]) { sets.union(h, x.root) }
        }
        vote()
        return report(n: n, ids: ids, start: start, members: members, isHub: isHub, weight: weight, sets: &sets)
    }

    static func report(n: Int, ids: [LinkIdentifier], start: [Int], members: [Int32], isHub: [Bool], weight: [Double], sets: inout LinkSets) -> CaseLinks {
        // Clusters: largest first, then by first case.
        var rootCases: [Int32: [Int32]] = [:]
        for c in 0..<n { rootCases[sets.find(Int32(c)), default: []].append(Int32(c)) }
        let groups = rootCases.values.sorted { ($0.count, -$0[0]) > ($1.count, -$1[0]) }
        var clusterOf = [Int32](repeating: 0, count: n)
        for (k, g) in groups.enumerated() { for c in g { clusterOf[Int(c)] = Int32(k) } }
        var evidence = [[CaseLinks.Evidence]](repeating: [], count: groups.count)
        var hubs: [CaseLinks.Hub] = []
        for i in 0..<ids.count {
            let d = start[i + 1] - start[i]
            if d < 2 { continue }
            var byCluster: [Int32: [Int32]] = [:]
            for k in start[i]..<start[i + 1] { byCluster[clusterOf[Int(members[k])], default: []].append(members[k]) }
            let shared = byCluster.filter { $0.value.count >= 2 }
            if isHub[i] || shared.count >= 2 {
                hubs.append(.init(identifier: ids[i], cases: d, clusters: byCluster.count, weight: weight[i], reason: isHub[i] ? .given : .spansClusters))
                continue
            }
            for (k, cs) in shared {
                evidence[Int(k)].append(.init(identifier: ids[i], cases: cs, weight: weight[i], elsewhere: d - cs.count))
            }
        }
        var clusters: [CaseLinks.Cluster] = []
        clusters.reserveCapacity(groups.count)
        for (k, g) in groups.enumerated() {
            let e = evidence[k].sorted { a, b in
                if a.identifier.kind.tier != b.identifier.kind.tier { return a.identifier.kind.tier < b.identifier.kind.tier }
                if a.cases.count != b.cases.count { return a.cases.count > b.cases.count }
                if a.weight != b.weight { return a.weight > b.weight }
                return a.identifier < b.identifier
            }
            clusters.append(.init(cases: g, evidence: e))
        }
        hubs.sort { ($0.cases, $1.identifier) > ($1.cases, $0.identifier) }
        return CaseLinks(clusters: clusters, clusterOf: clusterOf, hubs: hubs)
    }
}

/// Union–find over cases with path halving and union by size; `formed` marks roots of groups
/// formed by stated or flow identifiers.
struct LinkSets {
    var parent: [Int32]
    var size: [Int32]
    var formed: [Bool]
    init(_ n: Int) {
        parent = (0..<n).map { Int32($0) }
        size = [Int32](repeating: 1, count: n)
        formed = [Bool](repeating: false, count: n)
    }
    mutating func find(_ x: Int32) -> Int32 {
        var x = x
        while parent[Int(x)] != x { let g = parent[Int(parent[Int(x)])]; parent[Int(x)] = g; x = g }
        return x
    }
    /// Joins the sets of `a` and `b` (the larger root stays; equal sizes keep the lower root).
    mutating func union(_ a: Int32, _ b: Int32) {
        var a = find(a), b = find(b)
        if a == b { return }
        if size[Int(a)] < size[Int(b)] || (size[Int(a)] == size[Int(b)] && b < a) { swap(&a, &b) }
        parent[Int(b)] = a
        size[Int(a)] += size[Int(b)]
        formed[Int(a)] = formed[Int(a)] || formed[Int(b)]
    }
}
