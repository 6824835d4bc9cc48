import ChainBreakerCore

/// truth/: the reference labels, in the same files and schema as the sample city.
/// O(accounts + hops + identifiers).
extension Generation {
    func iso(_ t: Int64) -> JSONValue { .string(ByteFormat.iso(t)) }
    func yuan(_ fen: Int64) -> JSONValue { .string(Money.yuanString(fen)) }
    func acct(_ a: Int32) -> String { a < 0 ? "CASH" : w.accounts[Int(a)].id }
    func gangID(_ g: Int) -> String { g < 0 ? "" : fw.gangs[g].id }

    mutating func writeTruth(dir: String, ledger: LedgerResult) throws {
        let t = dir + "/truth/"
        try accountsJSON().write(to: t + "accounts.json")
        try JSONValue.object(aliases.keys.sorted().map { ($0, .string(aliases[$0]!)) }).write(to: t + "account_aliases.json")
        try gangsJSON().write(to: t + "gangs.json")
        try victimsJSON().write(to: t + "victims.json")
        try casesJSON().write(to: t + "cases.json")
        try leaksJSON().write(to: t + "leaks.json")
        try warningsJSON().write(to: t + "warnings.json")
        try atRiskJSON().write(to: t + "at_risk.json")
        try identifiersJSON().write(to: t + "identifiers.json")
        try personsJSON().write(to: t + "persons.json")
        try JSONValue.array(fileInfo).write(to: t + "files.json")
        fillSummary()
        try summaryJSON(ledger: ledger).write(to: t + "summary.json")
    }

    // MARK: accounts

    func accountsJSON() -> JSONValue {
        var o: [(String, JSONValue)] = []
        o.reserveCapacity(w.accounts.count)
        for a in w.accounts {
            var f: [(String, JSONValue)] = [("label", .string(a.label.name)), ("role", .string(a.role.name)),
                                            ("gang", a.gang >= 0 && a.gangs.count <= 1 ? .string(gangID(a.gang)) : .null),
                                            ("kind", .string(a.kind.name)), ("holder", .string(a.holderName))]
            if a.role == .otc || a.role == .cardMerchant || a.gangs.count > 1 { f.append(("gangs", .strings(a.gangs.map { gangID($0) }))) }
            if a.holder >= 0 { f.append(("holder_id", .string(w.persons[Int(a.holder)].id))) }
            o.append((a.id, .object(f)))
        }
        return .object(o)
    }

    // MARK: gangs

