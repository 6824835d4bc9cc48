/// Which transfers of the real-time stream (`events.jsonl`) are not already among the transfers
/// derived from statements.
///
/// The stream covers every account of the city for its last weeks; statements cover requested
/// accounts over their whole period. In the overlap the same transfer appears twice, with times a
/// few seconds apart (the bank books it after the stream saw it) and, for WeChat Pay payments,
/// with a different payer (the statement shows the clearing account, the stream the wallet). An
/// event matches a statement transfer of the same amount that shares its payer or its payee
/// (cash is never a shared endpoint) within `tolerance` seconds; each statement transfer matches
/// at most one event, the nearest in time, events taken in time order (greedy).
///
/// Complexity: O(S log S) to sort the S statement transfers inside the stream's window by
/// (endpoint, amount), then O(log S) per event for the E events, plus the candidates per
/// (endpoint, amount), which are few. No per-key allocations.
public struct EventTransferMatcher: Sendable {
    public var tolerance: Int64

    public init(tolerance: Int64 = 120) { self.tolerance = tolerance }

    /// Indices of the statement transfers in the window with an endpoint, sorted by
    /// (endpoint, amount, index) for binary search.
    static func sorted(_ account: [Int32], _ amount: [Int64], inWindow: (Int) -> Bool) -> [Int32] {
        var out: [Int32] = []
        for i in account.indices where account[i] >= 0 && inWindow(i) { out.append(Int32(i)) }
        out.sort { (account[Int($0)], amount[Int($0)], $0) < (account[Int($1)], amount[Int($1)], $1) }
        return out
    }

    /// Indices (into the event columns) of the events no statement transfer accounts for, in
    /// order. Accounts are dense ids shared by both sides; −1 is cash.
    public func unmatched(existingFrom: [Int32], existingTo: [Int32], existingAmount: [Int64], existingTime: [Int64],
                          eventFrom: [Int32], eventTo: [Int32], eventAmount: [Int64], eventTime: [Int64]) -> [Int] {
        guard let lo = eventTime.min(), let hi = eventTime.max() else { return [] }
        let tol = tolerance
        let inWindow = { (i: Int) in existingTime[i] >= lo - tol && existingTime[i] <= hi + tol }
        let byFrom = Self.sorted(existingFrom, existingAmount, inWindow: inWindow)
        let byTo = Self.sorted(existingTo, existingAmount, inWindow: inWindow)
        var used = [Bool](repeating: false, count: existingTime.count)
        var out: [Int] = []
        for e in eventTime.indices {
            var best: Int32 = -1, bestGap = Int64.max
            func consider(_ list: [Int32], _ account: [Int32], _ key: Int32) {
                // First position with (account, amount) ≥ (key, eventAmount[e]).
                var l = 0, h = list.count
                let amount = eventAmount[e]
                while l < h {
                    let m = (l + h) / 2, c = Int(list[m])
                    if (account[c], existingAmount[c]) < (key, amount) { l = m + 1 } else { h = m }
                }
                while l < list.count, account[Int(list[l])] == key, existingAmount[Int(list[l])] == amount {
                    let c = list[l]
                    l += 1
                    if used[Int(c)] { continue }
                    let gap = abs(existingTime[Int(c)] - eventTime[e])
                    if gap <= tol && (gap < bestGap || (gap == bestGap && c < best)) { best = c; bestGap = gap }
                }
            }
            if eventFrom[e] >= 0 { consider(byFrom, existingFrom, eventFrom[e]) }
            if eventTo[e] >= 0 { consider(byTo, existingTo, eventTo[e]) }
            if best >= 0 { used[Int(best)] = true } else { out.append(e) }
        }
        return out
    }
}
