import ArgumentParser
import ChainBreakerApp
import ChainBreakerIngest
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (JSON lines): transfer CSV parse, CSV → SQLite import, statement parsing, graph load.",
        discussion: "Data: the anchors in shared/bench (gen.py writes transactions.csv) or any package. Build with -c release.")
    @Option(help: "A transfer CSV (e.g. shared/bench's transactions.csv).") var transfers: String?
    @Option(help: "Column mapping for --transfers.") var map: String = "from=from_account,to=to_account,amount=amount,time=timestamp,id=txn_id,channel=channel"
    @Option(help: "A case package folder: time its bank statement parsing.") var package: String?
    @Option(help: "Repetitions.") var reps: Int = 3
    @Option(help: "Parser threads.") var threads: Int = 2
    @Option(help: "Work folder for benchmark databases.") var work: String = NSTemporaryDirectory()
    @Flag(help: "Skip the end-to-end SQLite import.") var noImport = false
    @Option(help: "A database with cases: time graph build, tracing and rating.") var db: String?
    @Option(help: "A database with cases: time case linking (workspace, identifiers, linking, the whole job).") var link: String?
    @Option(help: "An edge list src,dst,amount (shared/bench graph_edges.csv): CSR, components, PageRank, k-core, Louvain, Leiden, Fraudar, FlowScope.") var graph: String?
    @Option(help: "With --graph: run only the graph algorithms (graph) or only the dense-block detectors (dense); warn: early warning on --db's stream (or --events).") var only: String?
    @Option(help: "With --only warn: events.jsonl to replay (default: the store's stream).") var events: String?
    @Option(help: "With --only warn: replays of the stream, times shifted (memory must stay flat).") var replays: Int = 20

    func run() throws {
        do {
            if only == "warn" {
                guard let db else { throw AppError(.usage, "--only warn needs --db FILE (and optionally --events FILE)") }
                for f in try Bench.warn(db: db, events: events, reps: reps, replays: replays) { printJSON(f) }
                return
            }
            if let transfers {
                let mapping = try TransferColumnMapping.parse(map)
                printJSON(try Bench.parseTransfers(path: transfers, mapping: mapping, threads: threads, reps: reps))
                if !noImport {
                    printJSON(try Bench.importTransfers(path: transfers, mapping: mapping, threads: threads, reps: max(1, reps - 1), work: work))
                    printJSON(try Bench.loadTransfers(db: (work as NSString).appendingPathComponent("bench-import.db"), reps: reps))
                }
            }
            if let package { printJSON(try Bench.parseStatements(folder: package, reps: reps)) }
            if let db { for f in try Bench.trace(db: db, reps: reps) { printJSON(f) } }
            if let link { for f in try Bench.link(db: link, reps: reps) { printJSON(f) } }
            if let only, only != "graph" && only != "dense" { throw AppError(.usage, "--only is graph or dense") }
            if let graph, only != "dense" { for f in try Bench.graphAlgorithms(path: graph, reps: reps) { printJSON(f) } }
            if let graph, only != "graph" { for f in try Bench.denseBlocks(path: graph, reps: reps) { printJSON(f) } }
            if transfers == nil && package == nil && db == nil && link == nil && graph == nil { throw AppError(.usage, "give --transfers FILE, --package DIR, --db FILE, --link FILE and/or --graph FILE") }
        } catch { fail(error) }
    }
}
