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
/// repeats; it stops early when a block has no positive mass.
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
        var ie = inEdges, oe = outEdges
        var out: [FlowBlock] = []
        var round = 0
        while round < blocks && !ie.from.isEmpty && !oe.from.isEmpty {
            round += 1
            let lay = Layers(nodeCount: nodeCount, inEdges: ie, outEdges: oe)
            let p = peel(lay, alpha: alpha)
            let total = lay.sourceIds.count + lay.destinationIds.count + lay.middleIds.count
            var inBlock = [Bool](repeating: true, count: total)
            for k in 0..<p.bestRemoved { inBlock[Int(p.order[k])] = false }
            let s0 = 0, d0 = lay.sourceIds.count, m0 = d0 + lay.destinationIds.count
            // Exact mass from the block's own transfers.
            var fIn = [Double](repeating: 0, count: lay.middleIds.count), fOut = fIn
            for k in 0..<lay.inSource.count where inBlock[s0 + Int(lay.inSource[k])] && inBlock[m0 + Int(lay.inMiddle[k])] {
                fIn[Int(lay.inMiddle[k])] += lay.inAmount[k]
            }
            for k in 0..<lay.outMiddle.count where inBlock[m0 + Int(lay.outMiddle[k])] && inBlock[d0 + Int(lay.outDestination[k])] {
                fOut[Int(lay.outMiddle[k])] += lay.outAmount[k]
            }
            var mass = 0.0
            for m in 0..<lay.middleIds.count where inBlock[m0 + m] { mass += term(fIn[m], fOut[m], alpha) }
            let sources = (0..<lay.sourceIds.count).filter { inBlock[s0 + $0] }.map { lay.sourceIds[$0] }
            let destinations = (0..<lay.destinationIds.count).filter { inBlock[d0 + $0] }.map { lay.destinationIds[$0] }
            let middles = (0..<lay.middleIds.count).filter { inBlock[m0 + $0] }.map { lay.middleIds[$0] }
            let size = sources.count + middles.count + destinations.count
            guard mass > 0 && size > 0 else { break }
            out.append(FlowBlock(sources: sources, middles: middles, destinations: destinations, score: mass / Double(size), mass: mass))
            // The block's accounts leave their layers.
            var srcOut = [Bool](repeating: false, count: nodeCount), midOut = srcOut, dstOut = srcOut
            for a in sources { srcOut[Int(a)] = true }
            for a in middles { midOut[Int(a)] = true }
            for a in destinations { dstOut[Int(a)] = true }
            ie = filter(ie) { !srcOut[Int($0)] && !midOut[Int($1)] }
            oe = filter(oe) { !midOut[Int($0)] && !dstOut[Int($1)] }
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
        for v in 0..<n {
            for k in g.neighbours(v) where Int(g.targets[k]) != v {
                outFlow[v] += g.weights[k]; inFlow[Int(g.targets[k])] += g.weights[k]
            }
        }
        let candidate = (0..<n).map { inFlow[$0] > 0 && outFlow[$0] > 0 && inFlow[$0] >= minimumFlow && outFlow[$0] >= minimumFlow }
        var ie: Edges = ([], [], []), oe: Edges = ([], [], [])
        for v in 0..<n {
            for k in g.neighbours(v) {
                let t = Int(g.targets[k])
                if t == v { continue }
                if candidate[t] { ie.from.append(Int32(v)); ie.to.append(Int32(t)); ie.amount.append(g.weights[k]) }
                if candidate[v] { oe.from.append(Int32(v)); oe.to.append(Int32(t)); oe.amount.append(g.weights[k]) }
            }
        }
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

    static func filter(_ e: Edges, _ keep: (Int32, Int32) -> Bool) -> Edges {
        var r: Edges = ([], [], [])
        for k in 0..<e.from.count where keep(e.from[k], e.to[k]) {
            r.from.append(e.from[k]); r.to.append(e.to[k]); r.amount.append(e.amount[k])
        }
        return r
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

    static func peel(_ lay: Layers, alpha: Double) -> Peeling {
        let ns = lay.sourceIds.count, nd = lay.destinationIds.count, nm = lay.middleIds.count
        let d0 = ns, m0 = ns + nd, total = ns + nd + nm
        let srcAdj = WeightedGraph(nodeCount: ns, from: lay.inSource, to: lay.inMiddle, weights: lay.inAmount, undirected: false)
        let midIn = WeightedGraph(nodeCount: nm, from: lay.inMiddle, to: lay.inSource, weights: lay.inAmount, undirected: false)
        let midOut = WeightedGraph(nodeCount: nm, from: lay.outMiddle, to: lay.outDestination, weights: lay.outAmount, undirected: false)
        let dstAdj = WeightedGraph(nodeCount: nd, from: lay.outDestination, to: lay.outMiddle, weights: lay.outAmount, undirected: false)
        var fin = [Double](repeating: 0, count: nm), fout = fin
        var priority = [Double](repeating: 0, count: total)
        for k in 0..<lay.inSource.count { priority[Int(lay.inSource[k])] += lay.inAmount[k]; fin[Int(lay.inMiddle[k])] += lay.inAmount[k] }
        for k in 0..<lay.outMiddle.count { priority[d0 + Int(lay.outDestination[k])] += lay.outAmount[k]; fout[Int(lay.outMiddle[k])] += lay.outAmount[k] }
        var f = 0.0
        for m in 0..<nm { let t = term(fin[m], fout[m], alpha); priority[m0 + m] = t; f += t }
        let tree = IndexedMinTree(priority)
        priority = []
        var order = [Int32](); order.reserveCapacity(total)
        var live = (s: ns, d: nd, m: nm)
        var best = total > 0 ? f / Double(total) : 0
        var bestRemoved = 0
        fin.withUnsafeMutableBufferPointer { fin in fout.withUnsafeMutableBufferPointer { fout in
        srcAdj.offsets.withUnsafeBufferPointer { so in srcAdj.targets.withUnsafeBufferPointer { st in srcAdj.weights.withUnsafeBufferPointer { sw in
        dstAdj.offsets.withUnsafeBufferPointer { doff in dstAdj.targets.withUnsafeBufferPointer { dt in dstAdj.weights.withUnsafeBufferPointer { dw in
        midIn.offsets.withUnsafeBufferPointer { io in midIn.targets.withUnsafeBufferPointer { it in midIn.weights.withUnsafeBufferPointer { iw in
        midOut.offsets.withUnsafeBufferPointer { oo in midOut.targets.withUnsafeBufferPointer { ot in midOut.weights.withUnsafeBufferPointer { ow in
            while live.s > 0 && live.d > 0 && live.m > 0 {
                let (u, pu) = tree.minimum
                tree.remove(u)
                if u < d0 {                                   // a source: its middles lose in-flow
                    for k in Int(so[u])..<Int(so[u + 1]) {
                        let m = Int(st[k])
                        if tree.key(m0 + m) == .infinity { continue }
                        let old = term(fin[m], fout[m], alpha)
                        fin[m] -= sw[k]
                        let new = term(fin[m], fout[m], alpha)
                        f += new - old
                        tree.update(m0 + m, to: new)
                    }
                    live.s -= 1
                } else if u < m0 {                            // a destination: its middles lose out-flow
                    let v = u - d0
                    for k in Int(doff[v])..<Int(doff[v + 1]) {
                        let m = Int(dt[k])
                        if tree.key(m0 + m) == .infinity { continue }
                        let old = term(fin[m], fout[m], alpha)
                        fout[m] -= dw[k]
                        let new = term(fin[m], fout[m], alpha)
                        f += new - old
                        tree.update(m0 + m, to: new)
                    }
                    live.d -= 1
                } else {                                      // a middle: its term goes, neighbours lose the transfers
                    let m = u - m0
                    f -= pu
                    for k in Int(io[m])..<Int(io[m + 1]) {
                        let s = Int(it[k])
                        if tree.key(s) != .infinity { tree.add(s, -iw[k]) }
                    }
                    for k in Int(oo[m])..<Int(oo[m + 1]) {
                        let d = d0 + Int(ot[k])
                        if tree.key(d) != .infinity { tree.add(d, -ow[k]) }
                    }
                    live.m -= 1
                }
                order.append(Int32(u))
                let g = f / Double(live.s + live.d + live.m)
                if g > best { best = g; bestRemoved = order.count }
            }
        }}}}}}}}}}}}}}
        return Peeling(order: order, bestRemoved: bestRemoved, bestScore: best)
    }
}
