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
/// bucket queue is not used because the column weights are real numbers. The block's mass and
/// density are recomputed exactly from its edges at the end (the running sum only guides the
/// choice).
///
/// **Several blocks** (the reference `detectMultiple`): after a block is found its internal edges
/// (row in block and column in block) are deleted, column weights are recomputed on what is left,
/// and the search repeats. Detection stops early when no edge remains or a block has no mass.
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
        var er = edgeRows, ec = edgeColumns
        var w = weights ?? [Double](repeating: 1, count: edgeRows.count)
        var out: [DenseBlock] = []
        for _ in 0..<max(0, blocks) where !er.isEmpty {
            let c = edgeWeights(columns: columns, edgeColumns: ec, weights: w, columnWeighting)
            let p = peel(rows: rows, columns: columns, edgeRows: er, edgeColumns: ec, c: c)
            // Membership: everything not removed within the best prefix.
            var inBlock = [Bool](repeating: true, count: rows + columns)
            for k in 0..<p.bestRemoved { inBlock[Int(p.order[k])] = false }
            var mass = 0.0
            for k in 0..<er.count where inBlock[Int(er[k])] && inBlock[rows + Int(ec[k])] { mass += c[k] }
            guard mass > 0 else { break }
            var bRows: [Int32] = [], bCols: [Int32] = []
            for r in 0..<rows where inBlock[r] { bRows.append(Int32(r)) }
            for j in 0..<columns where inBlock[rows + j] { bCols.append(Int32(j)) }
            out.append(DenseBlock(rows: bRows, columns: bCols, density: mass / Double(bRows.count + bCols.count), mass: mass))
            // Delete the block's internal edges before the next round.
            var k = 0
            for e in 0..<er.count where !(inBlock[Int(er[e])] && inBlock[rows + Int(ec[e])]) {
                er[k] = er[e]; ec[k] = ec[e]; w[k] = w[e]; k += 1
            }
            er.removeLast(er.count - k); ec.removeLast(ec.count - k); w.removeLast(w.count - k)
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
        let byRow = WeightedGraph(nodeCount: rows, from: edgeRows, to: edgeColumns, weights: c, undirected: false)
        let byCol = WeightedGraph(nodeCount: columns, from: edgeColumns, to: edgeRows, weights: c, undirected: false)
        var priority = [Double](repeating: 0, count: rows + columns)
        var total = 0.0
        for k in 0..<edgeRows.count {
            priority[Int(edgeRows[k])] += c[k]; priority[rows + Int(edgeColumns[k])] += c[k]; total += c[k]
        }
        let tree = IndexedMinTree(priority)
        priority = []
        var order = [Int32](); order.reserveCapacity(rows + columns)
        var liveRows = rows, liveCols = columns
        var current = total
        var best = rows + columns > 0 ? total / Double(rows + columns) : 0
        var bestRemoved = 0
        byRow.offsets.withUnsafeBufferPointer { ro in byRow.targets.withUnsafeBufferPointer { rt in byRow.weights.withUnsafeBufferPointer { rw in
        byCol.offsets.withUnsafeBufferPointer { co in byCol.targets.withUnsafeBufferPointer { ct in byCol.weights.withUnsafeBufferPointer { cw in
            while liveRows > 0 && liveCols > 0 {
                let (u, pu) = tree.minimum
                tree.remove(u)
                current -= pu
                if u < rows {
                    for k in Int(ro[u])..<Int(ro[u + 1]) {
                        let j = rows + Int(rt[k])
                        if tree.key(j) != .infinity { tree.add(j, -rw[k]) }
                    }
                    liveRows -= 1
                } else {
                    let v = u - rows
                    for k in Int(co[v])..<Int(co[v + 1]) {
                        let i = Int(ct[k])
                        if tree.key(i) != .infinity { tree.add(i, -cw[k]) }
                    }
                    liveCols -= 1
                }
                order.append(Int32(u))
                let g = current / Double(liveRows + liveCols)
                if g > best { best = g; bestRemoved = order.count }
            }
        }}}}}}
        return Peeling(order: order, bestRemoved: bestRemoved, bestDensity: best)
    }
}
