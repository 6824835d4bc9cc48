/// A dense money flow found by ``FlowScope``: source accounts A, middle accounts M and destination
/// accounts C (account ids, ascending; the same account may sit in several layers), `score` =
/// g(S) = f(S) / (|A| + |M| + |C|) and `mass` = f(S) (see ``FlowScope``), both recomputed exactly
/// from the block's own transfers.
public struct FlowBlock: Sendable, Equatable {
    public var sources: [Int32]
    public var middles: [Int32]
    public var destinations: [Int32]
    public var score: Double
    public var mass: Double

    public init(sources: [Int32], middles: [Int32], destinations: [Int32], score: Double, mass: Double) {
        self.sources = sources; self.middles = middles; self.destinations = destinations; self.score = score; self.mass = mass
    }
}

/// FlowScope (Li, Liu, Li, Han, Shi, Hooi, Huang, Cheng, *FlowScope: Spotting Money Laundering
/// Based on Graphs*, AAAI 2020): the densest *flow* of a tripartite transfer graph sources X →
/// middles Y → destinations Z.
///
/// **Objective.** For S = (A, M, C) and a middle account i ∈ M let f_i(S) = Σ_{j∈A} e_ji be the
/// money it received from A and q_i(S) = Σ_{k∈C} e_ik the money it sent to C. The paper scores
///
///     f(S) = Σ_{i∈M} [ (1 − α)·max{f_i, q_i} − (max{f_i, q_i} − min{f_i, q_i}) ]
///          = Σ_{i∈M} [ min{f_i, q_i} − α·max{f_i, q_i} ],        g(S) = f(S) / |S|,
///
/// with |S| = |A| + |M| + |C| and 0 ≤ α < 1: money passing *through* a middle account counts, and
/// the unbalanced part (a merchant collecting far more than it pays out, a payroll account paying
/// out far more than it receives) is penalised. A middle account adds to f only if its in/out ratio
/// is at least α (0.8 by default). The authors' code (`FlowScope-AMC/greedy.py`) writes the same
/// objective as (1 + α′)·min − α′·max with α′ = 4, which is this one times 1/(1 − α) for α = 0.8.
///
/// **Greedy peeling with a priority tree** (the paper's algorithm, as in FRAUDAR): start from all
/// accounts of every layer; repeatedly remove the account of least priority — a middle account's
/// own term min{f_i, q_i} − α·max{f_i, q_i}, a source's (destination's) remaining transfers into
/// (out of) the current middles, the most f can lose when it goes — update its neighbours (a
/// middle account's f_i or q_i drops, so its term moves up or down; a source or destination loses
/// the transfer), and keep the S of largest g(S) seen (the full set included, the first on ties).
/// It stops when a layer is empty. The priorities live in one ``IndexedMinTree`` over
/// [sources | destinations | middles] (ties in that order, then lower id — the authors' order), so
/// a run is O(|E| log |V|) and deterministic. Only accounts with a transfer in a layer belong to it.
/// Parallel transfers add up.
///
/// **Several blocks** (the authors' `detectMultiple`/`del_block`): after a block is found, its
/// accounts leave their layers — every in-transfer from a block source or into a block middle and
/// every out-transfer from a block middle or to a block destination is dropped — and the search
/// repeats; it stops early when a block has no positive mass. The graph is built once (a
/// ``PeelingGraph``, shared with ``Fraudar``); a round deletes the block's transfers in place.
///
/// **Cost.** Building: two counting-sort passes over the transfers. Each round: one pass over the
/// adjacency for flows and priorities, then the peeling — per removed account one tree minimum and
/// one contiguous list, per transfer one priority change; bound by cache misses. Memory: 32 bytes
/// per transfer plus a few words per account. The results are those of the direct formulation to
/// the bit (the same sums in the same order).
///
/// Three layers only: the authors' four-layer variant (two middle layers) needs a heuristic
/// priority for middle accounts whose removal moves the terms of other middle accounts, which is
/// not the paper's three-layer algorithm.
public enum FlowScope {
    /// Transfers of one layer pair: `from[k] → to[k]`, `amount[k] > 0`.
    public typealias Edges = (from: [Int32], to: [Int32], amount: [Double])

