import Testing
@testable import ChainBreakerCore

/// Known answers on a hand-made city: two groups that share one OTC trader.
@Suite struct GangMinerTests {
    // Accounts: 0, 1, 6 victims; group A: 2 first level → 3 layer → 4 organizer; group B:
    // 7 first level → 8 layer → 9 organizer and 11 cash-out card; 10 an OTC trader both use;
    // 5 a victim-free card of group A's holder (same holder ID as 2).
    func city(extra: [(Int32, Int32, Int64, Int64)] = [], accounts: Int = 12, wallets: [Int] = [],
              caseBAlsoPaid: [Int32] = [], malicious: [Int] = []) -> (GangMiner.Input, TransferGraph) {
        let e: [(Int32, Int32, Int64, Int64)] = extra + [
            (0, 2, 50_000_00, 100), (1, 2, 30_000_00, 200), (2, 3, 79_000_00, 300), (3, 4, 78_000_00, 400), (4, 10, 60_000_00, 500),
            (6, 7, 40_000_00, 150), (7, 8, 39_500_00, 250), (8, 9, 20_000_00, 350), (8, 11, 19_000_00, 360), (11, -1, 19_000_00, 450),
            (9, 10, 15_000_00, 550),
        ]
        let g = TransferGraph(accountCount: accounts, from: e.map(\.0), to: e.map(\.1), amountFen: e.map(\.2), time: e.map(\.3),
                              channel: e.map { _ in 1 })
        var kinds = [TraceAccountKind](repeating: .ordinary, count: accounts)
        kinds[10] = .otc
        let n = Int32(extra.count)
        let traces = FundTracer(graph: g, kinds: kinds).trace(groups: [[n], [n + 1], [n + 5] + caseBAlsoPaid])
        var c = RatingContext(accountCount: accounts)
        for w in wallets { c.isWallet[w] = true }
        c.kinds = kinds
        c.holderGroup[2] = 0; c.holderGroup[5] = 0
        c.addTraces(traces, cases: [0, 1, 2], graph: g)
        var levels = [RiskLevel](repeating: .normal, count: accounts)
        for a in [2, 3, 4, 5, 7, 8, 9, 11] + malicious { levels[a] = .malicious }
        levels[10] = .suspicious
        return (GangMiner.Input(graph: g, context: c, levels: levels, traces: traces, caseLossFen: [50_000_00, 30_000_00, 40_000_00]), g)
    }

    @Test func twoGroupsShareAnOTCTrader() {
        let (input, _) = city()
        let r = GangMiner().mine(input)
        #expect(r.gangs.count == 2)
        let a = r.gangOfAccount[2], b = r.gangOfAccount[7]
        #expect(a >= 0 && b >= 0 && a != b)
        #expect([3, 4].allSatisfy { r.gangOfAccount[$0] == a })
        #expect([8, 9, 11].allSatisfy { r.gangOfAccount[$0] == b })
        #expect(r.gangOfAccount[10] == -1 && r.gangOfAccount[0] == -1 && r.gangOfAccount[6] == -1)
        // The holder's other card carried nothing and moved no money with the group: not a member.
        #expect(r.gangOfAccount[5] == -1)
        #expect(r.shared.count == 1 && r.shared[0].account == 10 && r.shared[0].role == .otc && r.shared[0].gangs.map(\.gang).sorted() == [a, b].sorted())
        #expect(r.gangOfCase == [a, a, b])
        #expect(r.gangs[Int(a)].lossFen == 80_000_00 && r.gangs[Int(b)].lossFen == 40_000_00)

        func role(_ x: Int32) -> ChainRole? { r.gangs.flatMap(\.members).first { $0.account == x }?.role }
        #expect(role(2) == .first_level && role(3) == .layer && role(4) == .organizer)
        #expect(role(7) == .first_level && role(8) == .layer && role(9) == .organizer && role(11) == .cashout)
        #expect(r.gangs.flatMap(\.members).allSatisfy { !$0.evidence.isEmpty })
    }