    func gangsJSON() -> JSONValue {
        var o: [(String, JSONValue)] = []
        for g in fw.gangs {
            let pool = fw.bulkPools[g.bulkPool]
            let bulkQQ = pool.accounts.filter { $0.gang == g.index && $0.platform == "QQ" }.map { $0.id }
            let bulkWX = pool.accounts.filter { $0.gang == g.index && $0.platform == "微信" }.map { $0.id }
            let drainageQQ = g.drainage.flatMap { $0.qq }
            var accounts: [Int32] = g.allFirstLevel + g.layers.flatMap { $0 } + g.organizers + g.cashout + g.paofenWallets + g.paofenBanks
            accounts += g.cardMerchants + g.drainage.map { $0.account }
            var seen = Set<Int32>()
            accounts = accounts.filter { seen.insert($0).inserted }
            let phones = g.goip.map { $0.phone } + g.drainage.map { $0.phone } + pool.phones
            var qqSeen = Set<String>()
            let qq = (g.contactQQ + bulkQQ + drainageQQ + g.helperQQ).filter { qqSeen.insert($0).inserted }
            var wxSeen = Set<String>()
            let wx = (g.contactWechat + bulkWX).filter { wxSeen.insert($0).inserted }
            var leak: JSONValue = .null
            if g.leak >= 0 {
                let l = orders.leaks[g.leak]
                leak = .object([("kind", .string(l.kind.rawValue)), ("id", .string(orders.sourceName(l)))])
            }
            let roles: [(String, JSONValue)] = [
                ("first_level", .strings(g.allFirstLevel.map(acct))),
                ("layers", .array(g.layers.map { .strings($0.map(acct)) })),
                ("organizer", .strings(g.organizers.map(acct))),
                ("cashout", .strings(g.cashout.map(acct))),
                ("paofen_wechat_pay", .strings(g.paofenWallets.map(acct))),
                ("paofen_bank", .strings(g.paofenBanks.map(acct))),
                ("card_merchant", .strings(g.cardMerchants.map(acct))),
                ("otc_used", .strings(g.otcUsed.map(acct))),
                ("goip_phones", .array(g.goip.map { .object([("phone", .string($0.phone)), ("active_from", iso($0.from)), ("active_to", iso($0.to))]) })),
                ("drainage", .array(g.drainage.map { .object([("phone", .string($0.phone)), ("qq", .strings($0.qq)), ("account", .string(acct($0.account)))]) })),
                ("bulk_pool_phones", .strings(pool.phones)),
                ("contact_qq", .strings(g.contactQQ)),
                ("contact_wechat", .strings(g.contactWechat)),
                ("unblock_helper_qq", .strings(g.helperQQ)),
                ("game_card_merchants", .strings(g.gameCardShops.map(acct))),
                ("first_level_frozen", .array(g.firstLevel.filter { $0.frozenAt < w.end }.map {
                    .object([("account", .string(acct($0.account))), ("frozen_at", iso($0.frozenAt)), ("source", .string($0.frozenSource))])
                })),
            ]
            o.append((g.id, .object([
                ("fraud_type", .string(g.profile.type)),
                ("core_accounts", .strings(g.organizers.map(acct))),
                ("members", .object([("accounts", .strings(accounts.map(acct))), ("phones", .strings(phones)), ("qq", .strings(qq)),
                                     ("wechat", .strings(wx)), ("urls", .strings(g.urls)), ("apps", .strings(g.apps))])),
                ("roles", .object(roles)),
                ("operator_ips", .strings(g.operatorIPs)),
                ("operator_macs", .strings(g.operatorMACs)),
                ("mule_holders", .strings(Set(g.muleHolders + g.allFirstLevel.map { w.accounts[Int($0)].holder }).sorted().map { w.persons[Int($0)].id }.sorted())),
                ("leak_source", leak),
                ("victims", .int(Int64(g.victims))),
            ])))
        }
        return .object(o)
    }

    // MARK: victims

    func flowJSON(_ f: VictimPayment.Flow) -> [(String, JSONValue)] {
        let hops: JSONValue = .array(f.hops.map { .array([.string(acct($0.from)), .string(acct($0.to)), yuan($0.amount), iso($0.time)]) })
        let retained: JSONValue = .array(f.retained.map { .array([.string(acct($0.account)), yuan($0.amount), .string($0.kind.name)]) })
        var sinks: [(String, JSONValue)] = []
        for s in VictimPayment.Sink.allCases where f.sinks[s.rawValue] > 0 { sinks.append((s.name, yuan(f.sinks[s.rawValue]))) }
        return [("hops", hops), ("retained", retained), ("sinks", .object(sinks))]
    }

    func victimsJSON() -> JSONValue {
        .array(planner.payments.map { p in
            let v = planner.victims[p.victim]
            let person = w.persons[Int(v.person)]
            var o: [(String, JSONValue)] = [
                ("id", .string(p.vtID)), ("case", .str(v.caseNumber)), ("gang", .string(gangID(p.gang))),
                ("victim_name", .string(person.name)), ("victim_phone", .string(person.phone)),
                ("victim_account", .string(acct(p.from))), ("funding_account", p.funding >= 0 ? .string(acct(p.funding)) : .null),
                ("time", iso(p.time)), ("amount", yuan(p.amount)), ("method", .string(p.method.rawValue)), ("payee", .string(acct(p.payee))),
                ("path", .strings(p.flow.path.map(acct))),
            ]
            o += flowJSON(p.flow)
            if let pb = p.payback {
                o.append(("payback", .object([("amount", yuan(p.paybackAmount)), ("card_merchants", .strings(p.paybackMerchants.map(acct)))] + flowJSON(pb))))
            } else {
                o.append(("payback", .null))
            }
            if let f = p.failedAttempt { o.append(("failed_attempt", .object([("time", iso(f.time)), ("amount", yuan(f.amount))]))) }
            if p.viaLoan { o.append(("via_loan", .bool(true))) }
            return .object(o)
        })
    }