    /// Finds up to `blocks` dense flows over account ids `0..<nodeCount`. `inEdges` are source →
    /// middle transfers, `outEdges` middle → destination transfers; an account may be a source, a
    /// middle and a destination at once (each layer is its own copy).
    public static func detect(nodeCount: Int, inEdges: Edges, outEdges: Edges, alpha: Double = 0.8, blocks: Int = 1) -> [FlowBlock] {
        precondition(inEdges.from.count == inEdges.to.count && inEdges.to.count == inEdges.amount.count)
        precondition(outEdges.from.count == outEdges.to.count && outEdges.to.count == outEdges.amount.count)
        precondition(alpha >= 0 && alpha < 1)
        guard blocks > 0 && !inEdges.from.isEmpty && !outEdges.from.isEmpty else { return [] }
        let p = Peeler(Layers(nodeCount: nodeCount, inEdges: inEdges, outEdges: outEdges), alpha: alpha)
        var out: [FlowBlock] = []
        while out.count < blocks && p.liveIn > 0 && p.liveOut > 0 {
            let peeling = p.peel()
            guard let (block, member) = p.block(peeling) else { break }
            out.append(block)
            if out.count < blocks { p.delete(member: member) }
        }
        return out
    }

    /// The tripartite layers of a directed transfer graph (parallel entries allowed; self-transfers
    /// ignored): the middle candidates are the accounts that both receive and send money (at least
    /// `minimumFlow` each way); every transfer into a candidate is a source → middle edge and every
    /// transfer out of a candidate a middle → destination edge, so one transfer between two
    /// candidates appears in both.
    public static func layers(of g: WeightedGraph, minimumFlow: Double = 0) -> (inEdges: Edges, outEdges: Edges) {
        let n = g.nodeCount
        var inFlow = [Double](repeating: 0, count: n), outFlow = inFlow
        var candidate = [Bool](repeating: false, count: n)
        var ni = 0, no = 0
        var ie: Edges = ([], [], []), oe: Edges = ([], [], [])
        g.offsets.withUnsafeBufferPointer { off in g.targets.withUnsafeBufferPointer { tg in g.weights.withUnsafeBufferPointer { wt in
            inFlow.withUnsafeMutableBufferPointer { inFlow in outFlow.withUnsafeMutableBufferPointer { outFlow in
            candidate.withUnsafeMutableBufferPointer { candidate in
                for v in 0..<n {
                    for k in Int(off[v])..<Int(off[v + 1]) where Int(tg[k]) != v {
                        outFlow[v] += wt[k]; inFlow[Int(tg[k])] += wt[k]
                    }
                }
                for v in 0..<n { candidate[v] = inFlow[v] > 0 && outFlow[v] > 0 && inFlow[v] >= minimumFlow && outFlow[v] >= minimumFlow }
                for v in 0..<n {   // sizes first: each list is allocated once
                    for k in Int(off[v])..<Int(off[v + 1]) where Int(tg[k]) != v {
                        if candidate[Int(tg[k])] { ni += 1 }
                        if candidate[v] { no += 1 }
                    }
                }
                func fill(_ count: Int, _ take: (Int, Int) -> Bool) -> Edges {
                    var from = [Int32](repeating: 0, count: count), to = from, amount = [Double](repeating: 0, count: count)
                    var i = 0
                    from.withUnsafeMutableBufferPointer { fp in to.withUnsafeMutableBufferPointer { tp in amount.withUnsafeMutableBufferPointer { ap in
                        for v in 0..<n {
                            for k in Int(off[v])..<Int(off[v + 1]) where Int(tg[k]) != v && take(v, Int(tg[k])) {
                                fp[i] = Int32(v); tp[i] = tg[k]; ap[i] = wt[k]; i += 1
                            }
                        }
                    }}}
                    return (from, to, amount)
                }
                ie = fill(ni) { candidate[$1] }
                oe = fill(no) { v, _ in candidate[v] }
            }}}
        }}}
        return (ie, oe)
    }

