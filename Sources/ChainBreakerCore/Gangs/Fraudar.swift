/// A dense block of a bipartite graph found by ``Fraudar``: rows (e.g. payer accounts) and
/// columns (payee accounts), with `mass` = f(S), the weighted edge mass inside the block under the
/// weighting used, and `density` = g(S) = mass / (rows.count + columns.count). Ids ascending.
public struct DenseBlock: Sendable, Equatable {
    public var rows: [Int32]
    public var columns: [Int32]
    public var density: Double
    public var mass: Double

    public init(rows: [Int32], columns: [Int32], density: Double, mass: Double) {
        self.rows = rows; self.columns = columns; self.density = density; self.mass = mass
    }
}

/// FRAUDAR (Hooi, Song, Beutel, Shah, Shin, Faloutsos, *FRAUDAR: Bounding Graph Fraud in the Face
/// of Camouflage*, KDD 2016): the densest block of a bipartite graph rows × columns under the
/// density g(S) = f(S) / |S|, with f(S) the sum of edge weights c_ij inside S = rows' ∪ columns'
/// (node prior suspiciousness a_i = 0, as in the paper's experiments and reference code).
///
/// **Edge weights.** c_ij = w_ij · h(x_j), where w_ij is the given weight (1 without weights) and
/// x_j the column's total weight Σ_i w_ij (its degree when unweighted). `.logarithmic(c:)` uses
/// h(x) = 1 / log(x + c) (natural log; c = 5 in the paper), which makes camouflage — fraudulent
/// rows also pointing at popular, honest columns — cheap in mass, so it cannot hide a block;
/// `.uniform` uses h = 1 (plain average degree). Parallel edges are kept (their weights add up).
///
/// **Greedy peeling** (the paper's Algorithm 1): start from all rows and columns; repeatedly remove
/// the node with the smallest priority — its weighted degree into the current set, i.e. how much
/// f drops when it goes — update its neighbours' priorities, and keep the set S with the largest
/// g(S) seen along the way (the full set included; the first on ties). It stops when either side
/// is empty. The paper proves g(S) ≥ g(S*) / 2 for the optimum S*. Priorities live in an
/// ``IndexedMinTree`` over [rows | columns] (ties: rows before columns, then lower id — the same
/// choice as the authors' `MinTree` code), so the run is O(|E| log |V|) and deterministic; a
/// bucket queue is not used because the column weights are real numbers. Nodes without an edge
/// (priority 0 from the start) do not enter the tree: they are the first removals anyway, in id
/// order, so they are listed up front (unless zero weights give other nodes priority 0 too; then
/// everything goes through the tree). The block's mass and density are recomputed exactly from
/// its edges at the end (the running sum only guides the choice).
///
/// **Several blocks** (the reference `detectMultiple`): after a block is found its internal edges
/// (row in block and column in block) are deleted, column weights are recomputed on what is left,
/// and the search repeats. Detection stops early when no edge remains or a block has no mass. The
/// graph is built once (see ``Peeler``): a round deletes the block's edges from the block's own
/// lists and refreshes the weights of edges at block columns, O(|E|) passes but no rebuild.
///
/// **Cost.** Building: two counting-sort passes over the edges. Each round: one pass over the
/// adjacency for the priorities, then the peeling — per removed node one tree minimum and one
/// contiguous list, per edge one ``IndexedMinTree/decrease(_:to:)``; the run is bound by cache
/// misses (node lists, neighbours' priorities), not arithmetic. Memory: 16 bytes per edge end
/// (32 per edge) and about 17 bytes per node (priority, list offset, removal order, membership).
/// Results are identical to the direct formulation (same sums in the same order, so the same
/// doubles and the same ties).
public enum Fraudar {
    public enum ColumnWeighting: Sendable, Equatable {
        /// c_ij = w_ij: plain (weighted) average degree.
        case uniform
        /// c_ij = w_ij / log(x_j + c), x_j the column's total weight.
        case logarithmic(c: Double)
    }

