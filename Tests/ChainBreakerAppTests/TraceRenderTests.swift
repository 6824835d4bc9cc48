import ChainBreakerApp
import ChainBreakerCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A small hand-built trace: the victim pays A1 and A2 (一级卡); A1 pays B1 and B2, A2 pays B2
/// (money merging) and cashes out; B1 cashes out; B2 keeps its money.
///
///     V ─30,000─▶ A1 ─20,000─▶ B1 ─20,000─▶ CASH
///       │          └─10,000─▶ B2 (balance 15,000)
///       └─20,000─▶ A2 ──5,000─▶ B2
///                   └─15,000─▶ CASH
private enum RenderFixture {
    static let v = "6222020000001111", a1 = "6217000000002222", a2 = "6217000000003333"
    static let b1 = "6217000000004444", b2 = "6217000000005555"
    /// 2021-06-20 14:03:09 Beijing time.
    static let t0 = Instant(year: 2021, month: 6, day: 20, hour: 14, minute: 3, second: 9)!.seconds

    static var trace: TraceReport.Trace {
        TraceReport.Trace(
            case: "A2021-001", victim_account: v, amount_fen: 5_000_000, time: t0,
            sinks: [
                .init(account: "CASH", kind: "cashout", amount_fen: 3_500_000, level: 2),
                .init(account: b2, kind: "balance", amount_fen: 1_500_000, level: 2),
            ],
            accounts: [
                .init(account: a1, level: 1, in_fen: 3_000_000, out_fen: 3_000_000),
                .init(account: a2, level: 1, in_fen: 2_000_000, out_fen: 2_000_000),
                .init(account: b1, level: 2, in_fen: 2_000_000, out_fen: 2_000_000),
                .init(account: b2, level: 2, in_fen: 1_500_000, out_fen: 0),
            ],
            hops: [
                .init(from: v, to: a1, amount_fen: 3_000_000, time: t0, level: 1),
                .init(from: v, to: a2, amount_fen: 2_000_000, time: t0 + 60, level: 1),
                .init(from: a1, to: b1, amount_fen: 2_000_000, time: t0 + 3600, level: 2),
                .init(from: a1, to: b2, amount_fen: 1_000_000, time: t0 + 3660, level: 2),
                .init(from: a2, to: b2, amount_fen: 300_000, time: t0 + 4000, level: 2),
                .init(from: a2, to: b2, amount_fen: 200_000, time: t0 + 3900, level: 2),
                .init(from: a2, to: "CASH", amount_fen: 1_500_000, time: t0 + 7200, level: 2),
                .init(from: b1, to: "CASH", amount_fen: 2_000_000, time: t0 + 9000, level: 3),
            ])
    }

    static var report: TraceReport {
        TraceReport(rule: "fifo", traces: [trace], next_requests: [
            .init(account: b2, amount_fen: 1_500_000, cases: ["A2021-001"], level: 2),
            .init(account: "6217000000009999", amount_fen: 123_456, cases: ["A2021-001", "A2021-002"], level: 3),
        ])
    }

    /// The victim pays `n` accounts 1.00, 2.00, … n.00 yuan.
    static func fan(_ n: Int) -> TraceReport.Trace {
        var hops: [TraceReport.Hop] = [], accounts: [TraceReport.Account] = [], sinks: [TraceReport.Sink] = []
        var total: Int64 = 0
        for i in 1...n {
            let a = "62170000\(1000 + i)"
            let x = Int64(i) * 100
            total += x
            hops.append(.init(from: v, to: a, amount_fen: x, time: t0 + Int64(i), level: 1))
            accounts.append(.init(account: a, level: 1, in_fen: x, out_fen: 0))
            sinks.append(.init(account: a, kind: "unrequested", amount_fen: x, level: 1))
        }
        return TraceReport.Trace(case: "FAN", victim_account: v, amount_fen: total, time: t0, sinks: sinks, accounts: accounts, hops: hops)
    }

