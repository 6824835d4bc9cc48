#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Weighted modularity maximisation by the Leiden algorithm (Traag, Waltman & van Eck, *From
/// Louvain to Leiden: guaranteeing well-connected communities*, Sci. Rep. 2019).
///
/// One iteration repeats three phases over ever smaller graphs:
/// 1. **Fast local moving**: a FIFO queue holding every node in seeded random order; a popped
///    node moves to the community (a neighbouring one or an empty one) of largest gain
///    `w(v, C) − γ k_v Σ_C / 2m` if that beats staying, and then its neighbours outside its new
///    community that are not queued are queued again. Ends when the queue is empty.
/// 2. **Refinement** of each community S: start from singletons; visit S's nodes in random
///    order; a node that is still a singleton and well connected to S
///    (`w(v, S − v) ≥ γ k_v (K_S − k_v) / 2m`) joins a well-connected cluster C of S
///    (`w(C, S − C) ≥ γ K_C (K_S − K_C) / 2m`) with non-negative gain, drawn with probability
///    ∝ exp(gain / θ), θ = `randomness` (in edge-weight units, as igraph and Waltman's
///    networkanalysis do; θ = 0 is greedy). Merging only along edges keeps every refined cluster
///    connected.
/// 3. **Aggregation** on the refined partition (counting sort), each aggregate node starting in
///    the community of phase 1 that contains it.
/// The iteration ends when phase 1 leaves every node of the current graph in its own community;
/// the communities are then unions of refined clusters, hence connected. (If a refinement
/// merges nothing, the graph is aggregated by the connected parts of the phase-1 communities
/// instead, as igraph falls back to the unrefined partition, so that the run always progresses
/// and connectivity still holds.) Further iterations, up to `maxIterations`, restart from the
/// result on the input graph and stop early once an iteration changes nothing.
///
/// Input as for `Louvain` (undirected, both directions stored, non-negative weights). Each
/// phase is O(V + E) per level plus the queue's revisits; memory O(V + E). Deterministic for a
/// seed (`GraphRNG`, SplitMix64).
public enum Leiden {
    public static func run(_ g: WeightedGraph, resolution: Double = 1, seed: UInt64 = 0, randomness: Double = 0.01, maxIterations: Int = 2) -> CommunityPartition {
        let n = g.nodeCount
        var rng = GraphRNG(seed: seed)
        let (base, position) = CommunityLevelGraph.shuffled(g, rng: &rng)
        var result = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i) }; c = n }
        guard n > 0, base.totalStrength > 0 else { return CommunityPartition.finish(g, membership: result, resolution: resolution, levels: 0) }
        let scale = resolution / base.totalStrength
        var levels = 0
        for _ in 0..<max(1, maxIterations) {
            var level = base
            var comm = [Int32](repeating: 0, count: n)
            for v in 0..<n { comm[Int(position[v])] = result[v] }
            var membership = position
            levels = 0
            while true {
                levels += 1
                moveNodesFast(level, &comm, scale: scale)
                let communities = CommunityLevelGraph.densify(&comm)
                if communities == level.nodeCount { break }
                var refined = refine(level, comm, communities: communities, scale: scale, randomness: randomness, rng: &rng)
                var count = CommunityLevelGraph.densify(&refined)
                if count == level.nodeCount {
                    refined = connectedParts(level, comm)
                    count = CommunityLevelGraph.densify(&refined)
                    if count == level.nodeCount { comm = refined; break }
                }
                let (next, node) = level.aggregate(refined, count: count, rng: &rng)
                var initial = [Int32](repeating: 0, count: count)
                for v in 0..<level.nodeCount { initial[Int(node[v])] = comm[v] }
                node.withUnsafeBufferPointer { nd in
                    membership.withUnsafeMutableBufferPointer { mb in for i in 0..<n { mb[i] = nd[Int(mb[i])] } }
                }
                level = next
                comm = initial
            }
            var flat = membership
            for i in 0..<n { flat[i] = comm[Int(membership[i])] }
            flat = CommunityPartition.canonical(flat).community
            if flat == result { break }
            result = flat
        }
        return CommunityPartition.finish(g, membership: result, resolution: resolution, levels: levels)
    }

    /// Phase 1 from the labels in `comm` (values below the node count); the queue starts with the
    /// nodes by id (a random order, see `CommunityLevelGraph`) and runs until it is empty.
    static func moveNodesFast(_ lg: CommunityLevelGraph, _ comm: inout [Int32], scale: Double) {
        let n = lg.nodeCount
        // Community totals interleaved with the accumulator: td[2c] = Σ_c, td[2c + 1] = w(v, c) or −1.
        var totals = [Double](unsafeUninitializedCapacity: 2 * n) { b, c in
            for i in 0..<n { b[2 * i] = 0; b[2 * i + 1] = -1 }
            c = 2 * n
        }
        var size = [Int32](repeating: 0, count: n)
        for v in 0..<n { totals[2 * Int(comm[v])] += lg.strength[v]; size[Int(comm[v])] += 1 }
        var empty: [Int32] = []
        empty.reserveCapacity(n)
        for c in stride(from: n - 1, through: 0, by: -1) where size[c] == 0 { empty.append(Int32(c)) }
        var queue = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i) }; c = n }
        var queued = [Bool](repeating: true, count: n)
        var touched = [Int32](repeating: 0, count: n)
        var touchedWeight = [Double](repeating: 0, count: n)
        lg.offsets.withUnsafeBufferPointer { off in
        lg.targets.withUnsafeBufferPointer { tg in
        lg.weights.withUnsafeBufferPointer { wt in
        lg.strength.withUnsafeBufferPointer { kp in
        queue.withUnsafeMutableBufferPointer { q in
        comm.withUnsafeMutableBufferPointer { cm in
        totals.withUnsafeMutableBufferPointer { td in
        size.withUnsafeMutableBufferPointer { sz in
        queued.withUnsafeMutableBufferPointer { inq in
        touched.withUnsafeMutableBufferPointer { tc in
        touchedWeight.withUnsafeMutableBufferPointer { tw in
            var head = 0, pending = n
            while pending > 0 {
                let v = Int(q[head])
                head += 1; if head == n { head = 0 }
                pending -= 1
                inq[v] = false
                let lo = Int(off[v]), hi = Int(off[v + 1])
                let cv = Int(cm[v]), kv = kp[v]
                let nt = CommunityLevelGraph.gather(lo, hi, tg, wt, cm, td.baseAddress! + 1, stride: 2, tc, tw)
                td[2 * cv] -= kv; sz[cv] -= 1
                let f = scale * kv
                let move = CommunityLevelGraph.bestMove(nt, cv, f, tc, tw, td)
                let stay = move.stay
                var best = move.best, bestGain = move.gain
                var fresh = false
                if sz[cv] > 0 && bestGain < 0, let e = empty.last { best = Int(e); bestGain = 0; fresh = true }
                if best != cv && bestGain - stay > 1e-12 * kv {
                    if fresh { empty.removeLast() }
                    if sz[cv] == 0 { empty.append(Int32(cv)) }
                    cm[v] = Int32(best)
                    for e in lo..<hi {
                        let u = Int(tg[e])
                        if !inq[u] && Int(cm[u]) != best {
                            inq[u] = true
                            var tail = head + pending; if tail >= n { tail -= n }
                            q[tail] = Int32(u); pending += 1
                        }
                    }
                } else {
                    best = cv
                }
                td[2 * best] += kv; sz[best] += 1
            }
        }}}}}}}}}}}
    }

    /// Phase 2: refines each community of `comm` (dense, `communities` of them) from singletons;
    /// returns each node's refined cluster (a node id).
    static func refine(_ lg: CommunityLevelGraph, _ comm: [Int32], communities nc: Int, scale: Double, randomness: Double, rng: inout GraphRNG) -> [Int32] {
        let n = lg.nodeCount
        // Nodes bucketed by community, by id (a random order) within each.
        var start = [Int32](repeating: 0, count: nc + 1)
        for v in 0..<n { start[Int(comm[v]) + 1] += 1 }
        for c in 0..<nc { start[c + 1] += start[c] }
        var bucket = [Int32](repeating: 0, count: n)
        var cursor = Array(start[0..<nc])
        for v in 0..<n { let c = Int(comm[v]); bucket[Int(cursor[c])] = Int32(v); cursor[c] += 1 }

        var refined = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i) }; c = n }
        var clusterWeight = lg.strength
        var external = [Double](repeating: 0, count: n)
        var joined = [Bool](repeating: false, count: n)
        var acc = [Double](repeating: -1, count: n)
        var touched = [Int32](repeating: 0, count: n)
        var touchedWeight = [Double](repeating: 0, count: n)
        var chance = [Double](repeating: 0, count: n)
        lg.offsets.withUnsafeBufferPointer { off in
        lg.targets.withUnsafeBufferPointer { tg in
        lg.weights.withUnsafeBufferPointer { wt in
        lg.strength.withUnsafeBufferPointer { kp in
        comm.withUnsafeBufferPointer { cm in
        bucket.withUnsafeBufferPointer { bk in
        refined.withUnsafeMutableBufferPointer { rf in
        clusterWeight.withUnsafeMutableBufferPointer { cw in
        external.withUnsafeMutableBufferPointer { ex in
        joined.withUnsafeMutableBufferPointer { jn in
        acc.withUnsafeMutableBufferPointer { ac in
        touched.withUnsafeMutableBufferPointer { tc in
        touchedWeight.withUnsafeMutableBufferPointer { tw in
        chance.withUnsafeMutableBufferPointer { pr in
            for s in 0..<nc {
                let first = Int(start[s]), last = Int(start[s + 1])
                if last - first < 2 { continue }
                var totalS = 0.0
                for i in first..<last {
                    let v = Int(bk[i])
                    totalS += kp[v]
                    var inside = 0.0
                    for e in Int(off[v])..<Int(off[v + 1]) where Int(cm[Int(tg[e])]) == s { inside += wt[e] }
                    ex[v] = inside
                }
                for i in first..<last {
                    let v = Int(bk[i])
                    if jn[v] || Int(rf[v]) != v { continue }   // only singletons move
                    let kv = kp[v], extV = ex[v]
                    if extV < scale * kv * (totalS - kv) { continue }   // v not well connected to S
                    cw[v] = 0; ex[v] = 0
                    let nt = CommunityLevelGraph.gather(Int(off[v]), Int(off[v + 1]), tg, wt, rf, ac.baseAddress!, stride: 1, tc, tw)
                    // Candidates: v alone (gain 0) and well-connected clusters of gain ≥ 0.
                    let f = scale * kv
                    var maxGain = 0.0, best = v, eligible = 0
                    for j in 0..<nt {
                        let c = Int(tc[j])
                        let gain = tw[j] - f * cw[c]
                        if gain >= 0 && Int(cm[c]) == s && ex[c] >= scale * cw[c] * (totalS - cw[c]) {
                            pr[j] = gain; eligible += 1
                            if gain > maxGain { maxGain = gain; best = c }
                        } else {
                            pr[j] = -1
                        }
                    }
                    if eligible > 0 && randomness > 0 {
                        var sum = exp((0 - maxGain) / randomness)
                        for j in 0..<nt where pr[j] >= 0 { let p = exp((pr[j] - maxGain) / randomness); pr[j] = p; sum += p }
                        var r = rng.unit() * sum
                        r -= exp((0 - maxGain) / randomness)
                        best = v
                        if r >= 0 {
                            for j in 0..<nt where pr[j] >= 0 {
                                best = Int(tc[j])
                                r -= pr[j]
                                if r < 0 { break }
                            }
                        }
                    }
                    if best != v {
                        var wBest = 0.0
                        for j in 0..<nt where Int(tc[j]) == best { wBest = tw[j] }
                        rf[v] = Int32(best)
                        cw[best] += kv
                        ex[best] += extV - 2 * wBest
                        jn[best] = true
                    } else {
                        cw[v] = kv; ex[v] = extV
                    }
                }
            }
        }}}}}}}}}}}}}}
        return refined
    }

    /// Each community of `comm` split into its connected parts (labels are node ids).
    static func connectedParts(_ lg: CommunityLevelGraph, _ comm: [Int32]) -> [Int32] {
        let n = lg.nodeCount
        var part = [Int32](repeating: -1, count: n)
        var stack: [Int32] = []
        for s in 0..<n where part[s] < 0 {
            part[s] = Int32(s); stack.append(Int32(s))
            while let v = stack.popLast() {
                for e in Int(lg.offsets[Int(v)])..<Int(lg.offsets[Int(v) + 1]) {
                    let u = Int(lg.targets[e])
                    if part[u] < 0 && comm[u] == comm[s] { part[u] = Int32(s); stack.append(Int32(u)) }
                }
            }
        }
        return part
    }
}
