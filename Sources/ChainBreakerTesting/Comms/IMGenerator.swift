import ChainBreakerCore

/// QQ / WeChat registration data (im_accounts.csv) and unblock events (im_unblocks.csv):
/// a background sample of residents' accounts (some children's accounts legitimately bound to
/// a parent's phone), the accounts under review (the groups' bulk accounts on a few pool phones,
/// drainage workers, helpers), and unblocks — bulk accounts vouched for by the same helper QQs
/// again and again, ordinary users by a few friends. O(accounts + unblocks).
struct IMGenerator {
    struct Registration { var platform: String; var account: String; var phone: String; var time: Int64; var ip: String }
    struct Unblock { var platform: String; var account: String; var time: Int64; var method: String; var helpers: [String] }

    var registrations: [Registration] = []
    var unblocks: [Unblock] = []

    mutating func build(world w: inout World, fraud fw: FraudWorld, planner: VictimPlanner, rng: inout SeededGenerator) {
        func ipString() -> String { "\(rng.pick(IdentifierFactory.ipFirstOctets)).\(rng.below(256)).\(rng.below(256)).\(rng.int(1...254))" }
        func past(_ fromYear: Int, _ toYear: Int) -> Int64 {
            let y0 = Instant.daysFromCivil(year: fromYear, month: 1, day: 1) * 86_400 - 8 * 3600
            let y1 = Instant.daysFromCivil(year: toYear, month: 12, day: 31) * 86_400 - 8 * 3600
            return min(w.start - 86_400, y0 + rng.int64(0...(y1 - y0)))
        }
        var seen = Set<String>()
        func add(_ r: Registration) { if seen.insert(r.platform + r.account).inserted { registrations.append(r) } }
        let victimsSet = Set(planner.victims.map { $0.person })
        for c in w.citizens {
            let p = w.persons[Int(c)]
            let sample = victimsSet.contains(c) ? 0.6 : 0.22
            if let q = p.qq, rng.chance(sample) {
                let older = q.utf8.count <= 8
                add(Registration(platform: "QQ", account: q, phone: p.phone, time: older ? past(2000, 2010) : past(2008, 2020), ip: ipString()))
            }
            if let x = p.wechat, rng.chance(sample) {
                add(Registration(platform: "微信", account: x, phone: p.phone, time: past(2012, 2020), ip: ipString()))
            }
            // Children's accounts bound to a parent's number.
            let age = p.age(atYear: w.startYear)
            if age >= 35 && age <= 55 && rng.chance(0.04) {
                for _ in 0..<rng.int(1...2) {
                    add(Registration(platform: "QQ", account: w.ids.qq(length: rng.int(9...10)), phone: p.phone, time: past(2014, 2020), ip: ipString()))
                }
            }
        }
        // Persons of interest.
        for g in fw.gangs {
            for d in g.drainage {
                for q in d.qq { add(Registration(platform: "QQ", account: q, phone: d.phone, time: past(2012, 2020), ip: ipString())) }
            }
        }
        for h in fw.helpers {
            let phone = h.person >= 0 ? w.persons[Int(h.person)].phone : w.ids.phone()
            add(Registration(platform: "QQ", account: h.qq, phone: phone, time: past(2006, 2019), ip: ipString()))
        }
        // Bulk accounts.
        for pool in fw.bulkPools {
            for a in pool.accounts {
                add(Registration(platform: a.platform, account: a.id, phone: a.phone, time: max(w.start - 120 * 86_400, a.regTime), ip: rng.pick(pool.regIPs)))
            }
        }
        registrations.sort { ($0.time, $0.account) < ($1.time, $1.account) }

        // Unblocks of bulk accounts.
        for g in fw.gangs {
            let pool = fw.bulkPools[g.bulkPool]
            let contacts = Set(g.contactQQ + g.contactWechat)
            for a in pool.accounts where a.gang == g.index {
                let p = contacts.contains(a.id) ? 0.55 : 0.15
                guard rng.chance(p) else { continue }
                var t = max(g.start, a.regTime) + Int64(rng.int(3_600...20 * 86_400))
                for _ in 0..<rng.int(1...3) {
                    guard t < w.end else { break }
                    if a.platform == "QQ" {
                        if rng.chance(0.92) {
                            var helpers = rng.sample(g.helperQQ, rng.int(3...5))
                            if rng.chance(0.15), let other = fw.helpers.randomElementStable(&rng) { if !helpers.contains(other.qq) { helpers.append(other.qq) } }
                            unblocks.append(Unblock(platform: "QQ", account: a.id, time: t, method: "好友辅助验证", helpers: helpers))
                        } else {
                            unblocks.append(Unblock(platform: "QQ", account: a.id, time: t, method: "短信验证", helpers: []))
                        }
                    } else {
                        unblocks.append(Unblock(platform: "微信", account: a.id, time: t, method: rng.chance(0.7) ? "人工申诉" : "短信验证", helpers: []))
                    }
                    t += Int64(rng.int(2...15)) * 86_400
                }
            }
        }
        // Ordinary users.
        for c in w.citizens where rng.chance(0.015) {
            let p = w.persons[Int(c)]
            let t = w.start + rng.int64(0...(Int64(w.days) * 86_400 - 1))
            if let q = p.qq {
                let friendsQQ = p.friends.compactMap { w.persons[Int($0)].qq }
                if friendsQQ.count >= 2 && rng.chance(0.6) {
                    unblocks.append(Unblock(platform: "QQ", account: q, time: t, method: "好友辅助验证", helpers: rng.sample(friendsQQ, min(friendsQQ.count, rng.int(2...3)))))
                } else {
                    unblocks.append(Unblock(platform: "QQ", account: q, time: t, method: "短信验证", helpers: []))
                }
            } else if let x = p.wechat {
                unblocks.append(Unblock(platform: "微信", account: x, time: t, method: rng.chance(0.5) ? "人工申诉" : "短信验证", helpers: []))
            }
        }
        unblocks.sort { ($0.time, $0.account) < ($1.time, $1.account) }
    }

    func write(to dir: String) throws -> (accounts: Int, unblocks: Int) {
        let a = try ByteSink(path: dir + "/im_accounts.csv")
        try a.record(["平台", "账号", "绑定手机号", "注册时间", "注册IP"])
        for r in registrations { try a.record([r.platform, r.account, r.phone, ByteFormat.dash(r.time), r.ip]) }
        try a.close()
        let u = try ByteSink(path: dir + "/im_unblocks.csv")
        try u.record(["平台", "被解封账号", "解封时间", "解封方式", "辅助账号"])
        for r in unblocks { try u.record([r.platform, r.account, ByteFormat.dash(r.time), r.method, r.helpers.joined(separator: ";")]) }
        try u.close()
        return (registrations.count, unblocks.count)
    }
}

extension Array {
    func randomElementStable(_ rng: inout SeededGenerator) -> Element? { isEmpty ? nil : self[rng.below(count)] }
}
