import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Testing

@Suite struct ReportTests {
    static func at(_ m: Int, _ d: Int, _ h: Int = 10, _ min: Int = 0) -> Instant { Instant(year: 2021, month: m, day: d, hour: h, minute: min)! }

    /// Five cases over four weeks (Mondays 04-05, 04-12, 04-19 empty, 04-26).
    static func cases() -> [CaseReport] {
        func c(_ id: String, _ t: Instant, _ type: String?, _ yuan: Int64, _ channel: String?, _ gender: String?, _ age: Int?, _ text: String = "") -> CaseReport {
            var x = CaseReport(id: id, line: 0, reportedAt: t, narrative: text, loss: Money(yuan: yuan))
            x.fraudType = type; x.channel = channel; x.victimGender = gender; x.victimAge = age
            x.victimName = "张三\(id)"; x.victimPhone = "1380000000\(id.suffix(1))"; x.victimID = "33990119800101123\(id.suffix(1))"
            return x
        }
        return [
            c("C1", at(4, 5), "刷单返利", 100, "电话", "男", 17),
            c("C2", at(4, 7), "刷单返利", 300, "QQ", "女", 25),
            c("C3", at(4, 11, 23, 30), nil, 50, "短信", "女", 65, "对方称可带其网上投资"),   // Sunday night: still week 04-05
            c("C4", at(4, 12, 0, 30), "虚假网络投资理财", 1000, "网站", "男", 44),
            c("C5", at(4, 26), "刷单返利", 200, nil, nil, nil),
        ]
    }

    static func traces() -> TraceReport {
        func sink(_ kind: String, _ fen: Int64) -> TraceReport.Sink { .init(account: "A\(kind)", kind: kind, amount_fen: fen, level: 1) }
        return TraceReport(rule: "fifo", traces: [
            .init(case: "C1", victim_account: "6222000000000001", amount_fen: 600, time: 0,
                  sinks: [sink("otc", 500), sink("balance", 100)], accounts: [], hops: []),
            .init(case: "C4", victim_account: "6222000000000004", amount_fen: 400, time: 0,
                  sinks: [sink("cashout", 300), sink("unrequested", 50), sink("card_merchant", 25), sink("third_party", 25)], accounts: [], hops: []),
        ], next_requests: [])
    }

    @Test func weeklyCountsLossesAndChange() {
        let s = ReportStatistics.compute(cases: Self.cases(), traces: nil)
        #expect(s.cases == 5 && s.loss_fen == 165_000)
        #expect(s.weeks.map(\.week) == ["2021-04-05", "2021-04-12", "2021-04-19", "2021-04-26"])
        #expect(s.weeks.map(\.cases) == [3, 1, 0, 1])
        #expect(s.weeks.map(\.loss_fen) == [45_000, 100_000, 0, 20_000])
        #expect(s.weeks[0].cases_change == nil)
        #expect(s.weeks[1].cases_change == -0.6667 && s.weeks[1].loss_change == 1.2222)
        #expect(s.weeks[2].cases_change == -1 && s.weeks[2].loss_change == -1)
        #expect(s.weeks[3].cases_change == nil && s.weeks[3].loss_change == nil)   // after an empty week
        #expect(s.weeks[0].by_type.map { "\($0.type):\($0.cases)" } == ["刷单返利:2", "未分类:1"])
    }

    /// Weeks are Mondays in Beijing time, whatever the calendar: across a year end, a leap day,
    /// and Beijing midnight (16:00 UTC the day before).
    @Test func weeksAcrossYearEndsLeapDaysAndMidnight() {
        func day(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10) -> Int64 { ReportStatistics.weekStart(Instant(year: y, month: m, day: d, hour: h, minute: 0)!) }
        func days(_ y: Int, _ m: Int, _ d: Int) -> Int64 { Instant(year: y, month: m, day: d, hour: 12, minute: 0)!.seconds / 86_400 }
        #expect(day(2026, 1, 2) == days(2025, 12, 29) && day(2025, 12, 29) == days(2025, 12, 29) && day(2026, 1, 4, 23) == days(2025, 12, 29))
        #expect(day(2026, 1, 5, 0) == days(2026, 1, 5))
        #expect(day(2024, 2, 29) == days(2024, 2, 26) && day(2024, 3, 3, 23) == days(2024, 2, 26))
        #expect(day(2021, 1, 1) == days(2020, 12, 28))
    }

