import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Testing

/// The risk query on the sample city (known answers against truth/accounts.json and tags.csv) and
/// its errors.
@Suite(.serialized) struct RiskQueryTests {
    nonisolated(unsafe) static var cached: RiskIndex?
    static func index() throws -> RiskIndex {
        if let c = cached { return c }
        let city = try TestCities.sample()!
        let ix = try RiskJob.build(store: city.store)
        cached = ix
        return ix
    }

    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func knownAnswersOnTheSampleCity() throws {
        let ix = try Self.index()
        let dir = samplePackage()!
        let truth = try TruthScore.json(dir + "/truth/accounts.json") as! [String: [String: Any]]
        // A payee account victims named that is malicious in truth (a 跑分 wallet).
        let payee = try RiskJob.answer(ix, query: "account:2215717448@wx.tenpay.com")
        #expect(truth["2215717448@wx.tenpay.com"]?["label"] as? String == "malicious")
        #expect(payee.level == "malicious")
        #expect(!payee.reasons.isEmpty)
        #expect(!payee.cases.isEmpty)
        // Every payee account named in a case that truth calls malicious is flagged (level above normal).
        let city = try TestCities.sample()!
        var named = 0, flagged = 0
        for c in try city.store.loadCases() {
            for a in c.payeeAccounts where truth[a]?["label"] as? String == "malicious" {
                named += 1
                if try RiskJob.answer(ix, query: "account:" + a).level != "normal" { flagged += 1 }
            }
        }
        #expect(named > 0 && flagged == named)
        // The card the victims' money went to first, written with full-width digits in a case.
        let card = try RiskJob.answer(ix, query: "account:６２２９０９３６６３１２０３５９６５")
        #expect(card.entity == "account:622909366312035965")
        #expect(card.level != "normal" && card.level != "unknown")
        // A tagged phone carries its tag, in any spelling.
        let courier = try RiskJob.answer(ix, query: "phone:+86 139-9323-7593")
        #expect(courier.entity == "phone:13993237593")
        #expect(courier.tags.contains("快递员"))
        #expect(courier.level == "normal")
        // A suspect's WeChat a victim reported.
        let wx = try RiskJob.answer(ix, query: "wechat:wxid_dfogfkoud5udsj")
        #expect(wx.level == "malicious")
        #expect(wx.cases.contains { $0.id == "A33993651000022021040001" })
        // A site in another spelling.
        let site = try RiskJob.answer(ix, query: "url:GBHX546.XYZ/login")
        #expect(site.entity == "url:gbhx546.xyz")
        #expect(site.level == "malicious")
        // Nothing known.
        let unknown = try RiskJob.answer(ix, query: "phone:13000000001")
        #expect(unknown.level == "unknown")
        #expect(unknown.cases.isEmpty)
    }

    @Test func badQueriesAreUsageErrors() {
        let ix = RiskIndex()
        for q in ["foo:bar", "", "phone:12", "account:abc"] {
            do { _ = try RiskJob.answer(ix, query: q); Issue.record("accepted \(q)") }
            catch { #expect(error.code == .usage); #expect(error.message.contains("bad risk query")) }
        }
    }
}
