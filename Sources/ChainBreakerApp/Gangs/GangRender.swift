import ChainBreakerCore

/// Terminal text and a self-contained HTML page (inline SVG, no scripts) for `GangReport`.
public enum GangRender {
    static let stageOrder: [(title: String, roles: [String])] = [
        ("contact 接触", ["drainage", "goip", "im_dealer", "unblocker"]),
        ("payment 收款", ["first_level", "paofen"]),
        ("layering 分层", ["layer"]),
        ("consolidation 归集", ["organizer"]),
        ("exit 出口", ["cashout", "card_merchant", "otc"]),
    ]

    public static func text(_ r: GangReport, perRole: Int = 6) -> String {
        var out = "\(r.gangs.count) groups, \(r.shared.count) shared providers and identifiers\n"
        for g in r.gangs {
            out += "\n━━ \(g.id)  \(g.fraud_types.joined(separator: ", "))  \(g.cases.count) cases, loss \(RatingText.yuan(fen: g.loss_fen)), traced \(RatingText.yuan(fen: g.traced_fen))\n"
            for s in g.chain { out += "   \(s.stage): \(s.summary)\n" }
            let byRole = Dictionary(grouping: g.members, by: \.role)
            for (title, roles) in stageOrder {
                let ms = roles.flatMap { byRole[$0] ?? [] }
                if ms.isEmpty { continue }
                out += "   [\(title)]\n"
                for role in roles {
                    guard let list = byRole[role], !list.isEmpty else { continue }
                    let accounts = list.filter { !$0.entity.hasPrefix("person:") }
                    for m in accounts.prefix(perRole) {
                        out += "     \(role.padding(12)) \(m.entity)" + (m.evidence.first.map { "  — " + $0 } ?? "") + "\n"
                    }
                    if accounts.count > perRole { out += "     \(role.padding(12)) … and \(accounts.count - perRole) more\n" }
                }
            }
            let people = g.members.filter { $0.entity.hasPrefix("person:") }
            if !people.isEmpty { out += "   people: \(people.count) card holders (\(people.prefix(3).map(\.entity).joined(separator: ", "))\(people.count > 3 ? ", …" : ""))\n" }
            out += "   cases: \(g.cases.prefix(8).joined(separator: ", "))\(g.cases.count > 8 ? ", …" : "")\n"
        }
        if !r.shared.isEmpty {
            out += "\n━━ shared (serve several groups)\n"
            for s in r.shared.prefix(30) { out += "   \(s.role.padding(12)) \(s.entity)  → \(s.gangs.joined(separator: ", "))\n" }
            if r.shared.count > 30 { out += "   … and \(r.shared.count - 30) more\n" }
        }
        return out
    }

    /// One SVG per group: the chain stages left to right, members as boxes in their stage.
    static func svg(_ g: GangReport.Gang, maxPerStage: Int = 14) -> String {
        let colW = 230.0, boxH = 22.0, top = 48.0
        let byRole = Dictionary(grouping: g.members.filter { !$0.entity.hasPrefix("person:") }, by: \.role)
        let columns = stageOrder.map { stage in stage.roles.flatMap { role in (byRole[role] ?? []).map { (role, $0.entity) } } }
        let rows = min(maxPerStage + 1, columns.map(\.count).max() ?? 1)
        let width = colW * Double(columns.count) + 20, height = top + Double(rows) * (boxH + 6) + 20
        var s = SVG.Builder()
        s.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": "\(Int(width))", "height": "\(Int(height))", "viewBox": "0 0 \(Int(width)) \(Int(height))", "font-family": "system-ui, sans-serif"])
        let colours = ["#7b61ff", "#d9480f", "#e67700", "#c92a2a", "#2b8a3e"]
        for (i, stage) in stageOrder.enumerated() {
            let x = 10 + Double(i) * colW
            s.element("text", ["x": "\(x)", "y": "20", "font-size": "13", "font-weight": "bold", "fill": colours[i]], stage.title)
            s.element("text", ["x": "\(x)", "y": "36", "font-size": "11", "fill": "#555"], "\(columns[i].count) members")
            if i > 0 { s.element("path", ["d": "M\(x - 16) \(top + 8) l10 0 m-4 -4 l4 4 l-4 4", "stroke": "#888", "fill": "none"]) }
            for (j, m) in columns[i].prefix(maxPerStage).enumerated() {
                let y = top + Double(j) * (boxH + 6)
                s.element("rect", ["x": "\(x)", "y": "\(y)", "width": "\(colW - 24)", "height": "\(boxH)", "rx": "4",
                                   "fill": colours[i], "fill-opacity": "0.12", "stroke": colours[i]])
                let label = m.1.count > 30 ? String(m.1.prefix(29)) + "…" : m.1
                s.element("text", ["x": "\(x + 5)", "y": "\(y + 15)", "font-size": "10.5", "font-family": "monospace"], "\(m.0): \(label)")
            }
            if columns[i].count > maxPerStage {
                s.element("text", ["x": "\(x + 5)", "y": "\(top + Double(maxPerStage) * (boxH + 6) + 14)", "font-size": "11", "fill": "#555"],
                          "… and \(columns[i].count - maxPerStage) more")
            }
        }
        s.close("svg")
        return s.text
    }

    public static func html(_ r: GangReport, title: String = "ChainBreaker — groups and whole-chain portraits") -> String {
        let e = SVG.escape
        var h = """
            <!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>\(e(title))</title>
            <style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}h2{margin-top:32px;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
            .ev{color:#555}svg{max-width:100%;height:auto}@media print{h2{page-break-before:always}}</style></head><body>
            <h1>\(e(title))</h1><p>\(r.gangs.count) groups, \(r.shared.count) shared providers and identifiers.</p>

            """
        for g in r.gangs {
            h += "<h2>\(e(g.id)) · \(e(g.fraud_types.joined(separator: ", "))) · \(g.cases.count) cases · loss \(e(RatingText.yuan(fen: g.loss_fen)))</h2>\n"
            h += "<ul>" + g.chain.map { "<li><b>\(e($0.stage))</b>: \(e($0.summary))</li>" }.joined() + "</ul>\n"
            h += svg(g) + "\n"
            h += "<h3>Timeline</h3><ul>" + g.timeline.map { "<li>\(e(Instant(seconds: $0.time).beijingString)) — \(e($0.what))</li>" }.joined() + "</ul>\n"
            h += "<h3>Members and evidence</h3><table><tr><th>role</th><th>entity</th><th>evidence</th></tr>\n"
            for m in g.members.sorted(by: { ($0.role, $0.entity) < ($1.role, $1.entity) }) {
                h += "<tr><td>\(e(m.role))</td><td>\(e(m.entity))</td><td class=ev>\(e(m.evidence.joined(separator: "; ")))</td></tr>\n"
            }
            h += "</table><p class=ev>Cases: \(e(g.cases.joined(separator: ", ")))</p>\n"
        }
        if !r.shared.isEmpty {
            h += "<h2>Shared providers and identifiers</h2><table><tr><th>role</th><th>entity</th><th>groups</th><th>evidence</th></tr>\n"
            for s in r.shared { h += "<tr><td>\(e(s.role))</td><td>\(e(s.entity))</td><td>\(e(s.gangs.joined(separator: ", ")))</td><td class=ev>\(e(s.evidence.joined(separator: "; ")))</td></tr>\n" }
            h += "</table>\n"
        }
        return h + "</body></html>\n"
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
