/// tags.csv: partial prior knowledge — payment institutions, card sellers, some registered shops,
/// some OTC traders, accounts frozen after earlier reports, fraud numbers, couriers,
/// telemarketers, fraud QQ/WeChat accounts, sites and APPs — with a few mistakes.
/// O(tags).
struct TagBook {
    struct Tag { var type: String; var id: String; var label: String; var source: String; var mistake = false }
    var tags: [Tag] = []
    var fraudPhones = Set<String>()

    mutating func build(world w: World, fraud fw: FraudWorld, planner: VictimPlanner, noise: Double, rng: inout SeededGenerator) {
        func add(_ type: String, _ id: String, _ label: String, _ source: String, mistake: Bool = false) {
            if tags.contains(where: { $0.type == type && $0.id == id }) { return }
            tags.append(Tag(type: type, id: id, label: label, source: source, mistake: mistake))
        }
        add("account", w.accounts[Int(w.tenpayClearing)].id, "支付机构", "人民银行")
        add("account", w.accounts[Int(w.alipayClearing)].id, "支付机构", "人民银行")
        for g in w.gameCardMerchants { add("account", w.accounts[Int(g)].id, "游戏点卡商户", "商户登记") }
        for m in rng.sample(w.merchants, min(w.merchants.count, 8)) { add("account", w.accounts[Int(m)].id, "正常商户", "商户登记") }
        for u in rng.sample(w.utilities, 3) { add("account", w.accounts[Int(u)].id, "正常商户", "商户登记") }
        // OTC traders are known (or not) as persons: all of a known trader's cards are tagged,
        // an unknown trader's none (as in the sample package), so a tag cannot be reached
        // through another card of the same holder.
        for p in w.otcTraders where rng.chance(0.6) {
            let source = rng.pick(["情报研判", "前期案件", "银行风控"])
            for c in w.persons[Int(p)].cards where w.accounts[Int(c)].role == .otc { add("account", w.accounts[Int(c)].id, "虚拟币场外商", source) }
        }
        for g in fw.gangs {
            for f in g.firstLevel where f.frozenAt < w.end { add("account", w.accounts[Int(f.account)].id, "已冻结涉诈账户", f.frozenSource) }
            if rng.chance(0.3), let l = g.layers.last?.first { add("account", w.accounts[Int(l)].id, "已冻结涉诈账户", "前期案件") }
        }
        // Fraud numbers reported earlier (numbers named in cases reported well before the end).
        for v in planner.victims {
            guard let rt = v.reportTime, rt < w.end - 5 * 86_400 else { continue }
            for p in v.phones where rng.chance(0.5) {
                add("phone", p, "涉诈号码", rng.pick(["工信部反诈平台", "反诈中心", "前期案件"]))
                fraudPhones.insert(p)
            }
            for q in v.qq where rng.chance(0.25) { add("qq", q, "涉诈账号", "腾讯安全") }
            for x in v.wechat where rng.chance(0.2) { add("wechat", x, "涉诈账号", "腾讯安全") }
        }
        for g in fw.gangs {
            for u in g.urls where rng.chance(0.5) { add("url", u, "涉诈网址", "反诈中心") }
            for a in g.apps where rng.chance(0.6) { add("app", a, "涉诈APP", "反诈中心") }
        }
        for c in w.couriers where rng.chance(0.7) { add("phone", c.phone, "快递员", "快递企业登记") }
        for t in w.telemarketers { add("phone", t, "营销号码", "运营商") }
        for a in rng.sample(NameBank.screenShareApps, 3) { add("app", a, "正常应用", "应用商店") }
        // Mistakes.
        let mistakes = max(1, Int((noise * 6).rounded()))
        for k in 0..<mistakes {
            switch k % 4 {
            case 0:
                let c = w.persons[Int(rng.pick(w.citizens))]
                if let x = c.wechat { add("wechat", x, "涉诈账号", "腾讯安全", mistake: true) }
            case 1:
                let c = w.persons[Int(rng.pick(w.citizens))]
                if c.roles.isEmpty, let card = c.cards.first { add("account", w.accounts[Int(card)].id, "已冻结涉诈账户", "银行风控", mistake: true) }
            case 2:
                if let c = w.couriers.randomElementStable(&rng) {
                    add("phone", c.phone, "涉诈号码", "工信部反诈平台", mistake: true)
                    fraudPhones.insert(c.phone)
                }
            default:
                add("app", rng.pick(NameBank.normalApps), "涉诈APP", "反诈中心", mistake: true)
            }
        }
    }

    func write(to dir: String) throws {
        let sink = try ByteSink(path: dir + "/tags.csv")
        try sink.record(["实体类型", "实体标识", "标签", "来源"])
        for t in tags { try sink.record([t.type, t.id, t.label, t.source]) }
        try sink.close()
    }
}
