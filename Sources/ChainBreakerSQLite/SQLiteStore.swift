import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded default store: one SQLite file through GRDB's `DatabasePool` (WAL mode:
/// concurrent readers, one writer). Bulk writes go through `RawStatement`.
public final class SQLiteStore: ChainBreakerStore, @unchecked Sendable {
    public let path: String
    let pool: DatabasePool
    /// Injected clock (UTC seconds) for `imported_at`.
    let now: @Sendable () -> Int64

    public init(path: String, now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }) throws(StoreError) {
        self.path = path
        self.now = now
        var config = Configuration()
        // Several commands may open the same file at once (two analysts' queries, the server
        // and an import): wait for a writer's lock instead of failing at once.
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError(.open, "cannot open the database \(path)", cause: "\(error)")
        }
        do {
            // A store already at the latest schema is opened without a write transaction.
            let migrator = Schema.migrator()
            if try !pool.read(migrator.hasCompletedMigrations) { try migrator.migrate(pool) }
        } catch {
            throw StoreError(.migrate, "cannot migrate the database \(path)", cause: "\(error)")
        }
    }

    static func wrap<T>(_ code: StoreError.Code, _ what: String, _ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch let e as StoreError { throw e } catch {
            throw StoreError(code, what, cause: "\(error)")
        }
    }

    public func importFile(_ file: FileInfo, _ body: (ImportSession) throws -> Void) throws -> FileImportCounts? {
        var bodyError: Error?
        do {
            return try pool.write { db -> FileImportCounts? in
                if try Int64.fetchOne(db, sql: "SELECT id FROM file WHERE digest = ?", arguments: [file.digest]) != nil { return nil }
                try db.execute(sql: "INSERT INTO file (path, kind, digest, bytes, imported_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [file.path, file.kind.rawValue, file.digest, file.byteCount, now()])
                let fileID = db.lastInsertedRowID
                let session = try SQLiteImportSession(db: db, fileID: fileID)
                do { try body(session) } catch { bodyError = error; throw error }
                try db.execute(sql: "UPDATE file SET rows_read = ?, rows_rejected = ? WHERE id = ?",
                               arguments: [session.rowsRead, session.rejected, fileID])
                if file.kind == .statement || file.kind == .tenpay {
                    try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers_stale', '1')")
                }
                return session.counts
            }
        } catch {
            // The transaction is rolled back either way; report the caller's own error as it was.
            if let bodyError { throw bodyError }
            if let e = error as? StoreError { throw e }
            throw StoreError(.write, "cannot import \(file.path)", cause: "\(error)")
        }
    }

    public func needsDerivation() throws -> Bool {
        try SQLiteStore.wrap(.read, "cannot read the database") {
            try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'transfers_stale'") == "1" }
        }
    }

    public func derivedTransferCount() throws -> Int {
        try SQLiteStore.wrap(.read, "cannot read the database") {
            try pool.read { db in Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'derived_transfers'") ?? "0") ?? 0 }
        }
    }

    public func deriveStatementTransfers() throws -> DerivationReport {
        try SQLiteStore.wrap(.write, "cannot derive transfers") {
            try pool.write { db in try TransferDerivation.run(db) }
        }
    }

    public func counts() throws -> StoreCounts {
        try SQLiteStore.wrap(.read, "cannot read the database") {
            try pool.read { db in
                func n(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
                var c = StoreCounts()
                c.files = try n("file"); c.entries = try n("entry")
                c.transfers = try n("transfer") + (try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM transfer_block") ?? 0)
                c.accounts = try n("account")
                c.cases = try n("case_report"); c.calls = try n("call_record"); c.imAccounts = try n("im_account")
                c.imUnblocks = try n("im_unblock"); c.orders = try n("order_record"); c.tags = try n("tag")
                c.events = try n("event"); c.rejects = try n("reject")
                return c
            }
        }
    }

    public func loadTransfers() throws -> TransferTable {
        try SQLiteStore.wrap(.read, "cannot load transfers") {
            try pool.read { db in try TransferLoader.load(db) }
        }
    }

    public func rejects() throws -> [RejectedRow] {
        try SQLiteStore.wrap(.read, "cannot read rejects") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT f.path, r.line, r.reason FROM reject r JOIN file f ON f.id = r.file_id ORDER BY r.file_id, r.line")
                    .map { RejectedRow(file: $0[0], line: $0[1], reason: $0[2]) }
            }
        }
    }

    /// Runs a read-only closure on a reader connection (for adapters that need raw SQL).
    public func read<T>(_ body: (Database) throws -> T) throws -> T { try pool.read(body) }
}
