import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore
import Foundation
import PostgresNIO

/// The server store: PostgreSQL through postgres-nio, with the SQLite store's semantics
/// (`ChainBreakerSQLite`): one transaction per imported file, idempotent by content digest,
/// rejects kept, statement rows unique on account/serial/time/amount/direction, transfers derived
/// again from every statement row with `TransferDeduplicator` after each import.
///
/// Concurrency: a small pool of connections (`PGPool`); every call borrows one, so readers run
/// in parallel. Writers (imports, derivation, category predictions) take a transaction-level
/// advisory lock first, so there is one writer at a time, as with SQLite, also across processes.
/// Reads that must agree with each other (`loadGraph`, `counts`) run in one REPEATABLE READ
/// transaction. Calls block the calling thread (see `PGBridge`).
public final class PostgresStore: ChainBreakerStore, @unchecked Sendable {
    public let location: PostgresLocation
    let pool: PGPool
    let now: @Sendable () -> Int64

    /// Opens (and migrates) the store at a `postgres://` URL. Fails with `StoreError(.open)` when
    /// the server cannot be reached within the URL's `connect_timeout` (default 10 s).
    public convenience init(url: String, maxConnections: Int = 4, now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }) throws(StoreError) {
        try self.init(location: PostgresLocation(url: url), maxConnections: maxConnections, now: now)
    }

    public init(location: PostgresLocation, maxConnections: Int = 4, now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }) throws(StoreError) {
        self.location = location
        self.now = now
        pool = try PGPool(location: location, limit: maxConnections)
        do {
            try pool.with { conn in try PostgresSchema.migrate(PGConn(connection: conn, logger: pool.log), schema: location.schema) }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError(.migrate, "cannot create or migrate the tables at \(location)", cause: "\(error)")
        }
    }

    /// Drops the store's schema with everything in it (benchmarks and tests; only for a store
    /// opened with `schema=`; a store without one is left alone).
    public func dropSchema() throws {
        guard let schema = location.schema else { return }
        try with(.write, "cannot drop schema \(schema)") { db in try db.run("DROP SCHEMA \(schema) CASCADE") }
    }

    /// Closes the pool's connections. Later calls fail.
    public func close() { pool.close() }

    deinit { pool.close() }

    /// Runs `body` with a connection; errors become `StoreError(code, what, cause)`.
    @discardableResult
    func with<T>(_ code: StoreError.Code, _ what: @autoclosure () -> String, _ body: (PGConn) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.with { conn in try body(PGConn(connection: conn, logger: pool.log)) }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError(code, what(), cause: "\(error)")
        }
    }

    /// A read-only transaction that sees one snapshot.
    func snapshot<T>(_ what: @autoclosure () -> String, _ body: (PGConn) throws -> T) throws(StoreError) -> T {
        try with(.read, what()) { db in try db.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try body(db) } }
    }

    /// A write transaction holding the store's writer lock.
    func write<T>(_ what: @autoclosure () -> String, _ body: (PGConn) throws -> T) throws(StoreError) -> T {
        try with(.write, what()) { db in
            try db.transaction {
                try db.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.writerLock))")
                return try body(db)
            }
        }
    }

    public func importFile(_ file: FileInfo, _ body: (ImportSession) throws -> Void) throws -> FileImportCounts? {
        var bodyError: Error?
        do {
            return try write("cannot import \(file.path)") { db -> FileImportCounts? in
                if try db.int("SELECT id FROM file WHERE digest = $1", PGConn.binds { $0.add(file.digest) }) != nil { return nil }
                guard let fileID = try db.int("""
                    INSERT INTO file (path, kind, digest, bytes, imported_at) VALUES ($1, $2, $3, $4, $5) RETURNING id
                    """, PGConn.binds { $0.add(file.path); $0.add(file.kind.rawValue); $0.add(file.digest); $0.add(file.byteCount); $0.add(now()) })
                else { throw StoreError(.write, "cannot record the file \(file.path)") }
                let session = PostgresImportSession(db: db, fileID: fileID)
                do { try body(session); try session.finish() } catch { bodyError = error; throw error }
                try db.run("UPDATE file SET rows_read = $1, rows_rejected = $2 WHERE id = $3",
                           PGConn.binds { $0.add(session.rowsRead); $0.add(session.rejected); $0.add(fileID) })
                if file.kind == .statement || file.kind == .tenpay {
                    try db.run("INSERT INTO meta (key, value) VALUES ('transfers_stale', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                }
                return session.counts
            }
        } catch {
            // The transaction is rolled back either way; report the caller's own error as it was.
            if let bodyError { throw bodyError }
            throw error
        }
    }

    public func needsDerivation() throws -> Bool {
        try with(.read, "cannot read the PostgreSQL store") { db in try db.text("SELECT value FROM meta WHERE key = 'transfers_stale'") == "1" }
    }

    public func derivedTransferCount() throws -> Int {
        try with(.read, "cannot read the PostgreSQL store") { db in
            Int(try db.text("SELECT value FROM meta WHERE key = 'derived_transfers'") ?? "0") ?? 0
        }
    }

    public func deriveStatementTransfers() throws -> DerivationReport {
        try write("cannot derive transfers") { db in try PGTransferDerivation.run(db) }
    }

    public func counts() throws -> StoreCounts {
        try snapshot("cannot read the PostgreSQL store") { db in
            var c = StoreCounts()
            try db.each("""
                SELECT (SELECT count(*) FROM file), (SELECT count(*) FROM entry),
                       (SELECT count(*) FROM transfer) + (SELECT coalesce(sum(count), 0) FROM transfer_block), (SELECT count(*) FROM account),
                       (SELECT count(*) FROM case_report), (SELECT count(*) FROM call_record), (SELECT count(*) FROM im_account),
                       (SELECT count(*) FROM im_unblock), (SELECT count(*) FROM order_record), (SELECT count(*) FROM tag),
                       (SELECT count(*) FROM event), (SELECT count(*) FROM reject)
                """) { r in
                c.files = Int(try r.int()); c.entries = Int(try r.int()); c.transfers = Int(try r.int()); c.accounts = Int(try r.int())
                c.cases = Int(try r.int()); c.calls = Int(try r.int()); c.imAccounts = Int(try r.int()); c.imUnblocks = Int(try r.int())
                c.orders = Int(try r.int()); c.tags = Int(try r.int()); c.events = Int(try r.int()); c.rejects = Int(try r.int())
            }
            return c
        }
    }

    public func loadTransfers() throws -> TransferTable {
        try snapshot("cannot load transfers") { db in try PGTransferLoader.load(db).0 }
    }

    public func loadGraph() throws -> (TransferTable, AccountFacts) {
        try snapshot("cannot load the transfer graph") { db in
            let (table, dense) = try PGTransferLoader.load(db)
            var facts = try PGAccountFactsLoader.load(db, dense: dense, count: table.accounts.count)
            facts.markLedgerAccounts(table)
            return (table, facts)
        }
    }

    public func rejects() throws -> [RejectedRow] {
        try with(.read, "cannot read rejects") { db in
            try db.all("SELECT f.path, r.line, r.reason FROM reject r JOIN file f ON f.id = r.file_id ORDER BY r.file_id, r.line, r.id") { r in
                RejectedRow(file: try r.text(), line: Int(try r.int()), reason: try r.text())
            }
        }
    }

    public func setPredictedCaseCategories(_ predictions: [CaseCategoryPrediction]) throws -> CaseCategoryCounts {
        try write("cannot write case categories") { db in
            var counts = CaseCategoryCounts()
            guard !predictions.isEmpty else { return counts }
            // One statement: the predictions in order, each updating its case when the category is
            // empty or predicted; then per prediction whether it wrote, or found an analyst's label.
            // The last prediction of a case wins, as with one UPDATE after another.
            let last = Dictionary(predictions.enumerated().map { ($0.element.caseID, $0.offset) }, uniquingKeysWith: { _, b in b })
            var ids = PGArray.text(), labels = PGArray.text(), conf = PGArray.float8()
            for (k, p) in predictions.enumerated() where last[p.caseID] == k { ids.append(p.caseID); labels.append(p.category); conf.append(p.confidence) }
            let written = Set(try db.all("""
                UPDATE case_report c SET fraud_type = u.label, fraud_type_source = 'model', fraud_type_confidence = u.conf
                FROM unnest($1::text[], $2::text[], $3::float8[]) AS u(id, label, conf)
                WHERE c.id = u.id AND (c.fraud_type IS NULL OR trim(c.fraud_type) = '' OR c.fraud_type_source = 'model')
                RETURNING c.id
                """, PGConn.binds { $0.add(ids); $0.add(labels); $0.add(conf) }) { try $0.text() })
            let existing = Set(try db.all("SELECT id FROM case_report WHERE id = ANY($1::text[])",
                                          PGConn.binds { $0.add(PGArray.text(predictions.map(\.caseID))) }) { try $0.text() })
            for p in predictions {
                if written.contains(p.caseID) { counts.written += 1 } else if existing.contains(p.caseID) { counts.keptAnalyst += 1 }
            }
            return counts
        }
    }
}
