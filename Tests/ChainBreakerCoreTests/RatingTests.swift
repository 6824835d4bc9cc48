import Testing
import Foundation
@testable import ChainBreakerCore

// MARK: - A small city built by hand

/// Builds a graph, its rating context and the traces of its victim payments, then rates it.
/// Money in yuan for readability; times in minutes after 2021-04-01 10:00 Beijing time unless
/// given in seconds.
struct RatingCity {
    static let t0: Int64 = 1_617_242_400   // 2021-04-01T10:00:00+08:00
    var statement: [Bool] = []
    var wallet: [Bool] = []
    var tags: [AccountTags] = []
    var holder: [Int32] = []
    var devices: [(account: Int32, device: Int32)] = []
    var from: [Int32] = [], to: [Int32] = [], fen: [Int64] = [], time: [Int64] = [], channel: [UInt8] = []
    var seeds: [Int32] = [], cases: [Int32] = []

    @discardableResult
    mutating func account(statement s: Bool = true, wallet w: Bool = false, tags t: AccountTags = [], holder h: Int32 = -1) -> Int32 {
        statement.append(s); wallet.append(w); tags.append(t); holder.append(h)
        return Int32(statement.count - 1)
    }

    mutating func accounts(_ n: Int, statement s: Bool = true) -> [Int32] { (0..<n).map { _ in account(statement: s) } }

    @discardableResult
    mutating func pay(_ a: Int32, _ b: Int32, yuan: Int64, minute: Int64, channel c: TransferChannel = .bank) -> Int32 {
        from.append(a); to.append(b); fen.append(yuan * 100); time.append(RatingCity.t0 + minute * 60); channel.append(c.rawValue)
        return Int32(fen.count - 1)
    }

    mutating func cash(_ a: Int32, yuan: Int64, minute: Int64) { pay(a, -1, yuan: yuan, minute: minute, channel: .atm) }

    /// A victim payment (a seed of the trace) of case `c`.
    mutating func victimPays(_ v: Int32, _ b: Int32, yuan: Int64, minute: Int64, case c: Int32) {
        seeds.append(pay(v, b, yuan: yuan, minute: minute)); cases.append(c)
    }

    func build() -> (TransferGraph, RatingContext) {
        let n = statement.count
        let g = TransferGraph(accountCount: n, from: from, to: to, amountFen: fen, time: time, channel: channel)
        var c = RatingContext(accountCount: n)
        c.hasStatement = statement; c.isWallet = wallet; c.tags = tags; c.holderGroup = holder
        c.syncKindsWithTags()
        c.setDevices(devices)
        let results = FundTracer(graph: g, kinds: c.kinds, hasStatement: statement).trace(seeds: seeds)
        c.addTraces(results, cases: cases, graph: g)
        return (g, c)
    }

    func rate(_ rater: some AccountRater = RuleRater()) -> [AccountRating] {
        let (g, c) = build()
        return RatingEngine.run(graph: g, context: c, rater: rater).ratings
    }
}

private func reasons(_ r: AccountRating) -> String { r.reasons.joined(separator: " | ") }

/// A laundering chain: victims pay a rented bank card A (一级卡, its owner still shops with it),
/// A forwards to layer B within minutes, B to collector C, C withdraws cash at night.
private func muleChain(walletFirst: Bool = false) -> (RatingCity, victims: [Int32], a: Int32, b: Int32, c: Int32) {
    var city = RatingCity()
    let victims = city.accounts(4)
    let a = city.account(wallet: walletFirst)
    let b = city.account(), c = city.account()
    let shop = city.account(statement: false), employer = city.account(statement: false)
    // A's owner: salary in, shopping out (an ordinary life), when the account is a bank card.
    if !walletFirst {
        for m in 0..<3 { city.pay(employer, a, yuan: 6_000, minute: Int64(m) * 43_200 - 50_000) }
        for m in 0..<6 { city.pay(a, shop, yuan: 300, minute: Int64(m) * 20_000 - 40_000, channel: .pos) }
    }
    for (k, v) in victims.enumerated() {
        let t = Int64(k) * 2_880
        city.victimPays(v, a, yuan: 20_000 + Int64(k) * 1_000, minute: t, case: Int32(k))
        city.pay(a, b, yuan: 19_800 + Int64(k) * 1_000, minute: t + 12)
        city.pay(b, c, yuan: 19_700 + Int64(k) * 1_000, minute: t + 40)
        city.cash(c, yuan: 19_600 + Int64(k) * 1_000, minute: t + 16 * 60)   // 02:00 the next night
    }
    return (city, victims, a, b, c)
}

@Suite struct RatingKnownAnswers {
    @Test func muleChainLevels() {
        let (city, victims, a, b, c) = muleChain()
        let r = city.rate()
        #expect(r[Int(b)].level == .malicious, "\(reasons(r[Int(b)]))")
        #expect(r[Int(c)].level == .malicious, "\(reasons(r[Int(c)]))")
        #expect(reasons(r[Int(b)]).contains("from 4 cases"))
        #expect(reasons(r[Int(b)]).contains("2 hops from the victims"))
        #expect(reasons(r[Int(c)]).contains("as cash"))
        // The rented first-level bank card whose owner keeps using it: suspicious, not malicious.
        #expect(r[Int(a)].level == .suspicious, "\(reasons(r[Int(a)]))")
        #expect(reasons(r[Int(a)]).contains("4 payments directly from victims"))
        for v in victims {
            #expect(r[Int(v)].level == .normal)
            #expect(reasons(r[Int(v)]).contains("受害人"))
        }
    }

    @Test func walletCollectingVictimPaymentsIsMalicious() {
        let (city, _, a, b, _) = muleChain(walletFirst: true)
        let r = city.rate()
        #expect(r[Int(a)].level == .malicious, "\(reasons(r[Int(a)]))")
        #expect(reasons(r[Int(a)]).contains("跑分"))
        #expect(r[Int(b)].level == .malicious)
    }

    @Test func merchantWithTwoThousandPayersStaysNormal() {
        var (city, _, _, b, _) = muleChain()
        let merchant = city.account(tags: [.normalMerchant])
        let unregistered = city.account()
        let payers = city.accounts(2_000, statement: false)
        for (k, p) in payers.enumerated() {
            city.pay(p, merchant, yuan: 20 + Int64(k % 300), minute: Int64(k) * 7, channel: .pos)
            city.pay(p, unregistered, yuan: 15 + Int64(k % 200), minute: Int64(k) * 7 + 3, channel: .pos)
        }
        // The layer pays both shops (tainted money), and the shops pay their suppliers weekly.
        city.pay(b, merchant, yuan: 1_500, minute: 50)
        city.pay(b, unregistered, yuan: 1_200, minute: 60)
        let supplier = city.account(statement: false)
        for w in 0..<12 {
            city.pay(merchant, supplier, yuan: 40_000, minute: Int64(w) * 10_080 + 600)
            city.pay(unregistered, supplier, yuan: 25_000, minute: Int64(w) * 10_080 + 700)
        }
        let r = city.rate()
        #expect(r[Int(merchant)].level == .normal, "\(reasons(r[Int(merchant)]))")
        #expect(r[Int(unregistered)].level == .normal, "\(reasons(r[Int(unregistered)]))")
        #expect(payers.allSatisfy { r[Int($0)].level == .normal })
        #expect(r[Int(b)].level == .malicious)
    }

    @Test func payrollFanOutStaysNormal() {
        var (city, _, a, _, _) = muleChain()
        let employer = city.account()
        let staff = city.accounts(300, statement: false) + [a]
        let bank = city.account(statement: false)
        for month in 0..<3 {
            city.pay(bank, employer, yuan: 2_000_000, minute: Int64(month) * 43_200 - 100)
            for (k, p) in staff.enumerated() { city.pay(employer, p, yuan: 5_000 + Int64(k % 7) * 100, minute: Int64(month) * 43_200 + Int64(k % 60)) }
        }
        let r = city.rate()
        #expect(r[Int(employer)].level == .normal, "\(reasons(r[Int(employer)]))")
        #expect(staff.dropLast().allSatisfy { r[Int($0)].level == .normal })
    }