    @Test func anUntaggedOffRampBothGroupsPayIsShared() {
        // 10 carries no OTC tag: an ordinary account rated suspicious, fed victim money by both
        // groups' organizers. As a member it welds the groups; as the shared off-ramp the rating
        // found (paid by two independent groups) it belongs to neither.
        var (input, _) = city()
        input.context.kinds[10] = .ordinary
        #expect(GangMiner().mine(input).gangs.count == 1)
        var ramps = [Bool](repeating: false, count: 12)
        ramps[10] = true
        input.sharedOffRamps = ramps
        let r = GangMiner().mine(input)
        #expect(r.gangs.count == 2)
        let a = r.gangOfAccount[2], b = r.gangOfAccount[7]
        #expect(a >= 0 && b >= 0 && a != b && r.gangOfAccount[10] == -1)
        #expect(r.shared.count == 1 && r.shared[0].account == 10 && r.shared[0].role == .otc && r.shared[0].gangs.map(\.gang).sorted() == [a, b].sorted())
    }

    @Test func theOrganizersExitCardIsAnOrganizer() {
        // 12 (rated malicious) carried no victim money: organizer 9 sent it a ¥1 test transfer
        // before the victims paid and it paid group B's cash-out card 11 ¥8,000 and the OTC
        // trader ¥7,000 — the organizer's exit card, fed from accounts not in the data. 13, paid a
        // ¥1,000 commission by 9 and paying nothing, is 引流 help.
        let (input, _) = city(extra: [(9, 12, 1_00, 60), (12, 11, 8_000_00, 600), (12, 10, 4_000_00, 610), (12, 10, 3_000_00, 620),
                                      (9, 13, 1_000_00, 70)],
                              accounts: 14, malicious: [12, 13])
        let r = GangMiner().mine(input)
        let b = r.gangOfAccount[7]
        #expect(r.gangOfAccount[12] == b && r.gangOfAccount[13] == b)
        func member(_ x: Int32) -> GangMiner.Member? { r.gangs.flatMap(\.members).first { $0.account == x } }
        #expect(member(12)?.role == .organizer, "\(String(describing: member(12)))")
        #expect(member(12)?.evidence.first?.contains("exit card") == true)
        #expect(member(13)?.role == .drainage)
        #expect(member(9)?.role == .organizer && member(11)?.role == .cashout, "\(r.gangs.flatMap(\.members).map { ($0.account, $0.role, $0.evidence) })")
    }

    @Test func anExitCardThatTestedTheCardsAndPaysWagesIsAnOrganizer() {
        // 12 (rated malicious, no victim money) sent ¥1 test transfers to group B's first-level
        // card 7 and layer 8, paid 13 — an OTC trader nobody tagged, which organizer 9 also pays
        // — ¥6,000 twice, and paid 14, a 引流 worker outside the group, ¥9,000: 57 % of its
        // outflow to the group's exit, and the tests make it the organizer's exit card. 15 did
        // the same but paid 7 and 8 ¥500 each, no test: 57 % is no exit card.
        func run(testFen: Int64) -> GangMiner.Member? {
            let (input, _) = city(extra: [(12, 7, testFen, 60), (12, 8, testFen, 61), (9, 13, 5_000_00, 560),
                                          (12, 13, 6_000_00, 600), (12, 13, 6_000_00, 700), (12, 14, 9_000_00, 800)],
                                  accounts: 15, malicious: [12])
            let r = GangMiner().mine(input)
            #expect(r.gangOfAccount[12] == r.gangOfAccount[7] && r.gangOfAccount[13] == -1)
            return r.gangs.flatMap(\.members).first { $0.account == 12 }
        }
        let tested = run(testFen: 1_00)
        #expect(tested?.role == .organizer, "\(String(describing: tested))")
        #expect(tested?.evidence.first?.contains("exit card") == true)
        let paid = run(testFen: 500_00)
        #expect(paid?.role != .organizer, "\(String(describing: paid))")
    }

