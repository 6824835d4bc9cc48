#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses each group's victims and at-risk contacts, schedules their payments (times, amounts,
/// methods, failed attempts, rebates), decides who reports and when, and then assigns the
/// receiving accounts in time order so that first-level cards frozen after a report are no
/// longer used (the victim's next attempt fails and goes to a fresh card).
/// O(victims × payments × log) plus a scan of the candidates per group.
struct VictimPlanner {
    var rng: SeededGenerator
    let windowStart: Int64
    var victims: [Victim] = []
    var payments: [VictimPayment] = []
    var atRisk: [AtRisk] = []

    init(rng: SeededGenerator, windowStart: Int64) {
        self.rng = rng
        self.windowStart = windowStart
    }

    mutating func plan(world w: inout World, fraud fw: inout FraudWorld, orders: OrderBook, citizens: Int) {
        var used = fw.excluded
        for g in fw.gangs.indices {
            planGang(g, &w, &fw, orders, citizens, &used)
        }
        assignPayees(&w, &fw)
        // Ids in time order of the payments (VT000001 is the earliest).
        let order = payments.indices.sorted { (payments[$0].time, $0) < (payments[$1].time, $1) }
        var newIndex = [Int](repeating: 0, count: payments.count)
        var sorted: [VictimPayment] = []
        for (k, i) in order.enumerated() { newIndex[i] = k; var p = payments[i]; p.id = k; sorted.append(p) }
        payments = sorted
        for v in victims.indices { victims[v].payments = victims[v].payments.map { newIndex[$0] }.sorted() }
        for g in fw.gangs.indices { fw.gangs[g].victims = victims.filter { $0.gang == g }.count }
    }

    // MARK: choosing victims

    mutating func contactChannel(_ p: FraudProfile) -> FraudProfile.Contact {
        p.contacts[rng.weighted(p.contacts.map { $0.1 })].0
    }

    mutating func planGang(_ g: Int, _ w: inout World, _ fw: inout FraudWorld, _ orders: OrderBook, _ citizens: Int, _ used: inout Set<Int32>) {
        let gang = fw.gangs[g]
        let prof = gang.profile
        let n = max(3, Int((Double(citizens) / 140.0 * rng.uniform(0.7, 1.3)).rounded()))
        func eligible(_ c: Int32, strict: Bool) -> Bool {
            if used.contains(c) { return false }
            let p = w.persons[Int(c)]
            if p.cards.isEmpty || !p.roles.isEmpty { return false }
            let age = p.age(atYear: w.startYear)
            if strict {
                if !prof.ages.contains(age) { return false }
                if p.male != (rng.unit() < prof.maleShare) && rng.chance(0.6) { return false }
            } else if age < 16 { return false }
            return true
        }
        var chosen: [(Int32, Int64?)] = []   // person, leak order time
        if gang.leak >= 0 {
            let leak = orders.leaks[gang.leak]
            for c in rng.shuffled(leak.exposed) where chosen.count < Int(Double(n) * 0.75) {
                if eligible(c, strict: false) { chosen.append((c, leak.exposedFirstOrder[c])); used.insert(c) }
            }
        }
        var guardCount = 0
        while chosen.count < n && guardCount < 50_000 {
            guardCount += 1
            let c = rng.pick(w.citizens)
            if eligible(c, strict: guardCount < 20_000) { chosen.append((c, nil)); used.insert(c) }
        }
        let end = w.end
        let start = max(gang.start, w.start + 3600)
        let wantWindow = windowStart < end ? max(1, Int((Double(chosen.count) * 0.12).rounded())) : 0
        for (k, (person, orderTime)) in chosen.enumerated() {
            var t0: Int64
            if let ot = orderTime {
                t0 = max(start, ot + Int64(rng.uniform(0.5, 6) * 86_400))
            } else {
                t0 = start + rng.int64(0...max(1, end - start - 3 * 86_400))
            }
            if k < wantWindow {
                t0 = windowStart + rng.int64(0...max(1, end - windowStart - 2 * 86_400))
            }
            t0 = dayTime(t0, from: 9, to: 21)
            if t0 >= end - 3600 { t0 = end - 6 * 3600 }
            let channel = contactChannel(prof)
            var v = Victim(person: person, gang: g, channel: channel, firstContact: t0, engageTime: t0)
            v.fromLeak = orderTime != nil
            planVictim(&v, gang, &w, end)
            if v.payments.isEmpty { continue }
            victims.append(v)
        }
        // At-risk: contacted and engaged, but no loss.
        let nRisk = max(1, n * 6 / 10)
        var r = 0
        var tries = 0
        while r < nRisk && tries < 20_000 {
            tries += 1
            var c = rng.pick(w.citizens)
            var ot: Int64? = nil
            if gang.leak >= 0 && rng.chance(0.6) {
                let ex = orders.leaks[gang.leak].exposed
                if !ex.isEmpty { c = rng.pick(ex); ot = orders.leaks[gang.leak].exposedFirstOrder[c] }
            }
            if used.contains(c) || !w.persons[Int(c)].roles.isEmpty { continue }
            used.insert(c)
            var t0 = ot.map { max(start, $0 + Int64(rng.uniform(0.5, 5) * 86_400)) } ?? (start + rng.int64(0...max(1, end - start - 86_400)))
            if r == 0 && windowStart < end { t0 = windowStart + rng.int64(0...max(1, end - windowStart - 86_400)) }
            t0 = dayTime(t0, from: 9, to: 21)
            if t0 >= end - 3600 { t0 = end - 5 * 3600 }
            let ch = contactChannel(prof)
            var a = AtRisk(person: c, gang: g, channel: ch, firstContact: t0, engageTime: t0 + Int64(rng.int(300...5400)))
            if !gang.urls.isEmpty && (gang.apps.isEmpty || rng.chance(0.5)) { a.url = rng.pick(gang.urls) }
            else if !gang.apps.isEmpty { a.app = rng.pick(gang.apps) }
            else if !prof.legitApps.isEmpty { a.app = rng.pick(prof.legitApps) }
            else { a.url = nil }
            a.phones = contactPhones(gang, at: t0, channel: ch)
            if a.url == nil && a.app == nil && a.phones.isEmpty { continue }
            atRisk.append(a)
            r += 1
        }
    }

