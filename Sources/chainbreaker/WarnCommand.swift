import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import Foundation

struct WarnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warn",
        abstract: "Early warning (预警): replay an event stream and write who to call (劝阻) or which payment to hold (拦截).",
        discussion: """
            Learns what the store knew before the stream's first event (ratings, tags, and the cases reported before it; \
            a case reported during the stream counts from its 报案时间 on) and what the stream itself shows (numbers that \
            call many strangers briefly, sites reached right after scam calls, escalating payments). One warning per person \
            per episode. --truth DIR scores the warnings against a generated package's truth/ (evaluation only).
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "events.jsonl to replay (default: the stream the store holds).") var events: String?
    @Flag(name: .long, help: "JSON lines: {\"time\",\"subject\",\"level\",\"action\",\"detector\",\"reasons\",\"events\"}.") var json = false
    @Flag(name: .long, help: "Also use the group miner's members (slower).") var gangs = false
    @Option(name: .long, help: "Score against this truth/ folder and print recall and false warnings (to stderr).") var truth: String?
    @Option(name: .long, help: "Switch a detector off (ablation): flagged_site, flagged_app, scam_call, flagged_payee, escalation, escalated_payee, learned_site, fresh_payee, stranger_call.") var without: [String] = []

    @Option(name: .long, help: "Least payment (yuan) to a strongly flagged account that is warned without any suspect contact of the payer (default 1000; smaller payments to such accounts need a contact: rented cards also get strangers' everyday payments).") var flaggedPayeeMin: String?

    @Option(name: .long, help: "Ordinary people (no suspect contact) reaching a tagged site or APP within a day that make the tag doubted, as a mis-tagged popular APP is (default 3; 0 = never doubt a tag).") var rushPlain: Int?

    func run() throws {
        do {
            let st = try openStore(store.db)
            let records: [EventRecord]
            if let path = events { records = try WarnJob.readEvents(path: path) }
            else {
                do { records = try st.loadEvents(type: nil) } catch { throw AppError(.store, "cannot read events", cause: "\(error)") }
            }
            var config = WarningEngine.Config()
            for w in without {
                guard let d = Warning.Detector.allCases.first(where: { $0.description == w }) else { throw AppError(.usage, "unknown detector \(w)") }
                config.detectors.remove(d)
            }
            if let text = flaggedPayeeMin {
                guard let m = Money.parseYuan(text), m.fen >= 0 else { throw AppError(.usage, "--flagged-payee-min: not an amount in yuan: \(text)") }
                config.flaggedPayeeMinFen = m.fen
            }
            if let n = rushPlain {
                guard n >= 0 else { throw AppError(.usage, "--rush-plain: not a count: \(n)") }
                config.rushPlain = n
            }
            let clock = { Date().timeIntervalSince1970 }
            let out = try WarnJob.run(store: st, events: records, gangs: gangs, config: config, clock: clock)
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var text = ""
                for w in out.warnings { if let d = try? enc.encode(w) { text += String(decoding: d, as: UTF8.self) + "\n" } }
                FileHandle.standardOutput.write(Data(text.utf8))
            } else {
                for w in out.warnings {
                    print("\(w.level == "high" ? "■" : w.level == "medium" ? "▲" : "·") \(w.time)  \(w.subject)  \(w.level)  \(w.action == "intercept" ? "拦截 intercept" : "劝阻 dissuade")")
                    for r in w.reasons { print("    - \(r)") }
                    for e in w.events { print("      \(e)") }
                }
                print("\(out.warnings.count) warnings over \(out.events) events (knowledge \(String(format: "%.2f", out.seconds.index)) s, replay \(String(format: "%.3f", out.seconds.replay)) s)")
            }
            if let t = truth {
                let s = try WarnEvaluation.score(out.warnings, truthDir: t)
                for m in s.missed { stderr("missed: \(m)\n") }
                for f in s.falseList { stderr("false: \(f)\n") }
                stderr("warn score: \(s)\n")
            }
        } catch { fail(error) }
    }
}
