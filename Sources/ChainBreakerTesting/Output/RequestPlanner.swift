/// Decides which accounts the investigators requested (调单): the victims' cards and wallets of
/// reported cases, the receiving accounts and, with decreasing probability, the further hops of
/// their money, plus accounts requested for other reasons (traders, group-buy organisers, a
/// couple of small employers, a background sample). Then groups the bank accounts into files
/// (1–3 per bank). O(hops of reported payments + accounts).
struct RequestPlanner {
    var bank: [Int32] = []
    var wallets: [Int32] = []

    mutating func plan(world w: World, fraud fw: FraudWorld, planner: VictimPlanner, rng: inout SeededGenerator) {
        var bankSet = Set<Int32>(), walletSet = Set<Int32>()
        var decided = Set<Int32>()
        func request(_ a: Int32) {
            guard a >= 0 else { return }
            let acc = w.accounts[Int(a)]
            // Accounts whose balance is not simulated exactly (people outside the city, institutions) are never shown.
            guard acc.guarded else { return }
            switch acc.kind {
            case .bankCard: if bankSet.insert(a).inserted { bank.append(a) }
            case .wechatPay: if walletSet.insert(a).inserted { wallets.append(a) }
            case .bankCorporate, .wechatPayMerchant: break
            }
        }
        let reported = planner.victims.filter { $0.caseNumber != nil }
        var frontier: [Int32] = []
        for v in reported {
            for pi in v.payments {
                let p = planner.payments[pi]
                request(p.from)
                if p.funding >= 0 { request(p.funding) }
                request(p.payee)
                decided.insert(p.payee)
                frontier.append(p.payee)
            }
        }
        // Follow the money of reported payments, requesting each next account with a probability
        // that falls with the distance from the victim.
        var adjacency: [Int32: [Int32]] = [:]
        for v in reported {
            for pi in v.payments {
                let p = planner.payments[pi]
                for h in p.flow.hops where h.to >= 0 { adjacency[h.from, default: []].append(h.to) }
                if let pb = p.payback { for h in pb.hops where h.to >= 0 { adjacency[h.from, default: []].append(h.to) } }
                if let m = p.paybackMerchants.first, !decided.contains(m), rng.chance(0.5) { decided.insert(m); request(m); frontier.append(m) }
            }
        }
        let probs = [0.9, 0.8, 0.65, 0.55, 0.45, 0.4]
        var depth = 0
        while !frontier.isEmpty {
            var next: [Int32] = []
            for a in frontier {
                for b in (adjacency[a] ?? []) where !decided.contains(b) {
                    decided.insert(b)
                    let acc = w.accounts[Int(b)]
                    if acc.kind == .bankCorporate { continue }
                    if rng.chance(probs[min(depth, probs.count - 1)]) {
                        request(b)
                        next.append(b)
                    }
                }
            }
            frontier = next
            depth += 1
        }
        // Other reasons.
        for p in w.traders + w.groupbuyers {
            request(w.persons[Int(p)].cards[0])
            if rng.chance(0.7) { request(w.persons[Int(p)].wallet) }
        }
        for o in w.otcCards where rng.chance(0.25) { request(o) }
        // Relatives of victims and first-level card holders' other cards are often requested too.
        for v in reported where rng.chance(0.3) {
            let p = w.persons[Int(v.person)]
            for c in p.cards where rng.chance(0.5) { request(c) }
            if let f = p.friends.first, rng.chance(0.3), let c = w.persons[Int(f)].cards.first { request(c) }
        }
        for g in fw.gangs {
            for f in g.firstLevel where rng.chance(0.4) {
                let h = w.accounts[Int(f.account)].holder
                if h >= 0 { for c in w.persons[Int(h)].cards { request(c) } }
            }
        }
        for c in w.citizens {
            let p = w.persons[Int(c)]
            for card in p.cards where rng.chance(0.04) { request(card) }
            if p.wallet >= 0 && rng.chance(0.01) { request(p.wallet) }
        }
        // A couple of small employers (corporate statements have no card number).
        var corp: [Int32] = []
        var staff: [Int32: Int] = [:]
        for c in w.citizens where w.persons[Int(c)].employer >= 0 { staff[w.persons[Int(c)].employer, default: 0] += 1 }
        let small = w.employers.filter { (2...12).contains(staff[$0] ?? 0) }
        for e in rng.sample(small, min(2, small.count)) { corp.append(e) }
        for e in corp where bankSet.insert(e).inserted { bank.append(e) }   // employers: large balances, weekly income
    }

    /// Groups requested bank accounts into files: (bank, accounts) in bank-catalog order.
    func files(world w: World, rng: inout SeededGenerator) -> [(bank: Int, accounts: [Int32])] {
        var byBank = [[Int32]](repeating: [], count: BankCatalog.banks.count)
        for a in bank { byBank[w.accounts[Int(a)].bank].append(a) }
        var out: [(Int, [Int32])] = []
        for (b, list) in byBank.enumerated() where !list.isEmpty {
            let accounts = rng.shuffled(list)
            let k = list.count <= 10 ? 1 : (list.count <= 30 ? rng.int(1...2) : rng.int(2...3))
            let size = (accounts.count + k - 1) / k
            var i = 0
            while i < accounts.count {
                out.append((b, Array(accounts[i..<min(accounts.count, i + size)])))
                i += size
            }
        }
        return out
    }
}
