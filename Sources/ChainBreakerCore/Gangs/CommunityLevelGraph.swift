/// One level of a multi-level community search (Louvain, Leiden): an undirected weighted graph
/// in CSR form whose nodes stand for sets of input nodes, with each node's weighted degree
/// (`strength`, self-loops counted twice) and its internal weight (`loops`, in degree units:
/// twice the weight of the edges inside it). Self-loops only count through `loops`: level 0
/// keeps their entries with weight 0, aggregates store none.
///
/// **Every level numbers its nodes in a fresh seeded random order**, so that visiting nodes by
/// increasing id *is* the random visiting order of the papers while the node data is read
/// sequentially (on a million-node power-law graph this halves the time of a pass, which is
/// otherwise bound by a chain of cache misses per visited node). `shuffled` copies the input
/// graph under a random permutation; `aggregate` collapses a partition into the next level,
/// numbering the communities in a random order, by counting sort: one sequential pass buckets
/// the entries by the community of their source (relabelled by the community of their target),
/// then each bucket is merged in place with a dense accumulator and a touched-list (no hashing,
/// no sorting): O(V + E) time, O(V + E) space.
struct CommunityLevelGraph {
    var nodeCount: Int
    var offsets: [Int32]
    var targets: [Int32]
    var weights: [Double]
    var strength: [Double]
    var loops: [Double]
    /// 2m: the sum of all strengths.
    var totalStrength: Double

    /// The input graph under a random numbering; `position[v]` is input node v's id in the copy.
    static func shuffled(_ g: WeightedGraph, rng: inout GraphRNG) -> (graph: CommunityLevelGraph, position: [Int32]) {
        let n = g.nodeCount
        let order = rng.permutation(n)
        var position = [Int32](repeating: 0, count: n)
        var offsets = [Int32](repeating: 0, count: n + 1)
        var k = [Double](repeating: 0, count: n), l = [Double](repeating: 0, count: n)
        var total = 0.0
        var tg: [Int32] = [], wt: [Double] = []
        g.offsets.withUnsafeBufferPointer { off in
        g.targets.withUnsafeBufferPointer { gt in
        g.weights.withUnsafeBufferPointer { gw in
        order.withUnsafeBufferPointer { ord in
        position.withUnsafeMutableBufferPointer { pos in
        offsets.withUnsafeMutableBufferPointer { oo in
        k.withUnsafeMutableBufferPointer { kp in
        l.withUnsafeMutableBufferPointer { lp in
            for i in 0..<n { pos[Int(ord[i])] = Int32(i) }
            for i in 0..<n { let v = Int(ord[i]); oo[i + 1] = oo[i] &+ (off[v + 1] &- off[v]) }
            let count = Int(oo[n])
            // One sequential pass over the input scattering each list to its new place, summing
            // strengths and self-loops. A self-loop entry is kept with weight 0 (its weight lives
            // in `loops`), so that the offsets are the input's degrees.
            tg = [Int32](unsafeUninitializedCapacity: count) { tb, tc in
                wt = [Double](unsafeUninitializedCapacity: count) { wb, wc in
                    for v in 0..<n {
                        let i = Int(pos[v])
                        var j = Int(oo[i])
                        var s = 0.0, self2 = 0.0
                        for e in Int(off[v])..<Int(off[v + 1]) {
                            let u = Int(gt[e]), w = gw[e]
                            precondition(w >= 0, "community detection needs non-negative edge weights")
                            tb[j] = pos[u]
                            if u == v { s += 2 * w; self2 += 2 * w; wb[j] = 0 } else { s += w; wb[j] = w }
                            j += 1
                        }
                        kp[i] = s; lp[i] = self2; total += s
                    }
                    wc = count
                }
                tc = count
            }
        }}}}}}}}
        return (CommunityLevelGraph(nodeCount: n, offsets: offsets, targets: tg, weights: wt, strength: k, loops: l, totalStrength: total), position)
    }

