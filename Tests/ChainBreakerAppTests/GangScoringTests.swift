import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Testing

/// Gang recovery against the truth of packages the product has never seen: adjusted Rand index
/// over the malicious accounts of a group (shared actors, `gang: null`, excluded), organizer
/// recall, and that shared providers are not given to one group.
struct GangScore: CustomStringConvertible {
    var ari = 0.0
    var malicious = 0, placed = 0, absent = 0
    var organizers = 0, organizersFound = 0
    /// Member accounts the truth labels normal (the product's false members).
    var normalMembers = 0, memberAccounts = 0
    var roleConfusion: [String: [String: Int]] = [:]   // true role → predicted role → count
    var organizerRecall: Double { organizers == 0 ? 1 : Double(organizersFound) / Double(organizers) }
    var description: String {
        String(format: "ARI %.4f over %d malicious accounts in the data (%d placed in a gang; %d absent from it), organizer recall %.3f (%d/%d)",
               ari, malicious, placed, absent, organizerRecall, organizersFound, organizers) + "; \(normalMembers) of \(memberAccounts) member accounts normal in truth"
    }

    /// `present`: the accounts in the imported data; a malicious account that appears in no
    /// imported file (its group reached no reported victim, or only through accounts whose
    /// statements were never requested) cannot be placed by anyone and is left out of the ARI.
    static func score(_ report: GangReport, package dir: String, present: Set<String>? = nil) throws -> GangScore {
        let truth = try TruthScore.json(dir + "/truth/accounts.json") as! [String: [String: Any]]
        let gangs = try TruthScore.json(dir + "/truth/gangs.json") as! [String: [String: Any]]
        var predicted: [String: (gang: String, role: String)] = [:]
        for g in report.gangs {
            for m in g.members where m.entity.hasPrefix("account:") { predicted[String(m.entity.dropFirst(8))] = (g.id, m.role) }
        }
        var s = GangScore()
        var t: [String] = [], p: [String] = []
        for (a, info) in truth.sorted(by: { $0.key < $1.key }) where info["label"] as? String == "malicious" {
            guard let g = info["gang"] as? String else { continue }
            if let present, !present.contains(a) { s.absent += 1; continue }
            s.malicious += 1
            t.append(g)
            if let x = predicted[a] { s.placed += 1; p.append(x.gang) } else { p.append("none:" + a) }
            s.roleConfusion[info["role"] as? String ?? "?", default: [:]][predicted[a]?.role ?? "-", default: 0] += 1
        }
        s.ari = adjustedRand(t, p)
        s.memberAccounts = predicted.count
        s.normalMembers = predicted.keys.filter { (truth[$0]?["label"] as? String ?? "normal") == "normal" }.count
        for (_, g) in gangs {
            for a in g["core_accounts"] as? [String] ?? [] {
                s.organizers += 1
                if predicted[a]?.role == "organizer" { s.organizersFound += 1 }
            }
        }
        return s
    }

    /// Adjusted Rand index (Hubert & Arabie 1985) of two labelings.
    static func adjustedRand(_ a: [String], _ b: [String]) -> Double {
        func c2(_ x: Int) -> Double { Double(x) * Double(x - 1) / 2 }
        var nij: [String: Int] = [:], ai: [String: Int] = [:], bj: [String: Int] = [:]
        for (x, y) in zip(a, b) { nij[x + "\u{1}" + y, default: 0] += 1; ai[x, default: 0] += 1; bj[y, default: 0] += 1 }
        let index = nij.values.reduce(0) { $0 + c2($1) }
        let sa = ai.values.reduce(0) { $0 + c2($1) }, sb = bj.values.reduce(0) { $0 + c2($1) }
        let expected = sa * sb / c2(a.count), maxIndex = (sa + sb) / 2
        return maxIndex == expected ? 1 : (index - expected) / (maxIndex - expected)
    }
}

