import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import Foundation

extension DenseFlowJob.Method: ExpressibleByArgument {}

struct GangsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gangs",
        abstract: "Mine fraud groups (团伙挖掘) with each member's role, and draw the whole chain (全链条).",
        discussion: """
            Traces every case, rates every account, joins suspicious and malicious accounts by traced money, \
            holder ID and shared devices, and attaches the people, phones, QQ / WeChat ids, sites and apps \
            around them. OTC traders and card merchants serving several groups are listed as shared.

            --dense flowscope|fraudar looks instead for dense money flows over the whole transfer graph, \
            cases or not (a ledger such as AMLSim or IBM AML, laundering that reached no reported victim): \
            FlowScope finds source → middle → destination accounts whose middles pass on almost all they \
            receive; Fraudar finds payers × payees blocks. --blocks sets how many, one after another.
            """)

    @OptionGroup var store: StoreOptions
    @Flag(name: .long, help: "Write JSON (money in integer fen).") var json = false
    @Option(name: .long, help: "Also write an HTML page with each group's chain portrait.") var html: String?
    @Option(name: .long, help: "Show at most this many members per role in the terminal.") var perRole: Int = 6
    @Option(name: .long, help: "Dense money flows instead of groups: flowscope or fraudar.") var dense: DenseFlowJob.Method?
    @Option(name: .long, help: "With --dense: how many blocks. (default: 5)") var blocks: Int = 5

    func run() throws {
        do {
            if dense != nil && blocks < 1 { throw AppError(.usage, "--blocks must be at least 1") }
            let s = try openStore(store.db)
            let ws = try TraceWorkspace(store: s)
            if let dense {
                let report = DenseFlowJob.run(ws, method: dense, blocks: blocks)
                if json { printJSON(report) } else { print(report.text(), terminator: "") }
                return
            }
            let out = try GangJob.run(ws, store: s)
            if json { printJSON(out.report) } else { print(GangRender.text(out.report, perRole: perRole), terminator: "") }
            if let html {
                do { try GangRender.html(out.report).write(toFile: html, atomically: true, encoding: .utf8) }
                catch { throw AppError(.input, "cannot write \(html)", cause: AppError.fileCause(error)) }
                if !json { print("portraits written to \(html)") }
            }
        } catch { fail(error) }
    }
}