    /// Moves a time to the same day between the given hours (Beijing) if it is outside them.
    mutating func dayTime(_ t: Int64, from: Int, to: Int) -> Int64 {
        let local = t + 8 * 3600
        let sod = local % 86_400
        if sod >= Int64(from) * 3600 && sod < Int64(to) * 3600 { return t }
        return t - sod + Int64(from) * 3600 + rng.int64(0...Int64((to - from) * 3600 - 1))
    }

    func activeGOIP(_ gang: Gang, at t: Int64) -> String? {
        gang.goip.first { $0.from <= t && t < $0.to }?.phone ?? gang.goip.last?.phone
    }

    mutating func contactPhones(_ gang: Gang, at t: Int64, channel: FraudProfile.Contact) -> [String] {
        switch channel {
        case .phone:
            return activeGOIP(gang, at: t).map { [$0] } ?? []
        case .sms:
            if let d = gang.drainage.first, rng.chance(0.5) { return [d.phone] }
            return activeGOIP(gang, at: t).map { [$0] } ?? (gang.drainage.first.map { [$0.phone] } ?? [])
        default:
            if !gang.drainage.isEmpty && rng.chance(0.35) { return [rng.pick(gang.drainage).phone] }
            return []
        }
    }

    // MARK: payments of one victim