    // MARK: cases, leaks, warnings

    func casesJSON() -> JSONValue {
        .object(cases.records.map { r in
            let v = planner.victims[r.victim]
            let g = fw.gangs[v.gang]
            let person = w.persons[Int(v.person)]
            return (r.number, .object([
                ("gang", .string(g.id)), ("fraud_type", .string(g.profile.type)), ("channel", .string(CaseBook.channelName(v.channel))),
                ("victim_phone", .string(person.phone)), ("victim_id", .string(person.id)), ("reported_at", iso(r.reportTime)),
                ("loss", yuan(r.loss)), ("payer_accounts", .strings(r.payers.map(acct))), ("payee_accounts", .strings(r.payees.map(acct))),
                ("suspect_phones", .strings(v.phones)), ("suspect_qq", .strings(v.qq)), ("suspect_wechat", .strings(v.wechat)),
                ("urls", .strings(v.urls)), ("apps", .strings(v.apps + v.tools)),
                ("transfers", .strings(r.paymentIDs.map { planner.payments[$0].vtID })),
                ("rebates_received", yuan(r.rebates)),
                ("category_column", .string(r.typeColumn)),
            ]))
        })
    }

    func leaksJSON() -> JSONValue {
        .array(orders.leaks.map { l in
            .object([("kind", .string(l.kind.rawValue)), ("id", .string(orders.sourceName(l))), ("start", iso(l.start)), ("end", iso(l.end)),
                     ("gang", .string(gangID(l.gang))), ("exposed_citizens", .int(Int64(l.exposed.count)))])
        })
    }

    func warningsJSON() -> JSONValue {
        var o: [(String, JSONValue)] = []
        for v in planner.victims {
            let firstLoss = v.payments.map { planner.payments[$0].time }.min() ?? v.firstContact
            o.append((w.persons[Int(v.person)].phone, .object([
                ("first_contact", iso(v.firstContact)), ("first_loss", iso(firstLoss)), ("gang", .string(gangID(v.gang))),
                ("case", .str(v.caseNumber)), ("channel", .string(CaseBook.channelName(v.channel))), ("in_event_window", .bool(firstLoss >= windowStart)),
            ])))
        }
        return .object(o)
    }

    func atRiskJSON() -> JSONValue {
        .object(planner.atRisk.map { a in
            var f: [(String, JSONValue)] = [("gang", .string(gangID(a.gang))), ("first_contact", iso(a.firstContact)),
                                            ("channel", .string(CaseBook.channelName(a.channel))), ("engaged", iso(a.engageTime))]
            if let u = a.url { f.append(("url", .string(u))) }
            if let app = a.app { f.append(("app", .string(app))) }
            f.append(("in_event_window", .bool(a.firstContact >= windowStart)))
            return (w.persons[Int(a.person)].phone, .object(f))
        })
    }

    // MARK: identifiers and persons

