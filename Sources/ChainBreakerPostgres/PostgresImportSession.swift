import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore
import PostgresNIO

/// Interns account identifiers to `account.id` inside one write transaction (`AccountKey`).
/// New accounts are collected while a batch is prepared and inserted in one statement (`flush`).
final class PGAccountInterner {
    private let db: PGConn
    /// Numeric accounts known to exist (inserted or seen in this transaction).
    private var known = UInt64Map()
    private var byText: [String: Int64]?
    private var nextTextID = AccountKey.textRangeHigh
    private var freshNumeric: [Int64] = []
    private var freshTextIDs: [Int64] = []
    private var freshTexts: [String] = []

    init(_ db: PGConn) { self.db = db }

    private func loadTextIDs() throws {
        guard byText == nil else { return }
        var map: [String: Int64] = [:]
        try db.each("SELECT id, number FROM account WHERE id BETWEEN \(AccountKey.textRangeLow) AND \(AccountKey.textRangeHigh)") { r in
            let id = try r.int()
            map[try r.text()] = id
            nextTextID = min(nextTextID, id - 1)
        }
        byText = map
    }

    @inline(__always) func id(numeric code: UInt64) -> Int64 {
        let id = Int64(bitPattern: code)
        if known[code] == nil { known.set(code, 0); freshNumeric.append(id) }
        return id
    }

    func id(text number: String) throws -> Int64 {
        var n = number
        if let code = n.withUTF8({ AccountCode.numeric($0) }) { return id(numeric: code) }
        try loadTextIDs()
        if let id = byText![number] { return id }
        let id = nextTextID
        guard id >= AccountKey.textRangeLow else { throw PGDecodeError("an account id: the range is exhausted") }
        nextTextID -= 1
        byText![number] = id
        freshTextIDs.append(id); freshTexts.append(number)
        return id
    }

    func id(_ number: String?) throws -> Int64? {
        guard let number else { return nil }
        return try id(text: number)
    }

    /// Id of a packed account code (`AccountCode`), nil for none (cash).
    @inline(__always) func id(code: UInt64, strings: [String]) throws -> Int64? {
        if code == AccountCode.none { return nil }
        if code >= AccountCode.stringBase { return try id(text: strings[Int(code - AccountCode.stringBase)]) }
        return id(numeric: code)
    }

    /// Inserts the accounts first seen since the last flush. A numeric account's number is its
    /// id as an unsigned decimal, written by the server.
    func flush() throws {
        if !freshNumeric.isEmpty {
            freshNumeric.sort()
            try db.run("""
                INSERT INTO account (id, number)
                SELECT id, CASE WHEN id >= 0 THEN id::text ELSE (id::numeric + 18446744073709551616)::text END
                FROM unnest($1::int8[]) AS u(id) ON CONFLICT DO NOTHING
                """, PGConn.binds { $0.add(PGArray.int8(freshNumeric)) })
            freshNumeric.removeAll(keepingCapacity: true)
        }
        if !freshTextIDs.isEmpty {
            try db.run("INSERT INTO account (id, number) SELECT * FROM unnest($1::int8[], $2::text[])",
                       PGConn.binds { $0.add(PGArray.int8(freshTextIDs)); $0.add(PGArray.text(freshTexts)) })
            freshTextIDs.removeAll(); freshTexts.removeAll()
        }
    }
}

/// Writes one file's rows inside the import transaction, one `unnest` statement per batch and
/// table (see `PGArray`). Semantics are the SQLite session's: statement rows `INSERT OR IGNORE`
/// (duplicates by the `entry_row` key dropped, counted as not added), cases, IM accounts, orders
/// and tags `INSERT OR REPLACE` (done as delete + insert, so the last row of a key wins and the
/// replaced row's predicted category goes with it), IM unblocks `INSERT OR IGNORE`.
final class PostgresImportSession: ImportSession {
    let db: PGConn
    let fileID: Int64
    var counts = FileImportCounts()
    var rowsRead = 0
    var rejected = 0
    private lazy var accounts = PGAccountInterner(db)
    /// The bulk statement sent last and not yet confirmed (with what to do with its row count):
    /// the next batch is built while the server writes it.
    private var pending: (statement: PGConn.Pending, done: (Int) -> Void)?

