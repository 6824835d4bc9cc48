/// Weighted multi-level modularity maximisation by the Louvain method (Blondel, Guillaume,
/// Lambiotte & Lefebvre, *Fast unfolding of communities in large networks*, J. Stat. Mech. 2008).
///
/// Each level starts from singletons and repeats passes over the nodes in a seeded random order
/// (shuffled once per level, like networkx; each level's nodes are numbered in that order, see
/// `CommunityLevelGraph`); each node moves to the neighbouring community of largest modularity
/// gain
///
///     ΔQ(v → C) ∝ w(v, C) − γ k_v Σ_C / 2m      (v taken out of its own community first)
///
/// if that beats staying by more than rounding. Passes skip nodes none of whose neighbours moved
/// since they were last visited (the pruning of Ozaki, Tezuka & Inaba, *A Simple Acceleration
/// Method for the Louvain Algorithm*, 2016: a moved node wakes its neighbours outside its new
/// community; same fixed points, far fewer visits) and stop when a
/// pass gains less than `tolerance` in modularity. The partition is then collapsed into a graph
/// of communities (`CommunityLevelGraph.aggregate`, counting sort) and the next level runs on it,
/// until a level moves nothing, gains at most `tolerance`, or `maxLevels` levels ran.
///
/// Input: an undirected `WeightedGraph` (both directions stored, self-loops once, non-negative
/// weights); parallel entries act as one edge of their summed weight. A node's neighbour
/// communities are summed in a touched-list (linear search for degrees up to 32, else a dense
/// accumulator), over unsafe buffers.
/// Deterministic for a seed (`GraphRNG`, SplitMix64). Each pass is O(V + E); the levels shrink
/// geometrically in practice, so a run is near O(E · passes of level 0). Memory O(V + E).
public enum Louvain {
    public static func run(_ g: WeightedGraph, resolution: Double = 1, seed: UInt64 = 0, tolerance: Double = 1e-7, maxLevels: Int = 32) -> CommunityPartition {
        let n = g.nodeCount
        var rng = GraphRNG(seed: seed)
        var (level, membership) = CommunityLevelGraph.shuffled(g, rng: &rng)
        guard n > 0, level.totalStrength > 0 else { return CommunityPartition.finish(g, membership: membership, resolution: resolution, levels: 0) }
        var quality = level.quality(resolution: resolution)
        var levels = 0
        while levels < maxLevels {
            var comm = moveNodes(level, resolution: resolution, tolerance: tolerance)
            let count = CommunityLevelGraph.densify(&comm)
            if count == level.nodeCount { break }   // nothing moved
            levels += 1
            let (next, node) = level.aggregate(comm, count: count, rng: &rng)
            node.withUnsafeBufferPointer { nd in
                membership.withUnsafeMutableBufferPointer { mb in for i in 0..<n { mb[i] = nd[Int(mb[i])] } }
            }
            level = next
            let q = level.quality(resolution: resolution)
            if q - quality <= tolerance { break }
            quality = q
        }
        // The last level's nodes are the communities: its quality is their modularity.
        return CommunityPartition.finish(g, membership: membership, resolution: resolution, levels: levels,
                                         known: level.quality(resolution: resolution))
    }

    /// Local moving on one level from singletons, visiting nodes by id (a random order, see
    /// `CommunityLevelGraph`); returns each node's community (a node id).
    static func moveNodes(_ lg: CommunityLevelGraph, resolution: Double, tolerance: Double) -> [Int32] {
        let n = lg.nodeCount
        var comm = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i) }; c = n }
        // Community totals interleaved with the accumulator: td[2c] = Σ_c, td[2c + 1] = w(v, c) or −1.
        var totals = [Double](unsafeUninitializedCapacity: 2 * n) { b, c in
            lg.strength.withUnsafeBufferPointer { k in for i in 0..<n { b[2 * i] = k[i]; b[2 * i + 1] = -1 } }
            c = 2 * n
        }
        var active = [Bool](repeating: true, count: n)
        var touched = [Int32](repeating: 0, count: n)
        var touchedWeight = [Double](repeating: 0, count: n)
        let scale = resolution / lg.totalStrength
        let toModularity = 2 / lg.totalStrength
        lg.offsets.withUnsafeBufferPointer { off in
        lg.targets.withUnsafeBufferPointer { tg in
        lg.weights.withUnsafeBufferPointer { wt in
        lg.strength.withUnsafeBufferPointer { kp in
        comm.withUnsafeMutableBufferPointer { cm in
        totals.withUnsafeMutableBufferPointer { td in
        active.withUnsafeMutableBufferPointer { act in
        touched.withUnsafeMutableBufferPointer { tc in
        touchedWeight.withUnsafeMutableBufferPointer { tw in
            while true {
                var moves = 0, gain = 0.0
                for i in 0..<n {
                    let v = i
                    if !act[v] { continue }
                    act[v] = false
                    let lo = Int(off[v]), hi = Int(off[v + 1])
                    let cv = Int(cm[v]), kv = kp[v]
                    let nt = CommunityLevelGraph.gather(lo, hi, tg, wt, cm, td.baseAddress! + 1, stride: 2, tc, tw)
                    td[2 * cv] -= kv
                    let f = scale * kv
                    let move = CommunityLevelGraph.bestMove(nt, cv, f, tc, tw, td)
                    let stay = move.stay
                    var best = move.best, bestGain = move.gain
                    if best != cv && bestGain - stay > 1e-12 * kv {
                        cm[v] = Int32(best); moves += 1; gain += bestGain - stay
                        for e in lo..<hi { let u = Int(tg[e]); if Int(cm[u]) != best { act[u] = true } }
                    } else {
                        best = cv
                    }
                    td[2 * best] += kv
                }
                if moves == 0 || gain * toModularity < tolerance { break }
            }
        }}}}}}}}}
        return comm
    }
}