    @Test func fastTraderWithoutVictimMoneyStaysNormal() {
        // 代购: customers pay, the trader pays the supplier within the hour, at night too.
        var city = RatingCity()
        let trader = city.account(), supplier = city.account(statement: false)
        let customers = city.accounts(60, statement: false)
        for day in 0..<40 {
            var total: Int64 = 0
            for k in 0..<5 {
                let cst = customers[(day * 5 + k) % customers.count]
                let x = 800 + Int64((day * 37 + k * 11) % 900)
                city.pay(cst, trader, yuan: x, minute: Int64(day) * 1_440 + Int64(k) * 5 + 840)  // 00:00–00:25
                total += x
            }
            city.pay(trader, supplier, yuan: total - 200, minute: Int64(day) * 1_440 + 870)
        }
        let r = city.rate()
        #expect(r[Int(trader)].level == .normal, "\(reasons(r[Int(trader)]))")
    }

    @Test func groupBuyOrganiserStaysNormal() {
        // 团购团长: many small payments in, one large payment out to the merchant.
        var city = RatingCity()
        let organiser = city.account(), merchant = city.account(statement: false)
        let members = city.accounts(200, statement: false)
        for (k, m) in members.enumerated() { city.pay(m, organiser, yuan: 35 + Int64(k % 40), minute: Int64(k) * 3) }
        city.pay(organiser, merchant, yuan: 10_000, minute: 700)
        let r = city.rate()
        #expect(r[Int(organiser)].level == .normal, "\(reasons(r[Int(organiser)]))")
    }

    @Test func otcTraderRatedByWhatFlowsThroughIt() {
        var (city, _, _, _, c) = muleChain()
        let touched = city.account(tags: [.otc]), untouched = city.account(tags: [.otc])
        let buyers = city.accounts(30, statement: false), sellers = city.accounts(30, statement: false)
        // The collector buys USDT from one OTC trader; ordinary users trade with both.
        city.pay(c, touched, yuan: 15_000, minute: 3 * 2_880 + 100)
        for (k, p) in buyers.enumerated() {
            city.pay(p, touched, yuan: 5_000, minute: Int64(k) * 600)
            city.pay(p, untouched, yuan: 4_000, minute: Int64(k) * 600 + 5)
        }
        for (k, p) in sellers.enumerated() {
            city.pay(touched, p, yuan: 5_400, minute: Int64(k) * 600 + 30)
            city.pay(untouched, p, yuan: 3_900, minute: Int64(k) * 600 + 35)
        }
        let r = city.rate()
        #expect(r[Int(touched)].level == .suspicious, "\(reasons(r[Int(touched)]))")
        #expect(reasons(r[Int(touched)]).contains("虚拟币场外商"))
        #expect(r[Int(untouched)].level == .normal, "\(reasons(r[Int(untouched)]))")
        #expect(sellers.allSatisfy { r[Int($0)].level == .normal })
    }

    @Test func untaggedMarketIsNotALaunderingLayer() {
        // An untagged OTC trader fed by a collector pays 25 different sellers: a market.
        var (city, _, _, _, c) = muleChain()
        let otc = city.account()
        let sellers = city.accounts(25, statement: false)
        city.pay(c, otc, yuan: 40_000, minute: 3 * 2_880 + 100)
        for (k, p) in sellers.enumerated() { city.pay(otc, p, yuan: 1_500, minute: 3 * 2_880 + 200 + Int64(k)) }
        let r = city.rate()
        #expect(r[Int(otc)].level == .suspicious, "\(reasons(r[Int(otc)]))")
        #expect(reasons(r[Int(otc)]).contains("a market"))
    }

    @Test func paidWorkerOfTheGroupIsMaliciousOnTheSecondPass() {
        var (city, _, _, _, c) = muleChain()
        let worker = city.account(statement: false)
        for w in 0..<5 { city.pay(c, worker, yuan: 2_500, minute: Int64(w) * 8_000 + 300) }
        let (g, ctx) = city.build()
        let out = RatingEngine.run(graph: g, context: ctx, rater: RuleRater())
        #expect(!out.firstPass[Int(worker)])
        #expect(out.ratings[Int(worker)].level == .malicious, "\(reasons(out.ratings[Int(worker)]))")
        #expect(reasons(out.ratings[Int(worker)]).contains("regular pay from the group"))
        #expect(out.passes >= 2)
    }

    @Test func operatorDeviceLinksAnUntracedCollector() {
        // D has no traced money (its feeder's statement is missing) but logs in from the device
        // the group uses for B and C, and passes money on.
        var (city, _, _, b, c) = muleChain()
        let feeder = city.account(statement: false), d = city.account(), exit = city.account(statement: false)
        for k in 0..<4 {
            city.pay(feeder, d, yuan: 30_000, minute: Int64(k) * 3_000 + 100)
            city.pay(d, exit, yuan: 29_500, minute: Int64(k) * 3_000 + 130)
        }
        let citizen = city.account(), friend = city.account(statement: false)
        city.pay(friend, citizen, yuan: 3_000, minute: 10); city.pay(citizen, friend, yuan: 2_000, minute: 20)
        city.devices = [(b, 7), (c, 7), (d, 7), (citizen, 8), (b, 8)]
        let r = city.rate()
        #expect(r[Int(d)].level == .malicious, "\(reasons(r[Int(d)]))")
        #expect(reasons(r[Int(d)]).contains("device"))
        // A device shared with one malicious account only is not an operator device link.
        #expect(r[Int(citizen)].level != .malicious, "\(reasons(r[Int(citizen)]))")
    }

    @Test func hopBetweenMaliciousAccounts() {
        // H (no statement) takes money from collector C and passes about as much to B; a victim V2
        // gets small rebates from C but pays B far more: no hop.
        var (city, _, _, b, c) = muleChain()
        let h = city.account(statement: false), v2 = city.account(statement: false)
        city.pay(c, h, yuan: 8_000, minute: 100); city.pay(h, b, yuan: 7_900, minute: 130)
        city.pay(c, v2, yuan: 300, minute: 200); city.pay(v2, b, yuan: 9_000, minute: 300)
        let r = city.rate()
        #expect(r[Int(h)].level == .malicious, "\(reasons(r[Int(h)]))")
        #expect(reasons(r[Int(h)]).contains("a hop of the chain"))
        #expect(r[Int(v2)].level != .malicious, "\(reasons(r[Int(v2)]))")
    }

    @Test func frozenTagAloneIsSuspicious() {
        var city = RatingCity()
        let frozen = city.account(tags: [.frozenFraud]), other = city.account()
        city.pay(other, frozen, yuan: 500, minute: 0)
        let r = city.rate()
        #expect(r[Int(frozen)].level == .suspicious)
        #expect(reasons(r[Int(frozen)]).contains("已冻结涉诈账户"))
        #expect(r[Int(other)].level == .normal)
    }

    @Test func noStatementCollectorOfOneGroup() {
        // E's statement was not requested; B (malicious) sends it part of every case's money.
        var (city, _, _, b, _) = muleChain()
        let e = city.account(statement: false)
        for k in 0..<4 { city.pay(b, e, yuan: 4_000, minute: Int64(k) * 2_880 + 20) }
        let r = city.rate()
        #expect(r[Int(e)].level == .malicious, "\(reasons(r[Int(e)]))")
        #expect(reasons(r[Int(e)]).contains("调单"))
    }

