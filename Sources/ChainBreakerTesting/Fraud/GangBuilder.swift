/// Creates the fraud groups: fraud type, leak source, rented first-level cards, layer cards,
/// organizers, cash-out cards, 跑分 wallets, card merchants, OTC traders used, drainage workers,
/// GOIP numbers, bulk IM accounts, unblock helpers, sites, APPs and operator devices.
/// O(gangs × members + orders) (leak selection scans the orders once per leaked group).
struct GangBuilder {
    var rng: SeededGenerator
    var people: PopulationBuilder
    let noise: Double

    init(rng: SeededGenerator, noise: Double) {
        var r = rng
        self.people = PopulationBuilder(rng: r.fork("gang-people"), citizens: 0)
        self.rng = r
        self.noise = noise
    }

    mutating func chooseTypes(_ n: Int) -> [String] {
        var result: [String] = []
        while result.count < n {
            var pool = Array(FraudProfile.all.indices)
            var weights = FraudProfile.weights
            while !pool.isEmpty && result.count < n {
                let k = rng.weighted(weights)
                result.append(FraudProfile.all[pool[k]].type)
                pool.remove(at: k); weights.remove(at: k)
            }
        }
        return result
    }

    mutating func build(gangs count: Int, world w: inout World, orders: inout OrderBook) -> FraudWorld {
        var fw = FraudWorld()
        for p in w.traders { fw.excluded.insert(p) }
        for p in w.groupbuyers { fw.excluded.insert(p) }
        for p in w.otcTraders { fw.excluded.insert(p) }
        let types = chooseTypes(count)
        let span = Int64(w.days) * 86_400
        for g in 0..<count {
            var gang = Gang(index: g, profile: FraudProfile.profile(types[g]))
            gang.start = w.start + Int64(rng.uniform(0, 0.12) * Double(span))
            if rng.chance(gang.profile.usesLeak) || (g == 0 && orders.leaks.isEmpty && gang.profile.usesGOIP) {
                gang.leak = orders.addLeak(gang: g, world: w, rng: &rng, gangStart: gang.start)
            }
            buildAccounts(&gang, &fw, &w)
            buildContacts(&gang, &fw, &w)
            fw.gangs.append(gang)
        }
        // Every city has at least one leak so that leak finding always has something to find.
        if orders.leaks.isEmpty, !fw.gangs.isEmpty {
            fw.gangs[0].leak = orders.addLeak(gang: 0, world: w, rng: &rng, gangStart: fw.gangs[0].start)
        }
        return fw
    }

    // MARK: accounts

    mutating func newCard(_ w: inout World, holder: Int32, role: Role, label: Label, gang: Int, balanceYuan: ClosedRange<Int> = 0...50) -> Int32 {
        let b = w.ids.randomBank()
        let card = w.ids.card(bank: b)
        let p = w.persons[Int(holder)]
        var a = Account(id: card, accountNo: w.ids.internalAccount(bank: b, card: card), kind: .bankCard, bank: b, holderName: p.name,
                        holder: holder, role: role)
        a.label = label
        a.gang = gang
        a.branchCity = p.regionCity
        a.initialBalance = Int64(rng.int(balanceYuan)) * 100 + Int64(rng.below(100))
        return w.addAccount(a)
    }

    mutating func muleHolder(_ w: inout World, _ fw: inout FraudWorld, gang: inout Gang) -> Int32 {
        // Re-use a holder of the same group now and then (one person, several cards).
        if !gang.muleHolders.isEmpty && rng.chance(0.3) { return rng.pick(gang.muleHolders) }
        let citizen = rng.chance(0.4)
        let p = people.makePerson(&w, citizen: citizen, ageRange: 19...55, bare: true)
        w.persons[Int(p)].roles.append("mule_holder")
        fw.excluded.insert(p)
        gang.muleHolders.append(p)
        return p
    }

