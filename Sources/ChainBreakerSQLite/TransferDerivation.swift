import ChainBreakerCore
import ChainBreakerStore
import GRDB

/// Rebuilds the statement-derived transfers from every statement row in the store with
/// `TransferDeduplicator`, so that the result does not depend on the order files were imported
/// in (an alias learned from a later file, or the other party's statement arriving later, both
/// change the answer). O(n log n) in statement rows; runs inside one write transaction.
enum TransferDerivation {
    static func run(_ db: Database) throws -> DerivationReport {
        // Account numbers by id: a numeric id is its own number (`AccountKey`); only the few
        // text ids are read from the table. Strings are cached so each is built once.
        var numbers: [Int64: String] = [:]
        let textAccounts = try RawStatement(db, "SELECT id, number FROM account WHERE id BETWEEN \(AccountKey.textRangeLow) AND \(AccountKey.textRangeHigh)")
        while try textAccounts.step() { numbers[textAccounts.int64(column: 0)] = textAccounts.text(column: 1) }
        textAccounts.reset()
        func number(_ id: Int64) -> String {
            if let n = numbers[id] { return n }
            let n = String(UInt64(bitPattern: id))
            numbers[id] = n
            return n
        }
        let interner = try AccountInterner(db)
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM entry") ?? 0
        var entries: [StatementEntry] = []
        var entryIDs: [Int64] = []
        entries.reserveCapacity(total); entryIDs.reserveCapacity(total)
        var texts: [String: String] = [:] // one String per distinct text value
        let rows = try RawStatement(db, """
            SELECT id, source, line, account_id, time, amount_fen, direction, counterparty_id, cp_name, summary, channel,
                   succeeded, serial, user_card_id, cp_card_id, business_type, account_number
            FROM entry ORDER BY id
            """)
        func text(_ i: Int32, shared: Bool) -> String? {
            if rows.isNull(column: i) { return nil }
            let t = rows.text(column: i)
            guard shared else { return t }
            if let s = texts[t] { return s }
            texts[t] = t
            return t
        }
        func optionalNumber(_ i: Int32) -> String? { rows.isNull(column: i) ? nil : number(rows.int64(column: i)) }
        while try rows.step() {
            var e = StatementEntry(source: EntrySource(rawValue: UInt8(truncatingIfNeeded: rows.int64(column: 1))) ?? .bank,
                                   line: Int(rows.int64(column: 2)), account: number(rows.int64(column: 3)),
                                   time: Instant(seconds: rows.int64(column: 4)), amount: Money(fen: rows.int64(column: 5)),
                                   direction: Direction(rawValue: UInt8(truncatingIfNeeded: rows.int64(column: 6))) ?? .debit,
                                   succeeded: rows.int64(column: 11) != 0)
            e.counterparty = optionalNumber(7)
            e.counterpartyName = text(8, shared: true); e.summary = text(9, shared: true); e.channel = text(10, shared: true)
            e.serial = text(12, shared: false)
            e.userCard = optionalNumber(13)
            e.counterpartyCard = optionalNumber(14)
            e.businessType = text(15, shared: true); e.accountNumber = text(16, shared: true)
            entries.append(e)
            entryIDs.append(rows.int64(column: 0))
        }
        rows.reset()
        let out = TransferDeduplicator().run(entries)

        try db.execute(sql: "DELETE FROM transfer WHERE origin = 1")
        let insert = try RawStatement(db, "INSERT INTO transfer (from_id, to_id, amount_fen, time, channel, summary, funding_id, reference, origin) VALUES (?,?,?,?,?,?,?,?,1)")
        func id(_ n: String?) throws -> Int64? { try interner.id(n) }
        var transferRowID: [Int64] = []
        transferRowID.reserveCapacity(out.transfers.count)
        for t in out.transfers {
            insert.bind(1, try id(t.from)); insert.bind(2, try id(t.to)); insert.bind(3, t.amount.fen); insert.bind(4, t.time.seconds)
            insert.bind(5, Int64(t.channel.rawValue)); insert.bind(6, t.summary); insert.bind(7, try id(t.funding)); insert.bind(8, t.reference)
            try insert.run()
            transferRowID.append(insert.lastRowID)
        }
        // Which statement rows make each transfer (the evidence an analyst opens), rebuilt in
        // entry order: appends, not updates.
        try db.execute(sql: "DELETE FROM entry_transfer")
        let link = try RawStatement(db, "INSERT INTO entry_transfer (entry_id, transfer_id) VALUES (?, ?)")
        for (k, t) in out.transferOfEntry.enumerated() where t >= 0 {
            link.bind(1, entryIDs[k]); link.bind(2, transferRowID[Int(t)]); try link.run()
        }
        try db.execute(sql: """
            DELETE FROM account_device;
            INSERT OR IGNORE INTO account_device (account_id, device)
              SELECT account_id, 'ip:' || ip FROM entry WHERE ip IS NOT NULL AND ip <> ''
              UNION ALL SELECT account_id, 'mac:' || mac FROM entry WHERE mac IS NOT NULL AND mac <> '';
            DELETE FROM counterparty_holder;
            INSERT OR IGNORE INTO counterparty_holder (account_id, holder_id, holder_name)
              SELECT counterparty_id, cp_id, cp_name FROM entry
              WHERE counterparty_id IS NOT NULL AND cp_id IS NOT NULL AND cp_id <> '';
            \(DerivedTables.dropAliasHolders);
            DELETE FROM account_summary;
            INSERT INTO account_summary (account_id, summary, n)
              SELECT to_id, summary, count(*) FROM transfer
              WHERE to_id IS NOT NULL AND summary IS NOT NULL AND summary <> '' GROUP BY to_id, summary;
            """)
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers_stale', '0'), ('derived_transfers', ?)",
                       arguments: [String(out.transfers.count)])
        var report = DerivationReport()
        report.entries = entries.count
        report.transfers = out.transfers.count
        report.pairsMatched = out.pairsMatched
        report.cardRowsJoined = out.cardRowsJoined
        report.aliases = out.aliases.count
        return report
    }
}

