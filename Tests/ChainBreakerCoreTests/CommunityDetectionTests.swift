import Testing
@testable import ChainBreakerCore

/// Louvain, Leiden and weighted modularity: known answers (networkx 3.6 values), planted
/// partitions, invariants (dense labels, determinism, connected Leiden communities) and
/// brute-force optima on tiny graphs.
@Suite struct CommunityDetectionTests {
    // MARK: fixtures

    static func graph(_ n: Int, _ edges: [(Int, Int)], weights: [Double]? = nil) -> WeightedGraph {
        WeightedGraph(nodeCount: n, from: edges.map { Int32($0.0) }, to: edges.map { Int32($0.1) }, weights: weights, undirected: true)
    }

    /// Zachary's karate club (networkx `karate_club_graph`), 78 edges, with its interaction counts.
    static let karate: [(Int, Int, Double)] = [
        (0, 1, 4), (0, 2, 5), (0, 3, 3), (0, 4, 3), (0, 5, 3), (0, 6, 3), (0, 7, 2), (0, 8, 2), (0, 10, 2), (0, 11, 3), (0, 12, 1),
        (0, 13, 3), (0, 17, 2), (0, 19, 2), (0, 21, 2), (0, 31, 2), (1, 2, 6), (1, 3, 3), (1, 7, 4), (1, 13, 5), (1, 17, 1), (1, 19, 2),
        (1, 21, 2), (1, 30, 2), (2, 3, 3), (2, 7, 4), (2, 8, 5), (2, 9, 1), (2, 13, 3), (2, 27, 2), (2, 28, 2), (2, 32, 2), (3, 7, 3),
        (3, 12, 3), (3, 13, 3), (4, 6, 2), (4, 10, 3), (5, 6, 5), (5, 10, 3), (5, 16, 3), (6, 16, 3), (8, 30, 3), (8, 32, 3), (8, 33, 4),
        (9, 33, 2), (13, 33, 3), (14, 32, 3), (14, 33, 2), (15, 32, 3), (15, 33, 4), (18, 32, 1), (18, 33, 2), (19, 33, 1), (20, 32, 3),
        (20, 33, 1), (22, 32, 2), (22, 33, 3), (23, 25, 5), (23, 27, 4), (23, 29, 3), (23, 32, 5), (23, 33, 4), (24, 25, 2), (24, 27, 3),
        (24, 31, 2), (25, 31, 7), (26, 29, 4), (26, 33, 2), (27, 33, 4), (28, 31, 2), (28, 33, 2), (29, 32, 4), (29, 33, 2), (30, 32, 3),
        (30, 33, 3), (31, 32, 4), (31, 33, 4), (32, 33, 5),
    ]
    /// The club split (0 = Mr. Hi, 1 = Officer).
    static let club: [Int32] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]

    static func karateGraph(weighted: Bool) -> WeightedGraph {
        graph(34, karate.map { ($0.0, $0.1) }, weights: weighted ? karate.map(\.2) : nil)
    }

    /// `k` cliques of `s` nodes in a ring; clique i's node i·s+1 is tied to the next clique's first node
    /// (networkx `ring_of_cliques`).
    static func ringOfCliques(_ k: Int, _ s: Int) -> WeightedGraph {
        var edges: [(Int, Int)] = []
        for c in 0..<k {
            for a in 0..<s { for b in (a + 1)..<s { edges.append((c * s + a, c * s + b)) } }
            edges.append((c * s + 1, ((c + 1) % k) * s))
        }
        return graph(k * s, edges)
    }

    /// A planted partition: `groups` groups of `size` nodes, each pair linked with probability
    /// `pIn` inside a group and `pOut` across.
    static func planted(groups: Int, size: Int, pIn: Double, pOut: Double, seed: UInt64) -> (WeightedGraph, [Int32]) {
        var rng = SplitMix(seed)
        let n = groups * size
        var from: [Int32] = [], to: [Int32] = []
        for a in 0..<n {
            for b in (a + 1)..<n {
                let p = a / size == b / size ? pIn : pOut
                if Double(rng.next() >> 11) * 0x1p-53 < p { from.append(Int32(a)); to.append(Int32(b)) }
            }
        }
        return (WeightedGraph(nodeCount: n, from: from, to: to, undirected: true), (0..<n).map { Int32($0 / size) })
    }

    /// Normalised mutual information (arithmetic mean normalisation, as sklearn's default).
    static func nmi(_ a: [Int32], _ b: [Int32]) -> Double {
        let n = Double(a.count)
        var joint: [Int64: Double] = [:], pa: [Int32: Double] = [:], pb: [Int32: Double] = [:]
        for (x, y) in zip(a, b) { joint[Int64(x) << 32 | Int64(y), default: 0] += 1; pa[x, default: 0] += 1; pb[y, default: 0] += 1 }
        func entropy(_ d: [Int32: Double]) -> Double { d.values.reduce(0) { $0 - $1 / n * log($1 / n) } }
        var mi = 0.0
        for (key, c) in joint {
            let x = Int32(key >> 32), y = Int32(truncatingIfNeeded: key)
            mi += c / n * log(c * n / (pa[x]! * pb[y]!))
        }
        let h = (entropy(pa) + entropy(pb)) / 2
        return h == 0 ? 1 : mi / h
    }

    /// Adjusted Rand index (Hubert & Arabie 1985).
    static func ari(_ a: [Int32], _ b: [Int32]) -> Double {
        func c2(_ x: Double) -> Double { x * (x - 1) / 2 }
        var joint: [Int64: Double] = [:], pa: [Int32: Double] = [:], pb: [Int32: Double] = [:]
        for (x, y) in zip(a, b) { joint[Int64(x) << 32 | Int64(y), default: 0] += 1; pa[x, default: 0] += 1; pb[y, default: 0] += 1 }
        let index = joint.values.reduce(0) { $0 + c2($1) }
        let sa = pa.values.reduce(0) { $0 + c2($1) }, sb = pb.values.reduce(0) { $0 + c2($1) }
        let expected = sa * sb / c2(Double(a.count)), top = (sa + sb) / 2
        return top == expected ? 1 : (index - expected) / (top - expected)
    }

    /// Natural log without Foundation.
    static func log(_ x: Double) -> Double {
        var m = x.significand, e = Double(x.exponent)
        if m > 1.414_213_562_373_095 { m /= 2; e += 1 }
        let t = (m - 1) / (m + 1), t2 = t * t
        var s = 0.0, p = t
        for k in stride(from: 1, through: 61, by: 2) { s += p / Double(k); p *= t2 }
        return 2 * s + e * 0.693_147_180_559_945_3
    }

    /// Labels are `0..<count`, every label used, numbered by first appearance.
    static func expectDense(_ p: CommunityPartition, nodes: Int) {
        #expect(p.community.count == nodes)
        var next: Int32 = 0
        for c in p.community {
            #expect(c >= 0 && c <= next)
            if c == next { next += 1 }
        }
        #expect(Int(next) == p.count)
    }

    /// Each community induces a connected subgraph.
    static func communitiesConnected(_ g: WeightedGraph, _ community: [Int32], count: Int) -> Bool {
        var seen = [Bool](repeating: false, count: g.nodeCount)
        var started = [Bool](repeating: false, count: count)
        for s in 0..<g.nodeCount where !seen[s] {
            if started[Int(community[s])] { return false }   // a second piece of a community
            started[Int(community[s])] = true
            seen[s] = true
            var stack = [s]
            while let v = stack.popLast() {
                for e in g.neighbours(v) {
                    let u = Int(g.targets[e])
                    if !seen[u] && community[u] == community[v] { seen[u] = true; stack.append(u) }
                }
            }
        }
        return true
    }

    /// Maximum modularity over all partitions (restricted growth strings), for tiny graphs.
    static func bruteForceOptimum(_ g: WeightedGraph) -> Double {
        let n = g.nodeCount
        var labels = [Int32](repeating: 0, count: n)
        var best = -Double.infinity
        func go(_ i: Int, _ used: Int32) {
            if i == n { best = max(best, CommunityPartition.modularity(g, labels)); return }
            for c in 0...used { labels[i] = c; go(i + 1, c == used ? used + 1 : used) }
        }
        labels[0] = 0
        go(1, 1)
        return best
    }

    enum Method: String, CaseIterable, Sendable { case louvain, leiden }

    static func detect(_ m: Method, _ g: WeightedGraph, resolution: Double = 1, seed: UInt64 = 0) -> CommunityPartition {
        switch m {
        case .louvain: Louvain.run(g, resolution: resolution, seed: seed)
        case .leiden: Leiden.run(g, resolution: resolution, seed: seed)
        }
    }

    // MARK: modularity against networkx

    @Test func modularityMatchesNetworkxOnKarate() {
        let plain = Self.karateGraph(weighted: false), weighted = Self.karateGraph(weighted: true)
        #expect(abs(CommunityPartition.modularity(plain, Self.club) - 0.3582347140039448) < 1e-12)
        #expect(abs(CommunityPartition.modularity(plain, Self.club, resolution: 0.5) - 0.6086045364891519) < 1e-12)
        #expect(abs(CommunityPartition.modularity(weighted, Self.club) - 0.39143756676224206) < 1e-12)
        #expect(abs(CommunityPartition.modularity(plain, [Int32](repeating: 3, count: 34))) < 1e-12)
    }

    /// networkx `MultiGraph` with parallel edges and self-loops (a loop counts twice in the degree, once inside).
    @Test func modularityMatchesNetworkxWithSelfLoopsAndParallelEdges() {
        let e = [(0, 1), (0, 1), (1, 2), (2, 0), (2, 2), (3, 4), (4, 5), (5, 3), (3, 3), (2, 3)]
        let w: [Double] = [2, 1.5, 1, 3, 0.5, 2, 1, 1, 4, 0.25]
        let g = Self.graph(6, e, weights: w)
        #expect(abs(CommunityPartition.modularity(g, [0, 0, 0, 1, 1, 1]) - 0.48461538461538467) < 1e-12)
        #expect(abs(CommunityPartition.modularity(g, [0, 0, 0, 1, 1, 1], resolution: 1.7) - 0.1346153846153847) < 1e-12)
        #expect(abs(CommunityPartition.modularity(g, [0, 0, 1, 1, 2, 2]) - 0.17325443786982253) < 1e-12)
        #expect(abs(CommunityPartition.modularity(g, [5, 5, 5, 5, 5, 5])) < 1e-12)
        // Parallel entries and their combined sum give the same modularity.
        let combined = WeightedGraph(nodeCount: 6, from: e.map { Int32($0.0) }, to: e.map { Int32($0.1) }, weights: w, undirected: true, combine: true)
        #expect(abs(CommunityPartition.modularity(combined, [0, 0, 1, 1, 2, 2]) - 0.17325443786982253) < 1e-12)
    }

    // MARK: known answers

    @Test(arguments: Method.allCases) func twoCliquesJoinedByOneEdge(method: Method) {
        var edges: [(Int, Int)] = []
        for base in [0, 5] { for a in 0..<5 { for b in (a + 1)..<5 { edges.append((base + a, base + b)) } } }
        edges.append((4, 5))
        let g = Self.graph(10, edges)
        let p = Self.detect(method, g)
        #expect(p.count == 2)
        #expect(p.community == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        #expect(abs(p.modularity - CommunityPartition.modularity(g, p.community)) < 1e-12)
    }

    /// networkx `louvain_communities` reaches 0.4152–0.4188 unweighted over seeds 0–4 (the optimum
    /// is 0.4198) and, with the interaction counts, 0.4266–0.4449 over seeds 0–39, mean 0.4413.
    @Test(arguments: Method.allCases) func karateClub(method: Method) {
        var weightedSum = 0.0
        for seed: UInt64 in 0..<20 {
            let plain = Self.detect(method, Self.karateGraph(weighted: false), seed: seed)
            if seed < 5 { #expect(plain.modularity >= 0.41) }
            #expect(plain.modularity <= 0.41979 + 1e-4)
            #expect((3...6).contains(plain.count))
            Self.expectDense(plain, nodes: 34)
            let weighted = Self.detect(method, Self.karateGraph(weighted: true), seed: seed)
            #expect(weighted.modularity >= 0.41 && weighted.modularity <= 0.4449036 + 1e-6)
            weightedSum += weighted.modularity
        }
        #expect(weightedSum / 20 >= 0.435)
    }

    /// Eight 6-cliques in a ring: the cliques are the optimum (networkx: Q = 0.8125).
    @Test(arguments: Method.allCases) func ringOfCliques(method: Method) {
        let g = Self.ringOfCliques(8, 6)
        let p = Self.detect(method, g, seed: 3)
        #expect(p.community == (0..<48).map { Int32($0 / 6) })
        #expect(abs(p.modularity - 0.8125) < 1e-12)
    }

    /// Thirty 5-cliques: the resolution limit makes merging neighbouring cliques pay (networkx
    /// Louvain finds 18 communities, Q = 0.8855; cliques alone 0.8758, pairs 0.8879), but a clique
    /// is never split. A higher resolution gives the cliques back.
    @Test(arguments: Method.allCases) func ringOfCliquesResolutionLimit(method: Method) {
        let g = Self.ringOfCliques(30, 5)
        let p = Self.detect(method, g, seed: 1)
        #expect(p.count < 30)
        #expect(p.modularity > 0.8757575757575762)
        for c in 0..<30 { #expect(Set(p.community[(c * 5)..<(c * 5 + 5)]).count == 1) }
        let fine = Self.detect(method, g, resolution: 3, seed: 1)
        #expect(fine.community == (0..<150).map { Int32($0 / 5) })
    }

    /// The same square, heavy on opposite sides: the heavy pairs are the communities.
    @Test(arguments: Method.allCases) func weightsChangeTheAnswer(method: Method) {
        let square = [(0, 1), (1, 2), (2, 3), (3, 0)]
        let a = Self.detect(method, Self.graph(4, square, weights: [10, 1, 10, 1]))
        #expect(a.community == [0, 0, 1, 1])
        let b = Self.detect(method, Self.graph(4, square, weights: [1, 10, 1, 10]))
        #expect(b.community == [0, 1, 1, 0])
        // At scale: a uniform random topology whose weights are heavy inside five hidden groups.
        var rng = SplitMix(11)
        let n = 300
        var edges: [(Int, Int)] = [], w: [Double] = []
        for _ in 0..<6000 {
            let x = Int(rng.next() % UInt64(n)), y = Int(rng.next() % UInt64(n))
            if x == y { continue }
            edges.append((x, y)); w.append(x % 5 == y % 5 ? 20 : 1)
        }
        let truth = (0..<n).map { Int32($0 % 5) }
        let weighted = Self.detect(method, Self.graph(n, edges, weights: w))
        #expect(Self.nmi(weighted.community, truth) > 0.95)
        let plain = Self.detect(method, Self.graph(n, edges))
        #expect(Self.nmi(plain.community, truth) < 0.3)
    }

    @Test(arguments: Method.allCases) func emptyGraphAndIsolatedNodes(method: Method) {
        let empty = Self.detect(method, Self.graph(0, []))
        #expect(empty.community.isEmpty && empty.count == 0 && empty.modularity == 0)
        let bare = Self.detect(method, Self.graph(4, []))
        #expect(bare.community == [0, 1, 2, 3] && bare.count == 4 && bare.modularity == 0)
        // Two triangles with isolated nodes 0, 4 and 8 around them.
        let g = Self.graph(9, [(1, 2), (2, 3), (3, 1), (5, 6), (6, 7), (7, 5)])
        let p = Self.detect(method, g)
        #expect(p.community == [0, 1, 1, 1, 2, 3, 3, 3, 4])
        #expect(abs(p.modularity - 0.5) < 1e-12)
        // A self-loop only.
        let loop = Self.detect(method, Self.graph(2, [(0, 0)]))
        #expect(loop.count == 2 && abs(loop.modularity) < 1e-12)
    }

    // MARK: planted partitions and invariants

    @Test(arguments: Method.allCases, [1, 2, 3] as [UInt64]) func recoversPlantedPartition(method: Method, seed: UInt64) {
        let (g, truth) = Self.planted(groups: 20, size: 60, pIn: 0.15, pOut: 0.003, seed: seed)
        let p = Self.detect(method, g, seed: seed)
        Self.expectDense(p, nodes: g.nodeCount)
        #expect(Self.nmi(p.community, truth) > 0.97)
        #expect(Self.ari(p.community, truth) > 0.95)
        // Louvain may stop a hair short of the planted split (a node or two misplaced).
        #expect(p.modularity >= CommunityPartition.modularity(g, truth) - 0.002)
        #expect(abs(p.modularity - CommunityPartition.modularity(g, p.community)) < 1e-9)
    }

    @Test(arguments: Method.allCases) func deterministicForASeed(method: Method) {
        let (g, _) = Self.planted(groups: 12, size: 50, pIn: 0.06, pOut: 0.01, seed: 9)
        let a = Self.detect(method, g, seed: 42), b = Self.detect(method, g, seed: 42)
        #expect(a.community == b.community && a.modularity == b.modularity && a.levels == b.levels)
        // Noisy enough that the visiting order matters: some seed gives another partition.
        let others = (0..<8 as Range<UInt64>).map { Self.detect(method, g, seed: $0).community }
        #expect(others.contains { $0 != a.community })
    }

    /// Sparse random graphs (mean degree 3) invite disconnected communities; Leiden's refinement
    /// rules them out. Both must stay dense and consistent (networkx Louvain reaches Q = 0.652 on
    /// such a graph, `gnm_random_graph(3000, 4500)`).
    @Test(arguments: [5, 6, 7, 8] as [UInt64]) func leidenCommunitiesAreConnected(seed: UInt64) {
        var rng = SplitMix(seed)
        let n = 3000
        var edges: [(Int, Int)] = [], w: [Double] = []
        for _ in 0..<(3 * n / 2) {
            edges.append((Int(rng.next() % UInt64(n)), Int(rng.next() % UInt64(n))))
            w.append(Double(1 + rng.next() % 9))
        }
        for weights in [nil, w] {
            let g = Self.graph(n, edges, weights: weights)
            let leiden = Leiden.run(g, seed: seed)
            Self.expectDense(leiden, nodes: n)
            #expect(Self.communitiesConnected(g, leiden.community, count: leiden.count))
            let louvain = Louvain.run(g, seed: seed)
            Self.expectDense(louvain, nodes: n)
            #expect(leiden.modularity > 0.6 && louvain.modularity > 0.6)
            #expect(abs(leiden.modularity - CommunityPartition.modularity(g, leiden.community)) < 1e-9)
        }
        let (pg, _) = Self.planted(groups: 10, size: 80, pIn: 0.04, pOut: 0.004, seed: seed)
        let p = Leiden.run(pg, seed: seed, maxIterations: 1)
        #expect(Self.communitiesConnected(pg, p.community, count: p.count))
    }

    /// Against the optimum over every partition of small random weighted graphs.
    @Test(arguments: Method.allCases) func nearTheBruteForceOptimum(method: Method) {
        var rng = SplitMix(77)
        var gaps: [Double] = []
        for _ in 0..<12 {
            let n = 9
            var edges: [(Int, Int)] = [], w: [Double] = []
            for a in 0..<n { for b in (a + 1)..<n where rng.next() % 100 < 35 { edges.append((a, b)); w.append(Double(1 + rng.next() % 4)) } }
            let g = Self.graph(n, edges, weights: w)
            let best = Self.bruteForceOptimum(g)
            let p = Self.detect(method, g, seed: rng.next())
            #expect(p.modularity <= best + 1e-12)
            gaps.append(best - p.modularity)
        }
        #expect(gaps.max()! < 0.05)
        #expect(gaps.filter { $0 < 1e-9 }.count >= 9)
    }
}