    mutating func planVictim(_ v: inout Victim, _ gang: Gang, _ w: inout World, _ end: Int64) {
        let prof = gang.profile
        let p = w.persons[Int(v.person)]
        v.phones = contactPhones(gang, at: v.firstContact, channel: v.channel)
        switch v.channel {
        case .phone, .sms:
            if rng.chance(0.5) && !gang.contactQQ.isEmpty { v.qq = [rng.pick(gang.contactQQ)] }
        case .qq:
            if !gang.contactQQ.isEmpty { v.qq = [rng.pick(gang.contactQQ)] }
            if rng.chance(0.2) && !gang.contactWechat.isEmpty { v.wechat = [rng.pick(gang.contactWechat)] }
        case .wechat, .dating:
            if !gang.contactWechat.isEmpty { v.wechat = [rng.pick(gang.contactWechat)] }
            if rng.chance(0.15) && !gang.contactQQ.isEmpty { v.qq = [rng.pick(gang.contactQQ)] }
        case .web:
            if rng.chance(0.6) && !gang.contactQQ.isEmpty { v.qq = [rng.pick(gang.contactQQ)] }
            else if !gang.contactWechat.isEmpty { v.wechat = [rng.pick(gang.contactWechat)] }
        }
        if !gang.urls.isEmpty && (v.channel == .web || rng.chance(0.7)) { v.urls = [rng.pick(gang.urls)] }
        if !gang.apps.isEmpty && rng.chance(0.8) { v.apps = [rng.pick(gang.apps)] }
        if !prof.legitApps.isEmpty && rng.chance(0.6) { v.tools = [rng.pick(prof.legitApps)] }

        // Pace: how long until the first payment and between payments (seconds).
        let (firstDelay, gap): (ClosedRange<Double>, ClosedRange<Double>)
        switch prof.type {
        case "冒充电商物流客服", "虚假征信", "冒充公检法及政府机关": (firstDelay, gap) = (1_800...9_000, 240...2_400)
        case "裸聊敲诈", "冒充领导熟人": (firstDelay, gap) = (600...5_400, 400...3_600)
        case "刷单返利", "网络游戏虚假交易", "虚假购物服务", "虚假网络贷款": (firstDelay, gap) = (3_600...86_400, 300...7_200)
        default: (firstDelay, gap) = (86_400...8 * 86_400, 6 * 3600...3 * 86_400)
        }
        v.engageTime = v.firstContact + Int64(rng.uniform(300, min(firstDelay.lowerBound, 3_000)))
        let n = rng.int(prof.payments)
        var t = v.firstContact + Int64(rng.uniform(firstDelay.lowerBound, firstDelay.upperBound))
        if t - v.firstContact < 600 { t = v.firstContact + 600 }
        // Rebates come first: small sums that make the scheme look real.
        if prof.rebates {
            let k = rng.int(1...3)
            for i in 0..<k {
                let rt = v.firstContact + Int64(Double(t - v.firstContact) * Double(i + 1) / Double(k + 1))
                let amt: Int64 = prof.type == "刷单返利" ? Int64(rng.int(500...6_000)) : Int64(rng.int(100...1_500)) * 100
                v.rebates.append((rt, amt, p.wallet >= 0 && rng.chance(0.6)))
            }
        }
        // Paying cards: the richest card first, sometimes a second card later.
        let cards = p.cards.sorted { (w.accounts[Int($0)].initialBalance, $1) > (w.accounts[Int($1)].initialBalance, $0) }
        v.card = cards[0]
        v.secondCard = cards.count > 1 && rng.chance(0.3) ? cards[1] : -1
        let base = rng.logNormal(mu: log(prof.medianYuan), sigma: prof.sigma)
        for k in 0..<n {
            if t >= end - 600 { break }
            var yuan = prof.escalate ? base * pow(rng.uniform(1.4, 2.6), Double(k)) / 2.2 : base * rng.uniform(0.5, 1.5)
            yuan = min(yuan, 480_000)
            var fen: Int64
            if rng.chance(0.55) {
                let unit: Double = yuan >= 20_000 ? 1000 : (yuan >= 2_000 ? 100 : 10)
                fen = Int64(max(1, (yuan / unit).rounded()) * unit) * 100
            } else {
                fen = Int64(yuan * 100)
            }
            fen = max(fen, 5_000)
            var method = VictimPayment.Method.bank
            switch rng.weighted(prof.methods) {
            case 1: method = p.wallet >= 0 ? .tenpay : .bank
            case 2: method = .gamecard
            case 3: method = fen >= 300_000 ? .crypto : .bank
            default: method = .bank
            }
            if method == .gamecard { fen = max(10_000, fen / 10_000 * 10_000); if fen > 3_000_000 { fen = 3_000_000 } }
            if method == .tenpay && fen > 5_000_000 { fen = Int64(rng.int(5_000...50_000)) * 100 }
            let from: Int32 = (k > 0 && v.secondCard >= 0 && rng.chance(0.4)) ? v.secondCard : v.card
            var pay = VictimPayment(id: payments.count, victim: victims.count, gang: gang.index, time: t, amount: fen, method: method, from: from)
            if method == .tenpay {
                pay.from = p.wallet
                pay.funding = rng.chance(0.7) ? from : -1
                pay.biz = rng.chance(0.3) ? .qrPay : .transfer
            }
            if method == .bank && rng.chance(0.07) {
                pay.failedAttempt = (t - Int64(rng.int(180...900)), fen * Int64(rng.int(2...4)))
            }
            v.payments.append(payments.count)
            payments.append(pay)
            t += Int64(rng.uniform(gap.lowerBound, gap.upperBound))
            t = max(t, pay.time + 240)
        }
        guard !v.payments.isEmpty else { return }
        // Reporting.
        let last = payments[v.payments.last!].time
        if rng.chance(prof.reportRate) {
            let rt = last + Int64(rng.exponential(mean: 20 * 3600)) + 1_200
            // A victim reports after the last payment. `dayTime` moves a time outside office hours
            // to a random time of the same day, which can fall before that payment (a report at
            // 23:30 became one at 08:54, and payments made after it still counted in the case), so
            // every draw is checked. The second draw stays so that other cities keep their RNG stream.
            if rt < end {
                var time = dayTime(rt, from: 7, to: 23)
                if time >= last + 600 { time = dayTime(rt, from: 7, to: 23) }
                v.reportTime = time < last + 600 ? last + 1_800 : time
            }
            if let r = v.reportTime, r >= end { v.reportTime = nil }
        }
    }