    /// About `width × depth` accounts: the victim pays `width` 一级卡, each of which pays
    /// `depth` 二级卡 that cash out.
    static func big(width: Int, depth: Int) -> TraceReport.Trace {
        var hops: [TraceReport.Hop] = [], accounts: [TraceReport.Account] = []
        var total: Int64 = 0, cash: Int64 = 0
        for i in 0..<width {
            let a = "6217\(100_000 + i)"
            var sum: Int64 = 0
            for j in 0..<depth {
                let b = "6218\(100_000 + i * 1000 + j)"
                let x = Int64((i + 1) * 10_000 + j * 137)
                sum += x
                hops.append(.init(from: a, to: b, amount_fen: x, time: t0 + 100, level: 2))
                hops.append(.init(from: b, to: "CASH", amount_fen: x, time: t0 + 200, level: 3))
                accounts.append(.init(account: b, level: 2, in_fen: x, out_fen: x))
                cash += x
            }
            hops.append(.init(from: v, to: a, amount_fen: sum, time: t0, level: 1))
            accounts.append(.init(account: a, level: 1, in_fen: sum, out_fen: sum))
            total += sum
        }
        return TraceReport.Trace(case: "BIG", victim_account: v, amount_fen: total, time: t0,
                                 sinks: [.init(account: "CASH", kind: "cashout", amount_fen: cash, level: 3)],
                                 accounts: accounts, hops: hops)
    }
}

/// Parses XML with Foundation's XMLParser and records what the tests look at.
private final class SVGProbe: NSObject, XMLParserDelegate {
    var rects = 0
    var nodeGroups = 0
    /// Money, declared thickness and drawn thickness at the source end of each band.
    var flows: [(fen: Int64, width: Double, drawn: Double)] = []
    var texts: [String] = []
    var elements: [String] = []
    private var inText = false
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(name)
        if name == "rect" { rects += 1 }
        if name == "g", let c = attributes["class"], c.split(separator: " ").contains("node") { nodeGroups += 1 }
        if name == "path", let c = attributes["class"], c.split(separator: " ").contains("flow"),
           let f = attributes["data-fen"].flatMap({ Int64($0) }), let w = attributes["data-w"].flatMap({ Double($0) }) {
            // "M x,top C … x,bottom Z": the first and the last point are the source end.
            let numbers = (attributes["d"] ?? "").split { !"0123456789.-".contains($0) }.compactMap { Double($0) }
            let drawn = numbers.count >= 4 ? numbers[numbers.count - 1] - numbers[1] : -1
            flows.append((f, w, drawn))
        }
        if name == "text" || name == "title" { inText = true; current = "" }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" || name == "title" { texts.append(current); inText = false }
    }

    static func parse(_ xml: String) -> (ok: Bool, probe: SVGProbe, error: String) {
        let p = XMLParser(data: Data(xml.utf8))
        let probe = SVGProbe()
        p.delegate = probe
        let ok = p.parse()
        return (ok, probe, p.parserError.map { "\($0)" } ?? "")
    }
}

@Suite struct TraceRenderTests {
    // MARK: formatting

    @Test func yuanIsExactWithThousandsSeparators() {
        #expect(TraceRender.yuan(123_456) == "1,234.56")
        #expect(TraceRender.yuan(0) == "0.00")
        #expect(TraceRender.yuan(5) == "0.05")
        #expect(TraceRender.yuan(-5) == "-0.05")
        #expect(TraceRender.yuan(99_999) == "999.99")
        #expect(TraceRender.yuan(100_000) == "1,000.00")
        #expect(TraceRender.yuan(-123_456_789) == "-1,234,567.89")
        #expect(TraceRender.yuan(100_000_000_000) == "1,000,000,000.00")
        #expect(TraceRender.yuan(Int64.max) == "92,233,720,368,547,758.07")
        #expect(TraceRender.yuan(Int64.min) == "-92,233,720,368,547,758.08")
    }

