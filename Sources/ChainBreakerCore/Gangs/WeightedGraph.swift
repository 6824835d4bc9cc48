/// A weighted graph in CSR form over dense node ids `0..<nodeCount`.
///
/// Built from an edge list by counting sort on the source: O(V + E), two passes, no hashing.
/// Repeated edges between a pair are **kept** as parallel entries unless `combine` is set, in
/// which case each node's list is sorted and parallel entries are summed (on purpose: networkx's
/// `DiGraph` silently keeps only the last one). `undirected` stores every edge in both lists.
public struct WeightedGraph: Sendable {
    public let nodeCount: Int
    public let offsets: [Int32]
    public let targets: [Int32]
    public let weights: [Double]

    public var entryCount: Int { targets.count }

    @inlinable public func neighbours(_ v: Int) -> Range<Int> { Int(offsets[v])..<Int(offsets[v + 1]) }
    @inlinable public func degree(_ v: Int) -> Int { Int(offsets[v + 1] - offsets[v]) }

    public init(nodeCount n: Int, from: [Int32], to: [Int32], weights w: [Double]? = nil, undirected: Bool, combine: Bool = false) {
        precondition(from.count == to.count && (w == nil || w!.count == from.count))
        var counts = [Int32](repeating: 0, count: n + 1)
        var tg = [Int32](repeating: 0, count: 0)
        var wt = [Double](repeating: 0, count: 0)
        let m = from.count
        from.withUnsafeBufferPointer { fp in
        to.withUnsafeBufferPointer { tp in
            counts.withUnsafeMutableBufferPointer { cp in
                for i in 0..<m {
                    cp[Int(fp[i]) + 1] &+= 1
                    if undirected && fp[i] != tp[i] { cp[Int(tp[i]) + 1] &+= 1 }
                }
                for i in 0..<n { cp[i + 1] &+= cp[i] }
            }
            let total = Int(counts[n])
            var cursor = Array(counts[0..<n])
            tg = [Int32](unsafeUninitializedCapacity: total) { _, c in c = total }   // every slot is written below
            wt = [Double](unsafeUninitializedCapacity: total) { _, c in c = total }
            tg.withUnsafeMutableBufferPointer { tgp in
            wt.withUnsafeMutableBufferPointer { wtp in
            cursor.withUnsafeMutableBufferPointer { cur in
                func place(_ wp: UnsafeBufferPointer<Double>?) {
                    for i in 0..<m {
                        let a = Int(fp[i]), b = Int(tp[i]), x = wp?[i] ?? 1
                        let k = Int(cur[a]); tgp[k] = Int32(b); wtp[k] = x; cur[a] &+= 1
                        if undirected && a != b { let j = Int(cur[b]); tgp[j] = Int32(a); wtp[j] = x; cur[b] &+= 1 }
                    }
                }
                if let w { w.withUnsafeBufferPointer { place($0) } } else { place(nil) }
            }}}
        }}
        if combine {
            var outOffsets = [Int32](repeating: 0, count: n + 1)
            var ot: [Int32] = [], ow: [Double] = []
            ot.reserveCapacity(tg.count); ow.reserveCapacity(tg.count)
            var order: [Int] = []
            for v in 0..<n {
                let lo = Int(counts[v]), hi = Int(counts[v + 1])
                order.removeAll(keepingCapacity: true)
                order.append(contentsOf: lo..<hi)
                order.sort { (tg[$0], $0) < (tg[$1], $1) }
                var k = 0
                while k < order.count {
                    let t = tg[order[k]]; var sum = 0.0
                    while k < order.count && tg[order[k]] == t { sum += wt[order[k]]; k += 1 }
                    ot.append(t); ow.append(sum)
                }
                outOffsets[v + 1] = Int32(ot.count)
            }
            nodeCount = n; offsets = outOffsets; targets = ot; weights = ow
        } else {
            nodeCount = n; offsets = counts; targets = tg; weights = wt
        }
    }
}
