/// The hashed indices that occur in a training set, renumbered 0..<F (F = distinct indices), so
/// trainers keep F × C weights instead of 2^bits × C. A rank table over the hashed space gives
/// each index its compact id: O(nnz + 2^bits) time, 4·2^bits bytes while training.
struct CompactFeatures {
    /// Distinct hashed indices, increasing (compact id = position).
    var features: [UInt32]
    /// Per document: compact ids (increasing) and values.
    var ids: [[Int32]]
    var values: [[Float]]

    init(_ docs: [HashedFeatures], dimension: Int) {
        var rank = [Int32](repeating: -1, count: dimension)
        for d in docs { for i in d.indices { rank[Int(i)] = 0 } }
        var uniq: [UInt32] = []
        var next: Int32 = 0
        for i in 0..<dimension where rank[i] == 0 { rank[i] = next; next += 1; uniq.append(UInt32(i)) }
        features = uniq
        ids = docs.map { d in d.indices.map { rank[Int($0)] } }
        values = docs.map(\.values)
    }
}
