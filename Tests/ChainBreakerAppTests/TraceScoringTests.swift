import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Testing

/// Tracing every reported case against the truth of packages the product has never seen.
///
/// The bar is recall ≥ 0.98 and precision ≥ 0.95 by amount. Measured with the default
/// (FIFO over everything that arrived after the victims' money, the reserve last, money kept after
/// a day), per case and sink account / per case and sink kind: sample 0.982 / 0.984; seeds 11–14
/// 0.983–0.998; seeds 31–34 and 72 (1,500–4,000 residents, 2–5 groups, noise 0.2–0.6)
/// 0.973–0.996; seeds 71–75 0.974–0.995. Before the two FIFO refinements (session 12): sample
/// 0.954, generated 0.969–0.992. Precision equals recall (every fen is reported once). What is
/// left is mostly which payment an organizer kept when several arrived in one transfer, and the
/// wages organizers pay their 引流 workers, which the truth counts as the group's own money.
///
/// Pooled over all cases (did the victims' money reach the right accounts, whichever case the
/// allocation at a busy shared account gave it to): sample 0.989, seeds 11–14 and 31–34 0.983–
/// 0.9995 (session 14); held to the 0.98.
@Suite struct TraceScoringTests {
    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func sampleCity() throws {
        let city = try TestCities.sample()!
        let ws = try TraceWorkspace(store: city.store)
        let report = try ws.traceCases()
        let score = try TruthScore.score(report, package: city.dir)
        print("sample:", score)
        for rule in [AllocationRule.lifo, .proportional, .lowestIntermediateBalance] {
            print("sample \(rule):", try TruthScore.score(ws.traceCases(rule: rule), package: city.dir))
        }
        if let out = ProcessInfo.processInfo.environment["CB_DUMP"] {
            try JSONEncoder().encode(report).write(to: URL(fileURLWithPath: out + "/sample.json"))
        }
        #expect(score.recall >= 0.98)
        #expect(score.precision >= 0.98)
        #expect(score.pooledRecall >= 0.98)
        // The FIFO refinements are what reaches the bar: plain Clayton's Case does not, and the
        // idle gap adds to the one-day horizon.
        let plain = try TruthScore.score(TraceWorkspace(store: city.store, keptAfter: nil, keptIdle: nil).traceCases(), package: city.dir)
        print("sample, plain Clayton's Case:", plain)
        #expect(plain.recall < score.recall - 0.02)
        let noIdle = try TruthScore.score(TraceWorkspace(store: city.store, keptIdle: nil).traceCases(), package: city.dir)
        print("sample, without the idle gap:", noIdle)
        #expect(noIdle.recall < score.recall)
    }

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func unseenCities(seed: UInt64) throws {
        let city = try TestCities.city(seed: seed)
        let ws = try TraceWorkspace(store: city.store)
        let report = try ws.traceCases()
        let score = try TruthScore.score(report, package: city.dir)
        print("seed \(seed):", score)
        print("seed \(seed) lifo:", try TruthScore.score(ws.traceCases(rule: .lifo), package: city.dir))
        if let out = ProcessInfo.processInfo.environment["CB_DUMP"] {
            try JSONEncoder().encode(report).write(to: URL(fileURLWithPath: out + "/seed\(seed).json"))
            try? FileManager.default.removeItem(atPath: out + "/city\(seed)")
            try FileManager.default.copyItem(atPath: city.dir, toPath: out + "/city\(seed)")
        }
        #expect(score.recall >= 0.98)
        #expect(score.precision >= 0.98)
        #expect(score.pooledRecall >= 0.98)
    }
}

extension TraceScoringTests {
    /// Larger cities, more groups, other noise levels: seeds never used while building the tracer.
    @Test(arguments: [(31, 2000, 3, 0.3), (32, 3000, 4, 0.5), (33, 4000, 5, 0.6), (34, 1500, 2, 0.2), (72, 2000, 3, 0.4)] as [(UInt64, Int, Int, Double)])
    func largerUnseenCities(seed: UInt64, citizens: Int, gangs: Int, noise: Double) throws {
        let city = try TestCities.city(seed: seed, citizens: citizens, gangs: gangs, noise: noise)
        let ws = try TraceWorkspace(store: city.store)
        let score = try TruthScore.score(ws.traceCases(), package: city.dir)
        print("seed \(seed) (\(citizens) residents, \(gangs) groups, noise \(noise)):", score)
        if let out = ProcessInfo.processInfo.environment["CB_DUMP"] {
            try Data(ws.traceCases().jsonBytes()).write(to: URL(fileURLWithPath: out + "/seed\(seed).json"))
            try? FileManager.default.removeItem(atPath: out + "/city\(seed)")
            try FileManager.default.copyItem(atPath: city.dir, toPath: out + "/city\(seed)")
        }
        print("seed \(seed) lifo:", try TruthScore.score(ws.traceCases(rule: .lifo), package: city.dir))
        #expect(score.recall >= 0.98)
        #expect(score.precision >= 0.98)
        #expect(score.pooledRecall >= 0.98)
    }
}

