import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerStore

/// The warning engine (`WarningEngine` through `WarnJob`'s adapter) behind the server's event
/// ingestion: knowledge from the store as of the server's start (ratings, tags, cases, groups),
/// then events in arrival order. The last 65,536 events are kept to write each warning's
/// evidence lines; memory stays bounded however long the stream.
final class EngineFeed: WarningFeed, @unchecked Sendable {
    private var adapter: WarningAdapter
    private var engine: WarningEngine
    private var recent: [EventRecord?]
    private let mask = (1 << 16) - 1

    init(store: any ChainBreakerStore, now: Int64) throws(AppError) {
        (adapter, engine) = try WarnJob.prepare(store: store, streamStart: now)
        recent = [EventRecord?](repeating: nil, count: mask + 1)
    }

    /// Called under `EventIngest`'s feed lock (one batch at a time).
    func consume(_ events: [EventRecord]) -> [FeedWarning] {
        var k = engine.knowledge
        var typed: [(WarningEvent, EventRecord)] = []
        typed.reserveCapacity(events.count)
        for r in events { if let e = adapter.event(r, &k) { typed.append((e, r)) } }
        engine.knowledge = k
        var raw: [Warning] = []
        for (e, r) in typed {
            recent[engine.processed & mask] = r
            engine.process(e, into: &raw)
        }
        return raw.map(render)
    }

    private func render(_ w: Warning) -> FeedWarning {
        let subject = adapter.name(w.subjectKind == .phone ? .phone : .account, w.subject)
        let lines = w.evidence.compactMap { seq -> String? in
            guard seq >= 0, engine.processed - seq <= mask, let r = recent[seq & mask] else { return nil }
            return WarnJob.line(r)
        }
        var o = JSONOut(capacity: 512)
        o.open("{")
        o.key("time"); o.string(Instant(seconds: w.time).iso8601)
        o.key("subject"); o.string(subject)
        o.key("level"); o.string(w.level.description)
        o.key("action"); o.string(w.action.description)
        o.key("detector"); o.string(w.detector.description)
        o.key("reasons"); o.strings(w.reasons.map { WarningEngine.render($0, name: adapter.name) })
        o.key("events"); o.strings(lines)
        o.close("}")
        return FeedWarning(time: w.time, subject: subject, level: w.level.description, json: o.bytes)
    }
}