    func identifiersJSON() -> JSONValue {
        var table: [String: [String: (role: String, gangs: Set<Int>)]] = ["app": [:], "phone": [:], "qq": [:], "url": [:], "wechat": [:]]
        func put(_ type: String, _ id: String, _ role: String, _ gang: Int?) {
            var e = table[type]![id] ?? (role, [])
            if let g = gang { e.gangs.insert(g) }
            table[type]![id] = e
        }
        for g in fw.gangs {
            for x in g.goip { put("phone", x.phone, "goip", g.index) }
            for d in g.drainage { put("phone", d.phone, "drainage", g.index); for q in d.qq { put("qq", q, "drainage", g.index) } }
            for p in fw.bulkPools[g.bulkPool].phones { put("phone", p, "bulk_pool", g.index) }
            for a in fw.bulkPools[g.bulkPool].accounts where a.gang == g.index { put(a.platform == "QQ" ? "qq" : "wechat", a.id, "bulk_account", g.index) }
            for q in g.helperQQ { put("qq", q, "unblock_helper", g.index) }
            for u in g.urls { put("url", u, "fraud_site", g.index) }
            for a in g.apps { put("app", a, "fraud_app", g.index) }
        }
        for c in w.couriers { put("phone", c.phone, "courier", nil) }
        for t in w.telemarketers { put("phone", t, "telemarketer", nil) }
        var o: [(String, JSONValue)] = []
        for type in table.keys.sorted() {
            let entries = table[type]!
            o.append((type, .object(entries.keys.sorted().map { id in
                let e = entries[id]!
                return (id, .object([("role", .string(e.role)), ("gangs", .strings(e.gangs.sorted().map { gangID($0) }))]))
            })))
        }
        return .object(o)
    }

    func personsJSON() -> JSONValue {
        var interest: [Int32: [String]] = [:]
        var order: [Int32] = []
        func mark(_ p: Int32, _ role: String) {
            if interest[p] == nil { order.append(p); interest[p] = [] }
            if !interest[p]!.contains(role) { interest[p]!.append(role) }
        }
        for v in planner.victims { mark(v.person, "victim") }
        for (i, p) in w.persons.enumerated() { for r in p.roles { mark(Int32(i), r) } }
        var cardsOf: [Int32: [Int32]] = [:]
        for (i, a) in w.accounts.enumerated() where a.holder >= 0 && a.kind == .bankCard { cardsOf[a.holder, default: []].append(Int32(i)) }
        return .object(order.map { pi in
            let p = w.persons[Int(pi)]
            let wallet: JSONValue = p.wallet >= 0 ? .string(acct(p.wallet)) : .null
            return (p.id, .object([
                ("name", .string(p.name)), ("phone", .string(p.phone)), ("gender", .string(p.male ? "男" : "女")),
                ("age", .int(Int64(p.age(atYear: w.startYear)))), ("home_city", .string(p.homeCity)), ("citizen", .bool(p.citizen)),
                ("roles", .strings(interest[pi]!)), ("cards", .strings((cardsOf[pi] ?? []).map(acct))), ("wechat_pay", wallet),
                ("qq", .str(p.qq)), ("wechat", .str(p.wechat)),
            ]))
        })
    }

    // MARK: summary

    mutating func fillSummary() {
        summary.seed = config.seed
        summary.citizens = config.citizens
        summary.gangs = config.gangs
        summary.days = config.days
        summary.accounts = w.accounts.count
        summary.victims = planner.victims.count
        summary.victimTransfers = planner.payments.count
        summary.reportedCases = cases.records.count
        summary.unreportedVictims = planner.victims.filter { $0.caseNumber == nil }.count
        summary.victimLossTotalFen = planner.payments.reduce(0) { $0 + $1.amount }
        summary.victimsInEventWindow = planner.victims.filter { v in (v.payments.map { planner.payments[$0].time }.min() ?? 0) >= windowStart }.count
        summary.leaks = orders.leaks.count
    }

