/// Thin bridges: a single weak thread of traced money joining two groups that each received
/// victims' money.
///
/// A rented first-level card stays its holder's everyday card: after the mule forwards a victim's
/// payment, the change left on the card (FIFO: the victim's money arrived last) pays the holder's
/// friend ¥1,000. If that friend is another group's mule (their own card, joined to their rented
/// card by the holder ID), union–find welds the two groups into one through that ¥1,000.
///
/// Cut such a link when it is a **bridge** of the member-link graph (no other path joins the two
/// sides; Tarjan 1974, *A note on finding the bridges of a graph*, one DFS with low-links), both
/// sides received victims' money at the first level, and the traced money across it is at most
/// `bridgeShare` of the smaller side's first-level money. A genuine bridge inside one group (the
/// layer that joins a half of the first-level cards to the organizer) carries nearly all of its
/// side's money; a stray payment carries a sliver. Holder and device links are never cut (the
/// same person or machine). Bridges are judged on the graph as given, all at once. O(L + V) for
/// L links over V linked accounts.
extension GangMiner {
    /// Links with the thin bridges removed, and the removed pairs with their traced money.
    func cutThinBridges(_ links: [Link], input: Input) -> (kept: [Link], cut: [(a: Int32, b: Int32, fen: Int64)]) {
        guard bridgeShare > 0, !links.isEmpty else { return (links, []) }
        // First-level money per account and traced money per linked pair.
        var direct: [Int32: Int64] = [:]
        var pairFen: [Int64: Int64] = [:]
        func key(_ a: Int32, _ b: Int32) -> Int64 { let (x, y) = a < b ? (a, b) : (b, a); return Int64(x) << 32 | Int64(y) }
        for t in input.traces {
            for h in t.hops where h.to >= 0 {
                if h.level == 1 { direct[h.to, default: 0] += h.amountFen }
                if h.from >= 0 && h.from != h.to { pairFen[key(h.from, h.to), default: 0] += h.amountFen }
            }
        }
        // Undirected simple graph over linked accounts; a pair is cuttable only when all its links are transfers.
        var id: [Int32: Int32] = [:], node: [Int32] = []
        func local(_ a: Int32) -> Int32 {
            if let i = id[a] { return i }
            id[a] = Int32(node.count); node.append(a); return Int32(node.count - 1)
        }
        var cuttable: [Int64: Bool] = [:]
        for l in links where l.a != l.b {
            let k = key(l.a, l.b)
            cuttable[k] = (cuttable[k] ?? true) && l.kind == .transfer
            _ = local(l.a); _ = local(l.b)
        }
        let pairs = cuttable.keys.sorted()
        let n = node.count
        var degree = [Int32](repeating: 0, count: n + 1)
        for k in pairs { degree[Int(id[Int32(k >> 32)]!)] += 1; degree[Int(id[Int32(truncatingIfNeeded: k)]!)] += 1 }
        var offset = [Int32](repeating: 0, count: n + 1)
        for v in 0..<n { offset[v + 1] = offset[v] + degree[v] }
        var fill = Array(offset.prefix(n))
        var adj = [Int32](repeating: 0, count: Int(offset[n])), adjPair = [Int32](repeating: 0, count: Int(offset[n]))
        for (p, k) in pairs.enumerated() {
            let u = id[Int32(k >> 32)]!, v = id[Int32(truncatingIfNeeded: k)]!
            adj[Int(fill[Int(u)])] = v; adjPair[Int(fill[Int(u)])] = Int32(p); fill[Int(u)] += 1
            adj[Int(fill[Int(v)])] = u; adjPair[Int(fill[Int(v)])] = Int32(p); fill[Int(v)] += 1
        }
        // Iterative DFS: discovery order, low-links, subtree sums of first-level money.
        var disc = [Int32](repeating: -1, count: n), low = [Int32](repeating: 0, count: n)
        var sub = [Int64](repeating: 0, count: n), root = [Int32](repeating: 0, count: n)
        var parentPair = [Int32](repeating: -1, count: n), parent = [Int32](repeating: -1, count: n)
        var time: Int32 = 0
        for s in 0..<n where disc[s] < 0 {
            var stack: [(v: Int32, next: Int32)] = [(Int32(s), offset[s])]
            disc[s] = time; low[s] = time; time += 1; root[s] = Int32(s)
            while let top = stack.last {
                let v = Int(top.v)
                if top.next < offset[v + 1] {
                    stack[stack.count - 1].next += 1
                    let w = Int(adj[Int(top.next)]), p = adjPair[Int(top.next)]
                    if p == parentPair[v] { continue }
                    if disc[w] < 0 {
                        disc[w] = time; low[w] = time; time += 1
                        parentPair[w] = p; parent[w] = Int32(v); root[w] = Int32(s)
                        stack.append((Int32(w), offset[w]))
                    } else {
                        low[v] = min(low[v], disc[w])
                    }
                } else {
                    stack.removeLast()
                    sub[v] += direct[node[v]] ?? 0
                    if let up = stack.last {
                        let u = Int(up.v)
                        low[u] = min(low[u], low[v]); sub[u] += sub[v]
                    }
                }
            }
        }
        // A tree edge parent → v is a bridge when low[v] > disc[parent]: v's subtree reaches no
        // earlier node.
        var cut: [(a: Int32, b: Int32, fen: Int64)] = []
        var removed = Set<Int64>()
        for v in 0..<n where parent[v] >= 0 && low[v] > disc[Int(parent[v])] {
            let k = pairs[Int(parentPair[v])]
            guard cuttable[k] == true else { continue }
            let a = Int32(k >> 32), b = Int32(truncatingIfNeeded: k)
            let inside = sub[v], outside = sub[Int(root[v])] - sub[v]
            let thinner = min(inside, outside), fen = pairFen[k] ?? 0
            if thinner > 0 && Double(fen) <= bridgeShare * Double(thinner) {
                cut.append((a, b, fen)); removed.insert(k)
            }
        }
        guard !removed.isEmpty else { return (links, []) }
        return (links.filter { !removed.contains(key($0.a, $0.b)) }, cut.sorted { ($0.a, $0.b) < ($1.a, $1.b) })
    }
}
