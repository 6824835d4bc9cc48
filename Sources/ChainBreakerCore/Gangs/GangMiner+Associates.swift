/// Associates: accounts whose whole visible money life is with one group's core.
///
/// A 引流 worker's card paid a commission by the organizer every week, or a card merchant's card
/// paying the organizer for point cards, carries no victim money and looks normal on its own
/// (a few transfers, modest amounts), so the rater leaves it normal and it is no member. Yet all
/// the money it moved went to or came from the group's core — its organizers, layers and cash-out
/// cards after a first pass of roles. First-level cards, 跑分 wallets and card merchants do not
/// count: rented cards keep their owners' normal life and merchants have customers, whose
/// counterparties (family, people outside the city seen in one or two transfers) would
/// otherwise look devoted to the group. An ordinary account that is not a member, not placed, and paid no reported victim
/// money joins group g as an associate when, over the
/// transfers in which it is fully visible (all of them when its statement is in the data; from
/// the real-time stream's start otherwise — before that only its transfers with requested
/// accounts are visible, so any account would look devoted to the requested ones):
/// - at least `associateMinTransfers` transfers were with the core of g,
/// - they are at least `associateShare` of its volume with other accounts (in + out; cash
///   withdrawals name no counterparty: a cash-out card fed by the organizer empties itself at
///   ATMs), and
/// - at least `minAssociateFen` in all.
/// A rented card's owner's other cards or a member's family pay members too, but they also pay
/// shops, salaries and others: the share rule keeps them out. Its role follows from the
/// direction of its money (`GangMiner+Roles`: paid by members → `drainage`, paid members →
/// `card_merchant`). One pass over the edges of the candidate accounts: O(Σ deg).
extension GangMiner {
    struct Associate {
        var gang: Int32
        var withGangFen: Int64
        var totalFen: Int64
        var transfers: Int
    }

    func associates(_ input: Input, gangOfAccount: [Int32], member: [Bool], core: [Bool]) -> [Int32: Associate] {
        let g = input.graph, c = input.context
        guard associateShare <= 1 else { return [:] }
        // Candidates: counterparties of the core.
        var candidates = Set<Int32>()
        for b in 0..<g.accountCount where core[b] && gangOfAccount[b] >= 0 {
            for e in g.incoming(b) { let a = g.from[Int(e)]; if a >= 0 { candidates.insert(a) } }
            for e in g.outgoing(b) { let a = g.to[Int(e)]; if a >= 0 { candidates.insert(a) } }
        }
        var out: [Int32: Associate] = [:]
        for a in candidates.sorted() {
            let ai = Int(a)
            guard gangOfAccount[ai] < 0, !member[ai], c.kinds[ai] == .ordinary, c.victimPaymentsMade[ai] == 0 else { continue }
            let from: Int64
            if c.hasStatement[ai] { from = .min }
            else if let v = input.visibleFrom, v[ai] != .max { from = v[ai] }
            else { continue }
            var total: Int64 = 0
            var with: [Int32: (fen: Int64, count: Int)] = [:]
            func count(_ e: Int32, other: Int32) {
                let i = Int(e)
                guard g.time[i] >= from, other >= 0 else { return }
                total += g.amountFen[i]
                if core[Int(other)], gangOfAccount[Int(other)] >= 0 {
                    let k = gangOfAccount[Int(other)]
                    let w = with[k] ?? (0, 0)
                    with[k] = (w.fen + g.amountFen[i], w.count + 1)
                }
            }
            for e in g.outgoing(ai) { count(e, other: g.to[Int(e)]) }
            for e in g.incoming(ai) { count(e, other: g.from[Int(e)]) }
            guard let top = with.max(by: { ($0.value.fen, -$0.key) < ($1.value.fen, -$1.key) }) else { continue }
            let (fen, n) = top.value
            if n >= associateMinTransfers && fen >= minAssociateFen && Double(fen) >= associateShare * Double(total) {
                out[a] = Associate(gang: top.key, withGangFen: fen, totalFen: total, transfers: n)
            }
        }
        return out
    }
}
