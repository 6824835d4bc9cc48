#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The few elementary functions the rating needs, from the platform C library (no Foundation).
enum RatingMath {
    @inline(__always) static func log1p(_ x: Double) -> Double { Foundationless.log1p(x) }
    @inline(__always) static func exp(_ x: Double) -> Double { Foundationless.exp(x) }
    @inline(__always) static func log(_ x: Double) -> Double { Foundationless.log(x) }

    /// Logistic function 1 / (1 + e^−z), computed without overflow.
    @inline(__always) static func sigmoid(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z); return e / (1 + e)
    }

    /// log(1 + e^z) without overflow.
    @inline(__always) static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
    }
}

/// Namespaced access to the C functions (avoids clashing with the static members above).
private enum Foundationless {
    @inline(__always) static func log1p(_ x: Double) -> Double { cLog1p(x) }
    @inline(__always) static func exp(_ x: Double) -> Double { cExp(x) }
    @inline(__always) static func log(_ x: Double) -> Double { cLog(x) }
}

@inline(__always) private func cLog1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) private func cExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func cLog(_ x: Double) -> Double { log(x) }
