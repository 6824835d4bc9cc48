import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Testing

/// Early warning scored against generated cities' truth (warnings.json, at_risk.json): recall =
/// reachable victims warned at or before their first loss; false warnings per 10,000 residents
/// per day. The knowledge is what the store held before the stream's first event.
@Suite(.serialized) struct WarnScoringTests {
    static func score(_ city: TestCities.City, config: WarningEngine.Config = .init()) throws -> WarnEvaluation {
        let out = try WarnJob.run(store: city.store, events: try city.store.loadEvents(type: nil), config: config)
        return try WarnEvaluation.score(out.warnings, truthDir: city.dir + "/truth")
    }

    /// Measured (debug and release alike, deterministic; rented cards with strangers' payments):
    /// seed 91 recall 1.000 (14/14), 0 false per 10k per day; seed 92 0.947 (18/19), 0 false;
    /// seed 93 0.938 (15/16), 0.24 false. The bar is the issue's: ≤ 1 false per 10k per day.
    @Test(arguments: [(91, 3000, 4, 0.3), (92, 3000, 4, 0.3), (93, 3000, 4, 0.3)] as [(UInt64, Int, Int, Double)])
    func unseenCities(seed: UInt64, citizens: Int, gangs: Int, noise: Double) throws {
        let city = try TestCities.city(seed: seed, citizens: citizens, gangs: gangs, noise: noise, rentedCardTraffic: 0.1)
        let s = try Self.score(city)
        print("warn seed \(seed) (\(citizens) residents, \(gangs) groups, noise \(noise)):", s)
        #expect(s.victims >= 10)
        #expect(s.recall >= 0.9)
        #expect(s.falsePer10kPerDay <= 1.0)
    }

    /// Seed 103 (noise 0.8) tags the popular QQ音乐 涉诈APP by mistake and no case names it: five
    /// ordinary installers on the first day were warned (1.43 false per 10k per day). Doubting a
    /// tag no case confirms once three ordinary people install it within a day leaves two
    /// (0.57) and loses no victim (10/10 either way).
    @Test func aMisTaggedPopularAppIsDoubted() throws {
        let city = try TestCities.city(seed: 103, citizens: 2500, gangs: 3, noise: 0.8, rentedCardTraffic: 0.1)
        let s = try Self.score(city)
        var off = WarningEngine.Config()
        off.rushPlain = 0
        let without = try Self.score(city, config: off)
        print("warn seed 103:", s, "— without the doubt:", without)
        #expect(s.falsePer10kPerDay <= 1.0)
        #expect(without.falsePer10kPerDay > 1.0)
        #expect(s.recall >= 0.9 && s.recall >= without.recall)
    }

    /// Seed 101: a 婚恋 victim's first payment went to the card that another victim had paid in
    /// rising steps hours before (escalation warned him then); `escalated_payee` catches her in
    /// time — recall 0.882 → 0.941, no false warning either way.
    @Test func aCardSeenCollectingAnEscalatingRunWarnsTheNextVictim() throws {
        let city = try TestCities.city(seed: 101, citizens: 3000, gangs: 4, noise: 0.4, rentedCardTraffic: 0.1)
        let s = try Self.score(city)
        var off = WarningEngine.Config()
        off.detectors.remove(.escalatedPayee)
        let without = try Self.score(city, config: off)
        print("warn seed 101:", s, "— without escalated_payee:", without)
        #expect(s.recall >= 0.9 && without.recall < 0.9)
        #expect(s.falsePer10kPerDay <= without.falsePer10kPerDay)
    }

    /// The payee detector carries victims no phone-side signal reaches (WeChat / QQ contact, no
    /// known site): without it recall falls to 0.714 / 0.895 / 0.812 on the seeds above.
    @Test func recallNeedsThePayeeDetector() throws {
        var config = WarningEngine.Config()
        config.detectors.remove(.flaggedPayee)
        var below = 0
        for seed in [91, 92, 93] as [UInt64] {
            let s = try Self.score(try TestCities.city(seed: seed, citizens: 3000, gangs: 4, noise: 0.3, rentedCardTraffic: 0.1), config: config)
            print("warn seed \(seed) without flagged_payee:", s)
            if s.recall < 0.9 { below += 1 }
        }
        #expect(below >= 2)
    }

    /// Knowledge respects 报案时间: a case reported after the stream began only counts from its
    /// report time, and the victims' own reports are never known before their loss.
    @Test func noWarningUsesLaterReports() throws {
        let city = try TestCities.city(seed: 91, citizens: 3000, gangs: 4, noise: 0.3, rentedCardTraffic: 0.1)
        let events = try city.store.loadEvents(type: nil)
        let start = events.first!.time.seconds
        let (adapter, _) = try WarnJob.prepare(store: city.store, streamStart: start)
        let later = try city.store.loadCases().filter { $0.reportedAt.seconds >= start }
        #expect(!later.isEmpty)
        for c in later {
            for e in RiskJob.caseIdentifiers(c).suspects {
                if let r = adapter.index.lookup(e), r.cases.allSatisfy({ adapter.index.cases[Int($0)].reportedAt >= start }), !r.flaggedBeyondCases {
                    #expect(r.flaggedSince >= start)
                }
            }
        }
    }
}
