import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore
import GRDB

/// Interns account identifiers to `account.id` inside one write transaction (see `AccountKey`).
final class AccountInterner {
    private let db: Database
    /// Numeric accounts known to exist (inserted or seen in this session).
    private var known = UInt64Map()
    /// Non-numeric identifiers, loaded on first use.
    private var byText: [String: Int64]?
    private var nextTextID: Int64 = AccountKey.textRangeHigh
    private let insertNumeric: RawStatement
    private let insertText: RawStatement

    init(_ db: Database) throws {
        self.db = db
        insertNumeric = try RawStatement(db, "INSERT OR IGNORE INTO account (id, number) VALUES (?, ?)")
        insertText = try RawStatement(db, "INSERT INTO account (id, number) VALUES (?, ?)")
    }

    private func loadTextIDs() throws {
        guard byText == nil else { return }
        var map: [String: Int64] = [:]
        let rows = try RawStatement(db, "SELECT id, number FROM account WHERE id BETWEEN \(AccountKey.textRangeLow) AND \(AccountKey.textRangeHigh)")
        while try rows.step() {
            let id = rows.int64(column: 0)
            map[rows.text(column: 1)] = id
            nextTextID = min(nextTextID, id - 1)
        }
        rows.reset()
        byText = map
    }

    /// Id of a numeric account, inserting it if this session has not seen it.
    @inline(__always)
    func id(numeric code: UInt64) throws -> Int64 {
        let id = AccountKey.id(code: code)
        if known[code] == nil {
            insertNumeric.bind(1, id); insertNumeric.bind(2, String(code)); try insertNumeric.run()
            known.set(code, 0)
        }
        return id
    }

    func id(text number: String) throws -> Int64 {
        var n = number
        if let code = n.withUTF8({ AccountCode.numeric($0) }) { return try id(numeric: code) }
        try loadTextIDs()
        if let id = byText![number] { return id }
        let id = nextTextID
        guard id >= AccountKey.textRangeLow else { throw StoreErrorBox("account id range exhausted") }
        insertText.bind(1, id); insertText.bind(2, number); try insertText.run()
        nextTextID -= 1
        byText![number] = id   // in place: no copy of the table
        return id
    }

    func id(_ number: String?) throws -> Int64? {
        guard let number else { return nil }
        return try id(text: number)
    }

    /// Inserts every numeric account of a batch not seen in this session, in id order so the
    /// account table grows at its right edge. After this, `id(code:)` on the batch inserts nothing.
    func prepare(codes lists: [[UInt64]]) throws {
        var fresh: [Int64] = []
        for list in lists {
            for c in list where c < AccountCode.stringBase && known[c] == nil {
                known.set(c, 0)
                fresh.append(AccountKey.id(code: c))
            }
        }
        fresh.sort()
        for id in fresh {
            insertNumeric.bind(1, id); insertNumeric.bind(2, String(UInt64(bitPattern: id))); try insertNumeric.run()
        }
    }

    /// Id of a packed account code (see `AccountCode`).
    @inline(__always)
    func id(code: UInt64, strings: [String]) throws -> Int64? {
        if code == AccountCode.none { return nil }
        if code >= AccountCode.stringBase { return try id(text: strings[Int(code - AccountCode.stringBase)]) }
        return try id(numeric: code)
    }
}

/// Writes one file's rows inside the import transaction.
final class SQLiteImportSession: ImportSession {
    let db: Database
    let fileID: Int64
    var counts = FileImportCounts()
    var rowsRead = 0
    var rejected = 0
    private lazy var accounts: AccountInterner? = try? AccountInterner(db)

    init(db: Database, fileID: Int64) throws {
        self.db = db
        self.fileID = fileID
    }

    private func interner() throws -> AccountInterner {
        guard let a = accounts else { throw StoreErrorBox("cannot prepare account statements") }
        return a
    }

    func reject(_ rows: [RejectedRow]) throws(StoreError) {
        try guarded {
            let st = try RawStatement(db, "INSERT INTO reject (file_id, line, reason) VALUES (?, ?, ?)")
            for r in rows { st.bind(1, fileID); st.bind(2, r.line); st.bind(3, r.reason); try st.run() }
            rejected += rows.count
            rowsRead += rows.count
        }
    }

    func add(_ payload: ImportPayload) throws(StoreError) {
        try guarded {
            switch payload {
            case .entries(let e): try addEntries(e)
            case .transfers(let t): try addTransfers(t)
            case .cases(let c): try addCases(c)
            case .calls(let c): try addCalls(c)
            case .imAccounts(let a): try addIMAccounts(a)
            case .imUnblocks(let u): try addIMUnblocks(u)
            case .orders(let o): try addOrders(o)
            case .tags(let t): try addTags(t)
            case .events(let e): try addEvents(e)
            }
        }
    }

