import ChainBreakerCore
import Foundation
import Testing

@Suite struct LeakStatisticsTests {
    /// P(X ≥ k) against scipy.stats.hypergeom.sf(k − 1, N, K, n) (scipy 1.17.1).
    @Test func hypergeometricUpperTailMatchesScipy() {
        let cases: [(k: Int, N: Int, K: Int, n: Int, p: Double)] = [
            (15, 1529, 34, 137, 3.873122200547012e-08),
            (3, 2000, 30, 3, 3.0495728344652806e-06),
            (5, 17, 8, 6, 0.042986425339366516),
            (1, 10, 3, 4, 0.8333333333333334),
            (0, 10, 3, 4, 1.0),
            (4, 1_000_000, 500, 2000, 0.018834953773655745),
            (40, 1_000_000, 2000, 5000, 5.38100752174136e-13),
            (12, 1_000_000, 2000, 5000, 0.30282345999343896),
            (2, 50, 10, 10, 0.6512896877674799),
        ]
        for c in cases {
            let p = Hypergeometric.upperTail(c.k, population: c.N, successes: c.K, draws: c.n)
            #expect(abs(p - c.p) <= 1e-10 * c.p + 1e-15, "k=\(c.k) N=\(c.N) K=\(c.K) n=\(c.n): \(p) vs \(c.p)")
        }
    }

    @Test func hypergeometricEdgesAndLogFactorial() {
        #expect(Hypergeometric.upperTail(5, population: 100, successes: 4, draws: 10) == 0)  // k > K
        #expect(Hypergeometric.upperTail(0, population: 100, successes: 4, draws: 10) == 1)
        // n = N: X = K surely.
        #expect(abs(Hypergeometric.upperTail(4, population: 20, successes: 4, draws: 20) - 1) < 1e-12)
        // Stirling branch continues the exact table: ln 300! computed by summation.
        var s = 0.0
        for i in 2...300 { s += log(Double(i)) }
        #expect(abs(Hypergeometric.logFactorial(300) - s) < 1e-9)
        // The tail is a probability that decreases in k.
        var last = 1.0
        for k in 0...30 {
            let p = Hypergeometric.upperTail(k, population: 5000, successes: 60, draws: 400)
            #expect(p <= last + 1e-15 && p >= 0)
            last = p
        }
    }

    /// Hand example: p = 0.01, 0.04, 0.03, 0.005, 0.2 (m = 5). Sorted ranks give m·p/r = 0.025,
    /// 0.025, 0.05, 0.05, 0.2; running minimum from the top keeps them.
    @Test func benjaminiHochbergHandExample() {
        let adj = BenjaminiHochberg.adjust([0.01, 0.04, 0.03, 0.005, 0.2])
        let want = [0.025, 0.05, 0.05, 0.025, 0.2]
        for (a, w) in zip(adj, want) { #expect(abs(a - w) < 1e-12) }
        // Step-up: a larger p with a smaller m·p/r lowers the ones below it.
        let adj2 = BenjaminiHochberg.adjust([0.04, 0.045])
        #expect(abs(adj2[0] - 0.045) < 1e-12 && abs(adj2[1] - 0.045) < 1e-12)
        #expect(BenjaminiHochberg.adjust([0.9, 0.8]).allSatisfy { $0 <= 1 })
    }

    /// Controls every day 0…9, two cases on each of days 3, 4, 5: the window is [3, 5].
    @Test func scanFindsTheWindow() {
        var days: [Int64] = [], isCase: [Bool] = []
        for d in 0..<10 { days.append(Int64(100 + d)); isCase.append(false) }
        for d in [3, 4, 5] { for _ in 0..<2 { days.append(Int64(100 + d)); isCase.append(true) } }
        days.append(108); isCase.append(true)  // one stray case outside
        let w = LeakWindowScan.scan(days: days, isCase: isCase)
        #expect(w?.firstDay == 103 && w?.lastDay == 105)
        #expect(w?.cases == 6 && w?.exposures == 9)
        #expect(LeakWindowScan.scan(days: [1, 2], isCase: [false, false]) == nil)
    }
}

@Suite struct LeakFinderTests {
    static let t0 = Instant(year: 2021, month: 4, day: 1)!.seconds
    static func phone(_ i: Int) -> String { "138" + String(100_000_00 + i) }

