import ChainBreakerCore
import ChainBreakerStore
import GRDB

extension SQLiteStore {
    public func loadGraph() throws -> (TransferTable, AccountFacts) {
        try SQLiteStore.wrap(.read, "cannot load the transfer graph") {
            try pool.read { db in
                let (table, dense) = try TransferLoader.loadWithIDs(db)
                var facts = try AccountFactsLoader.load(db, dense: dense, count: table.accounts.count)
                facts.markLedgerAccounts(table)
                return (table, facts)
            }
        }
    }

    public func loadCases() throws -> [CaseReport] {
        try SQLiteStore.wrap(.read, "cannot load cases") {
            try pool.read { db in
                var cases: [CaseReport] = []
                var index: [String: Int] = [:]
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT id, line, reported_at, occurred_at, victim_name, victim_id, victim_phone, victim_gender, victim_age,
                           fraud_type, narrative, loss_fen, channel, fraud_type_source, fraud_type_confidence FROM case_report ORDER BY id
                    """)
                while let r = try rows.next() {
                    var c = CaseReport(id: r[0], line: r[1], reportedAt: Instant(seconds: r[2]), narrative: r[10], loss: Money(fen: r[11]))
                    c.occurredAt = (r[3] as Int64?).map { Instant(seconds: $0) }
                    c.victimName = r[4]; c.victimID = r[5]; c.victimPhone = r[6]; c.victimGender = r[7]
                    c.victimAge = r[8]; c.fraudType = r[9]; c.channel = r[12]
                    if (r[13] as String?) == "model" { c.fraudTypeConfidence = r[14] as Double? }
                    index[c.id] = cases.count
                    cases.append(c)
                }
                let ids = try Row.fetchCursor(db, sql: "SELECT case_id, role, value FROM case_identifier ORDER BY case_id, role, value")
                while let r = try ids.next() {
                    guard let i = index[r[0]] else { continue }
                    cases[i].addStoredIdentifier(role: r[1], value: r[2])
                }
                return cases
            }
        }
    }
}

/// Reads `AccountFacts` for the dense ids of a loaded transfer table. O(accounts + statement rows).
enum AccountFactsLoader {
    static func load(_ db: Database, dense: UInt64Map, count: Int) throws -> AccountFacts {
        var facts = AccountFacts()
        facts.hasStatement = [Bool](repeating: false, count: count)
        facts.holderID = [String?](repeating: nil, count: count)
        facts.holderName = [String?](repeating: nil, count: count)
        @inline(__always) func denseID(_ id: Int64) -> Int32? { dense[UInt64(bitPattern: id)].map { Int32($0) } }

        // Accounts with statement rows: one index seek per account (skip-scan of entry_account_time).
        let stmt = try RawStatement(db, "SELECT DISTINCT account_id FROM entry")
        while try stmt.step() { if let a = denseID(stmt.int64(column: 0)) { facts.hasStatement[Int(a)] = true } }
        stmt.reset()
        let info = try RawStatement(db, "SELECT account_id, holder_id, holder_name FROM account_info")
        while try info.step() {
            guard let a = denseID(info.int64(column: 0)) else { continue }
            if !info.isNull(column: 1) { facts.holderID[Int(a)] = info.text(column: 1) }
            if !info.isNull(column: 2) { facts.holderName[Int(a)] = info.text(column: 2) }
        }
        info.reset()
        // Accounts known only as counterparties: the holder other statements name.
        let cp = try RawStatement(db, "SELECT account_id, holder_id, holder_name FROM counterparty_holder")
        while try cp.step() {
            guard let a = denseID(cp.int64(column: 0)), facts.holderID[Int(a)] == nil else { continue }
            facts.holderID[Int(a)] = cp.text(column: 1)
            if facts.holderName[Int(a)] == nil, !cp.isNull(column: 2) { facts.holderName[Int(a)] = cp.text(column: 2) }
        }
        cp.reset()
        // Tags name accounts by number: resolve through the account table.
        let tags = try RawStatement(db, """
            SELECT a.id, t.label FROM tag t JOIN account a ON a.id = CAST(t.value AS INTEGER) AND a.number = t.value
              WHERE t.kind = 'account'
            UNION ALL
            SELECT a.id, t.label FROM tag t JOIN account a
              ON a.number = t.value AND a.id BETWEEN \(AccountKey.textRangeLow) AND \(AccountKey.textRangeHigh)
              WHERE t.kind = 'account'
            """)
        while try tags.step() { if let a = denseID(tags.int64(column: 0)) { facts.tags.append((a, tags.text(column: 1))) } }
        tags.reset()
        let devices = try RawStatement(db, "SELECT account_id, device FROM account_device")
        while try devices.step() { if let a = denseID(devices.int64(column: 0)) { facts.devices.append((a, devices.text(column: 1))) } }
        devices.reset()
        let sums = try RawStatement(db, "SELECT account_id, summary, n FROM account_summary")
        while try sums.step() {
            if let a = denseID(sums.int64(column: 0)) { facts.incomingSummaries.append((a, sums.text(column: 1), Int(sums.int64(column: 2)))) }
        }
        sums.reset()
        return facts
    }
}
