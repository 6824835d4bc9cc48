#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the normal population: institutions, companies, shops, residents with their cards,
/// wallets, IM ids and devices, people outside the city, friendships, and the legitimate
/// special roles (traders, group-buy organisers, OTC traders, couriers, telemarketers).
/// O(citizens × friends) time and memory.
struct PopulationBuilder {
    var rng: SeededGenerator
    let citizenCount: Int

    init(rng: SeededGenerator, citizens: Int) {
        self.rng = rng
        self.citizenCount = citizens
    }

    mutating func build(into w: inout World) {
        buildInstitutions(&w)
        buildCompanies(&w)
        buildCarrierNAT(&w)
        for _ in 0..<citizenCount { w.citizens.append(makePerson(&w, citizen: true)) }
        let externalCount = max(60, citizenCount * 22 / 100)
        for _ in 0..<externalCount { w.externals.append(makePerson(&w, citizen: false)) }
        buildFriendships(&w)
        buildEmployment(&w)
        buildSpecialRoles(&w)
        buildPhonesOfTrade(&w)
    }

    // MARK: institutions and companies

    mutating func corporate(_ w: inout World, name: String, role: Role, corp: CorpKind, bank: Int? = nil, branchCity: String = "江城",
                            balanceYuan: Int64 = 50_000_000, product: String = "") -> Int32 {
        let b = bank ?? w.ids.randomBank()
        let acct = w.ids.corporateAccount()
        var a = Account(id: acct, accountNo: acct, kind: .bankCorporate, bank: b, holderName: name, holder: -1, role: role)
        a.corp = corp
        a.guarded = false
        a.branchCity = branchCity
        a.initialBalance = balanceYuan * 100
        a.product = product
        return w.addAccount(a)
    }

    mutating func buildInstitutions(_ w: inout World) {
        w.tenpayClearing = corporate(&w, name: "财付通支付科技有限公司", role: .paymentInstitution, corp: .tenpayClearing,
                                     bank: BankCatalog.index(of: "CMB"), balanceYuan: 10_000_000_000)
        w.alipayClearing = corporate(&w, name: "支付宝（中国）网络技术有限公司", role: .paymentInstitution, corp: .alipayClearing,
                                     bank: BankCatalog.index(of: "CIB"), balanceYuan: 10_000_000_000)
        w.socialSecurity = corporate(&w, name: "江城市社会保险事业管理局", role: .socialSecurity, corp: .socialSecurity,
                                     bank: BankCatalog.index(of: "ICBC"), balanceYuan: 5_000_000_000)
        let utils: [(String, CorpKind)] = [("国网浙江省电力有限公司江城供电公司", .electricity), ("江城市水务集团有限公司", .water),
                                           ("江城天然气有限公司", .gas), ("中国移动通信集团浙江有限公司江城分公司", .telecom),
                                           ("中国联合网络通信有限公司江城市分公司", .telecom), ("中国电信股份有限公司江城分公司", .telecom)]
        for (n, k) in utils { w.utilities.append(corporate(&w, name: n, role: .utility, corp: k)) }
        let lenders = ["招联消费金融有限公司", "马上消费金融股份有限公司", "中银消费金融有限公司", "兴业消费金融股份公司", "捷信消费金融有限公司",
                       "江城市民间融资服务中心有限公司"]
        for n in lenders { w.lenders.append(corporate(&w, name: n, role: .lender, corp: .lender, branchCity: "江城")) }
        let cards: [(String, String)] = [("深圳市腾讯天游科技有限公司", "腾讯"), ("江苏苏宁易购电子商务有限公司", "苏宁"),
                                         ("北京京东世纪贸易有限公司", "京东"), ("北京骏网在线科技有限公司", "骏网"),
                                         ("杭州网易雷火科技有限公司", "网易"), ("上海盛大网络发展有限公司", "盛大")]
        for (n, p) in cards {
            w.gameCardMerchants.append(corporate(&w, name: n, role: .gameCardMerchant, corp: .gameCard, balanceYuan: 1_000_000_000, product: p))
        }
    }

    /// A company name not yet in `taken` (widening the pattern when the simple one is used up).
    mutating func companyName(_ taken: Set<String>) -> String {
        for attempt in 0..<60 {
            let brand = attempt < 20 ? rng.pick(NameBank.brandWords) : rng.pick(NameBank.brandWords) + rng.pick(NameBank.brandWords)
            let n = rng.pick(["江城", "江城", "浙江"]) + brand + rng.pick(NameBank.industries) + "有限公司"
            if !taken.contains(n) { return n }
        }
        var k = 2
        let base = "江城" + rng.pick(NameBank.brandWords) + rng.pick(NameBank.industries)
        while taken.contains(base + "第\(k)有限公司") { k += 1 }
        return base + "第\(k)有限公司"
    }