    @Test func beijingTimeFromUTCSeconds() {
        #expect(TraceRender.beijingTime(0) == "1970-01-01 08:00:00")
        #expect(TraceRender.beijingTime(-1) == "1970-01-01 07:59:59")
        #expect(TraceRender.beijingTime(16 * 3600) == "1970-01-02 00:00:00")
        #expect(TraceRender.beijingTime(1_600_000_000) == "2020-09-13 20:26:40")
        #expect(TraceRender.beijingTime(RenderFixture.t0) == "2021-06-20 14:03:09")
        let leap = Instant(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59)!.seconds
        #expect(TraceRender.beijingTime(leap) == "2024-02-29 23:59:59")
        #expect(TraceRender.beijingTime(leap + 1) == "2024-03-01 00:00:00")
    }

    @Test func levelsPercentagesAndTails() {
        #expect(TraceRender.levelName(1) == "一级卡")
        #expect(TraceRender.levelName(2) == "二级卡")
        #expect(TraceRender.levelName(10) == "十级卡")
        #expect(TraceRender.levelName(12) == "十二级卡")
        #expect(TraceRender.levelName(20) == "二十级卡")
        #expect(TraceRender.levelName(23) == "二十三级卡")
        #expect(TraceRender.levelName(120) == "120级卡")
        #expect(TraceRender.percent(1, of: 3) == "33.3%")
        #expect(TraceRender.percent(2, of: 3) == "66.7%")
        #expect(TraceRender.percent(1, of: 2000) == "0.1%")
        #expect(TraceRender.percent(3_500_000, of: 5_000_000) == "70.0%")
        #expect(TraceRender.percent(5, of: 0) == "—")
        #expect(TraceRender.percent(Int64.max, of: Int64.max) == "100.0%")
        #expect(TraceRender.accountTail("6217000000001234") == "…1234")
        #expect(TraceRender.accountTail("123") == "123")
        #expect(TraceRender.kindLabel("card_merchant") == "卡商 card merchant")
    }

    @Test func svgHelpers() {
        #expect(SVG.escape(#"a<b>&"c'"#) == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(SVG.escape("plain 中文") == "plain 中文")
        #expect(SVG.escape("x\u{1}y") == "x\u{FFFD}y")
        #expect(SVG.num(12.0) == "12")
        #expect(SVG.num(12.54) == "12.5")
        #expect(SVG.num(-0.25, decimals: 2) == "-0.25")
        #expect(SVG.num(0.04) == "0")
        #expect(SVG.num(.nan) == "0")
        #expect(SVG.num(1.05, decimals: 2) == "1.05")
    }

    // MARK: tree

    @Test func treeShowsEveryAccountWithLevelsAndIndentation() {
        let text = TraceRender.tree(RenderFixture.report)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = [
            "6222020000001111  (受害账户 victim)",
            "├─ → 6217000000002222  [一级卡]  ¥30,000.00  2021-06-20 14:03:09",
            "│  ├─ → 6217000000004444  [二级卡]  ¥20,000.00  2021-06-20 15:03:09",
            "│  │  └─ → CASH  [取现 cash-out]  ¥20,000.00  2021-06-20 16:33:09",
            "│  └─ → 6217000000005555  [二级卡]  ¥10,000.00  2021-06-20 15:04:09  ◆ 余额 balance kept ¥15,000.00",
            "└─ → 6217000000003333  [一级卡]  ¥20,000.00  2021-06-20 14:04:09",
            "   ├─ → CASH  [取现 cash-out]  ¥15,000.00  2021-06-20 16:03:09",
            "   └─ → 6217000000005555  [二级卡]  ¥5,000.00  2021-06-20 15:08:09 (2 笔)  (see above)",
        ]
        guard let start = lines.firstIndex(of: expected[0]) else {
            Issue.record("no root line in:\n\(text)"); return
        }
        #expect(Array(lines[start..<min(lines.count, start + expected.count)]) == expected, "\(text)")
        #expect(text.contains("[1/1] 案件 Case A2021-001 · 受害账户 victim 6222020000001111 · ¥50,000.00 · 2021-06-20 14:03:09"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func mergedNodeIsPrintedInFullOnce() {
        let text = TraceRender.tree(RenderFixture.report)
        let b2Lines = text.split(separator: "\n").filter { $0.contains("→ " + RenderFixture.b2) }
        #expect(b2Lines.count == 2)
        #expect(b2Lines.filter { $0.contains("(see above)") }.count == 1)
        #expect(b2Lines.filter { $0.contains("余额") }.count == 1)
    }

