import ChainBreakerCore
import ChainBreakerSQLite
import Foundation

extension Bench {
    /// Leak finding. With a database: loading orders and cases, and `LeakFinder` over them. Without:
    /// a synthetic table of `orders` orders (one recipient per 3.3 orders, 16 warehouses with a
    /// popular one, 160 shops, 8 couriers, two leaking sources, 1 % of recipients victims, 5 %
    /// masked phones), generated with a fixed seed; generation is not timed.
    public static func leaks(db: String?, orders count: Int, reps: Int) throws -> [Figure] {
        var out: [Figure] = []
        if let db {
            let store = try SQLiteStore(path: db)
            var orders: [OrderRecord] = [], cases: [CaseReport] = []
            out.append(figure("load orders and cases (\(db))", reps: reps) {
                orders = try! store.loadOrders(); cases = try! store.loadCases(); return orders.count
            })
            let victims = LeakJob.victims(cases: cases)
            var f: LeakFindings?
            out.append(figure("LeakFinder over \(orders.count) orders, \(victims.count) victims", reps: reps) {
                f = LeakFinder.find(orders: orders, victims: victims); return orders.count
            })
            out[out.count - 1].note = note(f!)
            return out
        }
        let (orders, victims) = syntheticOrders(count)
        var f: LeakFindings?
        out.append(figure("LeakFinder over \(orders.count) synthetic orders, \(victims.count) victims", reps: reps) {
            f = LeakFinder.find(orders: orders, victims: victims); return orders.count
        })
        out[out.count - 1].note = note(f!)
        return out
    }

    static func note(_ f: LeakFindings) -> String {
        let flagged = f.sources.filter { $0.pAdjusted < 0.05 }
        return "\(f.recipients) recipients, \(f.tested) sources tested; flagged: " + flagged.map { "\($0.kind.rawValue) \($0.id) \($0.victims)/\($0.population)" }.joined(separator: ", ")
    }

    static func syntheticOrders(_ n: Int) -> ([OrderRecord], [LeakFinder.Victim]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ m: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(m)) }
        let persons = max(10, n * 10 / 33)
        let t0 = Instant(year: 2021, month: 4, day: 1)!.seconds
        let couriers = ["顺丰速运", "中通快递", "圆通速递", "申通快递", "韵达快递", "极兔速递", "京东物流", "邮政EMS"]
        var orders: [OrderRecord] = []
        orders.reserveCapacity(n)
        var leakCustomers: [Int: Int64] = [:]
        for i in 0..<n {
            let p = next(persons)
            let day = next(91)
            let wh = next(10) < 5 ? 0 : 1 + next(15)
            let shop = next(160)
            let phone = "13" + String(100_000_000 + p)
            let masked = next(20) == 0
            let t = t0 + Int64(day) * 86_400 + Int64(next(43_200)) + 28_800
            if !masked && ((wh == 7 && (20..<35).contains(day)) || (shop == 42 && (50..<65).contains(day))) && leakCustomers[p] == nil {
                leakCustomers[p] = t
            }
            orders.append(OrderRecord(waybill: "B\(i)", time: Instant(seconds: t), recipientName: nil,
                                      recipientPhone: masked ? String(phone.prefix(3)) + "****" + String(phone.suffix(4)) : phone,
                                      address: nil, merchant: "shop-\(shop)", warehouse: "warehouse-\(wh)", courier: couriers[next(8)]))
        }
        var victims: [LeakFinder.Victim] = []
        for (p, t) in leakCustomers.sorted(by: { $0.key < $1.key }) where next(100) < 8 {
            victims.append(.init(phone: "13" + String(100_000_000 + p), firstContact: Instant(seconds: t + 3 * 86_400)))
        }
        for _ in 0..<(persons / 100) {
            victims.append(.init(phone: "13" + String(100_000_000 + next(persons)), firstContact: Instant(seconds: t0 + Int64(next(91)) * 86_400)))
        }
        return (orders, victims)
    }
}
