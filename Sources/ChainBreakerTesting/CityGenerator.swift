import ChainBreakerCore

/// Generates a seeded synthetic city: a complete case package (statements/, payments/,
/// cases.csv, calls.csv, im_accounts.csv, im_unblocks.csv, orders.csv, tags.csv, events.jsonl)
/// plus truth/ with the same files and schema as the sample city.
///
/// What the city holds (see the files of this module for the details):
/// * Residents with valid resident IDs, phones, 1–3 Luhn-valid cards (real BINs per bank, with
///   bank-internal account numbers), WeChat Pay wallets, QQ / WeChat ids and devices; people
///   outside the city; employers, shops (a few chains with fan-in from thousands), utilities,
///   lenders, social security, the Alipay / 财付通 clearing accounts, point-card sellers.
/// * Normal life (`NormalActivity`), hard negatives included: 代购 traders, group-buy organisers,
///   OTC traders with legitimate buyers, couriers and telemarketers calling strangers, shared
///   carrier IPs, parents' phones bound to children's QQ accounts, night-time ATM use.
/// * Fraud groups (`GangBuilder`, `VictimPlanner`, `LaunderingSimulator`): a fraud type, a leak
///   source in orders.csv (and a popular decoy warehouse that is not leaked), GOIP numbers and
///   drainage workers, bulk IM accounts on a few pool phones, unblock helpers, sites and APPs,
///   rented first-level cards (frozen after reports), 2–4 layers, 跑分 wallets, organizers,
///   cash-out cards, card merchants paying back 86–97 %, OTC traders; operator IPs/MACs.
/// * Reported cases with narratives, calls of queried numbers, IM data, orders, partial tags
///   with mistakes, the event stream of the last weeks, and truth/ for scoring.
///
/// Deterministic: the same `CityConfig` gives byte-identical files (one seeded xoshiro256**
/// stream forked per subsystem; no system randomness, no clock, no Dictionary order in output).
///
/// Cost: time O(T log T + C) for T transactions and C calls, memory O(accounts + rows of the
/// requested accounts + one day of transactions); 10 M transfers stream through without
/// keeping the ledger.
public struct CityGenerator {
    public let config: CityConfig

    public init(_ config: CityConfig) { self.config = config }

    /// Writes the package plus truth/ into `directory` (created if missing) and returns its counts.
    public func write(to directory: String) throws -> CitySummary {
        var g = try Generation(config: config)
        return try g.run(directory: directory)
    }
}

/// All state of one generation run, in pipeline order.
struct Generation {
    let config: CityConfig
    var root: SeededGenerator
    var w: World
    var orders = OrderBook()
    var fw = FraudWorld()
    var planner: VictimPlanner
    var sim: LaunderingSimulator
    var cases = CaseBook()
    var tags = TagBook()
    var requests = RequestPlanner()
    var layouts: [StatementLayout] = []
    var tenpayFiles: [(file: String, bom: Bool, crlf: Bool, accounts: [Int32])] = []
    var im = IMGenerator()
    var windowStart: Int64
    var summary = CitySummary()
    var fileInfo: [JSONValue] = []
    var aliases: [String: String] = [:]
    var scale = 1.0
    var queried = Set<String>()

    init(config: CityConfig) throws {
        self.config = config
        guard config.citizens >= 50 else { throw CityWriteError("citizens must be at least 50") }
        guard config.gangs >= 0 && config.gangs <= 60 else { throw CityWriteError("gangs must be between 0 and 60") }
        guard config.days >= 14 && config.days <= 730 else { throw CityWriteError("days must be between 14 and 730") }
        guard config.noise >= 0 && config.noise <= 1 else { throw CityWriteError("noise must be within 0…1") }
        let parts = config.startDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let start = Instant(year: parts[0], month: parts[1], day: parts[2]) else {
            throw CityWriteError("startDate must be yyyy-mm-dd, not \(config.startDate)")
        }
        root = SeededGenerator(seed: config.seed)
        let ids = IdentifierFactory(rng: root.fork("identifiers"))
        w = World(ids: ids, start: start.seconds, days: config.days, startYear: parts[0])
        let weeks = max(0, config.eventWeeks)
        windowStart = max(start.seconds, start.seconds + Int64(config.days) * 86_400 - Int64(weeks) * 7 * 86_400)
        if weeks == 0 { windowStart = start.seconds + Int64(config.days) * 86_400 }
        planner = VictimPlanner(rng: root.fork("victims"), windowStart: windowStart)
        sim = LaunderingSimulator(rng: root.fork("laundering"))
        sim.sampleMoneyOrder = config.sampleMoneyOrder ?? false
    }