    @Test func rebatesToAPersonBeingGroomedAreNoCollection() {
        // Collector C pays P two 刷单 rebates (¥600, ¥700), each just after a case's money
        // arrived: FIFO gives P ¥1,300 of two cases' money, all P's visible inflow from the
        // group. A standing account S of the group gets ¥900 ten times: ¥9,000 from the group.
        var (city, _, _, _, c) = muleChain()
        let p = city.account(statement: false), s = city.account(statement: false)
        city.pay(c, p, yuan: 600, minute: 45); city.pay(c, p, yuan: 700, minute: 2_880 + 45)
        for k in 0..<10 { city.pay(c, s, yuan: 900, minute: Int64(k % 4) * 2_880 + 50 + Int64(k / 4)) }
        let (g, ctx) = city.build()
        #expect(ctx.victimCases[Int(p)] == 2 && ctx.victimInflowFen[Int(p)] == 130_000)
        let r = RatingEngine.run(graph: g, context: ctx, rater: RuleRater()).ratings
        #expect(r[Int(p)].level == .suspicious, "\(reasons(r[Int(p)]))")
        #expect(r[Int(s)].level == .malicious, "\(reasons(r[Int(s)]))")
    }

    @Test func paybacksGoPastTheEntryVictimsPayTheEntry() {
        // The group's 跑分 wallet A collects victims' payments. X, an unreported victim, pays A
        // ¥12,000 twice; K, a card merchant, pays collector C (past the entry) ¥15,000 twice.
        var (city, _, a, _, c) = muleChain(walletFirst: true)
        let x = city.account(), k = city.account(), buyers = city.account(statement: false)
        city.pay(buyers, x, yuan: 30_000, minute: -500)
        city.pay(x, a, yuan: 12_000, minute: 3_000); city.pay(x, a, yuan: 12_000, minute: 6_000)
        city.pay(buyers, k, yuan: 40_000, minute: -500)
        city.pay(k, c, yuan: 15_000, minute: 3_100); city.pay(k, c, yuan: 15_000, minute: 6_100)
        let r = city.rate()
        #expect(r[Int(a)].level == .malicious)
        #expect(r[Int(x)].level != .malicious, "\(reasons(r[Int(x)]))")
        #expect(r[Int(k)].level == .malicious, "\(reasons(r[Int(k)]))")
        #expect(reasons(r[Int(k)]).contains("money back into the laundering chain"))
    }

    @Test func aRelayOfUnreportedVictimsIsNoPayback() {
        // F is paid ¥11,300 by an ordinary account (a victim who never reported) and passes
        // ¥11,100 of it within ten minutes to layer B and collector C: a first-level card of
        // unreported victims (suspicious), not a card merchant paying back its takings — K pays C
        // ¥15,000 twice out of money it had for weeks.
        var (city, _, _, b, c) = muleChain()
        let f = city.account(), unreported = city.account(statement: false)
        let k = city.account(), buyers = city.account(statement: false)
        city.pay(unreported, f, yuan: 11_300, minute: 5_000)
        city.pay(f, b, yuan: 6_100, minute: 5_005); city.pay(f, c, yuan: 5_000, minute: 5_010)
        city.pay(buyers, k, yuan: 40_000, minute: -500)
        city.pay(k, c, yuan: 15_000, minute: 3_100); city.pay(k, c, yuan: 15_000, minute: 6_100)
        let r = city.rate()
        #expect(r[Int(f)].level == .suspicious, "\(reasons(r[Int(f)]))")
        #expect(reasons(r[Int(f)]).contains("unreported victims"))
        #expect(r[Int(k)].level == .malicious, "\(reasons(r[Int(k)]))")
    }

    /// Collector C of the mule chain holds ¥100,000 of the group's own money before the victims
    /// pay; it pays L (statement not requested) ¥20,000 four times out of that money, so FIFO
    /// gives L no victim money. L's payments to M and N show in their statements: L passes
    /// ¥76,000 on within a week; M and N pass it on in turn when `payeesPassOn`.
    private func untracedLayer(payeesPassOn: Bool = true) -> (RatingCity, c: Int32, l: Int32, m: Int32) {
        var (city, _, _, _, c) = muleChain()
        let own = city.account(statement: false), l = city.account(statement: false)
        let m = city.account(), n = city.account(), out = city.account(statement: false)
        city.pay(own, c, yuan: 100_000, minute: -3_000)
        for k in 0..<4 {
            city.pay(c, l, yuan: 20_000, minute: -2_900 + Int64(k) * 600)
            city.pay(l, k % 2 == 0 ? m : n, yuan: 19_000, minute: -2_880 + Int64(k) * 600)
        }
        if payeesPassOn { city.pay(m, out, yuan: 38_000, minute: 0); city.pay(n, out, yuan: 38_000, minute: 0) }
        return (city, c, l, m)
    }

    @Test func aLayerWithoutStatementSeenPassingTheGroupsMoneyOn() {
        // M and N keep what L paid them: L is no hop between accounts rated malicious.
        let (city, c, l, _) = untracedLayer(payeesPassOn: false)
        let (g, ctx) = city.build()
        #expect(ctx.victimInflowFen[Int(l)] == 0)
        let r = RatingEngine.run(graph: g, context: ctx, rater: RuleRater()).ratings
        #expect(r[Int(c)].level == .malicious)
        #expect(r[Int(l)].level == .malicious, "\(reasons(r[Int(l)]))")
        #expect(reasons(r[Int(l)]).contains("a layer of the chain"))
        // Below the material ¥5,000 (a grooming's rebates) the same pattern is no layer.
        var (small, _, _, _, c2) = muleChain()
        let own = small.account(statement: false), p = small.account(statement: false), q = small.account()
        small.pay(own, c2, yuan: 100_000, minute: -3_000)
        for k in 0..<4 {
            small.pay(c2, p, yuan: 1_000, minute: -2_900 + Int64(k) * 600)
            small.pay(p, q, yuan: 900, minute: -2_880 + Int64(k) * 600)
        }
        #expect(small.rate()[Int(p)].level != .malicious)
    }

    @Test func anUnreportedVictimPayingTheEntryIsNoLayer() {
        // X (statement not requested) is groomed with ¥6,000 of rebates from collector C, all
        // its visible inflow, then pays ¥20,000 into first-level card A, where victims pay: money
        // into the chain's entry is what a victim does, not a layer passing money on. Without
        // that, the same flow paid past the entry (to layer B) would be a layer's.
        var (city, _, a, b, c) = muleChain()
        let x = city.account(statement: false), y = city.account(statement: false)
        for k in 0..<3 { city.pay(c, x, yuan: 2_000, minute: 100 + Int64(k) * 300); city.pay(c, y, yuan: 2_000, minute: 101 + Int64(k) * 300) }
        city.pay(x, a, yuan: 20_000, minute: 3_000)
        city.pay(y, b, yuan: 5_000, minute: 3_000)
        let r = city.rate()
        #expect(r[Int(x)].level != .malicious, "\(reasons(r[Int(x)]))")
        #expect(r[Int(y)].level == .malicious, "\(reasons(r[Int(y)]))")
    }

    @Test func anOperatedLayerWithTracedMoneyIsNoRentedFirstLevelCard() {
        // D, logged in from the device the group uses for B and C, got ¥10,000 of a fifth case's
        // money from layer B (a quarter of its inflow; the rest its own) and paid it all to C.
        // Paying into the chain is what a rented first-level card does too, but D's victim money
        // came through the chain: it is past the first receivers, a layer.
        var (city, _, a, b, c) = muleChain()
        let v5 = city.account(), own = city.account(statement: false), d = city.account()
        city.pay(own, d, yuan: 30_000, minute: 19_000)
        city.victimPays(v5, a, yuan: 10_200, minute: 20_000, case: 4)
        city.pay(a, b, yuan: 10_100, minute: 20_012)
        city.pay(b, d, yuan: 10_000, minute: 20_030)
        city.pay(d, c, yuan: 39_900, minute: 20_060)
        city.devices = [(b, 7), (c, 7), (d, 7)]
        let (g, ctx) = city.build()
        #expect(ctx.victimInflowFen[Int(d)] == 1_000_000 && ctx.directVictimPayments[Int(d)] == 0)
        let r = RatingEngine.run(graph: g, context: ctx, rater: RuleRater()).ratings
        #expect(r[Int(d)].level == .malicious, "\(reasons(r[Int(d)]))")
        #expect(reasons(r[Int(d)]).contains("operated from a device"))
        #expect(r[Int(a)].level == .suspicious)
    }

