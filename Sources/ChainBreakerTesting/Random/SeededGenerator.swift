#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The generator's only source of randomness: xoshiro256** (Blackman & Vigna, 2018) seeded
/// through SplitMix64. Every draw is O(1). All helpers here are written out explicitly (no
/// `Int.random(in:using:)`) so the stream of values depends on nothing but this file and the seed.
///
/// Subsystems use `fork(_:)` to get an independent stream keyed by a label, so that a change in
/// one part of the city (say, more calls) does not shift the values another part draws.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = SeededGenerator.rotl(s3, 45)
        return result
    }

    /// An independent generator for a named subsystem (FNV-1a of the label mixed with a draw).
    public mutating func fork(_ label: String) -> SeededGenerator {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in label.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return SeededGenerator(seed: next() ^ h)
    }

    // MARK: - Draws

    /// Uniform in 0..<n (Lemire's nearly divisionless method). n must be > 0.
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Uniform in the closed range.
    @inline(__always)
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    @inline(__always)
    public mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        if width == 0 { return Int64(bitPattern: next()) }
        var m = next().multipliedFullWidth(by: width)
        if m.low < width {
            let threshold = (0 &- width) % width
            while m.low < threshold { m = next().multipliedFullWidth(by: width) }
        }
        return range.lowerBound + Int64(m.high)
    }

    /// Uniform in [0, 1) with 53 bits.
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    @inline(__always)
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool { p > 0 && unit() < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Standard normal (Box–Muller; one value per call, the partner is dropped for simplicity).
    public mutating func normal() -> Double {
        var u = unit()
        while u <= 1e-300 { u = unit() }
        let v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// exp(N(mu, sigma)).
    public mutating func logNormal(mu: Double, sigma: Double) -> Double { exp(mu + sigma * normal()) }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        var u = unit()
        while u <= 1e-300 { u = unit() }
        return -log(u) * mean
    }

    /// Poisson count. Knuth's product method for small means, a rounded normal approximation
    /// above 30 (counts, not exact tail probabilities, are what matters here). O(lambda) worst case.
    public mutating func poisson(_ lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda > 30 {
            let x = lambda + lambda.squareRoot() * normal()
            return max(0, Int(x.rounded()))
        }
        let l = exp(-lambda)
        var k = 0
        var p = unit()
        while p > l { k += 1; p *= unit() }
        return k
    }

    /// Index drawn from non-negative weights (linear scan; use `WeightedTable` for repeated draws).
    public mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }

    /// Fisher–Yates shuffle in place.
    public mutating func shuffle<T>(_ a: inout [T]) {
        if a.count < 2 { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = below(i + 1)
            if i != j { a.swapAt(i, j) }
        }
    }

    public mutating func shuffled<T>(_ a: [T]) -> [T] { var b = a; shuffle(&b); return b }

    /// k distinct elements (partial Fisher–Yates on a copy; O(n)).
    public mutating func sample<T>(_ a: [T], _ k: Int) -> [T] {
        var b = a
        let k = min(k, b.count)
        for i in 0..<k {
            let j = i + below(b.count - i)
            if i != j { b.swapAt(i, j) }
        }
        return Array(b[0..<k])
    }
}

/// SplitMix64 (Steele, Lea & Flood, 2014), used to seed xoshiro and to hash small keys.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stateless 64-bit mix of a key (for choices that must depend only on an id).
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Cumulative-weight table for repeated weighted draws: O(n) build, O(log n) per draw.
public struct WeightedTable: Sendable {
    public private(set) var cumulative: [Double]
    public init(_ weights: [Double]) {
        var acc = 0.0
        cumulative = weights.map { acc += max(0, $0); return acc }
    }
    public var isEmpty: Bool { cumulative.isEmpty || cumulative.last! <= 0 }
    public func draw(_ rng: inout SeededGenerator) -> Int {
        let x = rng.unit() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