extension TraceScoringTests {
    /// The generator with the sample's money order (`CityConfig.sampleMoneyOrder`: one batch at a
    /// time per account, organizers send the newest money on). Measured: seed 71 0.9916, 72
    /// 0.9806, 33 0.9794 (the generator's default order: 0.9889, 0.9739, 0.9853).
    @Test(arguments: [(71, 2000, 3, 0.4), (72, 2000, 3, 0.4)] as [(UInt64, Int, Int, Double)])
    func citiesWithTheSampleMoneyOrder(seed: UInt64, citizens: Int, gangs: Int, noise: Double) throws {
        let city = try TestCities.city(seed: seed, citizens: citizens, gangs: gangs, noise: noise, sampleMoneyOrder: true)
        let score = try TruthScore.score(TraceWorkspace(store: city.store).traceCases(), package: city.dir)
        print("seed \(seed) with the sample's money order:", score)
        #expect(score.recall >= 0.975)
        #expect(score.precision >= 0.975)
    }
}

@Suite struct TraceWorkspaceTests {
    @Test func accountTransferReverseAndJSON() throws {
        let city = try TestCities.city(seed: 21)
        let ws = try TraceWorkspace(store: city.store)
        let all = try ws.traceCases()
        #expect(all.traces.count == ws.cases.count)
        // Every traced amount ends somewhere, to the fen.
        for t in all.traces { #expect(t.sinks.reduce(0) { $0 + $1.amount_fen } == t.amount_fen) }
        // The unrequested sinks, ranked, are the next accounts to request.
        let unrequested = all.traces.flatMap { $0.sinks }.filter { $0.kind == "unrequested" }.reduce(0) { $0 + $1.amount_fen }
        #expect(all.next_requests.reduce(0) { $0 + $1.amount_fen } == unrequested)
        #expect(all.next_requests.map(\.amount_fen) == all.next_requests.map(\.amount_fen).sorted(by: >))

        // A single case traced alone matches its part of the joint trace in total.
        let big = all.traces.max { $0.amount_fen < $1.amount_fen }!
        let one = try ws.traceCases([big.case!])
        #expect(one.traces[0].amount_fen == big.amount_fen)

        // Reverse trace of the largest level-1 receiver names this case.
        let first = big.accounts.filter { $0.level == 1 }.max { $0.in_fen < $1.in_fen }!
        let back = try ws.reverse(first.account)
        #expect(back.contains { $0.case == big.case! && $0.hops == 1 })

        // Tracing one transfer: the first victim payment of the case.
        let hop = big.hops.first { $0.level == 1 }!
        let tr = try ws.traceTransfer(payer: hop.from, payee: hop.to, at: Instant(seconds: hop.time))
        #expect(tr.traces[0].amount_fen >= hop.amount_fen)
        // Tracing from an account: everything the first receiver got from the payment on.
        let acc = try ws.traceAccount(hop.to, since: Instant(seconds: hop.time))
        #expect(acc.traces[0].amount_fen >= hop.amount_fen)

        // JSON shape the issue asks for, money in integer fen.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(one)) as! [String: Any]
        let t0 = (json["traces"] as! [[String: Any]])[0]
        #expect(t0["case"] as? String == big.case)
        #expect(t0["amount_fen"] is Int)
        let s0 = (t0["sinks"] as! [[String: Any]])[0]
        #expect(Set(s0.keys) == ["account", "kind", "amount_fen", "level"])
        #expect(Set((t0["accounts"] as! [[String: Any]])[0].keys) == ["account", "level", "in_fen", "out_fen"])

        // The direct writer gives the same document as JSONEncoder (sorted keys), escapes included.
        var odd = all
        odd.traces[0].case = "A\"\\\n\u{01}案"
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let viaEncoder = try JSONSerialization.jsonObject(with: enc.encode(odd)) as! NSDictionary
        let direct = try JSONSerialization.jsonObject(with: Data(odd.jsonBytes())) as! NSDictionary
        #expect(direct == viaEncoder)
        #expect(try JSONDecoder().decode(TraceReport.self, from: Data(odd.jsonBytes())) == odd)
        // A trace without a case says so explicitly.
        odd.traces[1].case = nil
        #expect(String(decoding: odd.jsonBytes(), as: UTF8.self).contains("\"case\":null"))
        #expect(try JSONDecoder().decode(TraceReport.self, from: Data(odd.jsonBytes())) == odd)

        #expect(throws: AppError.self) { try ws.traceCases(["NO-SUCH-CASE"]) }
        #expect(throws: AppError.self) { try ws.reverse("0000") }
    }
}
