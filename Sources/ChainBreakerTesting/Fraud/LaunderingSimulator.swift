/// Event-driven simulation of what the groups do with victims' money: first-level cards pass it
/// to layer cards (keeping a small commission), 跑分 wallets bounce it and withdraw to cards,
/// layers split and merge it, and it leaves through crypto OTC traders, game/gift cards (the card
/// merchant later pays 86–97 % back to the organizer), ATM cash-out at night, or stays with the
/// organizer. Every movement takes FIFO pieces from `LotQueue`s, so each victim payment's hops,
/// retained amounts and sinks are exact to the fen.
///
/// Output: the planned transactions (sorted by time) for the ledger and the filled-in flows of
/// `payments`. O(E log E) for E events (≈ fraud transfers), memory O(E).
struct LaunderingSimulator {
    enum MuleRole { case firstLevel, paofenWallet, paofenBank, layer(Int), organizer, cashout, cardMerchant }
    enum Event { case arrival(Int64, [LotQueue.Lot]), process(Int64) }

    var rng: SeededGenerator
    var txs: [Tx] = []
    var muleRole: [Int32: (role: MuleRole, gang: Int)] = [:]
    var lots: [Int64: LotQueue] = [:]
    var scheduled = Set<Int64>()
    /// `CityConfig.sampleMoneyOrder`: one batch at a time per account (`busyUntil`: when the
    /// account's last planned move goes out), and organizers sending the newest money first.
    var sampleMoneyOrder = false
    var busyUntil: [Int32: Int64] = [:]
    var heap = TimedHeap<Event>()
    var ownOutflow: [Int32: Int64] = [:]
    var cashoutNight: [Int64: (night: Int64, amount: Int64)] = [:]
    var frozenReported = Set<Int32>()
    var paybackRate: [Int32: Double] = [:]
    var seq: UInt32 = 0
    /// Fraud transfers whose (payer, payee, amount) repeat within two minutes (should stay 0).
    var collisions = 0

    init(rng: SeededGenerator) { self.rng = rng }

    static func key(_ acct: Int32, gang: Int = 0) -> Int64 { Int64(acct) << 8 | Int64(gang & 0xFF) }
    static func account(_ key: Int64) -> Int32 { Int32(key >> 8) }

    mutating func emit(_ tx: Tx) {
        var t = tx
        t.seq = seq
        seq &+= 1
        t.flags |= Tx.planned
        txs.append(t)
    }

    // MARK: run

