import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation

/// Benchmarks behind `chainbreaker bench` (never timed unit tests). Each reports the best and
/// median of several runs, since the machines are shared and noisy.
public enum Bench {
    public struct Figure: Codable, Sendable {
        public var task: String
        public var best_s: Double
        public var median_s: Double
        public var reps: Int
        public var rows: Int
        public var rows_per_s: Int
        public var mb_per_s: Double?
        public var note: String?
    }

    static func clock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func figure(_ task: String, reps: Int, bytes: Int? = nil, note: String? = nil, _ body: () throws -> Int) rethrows -> Figure {
        var times: [Double] = []
        var rows = 0
        for _ in 0..<reps {
            let t0 = clock()
            rows = try body()
            times.append(clock() - t0)
        }
        times.sort()
        let best = times[0], median = times[times.count / 2]
        return Figure(task: task, best_s: (best * 10000).rounded() / 10000, median_s: (median * 10000).rounded() / 10000, reps: reps,
                      rows: rows, rows_per_s: Int(Double(rows) / best),
                      mb_per_s: bytes.map { (Double($0) / 1e6 / best * 10).rounded() / 10 }, note: note)
    }

    /// Parses a transfer CSV through the mapped generic import into typed columns (no store).
    public static func parseTransfers(path: String, mapping: TransferColumnMapping, threads: Int, reps: Int) throws -> Figure {
        let file = try SourceFile(path: path)
        let bytes = file.bytes
        // Touch every page once so the first run does not pay for the disk.
        var sink: UInt8 = 0
        var i = 0
        while i < bytes.count { sink &+= bytes[i]; i += 4096 }
        _ = sink
        return try figure("parse \(path.split(separator: "/").last ?? "") -> typed columns (\(threads) threads)", reps: reps, bytes: bytes.count) {
            var rows = 0
            try TransferCSVParser(mapping: mapping, threads: threads).parse(bytes, file: path, batchBytes: Int.max / 4) { batch in
                rows += batch.columns.count
            }
            return rows
        }
    }