    init(nodeCount: Int, offsets: [Int32], targets: [Int32], weights: [Double], strength: [Double], loops: [Double], totalStrength: Double) {
        self.nodeCount = nodeCount; self.offsets = offsets; self.targets = targets; self.weights = weights
        self.strength = strength; self.loops = loops; self.totalStrength = totalStrength
    }

    /// Modularity of the partition of the input graph whose communities are this level's nodes.
    func quality(resolution: Double) -> Double {
        guard totalStrength > 0 else { return 0 }
        var inside = 0.0, expected = 0.0
        for v in 0..<nodeCount {
            inside += loops[v]
            let d = strength[v] / totalStrength
            expected += d * d
        }
        return inside / totalStrength - resolution * expected
    }

    /// The graph of the communities of `labels` (dense, `0..<count`), numbered in a random order:
    /// an edge between two communities weighs the sum of the edges between their nodes. Returns it
    /// with each node's id in it.
    func aggregate(_ labels: [Int32], count nc: Int, rng: inout GraphRNG) -> (graph: CommunityLevelGraph, node: [Int32]) {
        let n = nodeCount
        let rename = rng.permutation(nc)
        var membership = labels
        membership.withUnsafeMutableBufferPointer { mb in
            rename.withUnsafeBufferPointer { rn in for v in 0..<n { mb[v] = rn[Int(mb[v])] } }
        }
        let entries = targets.count
        var start = [Int32](repeating: 0, count: nc + 1)
        var outOffsets = [Int32](repeating: 0, count: nc + 1)
        var outStrength = [Double](repeating: 0, count: nc), outLoops = [Double](repeating: 0, count: nc)
        let tgOut = UnsafeMutablePointer<Int32>.allocate(capacity: max(entries, 1))
        let wtOut = UnsafeMutablePointer<Double>.allocate(capacity: max(entries, 1))
        defer { tgOut.deallocate(); wtOut.deallocate() }
        var used = 0
        var acc = [Double](repeating: -1, count: nc)
        var touched = [Int32](repeating: 0, count: nc)
        membership.withUnsafeBufferPointer { cm in
        start.withUnsafeMutableBufferPointer { st in
        offsets.withUnsafeBufferPointer { off in
        targets.withUnsafeBufferPointer { tg in
        weights.withUnsafeBufferPointer { wt in
        strength.withUnsafeBufferPointer { kp in
        loops.withUnsafeBufferPointer { lp in
        acc.withUnsafeMutableBufferPointer { ac in
        touched.withUnsafeMutableBufferPointer { tc in
        outOffsets.withUnsafeMutableBufferPointer { oo in
        outStrength.withUnsafeMutableBufferPointer { os in
        outLoops.withUnsafeMutableBufferPointer { ol in
            // Counting sort of the entries by the community of their source, relabelled by the
            // community of their target: one sequential pass over the lists, scattered writes.
            for v in 0..<n { st[Int(cm[v]) + 1] &+= off[v + 1] &- off[v] }
            for c in 0..<nc { st[c + 1] &+= st[c] }
            var cursor = Array(st[0..<nc])
            cursor.withUnsafeMutableBufferPointer { cur in
                for v in 0..<n {
                    let c = Int(cm[v])
                    os[c] += kp[v]; ol[c] += lp[v]
                    var p = Int(cur[c])
                    for e in Int(off[v])..<Int(off[v + 1]) { tgOut[p] = cm[Int(tg[e])]; wtOut[p] = wt[e]; p += 1 }
                    cur[c] = Int32(p)
                }
            }
            // Merge each community's entries in place (its output never passes its input).
            for c in 0..<nc {
                var nt = 0
                var inside = 0.0
                for i in Int(st[c])..<Int(st[c + 1]) {
                    let cu = Int(tgOut[i]), w = wtOut[i]
                    if cu == c { inside += w; continue }
                    if ac[cu] < 0 { ac[cu] = w; tc[nt] = Int32(cu); nt += 1 } else { ac[cu] += w }
                }
                for j in 0..<nt {
                    let cu = Int(tc[j])
                    tgOut[used] = Int32(cu); wtOut[used] = ac[cu]; used += 1
                    ac[cu] = -1
                }
                oo[c + 1] = Int32(used); ol[c] += inside
            }
        }}}}}}}}}}}}
        let graph = CommunityLevelGraph(nodeCount: nc, offsets: outOffsets,
                                        targets: Array(UnsafeBufferPointer(start: tgOut, count: used)),
                                        weights: Array(UnsafeBufferPointer(start: wtOut, count: used)),
                                        strength: outStrength, loops: outLoops, totalStrength: totalStrength)
        return (graph, membership)
    }

