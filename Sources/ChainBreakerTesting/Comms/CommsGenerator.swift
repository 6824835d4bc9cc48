#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls, SMS, APP installations and site visits, one day at a time: residents calling friends
/// and family, service numbers, couriers calling recipients before a delivery, telemarketers,
/// GOIP numbers of the groups calling leaked targets and random residents, drainage workers'
/// SMS blasts, the contacts that led to each victim's loss and the at-risk contacts.
/// Writes calls.csv (only calls that involve a queried number) as it goes.
/// O(calls of the day) per day; the fraud contacts are planned once, O(F log F).
struct CommsGenerator {
    let w: World
    var rng: SeededGenerator
    var fraudComms: [CommEvent] = []
    var fraudIndex = 0
    var deliveries: [[(person: Int32, company: Int32)]]
    var couriersByCompany: [String: [String]] = [:]
    let windowStart: Int64
    var seq: UInt32 = 0
    let queried: Set<String>
    let eightySix: Bool
    var callsTotal = 0
    var callsWritten = 0
    var callsSink: ByteSink?

    init(world: World, fraud fw: FraudWorld, planner: VictimPlanner, orders: OrderBook, rng: SeededGenerator, windowStart: Int64,
         queried: Set<String>, eightySix: Bool, callsSink: ByteSink?) {
        w = world
        var rng = rng
        self.rng = rng
        self.windowStart = windowStart
        self.queried = queried
        self.eightySix = eightySix
        self.callsSink = callsSink
        deliveries = Array(repeating: [], count: world.days + 4)
        var r = rng.fork("deliveries")
        for o in orders.orders {
            let day = Int((o.time - world.start) / 86_400) + r.int(1...3)
            if day < deliveries.count && r.chance(0.7) { deliveries[day].append((o.person, o.courier)) }
        }
        for c in world.couriers { couriersByCompany[c.company, default: []].append(c.phone) }
        var fr = rng.fork("fraud-comms")
        fraudComms = CommsGenerator.planFraud(world: world, fraud: fw, planner: planner, orders: orders, rng: &fr)
        self.rng = rng.fork("normal-comms")
    }

    // MARK: fraud contacts (planned once)

