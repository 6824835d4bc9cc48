/// The day-by-day ledger: merges each day's normal transactions with the fraud plan, applies
/// them to balances (no guarded account ever goes negative; money reserved for victim payments
/// and money a mule holds for a group are never spent by ordinary activity), books statement and
/// WeChat Pay rows for requested accounts in time order (a cross-bank credit is booked up to
/// 90 s after the debit, a card leg of a WeChat Pay payment a few seconds after it), streams
/// transfer events of the event window, and counts what becomes visible.
///
/// Memory: O(accounts + rows of requested accounts + one day of transactions). Time: O(T log T)
/// for T transactions (a sort per day plus a small heap of pending legs).
struct LedgerSimulator {
    struct Counts {
        var transactions = 0          // successful money movements
        var failed = 0                // failed attempts (all)
        var fraudTransactions = 0
        var bankVisibleTx = 0         // successful transactions with a row in some bank statement
        var tenpayVisibleIDs = 0      // distinct 交易单号 in TENPAY files
        var tenpayJoined = 0          // TENPAY rows with 用户银行卡号 whose card statement shows the clearing row
        var droppedCollisions = 0     // normal transactions dropped to keep (payer, payee, amount, ±2 min) unique
        var planViolations = 0        // planned debits not covered by the balance (must stay 0)
        var transferEvents = 0
        var commEvents = 0
        var byChannel = [String: Int]()
    }

    struct Key: Hashable { var from: Int32; var to: Int32; var amount: Int64 }

    let w: World
    var avail: [Int64]
    var reserved: [Int64]
    var fraudHeld: [Int64]
    var booked: [Int64]
    let bankSlot: [Int32]
    let walletSlot: [Int32]
    let dropFailed: [Bool]
    let frozenAt: [Int64]
    var bankRows: [[StmtRow]]
    var walletRows: [[StmtRow]]
    var bankSerial: [UInt32]
    var tenpayOrder: UInt32 = 0
    var legs = TimedHeap<PendingLeg>()
    var counts = Counts()
    var rng: SeededGenerator
    var recent: [Key: Int64] = [:]
    let fraudKeys: [Key: [Int64]]
    let windowStart: Int64
    var events: ByteSink?
    var line: [UInt8] = []
    let clearing: Int32
    let accountIDBytes: [[UInt8]]

    init(world: World, rng: SeededGenerator, bankSlot: [Int32], walletSlot: [Int32], dropFailed: [Bool], frozenAt: [Int64],
         reserve: [Int32: Int64], fraudTxs: [Tx], windowStart: Int64, events: ByteSink?) {
        w = world
        self.rng = rng
        let n = world.accounts.count
        avail = world.accounts.map { $0.initialBalance }
        booked = avail
        reserved = [Int64](repeating: 0, count: n)
        for (a, v) in reserve { reserved[Int(a)] += v }
        fraudHeld = [Int64](repeating: 0, count: n)
        self.bankSlot = bankSlot
        self.walletSlot = walletSlot
        self.dropFailed = dropFailed
        self.frozenAt = frozenAt
        bankRows = Array(repeating: [], count: Int(bankSlot.max() ?? -1) + 1)
        walletRows = Array(repeating: [], count: Int(walletSlot.max() ?? -1) + 1)
        bankSerial = [UInt32](repeating: 0, count: BankCatalog.banks.count)
        var fk: [Key: [Int64]] = [:]
        for t in fraudTxs where !t.has(Tx.failed) {
            for k in LedgerSimulator.keys(t, clearing: world.tenpayClearing) { fk[k, default: []].append(t.time) }
        }
        fraudKeys = fk
        self.windowStart = windowStart
        self.events = events
        clearing = world.tenpayClearing
        accountIDBytes = world.accounts.map { Array($0.id.utf8) }
    }

