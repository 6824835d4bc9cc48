import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import Foundation

struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Risk query (风险查询): what the store knows about an account, phone, QQ, WeChat, site or APP.",
        discussion: """
            QUERY is KIND:VALUE with KIND one of account, phone, qq, wechat, url, app; the value in any spelling \
            (phone:+86 138-0013-8000 = phone:13800138000, url:https://www.x.vip/#/login = url:x.vip). Answers the \
            level (normal / suspicious / malicious, or unknown), score, reasons, tags, the cases that name it and \
            the cases linked to them, and its group and role.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "KIND:VALUE (several allowed).") var queries: [String]
    @Flag(name: .long, help: "Skip the group miner (faster on very large cities; no group / role).") var noGangs = false
    @Flag(name: .long, help: "JSON, one answer per line: {\"query\",\"entity\",\"level\",\"score\",\"reasons\",\"tags\",\"cases\",\"linked_cases\",\"gang\",\"role\"}.") var json = false

    func run() throws {
        do {
            guard !queries.isEmpty else { throw AppError(.usage, "give a query KIND:VALUE") }
            // Check every query before the (slower) index build.
            for q in queries { if case .failure(let issue) = RiskEntity.parse(q) { throw AppError(.usage, "bad risk query: \(issue.reason)") } }
            let index = try RiskJob.build(store: openStore(store.db), options: .init(gangs: !noGangs))
            for q in queries {
                let a = try RiskJob.answer(index, query: q)
                if json { printJSON(a); continue }
                let mark = a.level == "malicious" ? "■" : a.level == "suspicious" ? "▲" : a.level == "unknown" ? "?" : "·"
                print("\(mark) \(a.entity)  \(a.level)  \(String(format: "%.2f", a.score))" + (a.gang.map { "  group \($0)" + (a.role.map { " (\($0))" } ?? "") } ?? ""))
                if !a.tags.isEmpty { print("    tags: " + a.tags.joined(separator: ", ")) }
                for r in a.reasons { print("    - \(r)") }
                if !a.cases.isEmpty { print("    cases: " + a.cases.map { "\($0.id) (\($0.reported_at))" }.joined(separator: ", ")) }
                if !a.linked_cases.isEmpty { print("    linked cases: " + a.linked_cases.joined(separator: ", ")) }
            }
        } catch { fail(error) }
    }
}
