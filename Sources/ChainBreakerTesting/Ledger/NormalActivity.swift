#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates one day of ordinary money movements: salaries and pensions, shop payments (a few
/// big chains with fan-in from thousands), Alipay and WeChat Pay use (payments, red packets,
/// top-ups, withdrawals), bills, loans, transfers among friends and family (also to and from
/// people outside the city), ATM withdrawals, point-card purchases, legitimate USDT buyers,
/// 代购 traders and group-buy organisers (fast-moving but legitimate), OTC traders' own moves,
/// company income and supplier payments.
///
/// Discretionary rates are multiplied by `scale` so that the total number of transfers meets
/// `CityConfig.targetTransfers`. Per day: O(people + transactions generated).
struct NormalActivity {
    let w: World
    var rng: SeededGenerator
    var scale: Double
    var seq: UInt32 = 0

    // Per-person constants.
    private var salary: [Int64]
    private var payday: [Int8]
    private var bills: [UInt8]           // bit mask: 1 electricity, 2 water, 4 gas, 8 telecom
    private var billDay: [Int8]
    private var loanRepay: [Int64]
    private var loanDay: [Int8]
    private var loanGrantDay: [Int32]
    private var telecom: [Int32]
    private var employerIncome: [Int32: Int64] = [:]
    private var weekday: [Int8]
    let activeCitizens: [Int32]
    /// First-level cards (rented out, still their holders' everyday cards) and their holders, and
    /// the generator of their ordinary traffic (its own stream, so the rest of the city is drawn
    /// as before).
    private let rentedCards: [(card: Int32, holder: Int32)]
    private var rentedRng: SeededGenerator
    private let rentedRate: Double

    /// Remarks customers write on transfers (index 0 = none).
    static let remarks = ["", "生活费", "房租", "还款", "借款", "红包", "货款", "学费", "份子钱", "转账", "饭钱", "代购"]

    init(world: World, rng: SeededGenerator, scale: Double, rentedCardTraffic: Double = 0) {
        self.w = world
        rentedRate = rentedCardTraffic
        self.rng = rng
        self.scale = scale
        var copy = rng
        rentedRng = copy.fork("rented cards")
        rentedCards = world.accounts.indices.compactMap { i in
            let a = world.accounts[i]
            return a.role == .firstLevel && a.holder >= 0 ? (Int32(i), a.holder) : nil
        }
        let n = world.persons.count
        salary = [Int64](repeating: 0, count: n)
        payday = [Int8](repeating: 0, count: n)
        bills = [UInt8](repeating: 0, count: n)
        billDay = [Int8](repeating: 1, count: n)
        loanRepay = [Int64](repeating: 0, count: n)
        loanDay = [Int8](repeating: 1, count: n)
        loanGrantDay = [Int32](repeating: -1, count: n)
        telecom = [Int32](repeating: -1, count: n)
        weekday = [Int8](repeating: 0, count: max(n, world.accounts.count))
        activeCitizens = world.citizens.filter { !world.persons[Int($0)].cards.isEmpty }
        var r = rng
        var employerDay = [Int32: Int8]()
        for e in world.employers { employerDay[e] = Int8(r.int(5...15)) }
        for c in activeCitizens {
            let p = world.persons[Int(c)]
            let i = Int(c)
            if p.employer >= 0 {
                salary[i] = Int64(r.logNormal(mu: log(650_000), sigma: 0.45))
                payday[i] = employerDay[p.employer]!
                employerIncome[p.employer, default: 0] += salary[i]
            } else if p.pension {
                salary[i] = Int64(r.int(2_200...5_800)) * 100 + Int64(r.below(100))
                payday[i] = 5
            }
            var mask: UInt8 = 0
            if r.chance(0.45) { mask |= 1 }
            if r.chance(0.4) { mask |= 2 }
            if r.chance(0.3) { mask |= 4 }
            if r.chance(0.8) { mask |= 8 }
            bills[i] = mask
            billDay[i] = Int8(r.int(1...28))
            telecom[i] = world.utilities[3 + r.below(3)]
            if p.lender >= 0 {
                loanRepay[i] = Int64(r.int(400...3_000)) * 100
                loanDay[i] = Int8(r.int(1...28))
                if r.chance(0.3) { loanGrantDay[i] = Int32(r.below(max(1, world.days))) }
            }
        }
        for i in 0..<weekday.count { weekday[i] = Int8(r.below(7)) }
        self.rng = r
    }

