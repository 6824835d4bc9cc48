import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import Foundation

struct RateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate",
        abstract: "Rate every account normal / suspicious / malicious (账户分级), with the reasons.",
        subcommands: [RateShow.self, RateTrain.self],
        defaultSubcommand: RateShow.self)
}

struct RateShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Rate the accounts in the store (default subcommand).",
        discussion: "Every case is traced first (FIFO); the rating uses what the tracing found plus behaviour, tags and shared holders and devices.")

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "Lowest level to list: normal, suspicious (default) or malicious.") var level: String = "suspicious"
    @Option(name: .long, help: "Rate only this account (prints it whatever its level).") var account: String?
    @Option(name: .long, help: "Show at most this many accounts (highest score first).") var limit: Int?
    @Flag(name: .long, help: "JSON: {\"accounts\":[{\"account\",\"level\",\"score\",\"reasons\"}]}.") var json = false
    @Option(name: .long, help: "A model from `rate train` instead of the rules.") var model: String?
    @Flag(name: .long, help: "Also print the feature values the rating read (dwell, shares, links…) of each account listed.") var features = false

    func run() throws {
        do {
            guard let minimum = RiskLevel(name: level) else { throw AppError(.usage, "unknown --level \(level) (normal, suspicious, malicious)") }
            let ws = try TraceWorkspace(store: openStore(store.db))
            let lowest = account == nil ? minimum : RiskLevel.normal
            let featuresOf: Set<String>? = !features ? [] : account.map { [Normalize.account($0) ?? $0] }
            var report: RatingReport
            switch try model.map(RatingModelFile.read) {
            case nil: report = RatingJob.run(ws, rater: RuleRater(), engine: "rules", minimum: lowest, featuresOf: featuresOf).report
            case .logistic(let m)?: report = RatingJob.run(ws, rater: m, engine: "logistic", minimum: lowest, featuresOf: featuresOf).report
            case .trees(let m)?: report = RatingJob.run(ws, rater: m, engine: "trees", minimum: lowest, featuresOf: featuresOf).report
            }
            if let a = account {
                let key = Normalize.account(a) ?? a
                report.accounts = report.accounts.filter { $0.account == key }
                if report.accounts.isEmpty { throw AppError(.notFound, "no account \(a) in the store") }
            }
            if let limit { report.accounts = Array(report.accounts.prefix(limit)) }
            if json { printJSON(report); return }
            let counts = Dictionary(grouping: report.accounts, by: \.level).mapValues(\.count)
            print("账户分级 Account rating (\(report.engine)): \(counts["malicious"] ?? 0) malicious 涉诈, \(counts["suspicious"] ?? 0) suspicious 可疑 listed")
            for a in report.accounts {
                print("\(a.level == "malicious" ? "■" : a.level == "suspicious" ? "▲" : "·") \(a.account)  \(a.level)  \(String(format: "%.2f", a.score))")
                for r in a.reasons { print("    - \(r)") }
                for f in AccountFeature.allCases {
                    if let x = a.features?[f.name] { print("    \(f.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(x)") }
                }
            }
        } catch { fail(error) }
    }
}

struct RateTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a rating model from labelled accounts of the store.",
        discussion: "Labels: CSV account,label (normal/suspicious/malicious) or a JSON ground truth {account: {\"label\": …}}. Accounts of the store without a label are left out of training.")

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "Labelled accounts (CSV or JSON).") var labels: String
    @Option(name: .long, help: "Model: logistic (default) or trees (gradient-boosted).") var engine: String = "logistic"
    @Option(name: .long, help: "Where to write the model (JSON).") var out: String

    func run() throws {
        do {
            let byNumber = try RatingModelFile.labels(labels)
            let ws = try TraceWorkspace(store: openStore(store.db))
            var dense: [Int32: RiskLevel] = [:]
            for (a, l) in byNumber { if let i = ws.index[a] { dense[i] = l } }
            guard dense.count >= 10 else { throw AppError(.input, "only \(dense.count) labelled accounts are in the store (need at least 10)") }
            let context = RatingJob.context(ws)
            let model: RatingModelFile.Model
            switch engine {
            case "logistic": model = .logistic(LogisticRater.train(graph: ws.graph, context: context, labels: dense))
            case "trees": model = .trees(BoostedTreesRater.train(graph: ws.graph, context: context, labels: dense))
            default: throw AppError(.usage, "unknown --engine \(engine) (logistic, trees)")
            }
            try RatingModelFile.write(model, trainedOn: dense.count, to: out)
            let counts = Dictionary(grouping: dense.values, by: { $0 }).mapValues(\.count)
            print("trained a \(engine) model on \(dense.count) accounts (\(counts[.malicious] ?? 0) malicious, \(counts[.suspicious] ?? 0) suspicious, \(counts[.normal] ?? 0) normal): \(out)")
        } catch { fail(error) }
    }
}
