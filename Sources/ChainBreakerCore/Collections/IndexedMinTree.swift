/// An indexed min-priority structure over the fixed ids `0..<count` — the "priority tree" of
/// FRAUDAR and FlowScope — tuned for peeling millions of nodes: the keys sit in one flat array cut
/// into blocks of 64 ids, each block remembers its smallest `(key, id)`, and a complete binary
/// tournament tree over the block minima (a few hundred kilobytes for millions of ids, so it stays
/// in cache) gives the overall minimum at its root. Ties go to the smaller id, which makes
/// peeling orders deterministic.
///
/// Costs: ``minimum`` O(1). ``update(_:to:)`` compares with the block minimum; only when the block
/// minimum changes does it rescan the block (64 contiguous keys, when the minimum got worse) and
/// walk up the block tree, stopping as soon as a node's stored pair is unchanged — O(64 + log(n/64))
/// worst case, O(1) for the common "a neighbour lost an edge but is not the block's minimum" (a
/// flat binary tree over all ids pays a cache miss per level on every removal instead).
///
/// A removed id has key `+infinity` (``remove(_:)``); ``minimum`` reports `+infinity` once every id
/// is removed. Keys must not be NaN. A reference type over raw memory so the peeling loops pay no
/// copy-on-write or bounds checks; it is not `Sendable` and not meant to be shared.
public final class IndexedMinTree {
    struct Entry { var key: Double; var id: Int32 }
    static var shift: Int { 6 }
    public let count: Int
    let keys: UnsafeMutablePointer<Double>   // blockCount × 64, padded with +infinity
    let leafCount: Int                       // leaves of the block tree (power of two)
    let nodes: UnsafeMutablePointer<Entry>   // block tree: root 1, block b at leafCount + b

    /// Builds the structure over `keys` (id `i` has key `keys[i]`) in O(n).
    public init(_ initial: [Double]) {
        count = initial.count
        let blocks = max(1, (initial.count + 63) >> Self.shift)
        var l = 1
        while l < blocks { l <<= 1 }
        leafCount = l
        let k0 = UnsafeMutablePointer<Double>.allocate(capacity: blocks << Self.shift)
        k0.initialize(repeating: .infinity, count: blocks << Self.shift)
        for i in 0..<initial.count { k0[i] = initial[i] }
        keys = k0
        nodes = .allocate(capacity: 2 * l)
        nodes[0] = Entry(key: .infinity, id: -1)   // unused slot (the root is node 1)
        for b in 0..<l { nodes[l + b] = b < blocks ? scan(b) : Entry(key: .infinity, id: Int32.max) }
        var k = l - 1
        while k >= 1 { nodes[k] = Self.better(nodes[2 * k], nodes[2 * k + 1]); k -= 1 }
    }

    deinit { keys.deallocate(); nodes.deallocate() }

    @inline(__always) static func better(_ a: Entry, _ b: Entry) -> Entry {
        (a.key < b.key || (a.key == b.key && a.id < b.id)) ? a : b
    }

    /// The smallest (key, id) of block `b`.
    @inline(__always) func scan(_ b: Int) -> Entry {
        let base = b << Self.shift
        var bi = base, bk = keys[base]
        for j in (base + 1)..<(base + 64) where keys[j] < bk { bk = keys[j]; bi = j }
        return Entry(key: bk, id: Int32(bi))
    }

    /// The id with the smallest key (smallest id among equal keys) and its key; key is `+infinity`
    /// when every id has been removed.
    public var minimum: (id: Int, key: Double) {
        let e = nodes[1]
        return (Int(e.id), e.key)
    }

    public func key(_ i: Int) -> Double { keys[i] }

    /// Sets the key of `i` (up or down).
    public func update(_ i: Int, to key: Double) {
        keys[i] = key
        let b = i >> Self.shift
        var k = leafCount + b
        let cur = nodes[k]
        if key < cur.key || (key == cur.key && Int32(i) < cur.id) {
            nodes[k] = Entry(key: key, id: Int32(i))
        } else if Int(cur.id) == i {
            nodes[k] = scan(b)
        } else {
            return
        }
        k >>= 1
        while k >= 1 {
            let w = Self.better(nodes[2 * k], nodes[2 * k + 1])
            if w.id == nodes[k].id && w.key == nodes[k].key { break }
            nodes[k] = w
            k >>= 1
        }
    }

    /// Adds `delta` to the key of `i`.
    public func add(_ i: Int, _ delta: Double) { update(i, to: keys[i] + delta) }

    /// Removes `i` (its key becomes `+infinity`).
    public func remove(_ i: Int) { update(i, to: .infinity) }
}
