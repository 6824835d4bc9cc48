/// An indexed min-priority structure over the fixed ids `0..<count`: a complete binary
/// tournament tree ("priority tree", as in FRAUDAR and FlowScope) whose every inner node holds the
/// smallest `(key, id)` pair of its subtree, so the minimum is read at the root in O(1) and any
/// key can be raised or lowered in O(log n). Ties go to the smaller id, which makes peeling orders
/// deterministic. An update walks up only while the pair stored at a node changes, so lowering a
/// key that does not win its parent's match, or raising one that was not winning, costs O(1).
///
/// A removed id has key `+infinity` (``remove(_:)``); ``minimum`` reports `+infinity` once every id
/// is removed. Storage: 2 × (next power of two ≥ count) entries of 16 bytes, one allocation. Keys
/// must not be NaN. A reference type over raw memory so the peeling loops pay no copy-on-write or
/// bounds checks; it is not `Sendable` and not meant to be shared.
public final class IndexedMinTree {
    @usableFromInline struct Entry { @usableFromInline var key: Double; @usableFromInline var id: Int32 }
    public let count: Int
    @usableFromInline let leafCount: Int
    @usableFromInline let nodes: UnsafeMutablePointer<Entry>

    /// Builds the tree over `keys` (id `i` has key `keys[i]`) in O(n).
    public init(_ keys: [Double]) {
        count = keys.count
        var l = 1
        while l < max(1, keys.count) { l <<= 1 }
        leafCount = l
        nodes = .allocate(capacity: 2 * l)
        for i in 0..<l { nodes[l + i] = Entry(key: i < keys.count ? keys[i] : .infinity, id: Int32(i)) }
        var k = l - 1
        while k >= 1 { nodes[k] = Self.better(nodes[2 * k], nodes[2 * k + 1]); k -= 1 }
        nodes[0] = Entry(key: .infinity, id: -1)   // unused slot (the root is node 1)
    }

    deinit { nodes.deallocate() }

    @inline(__always) @usableFromInline static func better(_ a: Entry, _ b: Entry) -> Entry {
        (a.key < b.key || (a.key == b.key && a.id < b.id)) ? a : b
    }

    /// The id with the smallest key (smallest id among equal keys) and its key; key is `+infinity`
    /// when every id has been removed.
    @inlinable public var minimum: (id: Int, key: Double) {
        let e = nodes[1]
        return (Int(e.id), e.key)
    }

    @inlinable public func key(_ i: Int) -> Double { nodes[leafCount + i].key }

    /// Sets the key of `i` (up or down).
    @inlinable public func update(_ i: Int, to key: Double) {
        var k = leafCount + i
        nodes[k].key = key
        k >>= 1
        while k >= 1 {
            let b = Self.better(nodes[2 * k], nodes[2 * k + 1])
            if b.id == nodes[k].id && b.key == nodes[k].key { break }
            nodes[k] = b
            k >>= 1
        }
    }

    /// Adds `delta` to the key of `i`.
    @inlinable public func add(_ i: Int, _ delta: Double) { update(i, to: nodes[leafCount + i].key + delta) }

    /// Removes `i` (its key becomes `+infinity`).
    @inlinable public func remove(_ i: Int) { update(i, to: .infinity) }
}