    /// Rows per statement (bounds a statement's parameter size to a few MB).
    static let entryBatch = 20_000
    static let transferBatch = 100_000

    init(db: PGConn, fileID: Int64) {
        self.db = db
        self.fileID = fileID
    }

    func reject(_ rows: [RejectedRow]) throws(StoreError) {
        try guarded {
            guard !rows.isEmpty else { return }
            var lines = PGArray.int4(capacity: rows.count), reasons = PGArray.text(capacity: rows.count)
            for r in rows { lines.append(r.line); reasons.append(r.reason) }
            try db.run("INSERT INTO reject (file_id, line, reason) SELECT $1, * FROM unnest($2::int4[], $3::text[])",
                       PGConn.binds { $0.add(fileID); $0.add(lines); $0.add(reasons) })
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

    /// Waits for the last pipelined statement (before the file row is updated and committed).
    func finish() throws(StoreError) {
        try guarded { try settle() }
    }

    private func settle() throws {
        if let p = pending { pending = nil; p.done(try p.statement.finish()) }
    }

    /// Sends a bulk statement, then waits for the one sent before it: up to two in flight.
    private func send(_ sql: String, _ binds: PGConn.Binds, done: @escaping (Int) -> Void = { _ in }) throws {
        let next = db.submit(sql, binds)
        try settle()
        pending = (next, done)
    }

    private func guarded(_ body: () throws -> Void) throws(StoreError) {
        do { try body() } catch let e as StoreError { throw e } catch {
            throw StoreError(.write, "cannot write to the PostgreSQL store", cause: "\(error)")
        }
    }

    private func addEntries(_ all: [StatementEntry]) throws {
        let acc = accounts
        var start = 0
        while start < all.count {
            let entries = all[start..<min(all.count, start + PostgresImportSession.entryBatch)]
            start = entries.endIndex
            let n = entries.count
            var line = PGArray.int4(capacity: n), source = PGArray.int2(capacity: n), account = PGArray.int8(capacity: n)
            var time = PGArray.int8(capacity: n), amount = PGArray.int8(capacity: n), direction = PGArray.int2(capacity: n)
            var balance = PGArray.int8(capacity: n), counterparty = PGArray.int8(capacity: n)
            var cpName = PGArray.text(capacity: n), cpID = PGArray.text(capacity: n), cpBank = PGArray.text(capacity: n)
            var summary = PGArray.text(capacity: n), currency = PGArray.text(capacity: n), channel = PGArray.text(capacity: n)
            var succeeded = PGArray.bool(capacity: n), ip = PGArray.text(capacity: n), mac = PGArray.text(capacity: n)
            var serial = PGArray.text(capacity: n), remark = PGArray.text(capacity: n), userCard = PGArray.int8(capacity: n)
            var cpCard = PGArray.int8(capacity: n), business = PGArray.text(capacity: n), accountNumber = PGArray.text(capacity: n)
            var holderName = PGArray.text(capacity: n), holderID = PGArray.text(capacity: n)
            // account_info: SQLite upserts once per run of rows of one account, each time keeping
            // the old value where the new one is NULL; per account that is the last non-NULL value.
            var infoOrder: [Int64] = []
            var info: [Int64: (name: String?, id: String?, number: String?)] = [:]
            var lastAccount = ""
            for e in entries {
                let aid = try acc.id(text: e.account)
                if e.account != lastAccount {
                    lastAccount = e.account
                    if let old = info[aid] {
                        info[aid] = (e.holderName ?? old.name, e.holderID ?? old.id, e.accountNumber ?? old.number)
                    } else {
                        infoOrder.append(aid)
                        info[aid] = (e.holderName, e.holderID, e.accountNumber)
                    }
                }
                line.append(e.line); source.append(Int64(e.source.rawValue)); account.append(aid)
                time.append(e.time.seconds); amount.append(e.amount.fen); direction.append(Int64(e.direction.rawValue))
                balance.append(e.balance?.fen); counterparty.append(try acc.id(e.counterparty))
                cpName.append(e.counterpartyName); cpID.append(e.counterpartyID); cpBank.append(e.counterpartyBank)
                summary.append(e.summary); currency.append(e.currency); channel.append(e.channel); succeeded.append(e.succeeded)
                ip.append(e.ip); mac.append(e.mac); serial.append(e.serial); remark.append(e.remark)
                userCard.append(try acc.id(e.userCard)); cpCard.append(try acc.id(e.counterpartyCard))
                business.append(e.businessType); accountNumber.append(e.accountNumber)
                holderName.append(e.holderName); holderID.append(e.holderID)
            }
            try acc.flush()
            var ia = PGArray.int8(capacity: infoOrder.count), inName = PGArray.text(), inID = PGArray.text(), inNumber = PGArray.text()
            for a in infoOrder { let v = info[a]!; ia.append(a); inName.append(v.name); inID.append(v.id); inNumber.append(v.number) }
            try db.run("""
                INSERT INTO account_info (account_id, holder_name, holder_id, account_number, file_id)
                SELECT u.*, $5 FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[]) AS u
                ON CONFLICT (account_id) DO UPDATE SET holder_name = coalesce(excluded.holder_name, account_info.holder_name),
                  holder_id = coalesce(excluded.holder_id, account_info.holder_id),
                  account_number = coalesce(excluded.account_number, account_info.account_number)
                """, PGConn.binds { $0.add(ia); $0.add(inName); $0.add(inID); $0.add(inNumber); $0.add(fileID) })
            try send("""
                INSERT INTO entry (file_id, line, source, account_id, time, amount_fen, direction, balance_fen, counterparty_id,
                  cp_name, cp_id, cp_bank, summary, currency, channel, succeeded, ip, mac, serial, remark, user_card_id, cp_card_id,
                  business_type, account_number, holder_name, holder_id)
                SELECT $1, * FROM unnest($2::int4[], $3::int2[], $4::int8[], $5::int8[], $6::int8[], $7::int2[], $8::int8[],
                  $9::int8[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::bool[], $17::text[],
                  $18::text[], $19::text[], $20::text[], $21::int8[], $22::int8[], $23::text[], $24::text[], $25::text[], $26::text[])
                ON CONFLICT DO NOTHING
                """, PGConn.binds {
                    $0.add(fileID); $0.add(line); $0.add(source); $0.add(account); $0.add(time); $0.add(amount); $0.add(direction)
                    $0.add(balance); $0.add(counterparty); $0.add(cpName); $0.add(cpID); $0.add(cpBank); $0.add(summary)
                    $0.add(currency); $0.add(channel); $0.add(succeeded); $0.add(ip); $0.add(mac); $0.add(serial); $0.add(remark)
                    $0.add(userCard); $0.add(cpCard); $0.add(business); $0.add(accountNumber); $0.add(holderName); $0.add(holderID)
                }, done: { [unowned self] added in self.counts.entries += added })
        }
        rowsRead += all.count
    }

    /// Transfers per columnar block.
    static let blockRows = 65_536

    /// A batch of a mapped transfer CSV as columnar blocks (see `PostgresSchema`): account ids are
    /// the numbers themselves (`AccountKey`), new accounts inserted first; one statement per
    /// block, the next block encoded while the server stores this one.
    private func addTransfers(_ t: TransferColumns) throws {
        let acc = accounts
        let channelCodes: [UInt8] = t.channelNames.map { TransferChannel(datasetName: $0).rawValue }
        let alloc = ByteBufferAllocator()
        var start = 0
        while start < t.count {
            let end = min(t.count, start + PostgresImportSession.blockRows)
            let n = end - start
            var from = alloc.buffer(capacity: n * 8), to = alloc.buffer(capacity: n * 8), amounts = alloc.buffer(capacity: n * 8)
            var times = alloc.buffer(capacity: n * 8), channels = alloc.buffer(capacity: n), lines = alloc.buffer(capacity: n * 4)
            for i in start..<end {
                from.writeInteger(try acc.id(code: t.from[i], strings: t.strings) ?? AccountKey.cash, endianness: .little)
                to.writeInteger(try acc.id(code: t.to[i], strings: t.strings) ?? AccountKey.cash, endianness: .little)
                amounts.writeInteger(t.amountFen[i], endianness: .little)
                times.writeInteger(t.time[i], endianness: .little)
                channels.writeInteger(channelCodes[Int(t.channel[i])])
                lines.writeInteger(t.line[i], endianness: .little)
            }
            var refEnds: ByteBuffer?, refs: ByteBuffer?
            if !t.idEnds.isEmpty {
                let base = start == 0 ? 0 : t.idEnds[start - 1]
                var e = alloc.buffer(capacity: n * 8)
                for i in start..<end { e.writeInteger(Int64(t.idEnds[i] - base), endianness: .little) }
                var r = alloc.buffer(capacity: t.idEnds[end - 1] - base)
                r.writeBytes(t.idBytes[base..<t.idEnds[end - 1]])
                refEnds = e; refs = r
            }
            try acc.flush()
            var b = PGConn.binds { $0.add(fileID); $0.add(n) }
            for buf in [from, to, amounts, times, channels, lines] { b.add(buf) }
            b.add(refEnds); b.add(refs)
            try send("""
                INSERT INTO transfer_block (file_id, count, from_ids, to_ids, amounts, times, channels, lines, ref_ends, refs)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                """, b)
            start = end
        }
        counts.transfers += t.count
        rowsRead += t.count
    }

    /// Keeps the last row of each key, in order of those last rows (what a run of SQLite
    /// `INSERT OR REPLACE` leaves).
    private func lastOfEachKey<R, K: Hashable>(_ rows: [R], _ key: (R) -> K) -> [R] {
        var seen = Set<K>()
        var out: [R] = []
        for r in rows.reversed() where seen.insert(key(r)).inserted { out.append(r) }
        return out.reversed()
    }

    private func addCases(_ all: [CaseReport]) throws {
        let cases = lastOfEachKey(all) { $0.id }
        var ids = PGArray.text(), line = PGArray.int4(), reported = PGArray.int8(), occurred = PGArray.int8()
        var vName = PGArray.text(), vID = PGArray.text(), vPhone = PGArray.text(), vGender = PGArray.text(), vAge = PGArray.int4()
        var fraud = PGArray.text(), narrative = PGArray.text(), loss = PGArray.int8(), channel = PGArray.text()
        var iCase = PGArray.text(), iRole = PGArray.text(), iKind = PGArray.text(), iValue = PGArray.text()
        for c in cases {
            ids.append(c.id); line.append(c.line); reported.append(c.reportedAt.seconds); occurred.append(c.occurredAt?.seconds)
            vName.append(c.victimName); vID.append(c.victimID); vPhone.append(c.victimPhone); vGender.append(c.victimGender)
            vAge.append(c.victimAge); fraud.append(c.fraudType); narrative.append(c.narrative); loss.append(c.loss.fen); channel.append(c.channel)
            for (role, kind, v) in c.storedIdentifiers { iCase.append(c.id); iRole.append(role); iKind.append(kind); iValue.append(v) }
        }
        try db.run("DELETE FROM case_report WHERE id = ANY($1::text[])", PGConn.binds { $0.add(ids) })
        try db.run("DELETE FROM case_identifier WHERE case_id = ANY($1::text[])", PGConn.binds { $0.add(ids) })
        try db.run("""
            INSERT INTO case_report (id, file_id, line, reported_at, occurred_at, victim_name, victim_id, victim_phone,
              victim_gender, victim_age, fraud_type, narrative, loss_fen, channel)
            SELECT u.id, $1, u.line, u.reported_at, u.occurred_at, u.victim_name, u.victim_id, u.victim_phone, u.victim_gender,
              u.victim_age, u.fraud_type, u.narrative, u.loss_fen, u.channel
            FROM unnest($2::text[], $3::int4[], $4::int8[], $5::int8[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int4[],
              $11::text[], $12::text[], $13::int8[], $14::text[])
              AS u(id, line, reported_at, occurred_at, victim_name, victim_id, victim_phone, victim_gender, victim_age,
                   fraud_type, narrative, loss_fen, channel)
            """, PGConn.binds {
                $0.add(fileID); $0.add(ids); $0.add(line); $0.add(reported); $0.add(occurred); $0.add(vName); $0.add(vID)
                $0.add(vPhone); $0.add(vGender); $0.add(vAge); $0.add(fraud); $0.add(narrative); $0.add(loss); $0.add(channel)
            })
        if iCase.count > 0 {
            try db.run("""
                INSERT INTO case_identifier (case_id, role, kind, value)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING
                """, PGConn.binds { $0.add(iCase); $0.add(iRole); $0.add(iKind); $0.add(iValue) })
        }
        counts.cases += all.count
        rowsRead += all.count
    }

    private func addCalls(_ calls: [CallRecord]) throws {
        var caller = PGArray.text(capacity: calls.count), callee = PGArray.text(capacity: calls.count)
        var type = PGArray.int2(capacity: calls.count), time = PGArray.int8(capacity: calls.count), duration = PGArray.int8(capacity: calls.count)
        for c in calls {
            caller.append(c.caller); callee.append(c.callee); type.append(Int64(c.type.rawValue)); time.append(c.time.seconds); duration.append(c.duration)
        }
        try db.run("""
            INSERT INTO call_record (file_id, caller, callee, type, time, duration)
            SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int2[], $5::int8[], $6::int8[])
            """, PGConn.binds { $0.add(fileID); $0.add(caller); $0.add(callee); $0.add(type); $0.add(time); $0.add(duration) })
        counts.calls += calls.count
        rowsRead += calls.count
    }

    private func addIMAccounts(_ all: [IMAccountRecord]) throws {
        let rows = lastOfEachKey(all) { [$0.platform.rawValue, $0.account] }
        var platform = PGArray.text(), account = PGArray.text(), phone = PGArray.text(), registered = PGArray.int8(), ip = PGArray.text()
        for r in rows {
            platform.append(r.platform.rawValue); account.append(r.account); phone.append(r.phone)
            registered.append(r.registeredAt?.seconds); ip.append(r.ip)
        }
        try db.run("""
            DELETE FROM im_account a USING unnest($1::text[], $2::text[]) AS u(platform, account)
            WHERE a.platform = u.platform AND a.account = u.account
            """, PGConn.binds { $0.add(platform); $0.add(account) })
        try db.run("""
            INSERT INTO im_account (platform, account, phone, registered_at, ip, file_id)
            SELECT u.*, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[]) AS u
            """, PGConn.binds { $0.add(platform); $0.add(account); $0.add(phone); $0.add(registered); $0.add(ip); $0.add(fileID) })
        counts.imAccounts += all.count
        rowsRead += all.count
    }

    private func addIMUnblocks(_ rows: [IMUnblockRecord]) throws {
        var platform = PGArray.text(), account = PGArray.text(), time = PGArray.int8(), method = PGArray.text(), helpers = PGArray.text()
        for r in rows {
            platform.append(r.platform.rawValue); account.append(r.account); time.append(r.time.seconds); method.append(r.method)
            helpers.append(r.helpers.joined(separator: ";"))
        }
        counts.imUnblocks += try db.run("""
            INSERT INTO im_unblock (platform, account, time, method, helpers, file_id)
            SELECT u.*, $6 FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[]) AS u ON CONFLICT DO NOTHING
            """, PGConn.binds { $0.add(platform); $0.add(account); $0.add(time); $0.add(method); $0.add(helpers); $0.add(fileID) })
        rowsRead += rows.count
    }

    private func addOrders(_ all: [OrderRecord]) throws {
        let rows = lastOfEachKey(all) { $0.waybill }
        var waybill = PGArray.text(), time = PGArray.int8(), name = PGArray.text(), phone = PGArray.text(), address = PGArray.text()
        var merchant = PGArray.text(), warehouse = PGArray.text(), courier = PGArray.text()
        for r in rows {
            waybill.append(r.waybill); time.append(r.time.seconds); name.append(r.recipientName); phone.append(r.recipientPhone)
            address.append(r.address); merchant.append(r.merchant); warehouse.append(r.warehouse); courier.append(r.courier)
        }
        try db.run("DELETE FROM order_record WHERE waybill = ANY($1::text[])", PGConn.binds { $0.add(waybill) })
        try db.run("""
            INSERT INTO order_record (waybill, time, recipient_name, recipient_phone, address, merchant, warehouse, courier, file_id)
            SELECT u.*, $9 FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u
            """, PGConn.binds {
                $0.add(waybill); $0.add(time); $0.add(name); $0.add(phone); $0.add(address); $0.add(merchant); $0.add(warehouse)
                $0.add(courier); $0.add(fileID)
            })
        counts.orders += all.count
        rowsRead += all.count
    }

    private func addTags(_ all: [TagRecord]) throws {
        let rows = lastOfEachKey(all) { [$0.kind, $0.value, $0.label] }
        var kind = PGArray.text(), value = PGArray.text(), label = PGArray.text(), source = PGArray.text()
        for r in rows { kind.append(r.kind); value.append(r.value); label.append(r.label); source.append(r.source) }
        try db.run("""
            DELETE FROM tag t USING unnest($1::text[], $2::text[], $3::text[]) AS u(kind, value, label)
            WHERE t.kind = u.kind AND t.value = u.value AND t.label = u.label
            """, PGConn.binds { $0.add(kind); $0.add(value); $0.add(label) })
        try db.run("""
            INSERT INTO tag (kind, value, label, source, file_id)
            SELECT u.*, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u
            """, PGConn.binds { $0.add(kind); $0.add(value); $0.add(label); $0.add(source); $0.add(fileID) })
        counts.tags += all.count
        rowsRead += all.count
    }

    private func addEvents(_ rows: [EventRecord]) throws {
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(rows.count, start + PostgresImportSession.entryBatch)]
            start = batch.endIndex
            let n = batch.count
            var time = PGArray.int8(capacity: n), type = PGArray.int2(capacity: n), subject = PGArray.text(capacity: n)
            var object = PGArray.text(capacity: n), amount = PGArray.int8(capacity: n), duration = PGArray.int8(capacity: n)
            var channel = PGArray.text(capacity: n), funding = PGArray.text(capacity: n)
            for r in batch {
                time.append(r.time.seconds); type.append(Int64(r.type.rawValue)); subject.append(r.subject); object.append(r.object)
                amount.append(r.amount?.fen); duration.append(r.duration); channel.append(r.channel); funding.append(r.funding)
            }
            try send("""
                INSERT INTO event (file_id, time, type, subject, object, amount_fen, duration, channel, funding)
                SELECT $1, * FROM unnest($2::int8[], $3::int2[], $4::text[], $5::text[], $6::int8[], $7::int8[], $8::text[], $9::text[])
                """, PGConn.binds {
                    $0.add(fileID); $0.add(time); $0.add(type); $0.add(subject); $0.add(object); $0.add(amount); $0.add(duration)
                    $0.add(channel); $0.add(funding)
                })
        }
        counts.events += rows.count
        rowsRead += rows.count
    }
}
