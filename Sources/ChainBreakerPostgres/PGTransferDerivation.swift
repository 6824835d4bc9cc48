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
        try db.each("SELECT id, number FROM account WHERE id BETWEEN \(AccountKey.textRangeLow) AND \(AccountKey.textRangeHigh)") { r in
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
        try db.run("DELETE FROM transfer")
        try db.run("DELETE FROM entry_transfer")
        // Batches of `batch` rows, one statement each, the next encoded while the server stores
        // the previous one (new accounts are inserted before the batch that names them).
        let batch = 100_000
        var pending: PGConn.Pending?
        var start = 0
        while start < n {
            let end = min(n, start + batch)
            var ids = PGArray.int8(capacity: end - start), from = PGArray.int8(capacity: end - start), to = PGArray.int8(capacity: end - start)
            var amount = PGArray.int8(capacity: end - start), time = PGArray.int8(capacity: end - start), channel = PGArray.int2(capacity: end - start)
            var summary = PGArray.text(capacity: end - start), funding = PGArray.int8(capacity: end - start), reference = PGArray.text(capacity: end - start)
            for k in start..<end {
                let t = out.transfers[k]
                ids.append(Int64(k + 1))
                from.append(try interner.id(t.from)); to.append(try interner.id(t.to)); amount.append(t.amount.fen); time.append(t.time.seconds)
                channel.append(Int64(t.channel.rawValue)); summary.append(t.summary); funding.append(try interner.id(t.funding)); reference.append(t.reference)
            }
            try interner.flush()
            let next = db.submit("""
                INSERT INTO transfer (id, from_id, to_id, amount_fen, time, channel, summary, funding_id, reference, origin)
                SELECT *, 1 FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[], $5::int8[], $6::int2[], $7::text[], $8::int8[], $9::text[])
                """, PGConn.binds {
                    $0.add(ids); $0.add(from); $0.add(to); $0.add(amount); $0.add(time); $0.add(channel); $0.add(summary); $0.add(funding); $0.add(reference)
                })
            _ = try pending?.finish()
            pending = next
            start = end
        }
        // Which statement rows make each transfer (the evidence an analyst opens).
        start = 0
        while start < out.transferOfEntry.count {
            let end = min(out.transferOfEntry.count, start + 4 * batch)
            var linkEntry = PGArray.int8(capacity: end - start), linkTransfer = PGArray.int8(capacity: end - start)
            for k in start..<end where out.transferOfEntry[k] >= 0 { linkEntry.append(entryIDs[k]); linkTransfer.append(Int64(out.transferOfEntry[k]) + 1) }
            let next = db.submit("INSERT INTO entry_transfer (entry_id, transfer_id) SELECT * FROM unnest($1::int8[], $2::int8[])",
                                 PGConn.binds { $0.add(linkEntry); $0.add(linkTransfer) })
            _ = try pending?.finish()
            pending = next
            start = end
        }
        _ = try pending?.finish()
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
        try db.run(DerivedTables.dropAliasHolders)
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
/// mapped-dataset blocks by id. Derived transfers arrive as binary arrays, a chunk of ids per row
/// (`array_agg` on the server), blocks as little-endian `bytea` columns; both are decoded straight
/// into the preallocated columns: no per-transfer row, cell or allocation on the client.
enum PGTransferLoader {
    /// Transfer ids per fetched chunk.
    static let chunk = 262_144

    static func load(_ db: PGConn) throws -> (TransferTable, UInt64Map) {
        var table = TransferTable()
        let accountCount = Int(try db.int("SELECT count(*) FROM account") ?? 0)
        var dense = UInt64Map(minimumCapacity: accountCount)
        table.accounts.reserveCapacity(accountCount)
        // Every id in one binary array (no per-account row), sorted here; numeric ids are their
        // own numbers, so only the few text ids bring their number over the wire.
        var ids: [Int64] = []
        ids.reserveCapacity(accountCount)
        try db.each("SELECT array_agg(id) FROM account") { r in try r.ints(into: &ids) }
        ids.sort()
        var texts: [Int64: String] = [:]
        try db.each("SELECT id, number FROM account WHERE id BETWEEN \(AccountKey.textRangeLow) AND \(AccountKey.textRangeHigh)") { r in
            let id = try r.int()
            texts[id] = try r.text()
        }
        for id in ids {
            dense.set(UInt64(bitPattern: id), Int64(table.accounts.count))
            table.accounts.append(texts[id] ?? String(UInt64(bitPattern: id)))
        }
        var n = 0
        try db.each("SELECT (SELECT count(*) FROM transfer), (SELECT coalesce(sum(count), 0) FROM transfer_block)") { r in n = Int(try r.int() + r.int()) }
        table.from.reserveCapacity(n); table.to.reserveCapacity(n); table.amountFen.reserveCapacity(n)
        table.time.reserveCapacity(n); table.channel.reserveCapacity(n)
        // Chunks are id ranges (ids are dense: identity columns, 1…n for derived transfers), so the
        // plan is a range scan whatever the statistics say; each chunk also brings its ids, and a
        // chunk that arrives out of id order (the server does not promise array_agg's input order
        // without a sort, and an ORDER BY per array costs a sort per column) is put in order here.
        do {
            let t = "transfer"
            var bounds: (Int64, Int64)?
            try db.each("SELECT min(id), max(id) FROM \(t)") { r in
                if let lo = try r.intOrNil(), let hi = try r.intOrNil() { bounds = (lo, hi) }
            }
            var start = bounds?.0 ?? 1
            let hi = bounds?.1 ?? 0
            let lo = start
            while start <= hi {
                let base = table.amountFen.count
                var ids: [Int64] = []
                try db.each("""
                    SELECT array_agg(id), array_agg(from_id), array_agg(to_id), array_agg(amount_fen), array_agg(time), array_agg(channel)
                    FROM \(t) WHERE id >= $1 AND id < $2
                    """, PGConn.binds { $0.add(start); $0.add(start &+ Int64(chunk)) }) { r in
                    try r.ints(into: &ids)
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
                if !zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) { sortChunk(&table, from: base, ids: ids) }
                start = start &+ Int64(chunk)
                if start < lo { break }   // wrapped around
            }
        }
        // Columnar blocks of mapped datasets, in id order: each column one little-endian array.
        table.ledgerStart = table.count
        @inline(__always) func denseID(_ id: Int64) -> Int32 { id == AccountKey.cash ? -1 : Int32(dense[UInt64(bitPattern: id)] ?? -1) }
        try db.each("SELECT count, from_ids, to_ids, amounts, times, channels FROM transfer_block ORDER BY id") { r in
            let count = Int(try r.int())
            guard let from = try r.next(), let to = try r.next(), let amounts = try r.next(), let times = try r.next(),
                  let channels = try r.next(),
                  from.readableBytes == count * 8, to.readableBytes == count * 8, amounts.readableBytes == count * 8,
                  times.readableBytes == count * 8, channels.readableBytes == count else {
                throw StoreError(.corrupt, "a transfer block whose columns do not hold \(count) values")
            }
            from.withUnsafeReadableBytes { raw in
                for k in 0..<count { table.from.append(denseID(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: Int64.self)))) }
            }
            to.withUnsafeReadableBytes { raw in
                for k in 0..<count { table.to.append(denseID(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: Int64.self)))) }
            }
            amounts.withUnsafeReadableBytes { raw in
                for k in 0..<count { table.amountFen.append(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: Int64.self))) }
            }
            times.withUnsafeReadableBytes { raw in
                for k in 0..<count { table.time.append(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: Int64.self))) }
            }
            channels.withUnsafeReadableBytes { table.channel.append(contentsOf: $0) }
        }
        guard table.from.count == table.amountFen.count, table.to.count == table.amountFen.count,
              table.time.count == table.amountFen.count, table.channel.count == table.amountFen.count else {
            throw StoreError(.corrupt, "transfer columns of different lengths")
        }
        return (table, dense)
    }

    /// Puts the rows `base…` of the columns in the order of their `ids`.
    static func sortChunk(_ t: inout TransferTable, from base: Int, ids: [Int64]) {
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        func apply<T>(_ column: inout [T]) {
            let chunk = Array(column[base...])
            for (k, i) in order.enumerated() { column[base + k] = chunk[i] }
        }
        apply(&t.from); apply(&t.to); apply(&t.amountFen); apply(&t.time); apply(&t.channel)
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