    // MARK: expected volume (for scaling)

    /// Discretionary rates per resident per day at scale 1 (before the activity multiplier).
    static let ratePOS = 0.10, rateAlipay = 0.04, rateQR = 0.06, rateWalletTransfer = 0.03, rateFriend = 0.03, rateATM = 0.012
    static let rateGame = 0.02, rateCrypto = 0.03, rateExternal = 0.012
    static let traderIn = 3.0, groupbuyIn = 6.0, otcOut = 1.0

    /// Expected discretionary transfers per day at scale 1, and fixed transfers for the period.
    static func expected(world w: World) -> (perDay: Double, fixed: Double) {
        var d = 0.0
        var fixed = 0.0
        for c in w.citizens where !w.persons[Int(c)].cards.isEmpty {
            let p = w.persons[Int(c)]
            var r = ratePOS + rateAlipay + rateFriend + rateATM
            if p.wallet >= 0 { r += rateQR + rateWalletTransfer + 0.012 }
            if p.gamer { r += rateGame }
            if p.cryptoBuyer { r += rateCrypto }
            d += r * p.activity
            if p.employer >= 0 || p.pension { fixed += Double(w.days) / 30.4 }
            fixed += Double(w.days) / 30.4 * 1.95
        }
        d += Double(w.externals.count) * rateExternal
        d += Double(w.traders.count) * traderIn * 1.7 + Double(w.groupbuyers.count) * groupbuyIn * 1.1
        d += Double(w.otcCards.count) * otcOut
        fixed += Double(w.employers.count + w.merchants.count) * Double(w.days) / 7
        return (d, fixed)
    }

    // MARK: helpers

    @inline(__always)
    mutating func at(_ dayStart: Int64, _ fromHour: Int, _ toHour: Int) -> Int64 {
        dayStart + Int64(fromHour) * 3600 + rng.int64(0...Int64((toHour - fromHour) * 3600 - 1))
    }

    @inline(__always)
    mutating func add(_ txs: inout [Tx], _ tx: Tx) {
        var t = tx
        t.seq = seq
        seq &+= 1
        txs.append(t)
    }

    @inline(__always)
    mutating func cents(_ yuan: Double) -> Int64 { max(1, Int64(yuan * 100)) }

    mutating func friendAmount() -> Int64 {
        if rng.chance(0.6) {
            let rounds: [Int64] = [100, 200, 200, 300, 500, 500, 800, 1_000, 1_000, 1_500, 2_000, 3_000, 5_000]
            return rng.pick(rounds) * 100
        }
        return cents(rng.logNormal(mu: log(380), sigma: 0.9))
    }

    mutating func card(of p: Person) -> Int32 {
        p.cards.count == 1 || rng.chance(0.6) ? p.cards[0] : p.cards[1 + rng.below(p.cards.count - 1)]
    }

    // MARK: one day

