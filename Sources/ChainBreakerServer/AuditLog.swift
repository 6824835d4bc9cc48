import ChainBreakerStore
import Foundation

/// The audit log writer. Requests append their row to an in-memory buffer (one lock, no I/O on
/// the request path); a background task writes the buffer to the store's `audit_log` table in
/// one transaction every `interval` (100 ms by default) and when the server stops, so a crash
/// loses at most the last interval's rows, and a request never waits for the disk. Rows are
/// written in the order requests finished.
final class AuditLog: @unchecked Sendable {
    private let store: any ChainBreakerStore
    private let lock = NSLock()
    private var pending: [AuditEntry] = []
    private(set) var written = 0
    private(set) var failures = 0

    init(store: any ChainBreakerStore) { self.store = store }

    func append(_ e: AuditEntry) {
        lock.lock(); pending.append(e); lock.unlock()
    }

    var pendingCount: Int { lock.lock(); defer { lock.unlock() }; return pending.count }

    /// Writes what is pending (called by the flusher task, at shutdown, and by tests).
    func flush() {
        lock.lock()
        let rows = pending
        pending.removeAll(keepingCapacity: true)
        lock.unlock()
        guard !rows.isEmpty else { return }
        do {
            try store.appendAudit(rows)
            lock.lock(); written += rows.count; lock.unlock()
        } catch {
            // Keep the rows for the next attempt rather than lose them.
            lock.lock(); pending.insert(contentsOf: rows, at: 0); failures += 1; lock.unlock()
        }
    }

    /// Flushes every `interval` until the task is cancelled, then once more.
    func run(interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await Blocking.run { self.flush() }
        }
        flush()
    }
}

/// Runs blocking work (SQLite, tracing a city) on Dispatch's pool instead of Swift
/// concurrency's cooperative threads (two on this machine), so a long job never stalls the
/// event loop or the cheap requests.
enum Blocking {
    static let queue = DispatchQueue(label: "chainbreaker.server.jobs", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            queue.async {
                do { c.resume(returning: try body()) } catch { c.resume(throwing: error) }
            }
        }
    }

    static func run(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { c in queue.async { body(); c.resume() } }
    }
}