    /// FlowScope on a directed transfer graph: ``layers(of:minimumFlow:)`` then ``detect(nodeCount:inEdges:outEdges:alpha:blocks:)``.
    public static func detect(transfers g: WeightedGraph, alpha: Double = 0.8, blocks: Int = 1, minimumFlow: Double = 0) -> [FlowBlock] {
        let (ie, oe) = layers(of: g, minimumFlow: minimumFlow)
        return detect(nodeCount: g.nodeCount, inEdges: ie, outEdges: oe, alpha: alpha, blocks: blocks)
    }

    @inline(__always) static func term(_ fin: Double, _ fout: Double, _ alpha: Double) -> Double {
        min(fin, fout) - alpha * max(fin, fout)
    }

    /// The three layers with compact local ids (ascending account id within each layer).
    struct Layers {
        var sourceIds: [Int32] = [], middleIds: [Int32] = [], destinationIds: [Int32] = []
        var inSource: [Int32] = [], inMiddle: [Int32] = [], inAmount: [Double] = []
        var outMiddle: [Int32] = [], outDestination: [Int32] = [], outAmount: [Double] = []

        init(nodeCount n: Int, inEdges: Edges, outEdges: Edges) {
            func compact(_ lists: [[Int32]]) -> (ids: [Int32], local: [Int32]) {
                var local = [Int32](repeating: -1, count: n)
                for l in lists { for a in l { local[Int(a)] = 0 } }
                var ids: [Int32] = []
                for a in 0..<n where local[a] == 0 { local[a] = Int32(ids.count); ids.append(Int32(a)) }
                return (ids, local)
            }
            let s = compact([inEdges.from]), m = compact([inEdges.to, outEdges.from]), d = compact([outEdges.to])
            sourceIds = s.ids; middleIds = m.ids; destinationIds = d.ids
            inSource = inEdges.from.map { s.local[Int($0)] }; inMiddle = inEdges.to.map { m.local[Int($0)] }; inAmount = inEdges.amount
            outMiddle = outEdges.from.map { m.local[Int($0)] }; outDestination = outEdges.to.map { d.local[Int($0)] }; outAmount = outEdges.amount
        }
    }

    /// Removal order over combined local ids [sources | destinations | middles], the length of the
    /// best prefix and the best score as tracked during the run.
    struct Peeling {
        var order: [Int32]
        var bestRemoved: Int
        var bestScore: Double
    }

    /// One peeling of `lay` (all its transfers).
    static func peel(_ lay: Layers, alpha: Double) -> Peeling { Peeler(lay, alpha: alpha).peel() }

    /// The state behind ``detect(nodeCount:inEdges:outEdges:alpha:blocks:)``, built once for all
    /// rounds: a ``PeelingGraph`` over the combined local ids [sources | destinations | middles]
    /// (a source lists its transfers to middles, a destination those from middles, a middle its
    /// incoming then its outgoing transfers, each in input order), one ``IndexedMinTree`` reused
    /// by every round, and the flows f_i, q_i of the middles. Between rounds the block's accounts
    /// lose every transfer (their lists and their neighbours' entries for them); an account left
    /// without transfers is out of its layer, as if the layers were rebuilt from the remaining
    /// transfers (local ids keep their order, so ties break the same way).
    final class Peeler {
        let lay: Layers
        let alpha: Double
        let ns: Int, nd: Int, nm: Int, d0: Int, m0: Int, n: Int
        let graph: PeelingGraph
        let tree: IndexedMinTree
        let fin: UnsafeMutablePointer<Double>, fout: UnsafeMutablePointer<Double>
        private(set) var liveIn: Int, liveOut: Int   // transfers left in each layer pair
        private(set) var touched: UInt64 = 0
        private(set) var present: [Bool] = []        // has a transfer left (set by `peel`)

