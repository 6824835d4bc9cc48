import ChainBreakerCore

/// A binary min-heap ordered by (time, seq): O(log n) push and pop, O(1) peek. `seq` breaks
/// ties deterministically (insertion order).
struct TimedHeap<Payload> {
    private struct Entry: Comparable {
        var time: Int64, seq: UInt64, payload: Payload
        static func < (a: Entry, b: Entry) -> Bool { (a.time, a.seq) < (b.time, b.seq) }
        static func == (a: Entry, b: Entry) -> Bool { (a.time, a.seq) == (b.time, b.seq) }
    }
    private var heap = MinHeap<Entry>()
    private var counter: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var minTime: Int64? { heap.min?.time }

    mutating func push(_ time: Int64, _ payload: Payload) {
        heap.push(Entry(time: time, seq: counter, payload: payload))
        counter &+= 1
    }

    mutating func pop() -> (time: Int64, payload: Payload)? {
        heap.pop().map { ($0.time, $0.payload) }
    }
}