    /// The (payer, payee, amount) keys under which a transaction shows in bank statements.
    static func keys(_ t: Tx, clearing: Int32) -> [Key] {
        switch t.kind {
        case .tenpay:
            return t.funding >= 0 ? [Key(from: t.funding, to: clearing, amount: t.amount), Key(from: t.from, to: t.to, amount: t.amount)]
                : [Key(from: t.from, to: t.to, amount: t.amount)]
        case .tenpayTopUp: return [Key(from: t.from, to: clearing, amount: t.amount)]
        case .tenpayWithdraw: return [Key(from: clearing, to: t.to, amount: t.amount)]
        default: return [Key(from: t.from, to: t.to, amount: t.amount)]
        }
    }

    @inline(__always) func own(_ a: Int32) -> Int64 { avail[Int(a)] - reserved[Int(a)] - fraudHeld[Int(a)] }
    @inline(__always) func isFrozen(_ a: Int32, at t: Int64) -> Bool { a >= 0 && frozenAt[Int(a)] <= t }

    // MARK: booking

    @inline(__always)
    mutating func applyLeg(_ leg: PendingLeg) {
        let a = Int(leg.account)
        var row = leg.row
        if leg.delta > 0 { avail[a] += leg.delta }
        booked[a] += leg.delta
        row.balance = booked[a]
        if leg.bank {
            let b = w.accounts[a].bank
            bankSerial[b] &+= 1
            row.serial = bankSerial[b]
            bankRows[Int(bankSlot[a])].append(row)
        } else {
            walletRows[Int(walletSlot[a])].append(row)
        }
    }

    mutating func drainLegs(upTo t: Int64) {
        while let m = legs.minTime, m <= t {
            let leg = legs.pop()!.payload
            applyLeg(leg)
        }
    }

    /// Debit of an account: immediately for spending checks; booked now or at `at`.
    @inline(__always)
    mutating func debit(_ a: Int32, _ amount: Int64, at: Int64, bankRow: Bool, row: StmtRow) {
        avail[Int(a)] -= amount
        let slot = bankRow ? bankSlot[Int(a)] : walletSlot[Int(a)]
        if slot >= 0 {
            legs.push(at, PendingLeg(account: a, delta: -amount, bank: bankRow, row: row))
        } else {
            booked[Int(a)] -= amount
        }
    }

    @inline(__always)
    mutating func credit(_ a: Int32, _ amount: Int64, at: Int64, bankRow: Bool, row: StmtRow) {
        let slot = bankRow ? bankSlot[Int(a)] : walletSlot[Int(a)]
        if slot >= 0 {
            legs.push(at, PendingLeg(account: a, delta: amount, bank: bankRow, row: row))
        } else {
            avail[Int(a)] += amount
            booked[Int(a)] += amount
        }
    }

    /// A row that moves nothing (failed attempt, or the wallet side of a card-funded payment).
    mutating func note(_ a: Int32, at: Int64, bankRow: Bool, row: StmtRow) {
        let slot = bankRow ? bankSlot[Int(a)] : walletSlot[Int(a)]
        if slot >= 0 { legs.push(at, PendingLeg(account: a, delta: 0, bank: bankRow, row: row)) }
    }

    @inline(__always) func sameBank(_ a: Int32, _ b: Int32) -> Bool {
        b < 0 || w.accounts[Int(a)].bank == w.accounts[Int(b)].bank
    }

    @inline(__always) func hasBankStatement(_ a: Int32) -> Bool { a >= 0 && bankSlot[Int(a)] >= 0 }
    @inline(__always) func hasWallet(_ a: Int32) -> Bool { a >= 0 && walletSlot[Int(a)] >= 0 }

    // MARK: one day

