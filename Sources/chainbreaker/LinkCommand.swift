import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import Foundation

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link cases (串并案) that share suspects' phones, QQ, WeChat, sites, APPs, accounts or money, with the evidence.",
        discussion: """
            Identifiers are normalised (spelling variants of one phone are one phone) and weighed by how rare they \
            are; OTC traders, card merchants, payment platforms and busy businesses that unrelated groups share do \
            not merge their cases. Money links cases whose payments reached a common account within --hops hops.
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "Hops of money to follow (1 = the accounts victims paid; 0 = no money links).") var hops: Int = LinkJob.defaultHops
    @Option(name: .long, help: "Show clusters of at least this many cases.") var minCases: Int = 2
    @Option(name: .long, help: "Evidence lines per cluster in the terminal (JSON has all).") var evidence: Int = 8
    @Flag(name: .long, help: "JSON: {\"clusters\":[{\"cases\",\"loss_fen\",\"evidence\":[{\"identifier\",\"cases\",\"weight\",\"tier\",\"elsewhere\"}]}],\"hubs\":[…]}.") var json = false

    func run() throws {
        do {
            guard hops >= 0 else { throw AppError(.usage, "--hops must be 0 or more") }
            guard minCases >= 1 else { throw AppError(.usage, "--min-cases must be 1 or more") }
            let report = try LinkJob.run(store: openStore(store.db), hops: hops, minCases: minCases)
            if json { printJSON(report); return }
            let linked = report.clusters.reduce(0) { $0 + $1.cases.count }
            print("串并案 Case linking: \(report.clusters.count) clusters of ≥ \(minCases) cases, \(linked) of \(report.case_count) cases (money followed \(hops) hops)")
            for (k, c) in report.clusters.enumerated() {
                print("")
                print("■ cluster \(k + 1): \(c.cases.count) cases, loss ¥\(Money.yuanString(c.loss_fen))")
                let shown = c.cases.prefix(12)
                print("  cases: " + shown.joined(separator: ", ") + (c.cases.count > shown.count ? ", … (\(c.cases.count - shown.count) more)" : ""))
                for e in c.evidence.prefix(evidence) {
                    let also = e.elsewhere > 0 ? " (+\(e.elsewhere) elsewhere)" : ""
                    print("  \(e.identifier) → \(e.cases.count) cases\(also)  [\(e.tier), weight \(String(format: "%.2f", e.weight))]")
                }
                if c.evidence.count > evidence { print("  … \(c.evidence.count - evidence) more identifiers") }
            }
            let hubs = report.hubs.prefix(10)
            if !hubs.isEmpty {
                print("")
                print("Hubs (shared, not linking): " + hubs.map { "\($0.identifier) (\($0.cases) cases, \($0.clusters) clusters)" }.joined(separator: "; "))
            }
        } catch { fail(error) }
    }
}
