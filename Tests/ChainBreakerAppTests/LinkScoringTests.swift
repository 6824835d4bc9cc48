import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Testing

/// Pairwise case-link F1 against the true group of every case (truth/cases.json): pairs of cases
/// in one predicted cluster against pairs of cases of one group, every case counted (a case left
/// alone is a cluster of one).
struct LinkScore: CustomStringConvertible {
    var cases = 0, groups = 0, clusters = 0, singletons = 0
    var truePairs = 0, predictedPairs = 0, correctPairs = 0
    var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
    var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    var description: String {
        String(format: "F1 %.4f (precision %.4f, recall %.4f) — %d cases, %d groups, %d clusters (%d single)",
               f1, precision, recall, cases, groups, clusters, singletons)
    }

    static func pairs<K: Hashable>(_ counts: [K: Int]) -> Int { counts.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 } }

    static func score(_ report: LinkReport, package dir: String) throws -> LinkScore {
        let truth = try TruthScore.json(dir + "/truth/cases.json") as! [String: [String: Any]]
        var predicted: [String: Int] = [:]
        for (k, c) in report.clusters.enumerated() { for id in c.cases { predicted[id] = k } }
        var s = LinkScore()
        var byPredicted: [Int: Int] = [:], byGroup: [String: Int] = [:], joint: [String: Int] = [:]
        var next = report.clusters.count
        for (id, t) in truth {
            let gang = t["gang"] as? String ?? "none"
            let p: Int
            if let k = predicted[id] { p = k } else { next += 1; p = next }
            byPredicted[p, default: 0] += 1; byGroup[gang, default: 0] += 1; joint["\(p)|\(gang)", default: 0] += 1
            s.cases += 1
        }
        s.groups = byGroup.count; s.clusters = byPredicted.count; s.singletons = byPredicted.values.filter { $0 == 1 }.count
        s.truePairs = pairs(byGroup); s.predictedPairs = pairs(byPredicted); s.correctPairs = pairs(joint)
        return s
    }
}

/// Case linking scored on the sample and on generated cities never used while building it.
///
/// The bar is pairwise F1 ≥ 0.98 on unseen cities. Measured (hops 3): see
/// docs/ARCHITECTURE.md, "Case linking"; every figure is printed.
@Suite struct LinkScoringTests {
    static func link(_ city: TestCities.City) throws -> LinkReport {
        try LinkJob.run(store: city.store, minCases: 1)
    }

    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func sampleCity() throws {
        let city = try TestCities.sample()!
        let report = try Self.link(city)
        let score = try LinkScore.score(report, package: city.dir)
        print("link sample:", score)
        #expect(score.cases == report.case_count)
        #expect(score.f1 >= 0.98)
    }

    @Test(arguments: [(41, 900, 2, 0.5), (42, 2000, 3, 0.3), (43, 3000, 4, 0.5), (44, 3000, 6, 0.6), (45, 1500, 2, 0.2),
                      (46, 4000, 12, 0.4), (47, 5000, 14, 0.6), (48, 2500, 5, 0.2),
                      // Two cases of a small group, whose mules' owners bought petrol and groceries by
                      // card at the same shops as the other group's: 0.913 while shops paid by POS
                      // counted as money links (session 20).
                      (304, 3000, 4, 0.6)] as [(UInt64, Int, Int, Double)])
    func unseenCities(seed: UInt64, citizens: Int, gangs: Int, noise: Double) throws {
        let city = try TestCities.city(seed: seed, citizens: citizens, gangs: gangs, noise: noise)
        let report = try Self.link(city)
        let score = try LinkScore.score(report, package: city.dir)
        print("link seed \(seed) (\(citizens) residents, \(gangs) groups, noise \(noise)):", score)
        #expect(score.f1 >= 0.98)
    }

