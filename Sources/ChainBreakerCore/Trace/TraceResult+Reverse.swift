/// Reverse trace: which seeds' money reached an account, how much, and in how few hops.
public struct ReverseTraceEntry: Sendable, Equatable {
    public var seed: Int32
    public var amountFen: Int64
    public var hops: Int32
}

extension Array where Element == TraceResult {
    /// For `account`: every seed whose traced money reached it (sum of traced inflow, fewest hops),
    /// largest amount first. O(total hops).
    public func reverseTrace(account: Int32) -> [ReverseTraceEntry] {
        var out: [ReverseTraceEntry] = []
        for r in self {
            var amount: Int64 = 0, hops = Int32.max
            for h in r.hops where h.to == account { amount += h.amountFen; hops = Swift.min(hops, h.level) }
            if amount > 0 { out.append(ReverseTraceEntry(seed: r.seed, amountFen: amount, hops: hops)) }
        }
        return out.sorted { ($0.amountFen, -$0.seed) > ($1.amountFen, -$1.seed) }
    }
}
