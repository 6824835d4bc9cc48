import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API: binds integers and text without the
/// per-row allocations of `StatementArguments`, for bulk inserts. Owned by a GRDB `Statement`,
/// so it is finalised with it.
final class RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let db: Database
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    @inline(__always) func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(handle, i, v) }
    @inline(__always) func bind(_ i: Int32, _ v: Int) { sqlite3_bind_int64(handle, i, Int64(v)) }
    @inline(__always) func bind(_ i: Int32, _ v: Int64?) {
        if let v { sqlite3_bind_int64(handle, i, v) } else { sqlite3_bind_null(handle, i) }
    }
    @inline(__always) func bind(_ i: Int32, _ s: String?) {
        guard var s else { sqlite3_bind_null(handle, i); return }
        s.withUTF8 { b in
            _ = sqlite3_bind_text(handle, i, UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(b.count), RawStatement.transient)
        }
    }
    @inline(__always) func bind(_ i: Int32, bytes b: UnsafeBufferPointer<UInt8>) {
        _ = sqlite3_bind_text(handle, i, UnsafeRawPointer(b.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self), Int32(b.count), RawStatement.transient)
    }

    /// Binds the raw bytes of an array as a BLOB (copied by SQLite).
    func bind<T>(_ i: Int32, blob values: [T]) {
        values.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, i, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, Int32(raw.count), RawStatement.transient)
        }
    }

    /// A BLOB column decoded as an array of `T` (trivial types, native byte order).
    func blob<T>(column i: Int32, as: T.Type) -> [T] {
        let n = Int(sqlite3_column_bytes(handle, i)) / MemoryLayout<T>.stride
        guard n > 0, let p = sqlite3_column_blob(handle, i) else { return [] }
        return [T](unsafeUninitializedCapacity: n) { buf, count in
            UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(start: p, count: n * MemoryLayout<T>.stride))
            count = n
        }
    }

    /// Runs the statement once (discarding result rows) and resets it for the next bindings.
    @inline(__always) func run() throws {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        if rc != SQLITE_DONE && rc != SQLITE_ROW {
            throw StoreErrorBox(String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    /// Steps once and returns the first column as an integer if a row came back.
    @inline(__always) func int64() throws -> Int64? {
        let rc = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        if rc == SQLITE_ROW { return sqlite3_column_int64(handle, 0) }
        if rc == SQLITE_DONE { return nil }
        throw StoreErrorBox(String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
    }

    /// Steps a query: true while a row is available (call `reset()` when done).
    @inline(__always) func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw StoreErrorBox(String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
    }
    @inline(__always) func reset() { sqlite3_reset(handle) }
    @inline(__always) func int64(column i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    @inline(__always) func isNull(column i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    func text(column i: Int32) -> String {
        guard let p = sqlite3_column_text(handle, i) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i))), as: UTF8.self)
    }

    var changes: Int { Int(sqlite3_changes(sqlite3_db_handle(handle))) }
    var lastRowID: Int64 { sqlite3_last_insert_rowid(sqlite3_db_handle(handle)) }
}

struct StoreErrorBox: Error, CustomStringConvertible { let message: String; init(_ m: String) { message = m }; var description: String { message } }