        init(_ lay: Layers, alpha: Double) {
            self.lay = lay; self.alpha = alpha
            ns = lay.sourceIds.count; nd = lay.destinationIds.count; nm = lay.middleIds.count
            d0 = ns; m0 = ns + nd; n = ns + nd + nm
            let ni = lay.inSource.count, no = lay.outMiddle.count
            precondition(2 * (ni + no) < Int(Int32.max))
            liveIn = ni; liveOut = no
            graph = PeelingGraph(nodeCount: n, entryCount: 2 * (ni + no))
            tree = IndexedMinTree(count: n)
            fin = .allocate(capacity: max(1, nm)); fout = .allocate(capacity: max(1, nm))
            let g = graph, d0 = self.d0, m0 = self.m0
            lay.inSource.withUnsafeBufferPointer { src in lay.inMiddle.withUnsafeBufferPointer { mid in lay.inAmount.withUnsafeBufferPointer { amt in
            lay.outMiddle.withUnsafeBufferPointer { omid in lay.outDestination.withUnsafeBufferPointer { dst in lay.outAmount.withUnsafeBufferPointer { oamt in
                for k in 0..<ni { g.count(Int(src[k])); g.count(m0 + Int(mid[k])) }
                for k in 0..<no { g.count(m0 + Int(omid[k])); g.count(d0 + Int(dst[k])) }
                g.startPlacing()
                for k in 0..<ni {
                    let s = Int(src[k]), m = m0 + Int(mid[k])
                    g.place(s, .init(weight: amt[k], node: Int32(m), edge: Int32(k)))
                    g.place(m, .init(weight: amt[k], node: Int32(s), edge: Int32(k)))
                }
                for k in 0..<no {
                    let m = m0 + Int(omid[k]), d = d0 + Int(dst[k])
                    g.place(m, .init(weight: oamt[k], node: Int32(d), edge: Int32(ni + k)))
                    g.place(d, .init(weight: oamt[k], node: Int32(m), edge: Int32(ni + k)))
                }
                g.finishPlacing()
            }}}}}}
        }

        deinit { fin.deallocate(); fout.deallocate() }

        /// One greedy peeling over the transfers left. Only accounts with a transfer left take
        /// part (and count in |S|); priorities and flows are sums along the lists (input order).
        func peel() -> Peeling {
            let g = graph, entries = g.entries, sinkNode = g.sink
            let d0 = self.d0, m0 = self.m0, n = self.n, alpha = self.alpha
            let fin = self.fin, fout = self.fout
            var live = (s: 0, d: 0, m: 0)
            var f = 0.0
            g.reviveAll()
            present = [Bool](repeating: false, count: n)
            tree.reset { keys in
                for v in 0..<m0 {                                   // sources, destinations
                    var s = 0.0, has = false
                    for k in g.list(v) where entries[k].node != sinkNode { s += entries[k].weight; has = true }
                    if has { keys[v] = s; present[v] = true; if v < d0 { live.s += 1 } else { live.d += 1 } } else { g.kill(v) }
                }
                for v in m0..<n {                                   // middles: incoming entries, then outgoing
                    var a = 0.0, b = 0.0, has = false
                    for k in g.list(v) where entries[k].node != sinkNode {
                        if Int(entries[k].node) < d0 { a += entries[k].weight } else { b += entries[k].weight }
                        has = true
                    }
                    fin[v - m0] = a; fout[v - m0] = b
                    if has { let t = term(a, b, alpha); keys[v] = t; f += t; present[v] = true; live.m += 1 } else { g.kill(v) }
                }
            }
            let total = live.s + live.d + live.m
            var order = [Int32](repeating: 0, count: total)
            var removed = 0
            var best = total > 0 ? f / Double(total) : 0
            var bestRemoved = 0
            var touch: UInt64 = 0
            order.withUnsafeMutableBufferPointer { order in
                while live.s > 0 && live.d > 0 && live.m > 0 {
                    let (u, pu) = tree.minimum
                    tree.remove(u)
                    let next = tree.minimum.id
                    if next >= 0 && next < n { touch &+= g.touch(next) }
                    g.kill(u)
                    if u < d0 {                                   // a source: its middles lose in-flow
                        for k in g.list(u) {
                            let e = entries[k], v = Int(e.node)
                            guard g.isAlive(v) else { continue }
                            let m = v - m0
                            let old = term(fin[m], fout[m], alpha)
                            fin[m] -= e.weight
                            let new = term(fin[m], fout[m], alpha)
                            f += new - old
                            tree.decrease(v, to: new)             // falls back to a full update when the term went up
                        }
                        live.s -= 1
                    } else if u < m0 {                            // a destination: its middles lose out-flow
                        for k in g.list(u) {
                            let e = entries[k], v = Int(e.node)
                            guard g.isAlive(v) else { continue }
                            let m = v - m0
                            let old = term(fin[m], fout[m], alpha)
                            fout[m] -= e.weight
                            let new = term(fin[m], fout[m], alpha)
                            f += new - old
                            tree.decrease(v, to: new)
                        }
                        live.d -= 1
                    } else {                                      // a middle: its term goes, neighbours lose the transfers
                        f -= pu
                        for k in g.list(u) {
                            let e = entries[k], v = Int(e.node)
                            if g.isAlive(v) { tree.decrease(v, to: tree.key(v) - e.weight) }
                        }
                        live.m -= 1
                    }
                    order[removed] = Int32(u); removed += 1
                    let gS = f / Double(live.s + live.d + live.m)
                    if gS > best { best = gS; bestRemoved = removed }
                }
            }
            order.removeLast(total - removed)
            touched &+= touch
            return Peeling(order: order, bestRemoved: bestRemoved, bestScore: best)
        }

