/// Adjacency for greedy peeling (``Fraudar``, ``FlowScope``): one CSR over a combined id space
/// (e.g. [rows | columns]), every edge stored at both ends, built once and shrunk in place between
/// rounds.
///
/// - Built by a stable counting sort (``count(_:)`` for every end, ``startPlacing()``, then
///   ``place(_:_:)`` in input order), so each list keeps the input edge order and sums along a
///   list are the same doubles as sums over the edge list.
/// - An entry is 16 bytes — weight, neighbour, edge id — so removing a node reads one contiguous
///   run. Entries deleted between rounds are replaced by ``sink`` entries (the neighbour id
///   `nodeCount`, never alive) at the end of their list, so loops need no separate lengths.
/// - One bit per node says "still in S" (the peeling loops test it instead of a priority: 2M nodes
///   fit in 256 KB, the priorities do not).
///
/// The lists and offsets live in ``LargeBuffer``s (huge pages on Linux): peeling visits them in no
/// particular order. Not `Sendable`; one per detection.
final class PeelingGraph {
    struct Entry { var weight: Double; var node: Int32; var edge: Int32 }

    let nodeCount: Int
    let entryCount: Int
    let offsets: UnsafeMutablePointer<Int32>   // nodeCount + 1
    let entries: UnsafeMutablePointer<Entry>   // entryCount
    let alive: UnsafeMutablePointer<UInt64>    // nodeCount + 1 bits

    /// The neighbour id of deleted entries; never alive.
    var sink: Int32 { Int32(nodeCount) }

    /// Room for `entryCount` entries (twice the edge count when every edge is stored at both ends).
    init(nodeCount: Int, entryCount: Int) {
        precondition(nodeCount >= 0 && nodeCount < Int(Int32.max) && entryCount >= 0 && entryCount < Int(Int32.max))
        self.nodeCount = nodeCount; self.entryCount = entryCount
        offsets = LargeBuffer.allocate(Int32.self, count: nodeCount + 1)
        offsets.initialize(repeating: 0, count: nodeCount + 1)
        entries = LargeBuffer.allocate(Entry.self, count: entryCount)
        alive = .allocate(capacity: (nodeCount + 64) >> 6)
        alive.initialize(repeating: 0, count: (nodeCount + 64) >> 6)
    }

    deinit { LargeBuffer.deallocate(offsets); LargeBuffer.deallocate(entries); alive.deallocate() }

    /// Counts one entry of node `v` (first phase).
    @inline(__always) func count(_ v: Int) { offsets[v + 1] &+= 1 }

    /// Ends counting (second phase: ``place(_:_:)``). `offsets[v + 1]` becomes the start of `v`'s
    /// list and serves as its cursor: once every entry is placed it is the end of the list, i.e.
    /// the start of the next one (no separate cursor array).
    func startPlacing() {
        var start: Int32 = 0
        for v in 0..<nodeCount { let c = offsets[v + 1]; offsets[v + 1] = start; start &+= c }
        precondition(Int(start) == entryCount, "counted entries differ from entryCount")
    }

    /// Appends `e` to the list of `v` (in input order).
    @inline(__always) func place(_ v: Int, _ e: Entry) {
        entries[Int(offsets[v + 1])] = e; offsets[v + 1] &+= 1
    }

    /// Ends placing.
    func finishPlacing() {
        precondition(Int(offsets[nodeCount]) == entryCount, "placed entries differ from the counts")
    }

    /// The entry positions of `v` (deleted entries, if any, at the end: neighbour ``sink``).
    @inline(__always) func list(_ v: Int) -> Range<Int> { Int(offsets[v])..<Int(offsets[v + 1]) }

    @inline(__always) func isAlive(_ v: Int) -> Bool { alive[v >> 6] & (1 << UInt64(v & 63)) != 0 }
    @inline(__always) func kill(_ v: Int) { alive[v >> 6] &= ~(1 << UInt64(v & 63)) }

    /// Every node alive (the sink never).
    func reviveAll() {
        for i in 0..<((nodeCount + 64) >> 6) { alive[i] = ~0 }
        alive[nodeCount >> 6] &= (1 << UInt64(nodeCount & 63)) &- 1
    }

    /// Loads the first entry of `v`'s list (returned so the load is kept): called for the node
    /// most likely removed next, so its cache misses overlap with the current node's updates.
    @inline(__always) func touch(_ v: Int) -> UInt64 {
        let s = Int(offsets[v])
        return s < entryCount ? UInt64(UInt32(bitPattern: entries[s].node)) : 0
    }

    /// Keeps the live entries of `v` for which `keep` holds, in order; the rest become sinks.
    func compact(_ v: Int, keep: (Entry) -> Bool) {
        let r = list(v), sinkNode = sink
        var out = r.lowerBound
        for k in r {
            let e = entries[k]
            if e.node != sinkNode && keep(e) { entries[out] = e; out += 1 }
        }
        for k in out..<r.upperBound { entries[k] = Entry(weight: 0, node: sinkNode, edge: -1) }
    }
}
