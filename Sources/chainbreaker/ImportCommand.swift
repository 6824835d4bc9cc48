import ArgumentParser
import ChainBreakerApp
import ChainBreakerIngest
import ChainBreakerPostgres
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import files or folders (statements, TENPAY, cases, calls, IM, orders, tags, events, transfer CSVs).",
        discussion: """
        Each file's kind is detected from its header; --kind overrides it. A plain transfer CSV \
        (e.g. a public AML dataset) is read through --map from=COL,to=COL,amount=COL,time=COL[,id=COL,channel=COL,unit=fen]. \
        Rejected rows are reported as file:line: reason and appended to <db>.rejects.csv (for a PostgreSQL URL: chainbreaker-<dbname>.rejects.csv in the working folder); each file is \
        imported atomically, and importing the same file again changes nothing.
        """
    )
    @OptionGroup var store: StoreOptions
    @Argument(help: "Files or folders to import.") var paths: [String]
    @Option(help: "Force the kind of every file: \(FileKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String?
    @Option(help: "Column mapping for a transfer CSV, e.g. from=orig_acct,to=bene_acct,amount=base_amt,time=tran_timestamp.") var map: String?
    @Flag(help: "Reject a whole file if any of its rows is rejected.") var strict = false
    @Flag(help: "Print the summary as JSON.") var json = false
    @Option(help: "Parser threads for transfer CSVs.") var threads: Int = 2

    func run() throws {
        do {
            var options = ImportOptions(strict: strict, threads: threads)
            if let kind {
                guard let k = FileKind(rawValue: kind) else { throw AppError(.usage, "unknown --kind \(kind)") }
                options.kind = k
            }
            if let map {
                do { options.mapping = try TransferColumnMapping.parse(map) } catch { throw AppError(.usage, error.description) }
                if options.kind == nil { options.kind = .transfers }
            }
            let db = try createOrOpenStore(store.db)
            var pipeline = ImportPipeline(store: db, options: options, rejectsPath: rejectsFile(for: store.db))
            let tty = stderrIsTerminal
            pipeline.progress = { k, n, outcome in
                if !outcome.rejects.isEmpty {
                    for r in outcome.rejects.prefix(20) { stderr("\(r)\n") }
                    if outcome.rejects.count > 20 { stderr("… \(outcome.rejects.count - 20) more rejected rows in \(outcome.path)\n") }
                }
                if tty {
                    let bar = progressBar(Double(k) / Double(max(n, 1)))
                    let note = outcome.skipped ? " (\(outcome.note ?? "skipped"))" : ""
                    stderr("\r\u{1B}[K\(bar) \(k)/\(n) \(outcome.path)\(note)" + (k == n ? "\n" : ""))
                }
            }
            if tty {
                pipeline.byteProgress = { done, total in stderr("\r\u{1B}[K\(progressBar(Double(done) / Double(max(total, 1)))) \(done >> 20) of \(total >> 20) MB") }
            }
            let summary = try pipeline.run(paths)
            if json {
                printJSON(summary)
            } else {
                print("imported \(summary.files) file(s) (\(summary.filesSkipped) already imported): \(summary.rowsRead) rows read, \(summary.rowsRejected) rejected")
                print("  transfers \(summary.transfers) (unique, after deduplication), statement rows \(summary.entries)")
                print("  cases \(summary.cases), calls \(summary.calls), IM accounts \(summary.imAccounts), IM unblocks \(summary.imUnblocks), orders \(summary.orders), tags \(summary.tags), events \(summary.events)")
                if let r = summary.rejectsFile { print("  rejected rows written to \(r)") }
            }
        } catch { fail(error) }
    }
}

/// Opens the store, creating it when missing (a SQLite file, or the tables of a PostgreSQL database).
func createOrOpenStore(_ path: String) throws -> any ChainBreakerStore {
    if PostgresLocation.isURL(path) { return try openPostgres(path) }
    do { return try SQLiteStore(path: path) } catch { throw AppError(.store, error.description) }
}

/// Where rejected rows are appended: beside a SQLite file, or in the working folder for a
/// PostgreSQL store (named after its database and schema).
func rejectsFile(for db: String) -> String {
    guard PostgresLocation.isURL(db), let loc = try? PostgresLocation(url: db) else { return db + ".rejects.csv" }
    return "chainbreaker-" + (loc.database ?? loc.user) + (loc.schema.map { "-" + $0 } ?? "") + ".rejects.csv"
}

func progressBar(_ fraction: Double) -> String {
    let width = 24
    let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
    return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show what the store holds.")
    @OptionGroup var store: StoreOptions
    @Flag(help: "JSON output.") var json = false
    func run() throws {
        do {
            let db = try openStore(store.db)
            let c = try db.counts()
            if json { printJSON(c) } else {
                print("files \(c.files), accounts \(c.accounts), statement rows \(c.entries), transfers \(c.transfers)")
                print("cases \(c.cases), calls \(c.calls), IM accounts \(c.imAccounts), IM unblocks \(c.imUnblocks), orders \(c.orders), tags \(c.tags), events \(c.events), rejected rows \(c.rejects)")
            }
        } catch { fail(error) }
    }
}