    /// Sums the weight of the entries `lo..<hi` to each label of their targets into the
    /// touched-list `tc`/`tw` (label, weight), returning the list's length. Low-degree nodes (most
    /// of a power-law graph) accumulate by linear search in the touched-list, which stays in L1;
    /// others through the dense accumulator at `ac[label × stride]` (all −1 between calls, left
    /// so). The moving phases interleave it with the community totals (stride 2), so that reading
    /// a touched community's total after the accumulation hits the cache line just loaded.
    /// The best community for node v (taken out of its community `cv`) among the `nt` touched
    /// ones (`tc`, with link weights `tw`), by the modularity gain w(v, C) − f·Σ_C with f = γ k_v / 2m
    /// and Σ_C read from the interleaved totals `td` (stride 2). Returns the community, its gain
    /// and the gain of staying; ties keep the earlier community (staying first).
    @inline(__always)
    static func bestMove(_ nt: Int, _ cv: Int, _ f: Double, _ tc: UnsafeMutableBufferPointer<Int32>,
                         _ tw: UnsafeMutableBufferPointer<Double>, _ td: UnsafeMutableBufferPointer<Double>) -> (best: Int, gain: Double, stay: Double) {
        var own = 0.0
        for j in 0..<nt where Int(tc[j]) == cv { own = tw[j] }
        let stay = own - f * td[2 * cv]
        var best = cv, bestGain = stay
        for j in 0..<nt {
            let c = Int(tc[j])
            let gc = tw[j] - f * td[2 * c]
            if gc > bestGain { best = c; bestGain = gc }
        }
        return (best, bestGain, stay)
    }

    @inline(__always)
    static func gather(_ lo: Int, _ hi: Int, _ tg: UnsafeBufferPointer<Int32>, _ wt: UnsafeBufferPointer<Double>,
                       _ label: UnsafeMutableBufferPointer<Int32>, _ ac: UnsafeMutablePointer<Double>, stride: Int,
                       _ tc: UnsafeMutableBufferPointer<Int32>, _ tw: UnsafeMutableBufferPointer<Double>) -> Int {
        var nt = 0
        if hi - lo <= 32 {
            for e in lo..<hi {
                let c = label[Int(tg[e])], w = wt[e]
                var j = 0
                while j < nt && tc[j] != c { j += 1 }
                if j == nt { tc[nt] = c; tw[nt] = w; nt += 1 } else { tw[j] += w }
            }
        } else {
            for e in lo..<hi {
                let c = Int(label[Int(tg[e])]), w = wt[e]
                let a = ac + c * stride
                if a.pointee < 0 { a.pointee = w; tc[nt] = Int32(c); nt += 1 } else { a.pointee += w }
            }
            for j in 0..<nt { let a = ac + Int(tc[j]) * stride; tw[j] = a.pointee; a.pointee = -1 }
        }
        return nt
    }

    /// Renumbers `labels` (values below `nodeCount`) densely by first appearance; returns the count.
    static func densify(_ labels: inout [Int32]) -> Int {
        let n = labels.count
        var map = [Int32](repeating: -1, count: n)
        var count: Int32 = 0
        map.withUnsafeMutableBufferPointer { mp in
            labels.withUnsafeMutableBufferPointer { lb in
                for v in 0..<n {
                    let c = Int(lb[v])
                    if mp[c] < 0 { mp[c] = count; count += 1 }
                    lb[v] = mp[c]
                }
            }
        }
        return Int(count)
    }
}