    /// End to end: CSV file → SQLite (fresh database each run), through the import pipeline.
    public static func importTransfers(path: String, mapping: TransferColumnMapping, threads: Int, reps: Int, work: String) throws -> Figure {
        let db = (work as NSString).appendingPathComponent("bench-import.db")
        let target = BenchStore(name: "SQLite", make: {
            for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + s) }
            return try SQLiteStore(path: db)
        }, discard: { _ in })
        return try importTransfers(path: path, mapping: mapping, threads: threads, reps: reps, into: target).imported
    }

    /// A store the benchmarks create afresh for each run and throw away after (SQLite file,
    /// PostgreSQL schema): the app does not know how, the command does.
    public struct BenchStore {
        public var name: String
        public var make: () throws -> any ChainBreakerStore
        public var discard: (any ChainBreakerStore) -> Void
        public init(name: String, make: @escaping () throws -> any ChainBreakerStore, discard: @escaping (any ChainBreakerStore) -> Void) {
            self.name = name; self.make = make; self.discard = discard
        }
    }

    /// End to end: CSV file → a fresh store each run, through the import pipeline; then loading
    /// the transfers back into columns from the last run's store.
    public static func importTransfers(path: String, mapping: TransferColumnMapping, threads: Int, reps: Int,
                                       into target: BenchStore) throws -> (imported: Figure, loaded: Figure) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        var last: (any ChainBreakerStore)?
        defer { if let last { target.discard(last) } }
        let imp = try figure("import \(path.split(separator: "/").last ?? "") -> \(target.name) (end to end)", reps: reps, bytes: size) {
            if let l = last { target.discard(l); last = nil }
            let store = try target.make()
            last = store
            let p = ImportPipeline(store: store, options: ImportOptions(kind: .transfers, mapping: mapping, threads: threads))
            return try p.run([path]).rowsRead
        }
        let load = try figure("load transfers from \(target.name) into columns", reps: reps) { try last!.loadTransfers().count }
        return (imp, load)
    }

    /// End to end: a case package (e.g. `chainbreaker generate`'s city: statements, TENPAY, cases,
    /// calls, IM, orders, tags, events) → a fresh store each run (parse, write, derive transfers);
    /// then `loadTransfers` and `loadGraph` (transfers + account facts) from the last run's store.
    public static func importPackage(folder: String, reps: Int, into target: BenchStore) throws -> [Figure] {
        let files = try ImportPipeline.expand([folder])
        let bytes = files.reduce(0) { $0 + (((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? nil) ?? 0) }
        var last: (any ChainBreakerStore)?
        defer { if let last { target.discard(last) } }
        var summary = ImportSummary()
        var out: [Figure] = []
        out.append(try figure("import package \(folder.split(separator: "/").last ?? "") -> \(target.name) (\(files.count) files, end to end incl. derivation)",
                              reps: reps, bytes: bytes) {
            if let l = last { target.discard(l); last = nil }
            let store = try target.make()
            last = store
            summary = try ImportPipeline(store: store).run([folder])
            return summary.rowsRead
        })
        out[0].note = "\(summary.entries) statement rows → \(summary.transfers) transfers; \(summary.calls) calls, \(summary.events) events, \(summary.orders) orders"
        let store = last!
        out.append(try figure("load transfers from \(target.name) into columns", reps: reps) { try store.loadTransfers().count })
        out.append(try figure("load graph (transfers + account facts) from \(target.name)", reps: reps) {
            try store.loadGraph().0.count
        })
        out.append(try figure("load every event from \(target.name)", reps: reps) { try store.loadEvents(type: nil).count })
        return out
    }

    /// Statement files: parse every bank statement of a package (bytes per second).
    public static func parseStatements(folder: String, reps: Int) throws -> Figure {
        let files = try ImportPipeline.expand([folder]).filter { $0.contains("/statements/") }
        let sources = try files.map { try SourceFile(path: $0) }
        let bytes = sources.reduce(0) { $0 + $1.bytes.count }
        return try figure("parse bank statements of \(folder.split(separator: "/").last ?? "") (\(files.count) files)", reps: reps, bytes: bytes) {
            var rows = 0
            for s in sources { rows += try StatementParser.parse(s.bytes, file: s.path).entries.count }
            return rows
        }
    }

    /// Loading the transfer graph from the store into columns.
    public static func loadTransfers(db: String, reps: Int) throws -> Figure {
        let store = try SQLiteStore(path: db)
        return try figure("load transfers from the store into columns", reps: reps) { try store.loadTransfers().count }
    }

    /// Tracing on a store: graph build, every case at once, and one case at a time (p50/p99).
    public static func trace(db: String, reps: Int) throws -> [Figure] { try trace(store: SQLiteStore(path: db), reps: reps) }

    public static func trace(store: any ChainBreakerStore, reps: Int) throws -> [Figure] {
        var out: [Figure] = []
        out.append(try figure("graph build from the store: load columns + CSR + tracer index", reps: reps) {
            let (t, f) = try store.loadGraph()
            let g = TransferGraph(accountCount: t.accounts.count, from: t.from, to: t.to, amountFen: t.amountFen, time: t.time, channel: t.channel)
            let tracer = FundTracer(graph: g, hasStatement: f.hasStatement)
            return tracer.opening.count + g.edgeCount
        })
        let (t0, f0) = try store.loadGraph()
        out.append(try figure("real-time stream: account index, load transfer events, match them with statement transfers, append", reps: reps) {
            var t = t0, f = f0
            var index = TraceWorkspace.accountIndex(t.accounts)
            _ = TraceWorkspace.addEventTransfers(try store.loadEvents(type: .transfer), table: &t, facts: &f, index: &index)
            return t.count - t0.count
        })
        var ws: TraceWorkspace?
        out.append(try figure("trace workspace (graph + stream + cases + sink inference incl. a first pass over all cases)", reps: 1) {
            ws = try TraceWorkspace(store: store); return ws!.graph.edgeCount
        })
        let w = ws!
        out.append(try figure("trace every case together (\(w.cases.count) cases)", reps: reps) {
            try w.traceCases().traces.count
        })
        out.append(figure("trace every case + rate every account (rules; link passes until none is added, at most 8)", reps: reps) {
            let (report, _) = RatingJob.run(w, rater: RuleRater(), engine: "rules")
            return report.accounts.count
        })
        var lat: [Double] = []
        for c in w.cases {
            let t0 = clock()
            let r = w.tracer.trace(groups: [w.seeds(of: c)])
            _ = w.render(r[0], case: c.id, victim: "", seeds: [])
            lat.append(clock() - t0)
        }
        lat.sort()
        func pct(_ p: Double) -> Double { lat.isEmpty ? 0 : lat[min(lat.count - 1, Int(Double(lat.count) * p))] }
        out.append(Figure(task: "one case trace, latency over \(lat.count) cases", best_s: lat.first ?? 0, median_s: pct(0.5), reps: 1,
                          rows: lat.count, rows_per_s: Int(Double(lat.count) / max(1e-9, lat.reduce(0, +))),
                          mb_per_s: nil, note: String(format: "p50 %.3f ms, p99 %.3f ms, max %.3f ms", pct(0.5) * 1e3, pct(0.99) * 1e3, (lat.last ?? 0) * 1e3)))
        return out
    }

    /// Case linking on a store: the trace workspace (once), every case's identifiers (trace of all
    /// cases, narratives, IM records), `CaseLinker.link` alone, and the whole job.
    public static func link(db: String, reps: Int) throws -> [Figure] {
        let store = try SQLiteStore(path: db)
        var out: [Figure] = []
        var ws: TraceWorkspace?
        out.append(try figure("trace workspace (graph + stream + cases + sink inference incl. a first pass over all cases)", reps: 1) {
            ws = try TraceWorkspace(store: store); return ws!.graph.edgeCount
        })
        let w = ws!
        let im = try store.loadIMAccounts(), unblocks = try store.loadIMUnblocks()
        var ids: (cases: [[LinkIdentifier]], hubs: Set<LinkIdentifier>) = ([], [])
        out.append(figure("link: identifiers of every case (trace all, narratives, IM; \(w.cases.count) cases)", reps: reps) {
            ids = LinkJob.identifiers(w, imAccounts: im, imUnblocks: unblocks, hops: LinkJob.defaultHops)
            return ids.cases.reduce(0) { $0 + $1.count }
        })
        var clusters = 0
        out.append(figure("link: CaseLinker.link over the case × identifier index", reps: reps) {
            let l = CaseLinker.link(cases: ids.cases, hubs: ids.hubs)
            clusters = l.clusters.filter { $0.cases.count >= 2 }.count
            return ids.cases.reduce(0) { $0 + $1.count }
        })
        out[out.count - 1].note = "\(clusters) clusters of ≥ 2 cases"
        out.append(try figure("link: whole job after the workspace (load IM records, identifiers, link, report)", reps: reps) {
            LinkJob.run(w, imAccounts: try store.loadIMAccounts(), imUnblocks: try store.loadIMUnblocks()).clusters.count
        })
        return out
    }

    /// Graph building blocks on an edge list `src,dst,amount` (integer node ids; the anchors in
    /// shared/bench write graph_edges.csv): CSR build, weakly connected components, weighted
    /// PageRank (multigraph), k-core, Louvain and Leiden (weighted modularity). Parsing is not timed.
    public static func graphAlgorithms(path: String, reps: Int) throws -> [Figure] {
        let (from, to, weight, nodes) = try readEdgeList(path: path)
        var out: [Figure] = []
        var g: WeightedGraph?
        out.append(figure("CSR build (directed multigraph, \(from.count) edges, \(nodes) nodes)", reps: reps) {
            g = WeightedGraph(nodeCount: nodes, from: from, to: to, weights: weight, undirected: false); return from.count
        })
        var components = 0
        out.append(figure("weakly connected components (union-find)", reps: reps) {
            components = ConnectedComponents.weak(nodeCount: nodes, from: from, to: to).count; return from.count
        })
        out[out.count - 1].note = "\(components) components"
        var iterations = 0
        out.append(figure("weighted PageRank (multigraph, L1 change < 1e-6)", reps: reps) {
            iterations = PageRank.run(g!).iterations; return from.count
        })
        out[out.count - 1].note = "\(iterations) iterations"
        let u = WeightedGraph(nodeCount: nodes, from: from, to: to, undirected: true, combine: true)
        var maxCore: Int32 = 0
        out.append(figure("k-core numbers (undirected simple graph)", reps: reps) {
            maxCore = KCore.coreNumbers(u).max() ?? 0; return from.count
        })
        out[out.count - 1].note = "max core \(maxCore)"
        // Community detection on the undirected projection: every transfer stored in both lists,
        // parallel transfers kept as parallel entries (they act as one edge of the summed amount).
        // NetworKit's toUndirected keeps parallel edges too (same total weight on this file,
        // 10 242 920 041.87, but 4 999 970 edges for 5 000 000 transfers: it merges some
        // reciprocal pairs u→v, v→u; on a toy multigraph its adjacency came out asymmetric).
        // Weighted modularity on that graph; the
        // undirected CSR build is not timed (NetworKit's anchors do not time toUndirected either).
        let w = WeightedGraph(nodeCount: nodes, from: from, to: to, weights: weight, undirected: true)
        var louvain: CommunityPartition?
        out.append(figure("Louvain (weighted, undirected projection, seed 0)", reps: reps) {
            louvain = Louvain.run(w); return from.count
        })
        out[out.count - 1].note = String(format: "%d communities, weighted modularity %.5f, %d levels", louvain!.count, louvain!.modularity, louvain!.levels)
        var leiden: CommunityPartition?
        out.append(figure("Leiden (weighted, undirected projection, seed 0, 2 iterations)", reps: reps) {
            leiden = Leiden.run(w); return from.count
        })
        out[out.count - 1].note = String(format: "%d communities, weighted modularity %.5f, %d levels", leiden!.count, leiden!.modularity, leiden!.levels)
        return out
    }
}
