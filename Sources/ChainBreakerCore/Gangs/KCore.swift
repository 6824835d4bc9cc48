/// Core numbers (k-core decomposition) of an undirected graph by bucket peeling (Batagelj &
/// Zaversnik, *An O(m) Algorithm for Cores Decomposition of Networks*, 2003): O(V + E).
/// Self-loops are ignored; parallel entries count towards the degree (pass a combined graph for
/// simple-graph cores).
public enum KCore {
    public static func coreNumbers(_ g: WeightedGraph) -> [Int32] {
        let n = g.nodeCount
        var deg = [Int](repeating: 0, count: n)
        var maxDeg = 0
        for v in 0..<n {
            for k in g.neighbours(v) where Int(g.targets[k]) != v { deg[v] += 1 }
            maxDeg = max(maxDeg, deg[v])
        }
        // Bucket sort nodes by degree.
        var bin = [Int](repeating: 0, count: maxDeg + 2)
        for v in 0..<n { bin[deg[v]] += 1 }
        var start = 0
        for d in 0...maxDeg { let c = bin[d]; bin[d] = start; start += c }
        var pos = [Int](repeating: 0, count: n), vert = [Int](repeating: 0, count: n)
        for v in 0..<n { pos[v] = bin[deg[v]]; vert[pos[v]] = v; bin[deg[v]] += 1 }
        for d in stride(from: maxDeg, to: 0, by: -1) { bin[d] = bin[d - 1] }
        if maxDeg >= 0 { bin[0] = 0 }
        for i in 0..<n {
            let v = vert[i]
            for k in g.neighbours(v) {
                let u = Int(g.targets[k])
                if u == v || deg[u] <= deg[v] { continue }
                let du = deg[u], pu = pos[u], pw = bin[du], w = vert[pw]
                if u != w { pos[u] = pw; vert[pu] = w; pos[w] = pu; vert[pw] = u }
                bin[du] += 1; deg[u] -= 1
            }
        }
        return deg.map { Int32($0) }
    }
}
