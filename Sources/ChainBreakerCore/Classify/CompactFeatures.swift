/// The hashed indices that occur in a training set, renumbered 0..<F (F = distinct indices), so
/// trainers keep F × C weights instead of 2^bits × C. O(nnz log nnz).
struct CompactFeatures {
    /// Distinct hashed indices, increasing (compact id = position).
    var features: [UInt32]
    /// Per document: compact ids (increasing) and values.
    var ids: [[Int32]]
    var values: [[Float]]

    init(_ docs: [HashedFeatures]) {
        var all: [UInt32] = []
        all.reserveCapacity(docs.reduce(0) { $0 + $1.count })
        for d in docs { all.append(contentsOf: d.indices) }
        all.sort()
        var uniq: [UInt32] = []
        uniq.reserveCapacity(all.count / 4)
        for i in all where uniq.last != i { uniq.append(i) }
        features = uniq
        ids = []; values = []
        ids.reserveCapacity(docs.count); values.reserveCapacity(docs.count)
        uniq.withUnsafeBufferPointer { f in
            for d in docs {
                var out = [Int32](); out.reserveCapacity(d.count)
                var lo = 0
                for i in d.indices {
                    var a = lo, b = f.count
                    while a < b { let m = (a + b) >> 1; if f[m] < i { a = m + 1 } else { b = m } }
                    out.append(Int32(a)); lo = a
                }
                ids.append(out); values.append(d.values)
            }
        }
    }
}