    @Test func anExitCardPayingTheGroupsWayOutIsMalicious() {
        // E (statement not requested) got a ¥1 test transfer from cash-out card C and is seen
        // paying OTC trader T, whom layer B pays too, ¥4,000 three times: the organizer's exit
        // card, fed from accounts not requested yet. X, whom C paid ¥100 once, buys ¥6,000 of
        // crypto from T once; Y, paid mostly by an ordinary account, pays T three times: neither
        // is an exit card.
        var (city, _, _, b, c) = muleChain()
        let t = city.account(tags: [.otc]), own = city.account(statement: false), friend = city.account()
        let e = city.account(statement: false), x = city.account(statement: false), y = city.account(statement: false)
        city.pay(own, b, yuan: 10_000, minute: 9_000)
        city.pay(b, t, yuan: 5_000, minute: 9_010)
        city.pay(c, e, yuan: 1, minute: 9_100)
        for k in 0..<3 { city.pay(e, t, yuan: 4_000, minute: 9_200 + Int64(k) * 1_440) }
        city.pay(c, x, yuan: 100, minute: 9_100)
        city.pay(x, t, yuan: 6_000, minute: 9_300)
        city.pay(c, y, yuan: 100, minute: 9_100)
        city.pay(friend, y, yuan: 8_000, minute: 9_150)
        for k in 0..<3 { city.pay(y, t, yuan: 3_000, minute: 9_400 + Int64(k) * 1_440) }
        let r = city.rate()
        #expect(r[Int(c)].level == .malicious)
        #expect(r[Int(e)].level == .malicious, "\(reasons(r[Int(e)]))")
        #expect(reasons(r[Int(e)]).contains("in 3 payments") && reasons(r[Int(e)]).contains("an exit card of the group"))
        #expect(r[Int(x)].level != .malicious, "\(reasons(r[Int(x)]))")
        #expect(r[Int(y)].level != .malicious, "\(reasons(r[Int(y)]))")
    }

    @Test func anExitCardTestingTheGroupsCardsIsMalicious() {
        // Z (statement not requested, nothing seen arriving) sends ¥1 test transfers to layer B
        // and cash-out card C and pays OTC trader T ¥4,000 three times: the organizer checking
        // its cards, paying out through its exit card. W, a first-level card without statement,
        // pays B ¥20,000 three times: money into accounts rated malicious is no test transfer.
        var (city, _, _, b, c) = muleChain()
        let t = city.account(tags: [.otc]), own = city.account(statement: false)
        let z = city.account(statement: false), w = city.account(statement: false)
        city.pay(own, b, yuan: 10_000, minute: 9_000)
        city.pay(b, t, yuan: 5_000, minute: 9_010)
        city.pay(z, b, yuan: 1, minute: 9_100); city.pay(z, c, yuan: 1, minute: 9_101)
        for k in 0..<3 { city.pay(z, t, yuan: 4_000, minute: 9_200 + Int64(k) * 1_440) }
        for k in 0..<3 { city.pay(w, b, yuan: 20_000, minute: 12_000 + Int64(k) * 1_440) }
        let r = city.rate()
        #expect(r[Int(z)].level == .malicious, "\(reasons(r[Int(z)]))")
        #expect(reasons(r[Int(z)]).contains("test transfers") && reasons(r[Int(z)]).contains("an exit card of the group"))
        #expect(r[Int(w)].level != .malicious, "\(reasons(r[Int(w)]))")
    }

    @Test func anExitCardThatTestedTheCardsAndPaysWagesIsMalicious() {
        // Z (statement not requested) sends ¥1 test transfers to layer B and cash-out card C,
        // pays OTC trader T ¥4,000 three times and its two 引流 workers ¥5,000 each: 55 % of what
        // it pays goes out through the group's exit, and the tests tie it to the group. Y does
        // the same but pays B and C ¥500 each — no test — and stays below malicious.
        var (city, _, _, b, c) = muleChain()
        let t = city.account(tags: [.otc]), own = city.account(statement: false)
        city.pay(own, b, yuan: 10_000, minute: 9_000)
        city.pay(b, t, yuan: 5_000, minute: 9_010)
        var payers: [Int32] = []
        for (k, test) in [Int64(1), 500].enumerated() {
            let z = city.account(statement: false), base = 9_100 + Int64(k) * 20_000
            city.pay(z, b, yuan: test, minute: base); city.pay(z, c, yuan: test, minute: base + 1)
            for j in 0..<3 { city.pay(z, t, yuan: 4_000, minute: base + 100 + Int64(j) * 1_440) }
            for j in 0..<2 { city.pay(z, city.account(statement: false), yuan: 5_000, minute: base + 5_000 + Int64(j)) }
            payers.append(z)
        }
        let r = city.rate()
        let (z, y) = (Int(payers[0]), Int(payers[1]))
        #expect(r[z].level == .malicious, "\(reasons(r[z]))")
        #expect(reasons(r[z]).contains("test transfers") && reasons(r[z]).contains("an exit card of the group"))
        #expect(r[y].level != .malicious, "\(reasons(r[y]))")
    }

    @Test func aConduitOfTheChainsMoneyIsFollowedToItsWorkers() {
        // M, half fed by layer L (no traced money anywhere on that path), pays W, a worker
        // without a statement, ¥2,000 a week for four weeks: M is a core account of the chain
        // (it passes the group's money on), so W is paid by the group.
        var (city, _, _, m) = untracedLayer()
        let proceeds = city.account(statement: false), w = city.account(statement: false)
        city.pay(proceeds, m, yuan: 38_000, minute: -2_000)
        for k in 0..<4 { city.pay(m, w, yuan: 2_000, minute: 1_440 + Int64(k) * 10_080) }
        let r = city.rate()
        #expect(r[Int(m)].level == .malicious)
        #expect(r[Int(w)].level == .malicious, "\(reasons(r[Int(w)]))")
        #expect(reasons(r[Int(w)]).contains("regular pay from the group"))
    }

    @Test func aLittleTracedMoneyDoesNotHideWhatTheChainPaid() {
        // As in the half-fed case, but layer B also paid M ¥1,500 of a case's money: traced
        // victim money, 2% of M's inflow. Half of the inflow still came from the chain.
        var (city, _, l, m) = untracedLayer()
        let b = Int32(5)   // muleChain's layer B
        let proceeds = city.account(statement: false), exit = city.account(statement: false)
        city.pay(proceeds, m, yuan: 38_000, minute: -2_000)
        city.pay(b, m, yuan: 1_500, minute: 13); city.pay(m, exit, yuan: 1_500, minute: 20)
        let (g, ctx) = city.build()
        #expect(ctx.victimInflowFen[Int(m)] == 150_000)
        let r = RatingEngine.run(graph: g, context: ctx, rater: RuleRater()).ratings
        #expect(r[Int(l)].level == .malicious)
        #expect(r[Int(m)].level == .malicious, "\(reasons(r[Int(m)]))")
    }