    mutating func run(directory dir: String) throws -> CitySummary {
        // 1. The world.
        var pop = PopulationBuilder(rng: root.fork("population"), citizens: config.citizens)
        pop.build(into: &w)
        var orng = root.fork("orders")
        orders.build(world: w, rng: &orng, noise: config.noise)
        var gangBuilder = GangBuilder(rng: root.fork("gangs"), noise: config.noise)
        fw = gangBuilder.build(gangs: config.gangs, world: &w, orders: &orders)
        // 2. Fraud: victims, their payments, and what happens to the money.
        planner.plan(world: &w, fraud: &fw, orders: orders, citizens: config.citizens)
        sim.run(world: &w, fraud: fw, planner: &planner)
        var crng = root.fork("cases")
        cases.build(world: w, fraud: fw, planner: &planner, noise: config.noise, rng: &crng)
        settleLabels()
        var trng = root.fork("tags")
        tags.build(world: w, fraud: fw, planner: planner, noise: config.noise, rng: &trng)
        // 3. What the investigators requested, and the file layouts.
        var rrng = root.fork("requests")
        requests.plan(world: w, fraud: fw, planner: planner, rng: &rrng)
        let groups = requests.files(world: w, rng: &rrng)
        layouts = StatementLayout.assign(files: groups, rng: &rrng, periodEnd: w.end)
        let walletAccounts = rrng.shuffled(requests.wallets)
        let nTenpay = walletAccounts.count > 45 ? 2 : 1
        let per = max(1, (walletAccounts.count + nTenpay - 1) / nTenpay)
        for k in 0..<nTenpay {
            let slice = Array(walletAccounts[min(walletAccounts.count, k * per)..<min(walletAccounts.count, (k + 1) * per)])
            if slice.isEmpty && k > 0 { continue }
            tenpayFiles.append(("payments/TENPAY_\(k + 1).csv", rrng.chance(0.4), rrng.chance(0.3), slice))
        }
        // 4. Queried phone numbers (calls.csv).
        for v in planner.victims where v.caseNumber != nil {
            queried.insert(w.persons[Int(v.person)].phone)
            for p in v.phones { queried.insert(p) }
        }
        for p in tags.fraudPhones { queried.insert(p) }
        var qrng = root.fork("queried")
        for c in w.citizens where qrng.chance(0.03) { queried.insert(w.persons[Int(c)].phone) }
        // 5. The period, day by day.
        try FileSystem.makeDirectories(dir + "/statements")
        try FileSystem.makeDirectories(dir + "/payments")
        try FileSystem.makeDirectories(dir + "/truth")
        FileSystem.removeFiles(in: dir + "/statements", suffix: ".csv")
        FileSystem.removeFiles(in: dir + "/payments", suffix: ".csv")
        let ledger = try runLedger(dir: dir, eightySix: qrng.chance(config.noise * 0.5))
        // 6. Files.
        try writeStatements(ledger: ledger, dir: dir)
        try cases.write(world: w, planner: planner, noise: config.noise, rng: &crng, to: dir)
        summary.orders = try orders.write(world: w, to: dir)
        var irng = root.fork("im")
        im.build(world: &w, fraud: fw, planner: planner, rng: &irng)
        let counts = try im.write(to: dir)
        summary.imAccounts = counts.accounts
        summary.imUnblocks = counts.unblocks
        try tags.write(to: dir)
        summary.tags = tags.tags.count
        try writeTruth(dir: dir, ledger: ledger)
        return summary
    }