    static func planFraud(world w: World, fraud fw: FraudWorld, planner: VictimPlanner, orders: OrderBook, rng: inout SeededGenerator) -> [CommEvent] {
        var out: [CommEvent] = []
        let scale = max(0.3, Double(w.citizens.count) / 2000.0)
        func call(_ t: Int64, _ a: String, _ b: String, _ d: Int) { out.append(CommEvent(time: t, kind: .call, a: a, b: b, duration: Int32(d))) }
        func sms(_ t: Int64, _ a: String, _ b: String) { out.append(CommEvent(time: t, kind: .sms, a: a, b: b)) }
        func daytime(_ dayStart: Int64, _ rng: inout SeededGenerator) -> Int64 { dayStart + 9 * 3600 + rng.int64(0...(12 * 3600 - 1)) }
        for g in fw.gangs {
            let exposed = g.leak >= 0 ? orders.leaks[g.leak].exposed : []
            let leakStart = g.leak >= 0 ? orders.leaks[g.leak].start : 0
            // GOIP mass calling.
            for goip in g.goip {
                var day = max(w.start, goip.from - (goip.from - w.start) % 86_400)
                while day < min(goip.to, w.end) {
                    let n = Int(Double(rng.int(15...35)) * scale)
                    for _ in 0..<n {
                        let target: Int32
                        if !exposed.isEmpty && day >= leakStart && rng.chance(0.6) { target = rng.pick(exposed) } else { target = rng.pick(w.citizens) }
                        let t = daytime(day, &rng)
                        if t >= w.end { continue }
                        let phone = w.persons[Int(target)].phone
                        if rng.chance(0.15) { sms(t, goip.phone, phone) }
                        else { call(t, goip.phone, phone, rng.chance(0.5) ? 0 : rng.int(3...75)) }
                    }
                    day += 86_400
                }
            }
            // Drainage SMS blasts and short calls.
            for d in g.drainage {
                var day = g.start - (g.start - w.start) % 86_400
                while day < w.end {
                    if rng.chance(0.7) {
                        for _ in 0..<Int(Double(rng.int(10...30)) * scale) {
                            let target = rng.pick(w.citizens)
                            let t = daytime(day, &rng)
                            if rng.chance(0.8) { sms(t, d.phone, w.persons[Int(target)].phone) }
                            else { call(t, d.phone, w.persons[Int(target)].phone, rng.chance(0.4) ? 0 : rng.int(5...50)) }
                        }
                    }
                    day += 86_400
                }
            }
        }
        // The victims.
        for v in planner.victims {
            let phone = w.persons[Int(v.person)].phone
            if let caller = v.phones.first {
                switch v.channel {
                case .phone:
                    call(v.firstContact, caller, phone, rng.int(300...2_400))
                    for p in v.payments {
                        let pt = planner.payments[p].time
                        if rng.chance(0.5) { call(pt - Int64(rng.int(300...1_800)), caller, phone, rng.int(60...900)) }
                    }
                case .sms:
                    sms(v.firstContact, caller, phone)
                    if rng.chance(0.5) { call(v.firstContact + Int64(rng.int(600...7_200)), caller, phone, rng.int(60...600)) }
                default:
                    // A drainage worker reached them first.
                    let t = v.firstContact - Int64(rng.int(3_600...3 * 86_400))
                    if t > w.start { if rng.chance(0.6) { sms(t, caller, phone) } else { call(t, caller, phone, rng.int(10...120)) } }
                }
            }
            for a in v.apps + v.tools { out.append(CommEvent(time: v.engageTime + Int64(rng.int(60...1_800)), kind: .appInstall, a: phone, b: a)) }
            for u in v.urls { out.append(CommEvent(time: v.engageTime + Int64(rng.int(30...900)), kind: .urlVisit, a: phone, b: u)) }
        }
        for a in planner.atRisk {
            let phone = w.persons[Int(a.person)].phone
            if let caller = a.phones.first {
                if a.channel == .sms { sms(a.firstContact, caller, phone) } else { call(a.firstContact, caller, phone, rng.int(120...1_500)) }
            }
            if let app = a.app { out.append(CommEvent(time: a.engageTime, kind: .appInstall, a: phone, b: app)) }
            if let url = a.url { out.append(CommEvent(time: a.engageTime + Int64(rng.int(10...300)), kind: .urlVisit, a: phone, b: url)) }
        }
        out = out.filter { $0.time >= w.start && $0.time < w.end }
        for i in out.indices { out[i].seq = UInt32(i) }
        out.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        return out
    }

    // MARK: one day

