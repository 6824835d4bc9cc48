/// A partition of a graph's nodes into communities, as found by `Louvain` or `Leiden`.
///
/// `community[v]` is dense in `0..<count`, numbered by first appearance in node order (node 0 is
/// always in community 0), so equal partitions compare equal as arrays. `modularity` is the
/// weighted modularity of the partition on the input graph at the resolution it was found with;
/// `levels` is the number of levels (graphs, the input then its aggregates) local moving ran on.
///
/// Modularity (Newman & Girvan, *Finding and evaluating community structure in networks*, PRE
/// 2004; with Reichardt & Bornholdt's resolution γ, PRE 2006), exactly as networkx defines it:
///
///     Q = Σ_c [ L_c / m − γ (d_c / 2m)² ]
///
/// where m is the total edge weight, L_c the weight of the edges inside c and d_c the sum of
/// the weighted degrees of c's nodes. A self-loop of weight w counts once in m and in L_c and
/// twice in its node's degree (networkx's convention). O(V + E).
public struct CommunityPartition: Sendable {
    public var community: [Int32]
    public var count: Int
    public var modularity: Double
    public var levels: Int

    public init(community: [Int32], count: Int, modularity: Double, levels: Int) {
        self.community = community; self.count = count; self.modularity = modularity; self.levels = levels
    }

    /// Weighted modularity of `community` (any non-negative labels, one per node) on the
    /// undirected graph `g`: every edge stored in both lists, every self-loop once (as
    /// `WeightedGraph(…, undirected: true)` builds it); parallel entries count with their summed
    /// weight, as in a networkx `MultiGraph`. A graph without edge weight has modularity 0
    /// (networkx raises a division by zero there).
    public static func modularity(_ g: WeightedGraph, _ community: [Int32], resolution: Double = 1) -> Double {
        let n = g.nodeCount
        precondition(community.count == n, "one community per node")
        guard n > 0 else { return 0 }
        var labels = 0
        for c in community { precondition(c >= 0, "community labels are non-negative"); labels = max(labels, Int(c) + 1) }
        var degreeSum = [Double](repeating: 0, count: labels)
        var twiceInside = 0.0, twiceM = 0.0
        g.offsets.withUnsafeBufferPointer { off in
        g.targets.withUnsafeBufferPointer { tg in
        g.weights.withUnsafeBufferPointer { wt in
        community.withUnsafeBufferPointer { cm in
        degreeSum.withUnsafeMutableBufferPointer { ds in
            for v in 0..<n {
                let cv = cm[v]
                var k = 0.0, inside = 0.0
                for e in Int(off[v])..<Int(off[v + 1]) {
                    let u = Int(tg[e]), w = wt[e]
                    if u == v { k += 2 * w; inside += 2 * w } else {
                        k += w
                        if cm[u] == cv { inside += w }
                    }
                }
                ds[Int(cv)] += k; twiceM += k; twiceInside += inside
            }
        }}}}}
        guard twiceM > 0 else { return 0 }
        var expected = 0.0
        for d in degreeSum { expected += (d / twiceM) * (d / twiceM) }
        return twiceInside / twiceM - resolution * expected
    }

    /// Relabels `membership` (labels below `n`) by first appearance in node order and returns it
    /// with its count.
    static func canonical(_ membership: [Int32]) -> (community: [Int32], count: Int) {
        let n = membership.count
        var label = [Int32](repeating: -1, count: n)
        var out = membership
        var count: Int32 = 0
        label.withUnsafeMutableBufferPointer { lb in
            out.withUnsafeMutableBufferPointer { o in
                for v in 0..<n {
                    let c = Int(o[v])
                    if lb[c] < 0 { lb[c] = count; count += 1 }
                    o[v] = lb[c]
                }
            }
        }
        return (out, Int(count))
    }

    /// The final partition: canonical labels and the modularity on the input graph (`known` when
    /// the caller already has it from a graph whose nodes are exactly these communities).
    static func finish(_ g: WeightedGraph, membership: [Int32], resolution: Double, levels: Int, known: Double? = nil) -> CommunityPartition {
        let (c, k) = canonical(membership)
        return CommunityPartition(community: c, count: k, modularity: known ?? modularity(g, c, resolution: resolution), levels: levels)
    }
}