    /// A shop name not yet in `taken`.
    mutating func shopName(_ taken: Set<String>) -> String {
        for attempt in 0..<60 {
            let place = attempt < 30 ? String(NameBank.districts[rng.below(NameBank.districts.count)].name.dropLast())
                                     : rng.pick(["城东", "城西", "老街", "新区", "北站", "南门", "湖滨", "江滨"])
            let n = NameBank.cityName + place + rng.pick(NameBank.brandWords) + rng.pick(NameBank.shopTypes)
            if !taken.contains(n) { return n }
        }
        let base = NameBank.cityName + rng.pick(NameBank.brandWords) + rng.pick(NameBank.shopTypes)
        var k = 2
        while taken.contains(base + "\(k)号店") { k += 1 }
        return base + "\(k)号店"
    }

    mutating func buildCompanies(_ w: inout World) {
        let employerCount = max(10, citizenCount / 40)
        var names = Set<String>()
        var weights: [Double] = []
        for _ in 0..<employerCount {
            let n = companyName(names)
            names.insert(n)
            w.employers.append(corporate(&w, name: n, role: .employer, corp: .employer, balanceYuan: 20_000_000))
            weights.append(rng.logNormal(mu: 0, sigma: 1.0))
        }
        w.employerWeights = WeightedTable(weights)

        // Shops: a few big chains with fan-in from thousands, many small ones.
        let big = ["物美江城解放店", "永辉超市江城文化店", "中国石化江城中山店", "华润万家江城店"]
        var mWeights: [Double] = []
        for n in big {
            w.merchants.append(corporate(&w, name: n, role: .merchant, corp: .bigShop, balanceYuan: 100_000_000))
            mWeights.append(rng.uniform(25, 45))
        }
        let small = max(16, citizenCount / 45)
        var walletWeights: [Double] = []
        for _ in 0..<small {
            let n = shopName(names)
            names.insert(n)
            let wgt = rng.logNormal(mu: 0, sigma: 0.8)
            let r = rng.unit()
            if r < 0.6 || r >= 0.85 {
                w.merchants.append(corporate(&w, name: n, role: .merchant, corp: .shop, balanceYuan: 2_000_000))
                mWeights.append(wgt)
            }
            if r >= 0.6 {
                var a = Account(id: w.ids.tenpayID(), accountNo: "", kind: .wechatPayMerchant, bank: -1, holderName: n, holder: -1, role: .merchant)
                a.guarded = false
                a.initialBalance = 100_000_00
                w.merchantWallets.append(w.addAccount(a))
                walletWeights.append(wgt)
            }
        }
        w.merchantWeights = WeightedTable(mWeights)
        w.merchantWalletWeights = WeightedTable(walletWeights)

        for _ in 0..<20 {
            var n = rng.pick(NameBank.externalCorpCities) + rng.pick(NameBank.brandWords) + rng.pick(["贸易", "供应链", "商贸", "实业", "电子商务"]) + "有限公司"
            while names.contains(n) { n = rng.pick(NameBank.externalCorpCities) + rng.pick(NameBank.brandWords) + rng.pick(NameBank.brandWords) + "商贸有限公司" }
            names.insert(n)
            let city = String(n.prefix(2))
            w.externalCorps.append(corporate(&w, name: n, role: .externalCorp, corp: .externalCorp, branchCity: city, balanceYuan: 200_000_000))
        }
    }

    mutating func buildCarrierNAT(_ w: inout World) {
        for _ in 0..<max(4, citizenCount / 60) { w.carrierNAT.append(w.ids.ip()) }
    }

    // MARK: people

    mutating func newDevice(_ w: inout World, shared: Bool) -> Int32 {
        let ip = shared && !w.carrierNAT.isEmpty ? rng.pick(w.carrierNAT) : w.ids.ip()
        let r = rng.unit()
        if r < 0.08 { return w.addDevice(Device(ip: ip, mac: nil, placeholder: true)) }
        if r < 0.16 { return w.addDevice(Device(ip: ip, mac: nil)) }
        return w.addDevice(Device(ip: ip, mac: w.ids.mac()))
    }