    mutating func day(_ d: Int) throws -> [CommEvent] {
        let dayStart = w.start + Int64(d) * 86_400
        var out: [CommEvent] = []
        func add(_ e: CommEvent) { var x = e; x.seq = seq; seq &+= 1; out.append(x) }
        for c in w.citizens {
            let p = w.persons[Int(c)]
            for _ in 0..<rng.poisson(0.32 * p.activity.squareRoot()) {
                let to: String
                if !p.friends.isEmpty && rng.chance(0.88) { to = w.persons[Int(rng.pick(p.friends))].phone }
                else { to = w.persons[Int(rng.pick(w.citizens))].phone }
                if to == p.phone { continue }
                let t = dayStart + 7 * 3600 + rng.int64(0...(16 * 3600 - 1))
                if rng.chance(0.14) { add(CommEvent(time: t, kind: .sms, a: p.phone, b: to)) }
                else { add(CommEvent(time: t, kind: .call, a: p.phone, b: to, duration: rng.chance(0.12) ? 0 : Int32(min(3_600, rng.logNormal(mu: log(70), sigma: 1.0))))) }
            }
            if rng.chance(0.004) {
                add(CommEvent(time: dayStart + 9 * 3600 + rng.int64(0...(9 * 3600)), kind: .call, a: rng.pick(w.serviceNumbers), b: p.phone, duration: Int32(rng.int(15...300))))
            }
        }
        // People outside the city call their friends here.
        for e in w.externals where rng.chance(0.05) {
            let p = w.persons[Int(e)]
            guard let f = p.friends.first else { continue }
            add(CommEvent(time: dayStart + 8 * 3600 + rng.int64(0...(14 * 3600)), kind: .call, a: p.phone, b: w.persons[Int(f)].phone, duration: Int32(rng.int(20...900))))
        }
        // Couriers call before delivering.
        if d < deliveries.count {
            for (person, company) in deliveries[d] {
                let name = OrderBook.courierCompanies[Int(company)]
                let phones = couriersByCompany[name] ?? w.couriers.map { $0.phone }
                guard !phones.isEmpty else { continue }
                let courier = phones[Int(SplitMix64.mix(UInt64(person)) % UInt64(phones.count))]
                let t = dayStart + 9 * 3600 + rng.int64(0...(9 * 3600))
                if rng.chance(0.25) { add(CommEvent(time: t, kind: .sms, a: courier, b: w.persons[Int(person)].phone)) }
                else { add(CommEvent(time: t, kind: .call, a: courier, b: w.persons[Int(person)].phone, duration: rng.chance(0.15) ? 0 : Int32(rng.int(8...70)))) }
            }
        }
        // Telemarketers.
        for tm in w.telemarketers {
            for _ in 0..<rng.int(20...45) {
                let t = dayStart + 9 * 3600 + rng.int64(0...(9 * 3600))
                add(CommEvent(time: t, kind: .call, a: tm, b: w.persons[Int(rng.pick(w.citizens))].phone, duration: rng.chance(0.4) ? 0 : Int32(rng.int(3...45))))
            }
        }
        // App installs and site visits (only the event window needs them).
        if dayStart + 86_400 > windowStart {
            for c in w.citizens {
                let phone = w.persons[Int(c)].phone
                if rng.chance(0.03) { add(CommEvent(time: dayStart + rng.int64(7 * 3600...(24 * 3600 - 1)), kind: .appInstall, a: phone, b: rng.pick(NameBank.normalApps))) }
                if rng.chance(0.06) { add(CommEvent(time: dayStart + rng.int64(7 * 3600...(24 * 3600 - 1)), kind: .urlVisit, a: phone, b: rng.pick(NameBank.normalURLs))) }
            }
        }
        // Planned fraud contacts of the day.
        while fraudIndex < fraudComms.count && fraudComms[fraudIndex].time < dayStart + 86_400 {
            add(fraudComms[fraudIndex])
            fraudIndex += 1
        }
        out.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        try writeCalls(out)
        return out
    }

    /// calls.csv: calls and SMS in which a queried number takes part.
    mutating func writeCalls(_ events: [CommEvent]) throws {
        for e in events where e.kind == .call || e.kind == .sms {
            callsTotal += 1
            guard let sink = callsSink, queried.contains(e.a) || queried.contains(e.b) else { continue }
            callsWritten += 1
            if eightySix && e.a.utf8.count == 11 && SplitMix64.mix(UInt64(e.a.hashValueStable)) % 10 < 3 { sink.text("86") }
            sink.text(e.a); sink.comma()
            sink.text(e.b); sink.comma()
            sink.text(e.kind == .call ? "语音" : "短信"); sink.comma()
            ByteFormat.appendDash(e.time, &sink.buffer); sink.comma()
            ByteFormat.appendInt(Int64(e.duration), &sink.buffer)
            try sink.endLine()
        }
    }
}

extension String {
    /// A hash that is stable across processes (FNV-1a), unlike `hashValue`.
    var hashValueStable: Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h >> 1)
    }
}