    func summaryJSON(ledger: LedgerResult) -> JSONValue {
        var byLabel: [String: Int] = [:], byRole: [String: Int] = [:]
        for a in w.accounts { byLabel[a.label.name, default: 0] += 1; byRole[a.role.name, default: 0] += 1 }
        var methods: [String: Int] = [:]
        for p in planner.payments { methods[p.method.rawValue, default: 0] += 1 }
        let s = summary
        let decoy = orders.warehouses[Int(orders.decoyWarehouse)]
        return .object([
            ("profile", .string(config.targetTransfers == nil ? "small" : "scaled")),
            ("seed", .int(Int64(bitPattern: config.seed))),
            ("citizens", .int(Int64(config.citizens))),
            ("gangs", .int(Int64(config.gangs))),
            ("period", .object([("start", iso(w.start)), ("end", iso(w.end)), ("days", .int(Int64(config.days)))])),
            ("event_window", .object([("start", iso(windowStart)), ("end", iso(w.end)), ("weeks", .int(Int64(config.eventWeeks)))])),
            ("noise", .double(config.noise)),
            ("target_transfers", config.targetTransfers.map { .int(Int64($0)) } ?? .null),
            ("activity_scale", .double(scale)),
            ("accounts", .int(Int64(s.accounts))),
            ("accounts_by_label", .object(["normal", "suspicious", "malicious"].map { ($0, .int(Int64(byLabel[$0] ?? 0))) })),
            ("accounts_by_role", .object(Role.allCases.map { ($0.name, .int(Int64(byRole[$0.name] ?? 0))) })),
            ("transactions_total", .int(Int64(s.transactionsTotal))),
            ("failed_transactions", .int(Int64(s.failedTransactions))),
            ("failed_total", .int(Int64(s.failedTotal))),
            ("fraud_transactions", .int(Int64(s.fraudTransactions))),
            ("requested_bank_accounts", .int(Int64(s.requestedBankAccounts))),
            ("requested_wechat_pay_accounts", .int(Int64(s.requestedWechatPayAccounts))),
            ("statement_rows", .int(Int64(s.statementRows))),
            ("statement_files", .int(Int64(s.statementFiles))),
            ("tenpay_rows", .int(Int64(s.tenpayRows))),
            ("tenpay_files", .int(Int64(s.tenpayFiles))),
            ("victims", .int(Int64(s.victims))),
            ("victim_transfers", .int(Int64(s.victimTransfers))),
            ("reported_cases", .int(Int64(s.reportedCases))),
            ("unreported_victims", .int(Int64(s.unreportedVictims))),
            ("victim_loss_total", yuan(s.victimLossTotalFen)),
            ("victims_in_event_window", .int(Int64(s.victimsInEventWindow))),
            ("at_risk", .int(Int64(planner.atRisk.count))),
            ("calls_total", .int(Int64(s.callsTotal))),
            ("calls_written", .int(Int64(s.callsWritten))),
            ("events", .int(Int64(s.events))),
            ("orders", .int(Int64(s.orders))),
            ("im_accounts", .int(Int64(s.imAccounts))),
            ("im_unblocks", .int(Int64(s.imUnblocks))),
            ("tags", .int(Int64(s.tags))),
            ("tag_mistakes", .int(Int64(tags.tags.filter { $0.mistake }.count))),
            ("decoy_warehouse", .object([("id", .string(decoy)), ("share_of_orders", .double(orders.decoyShare)), ("note", .string("most popular warehouse; not leaked"))])),
            ("leaks", .int(Int64(s.leaks))),
            ("payment_methods", .object(["bank", "tenpay", "gamecard", "crypto"].map { ($0, .int(Int64(methods[$0] ?? 0))) })),
            ("account_aliases", .int(Int64(s.accountAliases))),
            ("consistency", .object([
                ("planned_debits_not_covered", .int(Int64(ledger.ledger.counts.planViolations))),
                ("fraud_key_repeats_within_2min", .int(Int64(sim.collisions))),
                ("normal_transfers_dropped_as_duplicates", .int(Int64(ledger.ledger.counts.droppedCollisions))),
            ])),
            ("unique_visible_transfers", .int(Int64(s.uniqueVisibleTransfers))),
            ("visible_transfers_detail", .object([
                ("rows", .int(Int64(s.statementRows + s.tenpayRows))),
                ("bank_transfers_deduplicated", .int(Int64(s.bankVisibleTransfers))),
                ("tenpay_ids", .int(Int64(s.tenpayVisibleIDs))),
                ("tenpay_card_rows_joined", .int(Int64(s.tenpayJoined))),
                ("failed_attempts", .int(Int64(s.failedTransactions))),
            ])),
        ])
    }
}