    @Test func cyclesTerminate() {
        let t = TraceReport.Trace(case: nil, victim_account: "V", amount_fen: 100, time: 0, sinks: [], accounts: [
            .init(account: "A", level: 1, in_fen: 200, out_fen: 200), .init(account: "B", level: 2, in_fen: 100, out_fen: 100),
        ], hops: [
            .init(from: "V", to: "A", amount_fen: 100, time: 0, level: 1),
            .init(from: "A", to: "B", amount_fen: 100, time: 1, level: 2),
            .init(from: "B", to: "A", amount_fen: 100, time: 2, level: 3),
            .init(from: "A", to: "V", amount_fen: 100, time: 3, level: 4),
        ])
        let text = TraceRender.tree(TraceReport(rule: "lifo", traces: [t], next_requests: []))
        #expect(text.contains("   │  └─ → A  [一级卡]  ¥1.00  1970-01-01 08:00:02  (see above)"), "\(text)")
        #expect(text.contains("   └─ → V  [受害账户 victim]  ¥1.00  1970-01-01 08:00:03  (see above)"), "\(text)")
        #expect(text.contains("无案件 no case"))
    }

    @Test func paymentsNotFromTheVictimAccountAreRootsToo() {
        // A trace seeded by a transfer whose payer is not the recorded victim account.
        let t = TraceReport.Trace(case: "S", victim_account: "V", amount_fen: 300, time: 0,
                                  sinks: [.init(account: "B", kind: "otc", amount_fen: 300, level: 2)],
                                  accounts: [.init(account: "A", level: 1, in_fen: 300, out_fen: 300), .init(account: "B", level: 2, in_fen: 300, out_fen: 0)],
                                  hops: [.init(from: "X", to: "A", amount_fen: 300, time: 0, level: 1),
                                         .init(from: "A", to: "B", amount_fen: 300, time: 60, level: 2)])
        let text = TraceRender.tree(TraceReport(rule: "fifo", traces: [t], next_requests: []))
        #expect(text.contains("X  (来源 source)\n└─ → A  [一级卡]  ¥3.00  1970-01-01 08:00:00\n   └─ → B  [二级卡]  ¥3.00  1970-01-01 08:01:00  ◆ 场外商 OTC dealer ¥3.00\n"), "\(text)")
        let (ok, probe, _) = SVGProbe.parse(TraceRender.svg(t))
        #expect(ok)
        #expect(probe.rects == 4)
        #expect(probe.texts.contains { $0.hasPrefix("来源 source") })
    }

    @Test func childrenAreCappedWithAMoreLine() {
        let report = TraceReport(rule: "fifo", traces: [RenderFixture.fan(15)], next_requests: [])
        let text = TraceRender.tree(report, maxChildren: 12)
        // The 3 smallest (1.00 + 2.00 + 3.00 yuan) are folded.
        #expect(text.contains("└─ … 3 more (¥6.00)"), "\(text)")
        #expect(text.contains("├─ → 621700001015  [一级卡]  ¥15.00"))
        #expect(text.contains("├─ → 621700001004  [一级卡]  ¥4.00"))
        #expect(!text.contains("→ 621700001003 "))
        #expect(text.components(separatedBy: "◆ 未调单 not yet requested").count - 1 == 12)
        let all = TraceRender.tree(report, maxChildren: 20)
        #expect(!all.contains("more ("))
        #expect(all.contains("└─ → 621700001001  [一级卡]  ¥1.00"))
    }