    mutating func buildAccounts(_ gang: inout Gang, _ fw: inout FraudWorld, _ w: inout World) {
        let g = gang.index
        // First-level cards: real residents renting out their cards (they keep using them).
        let candidates = w.citizens.filter {
            let p = w.persons[Int($0)]
            let age = p.age(atYear: w.startYear)
            return age >= 18 && age <= 42 && !fw.excluded.contains($0) && p.roles.isEmpty
        }
        let k1 = rng.int(4...7)
        let initiallyActive = rng.int(2...3)
        for (i, p) in rng.sample(candidates, k1).enumerated() {
            fw.excluded.insert(p)
            var card: Int32
            if rng.chance(0.5) || w.persons[Int(p)].cards.isEmpty {
                card = newCard(&w, holder: p, role: .firstLevel, label: .suspicious, gang: g, balanceYuan: 200...3000)
                w.accounts[Int(card)].guarded = true
                w.persons[Int(p)].cards.append(card)
            } else {
                card = w.persons[Int(p)].cards.last!
                w.accounts[Int(card)].role = .firstLevel
                w.accounts[Int(card)].label = .suspicious
                w.accounts[Int(card)].gang = g
            }
            w.persons[Int(p)].roles.append("first_level")
            let from = i < initiallyActive ? gang.start - 86_400 * Int64(rng.int(1...5)) : gang.start + Int64(rng.uniform(0.15, 0.75) * Double(w.end - gang.start))
            gang.firstLevel.append(Gang.FirstLevel(account: card, activeFrom: from))
        }
        // Layers.
        // 二级卡 … 四级卡: two to four layers, narrowing towards the exits.
        let levels = [2, 2, 2, 3, 3, 3, 4][rng.below(7)]
        let perLevel: [Int]
        switch levels {
        case 2: perLevel = [rng.int(2...4), rng.int(1...3)]
        case 3: perLevel = [rng.int(2...4), rng.int(2...3), rng.int(1...2)]
        default: perLevel = [rng.int(3...4), rng.int(2...3), rng.int(1...2), rng.int(1...2)]
        }
        for l in 0..<levels {
            var level: [Int32] = []
            for _ in 0..<perLevel[l] {
                let h = muleHolder(&w, &fw, gang: &gang)
                level.append(newCard(&w, holder: h, role: .layer, label: .malicious, gang: g))
            }
            gang.layers.append(level)
        }
        for _ in 0..<rng.int(1...3) {
            let h = muleHolder(&w, &fw, gang: &gang)
            let c = newCard(&w, holder: h, role: .organizer, label: .malicious, gang: g, balanceYuan: 150_000...400_000)
            gang.organizers.append(c)
        }
        for _ in 0..<rng.int(1...2) {
            let h = muleHolder(&w, &fw, gang: &gang)
            gang.cashout.append(newCard(&w, holder: h, role: .cashout, label: .malicious, gang: g))
        }
        // 跑分: people who rent out a WeChat Pay wallet and a card.
        for _ in 0..<rng.int(2...3) {
            let p = people.makePerson(&w, citizen: rng.chance(0.5), ageRange: 18...40, bare: true)
            fw.excluded.insert(p)
            w.persons[Int(p)].roles.append("paofen")
            var wa = Account(id: w.ids.tenpayID(), accountNo: "", kind: .wechatPay, bank: -1, holderName: w.persons[Int(p)].name, holder: p, role: .paofen)
            wa.label = .malicious
            wa.gang = g
            wa.initialBalance = Int64(rng.int(20_000...60_000)) * 100
            let wi = w.addAccount(wa)
            w.persons[Int(p)].wallet = wi
            let card = newCard(&w, holder: p, role: .paofen, label: .malicious, gang: g)
            gang.paofenWallets.append(wi)
            gang.paofenBanks.append(card)
            gang.muleHolders.append(p)
        }
        gang.rebateWallet = gang.paofenWallets[0]
        // Card merchant (卡商), sometimes shared with an earlier group.
        if let other = fw.gangs.last, rng.chance(0.3) {
            gang.cardMerchants = [other.cardMerchants[0]]
            w.accounts[Int(other.cardMerchants[0])].gangs.append(g)
        } else {
            let p = people.makePerson(&w, citizen: rng.chance(0.3), ageRange: 25...50, bare: true)
            fw.excluded.insert(p)
            w.persons[Int(p)].roles.append("card_merchant")
            fw.cardMerchantPersons.append(p)
            let c = newCard(&w, holder: p, role: .cardMerchant, label: .malicious, gang: g, balanceYuan: 2_000_000...5_000_000)
            w.accounts[Int(c)].gangs = [g]
            gang.cardMerchants = [c]
        }
        gang.otcUsed = rng.sample(w.otcCards, rng.int(2...min(5, w.otcCards.count)))
        gang.gameCardShops = rng.sample(w.gameCardMerchants, rng.int(2...3))
        // Drainage (引流) workers, paid by the group.
        if gang.profile.usesDrainage {
            for _ in 0..<rng.int(1...3) {
                let p = people.makePerson(&w, citizen: rng.chance(0.6), ageRange: 18...35, bare: true)
                fw.excluded.insert(p)
                w.persons[Int(p)].roles.append("drainage")
                let card = newCard(&w, holder: p, role: .drainage, label: .malicious, gang: g, balanceYuan: 500...5000)
                var qqs: [String] = []
                if let q = w.persons[Int(p)].qq { qqs.append(q) }
                for _ in 0..<rng.int(0...2) { qqs.append(w.ids.qq(length: 10)) }
                if qqs.isEmpty { qqs.append(w.ids.qq()) }
                gang.drainage.append(Gang.Drainage(person: p, phone: w.persons[Int(p)].phone, qq: qqs, account: card))
            }
            gang.rebateCard = gang.drainage[0].account
            w.accounts[Int(gang.rebateCard)].initialBalance += 3_000_000
        } else {
            gang.rebateCard = gang.organizers[0]
        }
        // Operator devices: a few IPs and MACs from which the group runs the mule accounts.
        let nIP = rng.int(2...4), nMAC = rng.int(1...3)
        var macs: [[UInt8]?] = []
        for _ in 0..<nIP { gang.operatorIPs.append(w.ids.ip()) }
        for _ in 0..<nMAC { macs.append(w.ids.mac()) }
        for ip in gang.operatorIPs {
            for m in macs { gang.operatorDevices.append(w.addDevice(Device(ip: ip, mac: m))) }
        }
        gang.operatorMACs = macs.compactMap { $0 }.map { $0.map { hex2($0) }.joined(separator: ":") }
        gang.exitWeights = [rng.uniform(0.25, 0.5), rng.uniform(0.05, 0.15), rng.uniform(0.15, 0.35), rng.uniform(0.1, 0.25)]
    }

