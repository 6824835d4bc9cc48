extension FundTracer {
    /// Which statement-less accounts the tracer may follow from the stream's start.
    ///
    /// The stream shows every transfer of an account from its start, but not what the account
    /// held then. When the transfers visible before the start (with requested accounts) leave it
    /// holding money — more in than out by more than `tolerance` — that older money goes out
    /// first under FIFO, and victim money arriving in the window may still be there at the end
    /// where a minimal opening balance would send it on: its allocation is unknowable without
    /// the statement, so the account stays `unrequested` (调单). Accounts with nothing
    /// unexplained before the start are followed. `visibleFrom` as `FundTracer.visibleFrom`
    /// (statement accounts `Int64.min`); returns it with the unknowable ones set to `Int64.max`.
    /// O(E).
    public static func followable(_ visibleFrom: [Int64], graph g: TransferGraph, tolerance: Int64 = 100_000) -> [Int64] {
        var net = [Int64](repeating: 0, count: g.accountCount)
        for e in 0..<g.edgeCount {
            let t = g.time[e], x = g.amountFen[e]
            let a = g.from[e], b = g.to[e]
            if a >= 0, visibleFrom[Int(a)] != .min, t < visibleFrom[Int(a)] { net[Int(a)] -= x }
            if b >= 0, visibleFrom[Int(b)] != .min, t < visibleFrom[Int(b)] { net[Int(b)] += x }
        }
        var out = visibleFrom
        for a in 0..<g.accountCount where visibleFrom[a] != .min && visibleFrom[a] != .max && net[a] > tolerance { out[a] = .max }
        return out
    }
}
