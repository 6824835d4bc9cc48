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
/// ``decrease(_:to:)``, the peeling update, never rescans and compares one stored pair per level.
/// ``reset(_:)`` loads new keys for every id in O(n) without reallocating (one tree, many rounds).
/// On Linux the keys are in huge pages when available (``LargeBuffer``).
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
    public convenience init(_ initial: [Double]) {
        self.init(count: initial.count)
        reset { k in for i in 0..<initial.count { k[i] = initial[i] } }
    }

    /// Allocates the structure for ids `0..<count`, every id removed (key `+infinity`); fill it
    /// with ``reset(_:)``.
    public init(count: Int) {
        self.count = count
        let blocks = max(1, (count + 63) >> Self.shift)
        var l = 1
        while l < blocks { l <<= 1 }
        leafCount = l
        keys = LargeBuffer.allocate(Double.self, count: blocks << Self.shift)
        keys.initialize(repeating: .infinity, count: blocks << Self.shift)
        nodes = .allocate(capacity: 2 * l)
        nodes.initialize(repeating: Entry(key: .infinity, id: -1), count: 2 * l)   // slot 0 unused (the root is node 1)
        reset { _ in }
    }

    /// Sets every key at once and rebuilds the block minima and the block tree in O(n), reusing
    /// the memory (e.g. once per peeling round). `fill` gets the `count` keys, all `+infinity`
    /// (removed) on entry; whatever it leaves is the new key of each id.
    public func reset(_ fill: (UnsafeMutableBufferPointer<Double>) -> Void) {
        let blocks = max(1, (count + 63) >> Self.shift)
        keys.update(repeating: .infinity, count: blocks << Self.shift)
        fill(UnsafeMutableBufferPointer(start: keys, count: count))
        let l = leafCount
        for b in 0..<l { nodes[l + b] = b < blocks ? scan(b) : Entry(key: .infinity, id: Int32.max) }
        var k = l - 1
        while k >= 1 { nodes[k] = Self.better(nodes[2 * k], nodes[2 * k + 1]); k -= 1 }
    }

    deinit { LargeBuffer.deallocate(keys); nodes.deallocate() }

    @inline(__always) static func better(_ a: Entry, _ b: Entry) -> Entry {
        (a.key < b.key || (a.key == b.key && a.id < b.id)) ? a : b
    }

    /// The smallest (key, id) of block `b`: the least key over four independent running minima
    /// (no data-dependent branches), then the first id holding it.
    @inline(__always) func scan(_ b: Int) -> Entry {
        let base = b << Self.shift
        var m0 = keys[base], m1 = keys[base + 1], m2 = keys[base + 2], m3 = keys[base + 3]
        var j = base + 4
        while j < base + 64 {
            m0 = min(m0, keys[j]); m1 = min(m1, keys[j + 1]); m2 = min(m2, keys[j + 2]); m3 = min(m3, keys[j + 3])
            j += 4
        }
        let m = min(min(m0, m1), min(m2, m3))
        var bi = base
        while !(keys[bi] == m) { bi += 1 }
        return Entry(key: keys[bi], id: Int32(bi))
    }

    /// The id with the smallest key (smallest id among equal keys) and its key; key is `+infinity`
    /// when every id has been removed.
    @inline(__always) public var minimum: (id: Int, key: Double) {
        let e = nodes[1]
        return (Int(e.id), e.key)
    }

    @inline(__always) public func key(_ i: Int) -> Double { keys[i] }

    /// Sets the key of `i` (up or down).
    public func update(_ i: Int, to key: Double) {
        keys[i] = key
        let b = i >> Self.shift
        let k = leafCount + b
        let cur = nodes[k]
        if key < cur.key || (key == cur.key && Int32(i) < cur.id) {
            raise(Entry(key: key, id: Int32(i)), from: k)
        } else if Int(cur.id) == i {
            nodes[k] = scan(b)
            repair(from: k >> 1)
        }
    }

    /// Lowers the key of `i` to `key` (≤ its current key; a larger one falls back to
    /// ``update(_:to:)``). Cheaper than `update`: no block rescan, and the walk up compares the new
    /// pair with one stored pair per level, stopping at the first that beats it.
    @inline(__always) public func decrease(_ i: Int, to key: Double) {
        if key > keys[i] { update(i, to: key); return }
        keys[i] = key
        let k = leafCount + (i >> Self.shift)
        let cur = nodes[k]
        if key < cur.key || (key == cur.key && Int32(i) <= cur.id) { raise(Entry(key: key, id: Int32(i)), from: k) }
    }

    /// `e` beats the pair stored at node `k`: store it there and at every ancestor it beats.
    @inline(__always) func raise(_ e: Entry, from k: Int) {
        var k = k
        nodes[k] = e
        k >>= 1
        while k >= 1 {
            let c = nodes[k]
            if !(e.key < c.key || (e.key == c.key && e.id <= c.id)) { break }
            nodes[k] = e
            k >>= 1
        }
    }

    /// Recomputes the block-tree nodes from `k` up, stopping at the first that is unchanged.
    func repair(from k: Int) {
        var k = k
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