    @Test func anAccountHalfFedByTheLaunderingChainPassingItOn() {
        // M (statement) took ¥38,000 from layer L, half its inflow; the other half came from a
        // card merchant's proceeds. It passed everything on: past the first receivers, a third
        // of the inflow from the chain is enough (as for traced victim money). A trader T who
        // sold L goods for ¥8,000 among ¥40,000 of other customers' money is no conduit.
        var (city, _, l, m) = untracedLayer()
        let proceeds = city.account(statement: false), t = city.account(), customers = city.account(statement: false)
        let supplier = city.account(statement: false)
        city.pay(proceeds, m, yuan: 38_000, minute: -2_000)
        city.pay(l, t, yuan: 8_000, minute: -1_000); city.pay(customers, t, yuan: 40_000, minute: -900)
        city.pay(t, supplier, yuan: 45_000, minute: -800)
        let r = city.rate()
        #expect(r[Int(l)].level == .malicious)
        #expect(r[Int(m)].level == .malicious, "\(reasons(r[Int(m)]))")
        #expect(r[Int(t)].level == .normal, "\(reasons(r[Int(t)]))")
    }

    @Test func aLayerWithoutStatementJoinsTheGroupItPays() {
        // Anchors L (no statement) and O (statement) of one group: L pays O, and both pay the
        // cash-out card X. K, a card merchant rated malicious for its paybacks, tied to no other
        // anchor, pays X too: a lone member is no independent group. S (no statement) collects
        // from two unrelated groups, {H1, G1} and {H2, G2} (statements): it does not weld them,
        // so Y, paid by G1 and G2, is paid by two groups.
        var city = RatingCity()
        let l = city.account(statement: false), o = city.account(), x = city.account(), k = city.account()
        let s = city.account(statement: false), g1 = city.account(), g2 = city.account(), y = city.account()
        let h1 = city.account(statement: false), h2 = city.account(statement: false)
        city.pay(l, o, yuan: 10_000, minute: 0); city.pay(l, x, yuan: 10_000, minute: 1); city.pay(o, x, yuan: 10_000, minute: 2)
        city.pay(k, x, yuan: 10_000, minute: 2)
        city.pay(h1, g1, yuan: 20_000, minute: 0); city.pay(h2, g2, yuan: 20_000, minute: 0)
        city.pay(g1, s, yuan: 10_000, minute: 3); city.pay(g2, s, yuan: 10_000, minute: 4)
        city.pay(g1, y, yuan: 10_000, minute: 5); city.pay(g2, y, yuan: 10_000, minute: 6)
        let (g, ctx) = city.build()
        var f = AccountFeatures(graph: g, context: ctx)
        var flagged = [Bool](repeating: false, count: g.accountCount)
        for a in [l, o, k, s, g1, g2, h1, h2] { flagged[Int(a)] = true }
        f.updateLinks(graph: g, context: ctx, flagged: flagged)
        #expect(f[Int(x), .senderGroups] == 1)
        #expect(f[Int(y), .senderGroups] == 2)
        // Y, paid ¥20,000 by two groups with no victim money to show for it, is a service they
        // share (suspicious only); X is paid by one.
        let ry = RuleRater().rate(account: Int(y), features: f, context: ctx)
        #expect(ry.level == .suspicious && reasons(ry).contains("2 independent groups"), "\(reasons(ry))")
        #expect(!reasons(RuleRater().rate(account: Int(x), features: f, context: ctx)).contains("a service they share"))
    }

    @Test func noStatementCollectorFedByTheGroupWithLittleTracedMoney() {
        // Victims pay A, A forwards to layer B, B pays C most of it and E ¥12,000 a round, ¥3,000
        // of it the victims' rest (traced money leaves first) and ¥9,000 B's own money (it held
        // ¥60,000 before). A quarter of E's visible inflow is traced, from 4 cases, yet all of it
        // came from B, rated malicious: a collection account of the group.
        var city = RatingCity()
        let victims = city.accounts(4)
        let a = city.account(), b = city.account(), c = city.account()
        let own = city.account(statement: false), e = city.account(statement: false)
        city.pay(own, b, yuan: 60_000, minute: -100)
        for (k, v) in victims.enumerated() {
            let t = Int64(k) * 2_880
            city.victimPays(v, a, yuan: 20_000, minute: t, case: Int32(k))
            city.pay(a, b, yuan: 19_800, minute: t + 12)
            city.pay(b, c, yuan: 16_800, minute: t + 30)
            city.pay(b, e, yuan: 12_000, minute: t + 40)
            city.cash(c, yuan: 16_700, minute: t + 16 * 60)
        }
        let (g, ctx) = city.build()
        let out = RatingEngine.run(graph: g, context: ctx, rater: RuleRater())
        #expect(out.features[Int(e), .victimShare] < 1.0 / 3.0)
        #expect(ctx.victimCases[Int(e)] >= 2)
        #expect(out.ratings[Int(b)].level == .malicious, "\(reasons(out.ratings[Int(b)]))")
        #expect(out.ratings[Int(e)].level == .malicious, "\(reasons(out.ratings[Int(e)]))")
        #expect(reasons(out.ratings[Int(e)]).contains("collects for the group"))
        // The first-level card it all came through stays suspicious (rented, owner to be questioned).
        #expect(out.ratings[Int(a)].level < .malicious)
    }
}

@Suite struct RatingParts {
    @Test func contextFromTraces() {
        var city = RatingCity()
        let v1 = city.account(), v2 = city.account(), a = city.account(), b = city.account()
        city.victimPays(v1, a, yuan: 1_000, minute: 0, case: 0)
        city.victimPays(v1, a, yuan: 2_000, minute: 10, case: 0)
        city.victimPays(v2, a, yuan: 3_000, minute: 20, case: 1)
        city.pay(a, b, yuan: 6_000, minute: 30)
        let (_, c) = city.build()
        #expect(c.victimInflowFen[Int(a)] == 600_000)
        #expect(c.victimSeeds[Int(a)] == 3)
        #expect(c.victimCases[Int(a)] == 2)
        #expect(c.directVictimPayments[Int(a)] == 3)
        #expect(c.minTraceLevel[Int(a)] == 1)
        #expect(c.minTraceLevel[Int(b)] == 2)
        #expect(c.victimCases[Int(b)] == 2)
        #expect(c.victimInflowFen[Int(b)] == 600_000)
        #expect(c.victimPaymentsMade[Int(v1)] == 2 && c.victimPaymentsMade[Int(v2)] == 1)
        #expect(c.victimPaymentsMade[Int(a)] == 0)
    }

    @Test func fifoDwellAndShares() {
        var city = RatingCity()
        let x = city.account(), a = city.account(), y = city.account()
        city.pay(x, a, yuan: 100, minute: 0)
        city.pay(x, a, yuan: 100, minute: 60)
        city.pay(a, y, yuan: 150, minute: 30)    // 100 after 30 min, then 50 after −30 (not yet there): own money
        city.cash(a, yuan: 50, minute: 60 * 30)  // the other 50 after 29 h
        let (g, c) = city.build()
        let f = AccountFeatures(graph: g, context: c)
        // FIFO: 100 from t=0 leaves at 30 min; 50 of the second lot (t=60 min) … the 150 at 30 min
        // takes the first lot (100) plus 50 of own money; the cash 50 takes 50 of the second lot.
        #expect(abs(f[Int(a), .passedWithin1h] - 0.5) < 1e-6)
        #expect(abs(f[Int(a), .passedWithin24h] - 0.5) < 1e-6)
        let dwell = (100 * 0.5 + 50 * 29) / 150
        #expect(abs(f[Int(a), .dwellHours] - dwell) < 1e-5)
        #expect(abs(f[Int(a), .cashOutShare] - 0.25) < 1e-6)
        #expect(f[Int(a), .inCount] == 2 && f[Int(a), .outCount] == 2)
        #expect(f[Int(a), .inCounterparties] == 1 && f[Int(a), .outCounterparties] == 2)
        #expect(f[Int(a), .flowThrough] == 1)
        #expect(abs(f[Int(a), .peakDayShare] - 0.75) < 1e-6)
        #expect(f.inFen[Int(a)] == 20_000 && f.outFen[Int(a)] == 20_000)
    }