    @Test func sharesAndBands() {
        let s = ReportStatistics.compute(cases: Self.cases(), traces: nil)
        #expect(s.types.map { "\($0.type) \($0.cases) \($0.share)" } == ["刷单返利 3 0.6", "未分类 1 0.2", "虚假网络投资理财 1 0.2"])
        #expect(s.channels.map { "\($0.name) \($0.cases) \($0.share)" } == ["电话 1 0.2", "短信 1 0.2", "网络 2 0.4", "未知 1 0.2"])
        #expect(s.genders.map { "\($0.name) \($0.cases)" } == ["男 2", "女 2", "未知 1"])
        #expect(s.age_bands.map { "\($0.name) \($0.cases)" } == ["0–17 1", "25–34 1", "35–44 1", "65+ 1", "未知 1"])
    }

    @Test func labelerFillsOnlyMissingTypes() {
        let labeler: (String) -> String? = { $0.contains("投资") ? "虚假网络投资理财" : "冒充领导熟人" }
        let s = ReportStatistics.compute(cases: Self.cases(), traces: nil, labeler: labeler)
        #expect(s.types.map { "\($0.type) \($0.cases)" } == ["刷单返利 3", "虚假网络投资理财 2"])
    }

    @Test func moneyDestinationsFromSinks() {
        let s = ReportStatistics.compute(cases: Self.cases(), traces: Self.traces())
        #expect(s.destinations.map { "\($0.kind) \($0.amount_fen) \($0.share)" } == ["bank_card 150 0.15", "third_party 50 0.05", "crypto 500 0.5", "cash 300 0.3"])
        #expect(s.flows.first.map { "\($0.type) \($0.destination) \($0.amount_fen)" } == "刷单返利 crypto 500")
        #expect(s.flows.reduce(0) { $0 + $1.amount_fen } == 1000)
    }

    @Test func maskingAndEscaping() {
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.name("张三") == "张*" && Masking.name("欧阳明月") == "欧***")
        #expect(Masking.idNumber("33990319670612759X") == "339903********759X")
        var cs = Self.cases()
        cs[0].fraudType = "<script>alert(1)</script>"
        let leaks = LeakJob.report(LeakFinder.find(orders: [], victims: []), alpha: 0.05, all: false)
        let html = AnalystReport.html(ReportJob.make(cases: cs, traces: Self.traces(), leaks: leaks, gangs: nil))
        #expect(!html.contains("<script") && html.contains("&lt;script&gt;"))
        for c in cs { #expect(!html.contains(c.victimPhone!) && !html.contains(c.victimID!) && !html.contains(c.victimName!)) }
        #expect(html.contains("138****0001"))
    }

    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func sampleReportIsSelfContainedAndMasked() throws {
        let city = try TestCities.sample()!
        let d = try ReportJob.gather(store: city.store)
        let html = AnalystReport.html(d)
        // Every <svg closed, no script, no external resource (the SVG namespace is not a fetch).
        #expect(html.components(separatedBy: "<svg").count == html.components(separatedBy: "</svg>").count)
        #expect(html.components(separatedBy: "<svg").count >= 12)
        #expect(!html.contains("<script") && !html.contains("@import") && !html.contains("url(") && !html.contains("@font-face"))
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("src=\"http") && !withoutNamespace.contains("href=\"http"))
        #expect(html.contains("@media print"))
        for section in ["每周案件与损失", "案件类别", "接触渠道", "资金去向", "泄露源", "团伙", "资金穿透", "下一步调单"] {
            #expect(html.contains(section), "missing section \(section)")
        }
        #expect(html.contains("广州云仓1号仓"))
        // No victim phone, ID number or name of the sample appears unmasked.
        let cases = try city.store.loadCases()
        for c in cases {
            if let p = c.victimPhone { #expect(!html.contains(p), "phone of \(c.id)") }
            if let i = c.victimID { #expect(!html.contains(i), "ID of \(c.id)") }
            if let n = c.victimName, n.count >= 2 { #expect(!html.contains(n), "name of \(c.id)") }
        }
        // Statistics on the sample: 34 cases, weeks continuous, shares sum to 1.
        let s = d.statistics
        #expect(s.cases == 34 && s.weeks.reduce(0) { $0 + $1.cases } == 34)
        #expect(abs(s.channels.reduce(0) { $0 + $1.share } - 1) < 0.001)
        #expect(s.weeks.reduce(Int64(0)) { $0 + $1.loss_fen } == s.loss_fen)
    }
}