    /// Processes a day: `normal` are the generated transactions, `planned` the fraud plan's
    /// transactions of the day, `comms` the day's calls/SMS/installs/visits sorted by time.
    mutating func runDay(normal: inout [Tx], planned: ArraySlice<Tx>, comms: [CommEvent], dayStart: Int64) throws {
        var all = normal
        all.append(contentsOf: planned)
        // Planned transactions sort before normal ones in the same second.
        all.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            let pa = a.has(Tx.planned), pb = b.has(Tx.planned)
            if pa != pb { return pa }
            return a.seq < b.seq
        }
        normal.removeAll(keepingCapacity: true)
        // Forget collision keys older than a few minutes.
        if !recent.isEmpty {
            let cutoff = dayStart - 300
            recent = recent.filter { $0.value >= cutoff }
        }
        var ci = 0
        let inWindow = dayStart + 86_400 > windowStart && events != nil
        for tx in all {
            drainLegs(upTo: tx.time)
            if inWindow {
                while ci < comms.count && comms[ci].time <= tx.time {
                    if comms[ci].time >= windowStart { try writeComm(comms[ci]) }
                    ci += 1
                }
            }
            try process(tx)
        }
        if inWindow {
            while ci < comms.count {
                if comms[ci].time >= windowStart { try writeComm(comms[ci]) }
                ci += 1
            }
        }
    }

    mutating func finish() {
        drainLegs(upTo: .max)
    }

    mutating func writeComm(_ c: CommEvent) throws {
        guard let sink = events else { return }
        c.appendJSON(&sink.buffer)
        try sink.endLine()
        counts.commEvents += 1
    }

    // MARK: one transaction

    mutating func process(_ tx: Tx) throws {
        let planned = tx.has(Tx.planned)
        let payer: Int32 = (tx.kind == .tenpay && tx.funding >= 0) || tx.kind == .tenpayTopUp ? tx.funding : tx.from
        if tx.has(Tx.failed) {
            counts.failed += 1
            failedRow(tx, payer: payer)
            return
        }
        if !planned {
            // Frozen accounts: attempts fail (sometimes logged) or do not happen.
            if isFrozen(payer, at: tx.time) || isFrozen(tx.to, at: tx.time) || isFrozen(tx.from, at: tx.time) {
                if isFrozen(payer, at: tx.time) && tx.kind.electronic && rng.chance(0.3) { counts.failed += 1; failedRow(tx, payer: payer) }
                return
            }
            // Keep (payer, payee, amount, ±2 min) unique so that deduplication is unambiguous.
            for k in LedgerSimulator.keys(tx, clearing: clearing) {
                if let last = recent[k], tx.time - last <= 150 { counts.droppedCollisions += 1; return }
                if let times = fraudKeys[k], times.contains(where: { abs($0 - tx.time) <= 150 }) { counts.droppedCollisions += 1; return }
            }
            if w.accounts[Int(payer)].guarded && own(payer) < tx.amount {
                // Not enough money: an electronic attempt is sometimes logged as failed.
                if tx.kind == .transfer && rng.chance(0.04) { counts.failed += 1; failedRow(tx, payer: payer) }
                return
            }
            for k in LedgerSimulator.keys(tx, clearing: clearing) { recent[k] = tx.time }
        } else {
            if tx.has(Tx.releaseReserve) { reserved[Int(payer)] -= tx.amount }
            let needOwn = !tx.has(Tx.fraudDebit)
            let available = needOwn ? own(payer) : fraudHeld[Int(payer)]
            if w.accounts[Int(payer)].guarded && available < tx.amount && !tx.has(Tx.releaseReserve) { counts.planViolations += 1 }
            if tx.has(Tx.releaseReserve) && avail[Int(payer)] < tx.amount { counts.planViolations += 1 }
            if tx.has(Tx.fraudDebit) { fraudHeld[Int(tx.from)] -= tx.amount }
        }
        if tx.has(Tx.fraudCredit) && tx.to >= 0 { fraudHeld[Int(tx.to)] += tx.amount }
        if tx.has(64) && tx.to >= 0 { reserved[Int(tx.to)] += tx.amount }
        counts.transactions += 1
        if tx.has(Tx.fraud) { counts.fraudTransactions += 1 }
        book(tx)
        if tx.time >= windowStart { try writeTransferEvent(tx) }
    }

    mutating func failedRow(_ tx: Tx, payer: Int32) {
        guard hasBankStatement(payer), !dropFailed[Int(payer)] else { return }
        let cp: Int32 = tx.kind.isTenpay ? clearing : tx.to
        note(payer, at: tx.time, bankRow: true,
             row: StmtRow(time: tx.time, amount: tx.amount, balance: 0, serial: 0, cp: cp, device: device(tx, payer), kind: tx.kind == .tenpay ? .tenpay : tx.kind,
                          out: true, failed: true, remark: tx.remark, viaClearing: tx.kind.isTenpay))
    }

    @inline(__always)
    func device(_ tx: Tx, _ payer: Int32) -> Int32 {
        guard tx.kind.electronic else { return -1 }
        if tx.device >= 0 { return tx.device }
        let h = w.accounts[Int(payer)].holder
        guard h >= 0 else { return -1 }
        let d = w.persons[Int(h)].devices
        if d.isEmpty { return -1 }
        return d.count == 1 ? d[0] : d[Int(tx.seq % UInt32(d.count))]
    }

    @inline(__always)
    mutating func crossDelay(_ a: Int32, _ b: Int32) -> Int64 {
        sameBank(a, b) ? 0 : Int64(rng.below(91))
    }

    mutating func book(_ tx: Tx) {
        let t = tx.time
        switch tx.kind {
        case .tenpay:
            tenpayOrder &+= 1
            let order = tenpayOrder
            var bankVisible = false
            var tenpayVisible = false
            if tx.funding >= 0 {
                let legTime = t + Int64(rng.below(6))
                debit(tx.funding, tx.amount, at: legTime, bankRow: true,
                      row: StmtRow(time: legTime, amount: tx.amount, balance: 0, serial: 0, cp: clearing, device: device(tx, tx.funding), kind: .tenpay,
                                   out: true, viaClearing: true))
                note(tx.from, at: t, bankRow: false,
                     row: StmtRow(time: t, amount: tx.amount, balance: 0, serial: order, cp: tx.to, device: -1, card: tx.funding, kind: .tenpay, biz: tx.biz, out: true))
                bankVisible = hasBankStatement(tx.funding)
                if hasWallet(tx.from) && bankVisible { counts.tenpayJoined += 1 }
            } else {
                debit(tx.from, tx.amount, at: t, bankRow: false,
                      row: StmtRow(time: t, amount: tx.amount, balance: 0, serial: order, cp: tx.to, device: -1, kind: .tenpay, biz: tx.biz, out: true))
            }
            credit(tx.to, tx.amount, at: t, bankRow: false,
                   row: StmtRow(time: t, amount: tx.amount, balance: 0, serial: order, cp: tx.from, device: -1, kind: .tenpay, biz: tx.biz, out: false))
            tenpayVisible = hasWallet(tx.from) || hasWallet(tx.to)
            if bankVisible { counts.bankVisibleTx += 1 }
            if tenpayVisible { counts.tenpayVisibleIDs += 1 }
        case .tenpayTopUp:
            tenpayOrder &+= 1
            let order = tenpayOrder
            let legTime = t + Int64(rng.below(6))
            debit(tx.from, tx.amount, at: legTime, bankRow: true,
                  row: StmtRow(time: legTime, amount: tx.amount, balance: 0, serial: 0, cp: clearing, device: device(tx, tx.from), kind: .tenpayTopUp,
                               out: true, viaClearing: true))
            credit(tx.to, tx.amount, at: t, bankRow: false,
                   row: StmtRow(time: t, amount: tx.amount, balance: 0, serial: order, cp: -1, device: -1, card: tx.from, kind: .tenpayTopUp, out: false))
            let bv = hasBankStatement(tx.from), tv = hasWallet(tx.to)
            if bv { counts.bankVisibleTx += 1 }
            if tv { counts.tenpayVisibleIDs += 1 }
            if bv && tv { counts.tenpayJoined += 1 }
        case .tenpayWithdraw:
            tenpayOrder &+= 1
            let order = tenpayOrder
            let legTime = t + Int64(rng.below(6))
            debit(tx.from, tx.amount, at: t, bankRow: false,
                  row: StmtRow(time: t, amount: tx.amount, balance: 0, serial: order, cp: -1, device: -1, card: tx.to, kind: .tenpayWithdraw, out: true))
            credit(tx.to, tx.amount, at: legTime, bankRow: true,
                   row: StmtRow(time: legTime, amount: tx.amount, balance: 0, serial: 0, cp: clearing, device: -1, kind: .tenpayWithdraw, out: false, viaClearing: true))
            let bv = hasBankStatement(tx.to), tv = hasWallet(tx.from)
            if bv { counts.bankVisibleTx += 1 }
            if tv { counts.tenpayVisibleIDs += 1 }
            if bv && tv { counts.tenpayJoined += 1 }
        case .atm:
            debit(tx.from, tx.amount, at: t, bankRow: true,
                  row: StmtRow(time: t, amount: tx.amount, balance: 0, serial: 0, cp: -1, device: -1, kind: .atm, out: true))
            if hasBankStatement(tx.from) { counts.bankVisibleTx += 1 }
        default:
            let dev = device(tx, tx.from)
            debit(tx.from, tx.amount, at: t, bankRow: true,
                  row: StmtRow(time: t, amount: tx.amount, balance: 0, serial: 0, cp: tx.to, device: dev, kind: tx.kind, out: true, remark: tx.remark))
            var ct = t + crossDelay(tx.from, tx.to)
            if ct >= w.end { ct = max(t, w.end - 1) }
            credit(tx.to, tx.amount, at: ct, bankRow: true,
                   row: StmtRow(time: ct, amount: tx.amount, balance: 0, serial: 0, cp: tx.from, device: -1, kind: tx.kind, out: false, remark: tx.remark))
            if hasBankStatement(tx.from) || hasBankStatement(tx.to) { counts.bankVisibleTx += 1 }
        }
    }

    // MARK: events

    static let evHead = Array(#"{"type":"transfer","time":""#.utf8)
    static let evFrom = Array(#"","from_account":""#.utf8)
    static let evTo = Array(#"","to_account":"#.utf8)
    static let evAmount = Array(#","amount":""#.utf8)
    static let evChannel = Array(#"","channel":""#.utf8)
    static let evFunding = Array(#"","funding_account":""#.utf8)
    static let evNull = Array("null".utf8)

    mutating func writeTransferEvent(_ tx: Tx) throws {
        guard let sink = events else { return }
        var from = tx.from, to = tx.to
        var funding: Int32 = -1
        switch tx.kind {
        case .tenpay: funding = tx.funding
        case .tenpayTopUp: from = tx.from; to = tx.to
        case .tenpayWithdraw: from = tx.from; to = tx.to
        default: break
        }
        sink.buffer.append(contentsOf: LedgerSimulator.evHead)
        ByteFormat.appendISO(tx.time, &sink.buffer)
        sink.buffer.append(contentsOf: LedgerSimulator.evFrom)
        sink.buffer.append(contentsOf: accountIDBytes[Int(from)])
        sink.buffer.append(contentsOf: LedgerSimulator.evTo)
        if to >= 0 {
            sink.buffer.append(0x22); sink.buffer.append(contentsOf: accountIDBytes[Int(to)]); sink.buffer.append(0x22)
        } else {
            sink.buffer.append(contentsOf: LedgerSimulator.evNull)
        }
        sink.buffer.append(contentsOf: LedgerSimulator.evAmount)
        ByteFormat.appendYuan(tx.amount, style: .plain, &sink.buffer)
        sink.buffer.append(contentsOf: LedgerSimulator.evChannel)
        sink.buffer.append(contentsOf: tx.kind.channel.utf8)
        if funding >= 0 {
            sink.buffer.append(contentsOf: LedgerSimulator.evFunding)
            sink.buffer.append(contentsOf: accountIDBytes[Int(funding)])
        }
        sink.buffer.append(0x22); sink.buffer.append(0x7D)
        try sink.endLine()
        counts.transferEvents += 1
        counts.byChannel[tx.kind.channel, default: 0] += 1
    }
}
