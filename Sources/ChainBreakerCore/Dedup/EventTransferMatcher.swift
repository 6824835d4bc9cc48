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
/// Complexity: O(S + E) hashing for the S statement transfers inside the stream's window and the
/// E events, plus the candidates per (amount, endpoint) key, which are few.
public struct EventTransferMatcher: Sendable {
    public var tolerance: Int64

    public init(tolerance: Int64 = 120) { self.tolerance = tolerance }

    struct Key: Hashable { let amount: Int64; let account: Int32 }

    /// Indices (into the event columns) of the events no statement transfer accounts for, in
    /// order. Accounts are dense ids shared by both sides; −1 is cash.
    public func unmatched(existingFrom: [Int32], existingTo: [Int32], existingAmount: [Int64], existingTime: [Int64],
                          eventFrom: [Int32], eventTo: [Int32], eventAmount: [Int64], eventTime: [Int64]) -> [Int] {
        guard let lo = eventTime.min(), let hi = eventTime.max() else { return [] }
        var byFrom: [Key: [Int32]] = [:], byTo: [Key: [Int32]] = [:]
        for i in existingTime.indices where existingTime[i] >= lo - tolerance && existingTime[i] <= hi + tolerance {
            if existingFrom[i] >= 0 { byFrom[Key(amount: existingAmount[i], account: existingFrom[i]), default: []].append(Int32(i)) }
            if existingTo[i] >= 0 { byTo[Key(amount: existingAmount[i], account: existingTo[i]), default: []].append(Int32(i)) }
        }
        var used = Set<Int32>()
        var out: [Int] = []
        for e in eventTime.indices {
            var best: Int32 = -1, bestGap = Int64.max
            func consider(_ candidates: [Int32]?) {
                for c in candidates ?? [] where !used.contains(c) {
                    let gap = abs(existingTime[Int(c)] - eventTime[e])
                    if gap <= tolerance && (gap < bestGap || (gap == bestGap && c < best)) { best = c; bestGap = gap }
                }
            }
            if eventFrom[e] >= 0 { consider(byFrom[Key(amount: eventAmount[e], account: eventFrom[e])]) }
            if eventTo[e] >= 0 { consider(byTo[Key(amount: eventAmount[e], account: eventTo[e])]) }
            if best >= 0 { used.insert(best) } else { out.append(e) }
        }
        return out
    }
}
