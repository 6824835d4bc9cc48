import ChainBreakerCore

/// Reported cases (警情): one per victim who reported before the end of the period, numbered
/// per month in report order, with the CSV columns (in their spelling variants, sometimes
/// incomplete or with an empty or wrong 案件类别) and the true values for truth/cases.json.
/// O(victims × payments).
struct CaseBook {
    struct Record {
        var number: String
        var victim: Int
        var reportTime: Int64
        var firstLoss: Int64
        var loss: Int64
        var rebates: Int64
        var typeColumn: String
        var narrative: String
        var channelColumn: String
        var columns: [String]        // 嫌疑人电话 … 收款账号 (7 values)
        var payers: [Int32]
        var payees: [Int32]
        var paymentIDs: [Int]
    }

    var records: [Record] = []
    var fineChannels = false

    static let header = ["案件编号", "报案时间", "案发时间", "受害人姓名", "受害人证件号码", "受害人手机号", "受害人性别", "受害人年龄", "案件类别",
                         "简要案情", "损失金额", "接触渠道", "嫌疑人电话", "嫌疑人QQ", "嫌疑人微信", "嫌疑网址", "嫌疑APP", "受害人付款账号", "收款账号"]

    static func channelName(_ c: FraudProfile.Contact) -> String {
        switch c { case .phone: "phone"; case .sms: "sms"; case .qq: "qq"; case .wechat: "wechat"; case .dating: "dating"; case .web: "web" }
    }

    mutating func build(world w: World, fraud fw: FraudWorld, planner: inout VictimPlanner, noise: Double, rng: inout SeededGenerator) {
        fineChannels = rng.chance(0.4)
        let narrator = NarrativeBuilder(w: w, noise: noise)
        let reported = planner.victims.indices.filter { planner.victims[$0].reportTime != nil }
            .sorted { (planner.victims[$0].reportTime!, $0) < (planner.victims[$1].reportTime!, $1) }
        var perMonth: [Int: Int] = [:]
        for vi in reported {
            let v = planner.victims[vi]
            let gang = fw.gangs[v.gang]
            let rt = v.reportTime!
            let c = ByteFormat.civil(rt)
            perMonth[c.y * 100 + c.mo, default: 0] += 1
            let station = 10 + Int(SplitMix64.mix(UInt64(vi) ^ 0xA5) % 50)
            let number = "A3399\(station)5100002\(c.y)\(c.mo < 10 ? "0" : "")\(c.mo)" + pad(perMonth[c.y * 100 + c.mo]!, 4)
            let pays = v.payments.map { planner.payments[$0] }.filter { $0.time < rt }
            guard !pays.isEmpty else { continue }
            let loss = pays.reduce(Int64(0)) { $0 + $1.amount }
            let rebates = v.rebates.filter { $0.time < rt }.reduce(Int64(0)) { $0 + $1.amount }
            // Narrative payment groups: per method and receiving account, in order of first use.
            var groups: [NarrativeBuilder.Payment] = []
            for p in pays {
                if let k = groups.firstIndex(where: { $0.method == p.method && $0.payee == p.payee }) {
                    groups[k].amount += p.amount; groups[k].count += 1
                } else {
                    groups.append(NarrativeBuilder.Payment(method: p.method, payee: p.payee, amount: p.amount, count: 1))
                }
            }
            let text = narrator.build(victim: v, payments: groups, total: loss, rebates: rebates, type: gang.profile.type, rng: &rng)
            var type = gang.profile.type
            let r = rng.unit()
            if r < noise * 0.12 { type = "" } else if r < noise * 0.25 { type = rng.pick(FraudProfile.all.map { $0.type }.filter { $0 != gang.profile.type }) }
            let channel: String
            switch v.channel {
            case .phone: channel = "电话"
            case .sms: channel = "短信"
            case .qq: channel = fineChannels ? "QQ" : "网络"
            case .wechat: channel = fineChannels ? "微信" : "网络"
            case .dating: channel = fineChannels ? "交友APP" : "网络"
            case .web: channel = fineChannels ? "网站" : "网络"
            }
            var payers: [Int32] = []
            var payees: [Int32] = []
            for p in pays {
                if !payers.contains(p.from) { payers.append(p.from) }
                if p.funding >= 0 && !payers.contains(p.funding) { payers.append(p.funding) }
                if !payees.contains(p.payee) { payees.append(p.payee) }
            }
            let phonesCol = rng.chance(0.12) ? "" : v.phones.map { rng.chance(noise * 0.3) ? Spelling.phone($0, variant: rng.int(1...6)) : $0 }.joined(separator: ";")
            let qqCol = rng.chance(0.1) ? "" : v.qq.map { rng.chance(noise * 0.4) ? rng.pick(["Q号", "QQ:", "qq"]) + $0 : $0 }.joined(separator: ";")
            let wxCol = rng.chance(0.1) ? "" : v.wechat.joined(separator: ";")
            let payerCol = payers.map { a -> String in
                let id = w.accounts[Int(a)].id
                return !id.contains("@") && rng.chance(0.15) ? Spelling.grouped(id, sizes: [4, 4, 4, 4, 4], sep: " ") : id
            }.joined(separator: ";")
            let payeeCol = payees.map { a -> String in
                let id = w.accounts[Int(a)].id
                if id.contains("@") { return id }
                let x = rng.unit()
                if x < 0.12 { return Spelling.grouped(id, sizes: [4, 4, 4, 4, 4], sep: " ") }
                if x < 0.2 { return Spelling.fullWidth(id) }
                return id
            }.joined(separator: ";")
            records.append(Record(number: number, victim: vi, reportTime: rt, firstLoss: pays[0].time, loss: loss, rebates: rebates,
                                  typeColumn: type, narrative: text, channelColumn: channel,
                                  columns: [phonesCol, qqCol, wxCol, v.urls.joined(separator: ";"), (v.apps + v.tools).joined(separator: ";"), payerCol, payeeCol],
                                  payers: payers, payees: payees, paymentIDs: pays.map { $0.id }))
            planner.victims[vi].caseNumber = number
        }
        // Victims whose payments all came after… (cannot happen) or who were skipped have no case.
        for vi in planner.victims.indices where planner.victims[vi].caseNumber == nil { planner.victims[vi].reportTime = nil }
    }

    func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }

    func write(world w: World, planner: VictimPlanner, noise: Double, rng: inout SeededGenerator, to dir: String) throws {
        let sink = try ByteSink(path: dir + "/cases.csv")
        try sink.record(CaseBook.header)
        for r in records {
            let v = planner.victims[r.victim]
            let p = w.persons[Int(v.person)]
            let phone = rng.chance(noise * 0.15) ? Spelling.phone(p.phone, variant: rng.int(1...6)) : p.phone
            try sink.record([r.number, ByteFormat.dash(r.reportTime), ByteFormat.dash(r.firstLoss), p.name, p.id, phone, p.male ? "男" : "女",
                             String(p.age(atYear: w.startYear)), r.typeColumn, r.narrative, Money.yuanString(r.loss), r.channelColumn] + r.columns)
        }
        try sink.close()
    }
}
