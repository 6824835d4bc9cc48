/// Returns one shared `String` for equal byte sequences, so that values repeated on every row
/// (holder names, bank names, 摘要, currency, channel, device ids) are decoded and allocated once
/// per file instead of once per row. Open addressing on a 64-bit hash of the bytes; a hit is
/// confirmed by comparing the bytes. Expected O(length) per lookup.
struct StringInterner {
    private var hashes: [UInt64]
    private var strings: [String]
    private var mask: Int
    private var count = 0
    /// Stop interning (return fresh strings) past this many distinct values: a column of unique
    /// values (serial numbers) must not grow the table without bound.
    private let limit: Int

    init(capacity: Int = 1024, limit: Int = 1 << 16) {
        var cap = 16
        while cap < capacity * 2 { cap <<= 1 }
        hashes = [UInt64](repeating: 0, count: cap)
        strings = [String](repeating: "", count: cap)
        mask = cap - 1
        self.limit = limit
    }

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
        var i = 0
        if let p = b.baseAddress {
            let raw = UnsafeRawPointer(p)
            while i + 8 <= b.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 29
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < b.count { tail |= UInt64(b[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 32
        return h | 1 // 0 marks an empty slot
    }

    /// The string for `bytes` (nil for empty input).
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let b = bytes.trimmed
        if b.isEmpty { return nil }
        let h = StringInterner.hash(b)
        var i = Int(truncatingIfNeeded: h) & mask
        while hashes[i] != 0 {
            if hashes[i] == h {
                var s = strings[i]
                let same = s.withUTF8 { u in u.count == b.count && memcmpEqual(u, b) }
                if same { return s }
            }
            i = (i + 1) & mask
        }
        let s = b.string
        if count >= limit { return s }
        if (count + 1) * 2 > hashes.count { grow(); return string(bytes) }
        hashes[i] = h; strings[i] = s; count += 1
        return s
    }

    private mutating func grow() {
        let oldH = hashes, oldS = strings
        let cap = hashes.count * 2
        hashes = [UInt64](repeating: 0, count: cap)
        strings = [String](repeating: "", count: cap)
        mask = cap - 1
        for (h, s) in zip(oldH, oldS) where h != 0 {
            var i = Int(truncatingIfNeeded: h) & mask
            while hashes[i] != 0 { i = (i + 1) & mask }
            hashes[i] = h; strings[i] = s
        }
    }
}