    /// After the money moved: OTC traders that received fraud money become `suspicious`.
    mutating func settleLabels() {
        var gangsOf: [Int32: Set<Int>] = [:]
        for p in planner.payments {
            for h in p.flow.hops where h.to >= 0 && w.accounts[Int(h.to)].role == .otc { gangsOf[h.to, default: []].insert(p.gang) }
            if let pb = p.payback { for h in pb.hops where h.to >= 0 && w.accounts[Int(h.to)].role == .otc { gangsOf[h.to, default: []].insert(p.gang) } }
        }
        for (a, gs) in gangsOf {
            w.accounts[Int(a)].label = .suspicious
            w.accounts[Int(a)].gangs = gs.sorted()
        }
    }

    // MARK: ledger

    struct LedgerResult {
        var ledger: LedgerSimulator
        var callsTotal: Int
        var callsWritten: Int
    }

    mutating func runLedger(dir: String, eightySix: Bool) throws -> LedgerResult {
        let n = w.accounts.count
        var bankSlot = [Int32](repeating: -1, count: n)
        var walletSlot = [Int32](repeating: -1, count: n)
        var dropFailed = [Bool](repeating: false, count: n)
        var slot: Int32 = 0
        for l in layouts {
            for a in l.accounts { bankSlot[Int(a)] = slot; slot += 1; dropFailed[Int(a)] = !l.keepsFailed }
        }
        slot = 0
        for f in tenpayFiles { for a in f.accounts { walletSlot[Int(a)] = slot; slot += 1 } }
        var frozenAt = [Int64](repeating: .max, count: n)
        for g in fw.gangs { for f in g.firstLevel { frozenAt[Int(f.account)] = min(frozenAt[Int(f.account)], f.frozenAt) } }
        // Scale normal activity to the target number of transfers.
        let expected = NormalActivity.expected(world: w)
        if let target = config.targetTransfers {
            let want = Double(target) - expected.fixed - Double(sim.txs.count)
            scale = max(0.02, want / max(1, expected.perDay * Double(config.days)) / 0.93)
        }
        let events = try ByteSink(path: dir + "/events.jsonl")
        let calls = try ByteSink(path: dir + "/calls.csv")
        try calls.record(["主叫号码", "被叫号码", "类型", "开始时间", "时长秒"])
        var comms = CommsGenerator(world: w, fraud: fw, planner: planner, orders: orders, rng: root.fork("comms"), windowStart: windowStart,
                                   queried: queried, eightySix: eightySix, callsSink: calls)
        var normal = NormalActivity(world: w, rng: root.fork("normal"), scale: scale, rentedCardTraffic: config.effectiveRentedCardTraffic)
        var ledger = LedgerSimulator(world: w, rng: root.fork("ledger"), bankSlot: bankSlot, walletSlot: walletSlot, dropFailed: dropFailed,
                                     frozenAt: frozenAt, reserve: sim.reserveAtStart, fraudTxs: sim.txs, windowStart: windowStart, events: events)
        var buffer: [Tx] = []
        var pi = 0
        let planned = sim.txs
        for d in 0..<config.days {
            let dayStart = w.start + Int64(d) * 86_400
            let noon = dayStart + 12 * 3600
            normal.generate(day: d, txs: &buffer, avail: { ledger.own($0) }, frozen: { ledger.isFrozen($0, at: noon) })
            var pj = pi
            while pj < planned.count && planned[pj].time < dayStart + 86_400 { pj += 1 }
            let dayComms = try comms.day(d)
            try ledger.runDay(normal: &buffer, planned: planned[pi..<pj], comms: dayComms, dayStart: dayStart)
            pi = pj
            // Steer towards the target: compare the transfers so far with an even pace.
            if let target = config.targetTransfers, d >= 2 {
                let pace = Double(target) * Double(d + 1) / Double(config.days)
                let ratio = pace / max(1, Double(ledger.counts.transactions))
                normal.scale = max(0.02, normal.scale * min(1.15, max(0.87, ratio.squareRoot())))
            }
        }
        ledger.finish()
        try events.close()
        try calls.close()
        ledger.events = nil
        return LedgerResult(ledger: ledger, callsTotal: comms.callsTotal, callsWritten: comms.callsWritten)
    }

