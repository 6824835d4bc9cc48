import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerPostgres
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation

/// Opens an existing store: a `postgres://` / `postgresql://` URL opens the PostgreSQL store
/// (tables are created if the database is empty), anything else is a SQLite file (a missing file
/// is an input error, not a new empty database).
func openStore(_ path: String) throws -> any ChainBreakerStore {
    if PostgresLocation.isURL(path) { return try openPostgres(path) }
    guard FileManager.default.fileExists(atPath: path) else {
        throw AppError(.notFound, "no database at \(path) (run `chainbreaker import … --db \(path)` first)")
    }
    do { return try SQLiteStore(path: path) } catch { throw AppError(.store, "cannot open \(path)", cause: "\(error)") }
}

/// Opens the PostgreSQL store at a URL (`StoreError` → `AppError(.store)`, password hidden).
func openPostgres(_ url: String) throws -> PostgresStore {
    do { return try PostgresStore(url: url) } catch {
        throw AppError(.store, error.message, cause: error.cause)
    }
}

func openPostgres(location: PostgresLocation) throws -> PostgresStore {
    do { return try PostgresStore(location: location) } catch {
        throw AppError(.store, error.message, cause: error.cause)
    }
}

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Follow victims' money (资金穿透) through every layer to where it ended.",
        discussion: """
            Start from cases (--case, repeatable, or --all-cases), from an account (--account A --since TIME: \
            everything A received from then on), or from one transfer (--payer A --payee B --at TIME). \
            --reverse A shows which cases' money reached A. Accounts whose statements are missing end a trace \
            as `unrequested`; they are listed, largest first, as the next accounts to request (下一步调单).
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("case"), help: "Case number (repeatable).") var cases: [String] = []
    @Flag(name: .long, help: "Trace every case in the store.") var allCases = false
    @Option(name: .long, help: "Trace everything this account received from --since on.") var account: String?
    @Option(name: .long, help: "Start time for --account / --at: yyyy-MM-dd HH:mm:ss (Beijing).") var since: String?
    @Option(name: .long, help: "Paying account of one transfer to trace.") var payer: String?
    @Option(name: .long, help: "Receiving account of that transfer.") var payee: String?
    @Option(name: .long, help: "Time at or after which the transfer happened.") var at: String?
    @Option(name: .long, help: "Reverse trace: which cases' money reached this account.") var reverse: String?
    @Option(name: .long, help: "Allocation rule: fifo (default), lifo, proportional, libr.") var rule: String = "fifo"
    @Option(name: .long, help: ArgumentHelp("FIFO: traced money still in an account this many hours after it arrived, while newer money passes through, is presumed kept there (commission, retained share) and leaves after the newer money; 0 = plain Clayton's Case.", valueName: "hours"))
    var keptAfter: Double = Double(FundTracer.defaultKeptAfter) / 3600
    @Option(name: .long, help: ArgumentHelp("FIFO: traced money still in an account when it pays again after this many hours without a payment (the batch was passed on; this is the commission or a held-back remainder) is presumed kept and leaves after newer money; 0 = off.", valueName: "hours"))
    var keptIdle: Double = Double(FundTracer.defaultKeptIdle) / 3600
    @Flag(name: .long, help: "Statements and payment records only: leave out the real-time stream's transfers (events.jsonl).") var noStream = false
    @Flag(name: .long, help: "Write JSON (money in integer fen) instead of the tree.") var json = false
    @Option(name: .long, help: "Also write an HTML page with a flow picture per trace.") var html: String?
    @Option(name: .long, help: "Write the SVG picture of the first (largest, with --all-cases) trace.") var svg: String?
    @Option(name: .long, help: "Show at most this many traces in the tree.") var limit: Int?

    func run() throws {
        do {
            guard let r = TraceWorkspace.rule(named: rule) else { throw AppError(.usage, "unknown --rule \(rule) (fifo, lifo, proportional, libr)") }
            guard keptAfter.isFinite, keptAfter >= 0, keptAfter <= 24 * 3650 else { throw AppError(.usage, "--kept-after takes hours from 0 to 87600") }
            guard keptIdle.isFinite, keptIdle >= 0, keptIdle <= 24 * 3650 else { throw AppError(.usage, "--kept-idle takes hours from 0 to 87600") }
            let ws = try TraceWorkspace(store: openStore(store.db), stream: !noStream, keptAfter: keptAfter > 0 ? Int64(keptAfter * 3600) : nil,
                                        keptIdle: keptIdle > 0 ? Int64(keptIdle * 3600) : nil)
            if let target = reverse {
                let rows = try ws.reverse((Normalize.account(target) ?? target), rule: r)
                if json {
                    struct Row: Encodable { var `case`: String; var amount_fen: Int64; var hops: Int }
                    struct Out: Encodable { var account: String; var sources: [Row] }
                    printJSON(Out(account: target, sources: rows.map { Row(case: $0.case, amount_fen: $0.amountFen, hops: $0.hops) }))
                } else {
                    print("Money of \(rows.count) case(s) reached \(target):")
                    for x in rows { print("  \(x.case)  ¥\(TraceRender.yuan(x.amountFen))  in \(x.hops) hop(s)") }
                }
                return
            }
            let report: TraceReport
            if allCases || !cases.isEmpty {
                report = try ws.traceCases(allCases ? nil : cases, rule: r)
            } else if let a = account {
                guard let s = since.flatMap(Instant.parse) else { throw AppError(.usage, "--account needs --since \"yyyy-MM-dd HH:mm:ss\"") }
                report = try ws.traceAccount((Normalize.account(a) ?? a), since: s, rule: r)
            } else if let p = payer, let q = payee {
                guard let t = at.flatMap(Instant.parse) else { throw AppError(.usage, "--payer/--payee need --at \"yyyy-MM-dd HH:mm:ss\"") }
                report = try ws.traceTransfer(payer: (Normalize.account(p) ?? p), payee: (Normalize.account(q) ?? q), at: t, rule: r)
            } else {
                throw AppError(.usage, "say what to trace: --case ID, --all-cases, --account A --since TIME, --payer A --payee B --at TIME, or --reverse A")
            }
            if json { FileHandle.standardOutput.write(Data(report.jsonBytes())) } else { print(TraceRender.tree(report, maxTraces: limit, color: isatty(1) == 1), terminator: "") }
            if let html {
                try TraceRender.html(report, title: "ChainBreaker trace").write(toFile: html, atomically: true, encoding: .utf8)
                stderr("wrote \(html)\n")
            }
            if let svg, let first = report.traces.max(by: { $0.amount_fen < $1.amount_fen }) {
                try TraceRender.svg(first).write(toFile: svg, atomically: true, encoding: .utf8)
                stderr("wrote \(svg)\n")
            }
        } catch {
            fail(error)
        }
    }
}
