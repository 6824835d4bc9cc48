/// Roles of member accounts, from what the traced money and the transfers show.
///
/// In order (the first that holds):
/// - provider kinds (card merchant, OTC) keep their kind;
/// - `cashout`: most of its outgoing victim money left as cash (ATM), or most of its outflow is cash;
/// - `paofen`: a payment wallet (跑分 collects on WeChat Pay / Alipay), or the card its holder
///   withdraws such a wallet to;
/// - `first_level`: received victims' payments directly (一级卡);
/// - `organizer`: where the group's money comes together — it receives from several members,
///   passes little of it on to other members' chains (holds it, pays the exits, pays the others),
///   and carries at least a tenth of the group's traced money or reaches a quarter of its cases,
///   or pays at least half of what it got to the exits (OTC traders, card merchants, the group's
///   cash-out cards — money paid to a cash-out card counts as leaving, not as passed on), or
///   keeps the victim money it got and pays at least 80 % of all it pays (≥ ¥10,000) to the
///   exits (an organizer's card: its kept share of the victims' money stays while what it pays
///   out is newer money); of
///   such candidates, one that passed a tenth or more of its money on to another, deeper one
///   is the last layer before the organizer, not the organizer (`downstreamMost`);
///   or, carrying little victim money, is a hub of the group's own money (pays and is paid by
///   members, at least three in all: wages, commissions, funding; or collects from three or more,
///   or is paid by two or more members at least 5 % of the group's traced money — no commission
///   is that large); or pays more members than any
///   other member that carried victim money (four or more: the hub that pays the exits and the
///   helpers) — the highest out-degree in the group's flow; or is the layer that gets most of
///   the group's card merchant's paybacks (≥ ¥10,000: the proceeds of the point cards come home);
///   or, carrying no victim money and no hub, pays at least 80% of its outflow (≥ ¥10,000) to the
///   group's exits — its cash-out cards, OTC traders, card merchants, and accounts outside every
///   group that two or more of its members pay (untagged OTC traders) — or half of it when it sent
///   test transfers to two or more members (the organizer's exit card, fed from accounts not
///   requested yet, which also pays the 引流 workers' wages);
/// - `layer`: the rest that carried victim money (二级卡, 三级卡…);
/// - `card_merchant`: members that carried no victim money and paid the group (point-card paybacks);
/// - `drainage`: members that carried little or none but were paid by the group (commissions of
///   引流 workers).
/// Members with no money of their own in the group (only the same holder as a member) get no
/// role and leave the group: their person is reported instead.
extension GangMiner {
    /// Flow facts per account, as the roles and their evidence use them.
    public struct FlowFacts: Sendable {
        public var tracedIn: [Int64]
        public var tracedOut: [Int64]
        /// Traced money passed on to members of the same group.
        public var toMembers: [Int64]
        /// Traced money withdrawn as cash.
        public var cash: [Int64]
        /// Distinct same-group members that sent it traced money.
        public var memberPayers: [Int32]
        /// Distinct same-group members it paid (any transfer).
        public var memberPayees: [Int32]
        /// Money received from members in transfers that carried no traced victim money (wages, commissions).
        public var paidByMembers: [Int64]
        /// Money it paid to members in transfers that carried no traced victim money.
        public var paidMembers: [Int64]
        /// Traced money received from payment wallets.
        public var fromWallets: [Int64]
        /// Traced money paid to OTC traders and card merchants (the group's exits).
        public var toExits: [Int64]
        /// Distinct same-group members that paid it (any transfer).
        public var memberPayersAll: [Int32]
        /// Share of all outgoing money withdrawn as cash (every transfer, traced or not).
        public var rawCashShare: [Double]
    }