    mutating func run(world w: inout World, fraud fw: FraudWorld, planner: inout VictimPlanner) {
        let end = w.end
        for g in fw.gangs {
            for f in g.firstLevel { muleRole[f.account] = (.firstLevel, g.index) }
            for a in g.paofenWallets { muleRole[a] = (.paofenWallet, g.index) }
            for a in g.paofenBanks { muleRole[a] = (.paofenBank, g.index) }
            for (l, level) in g.layers.enumerated() { for a in level { muleRole[a] = (.layer(l), g.index) } }
            for a in g.organizers { muleRole[a] = (.organizer, g.index) }
            for a in g.cashout { muleRole[a] = (.cashout, g.index) }
            for a in g.cardMerchants where muleRole[a] == nil {
                muleRole[a] = (.cardMerchant, g.index)
                paybackRate[a] = rng.uniform(0.86, 0.97)
            }
        }
        // Victim payments (and their failed attempts) seed the simulation.
        for i in planner.payments.indices {
            let p = planner.payments[i]
            let victim = planner.victims[p.victim]
            let device = w.persons[Int(victim.person)].devices.first ?? -1
            if let f = p.failedAttempt {
                let payee = p.failedPayee >= 0 ? p.failedPayee : p.payee
                var tx = Tx(time: f.time, amount: f.amount, from: p.method == .tenpay ? (p.funding >= 0 ? p.funding : p.from) : p.from, to: payee, device: device,
                            kind: p.method == .gamecard ? .gameCard : .transfer, flags: Tx.failed | Tx.fraud)
                if p.method == .tenpay { tx.to = payee }
                emit(tx)
            }
            let payer = p.method == .tenpay && p.funding >= 0 ? p.funding : p.from
            // Money for the payment: reserved from the start, or a loan taken shortly before.
            if p.amount >= 3_000_000 && w.accounts[Int(payer)].kind == .bankCard && rng.chance(0.3) {
                planner.payments[i].viaLoan = true
                let loan = (p.amount + 99_999) / 100_000 * 100_000
                emit(Tx(time: max(w.start + 60, p.time - Int64(rng.int(1_800...14_400))), amount: loan, from: rng.pick(w.lenders), to: payer,
                        kind: .loanGrant, flags: 64))
            } else {
                w.accounts[Int(payer)].initialBalance += p.amount
                reserveAtStart[payer, default: 0] += p.amount
            }
            var flags = Tx.releaseReserve | Tx.fraud
            if muleRole[p.payee] != nil { flags |= Tx.fraudCredit }
            switch p.method {
            case .bank, .crypto:
                emit(Tx(time: p.time, amount: p.amount, from: p.from, to: p.payee, device: device, kind: .transfer, flags: flags))
            case .gamecard:
                emit(Tx(time: p.time, amount: p.amount, from: p.from, to: p.payee, device: device, kind: .gameCard, flags: flags))
            case .tenpay:
                emit(Tx(time: p.time, amount: p.amount, from: p.from, to: p.payee, funding: p.funding, device: device, kind: .tenpay,
                        biz: p.biz, flags: flags))
            }
            planner.payments[i].flow.visit(p.from)
            planner.payments[i].flow.visit(p.payee)
            planner.payments[i].flow.hops.append((p.from, p.payee, p.amount, p.time))
            let lot = LotQueue.Lot(payment: Int32(i), payback: false, amount: p.amount)
            switch p.method {
            case .bank, .tenpay:
                arrive(p.payee, gang: 0, [lot], at: p.time)
            case .gamecard:
                planner.payments[i].flow.sinks[VictimPayment.Sink.cardMerchant.rawValue] += p.amount
                payback(for: [lot], gang: fw.gangs[p.gang], at: p.time, planner: &planner)
            case .crypto:
                planner.payments[i].flow.sinks[VictimPayment.Sink.otc.rawValue] += p.amount
            }
        }
        // Rebates and workers' pay come from the groups' own money.
        for v in planner.victims {
            let g = fw.gangs[v.gang]
            let person = w.persons[Int(v.person)]
            for r in v.rebates where r.time < end {
                if r.viaWallet && person.wallet >= 0 {
                    emit(Tx(time: r.time, amount: r.amount, from: g.rebateWallet, to: person.wallet, kind: .tenpay,
                            biz: rng.chance(0.5) ? .redPacket : .transfer, flags: Tx.fraud))
                    ownOutflow[g.rebateWallet, default: 0] += r.amount
                } else {
                    emit(Tx(time: r.time, amount: r.amount, from: g.rebateCard, to: v.card, device: rng.pick(g.operatorDevices),
                            kind: .transfer, flags: Tx.fraud))
                    ownOutflow[g.rebateCard, default: 0] += r.amount
                }
            }
        }
        // New mule cards are often tested first with a tiny transfer from the group.
        for g in fw.gangs {
            for card in g.layers.flatMap({ $0 }) + g.cashout + g.organizers.dropFirst() where rng.chance(0.5) {
                let t = g.start + Int64(rng.int(0...(3 * 86_400)))
                guard t < end else { continue }
                let amount = rng.chance(0.5) ? Int64(rng.int(1...100)) : Int64(rng.int(100...1_000))
                emit(Tx(time: t, amount: amount, from: g.organizers[0], to: card, device: rng.pick(g.operatorDevices), kind: .transfer, flags: Tx.fraud))
                ownOutflow[g.organizers[0], default: 0] += amount
            }
        }
        for g in fw.gangs {
            for d in g.drainage {
                var t = g.start + Int64(rng.int(3...7)) * 86_400
                while t < end {
                    let amt = Int64(rng.int(800...5_000)) * 100
                    emit(Tx(time: t, amount: amt, from: g.organizers[0], to: d.account, device: rng.pick(g.operatorDevices), kind: .transfer,
                            flags: Tx.fraud))
                    ownOutflow[g.organizers[0], default: 0] += amt
                    t += Int64(rng.uniform(5, 9) * 86_400)
                }
            }
        }
        // The events.
        while let (t, ev) = heap.pop() {
            if t >= end { break }
            switch ev {
            case .arrival(let key, let pieces):
                var q = lots[key] ?? LotQueue()
                for p in pieces { q.push(p) }
                lots[key] = q
                if !scheduled.contains(key) {
                    scheduled.insert(key)
                    var at = t + processDelay(key, at: t)
                    if sampleMoneyOrder { at = max(at, (busyUntil[LaunderingSimulator.account(key)] ?? 0) + 60) }
                    heap.push(at, .process(key))
                }
            case .process(let key):
                scheduled.remove(key)
                process(key, at: t, w: &w, fw: fw, planner: &planner)
            }
        }
        // What is left at the end of the period.
        for key in lots.keys.sorted() {
            guard let q = lots[key], !q.isEmpty else { continue }
            let acct = LaunderingSimulator.account(key)
            let kind: VictimPayment.Sink
            if case .organizer = muleRole[acct]?.role { kind = .organizerBalance } else { kind = .muleBalance }
            for piece in q.remaining { retain(acct, piece, kind, planner: &planner) }
        }
        // Own-money outflows must be covered by the starting balance.
        for (acct, amount) in ownOutflow.sorted(by: { $0.key < $1.key }) {
            w.accounts[Int(acct)].initialBalance = max(w.accounts[Int(acct)].initialBalance, amount + amount / 4 + 500_000)
        }
        txs.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        countCollisions()
    }