        /// The best set of `p` as a block (nil when its exact mass is not positive): the accounts
        /// that took part and were not removed within the best prefix; the mass recomputed from the
        /// block's own transfers (each middle's in- and out-flow summed in input order).
        func block(_ p: Peeling) -> (FlowBlock, member: [Bool])? {
            let g = graph, entries = g.entries, sinkNode = g.sink
            var member = present
            for k in 0..<p.bestRemoved { member[Int(p.order[k])] = false }
            var mass = 0.0
            for v in m0..<n where member[v] {
                var a = 0.0, b = 0.0
                for k in g.list(v) where entries[k].node != sinkNode && member[Int(entries[k].node)] {
                    if Int(entries[k].node) < d0 { a += entries[k].weight } else { b += entries[k].weight }
                }
                mass += term(a, b, alpha)
            }
            let sources = (0..<ns).filter { member[$0] }.map { lay.sourceIds[$0] }
            let destinations = (0..<nd).filter { member[d0 + $0] }.map { lay.destinationIds[$0] }
            let middles = (0..<nm).filter { member[m0 + $0] }.map { lay.middleIds[$0] }
            let size = sources.count + middles.count + destinations.count
            guard mass > 0 && size > 0 else { return nil }
            return (FlowBlock(sources: sources, middles: middles, destinations: destinations, score: mass / Double(size), mass: mass), member)
        }

        /// The block's accounts leave their layers: each transfer with an end in the block goes
        /// (from both of its lists).
        func delete(member: [Bool]) {
            let g = graph, entries = g.entries, sinkNode = g.sink, ni = lay.inSource.count
            var neighbour = [Bool](repeating: false, count: n)
            for v in 0..<n where member[v] {
                for k in g.list(v) where entries[k].node != sinkNode {
                    let e = entries[k], w = Int(e.node)
                    if member[w] && w < v { continue }              // counted from its other end
                    if !member[w] { neighbour[w] = true }
                    if Int(e.edge) < ni { liveIn -= 1 } else { liveOut -= 1 }
                }
                g.compact(v) { _ in false }
            }
            for w in 0..<n where neighbour[w] { g.compact(w) { !member[Int($0.node)] } }
        }
    }
}
