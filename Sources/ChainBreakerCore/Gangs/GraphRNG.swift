/// SplitMix64 (Steele, Lea & Flood, *Fast Splittable Pseudorandom Number Generators*, OOPSLA
/// 2014): the seeded generator behind the graph algorithms' random visiting orders, so that a
/// run is reproducible for a seed on every platform (never `SystemRandomNumberGenerator`). O(1)
/// per draw.
struct GraphRNG {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` by Lemire's multiply–shift (bias below 2⁻³² for bounds under 2³²).
    @inline(__always) mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    @inline(__always) mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniformly random permutation of `0..<n` (Fisher–Yates).
    mutating func permutation(_ n: Int) -> [Int32] {
        var p = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i) }; c = n }
        p.withUnsafeMutableBufferPointer { b in
            var i = n - 1
            while i > 0 { let j = below(i + 1); b.swapAt(i, j); i -= 1 }
        }
        return p
    }
}
