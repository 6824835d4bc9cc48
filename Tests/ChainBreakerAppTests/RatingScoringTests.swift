import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Testing

/// Malicious-account F1 against the truth of packages the product has never seen; hard negatives
/// (merchants, employers, traders, group-buy organisers, OTC traders, platforms) never malicious.
struct RatingScore: CustomStringConvertible {
    var tp = 0, fp = 0, fn = 0
    var hardNegativesMalicious: [String] = []
    var confusion: [String: [String: Int]] = [:]   // true role → predicted level → count
    var f1: Double { tp == 0 ? 0 : 2 * Double(tp) / Double(2 * tp + fp + fn) }
    var description: String {
        String(format: "F1 %.4f (tp %d fp %d fn %d) hard negatives malicious %d", f1, tp, fp, fn, hardNegativesMalicious.count)
    }
    static let hardNegativeRoles: Set<String> = ["merchant", "employer", "trader", "groupbuy", "otc", "payment_institution",
                                                 "game_card_merchant", "utility", "lender", "social_security", "external_corp"]

    static func score(_ report: RatingReport, accounts: [String], package dir: String) throws -> RatingScore {
        let truth = try TruthScore.json(dir + "/truth/accounts.json") as! [String: [String: Any]]
        var predicted: [String: String] = [:]
        for a in report.accounts { predicted[a.account] = a.level }
        var s = RatingScore()
        for a in accounts {
            let t = truth[a]
            let label = t?["label"] as? String ?? "normal", role = t?["role"] as? String ?? "unknown"
            let p = predicted[a] ?? "normal"
            s.confusion[role, default: [:]][p, default: 0] += 1
            switch (label == "malicious", p == "malicious") {
            case (true, true): s.tp += 1
            case (false, true): s.fp += 1
            case (true, false): s.fn += 1
            default: break
            }
            if p == "malicious" && hardNegativeRoles.contains(role) { s.hardNegativesMalicious.append(a) }
        }
        return s
    }
}

@Suite struct RatingScoringTests {
    func check(_ city: TestCities.City, _ name: String) throws -> RatingScore {
        let ws = try TraceWorkspace(store: city.store)
        let (report, output) = RatingJob.run(ws, rater: RuleRater(), engine: "rules")
        let s = try RatingScore.score(report, accounts: ws.table.accounts, package: city.dir)
        print("\(name):", s)
        for (role, m) in s.confusion.sorted(by: { $0.key < $1.key }) where role != "citizen" && role != "external" { print("   \(role): \(m)") }
        if ProcessInfo.processInfo.environment["CB_DUMP"] != nil {
            let truth = try TruthScore.json(city.dir + "/truth/accounts.json") as! [String: [String: Any]]
            let lv = Dictionary(uniqueKeysWithValues: report.accounts.map { ($0.account, $0) })
            for (i, a) in ws.table.accounts.enumerated() where (truth[a]?["label"] as? String) == "malicious" && lv[a]?.level != "malicious" {
                let g = ws.graph
                print("   miss \(a) kind \(String(describing: ws.kindEvidence[Int32(i)])) role \(truth[a]?["role"] ?? "") victim¥ \(output.features.victimFen[i] / 100) in¥ \(output.features.inFen[i] / 100) stmt \(ws.facts.hasStatement[i]) in \(g.incoming(i).count) out \(g.outgoing(i).count) level \(lv[a]?.level ?? "normal") \(lv[a]?.reasons ?? [])")
            }
        }
        return s
    }

    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func sampleCity() throws {
        let s = try check(try TestCities.sample()!, "sample")
        #expect(s.f1 >= 0.95)
        #expect(s.hardNegativesMalicious.isEmpty)
    }

    /// Cities of 3,000 residents and 4 groups (in smaller ones too few statements are requested
    /// for some mules to leave any evidence). Seeds 61–63 were never looked at while building the
    /// rules. Measured: 0.985 / 0.994 / 1.000 (session 14; 0.953 / 0.960 / 1.000 before money
    /// from the laundering chain counted as victim money does), no hard negative malicious.
    @Test(arguments: [61, 62, 63] as [UInt64])
    func unseenCities(seed: UInt64) throws {
        let s = try check(try TestCities.city(seed: seed, citizens: 3000, gangs: 4), "seed \(seed)")
        #expect(s.f1 >= 0.95)   // the issue's bar
        #expect(s.hardNegativesMalicious.isEmpty)
    }
}