    /// Appends the day's normal transactions to `txs`. `avail` gives current spendable balances
    /// (used for top-ups, withdrawals and family help); `frozen` tells whether an account is frozen.
    mutating func generate(day: Int, txs: inout [Tx], avail: (Int32) -> Int64, frozen: (Int32) -> Bool) {
        let dayStart = w.start + Int64(day) * 86_400
        let civil = ByteFormat.civil(dayStart)
        let dom = civil.d
        let dow = Int((dayStart / 86_400 + 4) % 7)
        let s = scale
        for c in activeCitizens {
            let p = w.persons[Int(c)]
            let i = Int(c)
            let a = p.activity
            let primary = p.cards[0]
            // Salary / pension.
            if salary[i] > 0 && dom == Int(payday[i]) {
                if p.employer >= 0 {
                    add(&txs, Tx(time: at(dayStart, 9, 12), amount: salary[i] + Int64(rng.int(-3_000...3_000)) * 10, from: p.employer, to: primary, kind: .salary))
                } else {
                    add(&txs, Tx(time: at(dayStart, 8, 11), amount: salary[i], from: w.socialSecurity, to: primary, kind: .pension))
                }
            }
            // Bills, collected by the bank in a batch.
            if dom == Int(billDay[i]) && bills[i] != 0 {
                let m = bills[i]
                if m & 1 != 0 { add(&txs, Tx(time: at(dayStart, 1, 6), amount: cents(rng.uniform(40, 420)), from: primary, to: w.utilities[0], kind: .bill)) }
                if m & 2 != 0 && civil.mo % 2 == 0 { add(&txs, Tx(time: at(dayStart, 1, 6), amount: cents(rng.uniform(20, 160)), from: primary, to: w.utilities[1], kind: .bill)) }
                if m & 4 != 0 { add(&txs, Tx(time: at(dayStart, 9, 17), amount: cents(rng.uniform(30, 220)), from: primary, to: w.utilities[2], kind: .bill)) }
                if m & 8 != 0 { add(&txs, Tx(time: at(dayStart, 9, 17), amount: cents(rng.uniform(30, 200)), from: primary, to: telecom[i], kind: .bill)) }
            }
            if loanRepay[i] > 0 {
                if dom == Int(loanDay[i]) { add(&txs, Tx(time: at(dayStart, 6, 12), amount: loanRepay[i], from: primary, to: p.lender, kind: .loanRepay)) }
                if loanGrantDay[i] == Int32(day) {
                    add(&txs, Tx(time: at(dayStart, 9, 18), amount: Int64(rng.int(5...60)) * 100_000, from: p.lender, to: primary, kind: .loanGrant))
                }
            }
            // Shopping.
            for _ in 0..<rng.poisson(NormalActivity.ratePOS * a * s) {
                let m = w.merchants[w.merchantWeights.draw(&rng)]
                let big = w.accounts[Int(m)].corp == .bigShop
                let amount = min(800_000, cents(rng.logNormal(mu: log(big ? 120 : 45), sigma: 0.85)))
                let card = card(of: p)
                if frozen(card) { continue }
                add(&txs, Tx(time: at(dayStart, 8, 22), amount: amount, from: card, to: m, kind: .pos))
            }
            for _ in 0..<rng.poisson(NormalActivity.rateAlipay * a * s) {
                let card = card(of: p)
                if frozen(card) { continue }
                add(&txs, Tx(time: at(dayStart, 7, 24), amount: min(1_000_000, cents(rng.logNormal(mu: log(70), sigma: 1.0))), from: card, to: w.alipayClearing, kind: .alipay))
            }
            // Friends and family.
            for _ in 0..<rng.poisson(NormalActivity.rateFriend * a * s) {
                guard !p.friends.isEmpty else { break }
                let f = w.persons[Int(rng.pick(p.friends))]
                guard !f.cards.isEmpty else { continue }
                let card = card(of: p)
                let to = f.cards[rng.below(f.cards.count)]
                if frozen(card) || frozen(to) { continue }
                let remark: UInt8 = rng.chance(0.15) ? UInt8(1 + rng.below(NormalActivity.remarks.count - 1)) : 0
                add(&txs, Tx(time: at(dayStart, 7, 23), amount: friendAmount(), from: card, to: to, kind: .transfer, remark: remark))
            }
            for _ in 0..<rng.poisson(NormalActivity.rateATM * a * s * (p.age(atYear: w.startYear) > 55 ? 2 : 1)) {
                let card = card(of: p)
                if frozen(card) { continue }
                let t = rng.chance(0.05) ? at(dayStart, 0, 6) : at(dayStart, 8, 22)
                add(&txs, Tx(time: t, amount: Int64(rng.pick([1, 2, 3, 5, 5, 10, 10, 15, 20, 30])) * 10_000, from: card, to: -1, kind: .atm))
            }
            if p.gamer {
                for _ in 0..<rng.poisson(NormalActivity.rateGame * s) {
                    let card = card(of: p)
                    if frozen(card) { continue }
                    let yuan = rng.pick([10, 30, 50, 68, 98, 100, 198, 328, 648] as [Int64])
                    add(&txs, Tx(time: at(dayStart, 10, 24), amount: yuan * 100, from: card, to: rng.pick(w.gameCardMerchants), kind: .gameCard))
                }
            }
            if p.cryptoBuyer {
                for _ in 0..<rng.poisson(NormalActivity.rateCrypto * s) {
                    let card = card(of: p)
                    if frozen(card) { continue }
                    add(&txs, Tx(time: at(dayStart, 9, 23), amount: Int64(rng.int(10...300)) * 10_000, from: card, to: rng.pick(w.otcCards), kind: .transfer))
                }
            }
            // WeChat Pay.
            if p.wallet >= 0 {
                let wallet = p.wallet
                for _ in 0..<rng.poisson(NormalActivity.rateQR * a * s) {
                    guard !w.merchantWallets.isEmpty else { break }
                    let m = w.merchantWallets[w.merchantWalletWeights.draw(&rng)]
                    let funded = rng.chance(0.55)
                    let card = card(of: p)
                    if funded && frozen(card) { continue }
                    add(&txs, Tx(time: at(dayStart, 7, 23), amount: min(300_000, cents(rng.logNormal(mu: log(28), sigma: 0.9))), from: wallet, to: m,
                                 funding: funded ? card : -1, kind: .tenpay, biz: .qrPay))
                }
                for _ in 0..<rng.poisson(NormalActivity.rateWalletTransfer * a * s) {
                    guard !p.friends.isEmpty else { break }
                    let f = w.persons[Int(rng.pick(p.friends))]
                    guard f.wallet >= 0 else { continue }
                    let red = rng.chance(0.45)
                    let amount: Int64 = red ? rng.pick([666, 888, 1_000, 1_688, 2_000, 5_200, 6_666, 8_888, 10_000, 20_000]) : friendAmount()
                    let funded = !red && rng.chance(0.35)
                    let card = card(of: p)
                    if funded && frozen(card) { continue }
                    add(&txs, Tx(time: at(dayStart, 7, 24), amount: amount, from: wallet, to: f.wallet, funding: funded ? card : -1, kind: .tenpay,
                                 biz: red ? .redPacket : .transfer))
                }
                // Keep the wallet usable: top up when low, withdraw when it piles up.
                let walletSpend = max(3_000.0, s * a * 700)          // fen per day, roughly
                let wa = avail(wallet)
                if Double(wa) < 2 * walletSpend && rng.chance(min(0.9, 0.3 * s)) {
                    let card = card(of: p)
                    if !frozen(card) {
                        let amount = max(10_000, Int64(walletSpend * rng.uniform(3, 8)) / 10_000 * 10_000)
                        add(&txs, Tx(time: at(dayStart, 7, 23), amount: amount, from: card, to: wallet, funding: card, kind: .tenpayTopUp))
                    }
                } else if Double(wa) > 30 * walletSpend + 300_000 && rng.chance(min(0.9, 0.08 * s)) {
                    let card = card(of: p)
                    if !frozen(card) {
                        add(&txs, Tx(time: at(dayStart, 8, 23), amount: wa / 2 + Int64(rng.below(100)), from: wallet, to: card, funding: card, kind: .tenpayWithdraw))
                    }
                }
            }
            // Help from family (often outside the city) when the money runs low.
            let cardSpend = s * a * 5_500                                 // fen per day, roughly
            if Double(avail(primary)) < max(50_000, 3 * cardSpend) && rng.chance(s > 1 ? 0.6 : 0.3) && !frozen(primary) {
                let relatives = p.friends.filter { !w.persons[Int($0)].citizen }
                let from = relatives.isEmpty ? w.persons[Int(rng.pick(w.externals))] : w.persons[Int(rng.pick(relatives))]
                if !from.cards.isEmpty {
                    let amount = max(100_000, Int64(cardSpend * rng.uniform(4, 10)) / 10_000 * 10_000)
                    add(&txs, Tx(time: at(dayStart, 7, 22), amount: amount, from: from.cards[0], to: primary, kind: .transfer, remark: rng.chance(0.3) ? 1 : 0))
                }
            }
        }
        // People outside the city send money to friends and family here.
        for e in w.externals {
            let p = w.persons[Int(e)]
            guard !p.cards.isEmpty, !p.friends.isEmpty else { continue }
            for _ in 0..<rng.poisson(NormalActivity.rateExternal * s) {
                let f = w.persons[Int(rng.pick(p.friends))]
                guard f.citizen, !f.cards.isEmpty, !frozen(f.cards[0]) else { continue }
                add(&txs, Tx(time: at(dayStart, 7, 23), amount: friendAmount() * Int64(rng.int(1...3)), from: p.cards[0], to: f.cards[0], kind: .transfer))
            }
        }
        if rentedRate > 0 { rented(dayStart: dayStart, txs: &txs, avail: avail, frozen: frozen) }
        traders(day: day, dayStart: dayStart, txs: &txs, avail: avail)
        groupbuy(day: day, dayStart: dayStart, dow: dow, txs: &txs, avail: avail)
        otc(dayStart: dayStart, txs: &txs, avail: avail)
        companies(dayStart: dayStart, dow: dow, txs: &txs)
    }

