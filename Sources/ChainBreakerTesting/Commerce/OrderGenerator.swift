/// One e-commerce order shipped to a resident (orders.csv).
struct Order {
    var time: Int64
    var person: Int32
    var shop: Int32           // index into `OrderBook.shops`
    var warehouse: Int32      // index into `OrderBook.warehouses`
    var courier: Int32        // index into World.couriers company list (company name index)
    var waybill: String
    var maskedName: Bool
    var maskedPhone: Bool
    var companyAddress: Bool
}

/// A data leak: customers of a warehouse or shop during a window become fraud targets.
struct Leak {
    enum Kind: String { case warehouse, merchant }
    var kind: Kind
    var source: Int32         // warehouse or shop index
    var start: Int64, end: Int64
    var gang: Int
    var exposed: [Int32] = [] // persons, sorted by first matching order time
    var exposedFirstOrder: [Int32: Int64] = [:]
}

/// Shops, warehouses and every order of the period. The most popular warehouse is a decoy that
/// ships a large share of all parcels and is never leaked; leaked sources are small ones.
/// O(orders) time and memory (orders do not scale with `targetTransfers`).
struct OrderBook {
    var shops: [String] = []
    var shopWarehouses: [[Int32]] = []
    var shopWeights = WeightedTable([])
    var warehouses: [String] = []
    var warehouseCouriers: [[Int]] = []      // company indices
    var decoyWarehouse: Int32 = 0
    var orders: [Order] = []
    var leaks: [Leak] = []

    static let courierCompanies = ["顺丰速运", "中通快递", "圆通速递", "申通快递", "韵达快递", "极兔速递", "京东物流", "邮政EMS"]

    /// Builds shops, warehouses and orders.
    mutating func build(world w: World, rng: inout SeededGenerator, noise: Double) {
        // Warehouses.
        warehouses = ["华东智慧物流中心云仓"]
        var seen = Set(warehouses)
        while warehouses.count < 16 {
            let n = rng.pick(NameBank.warehouseCities) + rng.pick(NameBank.warehouseKinds) + "\(rng.int(1...9))号仓"
            if seen.insert(n).inserted { warehouses.append(n) }
        }
        decoyWarehouse = 0
        for i in 0..<warehouses.count {
            let a = rng.below(OrderBook.courierCompanies.count)
            var b = rng.below(OrderBook.courierCompanies.count)
            if b == a { b = (a + 1) % OrderBook.courierCompanies.count }
            warehouseCouriers.append(i == 0 ? [1, 5, 3, 2] : [a, b])
        }
        // Shops.
        var shopSeen = Set<String>()
        var weights: [Double] = []
        while shops.count < 160 {
            let n = rng.pick(NameBank.platforms) + "-" + rng.pick(NameBank.brandWords) + rng.pick(NameBank.categories) + rng.pick(NameBank.shopSuffixes)
            guard shopSeen.insert(n).inserted else { continue }
            shops.append(n)
            var ws: [Int32] = []
            let own = Int32(1 + rng.below(warehouses.count - 1))
            ws.append(own)
            // Most shops also ship part of their parcels from the big regional warehouse (the decoy).
            if rng.chance(0.75) { for _ in 0..<rng.int(1...3) { ws.append(0) } }
            if rng.chance(0.25) { ws.append(Int32(1 + rng.below(warehouses.count - 1))) }
            shopWarehouses.append(ws)
            weights.append(rng.logNormal(mu: 0, sigma: 0.7))
        }
        shopWeights = WeightedTable(weights)

        // Orders.
        let period = Int64(w.days) * 86_400
        for c in w.citizens {
            let p = w.persons[Int(c)]
            let age = p.age(atYear: w.startYear)
            let base = age > 70 ? 1.0 : (age < 40 ? 3.6 : 2.6)
            let n = rng.poisson(base * p.activity.squareRoot())
            for _ in 0..<n {
                var t = w.start + rng.int64(0...(period - 1))
                // Daytime and evening orders.
                let sod = (t + 8 * 3600) % 86_400
                if sod < 7 * 3600 && rng.chance(0.8) { t += Int64(rng.int(7...12)) * 3600 }
                if t >= w.end { t = w.end - Int64(rng.int(600...7200)) }
                let shop = Int32(shopWeights.draw(&rng))
                let ws = shopWarehouses[Int(shop)]
                let wh = ws[rng.below(ws.count)]
                let cs = warehouseCouriers[Int(wh)]
                let courier = cs[rng.below(cs.count)]
                let platform = shops[Int(shop)].split(separator: "-").first.map(String.init) ?? ""
                let masking = (platform == "拼多多" || platform == "抖音" || platform == "快手") ? noise * 1.2 : noise * 0.15
                orders.append(Order(time: t, person: c, shop: shop, warehouse: wh, courier: Int32(courier),
                                    waybill: waybill(company: courier, rng: &rng),
                                    maskedName: rng.chance(masking), maskedPhone: rng.chance(masking * 0.9),
                                    companyAddress: p.employer >= 0 && rng.chance(0.12)))
            }
        }
        orders.sort { $0.time != $1.time ? $0.time < $1.time : $0.waybill < $1.waybill }
    }