    /// Money reserved in payers' accounts for victim payments (set before the ledger runs).
    var reserveAtStart: [Int32: Int64] = [:]

    mutating func countCollisions() {
        var last: [String: Int64] = [:]
        for t in txs where !t.has(Tx.failed) {
            let k = "\(t.from)>\(t.to)>\(t.funding)>\(t.amount)"
            if let p = last[k], t.time - p <= 150 { collisions += 1 }
            last[k] = t.time
        }
    }

    // MARK: mechanics

    mutating func arrive(_ acct: Int32, gang: Int, _ pieces: [LotQueue.Lot], at t: Int64) {
        heap.push(t, .arrival(LaunderingSimulator.key(acct, gang: gang), pieces))
    }

    mutating func processDelay(_ key: Int64, at t: Int64) -> Int64 {
        let acct = LaunderingSimulator.account(key)
        guard let r = muleRole[acct] else { return 600 }
        switch r.role {
        case .firstLevel: return Int64(rng.int(240...1_500))
        case .paofenWallet: return Int64(rng.int(300...1_200))
        case .paofenBank: return Int64(rng.int(600...1_800))
        case .layer: return Int64(rng.int(600...5_400))
        case .organizer: return Int64(rng.int(2 * 3600...14 * 3600))
        case .cashout:
            return nightAfter(t) - t
        case .cardMerchant: return Int64(rng.int(3_600...8 * 3600))
        }
    }

    /// A time in the next night window (00:30–04:30 Beijing), at least 30 minutes after t.
    mutating func nightAfter(_ t: Int64) -> Int64 {
        let local = (t + 8 * 3600) % 86_400
        if local < 3 * 3600 { return t + Int64(rng.int(1_800...3_600)) }
        return t + (86_400 - local) + Int64(rng.int(1_800...16_200))
    }

    mutating func retain(_ acct: Int32, _ piece: LotQueue.Lot, _ kind: VictimPayment.Sink, planner: inout VictimPlanner) {
        let i = Int(piece.payment)
        if piece.payback { planner.payments[i].payback!.retain(acct, piece.amount, kind) }
        else { planner.payments[i].flow.retain(acct, piece.amount, kind) }
    }

