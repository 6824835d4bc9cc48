import Testing
@testable import ChainBreakerCore

@Suite struct GraphAlgorithmTests {
    @Test func csrKeepsOrCombinesParallelEdges() {
        let multi = WeightedGraph(nodeCount: 3, from: [0, 0, 1], to: [1, 1, 2], weights: [1, 2, 5], undirected: false)
        #expect(multi.degree(0) == 2 && multi.weights[multi.neighbours(0)].reduce(0, +) == 3)
        let combined = WeightedGraph(nodeCount: 3, from: [0, 0, 1], to: [1, 1, 2], weights: [1, 2, 5], undirected: true, combine: true)
        #expect(combined.degree(0) == 1 && combined.weights[combined.neighbours(0).lowerBound] == 3)
        #expect(Array(combined.targets[combined.neighbours(1)]) == [0, 2])
    }

    @Test func componentsKnownAnswer() {
        let (c, k) = ConnectedComponents.weak(nodeCount: 7, from: [0, 2, 4, 5], to: [1, 1, 5, 4])
        #expect(k == 4)
        #expect(c == [0, 0, 0, 1, 2, 2, 3])
    }

    /// Union–find against a breadth-first search on random graphs.
    @Test(arguments: [1, 2, 3] as [UInt64]) func componentsMatchBFS(seed: UInt64) {
        var rng = SplitMix(seed)
        let n = 500, m = 420
        let from = (0..<m).map { _ in Int32(rng.next() % UInt64(n)) }, to = (0..<m).map { _ in Int32(rng.next() % UInt64(n)) }
        let (c, k) = ConnectedComponents.weak(nodeCount: n, from: from, to: to)
        let g = WeightedGraph(nodeCount: n, from: from, to: to, undirected: true)
        var seen = [Int32](repeating: -1, count: n)
        var label: Int32 = 0
        for s in 0..<n where seen[s] < 0 {
            var queue = [s]; seen[s] = label
            while let v = queue.popLast() { for e in g.neighbours(v) where seen[Int(g.targets[e])] < 0 { seen[Int(g.targets[e])] = label; queue.append(Int(g.targets[e])) } }
            label += 1
        }
        #expect(k == Int(label))
        #expect(c == seen)
    }

    /// networkx 3 `pagerank(G, alpha=0.85)` on a weighted DiGraph, with a dangling-free cycle and a source.
    @Test func pageRankMatchesNetworkx() {
        let g = WeightedGraph(nodeCount: 5, from: [0, 1, 2, 2, 3, 4], to: [1, 2, 0, 3, 0, 0], weights: [1, 2, 1, 1, 3, 1], undirected: false)
        let (r, _) = PageRank.run(g, tolerance: 1e-12, maxIterations: 1000)
        let expected = [0.28855512, 0.27527185, 0.26398107, 0.14219196, 0.03]
        for (a, b) in zip(r, expected) { #expect(abs(a - b) < 1e-6) }
        #expect(abs(r.reduce(0, +) - 1) < 1e-9)
    }

    @Test func pageRankCountsParallelEdges() {
        // 0 pays 1 three times and 2 once: a multigraph gives 1 three times 2's share from 0.
        let g = WeightedGraph(nodeCount: 3, from: [0, 0, 0, 0], to: [1, 1, 1, 2], undirected: false)
        let (r, _) = PageRank.run(g, tolerance: 1e-12, maxIterations: 1000)
        #expect(r[1] > r[2])
        #expect(abs((r[1] - r[2]) - 0.85 * r[0] * 0.5) < 1e-9)
    }

    /// networkx `core_number`: a triangle hanging off a K4 minus nothing — {3,4,5,6} is a K4.
    @Test func coreNumbersMatchNetworkx() {
        let edges: [(Int32, Int32)] = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3), (3, 6), (6, 4), (5, 6)]
        let g = WeightedGraph(nodeCount: 7, from: edges.map(\.0), to: edges.map(\.1), undirected: true)
        #expect(KCore.coreNumbers(g) == [2, 2, 2, 3, 3, 3, 3])
    }

    /// Bucket peeling against naive repeated peeling on random simple graphs.
    @Test(arguments: [4, 5, 6] as [UInt64]) func coreNumbersMatchNaivePeeling(seed: UInt64) {
        var rng = SplitMix(seed)
        let n = 120
        var set = Set<Int>()
        for _ in 0..<600 {
            let a = Int(rng.next() % UInt64(n)), b = Int(rng.next() % UInt64(n))
            if a != b { set.insert(min(a, b) * n + max(a, b)) }
        }
        let pairs = set.sorted().map { (Int32($0 / n), Int32($0 % n)) }
        let g = WeightedGraph(nodeCount: n, from: pairs.map(\.0), to: pairs.map(\.1), undirected: true)
        var adj = [Set<Int>](repeating: [], count: n)
        for (a, b) in pairs { adj[Int(a)].insert(Int(b)); adj[Int(b)].insert(Int(a)) }
        var core = [Int32](repeating: 0, count: n)
        var alive = Set(0..<n)
        var k = 0
        while !alive.isEmpty {
            var removed = true
            while removed {
                removed = false
                for v in alive.sorted() where adj[v].intersection(alive).count <= k {
                    core[v] = Int32(k); alive.remove(v); removed = true
                }
            }
            k += 1
        }
        #expect(KCore.coreNumbers(g) == core)
    }
}