    /// Finds up to `blocks` dense blocks, one after another (see the type's documentation).
    /// `edgeRows[k] ∈ 0..<rows`, `edgeColumns[k] ∈ 0..<columns`; `weights` must be positive.
    public static func detect(rows: Int, columns: Int, edgeRows: [Int32], edgeColumns: [Int32], weights: [Double]? = nil,
                              columnWeighting: Fraudar.ColumnWeighting = .logarithmic(c: 5), blocks: Int = 1) -> [DenseBlock] {
        precondition(edgeRows.count == edgeColumns.count && (weights == nil || weights!.count == edgeRows.count))
        guard blocks > 0 && !edgeRows.isEmpty else { return [] }
        let g = Peeler(rows: rows, columns: columns, edgeRows: edgeRows, edgeColumns: edgeColumns, weights: weights, columnWeighting)
        var out: [DenseBlock] = []
        while out.count < blocks && g.liveEdges > 0 {
            let p = g.peel()
            guard let (block, member, internalEdges) = g.block(p) else { break }
            out.append(block)
            if out.count < blocks { g.delete(block: block, member: member, internalEdges: internalEdges) }
        }
        return out
    }

    /// c_ij for every edge under `weighting` (column totals over the given edges).
    static func edgeWeights(columns: Int, edgeColumns: [Int32], weights: [Double], _ weighting: ColumnWeighting) -> [Double] {
        switch weighting {
        case .uniform:
            return weights
        case .logarithmic(let c):
            var total = [Double](repeating: 0, count: columns)
            for k in 0..<edgeColumns.count { total[Int(edgeColumns[k])] += weights[k] }
            let h = total.map { 1 / RatingMath.log($0 + c) }
            return (0..<edgeColumns.count).map { weights[$0] * h[Int(edgeColumns[$0])] }
        }
    }

    /// The result of one greedy peeling: removal order over combined ids (row r → r, column j →
    /// rows + j), how many of the first removals lead to the best set, and that set's density as
    /// tracked during the run.
    struct Peeling {
        var order: [Int32]
        var bestRemoved: Int
        var bestDensity: Double
    }

    /// One greedy peeling over the given edges with final edge weights `c` (Algorithm 1).
    static func peel(rows: Int, columns: Int, edgeRows: [Int32], edgeColumns: [Int32], c: [Double]) -> Peeling {
        Peeler(rows: rows, columns: columns, edgeRows: edgeRows, edgeColumns: edgeColumns, weights: c, .uniform).peel()
    }

    /// The state behind ``detect(rows:columns:edgeRows:edgeColumns:weights:columnWeighting:blocks:)``,
    /// built once for all rounds: a ``PeelingGraph`` over the combined ids [rows | columns] whose
    /// entries carry c_ij, and one ``IndexedMinTree`` reused by every round. Between rounds only
    /// the found block's rows and columns are touched: their internal edges leave their lists,
    /// and under logarithmic weighting the block columns' weights are recomputed.
    ///
    /// Every sum (column totals, priorities, f of the full set, a block's mass) is taken in the
    /// input edge order, as the direct formulation does, so the results are the same to the bit.
    final class Peeler {
        let rows: Int, columns: Int, n: Int
        let edgeRows: [Int32], edgeColumns: [Int32]
        let weights: [Double]?            // nil: every w_ij = 1
        let logC: Double?                 // nil: uniform weighting
        var h: [Double] = []              // 1 / log(x_j + c) per column (logarithmic only)
        let graph: PeelingGraph
        let tree: IndexedMinTree
        var deadEdges: [UInt64] = []      // one bit per input edge, once a block was deleted
        private(set) var liveEdges: Int
        var total = 0.0                   // Σ c over live edges, in edge order
        private(set) var touched: UInt64 = 0