    /// Moves `amount` from the account's lots to `to` at time t, recording hops and the transaction.
    @discardableResult
    mutating func move(_ key: Int64, to: Int32, amount: Int64, at t0: Int64, kind: TxKind, device: Int32, gang g: Gang,
                       w: World, planner: inout VictimPlanner, funding: Int32 = -1, ownMoney: Bool = false, newestFirst: Bool = false) -> Int64 {
        guard amount > 0 else { return t0 }
        let from = LaunderingSimulator.account(key)
        // Never repeat (payer, payee, amount) within two minutes: deduplication would merge them.
        var t = t0
        let moveKey = MoveKey(from: from, to: to, amount: amount)
        if let last = lastMove[moveKey], t - last <= 150 { t = last + Int64(rng.int(151...400)) }
        if t >= w.end { return t }   // too late: the money stays where it is
        lastMove[moveKey] = t
        let pieces = lots[key]!.take(amount, newestFirst: newestFirst)
        for piece in pieces {
            let i = Int(piece.payment)
            if piece.payback {
                planner.payments[i].payback!.hops.append((from, to, piece.amount, t))
                planner.payments[i].payback!.visit(to)
            } else {
                planner.payments[i].flow.hops.append((from, to, piece.amount, t))
                planner.payments[i].flow.visit(to)
            }
        }
        var flags = Tx.fraud
        if !ownMoney { flags |= Tx.fraudDebit }
        if to >= 0, let r = muleRole[to] {
            if case .cardMerchant = r.role {} else { flags |= Tx.fraudCredit }
        }
        emit(Tx(time: t, amount: amount, from: from, to: to, funding: funding, device: device, kind: kind, flags: flags))
        // Where did it go?
        if to < 0 {
            for p in pieces { addSink(p, .cashout, planner: &planner) }
        } else if let r = muleRole[to] {
            if case .cardMerchant = r.role { return t }
            arrive(to, gang: 0, pieces, at: t)
        } else if w.accounts[Int(to)].role == .otc {
            for p in pieces { addSink(p, .otc, planner: &planner) }
        } else if w.accounts[Int(to)].role == .gameCardMerchant {
            for p in pieces { addSink(p, .cardMerchant, planner: &planner) }
            payback(for: pieces.filter { !$0.payback }, gang: g, at: t, planner: &planner)
        }
        return t
    }

    struct MoveKey: Hashable { var from: Int32; var to: Int32; var amount: Int64 }
    var lastMove: [MoveKey: Int64] = [:]

    mutating func addSink(_ piece: LotQueue.Lot, _ sink: VictimPayment.Sink, planner: inout VictimPlanner) {
        let i = Int(piece.payment)
        if piece.payback { planner.payments[i].payback!.sinks[sink.rawValue] += piece.amount }
        else { planner.payments[i].flow.sinks[sink.rawValue] += piece.amount }
    }

    /// Point cards bought with victims' money are sold to the group's card merchant, who pays
    /// back a discounted amount (86–97 %) later.
    mutating func payback(for pieces: [LotQueue.Lot], gang g: Gang, at t: Int64, planner: inout VictimPlanner) {
        guard let merchant = g.cardMerchants.first, !pieces.isEmpty else { return }
        let rate = paybackRate[merchant] ?? 0.9
        var lotsOut: [LotQueue.Lot] = []
        for p in pieces {
            let i = Int(p.payment)
            let amount = Int64((Double(p.amount) * rate).rounded())
            guard amount > 0 else { continue }
            if planner.payments[i].payback == nil {
                planner.payments[i].payback = VictimPayment.Flow()
            }
            planner.payments[i].paybackAmount += amount
            if !planner.payments[i].paybackMerchants.contains(merchant) { planner.payments[i].paybackMerchants.append(merchant) }
            planner.payments[i].payback!.visit(merchant)
            lotsOut.append(LotQueue.Lot(payment: p.payment, payback: true, amount: amount))
        }
        ownOutflow[merchant, default: 0] += lotsOut.reduce(0) { $0 + $1.amount }
        arrive(merchant, gang: g.index, lotsOut, at: t + Int64(rng.int(600...3_600)))
    }

