/// A binary min-heap ordered by (time, seq): O(log n) push and pop, O(1) peek. `seq` breaks
/// ties deterministically (insertion order).
struct TimedHeap<Payload> {
    private(set) var items: [(time: Int64, seq: UInt64, payload: Payload)] = []
    private var counter: UInt64 = 0

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var minTime: Int64? { items.first?.time }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        items[a].time != items[b].time ? items[a].time < items[b].time : items[a].seq < items[b].seq
    }

    mutating func push(_ time: Int64, _ payload: Payload) {
        items.append((time, counter, payload))
        counter &+= 1
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if less(i, parent) { items.swapAt(i, parent); i = parent } else { break }
        }
    }

    mutating func pop() -> (time: Int64, payload: Payload)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && less(l, m) { m = l }
                if r < n && less(r, m) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return (top.time, top.payload)
    }
}