    /// 3,000 people; warehouse "popular" ships for 80 % of them (victims too); two small leaking
    /// warehouses each feed one group's victims in a 10-day window; a victim whose only
    /// L2 order is after their first contact; some phones are masked. A third of leak 1's window
    /// parcels come from the shop "shop-L1", which ships nothing else (over-represented through
    /// the same victims).
    static func city() -> (orders: [OrderRecord], victims: [LeakFinder.Victim]) {
        var orders: [OrderRecord] = []
        var victims: [LeakFinder.Victim] = []
        var rng: UInt64 = 12345
        func next() -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int(rng >> 33) }
        func order(_ person: Int, day: Int, shop: String, wh: String, courier: String = "中通快递", masked: Bool = false) {
            let p = phone(person)
            let ph = masked ? String(p.prefix(3)) + "****" + String(p.suffix(4)) : p
            orders.append(OrderRecord(waybill: "W\(orders.count)", time: Instant(seconds: t0 + Int64(day) * 86_400 + 36_000),
                                      recipientName: nil, recipientPhone: ph, address: nil, merchant: shop, warehouse: wh, courier: courier))
        }
        for person in 0..<3000 {
            // Background: two to four orders from ordinary shops and warehouses.
            for _ in 0..<(2 + next() % 3) {
                let wh = next() % 10 < 8 ? "popular" : "small-\(next() % 12)"
                order(person, day: next() % 90, shop: "shop-\(next() % 40)", wh: wh, courier: ["中通快递", "顺丰速运", "圆通速递"][next() % 3], masked: next() % 20 == 0)
            }
            // Leak 1 (days 10–19) and leak 2 (days 40–49): some customers in the window.
            if person % 25 == 0 { order(person, day: 10 + next() % 10, shop: person % 75 == 0 ? "shop-L1" : "shop-\(next() % 40)", wh: "L1") }
            if person % 30 == 1 { order(person, day: 40 + next() % 10, shop: "shop-\(next() % 40)", wh: "L2") }
            if person % 60 == 2 { order(person, day: next() % 90, shop: "shop-\(next() % 40)", wh: "L1") }
        }
        // Victims: group 1 from L1's customers (contact 3 days after day 19), group 2 from L2's,
        // plus background victims; person 601 (an L2 customer) is first contacted before the L2 order.
        for person in stride(from: 0, to: 3000, by: 25).prefix(24) {
            victims.append(.init(phone: phone(person), firstContact: Instant(seconds: t0 + 22 * 86_400)))
        }
        for person in stride(from: 1, to: 3000, by: 30).prefix(18) {
            victims.append(.init(phone: phone(person), firstContact: Instant(seconds: t0 + 53 * 86_400)))
        }
        victims.append(.init(phone: phone(601), firstContact: Instant(seconds: t0 + 5 * 86_400)))  // 601 % 30 == 1: L2 order after contact
        for person in stride(from: 7, to: 3000, by: 97) {
            victims.append(.init(phone: phone(person), firstContact: Instant(seconds: t0 + 80 * 86_400)))
        }
        return (orders, victims)
    }

    @Test func findsBothLeaksAndBlamesNeitherThePopularWarehouseNorTheShop() {
        let (orders, victims) = Self.city()
        let f = LeakFinder.find(orders: orders, victims: victims)
        let flagged = f.sources.filter { $0.pAdjusted < 0.05 }
        #expect(Set(flagged.map(\.id)) == ["L1", "L2"], "\(flagged.map { "\($0.id) \($0.pAdjusted)" })")
        #expect(f.sources.first?.id == "L1")
        let l1 = f.sources.first { $0.id == "L1" }!
        #expect(l1.confidence == .strong && l1.victims >= 24)
        // Window covers the leak's days 10–19 (2021-04-11 … 04-20), not the later L1 orders.
        let d0 = (Self.t0 + Instant.beijingOffset) / 86_400
        #expect(l1.window.map { $0.firstDay >= d0 + 10 && $0.lastDay <= d0 + 19 } == true)
        let popular = f.sources.first { $0.id == "popular" }!
        #expect(popular.pAdjusted > 0.5 && popular.lift < 1.3)
        // The shop shipping only from L1 was significant alone and is explained away by L1.
        let shop = f.sources.first { $0.id == "shop-L1" }!
        #expect(shop.pUnconditional < 1e-4)
        #expect(shop.pAdjusted >= 0.05 && shop.explainedBy == ["warehouse L1"])
        // Masked orders are out of the population; the early-contacted victim's L2 order is not counted.
        #expect(f.maskedOrders > 0)
        let l2 = f.sources.first { $0.id == "L2" }!
        #expect(l2.victims >= 18 && l2.victims <= 20 && f.ordersAfterContact > 0, "\(l2.victims)")
    }

