import Foundation
import Testing
import ChainBreakerTesting

@Suite("Truth invariants")
struct TruthInvariantTests {
    static let seeds: [UInt64] = [1, 2, 3]

    @Test("victim payments: sinks add up, hops use known accounts, paths start at the payer", arguments: seeds)
    func victims(seed: UInt64) throws {
        let (dir, summary) = try CityCache.shared.city(CityCache.small(seed: seed))
        let accounts = try Files.json(dir + "/truth/accounts.json") as! [String: [String: Any]]
        let victims = try Files.json(dir + "/truth/victims.json") as! [[String: Any]]
        #expect(victims.count == summary.victimTransfers)
        #expect(!victims.isEmpty)
        for v in victims {
            let amount = fen(v["amount"] as! String)!
            let sinks = v["sinks"] as! [String: String]
            #expect(sinks.values.reduce(0) { $0 + fen($1)! } == amount, "sinks of \(v["id"]!) do not add up")
            let retained = v["retained"] as! [[Any]]
            for r in retained { #expect(accounts[r[0] as! String] != nil) }
            let hops = v["hops"] as! [[Any]]
            #expect((hops.first?[0] as? String) == (v["victim_account"] as? String))
            for h in hops {
                for a in [h[0] as! String, h[1] as! String] where a != "CASH" { #expect(accounts[a] != nil, "unknown hop account \(a)") }
                #expect(fen(h[2] as! String)! > 0)
            }
            let path = v["path"] as! [String]
            #expect(path.first == v["victim_account"] as? String)
            if let pb = v["payback"] as? [String: Any] {
                let sinks = pb["sinks"] as! [String: String]
                #expect(sinks.values.reduce(0) { $0 + fen($1)! } == fen(pb["amount"] as! String)!)
                let spent = fen((v["sinks"] as! [String: String])["card_merchant"] ?? "0")!
                let pct = Double(fen(pb["amount"] as! String)!) / Double(max(1, spent))
                #expect(pct > 0.8 && pct < 1.0, "payback rate \(pct)")
                for h in pb["hops"] as! [[Any]] {
                    for a in [h[0] as! String, h[1] as! String] where a != "CASH" { #expect(accounts[a] != nil) }
                }
            }
        }
        // Reported cases point at their payments; loss equals their sum.
        let cases = try Files.json(dir + "/truth/cases.json") as! [String: [String: Any]]
        #expect(cases.count == summary.reportedCases)
        let byID = Dictionary(uniqueKeysWithValues: victims.map { ($0["id"] as! String, $0) })
        for (number, c) in cases {
            let ids = c["transfers"] as! [String]
            let loss = ids.reduce(Int64(0)) { $0 + fen(byID[$1]!["amount"] as! String)! }
            #expect(loss == fen(c["loss"] as! String)!)
            for id in ids { #expect(byID[id]!["case"] as? String == number) }
        }
        try Self.expectReportsFollowPayments(victims: victims, cases: cases)
    }

    /// Every payment a case counts was made before the case was reported, and is one of the
    /// case's transfers (a report cannot cover money paid after it).
    static func expectReportsFollowPayments(victims: [[String: Any]], cases: [String: [String: Any]]) throws {
        for v in victims {
            guard let number = v["case"] as? String else { continue }
            let c = try #require(cases[number])
            #expect((v["time"] as! String) < (c["reported_at"] as! String), "\(v["id"]!) paid after case \(number) was reported")
            #expect((c["transfers"] as! [String]).contains(v["id"] as! String), "\(v["id"]!) is not among case \(number)'s transfers")
        }
    }

    /// Seed 83 with the sample's money order filed a report at 08:54 while the victim went on
    /// paying until 17:55: a report moved into office hours fell before the last payment.
    @Test("a report moved into office hours still follows the victim's last payment")
    func reportsFollowTheLastPayment() throws {
        let config = CityConfig(citizens: 3_000, gangs: 4, seed: 83, sampleMoneyOrder: true)
        let (dir, _) = try CityCache.shared.city(config, tag: "-sample-money-order")
        let victims = try Files.json(dir + "/truth/victims.json") as! [[String: Any]]
        let cases = try Files.json(dir + "/truth/cases.json") as! [String: [String: Any]]
        try Self.expectReportsFollowPayments(victims: victims, cases: cases)
    }

    @Test("identifiers: resident IDs pass the checksum, cards pass Luhn, genders agree", arguments: seeds)
    func identifiers(seed: UInt64) throws {
        let (dir, _) = try CityCache.shared.city(CityCache.small(seed: seed))
        let accounts = try Files.json(dir + "/truth/accounts.json") as! [String: [String: Any]]
        var cards = 0
        for (id, a) in accounts {
            if let h = a["holder_id"] as? String { #expect(IdentityChecks.isValidResidentID(h), "bad ID \(h)") }
            switch a["kind"] as! String {
            case "bank_card":
                cards += 1
                #expect(IdentityChecks.isLuhnValid(id), "card \(id) fails Luhn")
                #expect((16...19).contains(id.count))
            case "bank_corporate": #expect((15...20).contains(id.count) && id.allSatisfy(\.isNumber))
            default: #expect(id.hasSuffix("@wx.tenpay.com") && id.count == 24)
            }
        }
        #expect(cards > 500)
        let persons = try Files.json(dir + "/truth/persons.json") as! [String: [String: Any]]
        for (id, p) in persons {
            #expect(IdentityChecks.isValidResidentID(id))
            #expect((p["gender"] as! String == "男") == IdentityChecks.residentIDIsMale(id))
            let phone = p["phone"] as! String
            #expect(phone.count == 11 && phone.hasPrefix("1") && "3456789".contains(phone[phone.index(after: phone.startIndex)]))
        }
        let rows = CSV.parse(try Files.text(dir + "/cases.csv"))
        for r in rows.dropFirst() { #expect(IdentityChecks.isValidResidentID(r[4])) }
    }

    @Test("statements: one file per requested account, balances chain, both sides of a transfer", arguments: seeds)
    func statements(seed: UInt64) throws {
        let (dir, summary) = try CityCache.shared.city(CityCache.small(seed: seed))
        let (rows, _) = try Statements.read(dir)
        var fileOf: [String: String] = [:]
        var byAccount: [String: [BankRow]] = [:]
        for r in rows {
            if let f = fileOf[r.account] { #expect(f == r.file, "\(r.account) is in \(f) and \(r.file)") } else { fileOf[r.account] = r.file }
            byAccount[r.account, default: []].append(r)
        }
        // Requested accounts without any movement in the period have an empty statement (no rows).
        let files = try Files.json(dir + "/truth/files.json") as! [[String: Any]]
        let assigned = files.filter { ($0["file"] as! String).hasPrefix("statements/") }.reduce(0) { $0 + ($1["accounts"] as! Int) }
        #expect(assigned == summary.requestedBankAccounts)
        #expect(fileOf.count <= summary.requestedBankAccounts && fileOf.count * 10 >= summary.requestedBankAccounts * 9)
        #expect(rows.count == summary.statementRows)
        #expect(rows.filter { !$0.ok }.count == summary.failedTransactions)
        // Balances chain in booking order (time, serial); failed rows leave them unchanged.
        for (_, rs) in byAccount {
            let sorted = rs.sorted { $0.serial < $1.serial }
            for i in 1..<max(1, sorted.count) {
                let p = sorted[i - 1], r = sorted[i]
                let expected = r.ok ? p.balance + (r.out ? -r.amount : r.amount) : p.balance
                #expect(expected == r.balance, "balance break in \(r.file) for \(r.account) at \(r.serial)")
            }
        }
        // Every bank account that paid or received in a reported case has a statement.
        let cases = try Files.json(dir + "/truth/cases.json") as! [String: [String: Any]]
        let accounts = try Files.json(dir + "/truth/accounts.json") as! [String: [String: Any]]
        for (_, c) in cases {
            for a in (c["payer_accounts"] as! [String]) + (c["payee_accounts"] as! [String]) where accounts[a]!["kind"] as! String == "bank_card" {
                #expect(fileOf[a] != nil, "requested account \(a) has no statement")
            }
        }
        // Serial numbers are unique within a bank.
        var serials = Set<String>()
        for r in rows { #expect(serials.insert(r.serial).inserted, "duplicate serial \(r.serial)") }
    }

    @Test("summary counts equal what is in the files", arguments: seeds)
    func counts(seed: UInt64) throws {
        let (dir, s) = try CityCache.shared.city(CityCache.small(seed: seed))
        func dataLines(_ f: String) throws -> Int { CSV.parse(try Files.text(dir + "/" + f)).count - 1 }
        #expect(try dataLines("calls.csv") == s.callsWritten)
        #expect(try dataLines("im_accounts.csv") == s.imAccounts)
        #expect(try dataLines("im_unblocks.csv") == s.imUnblocks)
        #expect(try dataLines("orders.csv") == s.orders)
        #expect(try dataLines("tags.csv") == s.tags)
        #expect(try dataLines("cases.csv") == s.reportedCases)
        let events = try Files.text(dir + "/events.jsonl").split(separator: "\n")
        #expect(events.count == s.events)
        let json = try Files.json(dir + "/truth/summary.json") as! [String: Any]
        for (k, v) in [("statement_rows", s.statementRows), ("unique_visible_transfers", s.uniqueVisibleTransfers),
                       ("reported_cases", s.reportedCases), ("calls_written", s.callsWritten), ("im_accounts", s.imAccounts),
                       ("im_unblocks", s.imUnblocks), ("orders", s.orders), ("tags", s.tags), ("events", s.events),
                       ("failed_transactions", s.failedTransactions)] {
            #expect((json[k] as? Int) == v, "summary.json \(k)")
        }
        // Sample keys are all present.
        for k in ["profile", "seed", "citizens", "gangs", "period", "event_window", "accounts", "accounts_by_label", "accounts_by_role",
                  "transactions_total", "failed_transactions", "fraud_transactions", "requested_bank_accounts", "requested_wechat_pay_accounts",
                  "statement_rows", "statement_files", "victims", "victim_transfers", "reported_cases", "unreported_victims",
                  "victim_loss_total", "victims_in_event_window", "calls_total", "calls_written", "events", "orders", "im_accounts",
                  "im_unblocks", "tags", "decoy_warehouse", "leaks", "payment_methods", "unique_visible_transfers", "visible_transfers_detail"] {
            #expect(json[k] != nil, "summary.json lacks \(k)")
        }
        // The generator's own consistency counters.
        let consistency = json["consistency"] as! [String: Int]
        #expect(consistency["planned_debits_not_covered"] == 0)
        #expect(consistency["fraud_key_repeats_within_2min"] == 0)
        // Events are time-ordered and inside the window.
        var last = ""
        for e in events {
            guard let r = e.range(of: "\"time\":\"") else { continue }
            let t = String(e[r.upperBound...].prefix(25))
            #expect(t >= last)
            last = t
        }
    }

    @Test("counterparties written as internal account numbers are listed in account_aliases.json")
    func aliases() throws {
        var total = 0
        for seed in TruthInvariantTests.seeds {
            let (dir, _) = try CityCache.shared.city(CityCache.small(seed: seed))
            let aliases = try Files.json(dir + "/truth/account_aliases.json") as! [String: String]
            let accounts = try Files.json(dir + "/truth/accounts.json") as! [String: [String: Any]]
            let (rows, _) = try Statements.read(dir)
            let counterparties = Set(rows.map(\.counterparty))
            for (number, card) in aliases {
                #expect(accounts[card]?["kind"] as? String == "bank_card")
                #expect(accounts[number] == nil)
                #expect(counterparties.contains(number))
            }
            // Every counterparty is a known account, an alias, or empty (cash).
            for c in counterparties where !c.isEmpty { #expect(accounts[c] != nil || aliases[c] != nil, "unknown counterparty \(c)") }
            total += aliases.count
        }
        #expect(total > 0)
    }

    @Test("the fraud world is complete: leaks, decoy, gangs, warnings, at-risk, tags")
    func fraudWorld() throws {
        let (dir, s) = try CityCache.shared.city(CityCache.small(seed: 2))
        let gangs = try Files.json(dir + "/truth/gangs.json") as! [String: [String: Any]]
        #expect(gangs.count == 3)
        for (_, g) in gangs {
            let roles = g["roles"] as! [String: Any]
            #expect(!(roles["first_level"] as! [String]).isEmpty)
            #expect((roles["layers"] as! [[String]]).count >= 2)
            #expect(!(roles["organizer"] as! [String]).isEmpty)
            #expect(!(roles["bulk_pool_phones"] as! [String]).isEmpty)
            #expect(!(roles["unblock_helper_qq"] as! [String]).isEmpty)
            #expect(!(g["operator_ips"] as! [String]).isEmpty)
            #expect(!(g["mule_holders"] as! [String]).isEmpty)
        }
        #expect(s.leaks >= 1)
        let leaks = try Files.json(dir + "/truth/leaks.json") as! [[String: Any]]
        let summary = try Files.json(dir + "/truth/summary.json") as! [String: Any]
        let decoy = (summary["decoy_warehouse"] as! [String: Any])["id"] as! String
        for l in leaks { #expect(l["id"] as! String != decoy) }
        let warnings = try Files.json(dir + "/truth/warnings.json") as! [String: Any]
        #expect(warnings.count == s.victims)
        #expect(s.victimsInEventWindow >= 1)
        let atRisk = try Files.json(dir + "/truth/at_risk.json") as! [String: Any]
        #expect(!atRisk.isEmpty)
        var unreported = 0
        for seed in TruthInvariantTests.seeds { unreported += try CityCache.shared.city(CityCache.small(seed: seed)).summary.unreportedVictims }
        #expect(unreported > 0)   // some victims do not report
        let tags = CSV.parse(try Files.text(dir + "/tags.csv")).dropFirst()
        for label in ["支付机构", "游戏点卡商户", "快递员", "营销号码"] { #expect(tags.contains { $0[2] == label }) }
        let accounts = try Files.json(dir + "/truth/accounts.json") as! [String: [String: Any]]
        let labels = Set(accounts.values.map { $0["label"] as! String })
        #expect(labels == ["normal", "suspicious", "malicious"])
        let roles = Set(accounts.values.map { $0["role"] as! String })
        for r in ["citizen", "external", "merchant", "employer", "utility", "lender", "social_security", "payment_institution",
                  "game_card_merchant", "external_corp", "trader", "groupbuy", "otc", "first_level", "layer", "paofen", "organizer",
                  "cashout", "card_merchant"] {
            #expect(roles.contains(r), "no account with role \(r)")
        }
    }
}