    @Test func nightShareUsesBeijingTime() {
        var city = RatingCity()
        let a = city.account(), b = city.account()
        city.pay(a, b, yuan: 10, minute: 15 * 60)   // 01:00 Beijing the next day
        city.pay(a, b, yuan: 10, minute: 0)         // 10:00 Beijing
        let (g, c) = city.build()
        let f = AccountFeatures(graph: g, context: c)
        #expect(f[Int(a), .nightShare] == 0.5)
        #expect(f[Int(a), .roundAmountShare] == 0)
    }

    @Test func devicesDeduplicated() {
        var c = RatingContext(accountCount: 3)
        c.setDevices([(2, 5), (0, 1), (2, 5), (2, 3), (7, 1), (1, -1)])
        #expect(Array(c.devices(0)) == [1])
        #expect(Array(c.devices(1)) == [])
        #expect(Array(c.devices(2)) == [3, 5])
        #expect(c.deviceCount == 6)
    }

    @Test func textFormatting() {
        #expect(RatingText.yuan(fen: 123_456_789) == "¥1,234,568")
        #expect(RatingText.yuan(fen: 99_949) == "¥999")
        #expect(RatingText.percent(0.984) == "98%")
        #expect(RatingText.percent(0.001) == "<1%")
        #expect(RatingText.duration(hours: 0.2) == "12 minutes")
        #expect(RatingText.duration(hours: 1.94) == "1.9 hours")
        #expect(RatingText.duration(hours: 100) == "4 days")
    }

    @Test func walletNumbers() {
        #expect(RatingContext.isWalletNumber("1868014235@wx.tenpay.com"))
        #expect(!RatingContext.isWalletNumber("6222021609151102388"))
    }

    @Test func tagLabels() {
        #expect(AccountTags(label: "已冻结涉诈账户") == .frozenFraud)
        #expect(AccountTags(label: "虚拟币场外商")?.traceKind == .otc)
        #expect(AccountTags(label: "快递员") == nil)
        #expect(AccountTags([.otc, .frozenFraud]).labels == ["已冻结涉诈账户", "虚拟币场外商"])
    }
}

// MARK: - Invariants on seeded random graphs

/// The test target's SplitMix64, for reproducible random graphs.
typealias RatingRandom = SplitMix

