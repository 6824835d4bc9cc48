import ChainBreakerCore
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation

extension Bench {
    /// Early warning: the store's knowledge as of the stream start (timed apart), events parsed
    /// and interned once outside the timed loop, then the typed stream replayed `replays` times
    /// through one engine with times shifted by the stream's span each time (the same people
    /// again, weeks later: state must stay flat). Reports throughput, per-event latency
    /// percentiles (each `process` timed alone, monotonic clock), resident memory and the
    /// engine's table sizes after the first and the last replay.
    public static func warn(db: String, events path: String?, reps: Int, replays: Int) throws -> [Figure] {
        let store = try SQLiteStore(path: db)
        let records = try path.map { try WarnJob.readEvents(path: $0) } ?? store.loadEvents(type: nil)
        guard let first = records.first, let last = records.last else { throw AppError(.input, "no events") }
        var out: [Figure] = []
        var prepared: (adapter: WarningAdapter, engine: WarningEngine)?
        out.append(try figure("warn: knowledge as of the stream start (ratings, tags, cases; RiskIndex)", reps: 1) {
            prepared = try WarnJob.prepare(store: store, streamStart: first.time.seconds); return prepared!.adapter.index.count
        })
        var (adapter, engine0) = prepared!
        var k = engine0.knowledge
        var typed: [WarningEvent] = []
        out.append(figure("warn: intern \(records.count) events to dense ids (outside the timed loop)", reps: 1) {
            typed.removeAll(keepingCapacity: true)
            for r in records { if let e = adapter.event(r, &k) { typed.append(e) } }
            return typed.count
        })
        engine0.knowledge = k
        let span = last.time.seconds - first.time.seconds + 86_400
        var warnings: [Warning] = []
        warnings.reserveCapacity(4096)
        // Throughput: `replays` shifted copies through one engine.
        var sizes: [String] = []
        var rss: [Int] = []
        var total = 0
        out.append(figure("warn: replay \(typed.count) events × \(replays) (times shifted), one engine", reps: reps) {
            var engine = engine0
            total = 0
            sizes.removeAll(); rss.removeAll()
            for r in 0..<replays {
                let shift = Int64(r) * span
                for var e in typed { e.time += shift; engine.process(e, into: &warnings) }
                total += typed.count
                if r == 0 || r == replays - 1 {
                    let s = engine.stateSize
                    sizes.append("after replay \(r + 1): phones \(s.phones), accounts \(s.accounts), sites \(s.sites), APPs \(s.apps), pair slots used \(s.pairsUsed)/\(s.pairSlots)")
                    rss.append(residentKB())
                }
                warnings.removeAll(keepingCapacity: true)
            }
            return total
        })
        out[out.count - 1].note = sizes.joined(separator: "; ") + "; RSS \(rss.map { "\($0 / 1024) MB" }.joined(separator: " → "))"
        // Latency: each event timed alone over one replay.
        var engine = engine0
        var lat = [Double](repeating: 0, count: typed.count)
        for (i, e) in typed.enumerated() {
            let t0 = clock()
            engine.process(e, into: &warnings)
            lat[i] = clock() - t0
        }
        lat.sort()
        let p = { (q: Double) in lat[min(lat.count - 1, Int(Double(lat.count) * q))] * 1e6 }
        out.append(Figure(task: "warn: per-event latency (µs), \(typed.count) events", best_s: 0, median_s: 0, reps: 1, rows: typed.count, rows_per_s: 0, mb_per_s: nil,
                          note: String(format: "p50 %.3f µs, p99 %.3f µs, p99.9 %.3f µs, max %.1f µs; %d warnings", p(0.5), p(0.99), p(0.999), (lat.last ?? 0) * 1e6, warnings.count)))
        return out
    }

    /// Resident set size in KB (/proc/self/statm; 0 where unavailable).
    static func residentKB() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let parts = s.split(separator: " ")
        guard parts.count > 1, let pages = Int(parts[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }
}
