import ArgumentParser
import ChainBreakerApp
import ChainBreakerIngest
import ChainBreakerPostgres
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation

final class IDBox: @unchecked Sendable { var n = 0 }

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (JSON lines): transfer CSV parse, CSV → SQLite/PostgreSQL import, package import, statement parsing, graph load.",
        discussion: "Data: the anchors in shared/bench (gen.py writes transactions.csv) or any package. Build with -c release.")
    @Option(help: "A transfer CSV (e.g. shared/bench's transactions.csv).") var transfers: String?
    @Option(help: "Column mapping for --transfers.") var map: String = "from=from_account,to=to_account,amount=amount,time=timestamp,id=txn_id,channel=channel"
    @Option(help: "A case package folder: time its bank statement parsing.") var package: String?
    @Option(help: "Repetitions.") var reps: Int = 3
    @Option(help: "Parser threads.") var threads: Int = 2
    @Option(help: "Work folder for benchmark databases.") var work: String = NSTemporaryDirectory()
    @Flag(help: "Skip the end-to-end SQLite import.") var noImport = false
    @Option(help: "A database with cases (SQLite file or PostgreSQL URL): time graph build, tracing and rating.") var db: String?
    @Option(help: "A case package (e.g. from `chainbreaker generate`): time its end-to-end import into a fresh SQLite store (and PostgreSQL with --pg), then loading its transfers, graph and events.") var importPackage: String?
    @Option(help: "A PostgreSQL URL: also run the --transfers and --import-package store benchmarks against PostgreSQL (a fresh schema per run, dropped afterwards).") var pg: String?
    @Option(help: "A database with cases: time case linking (workspace, identifiers, linking, the whole job).") var link: String?
    @Option(help: "An edge list src,dst,amount (shared/bench graph_edges.csv): CSR, components, PageRank, k-core, Louvain, Leiden, Fraudar, FlowScope.") var graph: String?
    @Option(help: "With --graph: run only the graph algorithms (graph) or only the dense-block detectors (dense). leaks: leak finding (over --db, else a synthetic table of --leak-orders orders). warn: early warning on --db's stream (or --events). classify: fraud-type classification on generated texts.") var only: String?
    @Option(help: "With --only leaks and no --db: orders in the synthetic table.") var leakOrders: Int = 1_000_000
    @Option(help: "With --only warn: events.jsonl to replay (default: the store's stream).") var events: String?
    @Option(help: "With --only warn: replays of the stream, times shifted (memory must stay flat).") var replays: Int = 20
    @Option(help: "With --only classify: number of texts.") var texts: Int = 100_000

    func run() throws {
        do {
            if only == "leaks" { for f in try Bench.leaks(db: db, orders: leakOrders, reps: reps) { printJSON(f) }; return }
            if only == "warn" {
                guard let db else { throw AppError(.usage, "--only warn needs --db FILE (and optionally --events FILE)") }
                for f in try Bench.warn(db: db, events: events, reps: reps, replays: replays) { printJSON(f) }
                return
            }
            if only == "classify" { for f in Bench.classify(documents: texts, reps: reps) { printJSON(f) }; return }
            if let transfers {
                let mapping = try TransferColumnMapping.parse(map)
                printJSON(try Bench.parseTransfers(path: transfers, mapping: mapping, threads: threads, reps: reps))
                if !noImport {
                    printJSON(try Bench.importTransfers(path: transfers, mapping: mapping, threads: threads, reps: max(1, reps - 1), work: work))
                    printJSON(try Bench.loadTransfers(db: (work as NSString).appendingPathComponent("bench-import.db"), reps: reps))
                    if let pg {
                        let (i, l) = try Bench.importTransfers(path: transfers, mapping: mapping, threads: threads, reps: max(1, reps - 1),
                                                               into: postgresTarget(pg))
                        printJSON(i); printJSON(l)
                    }
                }
            }
            if let importPackage {
                let db = (work as NSString).appendingPathComponent("bench-package.db")
                let sqlite = Bench.BenchStore(name: "SQLite", make: {
                    for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + s) }
                    return try SQLiteStore(path: db)
                }, discard: { _ in for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + s) } })
                for f in try Bench.importPackage(folder: importPackage, reps: reps, into: sqlite) { printJSON(f) }
                if let pg { for f in try Bench.importPackage(folder: importPackage, reps: reps, into: postgresTarget(pg)) { printJSON(f) } }
            }
            if let package { printJSON(try Bench.parseStatements(folder: package, reps: reps)) }
            if let db { for f in try Bench.trace(store: openStore(db), reps: reps) { printJSON(f) } }
            if let link { for f in try Bench.link(db: link, reps: reps) { printJSON(f) } }
            if let only, only != "graph" && only != "dense" { throw AppError(.usage, "--only is graph, dense, leaks, warn or classify") }
            if let graph, only != "dense" { for f in try Bench.graphAlgorithms(path: graph, reps: reps) { printJSON(f) } }
            if let graph, only != "graph" { for f in try Bench.denseBlocks(path: graph, reps: reps) { printJSON(f) } }
            if transfers == nil && package == nil && db == nil && link == nil && graph == nil && importPackage == nil {
                throw AppError(.usage, "give --transfers FILE, --package DIR, --import-package DIR, --db FILE, --link FILE and/or --graph FILE")
            }
        } catch { fail(error) }
    }

    /// PostgreSQL at `url`, a fresh schema per run (`cb_bench_<n>`), dropped afterwards.
    func postgresTarget(_ url: String) throws -> Bench.BenchStore {
        var base = try PostgresLocation(url: url)
        let counter = IDBox()
        return Bench.BenchStore(name: "PostgreSQL", make: {
            counter.n += 1
            base.schema = "cb_bench_\(getpid())_\(counter.n)"
            let stale = try openPostgres(location: base)
            try? stale.dropSchema(); stale.close()   // a leftover of an interrupted run
            return try openPostgres(location: base)
        }, discard: { s in
            if let s = s as? PostgresStore { try? s.dropSchema(); s.close() }
        })
    }
}