    func waybill(company: Int, rng: inout SeededGenerator) -> String {
        func d(_ n: Int) -> String {
            var s = ""
            for i in 0..<n { s.append(Character(Unicode.Scalar(UInt8(0x30 + (i == 0 ? rng.int(1...9) : rng.below(10)))))) }
            return s
        }
        switch OrderBook.courierCompanies[company] {
        case "顺丰速运": return "SF" + d(13)
        case "圆通速递": return "YT" + d(13)
        case "极兔速递": return "JT" + d(13)
        case "京东物流": return "JD" + d(13)
        case "中通快递": return "75" + d(10)
        case "申通快递": return "77" + d(11)
        case "韵达快递": return "43" + d(11)
        default: return "98" + d(11)
        }
    }

    /// Picks a leak source for a gang: a small warehouse (never the decoy) or a shop, with a
    /// window of 10–25 days, and collects the residents exposed by it. O(orders).
    mutating func addLeak(gang: Int, world w: World, rng: inout SeededGenerator, gangStart: Int64) -> Int {
        let used = Set(leaks.map { "\($0.kind.rawValue)#\($0.source)" })
        let kind: Leak.Kind = rng.chance(0.7) ? .warehouse : .merchant
        // Count orders per source to pick a small-but-not-tiny one.
        var counts = [Int](repeating: 0, count: kind == .warehouse ? warehouses.count : shops.count)
        for o in orders { counts[Int(kind == .warehouse ? o.warehouse : o.shop)] += 1 }
        let total = max(1, orders.count)
        var candidates: [Int] = []
        for (i, c) in counts.enumerated() {
            if kind == .warehouse && i == Int(decoyWarehouse) { continue }
            if used.contains("\(kind.rawValue)#\(i)") { continue }
            let share = Double(c) / Double(total)
            if kind == .warehouse ? (share > 0.015 && share < 0.09) : (share > 0.004 && share < 0.03) { candidates.append(i) }
        }
        if candidates.isEmpty {
            candidates = counts.indices.filter { !(kind == .warehouse && $0 == Int(decoyWarehouse)) && counts[$0] > 0 && !used.contains("\(kind.rawValue)#\($0)") }
        }
        let source = Int32(candidates.isEmpty ? 1 : rng.pick(candidates))
        let span = Int64(w.days) * 86_400
        // The window opens somewhere in the first half of the period (never before the group starts working).
        var s = max(gangStart - Int64(rng.int(1...6)) * 86_400, w.start + Int64(rng.uniform(0, 0.5) * Double(span)))
        s -= (s - w.start) % 86_400
        let len = Int64(rng.int(12...25)) * 86_400
        var leak = Leak(kind: kind, source: source, start: s, end: min(w.end, s + len), gang: gang)
        for o in orders where o.time >= leak.start && o.time < leak.end {
            let match = kind == .warehouse ? o.warehouse == source : o.shop == source
            if match && leak.exposedFirstOrder[o.person] == nil {
                leak.exposedFirstOrder[o.person] = o.time
                leak.exposed.append(o.person)
            }
        }
        leaks.append(leak)
        return leaks.count - 1
    }

    func sourceName(_ l: Leak) -> String { l.kind == .warehouse ? warehouses[Int(l.source)] : shops[Int(l.source)] }

    /// Share of all orders shipped from the decoy warehouse.
    var decoyShare: Double {
        orders.isEmpty ? 0 : Double(orders.filter { $0.warehouse == decoyWarehouse }.count) / Double(orders.count)
    }
}