    /// Splits an amount into k parts with odd cents (each ≥ 1 yuan). Sum is exact.
    mutating func split(_ amount: Int64, parts k: Int) -> [Int64] {
        if k <= 1 || amount < Int64(k) * 200 { return [amount] }
        var weights = (0..<k).map { _ in rng.uniform(0.5, 1.5) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        var out: [Int64] = []
        var left = amount
        for i in 0..<(k - 1) {
            let v = max(100, Int64(Double(amount) * weights[i]))
            out.append(min(v, left - 100 * Int64(k - 1 - i)))
            left -= out.last!
        }
        out.append(left)
        return out.filter { $0 > 0 }
    }

    func partsFor(_ amount: Int64) -> Int {
        // Personal transfer limits: keep single transfers under 50,000 yuan.
        let byLimit = Int((amount + 4_999_999) / 5_000_000)
        return byLimit
    }

    mutating func commission(_ key: Int64, rate: ClosedRange<Double>, planner: inout VictimPlanner) {
        let acct = LaunderingSimulator.account(key)
        let total = lots[key]!.total
        let c = Int64(Double(total) * rng.uniform(rate.lowerBound, rate.upperBound))
        guard c > 0 && c < total else { return }
        for piece in lots[key]!.take(c) { retain(acct, piece, .commission, planner: &planner) }
    }

    mutating func process(_ key: Int64, at t0: Int64, w: inout World, fw: FraudWorld, planner: inout VictimPlanner) {
        let acct = LaunderingSimulator.account(key)
        guard let role = muleRole[acct], let q = lots[key], !q.isEmpty else { return }
        var gangIndex = role.gang
        if case .cardMerchant = role.role { gangIndex = Int(key & 0xFF) }
        let g = fw.gangs[gangIndex]
        let end = w.end
        var t = t0
        defer { if sampleMoneyOrder { busyUntil[acct] = max(busyUntil[acct] ?? 0, t) } }
        let dev = rng.pick(g.operatorDevices)
        func next(_ lo: Int, _ hi: Int) -> Int64 { t += Int64(rng.int(lo...hi)); return t }
        switch role.role {
        case .firstLevel:
            if let f = g.firstLevel.first(where: { $0.account == acct }), f.frozenAt <= t {
                // The card is frozen: the attempt fails and the money stays.
                if !frozenReported.contains(acct) {
                    frozenReported.insert(acct)
                    emit(Tx(time: t, amount: q.total, from: acct, to: rng.pick(g.layers[0]), device: dev, kind: .transfer, flags: Tx.failed | Tx.fraud))
                }
                return
            }
            commission(key, rate: 0.005...0.02, planner: &planner)
            let total = lots[key]!.total
            let k = max(partsFor(total), total > 300_000 ? rng.int(1...3) : 1)
            for part in split(total, parts: k) {
                let to = rng.pick(g.layers[0])
                let tt = next(60, 300)
                if tt >= end { return }
                maybeFail(from: acct, to: to, amount: part, at: tt, device: dev)
                t = max(t, move(key, to: to, amount: part, at: tt, kind: .transfer, device: dev, gang: g, w: w, planner: &planner))
            }
        case .paofenBank:
            commission(key, rate: 0.005...0.015, planner: &planner)
            let total = lots[key]!.total
            let level = g.layers.count > 2 && rng.chance(0.3) ? 1 : 0
            for part in split(total, parts: max(partsFor(total), rng.int(1...3))) {
                let tt = next(60, 400)
                if tt >= end { return }
                move(key, to: rng.pick(g.layers[level]), amount: part, at: tt, kind: .transfer, device: dev, gang: g, w: w, planner: &planner)
            }
        case .paofenWallet:
            commission(key, rate: 0.015...0.03, planner: &planner)
            let total = lots[key]!.total
            let i = g.paofenWallets.firstIndex(of: acct)!
            let tt = next(30, 300)
            if tt >= end { return }
            if g.paofenWallets.count > 1 && rng.chance(0.3) {
                var j = rng.below(g.paofenWallets.count)
                if j == i { j = (j + 1) % g.paofenWallets.count }
                move(key, to: g.paofenWallets[j], amount: total, at: tt, kind: .tenpay, device: -1, gang: g, w: w, planner: &planner)
            } else {
                move(key, to: g.paofenBanks[i], amount: total, at: tt, kind: .tenpayWithdraw, device: -1, gang: g, w: w,
                     planner: &planner, funding: g.paofenBanks[i])
            }
        case .layer(let level):
            if rng.chance(0.5) { commission(key, rate: 0.002...0.01, planner: &planner) }
            let total = lots[key]!.total
            if level < g.layers.count - 1 {
                for part in split(total, parts: max(partsFor(total), rng.int(1...3))) {
                    let tt = next(40, 600)
                    if tt >= end { return }
                    let to = rng.pick(g.layers[level + 1])
                    maybeFail(from: acct, to: to, amount: part, at: tt, device: dev)
                    t = max(t, move(key, to: to, amount: part, at: tt, kind: .transfer, device: dev, gang: g, w: w, planner: &planner))
                }
            } else {
                exits(key, total: total, t: &t, g: g, dev: dev, w: w, planner: &planner)
            }
        case .organizer:
            if rng.chance(0.3) { return }   // keep it for now
            let total = lots[key]!.total
            let send = Int64(Double(total) * rng.uniform(0.6, 1.0))
            let viaCash = rng.chance(0.25)
            for part in split(send, parts: max(partsFor(send), rng.int(1...2))) {
                let tt = next(60, 900)
                if tt >= end { return }
                if viaCash {
                    move(key, to: rng.pick(g.cashout), amount: part, at: tt, kind: .transfer, device: dev, gang: g, w: w, planner: &planner,
                         newestFirst: sampleMoneyOrder)
                } else {
                    move(key, to: rng.pick(g.otcUsed), amount: part, at: tt, kind: .transfer, device: dev, gang: g, w: w, planner: &planner,
                         newestFirst: sampleMoneyOrder)
                }
            }
        case .cashout:
            let night = (t + 8 * 3600) / 86_400
            var state = cashoutNight[key] ?? (night, 0)
            if state.night != night { state = (night, 0) }
            while let total = lots[key]?.total, total >= 10_000 {
                let limitLeft = 2_000_000 - state.amount
                if limitLeft < 10_000 { break }
                var amt = Int64(rng.int(10...50)) * 10_000
                amt = min(amt, total / 10_000 * 10_000, limitLeft / 10_000 * 10_000)
                if amt <= 0 { break }
                let tt = next(150, 540)
                if tt >= end { break }
                t = max(t, move(key, to: -1, amount: amt, at: tt, kind: .atm, device: -1, gang: g, w: w, planner: &planner))
                state.amount += amt
            }
            cashoutNight[key] = state
            if let total = lots[key]?.total, total >= 10_000, !scheduled.contains(key) {
                scheduled.insert(key)
                heap.push(nightAfter(t + 6 * 3600), .process(key))
            }
        case .cardMerchant:
            let total = lots[key]!.total
            let toLayer = rng.chance(0.25) && !g.layers.isEmpty
            for part in split(total, parts: max(partsFor(total), rng.int(1...2))) {
                let tt = next(60, 1_800)
                if tt >= end { return }
                let to = toLayer ? rng.pick(g.organizers) : g.organizers[0]
                move(key, to: to, amount: part, at: tt, kind: .transfer, device: w.persons[Int(w.accounts[Int(acct)].holder)].devices.first ?? -1,
                     gang: g, w: w, planner: &planner, ownMoney: true)
            }
        }
    }

    /// The last layer sends money out: OTC traders, point cards, cash-out cards, organizers.
    mutating func exits(_ key: Int64, total: Int64, t: inout Int64, g: Gang, dev: Int32, w: World, planner: inout VictimPlanner) {
        let end = w.end
        var left = total
        let acct = LaunderingSimulator.account(key)
        var rounds = 0
        while left > 0 && rounds < 8 {
            rounds += 1
            let choice = rng.weighted(g.exitWeights)
            var part: Int64
            if rounds == 8 || left < 50_000 { part = left } else { part = min(left, max(20_000, Int64(Double(left) * rng.uniform(0.3, 0.9)))) }
            t += Int64(rng.int(60...900))
            if t >= end { return }
            switch choice {
            case 1 where left >= 50_000 && !g.gameCardShops.isEmpty:
                // Point cards are bought in round amounts.
                part = min(left / 10_000 * 10_000, Int64(rng.int(5...50)) * 10_000)
                if part <= 0 { continue }
                t = move(key, to: rng.pick(g.gameCardShops), amount: part, at: t, kind: .gameCard, device: dev, gang: g, w: w, planner: &planner)
            case 2:
                let to = rng.pick(g.cashout)
                maybeFail(from: acct, to: to, amount: part, at: t, device: dev)
                move(key, to: to, amount: part, at: t, kind: .transfer, device: dev, gang: g, w: w, planner: &planner)
            case 3:
                t = move(key, to: rng.pick(g.organizers), amount: part, at: t, kind: .transfer, device: dev, gang: g, w: w, planner: &planner)
            default:
                for sub in split(part, parts: partsFor(part)) {
                    t = move(key, to: rng.pick(g.otcUsed), amount: sub, at: t, kind: .transfer, device: dev, gang: g, w: w, planner: &planner)
                    t += Int64(rng.int(60...300))
                }
            }
            left = lots[key]!.total
        }
    }

    /// Now and then a mule transfer is first refused (limit exceeded) and retried.
    mutating func maybeFail(from: Int32, to: Int32, amount: Int64, at t: Int64, device: Int32) {
        guard rng.chance(0.03) else { return }
        emit(Tx(time: t - Int64(rng.int(150...400)), amount: amount + Int64(rng.int(1_000...20_000)) * 100, from: from, to: to,
                device: device, kind: .transfer, flags: Tx.failed | Tx.fraud))
    }
}