    @Test func aWorkerPaidByOneMemberIsNoCollector() {
        // Before group B's victim paid (its traced money: ¥40,000), organizer 9 paid 13 ¥3,000 —
        // more than 5 % of it, but from one member: a worker's wage (引流), not the group's
        // money coming together. 14, paid ¥1,500 each by layer 8 and organizer 9, collects.
        let (input, _) = city(extra: [(9, 13, 3_000_00, 60), (8, 14, 1_500_00, 61), (9, 14, 1_500_00, 62)], accounts: 15, malicious: [13, 14])
        let r = GangMiner().mine(input)
        func member(_ x: Int32) -> GangMiner.Member? { r.gangs.flatMap(\.members).first { $0.account == x } }
        #expect(member(13)?.role == .drainage, "\(String(describing: member(13)))")
        #expect(member(14)?.role == .organizer && member(14)?.evidence.first?.contains("collects") == true, "\(String(describing: member(14)))")
    }

    @Test func anOrganizerCardPayingTheExitsWithItsOwnMoneyIsAnOrganizer() {
        // Five victims (0–4) pay first-level card 5 → layer 6 → organizer 7, which sells to OTC
        // trader 11. Card 8 of the organizer got ¥3,000 of case 4 from the layer (6 % of the
        // group's money, one case of five), kept it for days, then got ¥20,000 from outside and
        // paid cash-out card 9 ¥15,000 of it: money kept past a day is the holder's share and
        // leaves after newer money, so nothing traced reaches the exit — yet all 8 pays goes
        // out of the chain.
        let e: [(Int32, Int32, Int64, Int64)] = (0..<5).map { (Int32($0), 5, 10_000_00, 100 + Int64($0)) } + [
            (5, 6, 50_000_00, 200), (6, 7, 47_000_00, 300), (6, 8, 3_000_00, 310), (10, 8, 20_000_00, 300_000),
            (8, 9, 8_000_00, 300_100), (8, 9, 7_000_00, 300_110), (9, -1, 15_000_00, 300_200), (7, 11, 40_000_00, 600),
        ]
        let n = 12
        let g = TransferGraph(accountCount: n, from: e.map(\.0), to: e.map(\.1), amountFen: e.map(\.2), time: e.map(\.3), channel: e.map { _ in 1 })
        var kinds = [TraceAccountKind](repeating: .ordinary, count: n)
        kinds[11] = .otc
        let traces = FundTracer(graph: g, kinds: kinds).trace(groups: (0..<5).map { [Int32($0)] })
        var c = RatingContext(accountCount: n)
        c.kinds = kinds
        c.addTraces(traces, cases: [0, 1, 2, 3, 4], graph: g)
        #expect(c.victimInflowFen[8] == 3_000_00 && c.victimCases[8] == 1)
        var levels = [RiskLevel](repeating: .normal, count: n)
        for a in [5, 6, 7, 8, 9] { levels[a] = .malicious }
        let r = GangMiner().mine(GangMiner.Input(graph: g, context: c, levels: levels, traces: traces, caseLossFen: [Int64](repeating: 10_000_00, count: 5)))
        func member(_ x: Int32) -> GangMiner.Member? { r.gangs.flatMap(\.members).first { $0.account == x } }
        #expect(r.gangs.count == 1 && [5, 6, 7, 8, 9].allSatisfy { r.gangOfAccount[$0] == 0 })
        #expect(member(8)?.role == .organizer, "\(String(describing: member(8)))")
        #expect(member(8)?.evidence.contains { $0.contains("to the group's exits") } == true)
        #expect(member(7)?.role == .organizer && member(6)?.role == .layer && member(9)?.role == .cashout)
    }