    // MARK: receiving accounts

    /// Assigns receiving accounts in time order, with first-level cards frozen a while after a
    /// report that names them. O(payments × cards).
    mutating func assignPayees(_ w: inout World, _ fw: inout FraudWorld) {
        let order = payments.indices.sorted { (payments[$0].time, $0) < (payments[$1].time, $1) }
        var remainingPerVictim = [Int](repeating: 0, count: victims.count)
        for p in payments { remainingPerVictim[p.victim] += 1 }
        var lastCardOfVictim = [Int32](repeating: -1, count: victims.count)
        var lastWalletOfVictim = [Int32](repeating: -1, count: victims.count)
        for i in order {
            var pay = payments[i]
            let g = pay.gang
            let t = pay.time
            switch pay.method {
            case .bank:
                let prev = lastCardOfVictim[pay.victim]
                var card = prev
                let frozenPrev = prev >= 0 && frozenAt(fw.gangs[g], prev) <= t
                if card < 0 || frozenPrev || rng.chance(0.3) {
                    card = pickFirstLevel(g, at: t, w: &w, fw: &fw)
                }
                if frozenPrev && pay.failedAttempt == nil {
                    // The victim first tries the card used before, which is frozen now.
                    pay.failedAttempt = (t - Int64(rng.int(600...2_400)), pay.amount)
                    pay.failedPayee = prev
                }
                pay.payee = card
                lastCardOfVictim[pay.victim] = card
            case .tenpay:
                let prev = lastWalletOfVictim[pay.victim]
                pay.payee = prev >= 0 && rng.chance(0.6) ? prev : rng.pick(fw.gangs[g].paofenWallets)
                lastWalletOfVictim[pay.victim] = pay.payee
            case .gamecard:
                pay.payee = rng.pick(fw.gangs[g].gameCardShops)
            case .crypto:
                pay.payee = rng.pick(fw.gangs[g].otcUsed)
            }
            payments[i] = pay
            remainingPerVictim[pay.victim] -= 1
            if remainingPerVictim[pay.victim] == 0, let rt = victims[pay.victim].reportTime {
                // A report freezes the first-level cards it names, after some hours.
                let named = Set(victims[pay.victim].payments.map { payments[$0].payee })
                for k in fw.gangs[g].firstLevel.indices where named.contains(fw.gangs[g].firstLevel[k].account) {
                    guard rng.chance(0.75) else { continue }
                    let f = rt + Int64(rng.uniform(2, 40) * 3600)
                    if f < fw.gangs[g].firstLevel[k].frozenAt {
                        fw.gangs[g].firstLevel[k].frozenAt = f
                        fw.gangs[g].firstLevel[k].frozenSource = rng.pick(["公安冻结", "银行止付", "反诈中心"])
                    }
                }
            }
        }
    }

    func frozenAt(_ gang: Gang, _ card: Int32) -> Int64 {
        gang.firstLevel.first { $0.account == card }?.frozenAt ?? .max
    }

    /// An active, unfrozen first-level card; activates a reserve card or rents a new one if needed.
    mutating func pickFirstLevel(_ g: Int, at t: Int64, w: inout World, fw: inout FraudWorld) -> Int32 {
        let gang = fw.gangs[g]
        let active = gang.firstLevel.indices.filter { gang.firstLevel[$0].activeFrom <= t && t < gang.firstLevel[$0].frozenAt }
        if !active.isEmpty { return gang.firstLevel[rng.pick(active)].account }
        if let k = gang.firstLevel.indices.first(where: { gang.firstLevel[$0].activeFrom > t && gang.firstLevel[$0].frozenAt == .max }) {
            fw.gangs[g].firstLevel[k].activeFrom = t - 3600
            return gang.firstLevel[k].account
        }
        // Rent another resident's card.
        for _ in 0..<10_000 {
            let c = rng.pick(w.citizens)
            let p = w.persons[Int(c)]
            let age = p.age(atYear: w.startYear)
            if fw.excluded.contains(c) || !p.roles.isEmpty || age < 18 || age > 45 || p.cards.isEmpty { continue }
            if victims.contains(where: { $0.person == c }) { continue }
            fw.excluded.insert(c)
            let card = p.cards.last!
            w.accounts[Int(card)].role = .firstLevel
            w.accounts[Int(card)].label = .suspicious
            w.accounts[Int(card)].gang = g
            w.persons[Int(c)].roles.append("first_level")
            fw.gangs[g].firstLevel.append(Gang.FirstLevel(account: card, activeFrom: t - 3600))
            return card
        }
        return gang.firstLevel[0].account
    }
}