    /// Rented cards keep their everyday traffic: small payments from people who have nothing to
    /// do with the holder or the group, and the holder's own top-ups from their wallet. (A payment
    /// to a flagged card is not always a victim's; early warning must tell them apart.)
    mutating func rented(dayStart: Int64, txs: inout [Tx], avail: (Int32) -> Int64, frozen: (Int32) -> Bool) {
        for (card, holder) in rentedCards where !frozen(card) {
            for _ in 0..<rentedRng.poisson(rentedRate * scale) {
                let payer = w.persons[Int(rentedRng.pick(w.citizens))]
                guard !payer.cards.isEmpty, payer.cards[0] != card, !frozen(payer.cards[0]) else { continue }
                let amount = min(500_000, max(2_000, Int64(rentedRng.logNormal(mu: log(300), sigma: 0.7) * 100)))
                let t = dayStart + 8 * 3600 + Int64(rentedRng.below(14 * 3600))
                add(&txs, Tx(time: t, amount: amount, from: payer.cards[0], to: card, kind: .transfer))
            }
            let wallet = w.persons[Int(holder)].wallet
            if wallet >= 0, rentedRng.chance(rentedRate / 2 * scale), avail(wallet) >= 20_000 {
                let amount = min(avail(wallet) / 2, Int64(rentedRng.int(100...800)) * 100)
                let t = dayStart + 8 * 3600 + Int64(rentedRng.below(14 * 3600))
                add(&txs, Tx(time: t, amount: amount, from: wallet, to: card, funding: card, kind: .tenpayWithdraw))
            }
        }
    }

