import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerSQLite
import ChainBreakerTesting
import Foundation
import Testing

/// Leak finding against `truth/leaks.json`: the first source is a true leak with adjusted p < 0.01,
/// no other (decoy) source reaches adjusted p < 0.05. Cities of 6,000 residents and 4 groups, and
/// the default 2,000-resident city (`smallCities`); only orders.csv and cases.csv are imported.
@Suite struct LeakScoringTests {
    struct Score: CustomStringConvertible {
        var leaks: [String] = [], found: [String] = [], falseFlags: [String] = []
        var first = "", firstAdjusted = 1.0
        var description: String {
            "first \(first) (p_adj \(String(format: "%.2e", firstAdjusted))); leaks found \(found.count)/\(leaks.count) \(found); decoys flagged \(falseFlags)"
        }
    }

    static func score(_ r: LeakReport, package dir: String) throws -> Score {
        let truth = try TruthScore.json(dir + "/truth/leaks.json") as! [[String: Any]]
        var s = Score()
        let leaks = Set(truth.map { "\($0["kind"] as! String) \($0["id"] as! String)" })
        s.leaks = leaks.sorted()
        if let f = r.sources.first { s.first = "\(f.kind) \(f.id)"; s.firstAdjusted = f.p_adjusted }
        for x in r.sources where x.p_adjusted < 0.05 {
            let key = "\(x.kind) \(x.id)"
            if leaks.contains(key) { s.found.append(key) } else { s.falseFlags.append(key) }
        }
        return s
    }

    static func leaksOfCity(seed: UInt64, citizens: Int, gangs: Int, noise: Double) throws -> (LeakReport, String) {
        let dir = NSTemporaryDirectory() + "cb-leaks-\(getpid())-\(seed)-\(citizens)-\(noise)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try CityGenerator(CityConfig(citizens: citizens, gangs: gangs, seed: seed, noise: noise)).write(to: dir + "/city")
        let store = try SQLiteStore(path: dir + "/t.db")
        _ = try ImportPipeline(store: store).run([dir + "/city/orders.csv", dir + "/city/cases.csv"])
        let r = try LeakJob.run(store: store, all: true)
        // Keep the truth beside the result (the folder goes away).
        let truth = dir + "-truth"
        try? FileManager.default.createDirectory(atPath: truth + "/truth", withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: truth + "/truth/leaks.json")
        try FileManager.default.copyItem(atPath: dir + "/city/truth/leaks.json", toPath: truth + "/truth/leaks.json")
        return (r, truth)
    }

    @Test(arguments: [(91 as UInt64, 6000, 4, 0.3), (92, 6000, 4, 0.3), (93, 6000, 4, 0.5), (94, 6000, 4, 0.5)])
    func unseenCities(seed: UInt64, citizens: Int, gangs: Int, noise: Double) throws {
        let (r, truth) = try Self.leaksOfCity(seed: seed, citizens: citizens, gangs: gangs, noise: noise)
        defer { try? FileManager.default.removeItem(atPath: truth) }
        let s = try Self.score(r, package: truth)
        print("leaks seed \(seed) (\(citizens) residents, \(gangs) groups, noise \(noise)): \(s)")
        #expect(s.leaks.contains(s.first), "\(s)")
        #expect(s.firstAdjusted < 0.01, "\(s)")
        #expect(s.falseFlags.isEmpty, "\(s)")
        #expect(s.found.count >= 2, "\(s)")
    }

    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func sampleCity() throws {
        let city = try TestCities.sample()!
        let r = try LeakJob.run(store: city.store, all: true)
        let s = try Self.score(r, package: city.dir)
        print("leaks sample: \(s)")
        #expect(s.first == "warehouse 广州云仓1号仓" && s.firstAdjusted < 0.01)
        #expect(s.falseFlags.isEmpty, "\(s)")
        // The shop shipping through the leaking warehouse is significant on its own (BH over the
        // first-round p-values) and only explaining away clears it: the step this test depends on.
        let unconditional = BenjaminiHochberg.adjust(r.sources.map(\.p_unconditional))
        let decoys = zip(r.sources, unconditional).filter { $0.1 < 0.05 && $0.0.id != "广州云仓1号仓" }
        #expect(!decoys.isEmpty)
        #expect(decoys.allSatisfy { $0.0.explained_by == ["warehouse 广州云仓1号仓"] })
        let w = r.sources[0].window!
        #expect(w.start >= "2021-04-07" && w.end <= "2021-04-24", "\(w)")
    }

    /// The default 2,000-resident city (25–45 reported cases, 3–11 victims per leak; about 16 %
    /// of order phones masked). Fisher over the whole period alone put a true leak first at
    /// adjusted p < 0.01 in 2 of these 8 cities; tying masked orders back to their recipients and
    /// the windowed scan give 7 of 8 with Bonferroni over the two tests (seed 94: 0.012, its
    /// leaking warehouse has 8 victims among 180 users) and 8 of 8 with their joint Monte Carlo p
    /// (seed 94: 0.009). No decoy is flagged in any. Measured, and asserted as measured.
    @Test func smallCities() throws {
        var strong = 0, firstTrue = 0
        for seed in 91...98 as ClosedRange<UInt64> {
            let (r, truth) = try Self.leaksOfCity(seed: seed, citizens: 2000, gangs: 3, noise: 0.3)
            defer { try? FileManager.default.removeItem(atPath: truth) }
            let s = try Self.score(r, package: truth)
            print("leaks small city \(seed): \(s); masked orders tied back \(r.masked_resolved), left out \(r.masked_orders)")
            #expect(s.falseFlags.isEmpty, "\(s)")
            if s.leaks.contains(s.first) { firstTrue += 1; if s.firstAdjusted < 0.01 { strong += 1 } }
        }
        #expect(firstTrue == 8)
        #expect(strong == 8)
    }
}
