#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exposure-date interval of one source that carries the victims' excess: Kulldorff's
/// Bernoulli scan statistic in one dimension (time) (Kulldorff 1997, *A spatial scan statistic*,
/// Communications in Statistics – Theory and Methods 26:1481–1496).
///
/// Each exposure (an order through the source) is a case (the recipient later became a victim and
/// the order came before the first fraud contact) or a control (any other recipient's order). Days
/// are bins; every interval [i, j] of days is a candidate window with c cases of n exposures inside
/// and C, N overall. The window maximises the likelihood ratio
///   LLR = c ln(c/n) + (n−c) ln(1−c/n) + (C−c) ln((C−c)/(N−n)) + (N−n−(C−c)) ln(1−(C−c)/(N−n))
///         − C ln(C/N) − (N−C) ln(1−C/N)
/// over intervals whose inside rate c/n exceeds the outside rate (C−c)/(N−n). The window is
/// descriptive (where the excess sits); significance comes from the source's Fisher test, not from
/// the scan (which would need Monte Carlo replication). O(D²) for D days in the exposures' span.
public enum LeakWindowScan {
    public struct Window: Sendable, Equatable {
        /// First and last day (days since 1970-01-01, Beijing) of the interval, inclusive.
        public var firstDay: Int64, lastDay: Int64
        /// Case and total exposures inside.
        public var cases: Int, exposures: Int
        public var llr: Double
    }

    /// `days[i]`: the exposure's day; `isCase[i]`: whether it is a case. Nil without any case.
    public static func scan(days: [Int64], isCase: [Bool]) -> Window? {
        precondition(days.count == isCase.count)
        guard let lo = days.min(), let hi = days.max() else { return nil }
        let span = Int(hi - lo) + 1
        var c = [Int](repeating: 0, count: span + 1), n = [Int](repeating: 0, count: span + 1)
        for (d, cs) in zip(days, isCase) {
            let i = Int(d - lo)
            n[i + 1] += 1
            if cs { c[i + 1] += 1 }
        }
        for i in 0..<span { c[i + 1] += c[i]; n[i + 1] += n[i] }  // prefix sums
        let C = c[span], N = n[span]
        guard C > 0 else { return nil }
        func xlogy(_ x: Double, _ y: Double) -> Double { x > 0 ? x * log(y) : 0 }
        let Cd = Double(C), Nd = Double(N)
        let base = xlogy(Cd, Cd / Nd) + xlogy(Nd - Cd, 1 - Cd / Nd)
        var best: Window?
        for i in 0..<span {
            // An interval starts and ends on a day with a case (others only lower the ratio).
            if c[i + 1] - c[i] == 0 { continue }
            for j in i..<span where c[j + 1] - c[j] > 0 {
                let ci = Double(c[j + 1] - c[i]), ni = Double(n[j + 1] - n[i])
                let co = Cd - ci, no = Nd - ni
                let rin = ci / ni
                let rout = no > 0 ? co / no : 0
                if no > 0 && rin <= rout { continue }
                var llr = xlogy(ci, rin) + xlogy(ni - ci, 1 - rin) - base
                if no > 0 { llr += xlogy(co, rout) + xlogy(no - co, 1 - rout) }
                if best == nil || llr > best!.llr + 1e-12 {
                    best = Window(firstDay: lo + Int64(i), lastDay: lo + Int64(j), cases: Int(ci), exposures: Int(ni), llr: llr)
                }
            }
        }
        return best
    }
}