    mutating func randomCustomer() -> Person {
        let pool = rng.chance(0.8) ? w.citizens : w.externals
        return w.persons[Int(rng.pick(pool))]
    }

    /// 代购: many customers pay in, most of it goes out to suppliers within hours.
    mutating func traders(day: Int, dayStart: Int64, txs: inout [Tx], avail: (Int32) -> Int64) {
        for tr in w.traders {
            let p = w.persons[Int(tr)]
            let card = p.cards[0]
            for _ in 0..<rng.poisson(NormalActivity.traderIn * scale) {
                let c = randomCustomer()
                let amount = cents(rng.logNormal(mu: log(900), sigma: 0.8))
                let t = at(dayStart, 8, 21)
                if c.wallet >= 0 && p.wallet >= 0 && rng.chance(0.35) {
                    add(&txs, Tx(time: t, amount: amount, from: c.wallet, to: p.wallet, kind: .tenpay))
                } else if !c.cards.isEmpty {
                    add(&txs, Tx(time: t, amount: amount, from: c.cards[0], to: card, kind: .transfer, remark: rng.chance(0.3) ? 11 : 0))
                    if rng.chance(0.7) {
                        let out = Int64(Double(amount) * rng.uniform(0.82, 0.97))
                        let to = rng.chance(0.7) ? rng.pick(w.externalCorps) : w.persons[Int(rng.pick(w.externals))].cards[0]
                        let t2 = min(dayStart + 86_399, t + Int64(rng.int(1_200...14_400)))
                        add(&txs, Tx(time: t2, amount: out, from: card, to: to, kind: .transfer, remark: rng.chance(0.4) ? 6 : 0))
                    }
                }
            }
            if p.wallet >= 0 && avail(p.wallet) > 500_000 && rng.chance(0.5) {
                add(&txs, Tx(time: at(dayStart, 21, 24), amount: avail(p.wallet) * 9 / 10, from: p.wallet, to: card, funding: card, kind: .tenpayWithdraw))
            }
        }
    }