    /// Without the explaining-away rounds the shop of leak 1 would be blamed too.
    @Test func explainingAwayIsTheStepThatClearsTheShop() {
        let (orders, victims) = Self.city()
        let f = LeakFinder.find(orders: orders, victims: victims)
        let shop = f.sources.first { $0.id == "shop-L1" }!
        let unconditional = BenjaminiHochberg.adjust(f.sources.map(\.pUnconditional))
        let i = f.sources.firstIndex { $0.id == "shop-L1" }!
        #expect(unconditional[i] < 0.05 && shop.pAdjusted >= 0.05)
    }

    /// Three users who were all victims: a tiny p-value, but too few to prove.
    @Test func threeOfThreeIsTooFew() {
        var orders: [OrderRecord] = []
        var victims: [LeakFinder.Victim] = []
        for i in 0..<400 {
            orders.append(OrderRecord(waybill: "w\(i)", time: Instant(seconds: Self.t0 + Int64(i) * 600), recipientName: nil,
                                      recipientPhone: Self.phone(i), address: nil, merchant: "m\(i % 7)", warehouse: i < 3 ? "tiny" : "big", courier: "c"))
        }
        for i in [0, 1, 2, 100, 200] { victims.append(.init(phone: Self.phone(i), firstContact: Instant(seconds: Self.t0 + 90 * 86_400))) }
        let f = LeakFinder.find(orders: orders, victims: victims)
        let tiny = f.sources.first { $0.id == "tiny" }!
        #expect(tiny.victims == 3 && tiny.population == 3)
        #expect(tiny.pAdjusted < 0.05 && tiny.confidence == .tooFew)
        #expect(tiny.explanation.contains("3 of 3 users were victims") && tiny.explanation.contains("too few"))
    }