    // MARK: statements

    mutating func writeStatements(ledger r: LedgerResult, dir: String) throws {
        let writer = StatementWriter(w: w, salt: config.seed)
        let ledger = r.ledger
        var rows = 0, failed = 0
        for l in layouts {
            let res = try writer.write(layout: l, rows: { ledger.bankRows[Int(ledger.bankSlot[Int($0)])] }, to: dir)
            rows += res.rows
            failed += res.failedRows
            for (k, v) in res.aliases { aliases[k] = v }
            let prefixRepr = l.cardPrefix.isEmpty ? "''" : (l.cardPrefix == "'" ? "\"'\"" : "'\\t'")
            fileInfo.append(.object([
                ("file", .string(l.file)), ("encoding", .string(l.encoding.rawValue)), ("titles", .int(Int64(l.titles))),
                ("direction", .string(l.direction.rawValue)), ("time", .string(l.time.rawValue)), ("amount", .string(l.amount.rawValue)),
                ("card_prefix", .string(prefixRepr)), ("total_row", .bool(l.totalRow)), ("order", .string(l.order.rawValue)),
                ("dropped", .strings(l.dropped.map { $0.rawValue })), ("accounts", .int(Int64(res.accounts))), ("rows", .int(Int64(res.rows))),
                ("line_ending", .string(l.crlf ? "crlf" : "lf")), ("padded_titles", .bool(l.padTitles)), ("synonyms", .bool(l.synonymsUsed)),
                ("shuffled_columns", .bool(l.shuffled)), ("header", .strings(l.headers)), ("failed_rows", .int(Int64(res.failedRows))),
                ("counterparty_account_numbers", .bool(l.counterpartyInternal)),
            ]))
        }
        var tenpayRows = 0
        for f in tenpayFiles {
            let res = try writer.writeTenpay(file: f.file, bom: f.bom, crlf: f.crlf, accounts: f.accounts,
                                             rows: { ledger.walletRows[Int(ledger.walletSlot[Int($0)])] }, to: dir)
            tenpayRows += res.rows
            fileInfo.append(.object([("file", .string(f.file)), ("encoding", .string(f.bom ? "utf-8-sig" : "utf-8")),
                                     ("line_ending", .string(f.crlf ? "crlf" : "lf")), ("accounts", .int(Int64(res.accounts))), ("rows", .int(Int64(res.rows)))]))
        }
        summary.statementRows = rows
        summary.failedTransactions = failed
        summary.statementFiles = layouts.count
        summary.tenpayRows = tenpayRows
        summary.tenpayFiles = tenpayFiles.count
        let c = ledger.counts
        summary.transactionsTotal = c.transactions
        summary.failedTotal = c.failed
        summary.fraudTransactions = c.fraudTransactions
        summary.bankVisibleTransfers = c.bankVisibleTx
        summary.tenpayVisibleIDs = c.tenpayVisibleIDs
        summary.tenpayJoined = c.tenpayJoined
        summary.uniqueVisibleTransfers = c.bankVisibleTx + c.tenpayVisibleIDs - c.tenpayJoined
        summary.events = c.transferEvents + c.commEvents
        summary.callsTotal = r.callsTotal
        summary.callsWritten = r.callsWritten
        summary.requestedBankAccounts = requests.bank.count
        summary.requestedWechatPayAccounts = requests.wallets.count
        summary.accountAliases = aliases.count
    }
}
