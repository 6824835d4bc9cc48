/// Feeders: accounts no reported case's money went through that pass money into a group.
///
/// A 跑分 wallet fed by a victim who never reported, and the cards it is withdrawn to, carry no
/// traced money and often are rated normal, yet the stream shows them passing what they just
/// received on to the group's layers. An ordinary account that is not a member joins group g as
/// a feeder when
/// - at least `feederShare` of all its outflow went to accounts of g that are not first-level
///   cards (victims pay first-level cards; feeders pay the layers behind them) or to feeders of g
///   found in an earlier round,
/// - it received, from a day before its first such payment to its last, at least
///   `feederPassThrough` of what it paid g (it passes money on; a victim pays from savings),
/// - at least `minFeederFen` went to g, and
/// - none of those payments is the second half of a card-funded wallet payment (an inflow of the
///   same amount in the same few seconds: that is a payer's own wallet, not a mule's).
/// Rounds repeat (`feederRounds`) so a chain wallet → wallet → card → layer joins from the layer
/// backwards. Each round is O(Σ deg) over the accounts paying the group's accounts.
extension GangMiner {
    struct Feeder {
        var gang: Int32
        var toGangFen: Int64
        var outFen: Int64
        var payees: Int
        var wallet: Bool
    }

    func feeders(_ input: Input, gangOfAccount: [Int32], member: [Bool]) -> [Int32: Feeder] {
        let g = input.graph, c = input.context
        var found: [Int32: Feeder] = [:]
        // Accounts of a group that can be paid by a feeder: not first-level cards.
        func target(_ b: Int) -> Int32 {
            if let f = found[Int32(b)] { return f.gang }
            let k = gangOfAccount[b]
            return k >= 0 && c.directVictimPayments[b] == 0 ? k : -1
        }
        for _ in 0..<feederRounds {
            // Candidates: payers of the current targets.
            var candidates = Set<Int32>()
            for b in 0..<g.accountCount where target(b) >= 0 {
                for e in g.incoming(b) {
                    let a = g.from[Int(e)]
                    if a >= 0 && gangOfAccount[Int(a)] < 0 && !member[Int(a)] && found[a] == nil && c.kinds[Int(a)] == .ordinary
                        && c.victimPaymentsMade[Int(a)] == 0 { candidates.insert(a) }
                }
            }
            var added: [(Int32, Feeder)] = []
            for a in candidates.sorted() {
                let ai = Int(a)
                var outFen: Int64 = 0
                var toGang: [Int32: Int64] = [:]
                var first = Int64.max, last = Int64.min
                var payees = Set<Int32>()
                var funded = false
                for e in g.outgoing(ai) {
                    let i = Int(e), amount = g.amountFen[i]
                    outFen += amount
                    let b = g.to[i]
                    guard b >= 0 else { continue }
                    let k = target(Int(b))
                    guard k >= 0 else { continue }
                    toGang[k, default: 0] += amount
                    payees.insert(b)
                    first = min(first, g.time[i]); last = max(last, g.time[i])
                    // Card-funded wallet payment: the same amount came in within a few seconds.
                    for f in g.incoming(ai) where g.amountFen[Int(f)] == amount && abs(g.time[Int(f)] - g.time[i]) <= 5 { funded = true }
                }
                guard !funded, let top = toGang.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { continue }
                guard top.value >= minFeederFen, Double(top.value) >= feederShare * Double(outFen) else { continue }
                var inFen: Int64 = 0
                for e in g.incoming(ai) where g.time[Int(e)] >= first - 86_400 && g.time[Int(e)] <= last { inFen += g.amountFen[Int(e)] }
                guard Double(inFen) >= feederPassThrough * Double(top.value) else { continue }
                added.append((a, Feeder(gang: top.key, toGangFen: top.value, outFen: outFen, payees: payees.count, wallet: c.isWallet[ai])))
            }
            if added.isEmpty { break }
            for (a, f) in added { found[a] = f }
        }
        return found
    }

    /// Role and evidence of a feeder: a wallet, or a card fed by wallets, is 跑分; else a layer.
    func feederRole(_ a: Int32, _ f: Feeder, input: Input) -> (role: ChainRole, evidence: [String]) {
        let g = input.graph
        var fromWallets: Int64 = 0, inFen: Int64 = 0
        for e in g.incoming(Int(a)) {
            inFen += g.amountFen[Int(e)]
            let p = g.from[Int(e)]
            if p >= 0 && input.context.isWallet[Int(p)] { fromWallets += g.amountFen[Int(e)] }
        }
        let share = f.outFen > 0 ? Double(f.toGangFen) / Double(f.outFen) : 0
        let role: ChainRole = f.wallet || fromWallets * 2 > inFen ? .paofen : .layer
        return (role, ["passed \(RatingText.yuan(fen: f.toGangFen)) on to \(f.payees) of this group's accounts (\(RatingText.percent(share)) of all it paid out), right after receiving it; no reported case's money went through it (an unreported victim's, or not yet traced)"])
    }
}
