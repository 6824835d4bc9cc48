import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import Foundation

struct LeaksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaks",
        abstract: "Find leak sources (泄露源): warehouses, merchants and couriers over-represented among victims.",
        discussion: """
            Only orders before each victim's first fraud contact count. Two tests per source: one-sided Fisher exact \
            (victims among its users vs all recipients, Benjamini–Hochberg over every source tested) and a Kulldorff \
            space–time scan over exposure dates with Monte Carlo p-values (family-wise over sources and windows); \
            p adj. is their joint Monte Carlo p (single-step min-p). Each group of linked cases (as `link` links \
            them) with at least 10 victims is also tested on its own victims: a leak feeding one group stands out \
            there when the other groups' victims dilute it. Orders with a masked phone (138****5678) are tied back \
            to their recipient by name and address where the file shows them; the rest are left out.
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "Significance level for the adjusted p-value.") var alpha: Double = 0.05
    @Flag(name: .long, help: "List every source tested, not only the significant ones.") var all = false
    @Option(name: .long, help: "Monte Carlo replicates of the windowed scan (0 = Fisher test only).") var replicates: Int = 999
    @Option(name: .long, help: "Seed of the Monte Carlo replicates.") var seed: UInt64 = 20_211_001
    @Flag(name: .long, help: "JSON: {\"sources\":[{\"kind\",\"id\",\"victims\",\"population\",\"lift\",\"p\",\"p_adjusted\",\"window\":{\"start\",\"end\"},\"confidence\"}]}.") var json = false

    func run() throws {
        do {
            guard alpha > 0 && alpha < 1 else { throw AppError(.usage, "--alpha must be between 0 and 1") }
            guard replicates >= 0 else { throw AppError(.usage, "--replicates must be 0 or more") }
            let options = LeakFinder.Options(alpha: alpha, replicates: replicates, seed: seed)
            let r = try LeakJob.run(store: openStore(store.db), options: options, all: all)
            if json { printJSON(r); return }
            print("泄露源 Leak sources: \(r.tested) sources tested, \(r.victims) victims among \(r.recipients) order recipients "
                  + "(\(r.victims_without_orders) victims without orders; \(r.masked_resolved) masked orders tied to their recipient, \(r.masked_orders) others and \(r.orders_after_contact) victim orders after first contact left out)")
            if r.sources.isEmpty { print("No source is over-represented among victims (adjusted p < \(alpha))."); return }
            print("")
            print(pad("kind", 10) + pad("source", 28) + pad("victims/users", 15) + pad("lift", 8) + pad("p adj.", 11) + pad("test", 8) + pad("window", 24) + "confidence")
            for s in r.sources {
                let w = s.window.map { "\($0.start) … \($0.end)" } ?? "—"
                print(pad(s.kind, 10) + pad(s.id, 28) + pad("\(s.victims)/\(s.population)", 15) + pad(String(format: "%.1f", s.lift), 8)
                      + pad(String(format: "%.2e", s.p_adjusted), 11) + pad(s.p_scan < s.p_fisher_adjusted ? "window" : "period", 8)
                      + pad(w, 24) + s.confidence)
            }
            print("")
            for s in r.sources.prefix(5) { print("  \(s.id): \(s.explanation)") }
        } catch { fail(error) }
    }

    /// Pads to a display width (CJK characters count two columns).
    func pad(_ s: String, _ width: Int) -> String {
        var w = 0
        for u in s.unicodeScalars { w += u.value >= 0x1100 ? 2 : 1 }
        return s + String(repeating: " ", count: max(1, width - w))
    }
}
