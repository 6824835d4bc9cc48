import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore
import Foundation

/// Event ingestion: JSON lines (or a JSON array of the same objects) → `EventRecord`s →
/// stored (one transaction per batch, through `ChainBreakerStore.importFile`) and fed, in
/// arrival order, to the warning engine, whose warnings go to the `WarningHub`.
///
/// A batch is stored under the digest of its bytes, so a client that re-sends a batch after a
/// timeout does not store it twice (the answer says `duplicate`).
final class EventIngest: @unchecked Sendable {
    struct Result: Sendable {
        var received = 0
        var stored = 0
        var rejected = 0
        var duplicate = false
        var warnings = 0
        var rejects: [RejectedRow] = []

        mutating func add(_ o: Result) {
            received += o.received; stored += o.stored; rejected += o.rejected; warnings += o.warnings
            if rejects.count < 20 { rejects += o.rejects.prefix(20 - rejects.count) }
        }

        /// Every event of a non-empty batch was rejected: the request fails (422) and the body
        /// carries the error envelope beside the counts and the reasons.
        var allRejected: Bool { received > 0 && rejected == received }

        func json() -> [UInt8] {
            var w = JSONOut()
            w.open("{")
            if allRejected {
                w.key("error"); w.open("{")
                w.key("code"); w.string("rejected_rows")
                w.key("message"); w.string("all \(received) event(s) were rejected; see rejects")
                w.close("}")
            }
            w.key("received"); w.int(received); w.key("stored"); w.int(stored); w.key("rejected"); w.int(rejected)
            w.key("duplicate"); w.bool(duplicate); w.key("warnings"); w.int(warnings)
            w.key("rejects"); w.open("[")
            for r in rejects.prefix(20) { w.element(); w.open("{"); w.key("line"); w.int(r.line); w.key("reason"); w.string(r.reason); w.close("}") }
            w.close("]")
            w.close("}")
            return w.bytes
        }
    }

    let store: any ChainBreakerStore
    let hub: WarningHub
    private let feedLock = NSLock()
    private var feed: (any WarningFeed)?
    private let counterLock = NSLock()
    private var streamBatches = 0

    init(store: any ChainBreakerStore, hub: WarningHub, feed: (any WarningFeed)?) {
        self.store = store; self.hub = hub; self.feed = feed
    }

    func setFeed(_ f: (any WarningFeed)?) { feedLock.lock(); feed = f; feedLock.unlock() }

    var hasFeed: Bool { feedLock.lock(); defer { feedLock.unlock() }; return feed != nil }

    /// Parses JSON lines or a JSON array of objects. Line numbers in rejects count from `firstLine`.
    static func parse(_ bytes: [UInt8], firstLine: Int = 1) throws(APIError) -> (records: [EventRecord], rejects: [RejectedRow], rows: Int) {
        var body = bytes
        if let first = body.firstIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), body[first] == 0x5B {
            body = try arrayToLines(body, from: first)
        }
        do {
            let parsed = try body.withUnsafeBufferPointer { try EventParser.parse($0, file: "api") }
            let rejects = parsed.rejects.map { RejectedRow(file: "api", line: $0.line + firstLine - 1, reason: $0.reason) }
            return (parsed.records, rejects, parsed.rowsRead)
        } catch {
            throw APIError(.badRequest, "invalid_json", "the events could not be read: \(error)")
        }
    }

    /// `[{…},{…}]` → `{…}\n{…}\n`: splits the top-level array at depth-1 commas (strings respected).
    static func arrayToLines(_ b: [UInt8], from start: Int) throws(APIError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var depth = 0, inString = false, escaped = false, closed = false
        var i = start + 1
        while i < b.count {
            let c = b[i]
            if closed {
                if c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09 { throw APIError(.badRequest, "invalid_json", "text after the end of the JSON array") }
                i += 1; continue
            }
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
            } else {
                switch c {
                case 0x22: inString = true; out.append(c)
                case 0x7B, 0x5B: depth += 1; out.append(c)
                case 0x7D: depth -= 1; out.append(c); if depth < 0 { throw APIError(.badRequest, "invalid_json", "unbalanced braces in the JSON array") }
                case 0x5D:
                    if depth == 0 { closed = true } else { depth -= 1; out.append(c) }
                case 0x2C where depth == 0: out.append(0x0A)
                case 0x0A, 0x0D: out.append(0x20)
                default: out.append(c)
                }
            }
            i += 1
        }
        guard closed, !inString, depth == 0 else { throw APIError(.badRequest, "invalid_json", "the JSON array is not closed") }
        out.append(0x0A)
        return out
    }

    /// Stores `records` as one batch under `digest`; returns how many were stored (0 if the
    /// batch was stored before).
    func store(_ records: [EventRecord], digest: String, bytes: Int) throws -> (stored: Int, duplicate: Bool) {
        guard !records.isEmpty else { return (0, false) }
        let counts = try store.importFile(FileInfo(path: "api:/api/v1/events", kind: .events, digest: digest, byteCount: bytes)) { session in
            try session.add(.events(records))
        }
        guard let counts else { return (0, true) }
        return (counts.events, false)
    }

    /// Feeds the warning engine (in arrival order across requests) and publishes its warnings.
    func warn(_ records: [EventRecord]) -> Int {
        guard !records.isEmpty else { return 0 }
        feedLock.lock()
        let ws = feed?.consume(records) ?? []
        feedLock.unlock()
        hub.publish(ws)
        return ws.count
    }

    /// One batch request: parse, store, warn.
    func ingestBatch(_ bytes: [UInt8]) throws -> Result {
        let (records, rejects, rows) = try EventIngest.parse(bytes)
        var r = Result(received: rows, rejected: rejects.count, rejects: Array(rejects.prefix(20)))
        let digest = "events:api:" + bytes.withUnsafeBufferPointer { ContentDigest.hex($0) }
        let s = try store(records, digest: digest, bytes: bytes.count)
        r.stored = s.stored
        r.duplicate = s.duplicate
        if !s.duplicate { r.warnings = warn(records) }
        return r
    }

    /// A unique digest for one stored piece of a streamed request.
    func streamDigest() -> String {
        counterLock.lock(); streamBatches += 1; let n = streamBatches; counterLock.unlock()
        return "events:stream:\(UUID().uuidString):\(n)"
    }
}