    /// People who order all quarter from 40 warehouses; `leak`: warehouse "W" (used all quarter
    /// like the others) leaks for ten days, and 6 of the people it shipped to then become victims;
    /// 30 background victims everywhere. Seeded (linear congruential) so every run is the same.
    static func quarter(seed: UInt64, leak: Bool) -> (orders: [OrderRecord], victims: [LeakFinder.Victim]) {
        var rng = seed &* 2_862_933_555_777_941_757 &+ 3_037_000_493
        func next() -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int(rng >> 33) }
        var orders: [OrderRecord] = []
        var victims: [LeakFinder.Victim] = []
        var leaked: [Int] = []
        for person in 0..<2000 {
            for _ in 0..<(2 + next() % 3) {
                let day = next() % 90
                let wh = "wh-\(next() % 40)"
                orders.append(OrderRecord(waybill: "Q\(orders.count)", time: Instant(seconds: t0 + Int64(day) * 86_400 + 36_000), recipientName: nil,
                                          recipientPhone: phone(person), address: nil, merchant: "shop-\(next() % 60)", warehouse: wh, courier: "中通快递"))
                if leak && wh == "wh-7" && (30..<40).contains(day) { leaked.append(person) }
            }
        }
        for person in Set(leaked).sorted().prefix(6) {
            victims.append(.init(phone: phone(person), firstContact: Instant(seconds: t0 + 45 * 86_400)))
        }
        while victims.count < (leak ? 36 : 30) {
            let person = next() % 2000
            guard !victims.contains(where: { $0.phone == phone(person) }) else { continue }
            victims.append(.init(phone: phone(person), firstContact: Instant(seconds: t0 + Int64(20 + next() % 70) * 86_400)))
        }
        return (orders, victims)
    }

    /// A leak of ten days at a warehouse used all quarter is diluted in the all-period Fisher test
    /// (6 victims among its ~150 users); the windowed scan finds it, with its window.
    @Test func aLeakOfTenDaysAtABusySourceIsFoundByTheWindowedScan() {
        let (orders, victims) = Self.quarter(seed: 1, leak: true)
        let f = LeakFinder.find(orders: orders, victims: victims)
        let w = f.sources.first { $0.id == "wh-7" }!
        #expect(f.sources.first?.id == "wh-7")
        #expect(w.pScan < 0.01 && w.pFisherAdjusted > 0.05, "scan \(w.pScan) fisher \(w.pFisherAdjusted)")
        // The joint p of both tests is never worse than Bonferroni's over them.
        #expect(w.pAdjusted <= min(1, 2 * w.pScan) && w.confidence == .strong, "joint \(w.pAdjusted) scan \(w.pScan)")
        let d0 = (Self.t0 + Instant.beijingOffset) / 86_400
        // The window covers the leak's days 30–39 (measured 24…38: a background victim's order on
        // day 24 joins it), not the quarter.
        #expect(w.window.map { $0.firstDay <= d0 + 32 && $0.lastDay >= d0 + 37 && $0.lastDay - $0.firstDay <= 20 } == true,
                "\(w.window.map { ($0.firstDay - d0, $0.lastDay - d0, $0.cases, $0.exposures) }!)")
        #expect(f.sources.filter { $0.pAdjusted < 0.05 }.map(\.id) == ["wh-7"])
        // Fisher alone misses it.
        let fisher = LeakFinder.find(orders: orders, victims: victims, options: .init(replicates: 0))
        #expect(fisher.sources.first { $0.id == "wh-7" }!.pAdjusted > 0.05)
    }

    /// Family-wise error of the scan on cities without any leak: at α = 0.05 about one city in 20
    /// has any source below 0.05. Twenty seeded null cities: at most three (binomial tail < 2 %).
    @Test func theScanHoldsItsErrorRateWithoutALeak() {
        var flagged = 0, jointFlagged = 0
        for seed in 1...20 as ClosedRange<UInt64> {
            let (orders, victims) = Self.quarter(seed: seed &+ 100, leak: false)
            let f = LeakFinder.find(orders: orders, victims: victims, options: .init(replicates: 199, seed: seed))
            if f.sources.contains(where: { $0.pScan < 0.05 }) { flagged += 1 }
            if f.sources.contains(where: { $0.pAdjusted < 0.05 && $0.victims >= 5 }) { jointFlagged += 1 }
            #expect(f.sources.allSatisfy { $0.pScan >= 0.005 || $0.confidence != .notSignificant })
        }
        print("null cities with a source at scan p < 0.05: \(flagged) of 20; at joint p < 0.05: \(jointFlagged)")
        #expect(flagged <= 3)
        #expect(jointFlagged <= 3)
    }

    /// The same null cities with their 30 victims in three groups of linked cases: testing each
    /// group on its own victims must not flag sources by chance more often (Bonferroni over
    /// groups): at most three of twenty cities with any source below 0.05.
    @Test func groupsOfLinkedCasesHoldTheErrorRateWithoutALeak() {
        var flagged = 0
        for seed in 1...20 as ClosedRange<UInt64> {
            let (orders, victims) = Self.quarter(seed: seed &+ 100, leak: false)
            let groups = stride(from: 0, to: victims.count, by: 10).map { Array(victims[$0..<min($0 + 10, victims.count)]) }
            let f = LeakFinder.find(orders: orders, victims: victims, groups: groups, options: .init(replicates: 0))
            if f.sources.contains(where: { $0.pAdjusted < 0.05 && $0.victims >= 5 }) { flagged += 1 }
            #expect(f.sources.allSatisfy { $0.linked == nil || $0.linked!.pAdjusted >= 0.01 })
        }
        #expect(flagged <= 3, "\(flagged) of 20")
    }
}

@Suite struct MaskedRecipientsTests {
    static func order(_ name: String?, _ phone: String, _ address: String?) -> OrderRecord {
        OrderRecord(waybill: "w", time: Instant(seconds: 0), recipientName: name, recipientPhone: phone, address: address,
                    merchant: "m", warehouse: "w", courier: "c")
    }

    @Test func maskedPhonesAreTiedBackByNameAndAddressOnlyWhenOnePersonFits() {
        let orders = [
            Self.order("张伟", "13800001234", "江城市东湖区学院路1号"),
            Self.order("李明", "13900005678", "江城市西山区人民路2号"),
            Self.order("李明", "13911115678", "江城市西山区人民路2号"),
            Self.order("王芳", "13700009999", "江城市江南区湖滨路3号"),
            Self.order("张伟", "138****1234", "江城市东湖区学院路1号"),   // 4: same name and address → 13800001234
            Self.order("张*", "138****1234", "江城市东湖区学院路1号"),    // 5: masked name → 13800001234
            Self.order("李明", "139****5678", "江城市西山区人民路2号"),   // 6: two people fit → unresolved
            Self.order("王芳", "137****9999", "江城市新区4号"),            // 7: moved: the name alone → 13700009999
            Self.order("张伟", "138****0000", "江城市东湖区学院路1号"),   // 8: digits disagree → unresolved
            Self.order(nil, "138****1234", "江城市东湖区学院路1号"),       // 9: no name → unresolved
        ]
        let r = MaskedRecipients.resolve(orders)
        #expect(r == [nil, nil, nil, nil, "13800001234", "13800001234", nil, "13700009999", nil, nil])
        #expect(MaskedRecipients.isMaskedPhone("138****5678") && !MaskedRecipients.isMaskedPhone("13812345678"))
        #expect(!MaskedRecipients.isMaskedPhone("138****567"))
    }
}

