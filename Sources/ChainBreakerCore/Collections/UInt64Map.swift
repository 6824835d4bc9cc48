/// An open-addressing hash map from `UInt64` keys to `Int64` values (linear probing,
/// multiplicative Fibonacci hashing, power-of-two capacity, load ≤ 0.5).
///
/// Built for interning account numbers packed as integers: a lookup is one multiply and
/// usually one cache line, several times faster than `Dictionary` with SipHash. `UInt64.max`
/// is reserved as the empty marker and cannot be a key. Expected O(1) per operation.
public struct UInt64Map: Sendable {
    private var keys: [UInt64]
    private var values: [Int64]
    private var mask: Int
    private var shift: UInt64
    public private(set) var count = 0
    public static let emptyKey = UInt64.max

    public init(minimumCapacity: Int = 16) {
        var cap = 16
        while cap < minimumCapacity * 2 { cap <<= 1 }
        keys = [UInt64](repeating: UInt64Map.emptyKey, count: cap)
        values = [Int64](repeating: 0, count: cap)
        mask = cap - 1
        shift = UInt64(64 - cap.trailingZeroBitCount)
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    public subscript(key: UInt64) -> Int64? {
        precondition(key != UInt64Map.emptyKey, "UInt64.max is reserved")
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == UInt64Map.emptyKey { return nil }
            i = (i + 1) & mask
        }
    }

    /// Inserts or replaces.
    public mutating func set(_ key: UInt64, _ value: Int64) {
        precondition(key != UInt64Map.emptyKey, "UInt64.max is reserved")
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { values[i] = value; return }
            if k == UInt64Map.emptyKey { keys[i] = key; values[i] = value; count += 1; return }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let cap = keys.count * 2
        keys = [UInt64](repeating: UInt64Map.emptyKey, count: cap)
        values = [Int64](repeating: 0, count: cap)
        mask = cap - 1
        shift = UInt64(64 - cap.trailingZeroBitCount)
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != UInt64Map.emptyKey { set(k, v) }
    }
}