    @Test func feedersOfUnreportedVictimsJoinTheGroupTheyPay() {
        // 12 an unreported victim (savings) → wallet 13 → card 14 → group A's layer 3: 13 and 14
        // pass on what they just received. 15 → wallet 16 → 3 is a card-funded wallet payment
        // (same amount, same second): the payer's own wallet. 17 passes money on to group A's
        // first-level card 2 only: victims pay first-level cards, so it is not a feeder.
        let (input, _) = city(extra: [
            (12, 13, 10_000_00, 600), (13, 14, 9_800_00, 620), (14, 3, 9_700_00, 650),
            (15, 16, 5_000_00, 700), (16, 3, 5_000_00, 701),
            (18, 17, 5_000_00, 800), (17, 2, 5_000_00, 810),
        ], accounts: 19, wallets: [13, 16])
        let r = GangMiner().mine(input)
        let a = r.gangOfAccount[2]
        #expect(a >= 0 && r.gangOfAccount[3] == a)
        #expect(r.gangOfAccount[13] == a && r.gangOfAccount[14] == a)
        for x: Int32 in [12, 15, 16, 17, 18] { #expect(r.gangOfAccount[Int(x)] == -1, "account \(x)") }
        func member(_ x: Int32) -> GangMiner.Member? { r.gangs.flatMap(\.members).first { $0.account == x } }
        #expect(member(13)?.role == .paofen && member(14)?.role == .paofen)
        #expect(member(14)?.evidence.first?.contains("passed") == true)
        // Without the layer's group the chain joins nothing.
        var miner = GangMiner()
        miner.feederRounds = 0
        #expect(miner.mine(input).gangOfAccount[13] == -1)
    }

    @Test func aGroupOwningNoCaseJoinsTheOwnerOfItsCases() {
        // Victim 6 (case B) also paid wallet 12, withdrawn to card 13: a pair with no traced link
        // to group B's cards, owning no case (B's cards got most of the case's money).
        let (input, _) = city(extra: [(6, 12, 1_000_00, 160), (12, 13, 990_00, 170)], accounts: 14, wallets: [12],
                              caseBAlsoPaid: [0], malicious: [12, 13])
        let r = GangMiner().mine(input)
        #expect(r.gangs.count == 2)
        let b = r.gangOfAccount[7]
        #expect(r.gangOfAccount[12] == b && r.gangOfAccount[13] == b)
        #expect(r.gangOfCase[2] == b)
        #expect(r.gangs.allSatisfy { !$0.cases.isEmpty })
    }

    @Test func aCardMerchantWorkingForOneGroupIsAMember() {
        var (input, _) = city()
        input.context.kinds[10] = .cardMerchant
        // Only group A pays it now: remove B's payment by tracing B's case into the cash-out only.
        input.traces[2].hops.removeAll { $0.to == 10 }
        let r = GangMiner().mine(input)
        #expect(r.gangOfAccount[10] == r.gangOfAccount[2])
        #expect(r.shared.isEmpty)
    }


    @Test func associatesOfTheOrganizerJoinWithTheirRole() {
        // 12 is paid a commission by group A's organizer 4 twice (before any victim money) and
        // does nothing else: 引流.
        // 13 pays organizer 4 twice (point-card paybacks) and nothing else: 卡商. 14 is paid by
        // the organizer twice but lives on a salary from 15: not devoted to the group. 16 is paid
        // twice by first-level card 2 only (a rented card's owner's normal life): not the core.
        var (input, _) = city(extra: [
            (4, 12, 2_000_00, 50), (4, 12, 1_500_00, 60), (13, 4, 3_000_00, 750), (13, 4, 2_500_00, 950),
            (4, 14, 1_000_00, 55), (4, 14, 1_000_00, 65), (15, 14, 20_000_00, 720),
            (2, 16, 2_000_00, 705), (2, 16, 2_000_00, 905),
            (4, 17, 3_000_00, 52), (4, 17, 3_000_00, 62), (17, -1, 3_000_00, 53), (17, -1, 3_000_00, 63),
        ], accounts: 18)
        input.visibleFrom = [Int64](repeating: 0, count: 18)
        let r = GangMiner().mine(input)
        let a = r.gangOfAccount[2]
        func role(_ x: Int32) -> ChainRole? { r.gangs.flatMap(\.members).first { $0.account == x }?.role }
        #expect(r.gangOfAccount[12] == a && role(12) == .drainage)
        #expect(r.gangOfAccount[13] == a && role(13) == .card_merchant)
        // 17 is fed by the organizer and withdraws it all at ATMs (cash names no counterparty).
        #expect(r.gangOfAccount[17] == a && role(17) == .cashout)
        #expect(r.gangOfAccount[14] == -1 && r.gangOfAccount[16] == -1)
        #expect(role(4) == .organizer)
        // Without visibility (no statement, no stream) nothing can be judged.
        input.visibleFrom = nil
        let hidden = GangMiner().mine(input)
        #expect(hidden.gangOfAccount[12] == -1 && hidden.gangOfAccount[13] == -1)
    }
    @Test func unplacedMembersFollowTheirHolderAndLateJoiners() {
        // 13 (malicious) is paid by group A's layer 3 before any victim money; 12, a card of the
        // same holder (malicious), is paid only by 13: the person's cards move together.
        // 14, rated normal, pays organizer 4 twice and nothing else (an associate); 15
        // (malicious) is paid only by 14: it can join only once 14 has.
        var (input, _) = city(extra: [
            (3, 13, 2_000_00, 50), (13, 12, 300_00, 60),
            (14, 4, 3_000_00, 750), (14, 4, 2_500_00, 950), (14, 15, 200_00, 960), (14, 15, 150_00, 970),
        ], accounts: 16, malicious: [12, 13, 15])
        input.context.holderGroup[12] = 1; input.context.holderGroup[13] = 1
        input.visibleFrom = [Int64](repeating: 0, count: 16)
        let r = GangMiner().mine(input)
        let a = r.gangOfAccount[2]
        #expect(a >= 0 && r.gangOfAccount[13] == a && r.gangOfAccount[12] == a)
        #expect(r.gangOfAccount[14] == a && r.gangOfAccount[15] == a)
        // One attachment moves a component whole and does not chain: with 12 and 13 one
        // component both join; apart, only 13 (12's only counterparty was unplaced).
        var member = [Bool](repeating: false, count: 16)
        member[12] = true; member[13] = true
        for (component, placed): ([Int32], [Int32]) in [(Array(0..<16), [13]), (Array(0..<12) + [13, 13, 14, 15], [12, 13])] {
            var gangOf = [Int32](repeating: -1, count: 16)
            gangOf[3] = 0
            GangMiner().attach(&gangOf, member: member, component: component, graph: input.graph)
            #expect((0..<16).filter { gangOf[$0] == 0 && $0 != 3 }.map { Int32($0) } == placed)
        }
    }

    @Test func aRebateReceiverRatedSuspiciousIsNoMember() {
        // Organizer 4 pays 12 a ¥600 rebate out of victims' money (traced) and layer 3 pays 13
        // ¥9,000 of it; both rated suspicious. 12 carried a rebate's worth: no member.
        var (input, _) = city(extra: [(4, 12, 600_00, 450), (3, 13, 9_000_00, 350)], accounts: 14)
        input.levels[12] = .suspicious; input.levels[13] = .suspicious
        #expect(input.context.victimInflowFen[12] == 600_00 && input.context.victimInflowFen[13] == 9_000_00)
        let r = GangMiner().mine(input)
        #expect(r.gangOfAccount[12] == -1)
        #expect(r.gangOfAccount[13] == r.gangOfAccount[2])
        // Without the floor the rebate receiver joins the group through the traced ¥600.
        var miner = GangMiner()
        miner.minSuspiciousMemberFen = 0
        #expect(miner.mine(input).gangOfAccount[12] == r.gangOfAccount[2])
    }

    @Test func aStrayPaymentBetweenTwoGroupsDoesNotWeldThem() {
        // After forwarding, A's first-level card 2 keeps ¥1,000 of the victims' money and its
        // holder pays ¥500 of it to 12, the own card of B's first-level mule (same holder as 7).
        // Path A → 12 → B is one thin thread: ¥500 against ¥40,000+ on each side.
        var (input, _) = city(extra: [(2, 12, 500_00, 320)], accounts: 13, malicious: [12])
        input.context.holderGroup[7] = 1; input.context.holderGroup[12] = 1
        let r = GangMiner().mine(input)
        #expect(r.gangs.count == 2)
        #expect(r.gangOfAccount[2] >= 0 && r.gangOfAccount[7] >= 0 && r.gangOfAccount[2] != r.gangOfAccount[7])
        #expect(r.gangOfAccount[12] == r.gangOfAccount[7])
        let (_, cut) = GangMiner().cutThinBridges(GangMiner().links(input, member: GangMiner().members(input)), input: input)
        #expect(cut.count == 1 && cut[0].a == 2 && cut[0].b == 12 && cut[0].fen == 500_00)
        // Without the cut the thread joins them.
        var welded = GangMiner()
        welded.bridgeShare = 0
        #expect(welded.mine(input).gangs.count == 1)
    }

    @Test func whereTheCardMerchantsPaybacksGoIsAnOrganizer() {
        // 12, the group's card merchant (no victim money), pays ¥20,000 back to layer 3, which
        // passed all the victims' money on: the proceeds come home there.
        let (input, _) = city(extra: [(12, 3, 15_000_00, 600), (12, 3, 5_000_00, 700)], accounts: 13, malicious: [12])
        let r = GangMiner().mine(input)
        func member(_ x: Int32) -> GangMiner.Member? { r.gangs.flatMap(\.members).first { $0.account == x } }
        #expect(member(12)?.role == .card_merchant)
        #expect(member(3)?.role == .organizer)
        #expect(member(3)?.evidence.last?.contains("card merchant paid it back ¥20,000") == true)
        // A payback below ¥10,000 is not enough.
        let (small, _) = city(extra: [(12, 3, 5_000_00, 600)], accounts: 13, malicious: [12])
        #expect(GangMiner().mine(small).gangs.flatMap(\.members).first { $0.account == 3 }?.role == .layer)
    }

    @Test func aBridgeCarryingItsSideIsKept() {
        // A second half of group A: victim 12 pays first-level card 13, 13 → layer 14 → A's
        // organizer 4. The link 14 → 4 is a bridge, but it carries nearly all of its side's
        // first-level money: one group.
        let e: [(Int32, Int32, Int64, Int64)] = [
            (0, 2, 50_000_00, 100), (1, 2, 30_000_00, 200), (2, 3, 79_000_00, 300), (3, 4, 78_000_00, 400),
            (12, 13, 10_000_00, 150), (13, 14, 9_900_00, 250), (14, 4, 9_800_00, 350), (4, -1, 80_000_00, 500),
        ]
        let n = 15
        let g = TransferGraph(accountCount: n, from: e.map(\.0), to: e.map(\.1), amountFen: e.map(\.2), time: e.map(\.3), channel: e.map { _ in 1 })
        let traces = FundTracer(graph: g).trace(groups: [[0], [1], [4]])
        var c = RatingContext(accountCount: n)
        c.addTraces(traces, cases: [0, 1, 2], graph: g)
        var levels = [RiskLevel](repeating: .normal, count: n)
        for a in [2, 3, 4, 13, 14] { levels[a] = .malicious }
        let input = GangMiner.Input(graph: g, context: c, levels: levels, traces: traces, caseLossFen: [50_000_00, 30_000_00, 10_000_00])
        let r = GangMiner().mine(input)
        #expect(r.gangs.count == 1)
        #expect([3, 4, 13, 14].allSatisfy { r.gangOfAccount[$0] == r.gangOfAccount[2] })
        #expect(GangMiner().cutThinBridges(GangMiner().links(input, member: GangMiner().members(input)), input: input).cut.isEmpty)
    }

    @Test func theOrganizerIsWhereTheChainEndsNotTheLastLayer() {
        // Victims 0, 1 → first-level card 2 → layer 3, which sells ¥40,000 to OTC trader 10 and
        // passes ¥38,000 on to 4; 4 pays ¥30,000 to cash-out card 11 (withdrawn at ATMs) and
        // keeps the rest. 3 pays an exit but feeds 4 deeper in the chain: the last layer; 4 pays
        // only the cash-out card, an exit like the OTC trader: the organizer.
        let e: [(Int32, Int32, Int64, Int64)] = [
            (0, 2, 50_000_00, 100), (1, 2, 30_000_00, 200), (2, 3, 79_000_00, 300),
            (3, 10, 40_000_00, 400), (3, 4, 38_000_00, 450), (4, 11, 30_000_00, 600), (11, -1, 30_000_00, 700),
        ]
        let n = 12
        let g = TransferGraph(accountCount: n, from: e.map(\.0), to: e.map(\.1), amountFen: e.map(\.2), time: e.map(\.3), channel: e.map { _ in 1 })
        var kinds = [TraceAccountKind](repeating: .ordinary, count: n)
        kinds[10] = .otc
        let traces = FundTracer(graph: g, kinds: kinds).trace(groups: [[0], [1]])
        var c = RatingContext(accountCount: n)
        c.kinds = kinds
        c.addTraces(traces, cases: [0, 1], graph: g)
        var levels = [RiskLevel](repeating: .normal, count: n)
        for a in [2, 3, 4, 11] { levels[a] = .malicious }
        levels[10] = .suspicious
        let r = GangMiner().mine(GangMiner.Input(graph: g, context: c, levels: levels, traces: traces, caseLossFen: [50_000_00, 30_000_00]))
        func role(_ x: Int32) -> ChainRole? { r.gangs.flatMap(\.members).first { $0.account == x }?.role }
        #expect(r.gangs.count == 1)
        #expect(role(2) == .first_level && role(3) == .layer && role(4) == .organizer && role(11) == .cashout)
    }

    @Test func contactRolesFromCallsAndIMRecords() {
        // Phone P calls 25 strangers briefly (GOIP) including the victim before the loss; pool phone
        // Q has 4 QQ accounts, one named by the victim; helper H vouched twice for them.
        var calls: [CallRecord] = []
        for i in 0..<25 { calls.append(CallRecord(caller: "13000000000", callee: "1390000\(1000 + i)", type: .voice, time: Instant(seconds: Int64(i)), duration: 20)) }
        calls.append(CallRecord(caller: "13000000000", callee: "13800000000", type: .voice, time: Instant(seconds: 50), duration: 40))
        let im = (0..<4).map { IMAccountRecord(platform: .qq, account: "8000\($0)", phone: "16200000000", registeredAt: nil, ip: nil) }
        let unblocks = [IMUnblockRecord(platform: .qq, account: "80000", time: Instant(seconds: 10), method: "好友辅助验证", helpers: ["777"]),
                        IMUnblockRecord(platform: .qq, account: "80001", time: Instant(seconds: 20), method: "好友辅助验证", helpers: ["777", "888"])]
        let cases = [ContactMiner.Case(gang: 0, victimPhone: "13800000000", lossTime: 100, phones: [], qq: ["80000"], wechat: [], urls: ["example.xyz"], apps: [])]
        let r = ContactMiner().mine(cases: cases, gangCount: 1, calls: calls, imAccounts: im, unblocks: unblocks)
        let roles = Dictionary(uniqueKeysWithValues: r.members[0].map { ($0.entity, $0.role) })
        #expect(roles["phone:13000000000"] == .goip)
        #expect(roles["phone:16200000000"] == .im_dealer)
        #expect(roles["qq:777"] == .unblocker)
        #expect(roles["qq:888"] == nil)   // vouched once
        #expect(roles["qq:80000"] == .drainage && roles["url:example.xyz"] == .drainage)
        #expect(r.shared.isEmpty)
    }
}
