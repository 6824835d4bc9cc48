#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hypergeometric distribution: draws of `n` items without replacement from a population of
/// `N` with `K` successes; X = successes drawn.
///
/// `upperTail` is the one-sided Fisher exact test (Fisher 1922, *On the interpretation of χ² from
/// contingency tables*): P(X ≥ k) for a 2×2 table with fixed margins. It is computed by exact
/// summation of the probability mass, starting from ln P(X = k) (`logPMF`: Loader's saddle-point
/// form, accurate to ~1e-14 relative for N in the millions) and walking the terms with the ratio
/// P(x+1)/P(x) = (K−x)(n−x) / ((x+1)(N−K−n+x+1)). When k lies at or below the mode, where the upper
/// tail is most of the mass, it sums the (decreasing) lower tail instead and returns 1 − P(X < k),
/// so the summed terms always decrease away from the start and no term overflows.
/// O(min(n, K) − k + 1) after the O(1) log-factorials.
public enum Hypergeometric {
    /// ln n!, exact table below 256, Stirling's series above (error < 1e-15 relative).
    public static func logFactorial(_ n: Int) -> Double {
        precondition(n >= 0, "logFactorial of a negative number")
        if n < table.count { return table[n] }
        let x = Double(n)
        let x2 = x * x
        // ln n! = n ln n − n + ½ ln(2πn) + 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷)
        return x * log(x) - x + 0.5 * log(2 * Double.pi * x)
            + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2) - 1 / (1680 * x * x2 * x2 * x2)
    }

    static let table: [Double] = {
        var t = [Double](repeating: 0, count: 256)
        for i in 2..<256 { t[i] = t[i - 1] + log(Double(i)) }
        return t
    }()

    /// ln C(n, k).
    public static func logChoose(_ n: Int, _ k: Int) -> Double {
        logFactorial(n) - logFactorial(k) - logFactorial(n - k)
    }

    /// Support of X: max(0, n − (N − K)) … min(n, K).
    public static func support(population N: Int, successes K: Int, draws n: Int) -> ClosedRange<Int> {
        max(0, n - (N - K))...min(n, K)
    }

    /// ln P(X = k), by Loader's saddle-point form (Loader 2000, *Fast and accurate computation of
    /// binomial probabilities*; the method of R's `dhyper`): P(X = k) = b(k; K, p)·b(n−k; N−K, p) /
    /// b(n; N, p) with p = n/N, each binomial term written with Stirling's error terms and the
    /// deviance `bd0` so that no two large logarithms are subtracted (relative error ~1e-14 even
    /// for N in the millions, where plain log-factorials lose ~1e-9).
    public static func logPMF(_ k: Int, population N: Int, successes K: Int, draws n: Int) -> Double {
        let p = Double(n) / Double(N), q = Double(N - n) / Double(N)
        return logBinomRaw(k, K, p, q) + logBinomRaw(n - k, N - K, p, q) - logBinomRaw(n, N, p, q)
    }

    /// ln n! − ((n + ½) ln n − n + ln √(2π)): Stirling's error, exact from the table for small n.
    static func stirlerr(_ n: Int) -> Double {
        let x = Double(n)
        if n <= 15 { return table[n] - ((x + 0.5) * log(x) - x + 0.5 * log(2 * Double.pi)) }
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        let nn = x * x
        if n > 500 { return (s0 - s1 / nn) / x }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / x }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / x }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / x
    }

    /// Deviance term x ln(x/np) + np − x, by a series when x is close to np.
    static func bd0(_ x: Double, _ np: Double) -> Double {
        if abs(x - np) < 0.1 * (x + np) {
            var v = (x - np) / (x + np)
            var s = (x - np) * v
            var ej = 2 * x * v
            v *= v
            var j = 1.0
            while j < 1000 {
                ej *= v
                let s1 = s + ej / (2 * j + 1)
                if s1 == s { return s1 }
                s = s1
                j += 1
            }
            return s
        }
        return x * log(x / np) + np - x
    }

    /// ln of the binomial probability of x successes in n trials with success probability p.
    static func logBinomRaw(_ x: Int, _ n: Int, _ p: Double, _ q: Double) -> Double {
        if x == 0 { return n == 0 ? 0 : (p < 0.1 ? -bd0(Double(n), Double(n) * q) - Double(n) * p : Double(n) * log(q)) }
        if x == n { return q < 0.1 ? -bd0(Double(n), Double(n) * p) - Double(n) * q : Double(n) * log(p) }
        if x < 0 || x > n { return -.infinity }
        let nd = Double(n), xd = Double(x)
        let lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(xd, nd * p) - bd0(nd - xd, nd * q)
        let lf = log(2 * Double.pi) + log(xd) + log1p(-xd / nd)
        return lc - 0.5 * lf
    }

    /// P(X ≥ k): the one-sided Fisher exact p-value for over-representation.
    public static func upperTail(_ k: Int, population N: Int, successes K: Int, draws n: Int) -> Double {
        precondition(N >= 0 && K >= 0 && K <= N && n >= 0 && n <= N, "invalid hypergeometric parameters")
        let s = support(population: N, successes: K, draws: n)
        if k <= s.lowerBound { return 1 }
        if k > s.upperBound { return 0 }
        // Mode ⌊(n+1)(K+1)/(N+2)⌋.
        let mode = Int((Double(n + 1) * Double(K + 1)) / Double(N + 2))
        let nn = Double(N), kk = Double(K), dd = Double(n)
        if k > mode {
            // Sum upward from k: terms decrease.
            var term = 1.0, sum = 1.0
            var x = k
            while x < s.upperBound {
                let xd = Double(x)
                term *= (kk - xd) * (dd - xd) / ((xd + 1) * (nn - kk - dd + xd + 1))
                sum += term
                x += 1
                if term < sum * 1e-17 { break }
            }
            return min(1, exp(logPMF(k, population: N, successes: K, draws: n) + log(sum)))
        } else {
            // 1 − P(X ≤ k−1), summing downward from k−1: terms decrease.
            var term = 1.0, sum = 1.0
            var x = k - 1
            while x > s.lowerBound {
                let xd = Double(x)
                // P(x−1)/P(x) = x (N−K−n+x) / ((K−x+1)(n−x+1))
                term *= xd * (nn - kk - dd + xd) / ((kk - xd + 1) * (dd - xd + 1))
                sum += term
                x -= 1
                if term < sum * 1e-17 { break }
            }
            let lower = exp(logPMF(k - 1, population: N, successes: K, draws: n) + log(sum))
            return max(0, min(1, 1 - lower))
        }
    }
}
