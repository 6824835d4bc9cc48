/// Weakly connected components by union–find with path halving and union by size (Tarjan, *Efficiency
/// of a Good But Not Linear Set Union Algorithm*, JACM 1975): O(E α(V)) straight over an edge
/// list, no adjacency needed. Components are numbered by their smallest node, in node order.
public enum ConnectedComponents {
    /// Component id of every node (`0..<count`) and the number of components.
    public static func weak(nodeCount n: Int, from: [Int32], to: [Int32]) -> (component: [Int32], count: Int) {
        var parent = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i) }; c = n }
        var size = [Int32](repeating: 1, count: n)
        parent.withUnsafeMutableBufferPointer { p in
            size.withUnsafeMutableBufferPointer { s in
                @inline(__always) func find(_ x: Int32) -> Int32 {
                    var x = x
                    while p[Int(x)] != x { let g = p[Int(p[Int(x)])]; p[Int(x)] = g; x = g }
                    return x
                }
                for i in 0..<from.count {
                    var a = find(from[i]), b = find(to[i])
                    if a == b { continue }
                    if s[Int(a)] < s[Int(b)] { swap(&a, &b) }
                    p[Int(b)] = a; s[Int(a)] += s[Int(b)]
                }
                for v in 0..<n { _ = find(Int32(v)) }
            }
        }
        // Number components by first appearance in node order.
        var label = [Int32](repeating: -1, count: n)
        var component = [Int32](repeating: 0, count: n)
        var count: Int32 = 0
        for v in 0..<n {
            var r = parent[v]
            while parent[Int(r)] != r { r = parent[Int(r)] }
            if label[Int(r)] < 0 { label[Int(r)] = count; count += 1 }
            component[v] = label[Int(r)]
        }
        return (component, Int(count))
    }
}
