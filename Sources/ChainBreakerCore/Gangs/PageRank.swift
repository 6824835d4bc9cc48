/// Weighted PageRank by power iteration (Page, Brin, Motwani, Winograd, *The PageRank Citation
/// Ranking*, 1999): each node passes `damping` of its rank along its out-edges in proportion to
/// their weights; dangling nodes' rank and the teleport share are spread uniformly. Parallel
/// edges count with their weights (a multigraph, not collapsed). O(iterations × (V + E)); stops
/// when the L1 change of the rank vector (which sums to 1) falls below `tolerance`. (networkx
/// stops at `tolerance × V`, which on a million nodes ends after one or two iterations.)
public enum PageRank {
    public static func run(_ g: WeightedGraph, damping: Double = 0.85, tolerance: Double = 1e-6, maxIterations: Int = 200) -> (rank: [Double], iterations: Int) {
        let n = g.nodeCount
        guard n > 0 else { return ([], 0) }
        var outWeight = [Double](repeating: 0, count: n)
        for v in 0..<n { for k in g.neighbours(v) { outWeight[v] += g.weights[k] } }
        var rank = [Double](repeating: 1 / Double(n), count: n)
        var next = [Double](repeating: 0, count: n)
        var iterations = 0
        for it in 1...maxIterations {
            iterations = it
            var dangling = 0.0
            for v in 0..<n where outWeight[v] == 0 { dangling += rank[v] }
            let base = (1 - damping) / Double(n) + damping * dangling / Double(n)
            for v in 0..<n { next[v] = base }
            g.targets.withUnsafeBufferPointer { tg in
                g.weights.withUnsafeBufferPointer { wt in
                    next.withUnsafeMutableBufferPointer { nx in
                        for v in 0..<n where outWeight[v] > 0 {
                            let share = damping * rank[v] / outWeight[v]
                            for k in g.neighbours(v) { nx[Int(tg[k])] += share * wt[k] }
                        }
                    }
                }
            }
            var delta = 0.0
            for v in 0..<n { delta += abs(next[v] - rank[v]) }
            swap(&rank, &next)
            if delta < tolerance { break }
        }
        return (rank, iterations)
    }
}
