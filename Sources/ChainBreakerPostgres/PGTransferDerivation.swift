import ChainBreakerCore
import ChainBreakerStore
import PostgresNIO

/// Rebuilds the statement-derived transfers from every statement row (the SQLite store's
/// `TransferDerivation`, step for step): read all rows in id order, `TransferDeduplicator`,
/// replace `transfer` (ids 1…n), `entry_transfer`, and the per-account digests. Runs inside the
/// writer's transaction.
enum PGTransferDerivation {
    static func run(_ db: PGConn) throws -> DerivationReport {
        var numbers: [Int64: String] = [:]
        try db.each("SELECT id, number FROM account WHERE id BETWEEN \(PGAccountKey.textRangeLow) AND \(PGAccountKey.textRangeHigh)") { r in
            let id = try r.int()
            numbers[id] = try r.text()
        }
        func number(_ id: Int64) -> String {
            if let n = numbers[id] { return n }
            let n = String(UInt64(bitPattern: id))
            numbers[id] = n
            return n
        }
        let total = Int(try db.int("SELECT count(*) FROM entry") ?? 0)
        var entries: [StatementEntry] = []
        var entryIDs: [Int64] = []
        entries.reserveCapacity(total); entryIDs.reserveCapacity(total)
        var texts: [String: String] = [:]   // one String per distinct shared value
        func shared(_ t: String?) -> String? {
            guard let t else { return nil }
            if let s = texts[t] { return s }
            texts[t] = t
            return t
        }
        try db.each("""
            SELECT id, source, line, account_id, time, amount_fen, direction, counterparty_id, cp_name, summary, channel,
                   succeeded, serial, user_card_id, cp_card_id, business_type, account_number
            FROM entry ORDER BY id
            """) { r in
            let id = try r.int()
            let source = EntrySource(rawValue: UInt8(truncatingIfNeeded: try r.int())) ?? .bank
            let line = Int(try r.int())
            let account = number(try r.int())
            let time = try r.int(), amount = try r.int()
            let direction = Direction(rawValue: UInt8(truncatingIfNeeded: try r.int())) ?? .debit
            let counterparty = try r.intOrNil().map(number)
            let cpName = shared(try r.textOrNil()), summary = shared(try r.textOrNil()), channel = shared(try r.textOrNil())
            var e = StatementEntry(source: source, line: line, account: account, time: Instant(seconds: time), amount: Money(fen: amount),
                                   direction: direction, succeeded: try r.bool())
            e.counterparty = counterparty
            e.counterpartyName = cpName; e.summary = summary; e.channel = channel
            e.serial = try r.textOrNil()
            e.userCard = try r.intOrNil().map(number)
            e.counterpartyCard = try r.intOrNil().map(number)
            e.businessType = shared(try r.textOrNil()); e.accountNumber = shared(try r.textOrNil())
            entries.append(e)
            entryIDs.append(id)
        }
        let out = TransferDeduplicator().run(entries)

        let interner = PGAccountInterner(db)
        let n = out.transfers.count
        var ids = PGArray.int8(capacity: n), from = PGArray.int8(capacity: n), to = PGArray.int8(capacity: n)
        var amount = PGArray.int8(capacity: n), time = PGArray.int8(capacity: n), channel = PGArray.int2(capacity: n)
        var summary = PGArray.text(capacity: n), funding = PGArray.int8(capacity: n), reference = PGArray.text(capacity: n)
        for (k, t) in out.transfers.enumerated() {
            ids.append(Int64(k + 1))
            from.append(try interner.id(t.from)); to.append(try interner.id(t.to)); amount.append(t.amount.fen); time.append(t.time.seconds)
            channel.append(Int64(t.channel.rawValue)); summary.append(t.summary); funding.append(try interner.id(t.funding)); reference.append(t.reference)
        }
        try interner.flush()
        try db.run("DELETE FROM transfer")
        try db.run("""
            INSERT INTO transfer (id, from_id, to_id, amount_fen, time, channel, summary, funding_id, reference, origin)
            SELECT *, 1 FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[], $5::int8[], $6::int2[], $7::text[], $8::int8[], $9::text[])
            """, PGConn.binds {
                $0.add(ids); $0.add(from); $0.add(to); $0.add(amount); $0.add(time); $0.add(channel); $0.add(summary); $0.add(funding); $0.add(reference)
            })
        // Which statement rows make each transfer (the evidence an analyst opens).
        var linkEntry = PGArray.int8(capacity: entries.count), linkTransfer = PGArray.int8(capacity: entries.count)
        for (k, t) in out.transferOfEntry.enumerated() where t >= 0 { linkEntry.append(entryIDs[k]); linkTransfer.append(Int64(t) + 1) }
        try db.run("DELETE FROM entry_transfer")
        try db.run("INSERT INTO entry_transfer (entry_id, transfer_id) SELECT * FROM unnest($1::int8[], $2::int8[])",
                   PGConn.binds { $0.add(linkEntry); $0.add(linkTransfer) })
        try db.run("DELETE FROM account_device")
        try db.run("""
            INSERT INTO account_device (account_id, device)
              SELECT account_id, 'ip:' || ip FROM entry WHERE ip IS NOT NULL AND ip <> ''
              UNION SELECT account_id, 'mac:' || mac FROM entry WHERE mac IS NOT NULL AND mac <> ''
            """)
        // The first statement row (by id) that names a counterparty's holder, as SQLite's
        // INSERT OR IGNORE over the table in rowid order keeps.
        try db.run("DELETE FROM counterparty_holder")
        try db.run("""
            INSERT INTO counterparty_holder (account_id, holder_id, holder_name)
              SELECT DISTINCT ON (counterparty_id) counterparty_id, cp_id, cp_name FROM entry
              WHERE counterparty_id IS NOT NULL AND cp_id IS NOT NULL AND cp_id <> '' ORDER BY counterparty_id, id
            """)
        try db.run("DELETE FROM account_summary")
        try db.run("""
            INSERT INTO account_summary (account_id, summary, n)
              SELECT to_id, summary, count(*) FROM transfer
              WHERE to_id IS NOT NULL AND summary IS NOT NULL AND summary <> '' GROUP BY to_id, summary
            """)
        try db.run("""
            INSERT INTO meta (key, value) VALUES ('transfers_stale', '0'), ('derived_transfers', $1)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, PGConn.binds { $0.add(String(n)) })
        var report = DerivationReport()
        report.entries = entries.count
        report.transfers = n
        report.pairsMatched = out.pairsMatched
        report.cardRowsJoined = out.cardRowsJoined
        report.aliases = out.aliases.count
        return report
    }
}

/// Reads every transfer into columns with dense account ids (`0..<accounts.count`, in
/// `account.id` order, as the SQLite store numbers them): statement-derived transfers by id, then
/// mapped-dataset rows by id. Transfers arrive as binary arrays, a chunk of ids per row
/// (`array_agg` on the server), decoded straight into the preallocated columns: no per-transfer
/// row, cell or allocation on the client.
enum PGTransferLoader {
    /// Transfers per fetched chunk.
    static let chunk = 262_144

    static func load(_ db: PGConn) throws -> (TransferTable, UInt64Map) {
        var table = TransferTable()
        let accountCount = Int(try db.int("SELECT count(*) FROM account") ?? 0)
        var dense = UInt64Map(minimumCapacity: accountCount)
        table.accounts.reserveCapacity(accountCount)
        // Numeric ids are their own numbers: only text ids bring their number over the wire.
        try db.each("""
            SELECT id, CASE WHEN id BETWEEN \(PGAccountKey.textRangeLow) AND \(PGAccountKey.textRangeHigh) THEN number END
            FROM account ORDER BY id
            """) { r in
            let id = try r.int()
            dense.set(UInt64(bitPattern: id), Int64(table.accounts.count))
            table.accounts.append(try r.textOrNil() ?? String(UInt64(bitPattern: id)))
        }
        var n = 0
        try db.each("SELECT (SELECT count(*) FROM transfer), (SELECT count(*) FROM transfer_row)") { r in n = Int(try r.int() + r.int()) }
        table.from.reserveCapacity(n); table.to.reserveCapacity(n); table.amountFen.reserveCapacity(n)
        table.time.reserveCapacity(n); table.channel.reserveCapacity(n)
        var ids: [Int64] = []
        ids.reserveCapacity(chunk)
        for t in ["transfer", "transfer_row"] {
            var after = Int64.min
            while true {
                var rows = 0
                var last = after
                try db.each("""
                    SELECT count(*), max(id), array_agg(from_id ORDER BY id), array_agg(to_id ORDER BY id),
                           array_agg(amount_fen ORDER BY id), array_agg(time ORDER BY id), array_agg(channel ORDER BY id)
                    FROM (SELECT id, from_id, to_id, amount_fen, time, channel FROM \(t) WHERE id > $1 ORDER BY id LIMIT \(chunk)) s
                    """, PGConn.binds { $0.add(after) }) { r in
                    rows = Int(try r.int())
                    guard rows > 0 else { return }
                    last = try r.int()
                    try PGRow.elements(try r.next()) { e in
                        guard var b = e else { table.from.append(-1); return }
                        table.from.append(Int32(dense[UInt64(bitPattern: try PGRow.readInt(&b, width: 8))] ?? -1))
                    }
                    try PGRow.elements(try r.next()) { e in
                        guard var b = e else { table.to.append(-1); return }
                        table.to.append(Int32(dense[UInt64(bitPattern: try PGRow.readInt(&b, width: 8))] ?? -1))
                    }
                    try r.ints(into: &table.amountFen)
                    try r.ints(into: &table.time)
                    try PGRow.elements(try r.next()) { e in
                        guard var b = e else { table.channel.append(0); return }
                        table.channel.append(UInt8(truncatingIfNeeded: try PGRow.readInt(&b, width: 2)))
                    }
                }
                if rows < chunk { break }
                after = last
            }
        }
        guard table.from.count == table.amountFen.count, table.to.count == table.amountFen.count,
              table.time.count == table.amountFen.count, table.channel.count == table.amountFen.count else {
            throw StoreError(.corrupt, "transfer columns of different lengths")
        }
        return (table, dense)
    }
}

/// Reads `AccountFacts` for the dense ids of a loaded transfer table (the SQLite store's
/// `AccountFactsLoader`). Sparse facts come in account-id order.
enum PGAccountFactsLoader {
    static func load(_ db: PGConn, dense: UInt64Map, count: Int) throws -> AccountFacts {
        var facts = AccountFacts()
        facts.hasStatement = [Bool](repeating: false, count: count)
        facts.holderID = [String?](repeating: nil, count: count)
        facts.holderName = [String?](repeating: nil, count: count)
        @inline(__always) func denseID(_ id: Int64) -> Int32? { dense[UInt64(bitPattern: id)].map { Int32($0) } }

        // Accounts with statement rows: a loose index scan over entry_account_time.
        try db.each("""
            WITH RECURSIVE a(id) AS (
              (SELECT account_id FROM entry ORDER BY account_id LIMIT 1)
              UNION ALL
              SELECT (SELECT account_id FROM entry WHERE account_id > a.id ORDER BY account_id LIMIT 1) FROM a WHERE a.id IS NOT NULL)
            SELECT id FROM a WHERE id IS NOT NULL
            """) { r in if let a = denseID(try r.int()) { facts.hasStatement[Int(a)] = true } }
        try db.each("SELECT account_id, holder_id, holder_name FROM account_info") { r in
            guard let a = denseID(try r.int()) else { return }
            if let h = try r.textOrNil() { facts.holderID[Int(a)] = h }
            if let h = try r.textOrNil() { facts.holderName[Int(a)] = h }
        }
        // Accounts known only as counterparties: the holder other statements name.
        try db.each("SELECT account_id, holder_id, holder_name FROM counterparty_holder") { r in
            guard let a = denseID(try r.int()), facts.holderID[Int(a)] == nil else { return }
            facts.holderID[Int(a)] = try r.text()
            if facts.holderName[Int(a)] == nil, let h = try r.textOrNil() { facts.holderName[Int(a)] = h }
        }
        // Tags name accounts by number: resolve through the account table.
        try db.each("""
            SELECT a.id, t.label FROM tag t JOIN account a ON a.number = t.value
            WHERE t.kind = 'account' ORDER BY a.id, t.label COLLATE "C"
            """) { r in
            let id = try r.int()
            let label = try r.text()
            if let a = denseID(id) { facts.tags.append((a, label)) }
        }
        try db.each("SELECT account_id, device FROM account_device ORDER BY account_id, device COLLATE \"C\"") { r in
            let id = try r.int()
            let device = try r.text()
            if let a = denseID(id) { facts.devices.append((a, device)) }
        }
        try db.each("SELECT account_id, summary, n FROM account_summary ORDER BY account_id, summary COLLATE \"C\"") { r in
            let id = try r.int()
            let s = try r.text()
            let n = try r.int()
            if let a = denseID(id) { facts.incomingSummaries.append((a, s, Int(n))) }
        }
        return facts
    }
}
