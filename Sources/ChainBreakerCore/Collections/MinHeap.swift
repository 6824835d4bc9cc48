/// A binary min-heap over a caller-supplied ordering, stored in one contiguous array.
/// push and pop are O(log n).
public struct MinHeap<Element> {
    @usableFromInline var items: [Element] = []
    @usableFromInline let less: (Element, Element) -> Bool

    public init(reservingCapacity n: Int = 0, less: @escaping (Element, Element) -> Bool) {
        self.less = less
        items.reserveCapacity(n)
    }

    public var isEmpty: Bool { items.isEmpty }
    public var count: Int { items.count }
    public var min: Element? { items.first }
    public mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    public mutating func push(_ x: Element) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if !less(items[i], items[p]) { break }
            items.swapAt(i, p); i = p
        }
    }

    @discardableResult
    public mutating func pop() -> Element? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && less(items[l], items[m]) { m = l }
                if r < n && less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m); i = m
            }
        }
        return top
    }
}