    /// Hub suppression without the tracer's knowledge: no OTC trader, card merchant or platform is
    /// given as a hub, so only the coverage rule, concentration and the tiers keep groups apart.
    /// Measured 0.967 (seed 46) and 0.962 (seed 47): no two groups merge, but a few cases whose only
    /// other link is a shared seller's card join the wrong group. The product's bar (0.98, above) is
    /// met with the tracer's hubs; this stress test asserts 0.95.
    @Test(arguments: [(46, 4000, 12, 0.4), (47, 5000, 14, 0.6)] as [(UInt64, Int, Int, Double)])
    func withoutGivenHubs(seed: UInt64, citizens: Int, gangs: Int, noise: Double) throws {
        let city = try TestCities.city(seed: seed, citizens: citizens, gangs: gangs, noise: noise)
        let ws = try TraceWorkspace(store: city.store)
        let (ids, hubs) = LinkJob.identifiers(ws, imAccounts: try city.store.loadIMAccounts(), imUnblocks: try city.store.loadIMUnblocks(), hops: LinkJob.defaultHops)
        let used = Set(ids.joined())
        let report = LinkJob.report(CaseLinker.link(cases: ids), cases: ws.cases, hops: LinkJob.defaultHops, minCases: 1)
        let score = try LinkScore.score(report, package: city.dir)
        if ProcessInfo.processInfo.environment["CB_LINK_DEBUG"] != nil {
            let truth = try TruthScore.json(city.dir + "/truth/cases.json") as! [String: [String: Any]]
            for c in report.clusters {
                let g = Dictionary(grouping: c.cases, by: { truth[$0]?["gang"] as? String ?? "?" }).mapValues(\.count)
                if g.count > 1 {
                    print("DEBUG", g, c.evidence.filter { e in Set(e.cases.map { truth[$0]?["gang"] as? String ?? "?" }).count > 1 }.map { "\($0.identifier) \($0.cases.count)" })
                }
            }
        }
        print("link seed \(seed) without given hubs (\(hubs.intersection(used).count) hub identifiers ignored):", score)
        #expect(score.f1 >= 0.95)
    }

    /// Without money links and without IM evidence the stated identifiers alone are weaker; the
    /// figures show what each kind of evidence adds (printed, not asserted).
    @Test func evidenceAblation() throws {
        let city = try TestCities.city(seed: 43, citizens: 3000, gangs: 4, noise: 0.5)
        for hops in [0, 1, 2, 3, 4] {
            let score = try LinkScore.score(LinkJob.run(store: city.store, hops: hops, minCases: 1), package: city.dir)
            print("link seed 43 hops \(hops):", score)
        }
    }

    /// The JSON document has the shape: clusters with cases and evidence (identifier `kind:value`
    /// and its cases), money in fen.
    @Test func jsonShape() throws {
        let city = try TestCities.city(seed: 41, citizens: 900, gangs: 2, noise: 0.5)
        let report = try LinkJob.run(store: city.store)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let any = try JSONSerialization.jsonObject(with: enc.encode(report)) as! [String: Any]
        let clusters = try #require(any["clusters"] as? [[String: Any]])
        #expect(!clusters.isEmpty)
        let kinds = Set(LinkKind.allCases.map(\.rawValue))
        for c in clusters {
            let cases = try #require(c["cases"] as? [String])
            #expect(cases.count >= 2)
            #expect(c["loss_fen"] is Int)
            let evidence = try #require(c["evidence"] as? [[String: Any]])
            #expect(!evidence.isEmpty)
            for e in evidence {
                let id = try #require(e["identifier"] as? String)
                let kind = String(id.prefix { $0 != ":" })
                #expect(kinds.contains(kind), "\(id)")
                let ec = try #require(e["cases"] as? [String])
                #expect(ec.count >= 2 && Set(ec).isSubset(of: Set(cases)))
            }
        }
        // Largest first.
        let sizes = clusters.map { ($0["cases"] as! [String]).count }
        #expect(sizes == sizes.sorted(by: >))
    }
}