    @Test func sinkSummaryAndNextRequests() {
        let text = TraceRender.tree(RenderFixture.report)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("    取现 cash-out") && $0.hasSuffix("¥35,000.00    70.0%") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("    余额 balance kept") && $0.hasSuffix("¥15,000.00    30.0%") })
        #expect(lines.contains { $0.hasPrefix("    合计 traced") && $0.hasSuffix("¥50,000.00   100.0%") })
        #expect(text.contains("下一步调单 Next accounts to request · 2 个账户 accounts · ¥16,234.56"))
        let reqs = text.components(separatedBy: "下一步调单 Next accounts to request")[1]
        let rows = reqs.split(separator: "\n").map(String.init)
        #expect(rows.contains("#  账户 Account      金额 Amount (¥)  案件数 Cases  层级 Level  案件 Case numbers"), "\(reqs)")
        #expect(rows.contains("1  6217000000005555        15,000.00             1  二级卡      A2021-001"), "\(reqs)")
        #expect(rows.contains("2  6217000000009999         1,234.56             2  三级卡      A2021-001, A2021-002"), "\(reqs)")
        #expect(reqs.contains("A2021-001, A2021-002"))
        // The table comes after every trace.
        #expect(text.range(of: "下一步调单")!.lowerBound > text.range(of: "合计 traced")!.lowerBound)
    }

    @Test func maxTracesKeepsTheLargestAndSaysSo() {
        var traces: [TraceReport.Trace] = []
        for k in 1...5 {
            var t = RenderFixture.fan(2); t.case = "C\(k)"; t.amount_fen = Int64(k) * 1000
            traces.append(t)
        }
        let text = TraceRender.tree(TraceReport(rule: "fifo", traces: traces, next_requests: []), maxTraces: 2)
        #expect(text.contains("[4/5] 案件 Case C4"))
        #expect(text.contains("[5/5] 案件 Case C5"))
        #expect(!text.contains("Case C3"))
        #expect(text.contains("… 3 more traces not shown (¥60.00)"))
        #expect(text.range(of: "C4")!.lowerBound < text.range(of: "C5")!.lowerBound)
    }

    @Test func colorUsesANSI() {
        let text = TraceRender.tree(RenderFixture.report, color: true)
        #expect(text.contains("\u{1B}[1;33m下一步调单"))
        #expect(text.contains("\u{1B}[2m(see above)\u{1B}[0m"))
    }

    // MARK: SVG

    @Test func svgIsWellFormedWithABoxPerAccount() {
        let svg = TraceRender.svg(RenderFixture.trace)
        let (ok, probe, error) = SVGProbe.parse(svg)
        #expect(ok, "\(error)\n\(svg)")
        // 4 accounts + victim + cash.
        #expect(probe.rects == 6)
        #expect(probe.nodeGroups == 6)
        #expect(probe.elements.first == "svg")
        #expect(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        // One band per from→to pair (A2→B2's two hops are one band).
        #expect(probe.flows.count == 7)
        #expect(probe.flows.contains { $0.fen == 500_000 })
        #expect(probe.texts.contains { $0.hasPrefix("…2222") && $0.contains("¥30,000.00") })
        #expect(probe.texts.contains { $0.contains("余额 ¥15,000.00") })
        #expect(probe.texts.contains { $0.contains("场外商 OTC dealer") }) // legend
        #expect(!svg.contains("NaN") && !svg.contains("inf"))
    }

    @Test func edgeWidthsAreOrderedLikeAmounts() {
        let (ok, probe, _) = SVGProbe.parse(TraceRender.svg(RenderFixture.trace))
        #expect(ok)
        let flows = probe.flows.sorted { $0.fen < $1.fen }
        #expect(flows.count >= 5)
        for (a, b) in zip(flows, flows.dropFirst()) {
            if a.fen < b.fen { #expect(a.width < b.width, "\(a) \(b)") } else { #expect(a.width == b.width) }
            if a.fen < b.fen { #expect(a.drawn < b.drawn, "\(a) \(b)") }
        }
        for f in flows { #expect(abs(f.drawn - f.width) < 0.15, "\(f)") }
        // Proportional: 30,000 is six times 5,000.
        let w5 = flows.first { $0.fen == 500_000 }!.width, w30 = flows.first { $0.fen == 3_000_000 }!.width
        #expect(abs(w30 / w5 - 6) < 0.05)
    }

    @Test func svgEscapesText() {
        var t = RenderFixture.trace
        t.case = "A<1>&\"x\"'y'\u{1}"
        t.victim_account = "62<&>99"
        for k in t.hops.indices where t.hops[k].from == RenderFixture.v { t.hops[k].from = t.victim_account }
        t.hops.append(.init(from: RenderFixture.b2, to: "<script>alert(1)</script>", amount_fen: 1, time: RenderFixture.t0, level: 3))
        let svg = TraceRender.svg(t)
        let (ok, probe, error) = SVGProbe.parse(svg)
        #expect(ok, "\(error)\n\(svg)")
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("A&lt;1&gt;&amp;&quot;x&quot;&#39;y&#39;"))
        #expect(probe.texts.contains { $0.contains("案件 A<1>&\"x\"'y'\u{FFFD} · 受害账户 62<&>99") })
        // 4 accounts + the new one + victim + cash.
        #expect(probe.rects == 7)
    }

    @Test func largeTracesAreCappedAndStillValid() {
        let t = RenderFixture.big(width: 20, depth: 10)   // 220 accounts
        let svg = TraceRender.svg(t, maxNodes: 60)
        let (ok, probe, error) = SVGProbe.parse(svg)
        #expect(ok, "\(error)")
        // At most 60 boxes plus one "others" per column.
        #expect(probe.rects <= 60 + 2)
        #expect(probe.rects >= 50)
        #expect(probe.texts.contains { $0.hasPrefix("其他 ") })
        // Every fen still flows into cash.
        let cashIn = probe.texts.first { $0.hasPrefix("取现 CASH  ¥") }
        #expect(cashIn == "取现 CASH  ¥\(TraceRender.yuan(t.sinks[0].amount_fen))")
        let small = TraceRender.svg(RenderFixture.big(width: 3, depth: 3))
        #expect(SVGProbe.parse(small).probe.rects == 12 + 2)
    }

    @Test func emptyTraceStillRenders() {
        let t = TraceReport.Trace(case: "E", victim_account: "V", amount_fen: 0, time: 0, sinks: [], accounts: [], hops: [])
        let (ok, probe, _) = SVGProbe.parse(TraceRender.svg(t))
        #expect(ok)
        #expect(probe.rects == 1)
        let text = TraceRender.tree(TraceReport(rule: "fifo", traces: [t], next_requests: []))
        #expect(text.contains("(no traced movement"))
        #expect(text.contains("(none 无"))
    }

    // MARK: HTML

    @Test func htmlIsSelfContained() {
        let html = TraceRender.html(RenderFixture.report, title: "专案 <X> & Co")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("http"))
        #expect(!html.lowercased().contains("@import"))
        #expect(!html.lowercased().contains("url("))
        #expect(html.contains("<title>专案 &lt;X&gt; &amp; Co</title>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 1)
        #expect(html.contains("70.0%") && html.contains("30.0%"))
        #expect(html.contains("6217000000009999"))
        #expect(html.contains("下一步调单"))
        #expect(html.contains("@media print"))
        #expect(!html.contains("仅绘制"))
    }

    @Test func htmlLimitsPicturesAndSaysSo() {
        var traces: [TraceReport.Trace] = []
        for k in 1...55 { var t = RenderFixture.trace; t.case = "C\(k)"; t.amount_fen += Int64(k); traces.append(t) }
        let html = TraceRender.html(TraceReport(rule: "fifo", traces: traces, next_requests: []), title: "t")
        #expect(html.components(separatedBy: "<svg").count - 1 == 50)
        #expect(html.contains("showing the 50 largest of 55 traces"))
        #expect(!html.contains("id=\"trace-5\""))
        #expect(html.contains("id=\"trace-6\""))
        #expect(!html.contains("http"))
        // The inline pictures parse as XML on their own.
        let first = html.range(of: "<svg")!.lowerBound
        let end = html.range(of: "</svg>", range: first..<html.endIndex)!.upperBound
        #expect(SVGProbe.parse(String(html[first..<end])).ok)
    }
}