@Suite struct GangScoringTests {
    func check(_ city: TestCities.City, _ name: String) throws -> GangScore {
        let ws = try TraceWorkspace(store: city.store)
        let out = try GangJob.run(ws, store: city.store)
        let s = try GangScore.score(out.report, package: city.dir, present: Set(ws.index.keys))
        print("\(name): \(s); \(out.report.gangs.count) gangs, \(out.report.shared.count) shared")
        for (role, m) in s.roleConfusion.sorted(by: { $0.key < $1.key }) { print("   \(role): \(m.sorted { $0.key < $1.key })") }
        if ProcessInfo.processInfo.environment["CB_DUMP"] != nil {
            let truth = try TruthScore.json(city.dir + "/truth/accounts.json") as! [String: [String: Any]]
            func tg(_ a: Int32) -> String { let t = truth[ws.accountName(a)]; return "\(t?["gang"] as? String ?? "-")/\(t?["role"] as? String ?? "?")/\(t?["label"] as? String ?? "?")" }
            let input = GangJob.input(ws)
            let miner = GangMiner()
            let f = miner.flowFacts(input, gangOfAccount: out.result.gangOfAccount)
            let c = input.context
            for (k, g) in out.result.gangs.enumerated() {
                print("  gang \(k): cases \(g.cases.count) traced \(g.tracedFen / 100)")
                for m in g.members {
                    let a = Int(m.account)
                    print("     \(ws.accountName(m.account)) \(tg(m.account)) -> \(m.role) lvl \(c.minTraceLevel[a]) in \(f.tracedIn[a] / 100) out \(f.tracedOut[a] / 100) exits \(f.toExits[a] / 100) toM \(f.toMembers[a] / 100) cash \(f.cash[a] / 100) payersT \(f.memberPayers[a]) payersAll \(f.memberPayersAll[a]) payees \(f.memberPayees[a]) cases \(c.victimCases[a]) direct \(c.directVictimPayments[a])")
                }
            }
            for (a, info) in truth where info["label"] as? String == "malicious" {
                if let i = ws.index[a], out.result.gangOfAccount[Int(i)] < 0 {
                    print("   unplaced \(a) \(tg(i)) rated \(input.levels[Int(i)]) kind \(c.kinds[Int(i)]) in \(c.victimInflowFen[Int(i)] / 100)")
                    for e in Array(input.graph.outgoing(Int(i))) + Array(input.graph.incoming(Int(i))) {
                        let x = input.graph.from[Int(e)], y = input.graph.to[Int(e)]
                        print("      edge \(x >= 0 ? ws.accountName(x) : "-") -> \(y >= 0 ? ws.accountName(y) : "-") \(input.graph.amountFen[Int(e)]) gangs \(x >= 0 ? out.result.gangOfAccount[Int(x)] : -9) \(y >= 0 ? out.result.gangOfAccount[Int(y)] : -9)")
                    }
                } else if ws.index[a] == nil { print("   absent \(a) \(info["role"] ?? "")") }
            }
            var seen = Set<String>()
            for l in miner.links(input, member: miner.members(input)) {
                let x = truth[ws.accountName(l.a)]?["gang"] as? String, y = truth[ws.accountName(l.b)]?["gang"] as? String
                if x != y || x == nil {
                    let key = "\(l.kind) \(tg(l.a)) \(tg(l.b))"
                    if seen.insert(key + ws.accountName(l.a)).inserted { print("   cross link \(key) \(ws.accountName(l.a)) \(ws.accountName(l.b))") }
                }
            }
        }
        return s
    }

    @Test func adjustedRandKnownAnswers() {
        #expect(GangScore.adjustedRand(["a", "a", "b", "b"], ["x", "x", "y", "y"]) == 1)
        #expect(abs(GangScore.adjustedRand(["a", "a", "a", "b", "b", "b"], ["x", "x", "y", "y", "z", "z"]) - 0.2424) < 1e-3)  // sklearn
    }

    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func sampleCity() throws {
        let s = try check(try TestCities.sample()!, "sample")
        #expect(s.ari >= 0.9)
        #expect(s.organizerRecall >= 0.9)
    }

    /// Cities with the generator's default rented-card traffic, and two with twice as much
    /// (rented first-level cards paid by strangers and topped up by their holders: their change
    /// then reaches other people, some of them other groups' mules).
    @Test(arguments: [(81 as UInt64, 900, 2, 0.5, nil as Double?), (82, 2000, 3, 0.5, nil), (83, 3000, 4, 0.5, nil), (84, 2500, 3, 0.3, nil),
                      (85, 4000, 5, 0.6, nil), (82, 2000, 3, 0.5, 0.1), (83, 3000, 4, 0.5, 0.1), (86, 1500, 2, 0.4, nil), (88, 2500, 3, 0.5, 0.08), (89, 5000, 6, 0.5, nil)])
    func unseenCities(seed: UInt64, citizens: Int, gangs: Int, noise: Double, rentedCardTraffic: Double?) throws {
        let city = try TestCities.city(seed: seed, citizens: citizens, gangs: gangs, noise: noise, rentedCardTraffic: rentedCardTraffic)
        let s = try check(city, "seed \(seed)" + (rentedCardTraffic.map { " (rented-card traffic \($0))" } ?? ""))
        // The issue's bars: ARI ≥ 0.9 and organizer recall ≥ 0.9.
        #expect(s.ari >= 0.9)
        #expect(s.organizerRecall >= 0.9)
        #expect(Double(s.normalMembers) <= 0.1 * Double(max(1, s.memberAccounts)))
    }

    /// Seed 87 (noise 0.7): one of the four groups reached no victim in the period — no case, no
    /// traced money; most of its accounts appear in no file and the few that do (its organizer
    /// paying its 引流 workers, seen only in the real-time stream) carry nothing that ties them to
    /// fraud. Every organizer of the groups that did reach victims is found (7 of 8 in all); ARI
    /// 0.9886 (0.8996 before members followed their holder's other card and the associates that
    /// joined late).
    @Test func aGroupWithoutVictims() throws {
        let city = try TestCities.city(seed: 87, citizens: 3500, gangs: 4, noise: 0.7)
        let s = try check(city, "seed 87")
        #expect(s.ari >= 0.95)
        #expect(s.organizers - s.organizersFound <= 1)
        #expect(Double(s.normalMembers) <= 0.1 * Double(max(1, s.memberAccounts)))
    }
}