    public func flowFacts(_ input: Input, gangOfAccount: [Int32]) -> FlowFacts {
        let g = input.graph
        let n = g.accountCount
        var f = FlowFacts(tracedIn: input.context.victimInflowFen, tracedOut: .init(repeating: 0, count: n), toMembers: .init(repeating: 0, count: n),
                          cash: .init(repeating: 0, count: n), memberPayers: .init(repeating: 0, count: n), memberPayees: .init(repeating: 0, count: n),
                          paidByMembers: .init(repeating: 0, count: n), paidMembers: .init(repeating: 0, count: n), fromWallets: .init(repeating: 0, count: n), toExits: .init(repeating: 0, count: n), memberPayersAll: .init(repeating: 0, count: n), rawCashShare: .init(repeating: 0, count: n))
        var tracedEdge = [Bool](repeating: false, count: g.edgeCount)
        var pairs = Set<UInt64>()
        for t in input.traces {
            for h in t.hops where h.from >= 0 {
                tracedEdge[Int(h.edge)] = true
                let a = Int(h.from)
                f.tracedOut[a] += h.amountFen
                if h.to < 0 { f.cash[a] += h.amountFen; continue }
                let b = Int(h.to)
                if input.context.isWallet[a] { f.fromWallets[b] += h.amountFen }
                let kind = input.context.kinds[b]
                if kind == .otc || kind == .cardMerchant { f.toExits[a] += h.amountFen }
                if gangOfAccount[a] >= 0 && gangOfAccount[a] == gangOfAccount[b] {
                    f.toMembers[a] += h.amountFen
                    if pairs.insert(UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))).inserted { f.memberPayers[b] += 1 }
                }
            }
        }
        var payeePairs = Set<UInt64>()
        for a in 0..<n where gangOfAccount[a] >= 0 {
            var out: Int64 = 0, cash: Int64 = 0
            for e in g.outgoing(a) {
                let amount = g.amountFen[Int(e)]
                out += amount
                let b = g.to[Int(e)]
                if b < 0 { cash += amount; continue }
                if gangOfAccount[Int(b)] == gangOfAccount[a] {
                    if payeePairs.insert(UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))).inserted { f.memberPayees[a] += 1; f.memberPayersAll[Int(b)] += 1 }
                    if !tracedEdge[Int(e)] { f.paidByMembers[Int(b)] += amount; f.paidMembers[a] += amount }
                }
            }
            f.rawCashShare[a] = out > 0 ? Double(cash) / Double(out) : 0
        }
        return f
    }

    func assignRoles(_ input: Input, gangOfAccount: [Int32], gangCount: Int, providerRole: [Int32: ChainRole]) -> [Int: (role: ChainRole, evidence: [String])] {
        let c = input.context
        let f = flowFacts(input, gangOfAccount: gangOfAccount)
        var out: [Int: (role: ChainRole, evidence: [String])] = [:]
        var gangTraced = [Int64](repeating: 0, count: gangCount)
        var gangCases = [Int32](repeating: 0, count: gangCount)
        var membersOf = [[Int]](repeating: [], count: gangCount)
        for a in 0..<gangOfAccount.count where gangOfAccount[a] >= 0 { membersOf[Int(gangOfAccount[a])].append(a) }
        for k in 0..<gangCount {
            // The group's traced money: what its first receivers got.
            gangTraced[k] = membersOf[k].reduce(0) { $0 + (c.minTraceLevel[$1] == 1 ? f.tracedIn[$1] : 0) }
            gangCases[k] = membersOf[k].map { c.victimCases[$0] }.max() ?? 0
        }

        // Traced money between two members of one group, summed per (payer, payee), per group:
        // one pass over the hops, O(H).
        var flowIndex: [UInt64: Int] = [:]
        var memberFlows = [[(from: Int, to: Int, fen: Int64)]](repeating: [], count: gangCount)
        for t in input.traces {
            for h in t.hops where h.from >= 0 && h.to >= 0 {
                let k = gangOfAccount[Int(h.from)]
                guard k >= 0, k == gangOfAccount[Int(h.to)] else { continue }
                let key = UInt64(UInt32(h.from)) << 32 | UInt64(UInt32(h.to))
                if let j = flowIndex[key] { memberFlows[Int(k)][j].fen += h.amountFen }
                else { flowIndex[key] = memberFlows[Int(k)].count; memberFlows[Int(k)].append((Int(h.from), Int(h.to), h.amountFen)) }
            }
        }
        // Cash-out cards are an exit like the OTC traders: traced money a member pays them is
        // not passed on along the chain but taken out of it.
        let cashoutCard = (0..<gangOfAccount.count).map { a in gangOfAccount[a] >= 0 && providerRole[Int32(a)] == nil && isCashout(f, a) }
        var toCashout = [Int64](repeating: 0, count: gangOfAccount.count)
        for flows in memberFlows { for x in flows where cashoutCard[x.to] { toCashout[x.from] += x.fen } }
        let exitSet = Exits(gangOfAccount: gangOfAccount, cashoutCard: cashoutCard, groupExit: groupExits(input, gangOfAccount: gangOfAccount))

        for k in 0..<gangCount {
            var organizerCandidates: [(a: Int, weight: Int64)] = []
            var topPayer = -1
            for a in membersOf[k] {
                let a32 = Int32(a)
                if let r = providerRole[a32] {
                    out[a] = (r, ["received \(RatingText.yuan(fen: f.tracedIn[a])) of victim money from this group"
                                 + (r == .card_merchant ? " for point cards (卡商)" : "")])
                    continue
                }
                if cashoutCard[a] {
                    out[a] = (.cashout, ["withdrew \(RatingText.yuan(fen: f.cash[a])) of victim money in cash"
                                        + (f.rawCashShare[a] > 0 ? " (\(percent(f.rawCashShare[a])) of all its outflow is cash)" : "")])
                    continue
                }
                if c.isWallet[a] || (f.fromWallets[a] * 2 > f.tracedIn[a] && c.directVictimPayments[a] == 0) {
                    out[a] = (.paofen, [c.isWallet[a]
                        ? "payment wallet that received \(c.directVictimPayments[a]) victim payments, \(RatingText.yuan(fen: f.tracedIn[a])) traced (跑分)"
                        : "received \(RatingText.yuan(fen: f.fromWallets[a])) of victim money withdrawn from 跑分 wallets"])
                    continue
                }
                if c.directVictimPayments[a] > 0 {
                    out[a] = (.first_level, ["received \(c.directVictimPayments[a]) victim payments directly (一级卡), \(RatingText.yuan(fen: f.tracedIn[a])) traced from \(c.victimCases[a]) cases"])
                    continue
                }
                let share = gangTraced[k] > 0 ? Double(f.tracedIn[a]) / Double(gangTraced[k]) : 0
                let caseShare = gangCases[k] > 0 ? Double(c.victimCases[a]) / Double(gangCases[k]) : 0
                let passedOn = f.toMembers[a] - toCashout[a], exits = f.toExits[a] + toCashout[a]
                let keeps = f.tracedIn[a] > 0 && passedOn * 2 <= f.tracedIn[a]
                if keeps && (share >= 0.1 || caseShare >= 0.25)
                    || exits * 2 >= f.tracedIn[a] && f.tracedIn[a] * 100 >= max(1, gangTraced[k])
                    || keeps && exitPayments(a, input, exitSet).isExitCard {
                    organizerCandidates.append((a, f.tracedIn[a]))
                } else if f.tracedIn[a] > 0 && (topPayer < 0 || (f.memberPayees[a], f.tracedIn[a]) > (f.memberPayees[topPayer], f.tracedIn[topPayer])) {
                    topPayer = a
                }
            }
            // The member that pays the most others (wages, commissions, the exits) is the hub of
            // the group's flow even when it passes victim money on.
            if topPayer >= 0 && f.memberPayees[topPayer] >= minOrganizerPayees
                && !organizerCandidates.contains(where: { f.memberPayees[$0.a] >= f.memberPayees[topPayer] }) {
                organizerCandidates.append((topPayer, f.tracedIn[topPayer]))
            }
            organizerCandidates = downstreamMost(organizerCandidates, memberFlows[k], input.context, f)
            // Organizers: the consolidation points carrying a real share of the group's money.
            organizerCandidates.sort { ($0.weight, -$0.a) > ($1.weight, -$1.a) }
            for cand in organizerCandidates {
                let a = cand.a
                let share = gangTraced[k] > 0 ? Double(f.tracedIn[a]) / Double(gangTraced[k]) : 0
                var evidence = [
                    "money comes together here: \(RatingText.yuan(fen: f.tracedIn[a])) of victim money (\(percent(share)) of the group's) from \(f.memberPayers[a]) member accounts and \(c.victimCases[a]) cases",
                    "passes \(percent(f.tracedIn[a] > 0 ? Double(f.toMembers[a]) / Double(f.tracedIn[a]) : 0)) of it on to other members; pays \(f.memberPayees[a]) members",
                ]
                let x = exitPayments(a, input, exitSet)
                if x.mostly {
                    evidence.append("pays \(RatingText.yuan(fen: x.fen)) (\(percent(x.share)) of its outflow) to the group's exits: its cash-out cards, OTC traders, card merchants")
                }
                out[a] = (.organizer, evidence)
            }
            for a in membersOf[k] where out[a] == nil {
                if f.tracedIn[a] * 100 >= max(1, gangTraced[k]) {
                    out[a] = (.layer, ["level \(c.minTraceLevel[a]) (\(c.minTraceLevel[a])级卡): passed on \(RatingText.yuan(fen: f.tracedOut[a])) of \(RatingText.yuan(fen: f.tracedIn[a])) victim money from \(c.victimCases[a]) cases"])
                } else if f.tracedIn[a] == 0 && f.paidMembers[a] == 0 && f.paidByMembers[a] == 0 {
                    continue   // only the same holder as a member (the person is reported instead)
                } else if f.memberPayersAll[a] >= 1 && (f.memberPayees[a] >= 1 || f.memberPayersAll[a] >= 3) && f.memberPayees[a] + f.memberPayersAll[a] >= 3 {
                    out[a] = (.organizer, ["a hub of the group's own money: paid \(f.memberPayees[a]) members \(RatingText.yuan(fen: f.paidMembers[a])) and was paid by \(f.memberPayersAll[a]) (wages, commissions, funding)"])
                } else if f.paidByMembers[a] * 20 >= max(1, gangTraced[k]) && f.memberPayersAll[a] >= 2 {
                    // Commissions are small; an account several members paid ≥ 5 % of the
                    // group's victim money is where the group's money is collected (one payer is
                    // a wage: a group that reached few victims pays its workers more than that).
                    out[a] = (.organizer, ["collects the group's money: paid \(RatingText.yuan(fen: f.paidByMembers[a])) by \(f.memberPayersAll[a]) members (\(percent(Double(f.paidByMembers[a]) / Double(max(1, gangTraced[k])))) of the victim money traced into the group)"])
                } else if case let exits = exitPayments(a, input, exitSet), exits.isExitCard {
                    // Carried no victim money, yet pays the group's way out: the organizer's second
                    // card, fed by accounts whose statements are not in the data yet.
                    out[a] = (.organizer, ["pays the group's exits: \(RatingText.yuan(fen: exits.fen)) (\(percent(exits.share)) of its outflow) to its cash-out cards and to OTC traders and card merchants (the organizer's exit card)"])
                } else if f.paidMembers[a] > f.paidByMembers[a] {
                    out[a] = (.card_merchant, ["carried no victim money; paid \(RatingText.yuan(fen: f.paidMembers[a])) to group members (pays back for point cards)"])
                } else {
                    out[a] = (.drainage, ["carried little or no victim money; paid \(RatingText.yuan(fen: f.paidByMembers[a])) by group members (commission)"])
                }
            }
            // Where the card merchant's paybacks go: the group buys point cards with victims'
            // money and the 卡商 pays the proceeds back to whoever owns them. A layer that gets
            // most of the group's paybacks (at least `minPaybackFen`) is an organizer even when
            // it passes the victim money on.
            var payback: [Int: Int64] = [:]
            for m in membersOf[k] where out[m]?.role == .card_merchant && f.tracedIn[m] == 0 {
                for e in input.graph.outgoing(m) {
                    let b = Int(input.graph.to[Int(e)])
                    if b >= 0 && gangOfAccount[b] == Int32(k) && out[b]?.role != .card_merchant { payback[b, default: 0] += input.graph.amountFen[Int(e)] }
                }
            }
            let total = payback.values.reduce(0, +)
            if let top = payback.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }), top.value * 2 >= total, top.value >= GangMiner.minPaybackFen,
               out[top.key]?.role == .layer {
                out[top.key] = (.organizer, (out[top.key]?.evidence ?? []) + [
                    "the group's card merchant paid it back \(RatingText.yuan(fen: top.value)) (\(percent(Double(top.value) / Double(max(1, total)))) of its paybacks): the proceeds of the point cards come home here"])
            }
        }
        return out
    }

    /// Of the consolidation candidates of one group, those where the money ends. A candidate
    /// that passed at least a tenth of its traced outflow on to another candidate is the last
    /// layer before it (it feeds the organizer and pays the exits itself) when that other one is
    /// deeper in the chain (a higher trace level) or visibly collects from two members or more
    /// (its statement is in the data: without it, a cash-out card looks the same); organizers
    /// also fund each other, and one paying another that only it feeds stays an organizer. A
    /// candidate whose statement is missing (its outflow unseen) sits upstream when its trace
    /// level is below that of every candidate whose outflow is seen. When nothing would be
    /// left, all stay. O(F + C) for the group's F member flows and C candidates.
    func downstreamMost(_ cands: [(a: Int, weight: Int64)], _ flows: [(from: Int, to: Int, fen: Int64)], _ c: RatingContext, _ f: FlowFacts) -> [(a: Int, weight: Int64)] {
        guard cands.count > 1 else { return cands }
        let isCand = Set(cands.map(\.a))
        var toCands: [Int: Int64] = [:]
        for x in flows where isCand.contains(x.from) && isCand.contains(x.to)
            && (c.minTraceLevel[x.to] > c.minTraceLevel[x.from] || f.memberPayers[x.to] >= 2 && c.hasStatement[x.to]) {
            toCands[x.from, default: 0] += x.fen
        }
        var kept = cands.filter { toCands[$0.a, default: 0] * 10 < f.tracedOut[$0.a] || f.tracedOut[$0.a] == 0 }
        if let low = kept.filter({ c.hasStatement[$0.a] }).map({ c.minTraceLevel[$0.a] }).min() {
            kept = kept.filter { c.hasStatement[$0.a] || c.minTraceLevel[$0.a] >= low }
        }
        return kept.isEmpty ? cands : kept
    }

    /// A cash-out card: most of the victim money it passed on left as cash (ATM) and it pays at
    /// most one member, or most of everything it paid out is cash.
    func isCashout(_ f: FlowFacts, _ a: Int) -> Bool {
        f.cash[a] > 0 && f.cash[a] * 10 >= f.tracedOut[a] * 8 && f.memberPayees[a] <= 1 || f.rawCashShare[a] >= 0.8
    }

    /// Least card-merchant payback (¥10,000) that marks where the group's proceeds come home.
    static let minPaybackFen: Int64 = 1_000_000
    /// An exit card pays at least 80% of its outflow to the group's exits.
    static let exitCardShare = 0.8
    /// … or half, for an account that sent test transfers to two or more of the group's cards.
    static let testedExitCardShare = 0.5
    static let testedCards = 2

    /// What an account paid to the exits of its group, and all it paid.
    struct ExitPayments {
        var fen: Int64 = 0, outFen: Int64 = 0
        /// Members of its group it paid only test amounts (测试, `AccountFeatures.testTransferMaxFen`).
        var testedMembers = 0
        var share: Double { outFen > 0 ? Double(fen) / Double(outFen) : 0 }
        /// At least `exitCardShare` of its outflow — or half of it when it tested two or more of
        /// the group's cards (it pays its 引流 workers from the same card).
        var mostly: Bool {
            outFen > 0 && (share >= GangMiner.exitCardShare || testedMembers >= GangMiner.testedCards && share >= GangMiner.testedExitCardShare)
        }
        /// … and at least `minPaybackFen`: the group's way out, not a stray payment.
        var isExitCard: Bool { mostly && fen >= GangMiner.minPaybackFen }
    }

    /// Where a group's money leaves it, for `exitPayments`.
    struct Exits {
        var gangOfAccount: [Int32]
        /// Members that are the group's cash-out cards.
        var cashoutCard: [Bool]
        /// For an account outside every group: the group of which at least two members pay it
        /// (an OTC trader or card merchant without a tag, a cash-out card nobody requested), or
        /// -1 (none, several groups, an account victims pay, a registered business).
        var groupExit: [Int32]
    }

    /// The group each non-member account is an exit of: paid by at least two distinct members
    /// of one group and of no other, neither a first receiver of victims' payments (the chain's
    /// entry) nor a registered business. O(V + E).
    func groupExits(_ input: Input, gangOfAccount: [Int32]) -> [Int32] {
        let g = input.graph, c = input.context
        var exit = [Int32](repeating: -1, count: gangOfAccount.count)
        for b in 0..<gangOfAccount.count where gangOfAccount[b] < 0 && c.directVictimPayments[b] == 0 && !c.isRegisteredBusiness(b) {
            var gang: Int32 = -1, first = -1, two = false
            for e in g.incoming(b) {
                let a = Int(g.from[Int(e)])
                guard a >= 0, gangOfAccount[a] >= 0 else { continue }
                if gang < 0 { gang = gangOfAccount[a]; first = a } else if gang != gangOfAccount[a] { gang = -1; break }
                if a != first { two = true }
            }
            if gang >= 0 && two { exit[b] = gang }
        }
        return exit
    }

    /// Money account `a` paid to the exits of its group — its group's cash-out cards, OTC
    /// traders and card merchants (by kind, or paid by two or more of its members), and
    /// off-ramps shared by several groups — and all it paid. O(out-degree of `a`).
    func exitPayments(_ a: Int, _ input: Input, _ exits: Exits) -> ExitPayments {
        let g = input.graph, c = input.context
        var x = ExitPayments()
        var toMembers: [Int: Int64] = [:]
        for e in g.outgoing(a) {
            let amount = g.amountFen[Int(e)], b = Int(g.to[Int(e)])
            x.outFen += amount
            guard b >= 0 else { continue }
            if b != a && exits.gangOfAccount[b] >= 0 && exits.gangOfAccount[b] == exits.gangOfAccount[a] { toMembers[b, default: 0] += amount }
            if exits.cashoutCard[b] || c.isOTC(b) || c.kinds[b] == .cardMerchant || input.sharedOffRamps?[b] == true
                || exits.groupExit[b] >= 0 && exits.groupExit[b] == exits.gangOfAccount[a] { x.fen += amount }
        }
        x.testedMembers = toMembers.values.count { $0 <= AccountFeatures.testTransferMaxFen }
        return x
    }

    /// Distinct members an account must pay to be the group's payment hub (organizer).
    static let minOrganizerPayees: Int32 = 4
    private var minOrganizerPayees: Int32 { GangMiner.minOrganizerPayees }

    private func percent(_ x: Double) -> String { RatingText.percent(x) }
}