    private func guarded(_ body: () throws -> Void) throws(StoreError) {
        do { try body() } catch let e as StoreError { throw e } catch {
            throw StoreError(.write, "cannot write to the database", cause: "\(error)")
        }
    }

    private func addEntries(_ entries: [StatementEntry]) throws {
        let acc = try interner()
        let st = try RawStatement(db, """
            INSERT OR IGNORE INTO entry (file_id, line, source, account_id, time, amount_fen, direction, balance_fen, counterparty_id,
              cp_name, cp_id, cp_bank, summary, currency, channel, succeeded, ip, mac, serial, remark, user_card_id, cp_card_id,
              business_type, account_number, holder_name, holder_id)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let info = try RawStatement(db, """
            INSERT INTO account_info (account_id, holder_name, holder_id, account_number, file_id) VALUES (?,?,?,?,?)
            ON CONFLICT(account_id) DO UPDATE SET holder_name = coalesce(excluded.holder_name, holder_name),
              holder_id = coalesce(excluded.holder_id, holder_id), account_number = coalesce(excluded.account_number, account_number)
            """)
        var lastAccount = ""
        for e in entries {
            let aid = try acc.id(text: e.account)
            if e.account != lastAccount {
                lastAccount = e.account
                info.bind(1, aid); info.bind(2, e.holderName); info.bind(3, e.holderID); info.bind(4, e.accountNumber); info.bind(5, fileID)
                try info.run()
            }
            st.bind(1, fileID); st.bind(2, e.line); st.bind(3, Int64(e.source.rawValue)); st.bind(4, aid)
            st.bind(5, e.time.seconds); st.bind(6, e.amount.fen); st.bind(7, Int64(e.direction.rawValue)); st.bind(8, e.balance?.fen)
            st.bind(9, try acc.id(e.counterparty)); st.bind(10, e.counterpartyName); st.bind(11, e.counterpartyID)
            st.bind(12, e.counterpartyBank); st.bind(13, e.summary); st.bind(14, e.currency); st.bind(15, e.channel)
            st.bind(16, e.succeeded ? 1 : 0); st.bind(17, e.ip); st.bind(18, e.mac); st.bind(19, e.serial); st.bind(20, e.remark)
            st.bind(21, try acc.id(e.userCard)); st.bind(22, try acc.id(e.counterpartyCard)); st.bind(23, e.businessType)
            st.bind(24, e.accountNumber); st.bind(25, e.holderName); st.bind(26, e.holderID)
            try st.run()
            counts.entries += st.changes
        }
        rowsRead += entries.count
    }

    /// Transfers per columnar block.
    static let blockRows = 65_536

    /// Stores a batch of a mapped transfer CSV as columnar blocks (see `Schema`). Account ids are
    /// the numbers themselves (`AccountKey`), so no lookup is made per row; new accounts are
    /// inserted first, in id order.
    private func addTransfers(_ t: TransferColumns) throws {
        let acc = try interner()
        try acc.prepare(codes: [t.from, t.to])
        let channelCodes: [UInt8] = t.channelNames.map { TransferChannel(datasetName: $0).rawValue }
        let st = try RawStatement(db, """
            INSERT INTO transfer_block (file_id, count, from_ids, to_ids, amounts, times, channels, lines, ref_ends, refs)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """)
        var start = 0
        while start < t.count {
            let end = min(t.count, start + SQLiteImportSession.blockRows)
            var from = [Int64](), to = [Int64]()
            from.reserveCapacity(end - start); to.reserveCapacity(end - start)
            for i in start..<end {
                from.append(try acc.id(code: t.from[i], strings: t.strings) ?? AccountKey.cash)
                to.append(try acc.id(code: t.to[i], strings: t.strings) ?? AccountKey.cash)
            }
            st.bind(1, fileID); st.bind(2, end - start)
            st.bind(3, blob: from); st.bind(4, blob: to)
            st.bind(5, blob: Array(t.amountFen[start..<end])); st.bind(6, blob: Array(t.time[start..<end]))
            st.bind(7, blob: t.channel[start..<end].map { channelCodes[Int($0)] })
            st.bind(8, blob: Array(t.line[start..<end]))
            if t.idEnds.isEmpty {
                st.bind(9, nil as Int64?); st.bind(10, nil as Int64?)
            } else {
                let base = start == 0 ? 0 : t.idEnds[start - 1]
                st.bind(9, blob: t.idEnds[start..<end].map { Int64($0 - base) })
                st.bind(10, blob: Array(t.idBytes[base..<t.idEnds[end - 1]]))
            }
            try st.run()
            start = end
        }
        counts.transfers += t.count
        rowsRead += t.count
    }

    private func addCases(_ cases: [CaseReport]) throws {
        let st = try RawStatement(db, """
            INSERT OR REPLACE INTO case_report (id, file_id, line, reported_at, occurred_at, victim_name, victim_id, victim_phone,
              victim_gender, victim_age, fraud_type, narrative, loss_fen, channel) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let del = try RawStatement(db, "DELETE FROM case_identifier WHERE case_id = ?")
        let ident = try RawStatement(db, "INSERT OR IGNORE INTO case_identifier (case_id, role, kind, value) VALUES (?,?,?,?)")
        for c in cases {
            st.bind(1, c.id); st.bind(2, fileID); st.bind(3, c.line); st.bind(4, c.reportedAt.seconds); st.bind(5, c.occurredAt?.seconds)
            st.bind(6, c.victimName); st.bind(7, c.victimID); st.bind(8, c.victimPhone); st.bind(9, c.victimGender)
            st.bind(10, c.victimAge.map(Int64.init)); st.bind(11, c.fraudType); st.bind(12, c.narrative); st.bind(13, c.loss.fen); st.bind(14, c.channel)
            try st.run()
            del.bind(1, c.id); try del.run()
            for (role, kind, v) in c.storedIdentifiers {
                ident.bind(1, c.id); ident.bind(2, role); ident.bind(3, kind); ident.bind(4, v); try ident.run()
            }
        }
        counts.cases += cases.count
        rowsRead += cases.count
    }

    private func addCalls(_ calls: [CallRecord]) throws {
        let st = try RawStatement(db, "INSERT INTO call_record (file_id, caller, callee, type, time, duration) VALUES (?,?,?,?,?,?)")
        for c in calls {
            st.bind(1, fileID); st.bind(2, c.caller); st.bind(3, c.callee); st.bind(4, Int64(c.type.rawValue))
            st.bind(5, c.time.seconds); st.bind(6, c.duration)
            try st.run()
        }
        counts.calls += calls.count
        rowsRead += calls.count
    }

    private func addIMAccounts(_ rows: [IMAccountRecord]) throws {
        let st = try RawStatement(db, "INSERT OR REPLACE INTO im_account (platform, account, phone, registered_at, ip, file_id) VALUES (?,?,?,?,?,?)")
        for r in rows {
            st.bind(1, r.platform.rawValue); st.bind(2, r.account); st.bind(3, r.phone); st.bind(4, r.registeredAt?.seconds)
            st.bind(5, r.ip); st.bind(6, fileID)
            try st.run()
        }
        counts.imAccounts += rows.count
        rowsRead += rows.count
    }

    private func addIMUnblocks(_ rows: [IMUnblockRecord]) throws {
        let st = try RawStatement(db, "INSERT OR IGNORE INTO im_unblock (platform, account, time, method, helpers, file_id) VALUES (?,?,?,?,?,?)")
        for r in rows {
            st.bind(1, r.platform.rawValue); st.bind(2, r.account); st.bind(3, r.time.seconds); st.bind(4, r.method)
            st.bind(5, r.helpers.joined(separator: ";")); st.bind(6, fileID)
            try st.run()
            counts.imUnblocks += st.changes
        }
        rowsRead += rows.count
    }

    private func addOrders(_ rows: [OrderRecord]) throws {
        let st = try RawStatement(db, """
            INSERT OR REPLACE INTO order_record (waybill, time, recipient_name, recipient_phone, address, merchant, warehouse, courier, file_id)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        for r in rows {
            st.bind(1, r.waybill); st.bind(2, r.time.seconds); st.bind(3, r.recipientName); st.bind(4, r.recipientPhone)
            st.bind(5, r.address); st.bind(6, r.merchant); st.bind(7, r.warehouse); st.bind(8, r.courier); st.bind(9, fileID)
            try st.run()
        }
        counts.orders += rows.count
        rowsRead += rows.count
    }

    private func addTags(_ rows: [TagRecord]) throws {
        let st = try RawStatement(db, "INSERT OR REPLACE INTO tag (kind, value, label, source, file_id) VALUES (?,?,?,?,?)")
        for r in rows {
            st.bind(1, r.kind); st.bind(2, r.value); st.bind(3, r.label); st.bind(4, r.source); st.bind(5, fileID)
            try st.run()
        }
        counts.tags += rows.count
        rowsRead += rows.count
    }

    private func addEvents(_ rows: [EventRecord]) throws {
        let st = try RawStatement(db, "INSERT INTO event (file_id, time, type, subject, object, amount_fen, duration, channel, funding) VALUES (?,?,?,?,?,?,?,?,?)")
        for r in rows {
            st.bind(1, fileID); st.bind(2, r.time.seconds); st.bind(3, Int64(r.type.rawValue)); st.bind(4, r.subject); st.bind(5, r.object)
            st.bind(6, r.amount?.fen); st.bind(7, r.duration.map(Int64.init)); st.bind(8, r.channel); st.bind(9, r.funding)
            try st.run()
        }
        counts.events += rows.count
        rowsRead += rows.count
    }
}