    mutating func makePerson(_ w: inout World, citizen: Bool, ageRange: ClosedRange<Int>? = nil, regionIndex: Int? = nil, bare: Bool = false) -> Int32 {
        let male = rng.chance(0.5)
        let age: Int
        if let r = ageRange { age = rng.int(r) } else {
            let band = rng.weighted([10, 25, 28, 15, 22])
            age = [rng.int(16...22), rng.int(23...35), rng.int(36...50), rng.int(51...60), rng.int(61...85)][band]
        }
        let year = w.startYear - age
        let month = rng.int(1...12)
        let dim = [31, year % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        let day = rng.int(1...dim)
        let region: String
        let regionCity: String
        var district = -1
        if citizen {
            // Most residents were born here; some moved in from elsewhere.
            if rng.chance(0.85) {
                district = rng.below(NameBank.districts.count)
                region = NameBank.cityPrefix + NameBank.districts[district].code
            } else {
                district = rng.below(NameBank.districts.count)
                region = rng.pick(NameBank.externalRegions).code
            }
            regionCity = "江城"
        } else {
            let r = NameBank.externalRegions[regionIndex ?? rng.below(NameBank.externalRegions.count)]
            region = r.code
            regionCity = r.city
        }
        let id = w.ids.residentID(region: region, year: year, month: month, day: day, male: male)
        let name = w.ids.name(male: male)
        let address: String
        if citizen {
            let d = NameBank.districts[district].name
            address = NameBank.provinceName + NameBank.cityName + d + rng.pick(NameBank.roads) + rng.pick(NameBank.compounds)
                + "\(rng.int(1...40))幢\(rng.int(1...4))单元\(rng.int(1...33))0\(rng.int(1...4))室"
        } else {
            address = regionCity + "市"
        }
        var p = Person(name: name, id: id, male: male, birthYear: year, birthMonth: month, birthDay: day, phone: w.ids.phone(),
                       citizen: citizen, homeCity: citizen ? "江城市" : regionCity + "市", regionCity: regionCity, district: district,
                       address: address)
        p.activity = rng.logNormal(mu: 0, sigma: 0.45)
        let pi = Int32(w.persons.count)
        if bare {
            // A person known only through the accounts a fraud group uses in their name.
            if rng.chance(0.5) { p.qq = w.ids.qq() }
            if rng.chance(0.8) { p.wechat = w.ids.wechatID() }
            p.devices.append(newDevice(&w, shared: false))
            w.persons.append(p)
            return pi
        }
        // Cards.
        let nCards = citizen ? [1, 1, 1, 2, 2, 2, 2, 3, 3, 1][rng.below(10)] : (rng.chance(0.8) ? 1 : 2)
        for _ in 0..<nCards {
            var b = w.ids.randomBank()
            if citizen && age > 55 && rng.chance(0.25) { b = BankCatalog.index(of: "JCRCB") }
            let card = w.ids.card(bank: b)
            var a = Account(id: card, accountNo: w.ids.internalAccount(bank: b, card: card), kind: .bankCard, bank: b, holderName: name,
                            holder: pi, role: citizen ? .citizen : .external)
            a.branchCity = regionCity
            let median = citizen ? 1_500_000.0 : 4_000_000.0
            a.initialBalance = Int64(min(5e8, rng.logNormal(mu: log(median), sigma: 1.0)))
            a.guarded = citizen
            p.cards.append(w.addAccount(a))
        }
        if rng.chance(citizen ? 0.78 : 0.85) && age >= 14 {
            var a = Account(id: w.ids.tenpayID(), accountNo: "", kind: .wechatPay, bank: -1, holderName: name, holder: pi,
                            role: citizen ? .citizen : .external)
            a.initialBalance = Int64(rng.logNormal(mu: log(40_000), sigma: 1.2))
            a.guarded = citizen
            p.wallet = w.addAccount(a)
        }
        if rng.chance(age > 55 ? 0.3 : 0.6) { p.qq = w.ids.qq() }
        if rng.chance(age > 70 ? 0.5 : 0.88) { p.wechat = w.ids.wechatID() }
        p.devices.append(newDevice(&w, shared: rng.chance(0.25)))
        if rng.chance(0.35) { p.devices.append(newDevice(&w, shared: rng.chance(0.5))) }
        p.cryptoBuyer = citizen && age < 50 && rng.chance(0.012)
        p.gamer = age < 40 && rng.chance(0.12)
        w.persons.append(p)
        return pi
    }

    mutating func buildFriendships(_ w: inout World) {
        let cit = w.citizens, ext = w.externals
        for c in cit {
            let n = rng.int(3...10)
            for _ in 0..<n {
                let f = rng.chance(0.68) ? rng.pick(cit) : rng.pick(ext)
                if f == c || w.persons[Int(c)].friends.contains(f) { continue }
                w.persons[Int(c)].friends.append(f)
                if w.persons[Int(f)].citizen || rng.chance(0.5) { w.persons[Int(f)].friends.append(c) }
            }
        }
        for e in ext where w.persons[Int(e)].friends.isEmpty {
            w.persons[Int(e)].friends.append(rng.pick(cit))
        }
    }

    mutating func buildEmployment(_ w: inout World) {
        for c in w.citizens {
            let age = w.persons[Int(c)].age(atYear: w.startYear)
            if age >= 22 && age <= 60 && rng.chance(0.82) {
                w.persons[Int(c)].employer = w.employers[w.employerWeights.draw(&rng)]
            } else if age > 60 && rng.chance(0.9) {
                w.persons[Int(c)].pension = true
            }
            if age >= 22 && age <= 65 && rng.chance(0.12) {
                w.persons[Int(c)].lender = rng.pick(w.lenders)
            }
        }
    }

    mutating func buildSpecialRoles(_ w: inout World) {
        // 代购 traders and group-buy organisers: ordinary residents with busy, fast-moving accounts.
        let nSpecial = max(2, citizenCount / 500)
        var pool = rng.sample(w.citizens.filter { w.persons[Int($0)].age(atYear: w.startYear) >= 24 && w.persons[Int($0)].age(atYear: w.startYear) <= 55 },
                              nSpecial * 2)
        for (i, p) in pool.enumerated() {
            let isTrader = i < nSpecial
            // They need a wallet and a busy card.
            if w.persons[Int(p)].wallet < 0 {
                var a = Account(id: w.ids.tenpayID(), accountNo: "", kind: .wechatPay, bank: -1, holderName: w.persons[Int(p)].name, holder: p, role: .citizen)
                a.initialBalance = 500_000
                w.persons[Int(p)].wallet = w.addAccount(a)
            }
            let role: Role = isTrader ? .trader : .groupbuy
            let card = w.persons[Int(p)].cards[0]
            w.accounts[Int(card)].role = role
            w.accounts[Int(card)].initialBalance += 5_000_000
            w.accounts[Int(w.persons[Int(p)].wallet)].role = role
            w.persons[Int(p)].roles.append(role.name)
            if isTrader { w.traders.append(p) } else { w.groupbuyers.append(p) }
        }
        pool.removeAll()

        // Crypto OTC traders (some local, some outside): 2–3 cards each, big balances.
        let nOTC = max(3, citizenCount / 600 + 2)
        for i in 0..<nOTC {
            let citizen = i % 2 == 0
            let p = makePerson(&w, citizen: citizen, ageRange: 24...45)
            if citizen { w.citizens.append(p) } else { w.externals.append(p) }
            let extra = rng.int(1...2)
            for _ in 0..<extra {
                let b = w.ids.randomBank()
                let card = w.ids.card(bank: b)
                var a = Account(id: card, accountNo: w.ids.internalAccount(bank: b, card: card), kind: .bankCard, bank: b,
                                holderName: w.persons[Int(p)].name, holder: p, role: .otc)
                a.branchCity = w.persons[Int(p)].regionCity
                w.persons[Int(p)].cards.append(w.addAccount(a))
            }
            for c in w.persons[Int(p)].cards {
                w.accounts[Int(c)].role = .otc
                w.accounts[Int(c)].guarded = true
                w.accounts[Int(c)].initialBalance = Int64(rng.uniform(200_000, 2_000_000)) * 100
                w.otcCards.append(c)
            }
            w.persons[Int(p)].roles.append("otc")
            w.otcTraders.append(p)
        }
    }

    mutating func buildPhonesOfTrade(_ w: inout World) {
        let companies = ["顺丰速运", "中通快递", "圆通速递", "申通快递", "韵达快递", "极兔速递", "京东物流", "邮政EMS"]
        let nCouriers = max(8, min(40, citizenCount / 80))
        for i in 0..<nCouriers { w.couriers.append((w.ids.phone(), companies[i % companies.count])) }
        for _ in 0..<max(2, citizenCount / 800) { w.telemarketers.append(w.ids.phone()) }
    }
}
