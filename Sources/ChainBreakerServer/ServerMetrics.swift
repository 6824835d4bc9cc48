import Foundation

/// Request counts by route and status and a latency histogram per route, written by hand in
/// the Prometheus text exposition format (version 0.0.4). Routes are the router's patterns
/// (`/api/v1/risk/{kind}/{value}`), never raw paths, so the label set stays bounded.
final class ServerMetrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, seconds.
    static let bounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Histogram {
        var buckets = [UInt64](repeating: 0, count: ServerMetrics.bounds.count)
        var count: UInt64 = 0
        var sum: Double = 0
    }

    private let lock = NSLock()
    private var counts: [String: [Int: UInt64]] = [:]
    private var latency: [String: Histogram] = [:]
    private var counters: [String: UInt64] = [:]

    func record(route: String, status: Int, seconds: Double) {
        lock.lock()
        counts[route, default: [:]][status, default: 0] += 1
        var h = latency[route] ?? Histogram()
        // Buckets are stored non-cumulative and summed when written.
        if let i = ServerMetrics.bounds.firstIndex(where: { seconds <= $0 }) { h.buckets[i] += 1 }
        h.count += 1
        h.sum += seconds
        latency[route] = h
        lock.unlock()
    }

    /// A plain counter (events ingested, warnings raised, …).
    func add(_ name: String, _ n: Int) {
        lock.lock(); counters[name, default: 0] += UInt64(max(0, n)); lock.unlock()
    }

    func counter(_ name: String) -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        return counters[name] ?? 0
    }

    func requests(route: String, status: Int) -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        return counts[route]?[status] ?? 0
    }

    /// The exposition text; `gauges` are sampled by the caller at scrape time.
    func text(gauges: [(name: String, help: String, value: Double)]) -> String {
        lock.lock()
        let c = counts, l = latency, k = counters
        lock.unlock()
        var o = ""
        o += "# HELP chainbreaker_http_requests_total HTTP requests by route pattern and status.\n"
        o += "# TYPE chainbreaker_http_requests_total counter\n"
        for route in c.keys.sorted() {
            for status in c[route]!.keys.sorted() {
                o += "chainbreaker_http_requests_total{route=\"\(ServerMetrics.escape(route))\",status=\"\(status)\"} \(c[route]![status]!)\n"
            }
        }
        o += "# HELP chainbreaker_http_request_duration_seconds Time from routing to the response head, by route pattern.\n"
        o += "# TYPE chainbreaker_http_request_duration_seconds histogram\n"
        for route in l.keys.sorted() {
            let h = l[route]!
            let r = ServerMetrics.escape(route)
            var cumulative: UInt64 = 0
            for (i, b) in ServerMetrics.bounds.enumerated() {
                cumulative += h.buckets[i]
                o += "chainbreaker_http_request_duration_seconds_bucket{route=\"\(r)\",le=\"\(b)\"} \(cumulative)\n"
            }
            o += "chainbreaker_http_request_duration_seconds_bucket{route=\"\(r)\",le=\"+Inf\"} \(h.count)\n"
            o += "chainbreaker_http_request_duration_seconds_sum{route=\"\(r)\"} \(h.sum)\n"
            o += "chainbreaker_http_request_duration_seconds_count{route=\"\(r)\"} \(h.count)\n"
        }
        for name in k.keys.sorted() {
            o += "# TYPE chainbreaker_\(name) counter\nchainbreaker_\(name) \(k[name]!)\n"
        }
        for g in gauges {
            o += "# HELP chainbreaker_\(g.name) \(g.help)\n# TYPE chainbreaker_\(g.name) gauge\nchainbreaker_\(g.name) \(g.value)\n"
        }
        return o
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