/// Reads the transfer table into columns with dense account ids (`0..<accounts.count`, in
/// `account.id` order), straight from the SQLite C API into preallocated arrays: one pass over
/// each table, O(accounts + transfers).
enum TransferLoader {
    static func load(_ db: Database) throws -> TransferTable { try loadWithIDs(db).0 }

    /// The table and the map account.id → dense id it used.
    static func loadWithIDs(_ db: Database) throws -> (TransferTable, UInt64Map) {
        var table = TransferTable()
        // account.id → dense index (ids are account numbers, see `AccountKey`).
        let accountCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM account") ?? 0
        var dense = UInt64Map(minimumCapacity: accountCount)
        table.accounts.reserveCapacity(accountCount)
        let accounts = try RawStatement(db, "SELECT id, number FROM account ORDER BY id")
        while try accounts.step() {
            dense.set(UInt64(bitPattern: accounts.int64(column: 0)), Int64(table.accounts.count))
            table.accounts.append(accounts.text(column: 1))
        }
        accounts.reset()
        let n = (try Int.fetchOne(db, sql: "SELECT count(*) FROM transfer") ?? 0)
            + (try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM transfer_block") ?? 0)
        table.from.reserveCapacity(n); table.to.reserveCapacity(n); table.amountFen.reserveCapacity(n)
        table.time.reserveCapacity(n); table.channel.reserveCapacity(n)
        // Rows in id order; analyses sort by time themselves (CSR per account).
        let rows = try RawStatement(db, "SELECT from_id, to_id, amount_fen, time, channel FROM transfer")
        while try rows.step() {
            table.from.append(rows.isNull(column: 0) ? -1 : Int32(dense[UInt64(bitPattern: rows.int64(column: 0))] ?? -1))
            table.to.append(rows.isNull(column: 1) ? -1 : Int32(dense[UInt64(bitPattern: rows.int64(column: 1))] ?? -1))
            table.amountFen.append(rows.int64(column: 2))
            table.time.append(rows.int64(column: 3))
            table.channel.append(UInt8(truncatingIfNeeded: rows.int64(column: 4)))
        }
        rows.reset()
        // Columnar blocks of mapped datasets.
        table.ledgerStart = table.count
        let blocks = try RawStatement(db, "SELECT from_ids, to_ids, amounts, times, channels FROM transfer_block ORDER BY id")
        @inline(__always) func denseID(_ id: Int64) -> Int32 {
            id == AccountKey.cash ? -1 : Int32(dense[UInt64(bitPattern: id)] ?? -1)
        }
        while try blocks.step() {
            for id in blocks.blob(column: 0, as: Int64.self) { table.from.append(denseID(id)) }
            for id in blocks.blob(column: 1, as: Int64.self) { table.to.append(denseID(id)) }
            table.amountFen.append(contentsOf: blocks.blob(column: 2, as: Int64.self))
            table.time.append(contentsOf: blocks.blob(column: 3, as: Int64.self))
            table.channel.append(contentsOf: blocks.blob(column: 4, as: UInt8.self))
        }
        blocks.reset()
        return (table, dense)
    }
}
