import ChainBreakerStore
import Foundation
import PostgresNIO

/// The synchronous ↔ asynchronous bridge.
///
/// `ChainBreakerStore` is synchronous: the CLI calls it from the main thread, the server from its
/// `Blocking` Dispatch pool. postgres-nio is asynchronous: a connection lives on a NIO event loop
/// and answers with `EventLoopFuture`s. The store uses postgres-nio's future-based API (no Swift
/// concurrency in between: no task to start, no executor hop) and blocks the *calling* thread until
/// the future completes. That is safe because the connections run on NIO's shared
/// `MultiThreadedEventLoopGroup.singleton`, whose threads never wait for the caller; it would
/// deadlock if the caller were itself one of those event-loop threads, so every blocking entry
/// point checks that it is not (`MultiThreadedEventLoopGroup.currentEventLoop == nil`) and fails
/// with a clear `StoreError` instead of hanging.
enum PGBridge {
    /// Blocks until `future` completes (optionally: at most `timeout`). Never call on an event loop.
    static func wait<T: Sendable>(_ future: EventLoopFuture<T>, timeout: TimeAmount? = nil) throws -> T {
        guard MultiThreadedEventLoopGroup.currentEventLoop == nil else { throw PGBridge.onEventLoop() }
        guard let timeout else { return try future.wait() }
        let promise = future.eventLoop.makePromise(of: T.self)
        let timer = future.eventLoop.scheduleTask(in: timeout) { promise.fail(TimedOut()) }
        future.whenComplete { r in timer.cancel(); promise.completeWith(r) }
        return try promise.futureResult.wait()
    }

    static func onEventLoop() -> StoreError {
        StoreError(.read, "the PostgreSQL store was called on a NIO event-loop thread",
                   cause: "its methods block until the database answers; call them from a plain thread or Dispatch queue")
    }

    struct TimedOut: Error, CustomStringConvertible { var description: String { "timed out" } }

    /// A readable cause for an error thrown by postgres-nio. `PSQLError.description` is redacted on
    /// purpose; the server's message, SQLSTATE and detail are what a person needs.
    static func describe(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let info = e.serverInfo {
                var s = info[.message] ?? "server error"
                if let state = info[.sqlState] { s += " [SQLSTATE \(state)]" }
                if let d = info[.detail] { s += "; " + d }
                if let h = info[.hint] { s += "; hint: " + h }
                return s
            }
            if let u = e.underlying { return "\(e.code): \(u)" }
            return "\(e.code)"
        }
        if let e = error as? PostgresDecodingError { return String(reflecting: e) }
        return "\(error)"
    }

    /// SQLSTATE of a server error, if it is one.
    static func sqlState(_ error: Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }
}

/// A small blocking pool of connections: at most `limit` open, idle ones reused. One connection
/// per call of the store (a read, or a whole import transaction), so concurrent readers each have
/// their own and an import holds its connection for its transaction.
final class PGPool: @unchecked Sendable {
    let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let limit: Int
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var closed = false
    private let logger: Logger
    private static let ids = IDCounter()

    init(location: PostgresLocation, limit: Int) throws(StoreError) {
        self.location = location
        configuration = try location.configuration()
        self.limit = max(1, limit)
        var l = Logger(label: "chainbreaker.postgres")
        l.logLevel = .critical
        logger = l
    }

    var log: Logger { logger }

    /// Opens one connection (connect + authenticate), waiting at most the connect timeout plus a
    /// little: a server that accepts the socket and never answers fails too.
    func connect() throws(StoreError) -> PostgresConnection {
        let el = MultiThreadedEventLoopGroup.singleton.any()
        let future = PostgresConnection.connect(on: el, configuration: configuration, id: PGPool.ids.next(), logger: logger)
        do {
            return try PGBridge.wait(future, timeout: .seconds(Int64(location.connectTimeoutSeconds) + 2))
        } catch let e as StoreError {
            throw e
        } catch {
            future.whenSuccess { c in c.close().whenComplete { _ in _ = c } }   // a late success: do not leak it
            throw StoreError(.open, "cannot connect to PostgreSQL at \(location)", cause: PGBridge.describe(error))
        }
    }

    /// Runs `body` with a connection of the pool (opened when none is idle and fewer than `limit`
    /// are open; else waits for one). A connection that failed is closed, not returned.
    func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        guard MultiThreadedEventLoopGroup.currentEventLoop == nil else { throw PGBridge.onEventLoop() }
        let conn = try checkout()
        var healthy = false
        defer { checkin(conn, healthy: healthy && !conn.isClosed) }
        let value = try body(conn)
        healthy = true
        return value
    }

    private func checkout() throws(StoreError) -> PostgresConnection {
        condition.lock()
        while true {
            if closed { condition.unlock(); throw StoreError(.read, "the PostgreSQL store is closed") }
            if let c = idle.popLast() {
                condition.unlock()
                if c.isClosed { condition.lock(); open -= 1; continue }
                return c
            }
            if open < limit { open += 1; break }
            condition.wait()
        }
        condition.unlock()
        do { return try connect() } catch {
            condition.lock(); open -= 1; condition.signal(); condition.unlock()
            throw error
        }
    }

    private func checkin(_ conn: PostgresConnection, healthy: Bool) {
        condition.lock()
        if healthy && !closed { idle.append(conn) } else { open -= 1; conn.close().whenComplete { _ in _ = conn } }
        condition.signal()
        condition.unlock()
    }

    /// Closes the idle connections; later calls fail. Connections in use close when returned.
    func close() {
        condition.lock()
        closed = true
        let conns = idle
        idle.removeAll()
        open -= conns.count
        condition.broadcast()
        condition.unlock()
        for c in conns { _ = try? PGBridge.wait(c.close(), timeout: .seconds(5)) }
    }

    deinit {
        for c in idle { c.close().whenComplete { _ in _ = c } }
    }
}

final class IDCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
