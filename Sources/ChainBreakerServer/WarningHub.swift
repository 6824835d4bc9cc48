import ChainBreakerCore
import Foundation

/// One warning as the feed serves it: already written as a JSON object (the engine's
/// `{"time", "subject", "level", "action", "reasons", "events"}`), numbered by the hub.
public struct FeedWarning: Sendable {
    public var time: Int64
    public var subject: String
    public var level: String
    public var json: [UInt8]
    public init(time: Int64, subject: String, level: String, json: [UInt8]) {
        self.time = time; self.subject = subject; self.level = level; self.json = json
    }
}

/// What turns ingested events into warnings (the warning engine, fed in arrival order).
public protocol WarningFeed: AnyObject, Sendable {
    func consume(_ events: [EventRecord]) -> [FeedWarning]
}

/// The most recent warnings (a ring of `capacity`), numbered from 1, for the long-poll feed
/// `GET /api/v1/warnings?after=SEQ&wait=S`. Memory is bounded by the ring.
final class WarningHub: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(seq: Int64, warning: FeedWarning)] = []
    private var head = 0
    private(set) var latest: Int64 = 0
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    func publish(_ ws: [FeedWarning]) {
        guard !ws.isEmpty else { return }
        lock.lock()
        for w in ws {
            latest += 1
            if items.count < capacity { items.append((latest, w)) } else { items[head] = (latest, w); head = (head + 1) % capacity }
        }
        lock.unlock()
    }

    var latestSeq: Int64 { lock.lock(); defer { lock.unlock() }; return latest }

    /// Warnings numbered after `after`, oldest first, at most `limit`.
    func since(_ after: Int64, limit: Int) -> [(seq: Int64, warning: FeedWarning)] {
        lock.lock(); defer { lock.unlock() }
        var out: [(seq: Int64, warning: FeedWarning)] = []
        let n = items.count
        for k in 0..<n {
            let it = items[(head + k) % n]
            if it.seq > after { out.append(it); if out.count >= limit { break } }
        }
        return out
    }
}