/// Leaks per group of linked cases (`LeakFinder+LinkedCases`).
@Suite struct LinkedLeakTests {
    /// 6,000 people, a quarter of them victims of many groups. Warehouse L3 ships to 600 people all
    /// quarter; one group's 24 victims all got parcels from it. Among all victims L3 is barely
    /// over-represented (diluted by the other groups' victims); among the group's victims it is
    /// 24 of 24 where 2.4 are expected. Shop "shop-L3" ships only through L3.
    static func city() -> (orders: [OrderRecord], victims: [LeakFinder.Victim], group: [LeakFinder.Victim]) {
        var orders: [OrderRecord] = []
        var rng: UInt64 = 99
        func next() -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int(rng >> 33) }
        func order(_ person: Int, day: Int, shop: String, wh: String) {
            orders.append(OrderRecord(waybill: "W\(orders.count)", time: Instant(seconds: LeakFinderTests.t0 + Int64(day) * 86_400 + 36_000),
                                      recipientName: nil, recipientPhone: LeakFinderTests.phone(person), address: nil, merchant: shop,
                                      warehouse: wh, courier: "中通快递"))
        }
        for person in 0..<6000 {
            for _ in 0..<(2 + next() % 3) { order(person, day: next() % 90, shop: "shop-\(next() % 40)", wh: "wh-\(next() % 10)") }
            if person % 10 == 3 { order(person, day: next() % 90, shop: person % 30 == 3 ? "shop-L3" : "shop-\(next() % 40)", wh: "L3") }
        }
        let contact = Instant(seconds: LeakFinderTests.t0 + 95 * 86_400)
        let group = stride(from: 3, to: 6000, by: 250).map { LeakFinder.Victim(phone: LeakFinderTests.phone($0), firstContact: contact) }
        let others = (0..<6000).filter { $0 % 250 != 3 && next() % 4 == 0 }.map { LeakFinder.Victim(phone: LeakFinderTests.phone($0), firstContact: contact) }
        return (orders, group + others, group)
    }

    @Test func aLeakFeedingOneGroupIsFoundAmongThatGroupsVictims() {
        let (orders, victims, group) = Self.city()
        let options = LeakFinder.Options(replicates: 0)
        let alone = LeakFinder.find(orders: orders, victims: victims, options: options)
        let diluted = alone.sources.first { $0.id == "L3" }!
        #expect(diluted.pAdjusted >= 0.05 && diluted.lift < 1.3, "\(diluted.pAdjusted) \(diluted.lift)")
        #expect(diluted.linked == nil)

        let f = LeakFinder.find(orders: orders, victims: victims, groups: [group, Array(victims.suffix(40))], options: options)
        let l3 = f.sources.first!
        #expect(l3.id == "L3" && l3.confidence == .strong && l3.pAdjusted < 1e-10, "\(f.sources.prefix(3).map { "\($0.id) \($0.pAdjusted)" })")
        #expect(l3.linked.map { $0.victims == 24 && $0.groupVictims == 24 && $0.expected < 3 } == true, "\(String(describing: l3.linked))")
        #expect(l3.explanation.hasSuffix("24 of the 24 victims of one group of linked cases used it (2.4 expected)"), "\(l3.explanation)")
        // Only L3: the shop shipping through it is explained away within the group too.
        #expect(f.sources.filter { $0.pAdjusted < 0.05 }.map(\.id) == ["L3"], "\(f.sources.prefix(4).map { "\($0.id) \($0.pAdjusted)" })")
        // Without groups of linked cases the result is the all-victims one.
        #expect(LeakFinder.find(orders: orders, victims: victims, groups: [], options: options).sources == alone.sources)
    }
}