        init(rows: Int, columns: Int, edgeRows: [Int32], edgeColumns: [Int32], weights: [Double]?, _ weighting: ColumnWeighting) {
            let m = edgeRows.count
            precondition(rows >= 0 && columns >= 0 && rows + columns < Int(Int32.max) && 2 * m < Int(Int32.max))
            self.rows = rows; self.columns = columns; n = rows + columns
            self.edgeRows = edgeRows; self.edgeColumns = edgeColumns; self.weights = weights
            if case .logarithmic(let c) = weighting { logC = c } else { logC = nil }
            liveEdges = m
            graph = PeelingGraph(nodeCount: rows + columns, entryCount: 2 * m)
            tree = IndexedMinTree(count: rows + columns)
            let g = graph, rows = self.rows, logC = self.logC
            var x = [Double](repeating: 0, count: logC == nil ? 0 : columns)   // column totals
            edgeRows.withUnsafeBufferPointer { er in edgeColumns.withUnsafeBufferPointer { ec in
                // List lengths, and column totals in edge order.
                x.withUnsafeMutableBufferPointer { x in
                    func count(_ w: UnsafeBufferPointer<Double>?) {
                        for e in 0..<m {
                            let r = Int(er[e]), j = Int(ec[e])
                            precondition(UInt(bitPattern: r) < UInt(rows) && UInt(bitPattern: j) < UInt(columns), "edge endpoint out of range")
                            g.count(r); g.count(rows + j)
                            if logC != nil { x[j] += w?[e] ?? 1 }
                        }
                    }
                    if let weights { weights.withUnsafeBufferPointer { count($0) } } else { count(nil) }
                }
                if let c = logC { h = x.map { 1 / RatingMath.log($0 + c) } }
                // Both ends of every edge, in edge order; f of the full set in edge order.
                g.startPlacing()
                var f = 0.0
                h.withUnsafeBufferPointer { h in
                    func place(_ w: UnsafeBufferPointer<Double>?) {
                        for e in 0..<m {
                            let r = Int(er[e]), j = Int(ec[e])
                            let c = logC == nil ? (w?[e] ?? 1) : (w.map { $0[e] * h[j] } ?? h[j])
                            g.place(r, .init(weight: c, node: Int32(rows + j), edge: Int32(e)))
                            g.place(rows + j, .init(weight: c, node: Int32(r), edge: Int32(e)))
                            f += c
                        }
                    }
                    if let weights { weights.withUnsafeBufferPointer { place($0) } } else { place(nil) }
                }
                g.finishPlacing()
                total = f
            }}
        }

        /// c_ij of edge `e` under the current column weights (the same expression as at build).
        @inline(__always) func weight(_ e: Int) -> Double {
            guard logC != nil else { return weights?[e] ?? 1 }
            let hj = h[Int(edgeColumns[e])]
            if let weights { return weights[e] * hj }
            return hj
        }

        /// One greedy peeling over the live edges (Algorithm 1). Priorities start as each node's
        /// weighted degree, summed along its list. When every node with an edge has a positive
        /// priority (always, for positive weights), the nodes without one come first in the order
        /// the tree would give them (priority 0, ascending combined id) and never enter the tree;
        /// otherwise every node goes through the tree.
        func peel() -> Peeling {
            let n = self.n, g = graph, entries = g.entries, sinkNode = g.sink
            var isolated: [Int32] = []
            var skipIsolated = true
            tree.reset { keys in
                for v in 0..<n {
                    var s = 0.0, live = false
                    for k in g.list(v) where entries[k].node != sinkNode { s += entries[k].weight; live = true }
                    keys[v] = s
                    if !live { isolated.append(Int32(v)) } else if !(s > 0) { skipIsolated = false }
                }
                if skipIsolated { for v in isolated { keys[Int(v)] = .infinity } }
            }
            g.reviveAll()
            var order = [Int32](repeating: 0, count: n)
            var removed = 0
            var liveRows = rows, liveCols = columns
            var current = total
            var best = n > 0 ? total / Double(n) : 0
            var bestRemoved = 0
            var touch: UInt64 = 0
            order.withUnsafeMutableBufferPointer { order in
                if skipIsolated {   // priority 0 leaves f unchanged: only |S| shrinks
                    for v in isolated where liveRows > 0 && liveCols > 0 {
                        let u = Int(v)
                        g.kill(u)
                        if u < rows { liveRows -= 1 } else { liveCols -= 1 }
                        order[removed] = v; removed += 1
                        let gS = current / Double(liveRows + liveCols)
                        if gS > best { best = gS; bestRemoved = removed }
                    }
                }
                while liveRows > 0 && liveCols > 0 {
                    let (u, pu) = tree.minimum
                    tree.remove(u)
                    // The likely next node, unless one of u's neighbours drops below it.
                    let next = tree.minimum.id
                    if next >= 0 && next < n { touch &+= g.touch(next) }
                    g.kill(u)
                    current -= pu
                    for k in g.list(u) {
                        let e = entries[k], v = Int(e.node)
                        if g.isAlive(v) { tree.decrease(v, to: tree.key(v) - e.weight) }
                    }
                    if u < rows { liveRows -= 1 } else { liveCols -= 1 }
                    order[removed] = Int32(u); removed += 1
                    let gS = current / Double(liveRows + liveCols)
                    if gS > best { best = gS; bestRemoved = removed }
                }
            }
            order.removeLast(n - removed)
            touched &+= touch
            return Peeling(order: order, bestRemoved: bestRemoved, bestDensity: best)
        }

