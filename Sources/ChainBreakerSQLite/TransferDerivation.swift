import ChainBreakerCore
import ChainBreakerStore
import GRDB

/// Rebuilds the statement-derived transfers from every statement row in the store with
/// `TransferDeduplicator`, so that the result does not depend on the order files were imported
/// in (an alias learned from a later file, or the other party's statement arriving later, both
/// change the answer). O(n log n) in statement rows; runs inside one write transaction.
enum TransferDerivation {
    static func run(_ db: Database) throws -> DerivationReport {
        var numbers: [Int64: String] = [:]
        var ids: [String: Int64] = [:]
        let accounts = try Row.fetchCursor(db, sql: "SELECT id, number FROM account")
        while let r = try accounts.next() {
            let id: Int64 = r[0], n: String = r[1]
            numbers[id] = n; ids[n] = id
        }
        var entries: [StatementEntry] = []
        var entryIDs: [Int64] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, source, line, account_id, time, amount_fen, direction, counterparty_id, cp_name, summary, channel,
                   succeeded, serial, user_card_id, cp_card_id, business_type, account_number
            FROM entry ORDER BY id
            """)
        while let r = try rows.next() {
            let accountID: Int64 = r[3]
            var e = StatementEntry(source: EntrySource(rawValue: UInt8(r[1] as Int64)) ?? .bank, line: r[2], account: numbers[accountID] ?? "",
                                   time: Instant(seconds: r[4]), amount: Money(fen: r[5]),
                                   direction: Direction(rawValue: UInt8(r[6] as Int64)) ?? .debit, succeeded: (r[11] as Int64) != 0)
            e.counterparty = (r[7] as Int64?).flatMap { numbers[$0] }
            e.counterpartyName = r[8]; e.summary = r[9]; e.channel = r[10]; e.serial = r[12]
            e.userCard = (r[13] as Int64?).flatMap { numbers[$0] }
            e.counterpartyCard = (r[14] as Int64?).flatMap { numbers[$0] }
            e.businessType = r[15]; e.accountNumber = r[16]
            entries.append(e)
            entryIDs.append(r[0])
        }
        let out = TransferDeduplicator().run(entries)

        try db.execute(sql: "DELETE FROM transfer WHERE origin = 1")
        let insert = try RawStatement(db, "INSERT INTO transfer (from_id, to_id, amount_fen, time, channel, summary, funding_id, reference, origin) VALUES (?,?,?,?,?,?,?,?,1)")
        let newAccount = try RawStatement(db, "INSERT INTO account (number) VALUES (?)")
        func id(_ n: String?) throws -> Int64? {
            guard let n else { return nil }
            if let v = ids[n] { return v }
            newAccount.bind(1, n); try newAccount.run()
            ids[n] = newAccount.lastRowID
            return newAccount.lastRowID
        }
        var transferRowID: [Int64] = []
        transferRowID.reserveCapacity(out.transfers.count)
        for t in out.transfers {
            insert.bind(1, try id(t.from)); insert.bind(2, try id(t.to)); insert.bind(3, t.amount.fen); insert.bind(4, t.time.seconds)
            insert.bind(5, Int64(t.channel.rawValue)); insert.bind(6, t.summary); insert.bind(7, try id(t.funding)); insert.bind(8, t.reference)
            try insert.run()
            transferRowID.append(insert.lastRowID)
        }
        let link = try RawStatement(db, "UPDATE entry SET transfer_id = ? WHERE id = ?")
        for (k, t) in out.transferOfEntry.enumerated() {
            link.bind(1, t >= 0 ? transferRowID[Int(t)] : nil); link.bind(2, entryIDs[k]); try link.run()
        }
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers_stale', '0')")
        var report = DerivationReport()
        report.entries = entries.count
        report.transfers = out.transfers.count
        report.pairsMatched = out.pairsMatched
        report.cardRowsJoined = out.cardRowsJoined
        report.aliases = out.aliases.count
        return report
    }
}

/// Reads the transfer table into columns with dense account ids.
enum TransferLoader {
    static func load(_ db: Database) throws -> TransferTable {
        var table = TransferTable()
        var dense: [Int64: Int32] = [:]
        let accounts = try Row.fetchCursor(db, sql: "SELECT id, number FROM account ORDER BY id")
        while let r = try accounts.next() {
            dense[r[0]] = Int32(table.accounts.count)
            table.accounts.append(r[1])
        }
        let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM transfer") ?? 0
        table.from.reserveCapacity(n); table.to.reserveCapacity(n); table.amountFen.reserveCapacity(n)
        table.time.reserveCapacity(n); table.channel.reserveCapacity(n)
        let st = try db.makeStatement(sql: "SELECT from_id, to_id, amount_fen, time, channel FROM transfer ORDER BY time, id")
        let rows = try Row.fetchCursor(st)
        while let r = try rows.next() {
            table.from.append((r[0] as Int64?).flatMap { dense[$0] } ?? -1)
            table.to.append((r[1] as Int64?).flatMap { dense[$0] } ?? -1)
            table.amountFen.append(r[2]); table.time.append(r[3]); table.channel.append(UInt8(r[4] as Int64))
        }
        return table
    }
}
