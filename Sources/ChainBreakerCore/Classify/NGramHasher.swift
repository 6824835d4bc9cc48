/// Character n-gram features hashed into a fixed space (the "hashing trick": Weinberger, Dasgupta,
/// Langford, Smola & Attenberg, *Feature Hashing for Large Scale Multitask Learning*, ICML 2009).
///
/// Chinese needs no word segmenter here: every run of 1…`maxN` consecutive Unicode scalars of the
/// normalised text is a feature. The text is first folded (`normalize`): ASCII letters are
/// lowercased, full-width ASCII becomes ASCII, a run of digits becomes one `0` (phone numbers,
/// amounts and dates then share features instead of each being a new one), whitespace and control
/// characters are dropped. An n-gram's index is the 64-bit FNV-1a hash of its UTF-8 bytes, folded
/// to 32 bits and masked to `bits` bits; the hash of an n-gram extends the hash of its (n−1)-gram
/// prefix, so all n-grams starting at one position cost one pass over `maxN` scalars.
///
/// `features` counts equal indices (collisions add up), applies sublinear TF (1 + ln tf) when
/// `sublinear`, and L2-normalises. O(L·maxN·log(L·maxN)) for a text of L scalars (the sort).
public struct NGramHasher: Sendable, Equatable, Hashable {
    public var minN: Int
    public var maxN: Int
    public var bits: Int
    public var sublinear: Bool

    public init(minN: Int = 1, maxN: Int = 3, bits: Int = 20, sublinear: Bool = true) {
        precondition(minN >= 1 && maxN >= minN && maxN <= 8, "n-gram sizes must satisfy 1 ≤ minN ≤ maxN ≤ 8")
        precondition(bits >= 8 && bits <= 30, "bits must be in 8…30")
        self.minN = minN; self.maxN = maxN; self.bits = bits; self.sublinear = sublinear
    }

    /// Size of the feature space, 2^bits.
    public var dimension: Int { 1 << bits }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// 64-bit FNV-1a of a byte sequence (Fowler, Noll & Vo).
    public static func fnv1a64<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = fnvOffset
        for b in bytes { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }

    @inline(__always) static func extend(_ h: UInt64, _ s: Unicode.Scalar) -> UInt64 {
        var h = h
        let v = s.value
        if v < 0x80 {
            h = (h ^ UInt64(v)) &* fnvPrime
        } else if v < 0x800 {
            h = (h ^ UInt64(0xC0 | (v >> 6))) &* fnvPrime
            h = (h ^ UInt64(0x80 | (v & 0x3F))) &* fnvPrime
        } else if v < 0x10000 {
            h = (h ^ UInt64(0xE0 | (v >> 12))) &* fnvPrime
            h = (h ^ UInt64(0x80 | ((v >> 6) & 0x3F))) &* fnvPrime
            h = (h ^ UInt64(0x80 | (v & 0x3F))) &* fnvPrime
        } else {
            h = (h ^ UInt64(0xF0 | (v >> 18))) &* fnvPrime
            h = (h ^ UInt64(0x80 | ((v >> 12) & 0x3F))) &* fnvPrime
            h = (h ^ UInt64(0x80 | ((v >> 6) & 0x3F))) &* fnvPrime
            h = (h ^ UInt64(0x80 | (v & 0x3F))) &* fnvPrime
        }
        return h
    }

    /// The index of a 64-bit hash in a space of 2^bits.
    @inline(__always) public static func index(_ h: UInt64, bits: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: h ^ (h >> 32)) & UInt32((1 << bits) - 1)
    }

    /// The folded scalars features are taken from (see the type's documentation). O(L).
    public static func normalize(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count)
        var lastDigit = false
        for s0 in text.unicodeScalars {
            var v = s0.value
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }               // full-width ASCII
            if v == 0x3000 || v <= 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) { lastDigit = false; continue }
            if v >= 0x30 && v <= 0x39 {
                if !lastDigit { out.append("0") }
                lastDigit = true
                continue
            }
            lastDigit = false
            if v >= 0x41 && v <= 0x5A { v += 0x20 }
            out.append(Unicode.Scalar(v) ?? s0)
        }
        return out
    }

    /// Every n-gram index of `text` in order (start position, then n), duplicates kept.
    public func indices(_ text: String) -> [UInt32] {
        let s = NGramHasher.normalize(text)
        var out: [UInt32] = []
        out.reserveCapacity(s.count * (maxN - minN + 1))
        appendIndices(s, into: &out)
        return out
    }

    func appendIndices(_ s: [Unicode.Scalar], into out: inout [UInt32]) {
        let n = s.count
        s.withUnsafeBufferPointer { b in
            for i in 0..<n {
                var h = NGramHasher.fnvOffset
                var k = 0
                while k < maxN && i + k < n {
                    h = NGramHasher.extend(h, b[i + k])
                    k += 1
                    if k >= minN { out.append(NGramHasher.index(h, bits: bits)) }
                }
            }
        }
    }

    /// The hashed, TF-weighted, L2-normalised feature vector of a text.
    public func features(_ text: String) -> HashedFeatures {
        var idx = indices(text)
        if idx.isEmpty { return HashedFeatures(indices: [], values: []) }
        idx.sort()
        var outI: [UInt32] = []
        var outV: [Float] = []
        outI.reserveCapacity(idx.count); outV.reserveCapacity(idx.count)
        var norm = 0.0
        var j = 0
        while j < idx.count {
            var e = j + 1
            while e < idx.count && idx[e] == idx[j] { e += 1 }
            let tf = Double(e - j)
            let w = sublinear ? 1 + RatingMath.log(tf) : tf
            outI.append(idx[j]); outV.append(Float(w))
            norm += w * w
            j = e
        }
        let inv = Float(1 / norm.squareRoot())
        for k in outV.indices { outV[k] *= inv }
        return HashedFeatures(indices: outI, values: outV)
    }
}
