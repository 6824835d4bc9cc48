import ChainBreakerCore
import Testing

@Suite struct RiskIndexTests {
    @Test func queriesAreNormalised() throws {
        #expect(try RiskEntity.parse("phone:+86 138-0013-8000").get() == RiskEntity(.phone, "13800138000"))
        #expect(try RiskEntity.parse("PHONE:13800138000").get() == RiskEntity(.phone, "13800138000"))
        #expect(try RiskEntity.parse("phone:008613800138000").get() == RiskEntity(.phone, "13800138000"))
        #expect(try RiskEntity.parse("qq:QQ号：12345678").get() == RiskEntity(.qq, "12345678"))
        #expect(try RiskEntity.parse("qq:12345678@qq.com").get() == RiskEntity(.qq, "12345678"))
        #expect(try RiskEntity.parse("url:https://www.hfxcf.vip/#/login").get() == RiskEntity(.url, "hfxcf.vip"))
        #expect(try RiskEntity.parse("url:HFXCF.VIP").get() == RiskEntity(.url, "hfxcf.vip"))
        #expect(try RiskEntity.parse("account:6222 0228 9572 8406 761").get() == RiskEntity(.account, "6222022895728406761"))
        #expect(try RiskEntity.parse("wechat:wxid_ABC123").get().kind == .wechat)
    }

    @Test func badQueriesSayWhy() {
        for q in ["foo:bar", "", "phone", "phone:", "phone:abc", "qq:0123", "person:339902197206084974"] {
            guard case .failure(let issue) = RiskEntity.parse(q) else { Issue.record("accepted \(q)"); continue }
            #expect(!issue.reason.isEmpty)
        }
        if case .failure(let issue) = RiskEntity.parse("foo:bar") { #expect(issue.reason.contains("unknown kind")) }
    }

    @Test func aTaggedAppInCommonUseIsDoubtfulUnlessACaseNamesIt() {
        var ix = RiskIndex()
        let pay = RiskEntity(.app, "支付宝"), scam = RiskEntity(.app, "博雅娱乐"), named = RiskEntity(.app, "蜜聊")
        for e in [pay, scam, named] { ix.tag(e, label: "涉诈APP") }
        ix.addCase(.init(id: "C1", reportedAt: 100), suspects: [named], payees: [])
        ix.setCommonUse(pay, users: 1_647)
        ix.setCommonUse(scam, users: RiskIndex.commonUseMin - 1)
        ix.setCommonUse(named, users: 500)
        let p = ix.lookup(pay)!
        #expect(p.level == .suspicious && !p.flaggedBeyondCases && p.commonUsers == 1_647)
        #expect(p.reasons.contains { $0.contains("in common use: 1647 people") })
        // Few users: the tag stands. Named by a victim: the tag stands whatever its use.
        #expect(ix.lookup(scam)!.level == .malicious && ix.lookup(scam)!.flaggedBeyondCases)
        #expect(ix.lookup(named)!.level == .malicious && ix.lookup(named)!.flaggedBeyondCases)
    }

    @Test func levelsCombineRatingTagsCasesAndGroups() {
        var ix = RiskIndex()
        let acct = RiskEntity(.account, "6222022895728406761")
        ix.rate(acct, level: .normal, score: 0.1, reasons: [])
        let phone = RiskEntity(.phone, "13800138000")
        let courier = RiskEntity(.phone, "13900139000")
        ix.tag(courier, label: "快递员")
        let k = ix.addCase(.init(id: "A1", reportedAt: 1_000), suspects: [phone], payees: [acct])
        ix.addCase(.init(id: "A2", reportedAt: 2_000), suspects: [phone], payees: [])
        ix.setClusters([0, 0])
        #expect(ix.lookup(acct)?.level == .suspicious)
        #expect(ix.lookup(acct)?.flaggedSince == 1_000)
        #expect(ix.lookup(phone)?.level == .malicious)
        #expect(ix.lookup(phone)?.cases == [0, 1])
        #expect(ix.linkedCases(of: k) == [1])
        #expect(ix.lookup(courier)?.level == .normal)
        #expect(ix.lookup(courier)?.tags == ["快递员"])
        #expect(ix.lookup(courier)?.flaggedSince == .max)
        #expect(ix.lookup(RiskEntity(.phone, "13700137000")) == nil)
        ix.tag(RiskEntity(.app, "云视讯"), label: "涉诈APP")
        #expect(ix.lookup(RiskEntity(.app, "云视讯"))?.level == .malicious)
        #expect(ix.lookup(RiskEntity(.app, "云视讯"))?.flaggedSince == .min)
        let mule = RiskEntity(.account, "6217002384652416637")
        ix.rate(mule, level: .malicious, score: 0.9, reasons: ["received victim money"])
        ix.setGang(mule, gang: "G01", role: "first_level")
        #expect(ix.lookup(mule)?.gang == "G01")
        #expect(ix.lookup(mule)?.level == .malicious)
        #expect(ix.id(of: mule) != nil)
    }
}
