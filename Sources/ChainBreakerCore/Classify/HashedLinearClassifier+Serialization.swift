/// Compact binary model format, little-endian throughout:
///
/// ```
/// "CBTC" · version u8 (1) · engine u8 (0 cnb, 1 logistic) · minN u8 · maxN u8 · bits u8 · sublinear u8 · 0 u16
/// temperature f64
/// label count u32 · per label: byte length u32 + UTF-8
/// feature count F u32 · features u32×F · weights f32×F×C · unseen f32×C · bias f32×C
/// ```
///
/// O(F·C) both ways; a model round-trips bit for bit.
extension HashedLinearClassifier {
    static let magic: [UInt8] = Array("CBTC".utf8)
    public static let formatVersion: UInt8 = 1

    public func serialize() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + features.count * 4 * (1 + labels.count))
        out += HashedLinearClassifier.magic
        out += [HashedLinearClassifier.formatVersion, engine == .complementNB ? 0 : 1, UInt8(hasher.minN), UInt8(hasher.maxN),
                UInt8(hasher.bits), hasher.sublinear ? 1 : 0, 0, 0]
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func f32(_ v: Float) { u32(v.bitPattern) }
        withUnsafeBytes(of: temperature.bitPattern.littleEndian) { out += $0 }
        u32(UInt32(labels.count))
        for l in labels { let b = Array(l.utf8); u32(UInt32(b.count)); out += b }
        u32(UInt32(features.count))
        for f in features { u32(f) }
        for w in weights { f32(w) }
        for w in unseen { f32(w) }
        for w in bias { f32(w) }
        return out
    }

    /// Reads `serialize()` output; nil when the bytes are not a model of this format.
    public init?(bytes: [UInt8]) {
        var p = 0
        func take(_ n: Int) -> ArraySlice<UInt8>? {
            guard n >= 0, p + n <= bytes.count else { return nil }
            defer { p += n }
            return bytes[p..<(p + n)]
        }
        func u32() -> UInt32? {
            guard let s = take(4) else { return nil }
            var v: UInt32 = 0
            for (k, b) in s.enumerated() { v |= UInt32(b) << (8 * UInt32(k)) }
            return v
        }
        guard let head = take(12), Array(head.prefix(4)) == HashedLinearClassifier.magic else { return nil }
        let h = Array(head)
        guard h[4] == HashedLinearClassifier.formatVersion, h[5] <= 1 else { return nil }
        let minN = Int(h[6]), maxN = Int(h[7]), bits = Int(h[8])
        guard minN >= 1, maxN >= minN, maxN <= 8, bits >= 8, bits <= 30 else { return nil }
        guard let lo = u32(), let hi = u32() else { return nil }
        let temperature = Double(bitPattern: UInt64(lo) | (UInt64(hi) << 32))
        guard let lc = u32(), lc >= 1, lc < 1 << 16 else { return nil }
        var labels: [String] = []
        for _ in 0..<lc {
            guard let n = u32(), let s = take(Int(n)) else { return nil }
            labels.append(String(decoding: s, as: UTF8.self))
        }
        guard let fc = u32() else { return nil }
        let f = Int(fc), c = labels.count
        guard bytes.count - p == 4 * (f + f * c + 2 * c) else { return nil }
        var features = [UInt32](); features.reserveCapacity(f)
        for _ in 0..<f { features.append(u32()!) }
        func floats(_ n: Int) -> [Float] { (0..<n).map { _ in Float(bitPattern: u32()!) } }
        let weights = floats(f * c), unseen = floats(c), bias = floats(c)
        for k in 1..<max(1, features.count) where features[k] <= features[k - 1] { return nil }
        self.init(engine: h[5] == 0 ? .complementNB : .logistic,
                  hasher: NGramHasher(minN: minN, maxN: maxN, bits: bits, sublinear: h[9] != 0),
                  labels: labels, features: features, weights: weights, unseen: unseen, bias: bias, temperature: temperature)
    }
}