extension SplitMix {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// A random city with a few chains through it, tags, holders and devices.
func randomRatingCity(seed: UInt64, accounts n: Int = 300, transfers m: Int = 3_000) -> RatingCity {
    var rng = RatingRandom(seed)
    var city = RatingCity()
    for _ in 0..<n {
        let tags: AccountTags = rng.below(40) == 0 ? [.frozenFraud] : rng.below(60) == 0 ? [.otc] : rng.below(80) == 0 ? [.normalMerchant] : []
        city.account(statement: rng.below(3) > 0, wallet: rng.below(8) == 0, tags: tags, holder: rng.below(4) == 0 ? Int32(rng.below(n / 3)) : -1)
    }
    for _ in 0..<m {
        let a = Int32(rng.below(n)), b = rng.below(25) == 0 ? -1 : Int32(rng.below(n))
        let minute = Int64(rng.below(90 * 1_440))
        if b < 0 { city.cash(a, yuan: Int64(100 + rng.below(5_000)), minute: minute); continue }
        if rng.below(30) == 0 {
            city.victimPays(a, b, yuan: Int64(1_000 + rng.below(50_000)), minute: minute, case: Int32(rng.below(20)))
        } else {
            city.pay(a, b, yuan: Int64(1 + rng.below(20_000)), minute: minute, channel: rng.below(5) == 0 ? .pos : .bank)
        }
    }
    for a in 0..<n where rng.below(3) == 0 { city.devices.append((Int32(a), Int32(rng.below(n / 4)))) }
    return city
}

@Suite struct RatingInvariants {
    static func check(_ ratings: [AccountRating], _ label: String) {
        for r in ratings {
            #expect(r.score >= 0 && r.score <= 1, "\(label) score \(r.score)")
            #expect(r.level == RiskLevel(score: r.score), "\(label) level \(r.level) score \(r.score)")
            if r.level != .normal { #expect(!r.reasons.isEmpty, "\(label)") }
        }
        // Levels are monotone in the score.
        let sorted = ratings.sorted { $0.score < $1.score }
        for k in 1..<max(1, sorted.count) { #expect(sorted[k - 1].level <= sorted[k].level, "\(label)") }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64]) func ruleRater(seed: UInt64) {
        let city = randomRatingCity(seed: seed)
        let r = city.rate(RuleRater())
        RatingInvariants.check(r, "rules \(seed)")
        #expect(r == city.rate(RuleRater()))
        // Registered businesses, OTC traders and victims obey the policy ceilings.
        let (g, c) = city.build()
        for a in 0..<g.accountCount { #expect(r[a].level <= RatingPolicy.ceiling(a, c)) }
    }

    @Test(arguments: [11, 12, 13] as [UInt64]) func trainedRaters(seed: UInt64) throws {
        // Teach the models the rule ratings of one random city; rate another.
        let teacher = randomRatingCity(seed: seed)
        let (g, c) = teacher.build()
        let taught = RatingEngine.run(graph: g, context: c, rater: RuleRater()).ratings
        var labels: [Int32: RiskLevel] = [:]
        for (a, r) in taught.enumerated() { labels[Int32(a)] = r.level }
        var trees = BoostedTreesRater.Options(); trees.rounds = 30
        let logistic = LogisticRater.train(graph: g, context: c, labels: labels)
        let boosted = BoostedTreesRater.train(graph: g, context: c, labels: labels, options: trees)
        #expect(logistic == LogisticRater.train(graph: g, context: c, labels: labels))
        #expect(boosted == BoostedTreesRater.train(graph: g, context: c, labels: labels, options: trees))
        let other = randomRatingCity(seed: seed + 100)
        RatingInvariants.check(other.rate(logistic), "logistic \(seed)")
        RatingInvariants.check(other.rate(boosted), "trees \(seed)")
        #expect(other.rate(logistic) == other.rate(logistic))
        // Saved and loaded models rate the same.
        let l2 = try JSONDecoder().decode(LogisticRater.self, from: JSONEncoder().encode(logistic))
        let b2 = try JSONDecoder().decode(BoostedTreesRater.self, from: JSONEncoder().encode(boosted))
        #expect(other.rate(l2) == other.rate(logistic))
        #expect(other.rate(b2) == other.rate(boosted))
        // Each model names its probability and the cut it was rated from.
        for (name, ratings) in [("logistic regression", other.rate(logistic)), ("boosted trees", other.rate(boosted))] {
            let flagged = ratings.filter { $0.level != .normal }
            #expect(!flagged.isEmpty, "\(name)")
            #expect(flagged.allSatisfy { $0.reasons.contains { $0.contains(", rated so from ") && $0.hasSuffix("(\(name))") } })
        }
    }

    @Test func trainedModelsLearnTheChain() {
        // Train on one seeded set of mule chains and rate a fresh one.
        var labels: [Int32: RiskLevel] = [:]
        let (train, _, a, b, c) = muleChain()
        for k in 0..<train.statement.count { labels[Int32(k)] = .normal }
        labels[a] = .suspicious; labels[b] = .malicious; labels[c] = .malicious
        let (g, ctx) = train.build()
        let model = LogisticRater.train(graph: g, context: ctx, labels: labels)
        let r = train.rate(model)
        #expect(r[Int(b)].level == .malicious && r[Int(c)].level == .malicious)
        #expect(r[Int(b)].reasons.contains { $0.contains("logistic regression") })
        // The probability is shown beside the cut it was rated from (a probability under one
        // half can be above an F1-maximising cut on unbalanced labels).
        let cut = RatingText.percent(model.malicious.threshold)
        #expect(r[Int(b)].reasons.last?.hasSuffix("malicious, rated so from \(cut) (logistic regression)") == true, "\(r[Int(b)].reasons)")
    }
}

// MARK: - Evaluation harness (disabled unless CB_RATING_EVAL is set)

/// A city exported for evaluation: one text bundle per imported city (written from the SQLite
/// store and `truth/` by the export script kept with the rating notes). Sections, one record a
/// line: `A n` accounts (`number statement(0/1) holderGroup tagBits label(0/1/2) role`),
/// `E m` transfers (`from to fen utcSeconds channel`, dense ids, −1 = cash), `D k` devices
/// (`account device`), `U k` incoming 摘要 (`account count summary`), `S k` reported victim
/// payments (`edge caseIndex`). Run with `CB_RATING_EVAL=a.txt:b.txt` (and `CB_RATING_TRAIN`,
/// `CB_RATING_MODEL=trees|logistic`, `CB_RATING_SHOW=errors`, `CB_RATING_DUMP=dir`).
struct EvalCity {
    var name: String
    var graph: TransferGraph
    var context: RatingContext
    var label: [Int]        // 0 normal, 1 suspicious, 2 malicious
    var role: [String]
    var numbers: [String]

    static func load(_ path: String) throws -> EvalCity {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        func header(_ k: String) -> Int {
            let h = lines.removeFirst().split(separator: " ")
            precondition(h[0] == k, "expected \(k)")
            return Int(h[1])!
        }
        let n = header("A")
        var ctx = RatingContext(accountCount: n)
        var label = [Int](), role = [String](), numbers = [String]()
        for a in 0..<n {
            let f = lines.removeFirst().split(separator: " ")
            numbers.append(String(f[0]))
            ctx.hasStatement[a] = f[1] == "1"
            ctx.isWallet[a] = RatingContext.isWalletNumber(String(f[0])) && ProcessInfo.processInfo.environment["CB_RATING_NOWALLET"] == nil
            if ProcessInfo.processInfo.environment["CB_RATING_NOHOLDER"] != nil && !ctx.hasStatement[a] { ctx.holderGroup[a] = -1 }
            ctx.holderGroup[a] = Int32(f[2])!
            ctx.tags[a] = AccountTags(rawValue: UInt8(f[3])!)
            label.append(Int(f[4])!); role.append(String(f[5]))
        }
        let m = header("E")
        var from = [Int32](), to = [Int32](), amt = [Int64](), tm = [Int64](), ch = [UInt8]()
        for _ in 0..<m {
            let f = lines.removeFirst().split(separator: " ")
            from.append(Int32(f[0])!); to.append(Int32(f[1])!); amt.append(Int64(f[2])!); tm.append(Int64(f[3])!); ch.append(UInt8(f[4])!)
        }
        let g = TransferGraph(accountCount: n, from: from, to: to, amountFen: amt, time: tm, channel: ch)
        let d = header("D")
        var pairs: [(account: Int32, device: Int32)] = []
        for _ in 0..<d { let f = lines.removeFirst().split(separator: " "); pairs.append((Int32(f[0])!, Int32(f[1])!)) }
        ctx.setDevices(pairs)
        let u = header("U")
        var summaries: [(account: Int32, summary: String, count: Int)] = []
        for _ in 0..<u { let f = lines.removeFirst().split(separator: " ", maxSplits: 2); summaries.append((Int32(f[0])!, String(f[2]), Int(f[1])!)) }
        let s = header("S")
        var seeds = [Int32](), cases = [Int32]()
        for _ in 0..<s { let f = lines.removeFirst().split(separator: " "); seeds.append(Int32(f[0])!); cases.append(Int32(f[1])!) }
        // Kinds as the product infers them: tags, same holder, 摘要, then busy accounts the
        // traced money dissolves into (from a first trace).
        var tagList: [(account: Int32, label: String)] = []
        for a in 0..<n { for l in ctx.tags[a].labels { tagList.append((Int32(a), l)) } }
        let holderIDs: [String?] = ctx.holderGroup.map { $0 >= 0 ? String($0) : nil }
        let inference = SinkAccountInference()
        var kinds = inference.infer(count: n, tags: tagList, incomingSummaries: summaries, holderID: holderIDs).kinds
        var tracer = FundTracer(graph: g, kinds: kinds, hasStatement: ctx.hasStatement)
        var results = tracer.trace(seeds: seeds)
        var tracedIn = [Int64](repeating: 0, count: n)
        for r in results { for h in r.hops where h.to >= 0 { tracedIn[Int(h.to)] += h.amountFen } }
        let dissolving = inference.dissolving(graph: g, kinds: kinds, tracedIn: tracedIn)
        if !dissolving.isEmpty {
            for (a, _) in dissolving { kinds[Int(a)] = .otc }
            tracer = tracer.with(kinds: kinds)
            results = tracer.trace(seeds: seeds)
        }
        ctx.kinds = kinds
        ctx.addTraces(results, cases: cases, graph: g)
        let name = (path as NSString).lastPathComponent
        return EvalCity(name: name, graph: g, context: ctx, label: label, role: role, numbers: numbers)
    }

    /// Per-role confusion: role → [true label][predicted level] counts.
    func report(_ ratings: [AccountRating], title: String) -> (f1: Double, hardNegMalicious: Int, text: String) {
        var tp = 0, fp = 0, fn = 0, hard = 0
        var byRole: [String: [Int]] = [:]
        let hardRoles: Set<String> = ["merchant", "employer", "trader", "groupbuy", "otc", "payment_institution", "game_card_merchant", "utility", "lender"]
        for a in 0..<label.count {
            let p = Int(ratings[a].level.rawValue)
            let key = role[a] + (label[a] == 2 ? "*" : label[a] == 1 ? "?" : "")
            byRole[key, default: [0, 0, 0]][p] += 1
            if label[a] == 2 && p == 2 { tp += 1 } else if p == 2 { fp += 1 } else if label[a] == 2 { fn += 1 }
            if p == 2 && hardRoles.contains(role[a]) { hard += 1 }
        }
        let f1 = tp == 0 ? 0 : 2 * Double(tp) / Double(2 * tp + fp + fn)
        var out = "\(title) \(name): F1 \(String(format: "%.3f", f1)) (tp \(tp) fp \(fp) fn \(fn)), hard negatives malicious: \(hard)\n"
        for k in byRole.keys.sorted() {
            let v = byRole[k]!
            out += "    \(k.padding(toLength: 22, withPad: " ", startingAt: 0)) normal \(v[0])  suspicious \(v[1])  malicious \(v[2])\n"
        }
        return (f1, hard, out)
    }

    func dumpFeatures(_ f: AccountFeatures, ratings: [AccountRating]?, to path: String) throws {
        var s = "account,label,role," + AccountFeature.allCases.map(\.name).joined(separator: ",") + ",pred,score\n"
        for a in 0..<label.count {
            s += "\(numbers[a]),\(label[a]),\(role[a]),"
            s += f.row(a).map { $0 == $0.rounded() ? String(Int($0)) : String(format: "%.4g", $0) }.joined(separator: ",")
            if let r = ratings { s += ",\(r[a].level.rawValue),\(String(format: "%.3f", r[a].score))" } else { s += ",," }
            s += "\n"
        }
        try s.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

@Suite struct RatingEvaluation {
    static var cities: [String] {
        (ProcessInfo.processInfo.environment["CB_RATING_EVAL"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    @Test(.enabled(if: !RatingEvaluation.cities.isEmpty)) func evaluate() throws {
        let env = ProcessInfo.processInfo.environment
        var loaded: [EvalCity] = []
        for path in RatingEvaluation.cities { loaded.append(try EvalCity.load(path)) }
        var model: (any AccountRater)?
        var modelName = "logistic"
        if let trainPaths = env["CB_RATING_TRAIN"] {
            var sets: [RatingTrainingSet] = []
            var names: [String] = []
            for path in trainPaths.split(separator: ":") {
                let t = try EvalCity.load(String(path))
                var labels: [Int32: RiskLevel] = [:]
                for a in 0..<t.label.count { labels[Int32(a)] = RiskLevel(rawValue: UInt8(t.label[a]))! }
                sets.append(RatingTrainingSet(graph: t.graph, context: t.context, labels: labels))
                names.append(t.name)
            }
            let clock = ContinuousClock.now
            if env["CB_RATING_MODEL"] == "trees" {
                modelName = "trees"
                let m = BoostedTreesRater.train(sets)
                let data = try JSONEncoder().encode(m)
                #expect(try JSONDecoder().decode(BoostedTreesRater.self, from: data) == m)
                if let path = env["CB_RATING_MODEL_OUT"] { try data.write(to: URL(fileURLWithPath: path)) }
                model = m
            } else {
                let m = LogisticRater.train(sets)
                let data = try JSONEncoder().encode(m)
                #expect(try JSONDecoder().decode(LogisticRater.self, from: data) == m)
                if let path = env["CB_RATING_MODEL_OUT"] { try data.write(to: URL(fileURLWithPath: path)) }
                if env["CB_RATING_WEIGHTS"] != nil {
                    for (j, name) in m.features.enumerated() {
                        print("  \(name.padding(toLength: 24, withPad: " ", startingAt: 0)) mal \(String(format: "%+.2f", m.malicious.weights[j]))  notNormal \(String(format: "%+.2f", m.notNormal.weights[j]))")
                    }
                    print("  thresholds mal \(m.malicious.threshold) notNormal \(m.notNormal.threshold)")
                }
                model = m
            }
            print("trained \(modelName) on \(names) in \(ContinuousClock.now - clock)")
        }
        for city in loaded {
            if let m = model {
                let out = RatingEngine.run(graph: city.graph, context: city.context, rater: m)
                print(city.report(out.ratings, title: modelName).text)
                if env["CB_RATING_SHOW"] != nil {
                    for a in 0..<city.label.count where (city.label[a] == 2) != (out.ratings[a].level == .malicious) {
                        print("  \(city.role[a])/\(city.label[a]) -> \(out.ratings[a].level) \(String(format: "%.2f", out.ratings[a].score)) \(city.numbers[a]): \(out.ratings[a].reasons.joined(separator: " | "))")
                    }
                }
                continue
            }
            if env["CB_RATING_ORACLE"] != nil {
                var f = AccountFeatures(graph: city.graph, context: city.context)
                f.updateLinks(graph: city.graph, context: city.context, flagged: city.label.map { $0 == 2 })
                if let dir = env["CB_RATING_DUMP"] { try city.dumpFeatures(f, ratings: nil, to: dir + "/" + city.name + ".csv") }
                continue
            }
            let out = RatingEngine.run(graph: city.graph, context: city.context, rater: RuleRater())
            print(city.report(out.ratings, title: "rules").text)
            if let dir = env["CB_RATING_DUMP"] { try city.dumpFeatures(out.features, ratings: out.ratings, to: dir + "/" + city.name + ".csv") }
            if let roles = env["CB_RATING_SHOW"] {
                let want = Set(roles.split(separator: ",").map(String.init))
                for a in 0..<city.label.count where want.contains(city.role[a]) || (want.contains("errors") && ((city.label[a] == 2) != (out.ratings[a].level == .malicious))) {
                    print("  \(city.role[a])/\(city.label[a]) -> \(out.ratings[a].level) \(String(format: "%.2f", out.ratings[a].score)) \(city.numbers[a]): \(out.ratings[a].reasons.joined(separator: " | "))")
                }
            }
        }
    }
}

// MARK: - Benchmark (disabled unless CB_RATING_BENCH is set; build with -c release)

@Suite struct RatingBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CB_RATING_BENCH"] != nil)) func millionAccounts() {
        let n = Int(ProcessInfo.processInfo.environment["CB_RATING_BENCH_ACCOUNTS"] ?? "") ?? 1_000_000
        let m = Int(ProcessInfo.processInfo.environment["CB_RATING_BENCH_TRANSFERS"] ?? "") ?? 5_000_000
        var rng = RatingRandom(42)
        var from = [Int32](repeating: 0, count: m), to = from, ch = [UInt8](repeating: 1, count: m)
        var fen = [Int64](repeating: 0, count: m), time = fen
        for e in 0..<m {
            // Skewed: a few hubs (merchants, payroll) and many small accounts.
            let hub = rng.below(10) == 0
            from[e] = Int32(hub ? rng.below(n / 1000) : rng.below(n))
            to[e] = rng.below(40) == 0 ? -1 : Int32(rng.below(5) == 0 ? rng.below(n / 1000) : rng.below(n))
            if to[e] < 0 { ch[e] = TransferChannel.atm.rawValue }
            fen[e] = Int64(100 + rng.below(2_000_000))
            time[e] = RatingCity.t0 + Int64(rng.below(90 * 86_400))
        }
        var clock = ContinuousClock.now
        let g = TransferGraph(accountCount: n, from: from, to: to, amountFen: fen, time: time, channel: ch)
        print("graph: \(ContinuousClock.now - clock)")
        var c = RatingContext(accountCount: n)
        for a in 0..<n {
            c.hasStatement[a] = rng.below(3) == 0
            if rng.below(100) == 0 {
                c.victimInflowFen[a] = Int64(rng.below(10_000_000)); c.victimSeeds[a] = Int32(1 + rng.below(5))
                c.victimCases[a] = c.victimSeeds[a]; c.minTraceLevel[a] = Int32(1 + rng.below(4))
                c.directVictimPayments[a] = c.minTraceLevel[a] == 1 ? 1 : 0
            }
            if rng.below(500) == 0 { c.tags[a] = .frozenFraud }
            if rng.below(4) == 0 { c.holderGroup[a] = Int32(rng.below(n / 2)) }
        }
        c.setDevices((0..<(n / 3)).map { _ in (Int32(rng.below(n)), Int32(rng.below(n / 4))) })
        c.syncKindsWithTags()
        clock = ContinuousClock.now
        let f = AccountFeatures(graph: g, context: c)
        let tf = ContinuousClock.now - clock
        clock = ContinuousClock.now
        let r = RuleRater().rate(features: f, context: c)
        let tr = ContinuousClock.now - clock
        clock = ContinuousClock.now
        let out = RatingEngine.run(graph: g, context: c, rater: RuleRater())
        let te = ContinuousClock.now - clock
        print("features \(tf), one rule rating \(tr), engine (features + \(out.passes) passes) \(te); malicious \(out.ratings.filter { $0.level == .malicious }.count), suspicious \(r.filter { $0.level == .suspicious }.count)")
        var f2 = out.features
        f2.updateLinks(graph: g, context: c, flagged: out.firstPass)
        clock = ContinuousClock.now
        f2.updateLinks(graph: g, context: c, flagged: out.firstPass)
        print("one link pass \(ContinuousClock.now - clock)")
        var labels: [Int32: RiskLevel] = [:]
        for a in 0..<20_000 { labels[Int32(a)] = out.ratings[a].level }
        let lr = LogisticRater.fit(features: out.features, labels: labels)
        clock = ContinuousClock.now
        _ = lr.rate(features: out.features, context: c)
        print("logistic rating \(ContinuousClock.now - clock)")
        var o = BoostedTreesRater.Options(); o.rounds = 150
        let bt = BoostedTreesRater.fit(features: out.features, labels: labels, options: o)
        clock = ContinuousClock.now
        _ = bt.rate(features: out.features, context: c)
        print("boosted trees rating \(ContinuousClock.now - clock)")
    }
}
