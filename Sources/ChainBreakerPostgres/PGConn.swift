import ChainBreakerStore
import Foundation
import PostgresNIO

/// Blocking helpers over one `PostgresConnection` (see `PGBridge`): statements with binary
/// parameters, rows decoded on the event loop as they arrive, transactions, and a one-deep
/// pipeline for bulk writes.
struct PGConn {
    let connection: PostgresConnection
    let logger: Logger

    /// Parameters of one statement, in `$1, $2, …` order.
    struct Binds {
        var bindings = PostgresBindings()
        init() {}
        mutating func add(_ a: PGArray) { bindings.append(a) }
        mutating func add(_ v: Int64) { bindings.append(v) }
        mutating func add(_ v: Int64?) { if let v { bindings.append(v) } else { bindings.appendNull() } }
        mutating func add(_ v: Int) { bindings.append(Int64(v)) }
        mutating func add(_ v: String) { bindings.append(v) }
        mutating func add(_ v: String?) { if let v { bindings.append(v) } else { bindings.appendNull() } }
        mutating func add(_ v: Double) { bindings.append(v) }
        mutating func add(_ v: Bool) { bindings.append(v) }
        /// Bytes as `bytea`.
        mutating func add(_ v: ByteBuffer?) { if let v { bindings.append(v) } else { bindings.appendNull() } }
    }

    static func binds(_ build: (inout Binds) -> Void) -> Binds { var b = Binds(); build(&b); return b }

    /// Runs one statement; returns the number of rows it affected (INSERT/UPDATE/DELETE) or returned.
    @discardableResult
    func run(_ sql: String, _ binds: Binds = Binds()) throws -> Int {
        try submit(sql, binds).finish()
    }

    /// Sends one statement without waiting: call `finish()` on the result (in order) later. The
    /// caller can prepare the next batch while the server writes this one.
    func submit(_ sql: String, _ binds: Binds = Binds()) -> Pending {
        Pending(future: connection.query(PostgresQuery(unsafeSQL: sql, binds: binds.bindings), logger: logger) { _ in }, sql: sql)
    }

    struct Pending {
        let future: EventLoopFuture<PostgresQueryMetadata>
        let sql: String
        func finish() throws -> Int {
            do { return try PGBridge.wait(future).rows ?? 0 } catch { throw PGFailure(error, sql: sql) }
        }
    }

    /// Runs a query and hands every row to `body`, on the connection's event loop, while the
    /// calling thread waits (the rows are not collected first).
    func each(_ sql: String, _ binds: Binds = Binds(), _ body: (inout PGRow) throws -> Void) throws {
        try withoutActuallyEscaping(body) { escapable in
            let box = RowSink(escapable)
            let f = connection.query(PostgresQuery(unsafeSQL: sql, binds: binds.bindings), logger: logger) { row in
                var r = PGRow(row)
                try box.call(&r)
            }
            defer { box.clear() }   // postgres-nio may keep its callback: `body` must not outlive this call
            do { _ = try PGBridge.wait(f) } catch { throw PGFailure(error, sql: sql) }
        }
    }

    /// Rows of a query, each mapped by `row`.
    func all<T>(_ sql: String, _ binds: Binds = Binds(), _ row: (inout PGRow) throws -> T) throws -> [T] {
        var out: [T] = []
        try each(sql, binds) { out.append(try row(&$0)) }
        return out
    }

    /// The first column of the first row as an integer (nil without rows or when NULL).
    func int(_ sql: String, _ binds: Binds = Binds()) throws -> Int64? {
        var v: Int64?
        var seen = false
        try each(sql, binds) { r in if !seen { seen = true; v = try r.intOrNil() } }
        return v
    }

    func text(_ sql: String, _ binds: Binds = Binds()) throws -> String? {
        var v: String?
        var seen = false
        try each(sql, binds) { r in if !seen { seen = true; v = try r.textOrNil() } }
        return v
    }

    /// Runs `body` in a transaction (committed when it returns, rolled back when it throws).
    func transaction<T>(_ begin: String = "BEGIN", _ body: () throws -> T) throws -> T {
        try run(begin)
        let value: T
        do { value = try body() } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
        try run("COMMIT")
        return value
    }
}

/// The `onRow` callback of postgres-nio must be `@Sendable`; the rows of one query are handed
/// over one at a time on one event loop while the thread that owns `body` is blocked waiting for
/// the query to finish. The lock orders the last row before `clear()` (after which rows that
/// might still arrive, e.g. after `body` threw, are dropped).
private final class RowSink: @unchecked Sendable {
    private var body: ((inout PGRow) throws -> Void)?
    private let lock = NSLock()
    init(_ body: @escaping (inout PGRow) throws -> Void) { self.body = body }
    func call(_ r: inout PGRow) throws {
        lock.lock(); defer { lock.unlock() }
        try body?(&r)
    }
    func clear() { lock.lock(); body = nil; lock.unlock() }
}

/// A failed statement, with the server's message (see `PGBridge.describe`) and the SQL.
struct PGFailure: Error, CustomStringConvertible {
    let underlying: Error
    let sql: String
    init(_ underlying: Error, sql: String) { self.underlying = underlying; self.sql = sql }
    var sqlState: String? { PGBridge.sqlState(underlying) }
    var description: String {
        if let e = underlying as? StoreError { return e.description }
        let short = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return PGBridge.describe(underlying) + " — in: " + (short.count > 160 ? String(short.prefix(160)) + "…" : short)
    }
}
