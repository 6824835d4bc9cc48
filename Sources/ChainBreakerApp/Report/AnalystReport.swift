import ChainBreakerCore

/// The analyst's report as one self-contained HTML file: inline CSS and SVG, no script, no
/// external font or image, a print style (`@media print`); personal data of victims masked.
public enum AnalystReport {
    static let e = SVG.escape

    static func yuan(_ fen: Int64) -> String { "¥" + TraceRender.yuan(fen) }
    static func pct(_ x: Double) -> String { SVG.num(x * 100, decimals: 1) + "%" }
    static func change(_ x: Double?) -> String {
        guard let x else { return "—" }
        return (x > 0 ? "▲ +" : (x < 0 ? "▼ " : "")) + pct(x)
    }

    public static func html(_ d: AnalystReportData, title: String = "ChainBreaker 断链 — 反诈研判报告 Analyst's report",
                            generatedAt: Instant? = nil, maxTraces: Int = 3, maxGangs: Int = 8) -> String {
        let st = d.statistics
        var h = """
            <!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>\(e(title))</title>
            <style>
            body{font-family:sans-serif;margin:24px auto;max-width:1000px;color:#222;line-height:1.45}
            h1{font-size:24px;margin-bottom:4px}h2{margin-top:34px;border-bottom:2px solid #1c7ed6;padding-bottom:3px;font-size:19px}
            h3{font-size:15px;margin-bottom:4px}.muted{color:#666;font-size:13px}
            table{border-collapse:collapse;font-size:12.5px;margin:8px 0}td,th{border:1px solid #d0d0d0;padding:3px 7px;text-align:left;vertical-align:top}
            th{background:#f1f3f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .kpi{display:inline-block;margin:6px 18px 6px 0;padding:8px 14px;border:1px solid #d0d0d0;border-radius:6px}
            .kpi b{display:block;font-size:20px}.up{color:#c92a2a}.down{color:#2b8a3e}
            svg{max-width:100%;height:auto;display:block;margin:6px 0}
            .pair{display:flex;flex-wrap:wrap;gap:18px}.pair>div{flex:1 1 420px}
            @media print{body{margin:0;max-width:none;font-size:11px}h2{page-break-before:always}h2.first{page-break-before:avoid}
            svg,table,.kpi{page-break-inside:avoid}a{color:inherit;text-decoration:none}}
            </style></head><body>
            <h1>\(e(title))</h1>
            <p class="muted">\(generatedAt.map { "Generated " + e($0.beijingString) + " (Beijing). " } ?? "")Victims' names, phones and ID numbers are masked. Money in yuan; amounts exact to the fen in the JSON (<code>chainbreaker report --json</code>).</p>

            """
        // 1. Overview.
        let traced = d.traces.traces.reduce(Int64(0)) { $0 + $1.amount_fen }
        let flagged = d.leaks.sources.filter { $0.p_adjusted < d.leaks.alpha }
        h += "<h2 class=\"first\">概览 Overview</h2>\n"
        h += kpi("案件 cases", "\(st.cases)") + kpi("损失 loss", yuan(st.loss_fen)) + kpi("已穿透 traced", yuan(traced))
            + kpi("团伙 groups", d.gangs.map { "\($0.gangs.count)" } ?? "—") + kpi("泄露源 leak sources", "\(flagged.count)")
            + kpi("待调单 accounts to request", "\(d.traces.next_requests.count)") + "\n"
        if let last = st.weeks.last {
            h += "<p>Last week (from \(e(last.week))): <b>\(last.cases)</b> cases (\(changeSpan(last.cases_change))), loss <b>\(e(yuan(last.loss_fen)))</b> (\(changeSpan(last.loss_change))).</p>\n"
        }

        // 2. Weekly trends.
        h += "<h2>每周案件与损失 Cases and losses per week, by fraud type</h2>\n"
        let typeNames = st.types.map(\.type)
        let weeks = st.weeks.map { String($0.week.dropFirst(5)) }
        let caseValues = typeNames.map { t in st.weeks.map { w in Double(w.by_type.first { $0.type == t }?.cases ?? 0) } }
        h += Charts.stackedBars(title: "Cases per week by fraud type", categories: weeks, series: typeNames, values: caseValues)
        let trendTypes = Array(typeNames.prefix(5))
        h += "<h3>Trend of the five most frequent types (cases per week)</h3>\n"
        h += Charts.lines(title: "Cases per week, most frequent types", categories: weeks, series: trendTypes,
                          values: Array(caseValues.prefix(trendTypes.count)))
        let lossValues = typeNames.map { t in st.weeks.map { w in Double(w.by_type.first { $0.type == t }?.loss_fen ?? 0) / 1_000_000 } }
        h += "<h3>Loss per week (万元 = ¥10,000)</h3>\n"
        h += Charts.stackedBars(title: "Loss per week by fraud type (万元)", categories: weeks, series: typeNames, values: lossValues, unit: "")
        h += "<table><tr><th>week (Mon)</th><th>cases</th><th>vs last week</th><th>loss</th><th>vs last week</th><th>largest types</th></tr>\n"
        for w in st.weeks {
            let top = w.by_type.sorted { $0.cases > $1.cases }.prefix(3).map { "\($0.type) \($0.cases)" }.joined(separator: ", ")
            h += "<tr><td>\(e(w.week))</td><td class=n>\(w.cases)</td><td class=n>\(changeSpan(w.cases_change))</td><td class=n>\(e(yuan(w.loss_fen)))</td><td class=n>\(changeSpan(w.loss_change))</td><td>\(e(top))</td></tr>\n"
        }
        h += "</table>\n"

        // 3. Types.
        h += "<h2>案件类别 Fraud types</h2>\n"
        h += "<div class=pair><div>" + Charts.bars(title: "Cases by fraud type", labels: typeNames, values: st.types.map { Double($0.cases) },
                                                  valueText: st.types.map { "\($0.cases) (\(pct($0.share)))" }, width: 470) + "</div><div>"
        h += Charts.bars(title: "Loss by fraud type", labels: typeNames, values: st.types.map { Double($0.loss_fen) },
                         valueText: st.types.map { yuan($0.loss_fen) }, width: 470, colour: "#e8590c") + "</div></div>\n"
        let top4 = st.types.prefix(4).reduce(0.0) { $0 + $1.share }
        h += "<p class=muted>The four most frequent types make \(pct(top4)) of cases. Cases without 案件类别 are shown as 未分类 unless a classifier labels them.</p>\n"

        // 4. Channels, victims.
        h += "<h2>接触渠道与受害人 Contact channels and victims</h2>\n<div class=pair><div><h3>接触渠道 Contact channel</h3>"
        h += Charts.bars(title: "Contact channel", labels: st.channels.map(\.name), values: st.channels.map { Double($0.cases) },
                         valueText: st.channels.map { "\($0.cases) (\(pct($0.share)))" }, width: 440, colour: "#7048e8")
        h += "</div><div><h3>性别 Gender</h3>"
        h += Charts.bars(title: "Victims by gender", labels: st.genders.map(\.name), values: st.genders.map { Double($0.cases) },
                         valueText: st.genders.map { "\($0.cases) (\(pct($0.share)))" }, width: 440, colour: "#c2255c")
        h += "</div></div><h3>年龄 Age band</h3>"
        h += Charts.bars(title: "Victims by age band", labels: st.age_bands.map(\.name), values: st.age_bands.map { Double($0.cases) },
                         valueText: st.age_bands.map { "\($0.cases) (\(pct($0.share)))" }, colour: "#2b8a3e") + "\n"

        // 5. Money destinations.
        h += "<h2>资金去向 Where the money went</h2>\n"
        let dests = st.destinations
        h += Charts.bars(title: "Traced money by destination", labels: dests.map { ReportStatistics.destinationNames[$0.kind] ?? $0.kind },
                         values: dests.map { Double($0.amount_fen) }, valueText: dests.map { "\(yuan($0.amount_fen)) (\(pct($0.share)))" },
                         width: 700, colour: "#0c8599")
        h += "<p class=muted>From the fund tracer's sinks: bank card = money still in an account or in an account not yet requested; third-party = payment platforms and game/gift-card merchants; crypto = OTC dealers; cash = ATM and counter withdrawals.</p>\n"
        if !st.flows.isEmpty {
            h += "<h3>Flow: fraud type → destination</h3>"
            h += Charts.flow(title: "Traced money from fraud type to destination",
                             flows: st.flows.map { (from: $0.type, to: ReportStatistics.destinationNames[$0.destination] ?? $0.destination, value: Double($0.amount_fen)) },
                             valueText: { yuan(Int64($0)) }) + "\n"
        }

        // 6. Leak sources.
        h += "<h2>泄露源 Leak sources</h2>\n"
        if flagged.isEmpty {
            h += "<p>No warehouse, merchant or courier is over-represented among victims (adjusted p &lt; \(SVG.num(d.leaks.alpha, decimals: 3))); \(d.leaks.tested) sources tested.</p>\n"
        } else {
            h += "<p>\(flagged.count) of \(d.leaks.tested) sources tested are over-represented among the \(d.leaks.victims) victims found in the orders (\(d.leaks.recipients) recipients; only orders before each victim's first fraud contact count; one-sided Fisher exact test, Benjamini–Hochberg).</p>\n"
            h += Charts.bars(title: "Lift of the flagged sources", labels: flagged.map { $0.id }, values: flagged.map(\.lift),
                             valueText: flagged.map { "lift \(SVG.num($0.lift, decimals: 1)) · \($0.victims)/\($0.population)" }, width: 700, colour: "#c92a2a")
        }
        let leakRows = d.leaks.sources.prefix(max(flagged.count, 5))
        h += "<table><tr><th>kind</th><th>source</th><th>victims / users</th><th>lift</th><th>adjusted p</th><th>leak window</th><th>confidence</th></tr>\n"
        for s in leakRows {
            let w = s.window.map { "\($0.start) … \($0.end)" } ?? "—"
            h += "<tr><td>\(e(s.kind))</td><td>\(e(s.id))</td><td class=n>\(s.victims) / \(s.population)</td><td class=n>\(SVG.num(s.lift, decimals: 2))</td><td class=n>\(e(sci(s.p_adjusted)))</td><td>\(e(w))</td><td>\(e(s.explanation))</td></tr>\n"
        }
        h += "</table>\n"

        // 7. Groups.
        h += "<h2>团伙 Groups and their chains</h2>\n"
        if let g = d.gangs, !g.gangs.isEmpty {
            for gang in g.gangs.prefix(maxGangs) {
                h += "<h3>\(e(gang.id)) · \(e(gang.fraud_types.joined(separator: ", "))) · \(gang.cases.count) cases · loss \(e(yuan(gang.loss_fen))) · traced \(e(yuan(gang.traced_fen)))</h3>\n"
                h += "<ul>" + gang.chain.map { "<li><b>\(e($0.stage))</b>: \(e($0.summary))</li>" }.joined() + "</ul>\n"
                h += GangRender.svg(gang) + "\n"
            }
            if g.gangs.count > maxGangs { h += "<p class=muted>… \(g.gangs.count - maxGangs) more groups (<code>chainbreaker gangs --html</code>).</p>\n" }
        } else {
            h += "<p>No group found.</p>\n"
        }

        // 8. Traces of the largest cases.
        h += "<h2>资金穿透 Traces of the largest cases</h2>\n"
        let largest = d.traces.traces.indices.sorted { d.traces.traces[$0].amount_fen > d.traces.traces[$1].amount_fen }.prefix(maxTraces)
        let caseByID = Dictionary(d.cases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for i in largest {
            let t = d.traces.traces[i]
            let c = t.case.flatMap { caseByID[$0] }
            h += "<h3>\(e(t.case ?? "—")) · \(e(t.case.flatMap { d.typeOf[$0] } ?? "")) · traced \(e(yuan(t.amount_fen)))\(c.map { " · victim " + e(victimLabel($0)) } ?? "")</h3>\n"
            h += TraceRender.svg(t) + "\n"
        }

        // 9. Next accounts to request.
        h += "<h2>下一步调单 Next accounts to request</h2>\n"
        h += "<p>Accounts that received traced victim money and whose statements are not in the store yet, by amount.</p>\n"
        h += "<table><tr><th>#</th><th>account</th><th>traced amount</th><th>level</th><th>cases</th></tr>\n"
        for (k, r) in d.traces.next_requests.prefix(20).enumerated() {
            h += "<tr><td class=n>\(k + 1)</td><td><code>\(e(r.account))</code></td><td class=n>\(e(yuan(r.amount_fen)))</td><td>\(e(TraceRender.levelName(r.level)))</td><td>\(r.cases.count)</td></tr>\n"
        }
        h += "</table>\n"

        // 10. Largest cases (masked victims).
        h += "<h2>最大案件 Largest cases</h2>\n<table><tr><th>case</th><th>reported</th><th>type</th><th>channel</th><th>loss</th><th>victim</th><th>phone</th><th>age</th></tr>\n"
        for c in d.cases.sorted(by: { $0.loss.fen > $1.loss.fen }).prefix(10) {
            h += "<tr><td>\(e(c.id))</td><td>\(e(String(c.reportedAt.beijingString.prefix(10))))</td><td>\(e(d.typeOf[c.id] ?? ""))</td><td>\(e(c.channel ?? ""))</td><td class=n>\(e(yuan(c.loss.fen)))</td><td>\(e(c.victimName.map(Masking.name) ?? ""))</td><td>\(e(c.victimPhone.map(Masking.phone) ?? ""))</td><td>\(c.victimAge.map(String.init) ?? "")</td></tr>\n"
        }
        h += "</table>\n</body></html>\n"
        return Masking.scrub(h, cases: d.cases)
    }

    static func victimLabel(_ c: CaseReport) -> String {
        [c.victimName.map(Masking.name), c.victimGender, c.victimAge.map { "\($0)岁" }].compactMap { $0 }.joined(separator: " ")
    }

    static func kpi(_ label: String, _ value: String) -> String { "<span class=kpi><b>\(e(value))</b>\(e(label))</span>" }

    static func changeSpan(_ x: Double?) -> String {
        guard let x else { return "—" }
        return "<span class=\"\(x > 0 ? "up" : (x < 0 ? "down" : ""))\">\(e(change(x)))</span>"
    }

    static func sci(_ x: Double) -> String {
        if x >= 0.001 || x == 0 { return SVG.num(x, decimals: 4) }
        var m = x, k = 0
        while m < 1 { m *= 10; k += 1 }
        return SVG.num(m, decimals: 2) + "e-\(k)"
    }
}