        /// The best set of peeling `p` as a block (nil when it holds no mass): everything not removed
        /// within the best prefix; its mass summed exactly over its internal edges in edge order.
        func block(_ p: Peeling) -> (DenseBlock, member: [Bool], internalEdges: [Int32])? {
            var member = [Bool](repeating: true, count: n)
            for k in 0..<p.bestRemoved { member[Int(p.order[k])] = false }
            var bRows: [Int32] = [], bCols: [Int32] = []
            for r in 0..<rows where member[r] { bRows.append(Int32(r)) }
            for j in 0..<columns where member[rows + j] { bCols.append(Int32(j)) }
            let sinkNode = graph.sink
            var internalEdges: [(edge: Int32, c: Double)] = []
            for r in bRows {
                for k in graph.list(Int(r)) {
                    let e = graph.entries[k]
                    if e.node != sinkNode && member[Int(e.node)] { internalEdges.append((e.edge, e.weight)) }
                }
            }
            internalEdges.sort { $0.edge < $1.edge }
            var mass = 0.0
            for e in internalEdges { mass += e.c }
            guard mass > 0 else { return nil }
            let b = DenseBlock(rows: bRows, columns: bCols, density: mass / Double(bRows.count + bCols.count), mass: mass)
            return (b, member, internalEdges.map(\.edge))
        }

        /// Deletes a found block's internal edges (row and column both in the block) before the
        /// next round: only the block's own lists change, then the block columns' weights and
        /// the rows' entries pointing at them (logarithmic weighting), and f of what is left.
        func delete(block: DenseBlock, member: [Bool], internalEdges: [Int32]) {
            let m = edgeRows.count, g = graph, entries = g.entries, sinkNode = g.sink
            if deadEdges.isEmpty { deadEdges = [UInt64](repeating: 0, count: (m + 63) >> 6) }
            for e in internalEdges { deadEdges[Int(e) >> 6] |= 1 << UInt64(e & 63) }
            liveEdges -= internalEdges.count
            for r in block.rows { g.compact(Int(r)) { !member[Int($0.node)] } }
            for j in block.columns { g.compact(rows + Int(j)) { !member[Int($0.node)] } }
            if let c = logC {
                var changed = [Bool](repeating: false, count: columns)
                for j in block.columns.map({ Int($0) }) {
                    var x = 0.0
                    for k in g.list(rows + j) where entries[k].node != sinkNode { x += weights?[Int(entries[k].edge)] ?? 1 }
                    h[j] = 1 / RatingMath.log(x + c)
                    changed[j] = true
                    for k in g.list(rows + j) where entries[k].node != sinkNode { entries[k].weight = weight(Int(entries[k].edge)) }
                }
                for k in 0..<Int(g.offsets[rows]) where entries[k].node != sinkNode && changed[Int(entries[k].node) - rows] {
                    entries[k].weight = weight(Int(entries[k].edge))
                }
            }
            var f = 0.0
            for e in 0..<m where deadEdges[e >> 6] & (1 << UInt64(e & 63)) == 0 { f += weight(e) }
            total = f
        }
    }
}