    func hex2(_ b: UInt8) -> String {
        let d = Array("0123456789ABCDEF")
        return String([d[Int(b >> 4)], d[Int(b & 15)]])
    }

    // MARK: contact side

    mutating func buildContacts(_ gang: inout Gang, _ fw: inout FraudWorld, _ w: inout World) {
        let g = gang.index
        if gang.profile.usesGOIP {
            var t = gang.start - Int64(rng.int(1...3)) * 86_400
            while t < w.end {
                let len = Int64(rng.int(10...20)) * 86_400
                gang.goip.append(Gang.GOIP(phone: w.ids.phone(), from: t, to: t + len))
                t += len - Int64(rng.int(0...5)) * 86_400
            }
        }
        // Bulk IM accounts from an account dealer (号商), sometimes shared with another group.
        let poolIndex: Int
        if !fw.bulkPools.isEmpty && rng.chance(0.4) {
            poolIndex = rng.below(fw.bulkPools.count)
        } else {
            var pool = BulkPool(phones: (0..<rng.int(8...10)).map { _ in w.ids.phone(virtual: true) }, regIPs: (0..<rng.int(2...3)).map { _ in w.ids.ip() })
            pool.gangs = []
            fw.bulkPools.append(pool)
            poolIndex = fw.bulkPools.count - 1
        }
        fw.bulkPools[poolIndex].gangs.append(g)
        gang.bulkPool = poolIndex
        let nAccounts = rng.int(120...220)
        var qqs: [String] = [], wxs: [String] = []
        for _ in 0..<nAccounts {
            let pool = fw.bulkPools[poolIndex]
            let phone = rng.pick(pool.phones)
            let reg = gang.start - Int64(rng.int(5...50)) * 86_400 + Int64(rng.int(0...(max(1, Int(w.end - gang.start) - 10 * 86_400))))
            if rng.chance(0.65) {
                let q = w.ids.qq(length: 10)
                qqs.append(q)
                fw.bulkPools[poolIndex].accounts.append(("QQ", q, phone, reg, g))
            } else {
                let x = w.ids.wechatID()
                wxs.append(x)
                fw.bulkPools[poolIndex].accounts.append(("微信", x, phone, reg, g))
            }
        }
        let c = gang.profile.contacts.map { $0.0 }
        let qqHeavy = c.contains(.qq) || c.contains(.phone)
        gang.contactQQ = Array(qqs.prefix(qqHeavy ? rng.int(15...40) : rng.int(6...15)))
        gang.contactWechat = Array(wxs.prefix(c.contains(.wechat) || c.contains(.dating) ? rng.int(12...30) : rng.int(5...12)))
        // Unblock helpers: a pool per city; some are residents paid to vouch, some are unknown.
        let nHelpers = rng.int(6...14)
        var mine: [String] = []
        for h in fw.helpers.indices where rng.chance(0.25) && mine.count < nHelpers / 2 {
            fw.helpers[h].gangs.append(g)
            mine.append(fw.helpers[h].qq)
        }
        while mine.count < nHelpers {
            var person: Int32 = -1
            let q: String
            if rng.chance(0.35) {
                let cand = rng.pick(w.citizens)
                if w.persons[Int(cand)].qq != nil && !fw.excluded.contains(cand) && w.persons[Int(cand)].roles.isEmpty {
                    person = cand
                    q = w.persons[Int(cand)].qq!
                    w.persons[Int(cand)].roles.append("unblock_helper")
                    fw.excluded.insert(cand)
                    fw.unblockHelperPersons.append(cand)
                } else {
                    q = w.ids.qq(length: rng.int(8...10))
                }
            } else {
                q = w.ids.qq(length: rng.int(8...10))
            }
            fw.helpers.append(HelperQQ(qq: q, person: person, gangs: [g]))
            mine.append(q)
        }
        gang.helperQQ = mine
        // Sites and APPs.
        let tlds = ["vip", "xyz", "net", "top", "cc", "com"]
        for word in rng.sample(gang.profile.siteWords, min(gang.profile.siteWords.count, rng.int(1...2))) {
            if rng.chance(0.25) {
                gang.urls.append("http://\(rng.pick([47, 103, 154, 156])).\(rng.int(1...254)).\(rng.int(1...254)).\(rng.int(1...254)):\(rng.pick([8080, 8888, 9000]))/#/login")
            } else {
                gang.urls.append("https://www.\(word)\(rng.int(100...999)).\(rng.pick(tlds))")
            }
        }
        gang.apps = rng.sample(gang.profile.fraudApps, min(gang.profile.fraudApps.count, rng.int(1...2)))
    }
}