    /// 团购团长: many small payments from neighbours, paid on to the supplier weekly.
    mutating func groupbuy(day: Int, dayStart: Int64, dow: Int, txs: inout [Tx], avail: (Int32) -> Int64) {
        for gb in w.groupbuyers {
            let p = w.persons[Int(gb)]
            let card = p.cards[0]
            for _ in 0..<rng.poisson(NormalActivity.groupbuyIn * scale) {
                let c = w.persons[Int(rng.pick(w.citizens))]
                let amount = cents(rng.uniform(15, 260))
                let t = at(dayStart, 7, 22)
                if c.wallet >= 0 && p.wallet >= 0 && rng.chance(0.8) {
                    add(&txs, Tx(time: t, amount: amount, from: c.wallet, to: p.wallet, kind: .tenpay, biz: rng.chance(0.5) ? .qrPay : .transfer))
                } else if !c.cards.isEmpty {
                    add(&txs, Tx(time: t, amount: amount, from: c.cards[0], to: card, kind: .transfer))
                }
            }
            if dow == Int(weekday[Int(gb)]) {
                let wa = p.wallet >= 0 ? avail(p.wallet) : 0
                if wa > 10_000 {
                    add(&txs, Tx(time: at(dayStart, 20, 21), amount: wa - Int64(rng.int(0...5_000)), from: p.wallet, to: card, funding: card, kind: .tenpayWithdraw))
                    add(&txs, Tx(time: at(dayStart, 21, 24), amount: Int64(Double(wa) * rng.uniform(0.8, 0.95)), from: card, to: rng.pick(w.externalCorps), kind: .transfer, remark: 6))
                }
            }
        }
    }

    /// OTC traders move money between their own cards and to their upstream sellers.
    mutating func otc(dayStart: Int64, txs: inout [Tx], avail: (Int32) -> Int64) {
        for o in w.otcTraders {
            let p = w.persons[Int(o)]
            for card in p.cards {
                for _ in 0..<rng.poisson(NormalActivity.otcOut * scale) {
                    let have = avail(card)
                    guard have > 200_000 else { continue }
                    let amount = Int64(Double(have) * rng.uniform(0.3, 0.8)) / 10_000 * 10_000
                    guard amount > 0 else { continue }
                    let to: Int32
                    if rng.chance(0.5) && p.cards.count > 1 {
                        var other = p.cards[rng.below(p.cards.count)]
                        if other == card { other = p.cards[(p.cards.firstIndex(of: card)! + 1) % p.cards.count] }
                        to = other
                    } else {
                        to = w.persons[Int(rng.pick(w.externals))].cards[0]
                    }
                    add(&txs, Tx(time: at(dayStart, 10, 24), amount: amount, from: card, to: to, kind: .transfer))
                }
            }
        }
    }

    /// Companies: weekly income of employers, weekly supplier payments of shops.
    mutating func companies(dayStart: Int64, dow: Int, txs: inout [Tx]) {
        for e in w.employers where dow == Int(weekday[Int(e)]) {
            let weekly = (employerIncome[e] ?? 0) / 4
            let amount = max(1_000_000, Int64(Double(weekly) * rng.uniform(0.95, 1.4)))
            add(&txs, Tx(time: at(dayStart, 9, 17), amount: amount, from: rng.pick(w.externalCorps), to: e, kind: .business))
        }
        for m in w.merchants where dow == Int(weekday[Int(m)]) {
            add(&txs, Tx(time: at(dayStart, 9, 17), amount: Int64(rng.int(200...20_000)) * 1_000, from: m, to: rng.pick(w.externalCorps), kind: .business))
        }
    }
}
