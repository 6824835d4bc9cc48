import ChainBreakerCore

/// Renders fund traces (资金穿透) for analysts: a terminal tree, an SVG flow picture per trace and
/// one self-contained HTML page. Pure functions from a `TraceReport` to text; no Foundation, no
/// floating point for money (fen are formatted with integer arithmetic; pixels are the only
/// `Double`s), times in Beijing time from `Instant`.
public enum TraceRender {

    // MARK: - Formatting

    /// Yuan with thousands separators and exactly two decimals: 123456 → `1,234.56`,
    /// -5 → `-0.05`. Integer arithmetic only.
    public static func yuan(_ fen: Int64) -> String {
        let m = fen.magnitude, frac = m % 100
        return (fen < 0 ? "-" : "") + RatingText.grouped(Int64(m / 100)) + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    /// `1970-01-01 08:00:00`: Beijing time (UTC+8) of UTC seconds (`Instant.beijingString`,
    /// civil-from-days arithmetic, no `DateFormatter`).
    public static func beijingTime(_ seconds: Int64) -> String { Instant(seconds: seconds).beijingString }

    /// `一级卡`, `二级卡`, … `十二级卡` (levels ≥ 100 in digits: `120级卡`); 0 or less is the victim.
    public static func levelName(_ level: Int) -> String {
        if level <= 0 { return "受害账户" }
        return chineseNumber(level) + "级卡"
    }

    static func chineseNumber(_ n: Int) -> String {
        let d = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        switch n {
        case 0..<10: return d[n]
        case 10: return "十"
        case 11..<20: return "十" + d[n % 10]
        case 20..<100: return d[n / 10] + "十" + (n % 10 == 0 ? "" : d[n % 10])
        default: return String(n)
        }
    }

    /// Sink kinds in display order, with their Chinese and English names.
    public static let sinkKinds: [(kind: String, chinese: String, english: String)] = [
        ("cashout", "取现", "cash-out"),
        ("card_merchant", "卡商", "card merchant"),
        ("otc", "场外商", "OTC dealer"),
        ("third_party", "第三方支付", "third-party payment"),
        ("balance", "余额", "balance kept"),
        ("unrequested", "未调单", "not yet requested"),
    ]

    /// `取现 cash-out`, `余额 balance kept`, …; an unknown kind is returned as it is.
    public static func kindLabel(_ kind: String) -> String {
        if let k = sinkKinds.first(where: { $0.kind == kind }) { return k.chinese + " " + k.english }
        return kind
    }

    static func kindOrder(_ kind: String) -> Int { sinkKinds.firstIndex { $0.kind == kind } ?? sinkKinds.count }

    /// `part / total` as a percentage with one decimal, rounded half up: `40.0%`. `—` for a
    /// non-positive total. Exact (full-width integer division).
    public static func percent(_ part: Int64, of total: Int64) -> String {
        guard total > 0 else { return "—" }
        let negative = part < 0
        let p = part.magnitude, t = UInt64(total)
        guard p / t < 1_000_000_000_000 else { return (negative ? "-" : "") + "∞%" }
        let (hi, lo) = p.multipliedFullWidth(by: 1000)
        var (q, r) = t.dividingFullWidth((high: hi, low: lo))
        if r >= t - r { q += 1 }
        return (negative && q > 0 ? "-" : "") + String(q / 10) + "." + String(q % 10) + "%"
    }

    /// `…1234`: the last four characters of an account number (the whole of a shorter one).
    public static func accountTail(_ account: String) -> String {
        account.count > 4 ? "…" + String(account.suffix(4)) : account
    }

    /// The marker of cash (ATM withdrawals) in `Hop.to` and `Sink.account`.
    public static let cash = "CASH"

    /// Terminal columns a string occupies (East Asian wide characters count two).
    static func displayWidth(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0 || (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) { continue }
            if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
                || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
                || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
                || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v) {
                w += 2
            } else { w += 1 }
        }
        return w
    }
    static func padRight(_ s: String, _ width: Int) -> String {
        let w = displayWidth(s)
        return w >= width ? s : s + String(repeating: " ", count: width - w)
    }
    static func padLeft(_ s: String, _ width: Int) -> String {
        let w = displayWidth(s)
        return w >= width ? s : String(repeating: " ", count: width - w) + s
    }

    // MARK: - Flow index shared by the renderers

    /// One trace's hops grouped by (from, to), with per-account levels and sinks.
    struct FlowIndex {
        struct Child {
            var to: String
            var amount: Int64
            var first: Int64
            var count: Int
            var level: Int
        }
        /// Outgoing flows per account, largest first.
        var children: [String: [Child]] = [:]
        /// Level of each account (from `accounts`, else the smallest hop level).
        var level: [String: Int] = [:]
        /// Sinks per account (cash-outs to ATMs under `cash`), largest first.
        var sinks: [String: [(kind: String, amount: Int64)]] = [:]
        /// Traced money per sink kind, in display order.
        var byKind: [(kind: String, amount: Int64)] = []

        init(_ t: TraceReport.Trace) {
            for a in t.accounts { level[a.account] = min(level[a.account] ?? a.level, a.level) }
            var groups: [String: [String: Child]] = [:]
            for h in t.hops {
                if level[h.to] == nil && h.to != TraceRender.cash { level[h.to] = h.level }
                if var c = groups[h.from, default: [:]][h.to] {
                    c.amount += h.amount_fen; c.first = min(c.first, h.time); c.count += 1; c.level = min(c.level, h.level)
                    groups[h.from]![h.to] = c
                } else {
                    groups[h.from, default: [:]][h.to] = Child(to: h.to, amount: h.amount_fen, first: h.time, count: 1, level: h.level)
                }
            }
            for (from, kids) in groups {
                children[from] = kids.values.sorted { a, b in
                    if a.amount != b.amount { return a.amount > b.amount }
                    if a.first != b.first { return a.first < b.first }
                    return a.to < b.to
                }
            }
            var kinds: [String: Int64] = [:]
            var perAccount: [String: [String: Int64]] = [:]
            for s in t.sinks {
                kinds[s.kind, default: 0] += s.amount_fen
                perAccount[s.account, default: [:]][s.kind, default: 0] += s.amount_fen
            }
            for (a, m) in perAccount {
                sinks[a] = m.map { (kind: $0.key, amount: $0.value) }.sorted {
                    $0.amount != $1.amount ? $0.amount > $1.amount : TraceRender.kindOrder($0.kind) < TraceRender.kindOrder($1.kind)
                }
            }
            byKind = kinds.map { (kind: $0.key, amount: $0.value) }.sorted {
                let a = TraceRender.kindOrder($0.kind), b = TraceRender.kindOrder($1.kind)
                return a != b ? a < b : $0.kind < $1.kind
            }
        }
    }

    /// Indices of the `limit` largest traces (all when nil), in report order.
    static func largest(_ traces: [TraceReport.Trace], limit: Int?) -> [Int] {
        guard let limit, limit < traces.count else { return Array(traces.indices) }
        let top = traces.indices.sorted {
            traces[$0].amount_fen != traces[$1].amount_fen ? traces[$0].amount_fen > traces[$1].amount_fen : $0 < $1
        }.prefix(max(0, limit))
        return top.sorted()
    }

    // MARK: - Terminal tree

    /// ANSI styling, or none.
    struct Style {
        var on: Bool
        func wrap(_ code: String, _ s: String) -> String { on ? "\u{1B}[" + code + "m" + s + "\u{1B}[0m" : s }
        func bold(_ s: String) -> String { wrap("1", s) }
        func dim(_ s: String) -> String { wrap("2", s) }
        func level(_ s: String) -> String { wrap("36", s) }
        func money(_ s: String) -> String { wrap("1", s) }
        func title(_ s: String) -> String { wrap("1;33", s) }
        func kind(_ kind: String, _ s: String) -> String {
            switch kind {
            case "cashout": return wrap("31", s)
            case "card_merchant": return wrap("35", s)
            case "otc": return wrap("33", s)
            case "third_party": return wrap("34", s)
            case "balance": return wrap("32", s)
            case "unrequested": return wrap("1;33", s)
            default: return s
            }
        }
    }

    /// A terminal tree per trace (the victim's money, account by account, with sinks and a
    /// per-trace summary), then the next accounts to request (下一步调单).
    ///
    /// - `maxTraces`: show only the largest traces (in report order); nil shows all.
    /// - `color`: ANSI colours.
    /// - `maxChildren`: flows shown under one account, largest first; the rest are summed in a
    ///   `… N more (¥x)` line.
    /// - `maxRequests`: rows of the request table.
    ///
    /// An account reached a second time (money merging, or a cycle) is printed in full once and
    /// afterwards as `(see above)`, so the output is linear in the number of (from, to) flows.
    public static func tree(_ report: TraceReport, maxTraces: Int? = nil, color: Bool = false,
                            maxChildren: Int = 12, maxRequests: Int = 50) -> String {
        let st = Style(on: color)
        var out = ""
        let bar = String(repeating: "═", count: 78)
        var total: Int64 = 0
        for t in report.traces { total &+= t.amount_fen }
        out += st.bold(bar) + "\n"
        out += st.bold("资金穿透 Fund traces · 规则 rule: \(report.rule) · \(report.traces.count) 笔 traces · 合计 total ¥\(yuan(total))") + "\n"
        out += st.bold(bar) + "\n"

        let shown = largest(report.traces, limit: maxTraces)
        for i in shown {
            out += "\n" + traceTree(report.traces[i], number: i + 1, of: report.traces.count, st: st, maxChildren: max(1, maxChildren))
        }
        if shown.count < report.traces.count {
            var rest: Int64 = 0
            let shownSet = Set(shown)
            for (i, t) in report.traces.enumerated() where !shownSet.contains(i) { rest &+= t.amount_fen }
            out += "\n" + st.dim("… \(report.traces.count - shown.count) more traces not shown (¥\(yuan(rest))); showing the \(shown.count) largest") + "\n"
        }
        if report.traces.isEmpty { out += "\n(no traces 无追踪结果)\n" }
        out += "\n" + requestsTable(report.next_requests, st: st, limit: max(0, maxRequests))
        return out
    }

    static func traceTree(_ t: TraceReport.Trace, number: Int, of count: Int, st: Style, maxChildren: Int) -> String {
        var out = ""
        let caseText = t.case.map { "案件 Case \($0)" } ?? "无案件 no case"
        out += st.bold("[\(number)/\(count)] \(caseText) · 受害账户 victim \(t.victim_account) · ¥\(yuan(t.amount_fen)) · \(beijingTime(t.time))") + "\n"
        let g = FlowIndex(t)
        let maxLevel = t.accounts.map(\.level).max() ?? 0
        out += st.dim("    \(t.accounts.count) 个账户 accounts · \(t.hops.count) 笔 hops · 最深 deepest \(maxLevel > 0 ? levelName(maxLevel) : "—")") + "\n"

        var visited: Set<String> = [t.victim_account]
        func tag(_ account: String, _ c: FlowIndex.Child) -> String {
            if account == cash { return "取现 cash-out" }
            if account == t.victim_account { return "受害账户 victim" }
            return levelName(g.level[account] ?? c.level)
        }
        func line(_ c: FlowIndex.Child, reference: Bool) -> String {
            var s = "→ " + (c.to == cash ? st.kind("cashout", c.to) : c.to)
            s += "  " + st.level("[" + tag(c.to, c) + "]")
            s += "  " + st.money("¥" + yuan(c.amount)) + "  " + beijingTime(c.first)
            if c.count > 1 { s += " (\(c.count) 笔)" }
            if reference { s += "  " + st.dim("(see above)") }
            else if c.to != cash, let sk = g.sinks[c.to] {
                s += "  " + sk.map { st.kind($0.kind, "◆ " + kindLabel($0.kind) + " ¥" + yuan($0.amount)) }.joined(separator: "  ")
            }
            return s
        }
        struct Frame { var kids: ArraySlice<FlowIndex.Child>; var prefix: String; var hiddenCount: Int; var hiddenFen: Int64 }
        func frame(_ node: String, _ prefix: String) -> Frame? {
            guard let all = g.children[node], !all.isEmpty else { return nil }
            var hiddenFen: Int64 = 0
            for c in all.dropFirst(maxChildren) { hiddenFen &+= c.amount }
            return Frame(kids: all.prefix(maxChildren), prefix: prefix, hiddenCount: max(0, all.count - maxChildren), hiddenFen: hiddenFen)
        }
        func walk(_ root: String, note: String) {
            var rootLine = root + "  " + st.dim(note)
            if let sk = g.sinks[root] {
                rootLine += "  " + sk.map { st.kind($0.kind, "◆ " + kindLabel($0.kind) + " ¥" + yuan($0.amount)) }.joined(separator: "  ")
            }
            out += rootLine + "\n"
            var stack: [Frame] = []
            if let f = frame(root, "") { stack.append(f) } else { out += st.dim("   (no traced movement 无资金流出)") + "\n" }
            while var top = stack.popLast() {
                if let c = top.kids.first {
                    top.kids = top.kids.dropFirst()
                    let last = top.kids.isEmpty && top.hiddenCount == 0
                    stack.append(top)
                    let lead = st.dim(top.prefix + (last ? "└─ " : "├─ "))
                    if c.to == cash { out += lead + line(c, reference: false) + "\n"; continue }
                    if visited.contains(c.to) { out += lead + line(c, reference: true) + "\n"; continue }
                    visited.insert(c.to)
                    out += lead + line(c, reference: false) + "\n"
                    if let f = frame(c.to, top.prefix + (last ? "   " : "│  ")) { stack.append(f) }
                } else if top.hiddenCount > 0 {
                    out += st.dim(top.prefix + "└─ ") + st.dim("… \(top.hiddenCount) more (¥\(yuan(top.hiddenFen)))") + "\n"
                }
            }
        }
        walk(t.victim_account, note: "(受害账户 victim)")
        // Money that does not start at the victim's account (e.g. a trace seeded by a transfer
        // whose payer is recorded differently): every other level-1 payer is a root of its own.
        var extraRoots: [String] = []
        for h in t.hops where h.level == 1 && h.from != t.victim_account && !visited.contains(h.from) && !extraRoots.contains(h.from) {
            extraRoots.append(h.from)
        }
        for r in extraRoots where !visited.contains(r) {
            visited.insert(r)
            walk(r, note: "(来源 source)")
        }

        // Where the money went.
        out += "  " + st.bold("去向 Where the money went") + "\n"
        var summed: Int64 = 0
        let labelW = max(24, g.byKind.map { displayWidth(kindLabel($0.kind)) }.max() ?? 0)
        let amountW = max(14, (g.byKind.map { yuan($0.amount).count + 1 }.max() ?? 0), yuan(t.amount_fen).count + 1)
        for k in g.byKind {
            summed &+= k.amount
            out += "    " + st.kind(k.kind, padRight(kindLabel(k.kind), labelW)) + "  " + padLeft("¥" + yuan(k.amount), amountW)
                + "  " + padLeft(percent(k.amount, of: t.amount_fen), 7) + "\n"
        }
        if g.byKind.isEmpty { out += "    " + st.dim("(no sinks 无去向)") + "\n" }
        if summed != t.amount_fen {
            let gap = t.amount_fen - summed
            out += "    " + padRight(gap > 0 ? "未落地 not accounted for" : "超出 more than traced", labelW) + "  "
                + padLeft("¥" + yuan(gap), amountW) + "  " + padLeft(percent(gap, of: t.amount_fen), 7) + "\n"
        }
        out += "    " + padRight("合计 traced", labelW) + "  " + padLeft("¥" + yuan(t.amount_fen), amountW) + "  " + padLeft(t.amount_fen > 0 ? "100.0%" : "—", 7) + "\n"
        return out
    }

    static func requestsTable(_ reqs: [TraceReport.Request], st: Style, limit: Int) -> String {
        var out = ""
        let bar = String(repeating: "═", count: 78)
        var total: Int64 = 0
        for r in reqs { total &+= r.amount_fen }
        out += st.title(bar) + "\n"
        out += st.title("下一步调单 Next accounts to request · \(reqs.count) 个账户 accounts · ¥\(yuan(total))") + "\n"
        out += st.title(bar) + "\n"
        if reqs.isEmpty {
            out += "(none 无 — every account holding traced money has its statement)\n"
            return out
        }
        let header = ["#", "账户 Account", "金额 Amount (¥)", "案件数 Cases", "层级 Level", "案件 Case numbers"]
        var rows: [[String]] = []
        for (i, r) in reqs.prefix(limit).enumerated() {
            var ids = r.cases.prefix(3).joined(separator: ", ")
            if r.cases.count > 3 { ids += ", …" }
            rows.append([String(i + 1), r.account, yuan(r.amount_fen), String(r.cases.count), levelName(r.level), ids])
        }
        var widths = header.map(displayWidth)
        for row in rows { for (j, c) in row.enumerated() { widths[j] = max(widths[j], displayWidth(c)) } }
        let rightAligned: Set<Int> = [0, 2, 3]
        func format(_ row: [String], last: Bool) -> String {
            var cells: [String] = []
            for (j, c) in row.enumerated() {
                if j == row.count - 1 && last { cells.append(c) } else {
                    cells.append(rightAligned.contains(j) ? padLeft(c, widths[j]) : padRight(c, widths[j]))
                }
            }
            return cells.joined(separator: "  ")
        }
        out += st.bold(format(header, last: true)) + "\n"
        out += st.dim(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) + "\n"
        for row in rows { out += format(row, last: true) + "\n" }
        if reqs.count > rows.count {
            var rest: Int64 = 0
            for r in reqs.dropFirst(rows.count) { rest &+= r.amount_fen }
            out += st.dim("… \(reqs.count - rows.count) more (¥\(yuan(rest)))") + "\n"
        }
        return out
    }

    // MARK: - SVG

    /// Colours of sink kinds (fill), ordinary accounts, the victim and aggregated "others".
    public static func kindColor(_ kind: String) -> String {
        switch kind {
        case "cashout": return "#d62728"
        case "card_merchant": return "#9467bd"
        case "otc": return "#8c564b"
        case "third_party": return "#1f9eb4"
        case "balance": return "#2ca02c"
        case "unrequested": return "#e8a700"
        default: return "#7f7f7f"
        }
    }
    static let accountColor = "#4e79a7"
    static let victimColor = "#333333"
    static let othersColor = "#b8b8b8"
    static let fontFamily = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"

    /// A standalone SVG document picturing one trace: accounts as boxes in columns by level
    /// (victim left, ATM cash right), flows as bands whose width is proportional to the money
    /// (hops summed per from → to pair), sinks coloured by kind with a legend.
    ///
    /// At most `maxNodes` boxes for the victim, cash and accounts (at most `maxNodes / 2`, at least
    /// 12, per column) are drawn, chosen greedily by money received from boxes already drawn;
    /// the remaining accounts of a column are one grey "其他 others" box. Every box is a `<rect>`
    /// inside `<g class="node">`; every band a filled `<path class="flow">` with `data-fen` (its
    /// money) and `data-w` (its thickness).
    public static func svg(_ trace: TraceReport.Trace, maxNodes: Int = 60) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement(trace, maxNodes: maxNodes, standalone: true)
    }

    enum NodeRole { case victim, account, cash, others }

    struct DNode {
        var role: NodeRole
        var account: String
        var level: Int
        var column = 0
        var inFen: Int64 = 0
        var outFen: Int64 = 0
        var members = 1
        var sinks: [(kind: String, amount: Int64)] = []
        var value: Int64 { max(inFen, outFen) }
        var dominantKind: String? { sinks.first?.kind }
    }

    /// Nodes and aggregated flows of one trace (before capping).
    struct FlowGraph {
        var nodes: [DNode] = []
        var edges: [(from: Int, to: Int, fen: Int64)] = []
        var cashNode: Int?

        init(_ t: TraceReport.Trace) {
            var index: [String: Int] = [:]
            nodes.append(DNode(role: .victim, account: t.victim_account, level: 0))
            index[t.victim_account] = 0
            func node(_ a: String, _ level: Int) -> Int {
                if let i = index[a] {
                    if i != 0 && level < nodes[i].level { nodes[i].level = level }
                    return i
                }
                index[a] = nodes.count
                nodes.append(DNode(role: .account, account: a, level: max(0, level)))
                return nodes.count - 1
            }
            for a in t.accounts { _ = node(a.account, a.level) }
            var pairs: [Int: [Int: Int64]] = [:]
            var order: [(Int, Int)] = []
            for h in t.hops {
                let f = node(h.from, h.level - 1)
                let to: Int
                if h.to == TraceRender.cash {
                    if cashNode == nil { cashNode = nodes.count; nodes.append(DNode(role: .cash, account: TraceRender.cash, level: Int.max)) }
                    to = cashNode!
                } else { to = node(h.to, h.level) }
                if f == to { continue }
                if pairs[f]?[to] == nil { order.append((f, to)) }
                pairs[f, default: [:]][to, default: 0] += h.amount_fen
            }
            for (f, to) in order {
                let x = pairs[f]![to]!
                edges.append((f, to, x))
                nodes[f].outFen += x
                nodes[to].inFen += x
            }
            nodes[0].outFen = max(nodes[0].outFen, t.amount_fen)
            var sinkMap: [Int: [String: Int64]] = [:]
            for s in t.sinks {
                let i: Int? = s.account == TraceRender.cash ? cashNode : index[s.account]
                guard let i else { continue }
                sinkMap[i, default: [:]][s.kind, default: 0] += s.amount_fen
            }
            for (i, m) in sinkMap {
                nodes[i].sinks = m.map { (kind: $0.key, amount: $0.value) }.sorted {
                    $0.amount != $1.amount ? $0.amount > $1.amount : TraceRender.kindOrder($0.kind) < TraceRender.kindOrder($1.kind)
                }
            }
            if let c = cashNode, nodes[c].sinks.isEmpty { nodes[c].sinks = [(kind: "cashout", amount: nodes[c].inFen)] }
            // Columns: victim (and any other source, level 0), then the levels present in order,
            // then cash.
            let levels = Set(nodes.filter { $0.role == .account && $0.level > 0 }.map(\.level)).sorted()
            var col: [Int: Int] = [:]
            for (k, l) in levels.enumerated() { col[l] = k + 1 }
            for i in nodes.indices {
                switch nodes[i].role {
                case .victim: nodes[i].column = 0
                case .account: nodes[i].column = nodes[i].level > 0 ? col[nodes[i].level]! : 0
                case .cash: nodes[i].column = levels.count + 1
                case .others: break
                }
            }
        }

        /// Keeps at most `maxNodes` nodes (victim and cash always), folding the rest of each
        /// column into one "others" node.
        func capped(maxNodes: Int) -> FlowGraph {
            let perColumn = max(12, maxNodes / 2)
            var columnCounts: [Int: Int] = [:]
            for n in nodes { columnCounts[n.column, default: 0] += 1 }
            if nodes.count <= maxNodes && columnCounts.values.allSatisfy({ $0 <= perColumn }) { return self }
            var out: [[(Int, Int64)]] = Array(repeating: [], count: nodes.count)
            for e in edges { out[e.from].append((e.to, e.fen)) }
            var kept = [Bool](repeating: false, count: nodes.count)
            var inflow = [Int64](repeating: 0, count: nodes.count)
            var keptPerColumn: [Int: Int] = [:]
            var keptCount = 0
            func keep(_ i: Int) {
                kept[i] = true; keptCount += 1; keptPerColumn[nodes[i].column, default: 0] += 1
                for (t, x) in out[i] { inflow[t] += x }
            }
            keep(0)
            if let c = cashNode { keep(c) }
            while keptCount < maxNodes {
                var best = -1
                for i in nodes.indices where !kept[i] && inflow[i] > 0 && keptPerColumn[nodes[i].column, default: 0] < perColumn {
                    if best < 0 || inflow[i] > inflow[best] { best = i }
                }
                if best < 0 { break }
                keep(best)
            }
            var g = FlowGraph(empty: ())
            g.cashNode = nil
            var map = [Int](repeating: -1, count: nodes.count)
            var othersOf: [Int: Int] = [:]
            for i in nodes.indices where kept[i] {
                map[i] = g.nodes.count
                if i == cashNode { g.cashNode = g.nodes.count }
                var n = nodes[i]; n.inFen = 0; n.outFen = 0
                g.nodes.append(n)
            }
            for i in nodes.indices where !kept[i] {
                let c = nodes[i].column
                if let o = othersOf[c] {
                    map[i] = o; g.nodes[o].members += 1
                } else {
                    othersOf[c] = g.nodes.count; map[i] = g.nodes.count
                    g.nodes.append(DNode(role: .others, account: "", level: nodes[i].level, column: c, members: 1))
                }
                // Sinks of folded accounts are kept on the others node.
                for s in nodes[i].sinks {
                    let o = map[i]
                    if let k = g.nodes[o].sinks.firstIndex(where: { $0.kind == s.kind }) { g.nodes[o].sinks[k].amount += s.amount }
                    else { g.nodes[o].sinks.append(s) }
                }
            }
            var pairs: [Int: [Int: Int64]] = [:]
            var order: [(Int, Int)] = []
            for e in edges {
                let f = map[e.from], t = map[e.to]
                if f == t { continue }
                if pairs[f]?[t] == nil { order.append((f, t)) }
                pairs[f, default: [:]][t, default: 0] += e.fen
            }
            for (f, t) in order {
                let x = pairs[f]![t]!
                g.edges.append((f, t, x))
                g.nodes[f].outFen += x
                g.nodes[t].inFen += x
            }
            g.nodes[0].outFen = max(g.nodes[0].outFen, nodes[0].outFen)
            for i in g.nodes.indices where g.nodes[i].role == .others {
                g.nodes[i].sinks.sort { $0.amount > $1.amount }
            }
            return g
        }

        private init(empty: Void) {}
    }

    /// The `<svg>` element; `standalone` adds the namespace (HTML5 inline SVG needs none).
    static func svgElement(_ trace: TraceReport.Trace, maxNodes: Int, standalone: Bool) -> String {
        let full = FlowGraph(trace)
        let g = full.capped(maxNodes: max(4, maxNodes))
        let nodes = g.nodes
        let columnCount = (nodes.map(\.column).max() ?? 0) + 1

        // Order inside columns: largest first, then barycentre sweeps (forward, backward,
        // forward); "others" always at the bottom.
        var columns = [[Int]](repeating: [], count: columnCount)
        for i in nodes.indices { columns[nodes[i].column].append(i) }
        for c in columns.indices {
            columns[c].sort { a, b in
                let oa = nodes[a].role == .others, ob = nodes[b].role == .others
                if oa != ob { return ob }
                return nodes[a].value != nodes[b].value ? nodes[a].value > nodes[b].value : a < b
            }
        }
        var pos = [Double](repeating: 0, count: nodes.count)
        func setPositions(_ c: Int) {
            let n = Double(columns[c].count)
            for (k, i) in columns[c].enumerated() { pos[i] = (Double(k) + 0.5) / n }
        }
        for c in columns.indices { setPositions(c) }
        var incoming = [[(Int, Double)]](repeating: [], count: nodes.count)
        var outgoing = [[(Int, Double)]](repeating: [], count: nodes.count)
        for e in g.edges {
            outgoing[e.from].append((e.to, Double(e.fen)))
            incoming[e.to].append((e.from, Double(e.fen)))
        }
        func sweep(forward: Bool) {
            let order = forward ? Array(1..<max(1, columnCount)) : Array((0..<max(0, columnCount - 1)).reversed())
            for c in order {
                var bary: [Int: Double] = [:]
                for i in columns[c] {
                    var s = 0.0, w = 0.0
                    for (j, x) in (forward ? incoming[i] : outgoing[i]) {
                        let cj = nodes[j].column
                        if forward ? cj < c : cj > c { s += pos[j] * x; w += x }
                    }
                    bary[i] = w > 0 ? s / w : pos[i]
                }
                let current = columns[c]
                var rank: [Int: Int] = [:]
                for (k, i) in current.enumerated() { rank[i] = k }
                columns[c].sort { a, b in
                    let oa = nodes[a].role == .others, ob = nodes[b].role == .others
                    if oa != ob { return ob }
                    if bary[a]! != bary[b]! { return bary[a]! < bary[b]! }
                    return rank[a]! < rank[b]!
                }
                setPositions(c)
            }
        }
        if columnCount > 2 {
            sweep(forward: true); sweep(forward: false); sweep(forward: true)
        }

        // Geometry.
        let margin = 16.0, colGap = 230.0, boxW = 14.0
        let moneyHeight = 460.0, minSlot = 30.0, gap = 8.0
        var columnTotals = [Int64](repeating: 0, count: columnCount)
        for n in nodes { columnTotals[n.column] &+= n.value }
        let maxTotal = columnTotals.max() ?? 0
        let scale = maxTotal > 0 ? moneyHeight / Double(maxTotal) : 0
        var boxH = [Double](repeating: 0, count: nodes.count)
        for i in nodes.indices { boxH[i] = max(4, Double(nodes[i].value) * scale) }
        var columnHeights = [Double](repeating: 0, count: columnCount)
        for c in columns.indices {
            var h = 0.0
            for i in columns[c] { h += max(boxH[i], minSlot) }
            h += gap * Double(max(0, columns[c].count - 1))
            columnHeights[c] = h
        }
        let contentH = max(columnHeights.max() ?? 0, 60)
        let width0 = margin * 2 + colGap * Double(max(0, columnCount - 1)) + boxW + 170
        let width = max(width0, 720)

        // Legend layout (wraps).
        var legend: [(label: String, color: String, dashed: Bool)] = [
            ("受害账户 victim", victimColor, false), ("中转账户 pass-through", accountColor, false),
        ]
        for k in sinkKinds { legend.append((k.chinese + " " + k.english, kindColor(k.kind), k.kind == "unrequested")) }
        legend.append(("其他 others (aggregated)", othersColor, false))
        var legendPos: [(x: Double, y: Double)] = []
        var lx = margin, ly = 64.0
        for item in legend {
            let w = 16 + Double(displayWidth(item.label)) * 6.2 + 18
            if lx + w > width - margin && lx > margin { lx = margin; ly += 16 }
            legendPos.append((lx, ly))
            lx += w
        }
        let headerY = ly + 26
        let top = headerY + 14
        let height = top + contentH + margin + 8

        var x = [Double](repeating: 0, count: nodes.count)
        var y = [Double](repeating: 0, count: nodes.count)  // box top
        for c in columns.indices {
            var cy = top + (contentH - columnHeights[c]) / 2
            for i in columns[c] {
                let slot = max(boxH[i], minSlot)
                x[i] = margin + colGap * Double(c)
                y[i] = cy + (slot - boxH[i]) / 2
                cy += slot + gap
            }
        }
        func centerY(_ i: Int) -> Double { y[i] + boxH[i] / 2 }

        // Band attachment points: stacked on each side in the order of the other end.
        var edgeW = [Double](repeating: 0, count: g.edges.count)
        for (k, e) in g.edges.enumerated() { edgeW[k] = max(1, Double(e.fen) * scale) }
        // Top and bottom of each band at its source (a) and target (b).
        var a0 = [Double](repeating: 0, count: g.edges.count), a1 = a0, b0 = a0, b1 = a0
        var outEdges = [[Int]](repeating: [], count: nodes.count)
        var inEdges = [[Int]](repeating: [], count: nodes.count)
        for (k, e) in g.edges.enumerated() { outEdges[e.from].append(k); inEdges[e.to].append(k) }
        for i in nodes.indices {
            for (list, isOut) in [(outEdges[i], true), (inEdges[i], false)] where !list.isEmpty {
                let sorted = list.sorted { a, b in
                    let oa = isOut ? g.edges[a].to : g.edges[a].from, ob = isOut ? g.edges[b].to : g.edges[b].from
                    return centerY(oa) != centerY(ob) ? centerY(oa) < centerY(ob) : a < b
                }
                let total = sorted.reduce(0.0) { $0 + edgeW[$1] }
                let squeeze = total > boxH[i] ? boxH[i] / total : 1
                var acc = 0.0
                for k in sorted {
                    let top = y[i] + acc * squeeze, bottom = y[i] + (acc + edgeW[k]) * squeeze
                    if isOut { a0[k] = top; a1[k] = bottom } else { b0[k] = top; b1[k] = bottom }
                    acc += edgeW[k]
                }
            }
        }

        func color(_ n: DNode) -> String {
            switch n.role {
            case .victim: return victimColor
            case .cash: return kindColor("cashout")
            case .others: return othersColor
            case .account: return n.dominantKind.map(kindColor) ?? accountColor
            }
        }
        func name(_ n: DNode) -> String {
            switch n.role {
            case .victim: return "受害 " + accountTail(n.account)
            case .account: return accountTail(n.account)
            case .cash: return "取现 CASH"
            case .others: return "其他 \(n.members) 个 others"
            }
        }

        var b = SVG.Builder()
        let caseText = trace.case.map { "案件 \($0)" } ?? "无案件 no case"
        let titleText = "\(caseText) · 受害账户 \(trace.victim_account) · ¥\(yuan(trace.amount_fen)) · \(beijingTime(trace.time))"
        if standalone {
            b.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "version": "1.1", "width": SVG.num(width), "height": SVG.num(height),
                           "viewBox": "0 0 \(SVG.num(width)) \(SVG.num(height))", "font-family": fontFamily, "font-size": "11", "class": "trace-flow"])
        } else {
            b.open("svg", ["width": SVG.num(width), "height": SVG.num(height), "viewBox": "0 0 \(SVG.num(width)) \(SVG.num(height))",
                           "font-family": fontFamily, "font-size": "11", "class": "trace-flow", "role": "img"])
        }
        b.raw("\n")
        b.element("title", [:], "资金穿透 Fund trace · " + titleText)
        b.element("style", [:], ".lbl{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}")
        b.element("text", ["x": SVG.num(margin), "y": "22", "font-size": "14", "font-weight": "bold"], titleText)
        var sub = "\(trace.accounts.count) 个账户 accounts · \(trace.hops.count) 笔 hops · 带宽与金额成正比 band width ∝ amount"
        let foldedAccounts = nodes.filter { $0.role == .others }.reduce(0) { $0 + $1.members }
        if foldedAccounts > 0 {
            sub += " · 仅显示最大的 \(nodes.count - nodes.filter { $0.role == .others }.count) 个节点, 其余 \(foldedAccounts) 个账户合并为「其他」 (largest shown, rest aggregated)"
        }
        b.element("text", ["x": SVG.num(margin), "y": "40", "fill": "#555"], sub)
        b.open("g", ["class": "legend"])
        for (k, item) in legend.enumerated() {
            let p = legendPos[k]
            if item.dashed {
                b.element("circle", ["cx": SVG.num(p.x + 6), "cy": SVG.num(p.y - 4), "r": "5.5", "fill": item.color, "stroke": "#7a5c00", "stroke-dasharray": "2,1.5"])
            } else {
                b.element("circle", ["cx": SVG.num(p.x + 6), "cy": SVG.num(p.y - 4), "r": "5.5", "fill": item.color])
            }
            b.element("text", ["x": SVG.num(p.x + 15), "y": SVG.num(p.y)], item.label)
        }
        b.close("g")
        // Column headers.
        b.open("g", ["class": "columns", "fill": "#555", "font-weight": "bold"])
        for c in 0..<columnCount {
            guard let first = columns[c].first else { continue }
            let n = nodes[first]
            let label: String
            switch n.role {
            case .victim: label = "受害账户 victim"
            case .cash: label = "取现 cash"
            default: label = levelName(n.level)
            }
            b.element("text", ["x": SVG.num(margin + colGap * Double(c)), "y": SVG.num(headerY)], label)
        }
        b.close("g")

        // Bands (filled ribbons whose thickness is the amount), widest first so thin ones stay
        // visible.
        b.open("g", ["class": "flows", "stroke": "none"])
        let drawOrder = g.edges.indices.sorted { edgeW[$0] != edgeW[$1] ? edgeW[$0] > edgeW[$1] : $0 < $1 }
        for k in drawOrder {
            let e = g.edges[k]
            let xa = x[e.from] + boxW, xb = x[e.to]
            let forward = xb > xa
            // Control points: halfway for a forward band; for a band back to an earlier (or the
            // same) column, reach out right of the source and left of the target.
            let ca = forward ? (xa + xb) / 2 : xa + 90, cb = forward ? (xa + xb) / 2 : xb - 90
            let n = { (v: Double) in SVG.num(v) }
            let d = "M\(n(xa)),\(n(a0[k])) C\(n(ca)),\(n(a0[k])) \(n(cb)),\(n(b0[k])) \(n(xb)),\(n(b0[k]))"
                + " L\(n(xb)),\(n(b1[k])) C\(n(cb)),\(n(b1[k])) \(n(ca)),\(n(a1[k])) \(n(xa)),\(n(a1[k])) Z"
            let target = nodes[e.to]
            let fill = target.role == .account && target.dominantKind != nil ? color(target)
                : target.role == .cash ? kindColor("cashout") : "#8fa8c8"
            b.open("path", ["class": forward ? "flow" : "flow back", "d": d, "fill": fill, "fill-opacity": "0.45",
                            "data-fen": String(e.fen), "data-w": SVG.num(edgeW[k], decimals: 2)])
            b.element("title", [:], "\(nodeTitle(nodes[e.from])) → \(nodeTitle(target)) ¥\(yuan(e.fen))")
            b.close("path")
        }
        b.close("g")
        // Amounts at the target end of bands thick enough for a line of text.
        b.open("g", ["class": "flow-labels", "font-size": "9", "fill": "#333", "text-anchor": "end"])
        var labelled = 0
        for k in drawOrder where labelled < 120 && b1[k] - b0[k] >= 11 {
            let e = g.edges[k]
            guard x[e.to] > x[e.from] + boxW else { continue }
            b.element("text", ["class": "lbl", "x": SVG.num(x[e.to] - 5), "y": SVG.num((b0[k] + b1[k]) / 2 + 3)], "¥" + yuan(e.fen))
            labelled += 1
        }
        b.close("g")

        // Boxes and their labels.
        b.open("g", ["class": "nodes"])
        for c in columns.indices {
            for i in columns[c] {
                let n = nodes[i]
                var classes = "node"
                switch n.role {
                case .victim: classes += " victim"
                case .cash: classes += " cash"
                case .others: classes += " others"
                case .account: if let k = n.dominantKind { classes += " sink-" + k }
                }
                b.open("g", ["class": classes])
                b.element("title", [:], nodeTitle(n))
                if n.dominantKind == "unrequested" && n.role == .account {
                    b.element("rect", ["x": SVG.num(x[i]), "y": SVG.num(y[i]), "width": SVG.num(boxW), "height": SVG.num(boxH[i]),
                                       "fill": color(n), "stroke": "#7a5c00", "stroke-dasharray": "3,2"])
                } else {
                    b.element("rect", ["x": SVG.num(x[i]), "y": SVG.num(y[i]), "width": SVG.num(boxW), "height": SVG.num(boxH[i]), "fill": color(n)])
                }
                let cy = centerY(i)
                let amount: Int64 = n.role == .victim ? max(n.outFen, trace.amount_fen) : n.inFen
                b.element("text", ["class": "lbl", "x": SVG.num(x[i] + boxW + 4), "y": SVG.num(cy - 2), "font-weight": "bold"],
                          name(n) + "  ¥" + yuan(amount))
                var second: String
                switch n.role {
                case .victim: second = beijingTime(trace.time)
                case .account: second = n.level > 0 ? levelName(n.level) : "来源 source"
                case .cash: second = "ATM"
                case .others: second = "合并 aggregated"
                }
                for s in n.sinks.prefix(2) where n.role != .cash || s.kind != "cashout" {
                    let k = sinkKinds.first { $0.kind == s.kind }?.chinese ?? s.kind
                    second += " · " + k + " ¥" + yuan(s.amount)
                }
                b.element("text", ["class": "lbl", "x": SVG.num(x[i] + boxW + 4), "y": SVG.num(cy + 10), "fill": "#555", "font-size": "10"], second)
                b.close("g")
            }
        }
        b.close("g")
        b.close("svg")
        return b.text
    }

    static func nodeTitle(_ n: DNode) -> String {
        switch n.role {
        case .victim: return "受害账户 victim \(n.account)"
        case .cash: return "取现 CASH (ATM) ¥\(yuan(n.inFen))"
        case .others: return "其他 \(n.members) 个账户 others: in ¥\(yuan(n.inFen)), out ¥\(yuan(n.outFen))"
        case .account:
            var s = "\(n.account) \(levelName(n.level)) in ¥\(yuan(n.inFen)) out ¥\(yuan(n.outFen))"
            for k in n.sinks { s += " · \(kindLabel(k.kind)) ¥\(yuan(k.amount))" }
            return s
        }
    }

    // MARK: - HTML

    /// One self-contained HTML page (inline CSS and SVG; no scripts, fonts or links to other
    /// documents; prints on A4 landscape): a summary table of all traces with the share of each
    /// sink kind, the next accounts to request, and the flow picture of the largest
    /// `maxFigures` traces.
    public static func html(_ report: TraceReport, title: String, maxFigures: Int = 50, maxSummaryRows: Int = 2000) -> String {
        let e = SVG.escape
        var h = ""
        h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(e(title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
        var total: Int64 = 0
        for t in report.traces { total &+= t.amount_fen }
        h += "<h1>\(e(title))</h1>\n"
        h += "<p class=\"meta\">资金穿透 Fund traces · 规则 rule: <b>\(e(report.rule))</b> · \(report.traces.count) 笔 traces · 合计 total ¥\(yuan(total)) · 下一步调单 \(report.next_requests.count) 个账户 accounts to request</p>\n"

        let figures = largest(report.traces, limit: maxFigures)
        let figureSet = Set(figures)

        // Summary.
        h += "<h2>汇总 Summary</h2>\n"
        let rows = largest(report.traces, limit: maxSummaryRows)
        if rows.count < report.traces.count {
            h += "<p class=\"note\">仅列出金额最大的 \(rows.count) 笔 (of \(report.traces.count) traces; the largest are listed).</p>\n"
        }
        h += "<table class=\"summary\">\n<thead><tr><th>#</th><th>案件 Case</th><th>受害账户 Victim</th><th class=\"num\">金额 Amount (¥)</th><th>时间 Time</th>"
        for k in sinkKinds { h += "<th class=\"num\"><span class=\"sw\" style=\"background:\(kindColor(k.kind))\"></span>\(k.chinese)<br><small>\(k.english)</small></th>" }
        h += "<th class=\"num\">账户 Accts</th><th class=\"num\">层级 Depth</th></tr></thead>\n<tbody>\n"
        var kindTotals: [String: Int64] = [:]
        for t in report.traces { for s in t.sinks { kindTotals[s.kind, default: 0] &+= s.amount_fen } }
        for i in rows {
            let t = report.traces[i]
            var byKind: [String: Int64] = [:]
            for s in t.sinks { byKind[s.kind, default: 0] &+= s.amount_fen }
            let caseCell = e(t.case ?? "—")
            h += "<tr><td class=\"num\">\(i + 1)</td><td>" + (figureSet.contains(i) ? "<a href=\"#trace-\(i + 1)\">\(caseCell)</a>" : caseCell) + "</td>"
            h += "<td class=\"acct\">\(e(t.victim_account))</td><td class=\"num\">\(yuan(t.amount_fen))</td><td class=\"time\">\(beijingTime(t.time))</td>"
            for k in sinkKinds {
                if let x = byKind[k.kind], x != 0 {
                    h += "<td class=\"num\">\(percent(x, of: t.amount_fen))<br><small>\(yuan(x))</small></td>"
                } else { h += "<td class=\"num empty\"></td>" }
            }
            h += "<td class=\"num\">\(t.accounts.count)</td><td class=\"num\">\(t.accounts.map(\.level).max() ?? 0)</td></tr>\n"
        }
        h += "</tbody>\n<tfoot><tr><th></th><th colspan=\"2\">合计 Total</th><th class=\"num\">\(yuan(total))</th><th></th>"
        for k in sinkKinds {
            let x = kindTotals[k.kind] ?? 0
            h += x != 0 ? "<th class=\"num\">\(percent(x, of: total))<br><small>\(yuan(x))</small></th>" : "<th></th>"
        }
        h += "<th></th><th></th></tr></tfoot>\n</table>\n"
        let unknownKinds = Set(kindTotals.keys).subtracting(sinkKinds.map(\.kind)).sorted()
        if !unknownKinds.isEmpty {
            h += "<p class=\"note\">其他去向 Other sink kinds: " + unknownKinds.map { "\(e($0)) ¥\(yuan(kindTotals[$0] ?? 0))" }.joined(separator: ", ") + "</p>\n"
        }

        // Next requests.
        h += "<h2 id=\"next\">下一步调单 Next accounts to request</h2>\n"
        if report.next_requests.isEmpty {
            h += "<p>无 None — every account holding traced money has its statement.</p>\n"
        } else {
            h += "<table class=\"requests\">\n<thead><tr><th class=\"num\">#</th><th>账户 Account</th><th class=\"num\">金额 Amount (¥)</th><th class=\"num\">案件数 Cases</th><th>层级 Level</th><th>案件 Case numbers</th></tr></thead>\n<tbody>\n"
            for (k, r) in report.next_requests.enumerated() {
                var ids = r.cases.prefix(10).map(e).joined(separator: ", ")
                if r.cases.count > 10 { ids += ", … (+\(r.cases.count - 10))" }
                h += "<tr><td class=\"num\">\(k + 1)</td><td class=\"acct\">\(e(r.account))</td><td class=\"num\">\(yuan(r.amount_fen))</td><td class=\"num\">\(r.cases.count)</td><td>\(levelName(r.level))</td><td>\(ids)</td></tr>\n"
            }
            h += "</tbody>\n</table>\n"
        }

        // Pictures.
        h += "<h2>资金流向图 Flow pictures</h2>\n"
        if figures.count < report.traces.count {
            h += "<p class=\"note\">仅绘制金额最大的 \(figures.count) 笔 — showing the \(figures.count) largest of \(report.traces.count) traces; the others are in the summary table only.</p>\n"
        }
        for i in figures {
            let t = report.traces[i]
            let caseText = t.case.map { "案件 \($0)" } ?? "无案件 no case"
            h += "<section class=\"trace\" id=\"trace-\(i + 1)\">\n<h3>\(i + 1). \(e(caseText)) · \(e(t.victim_account)) · ¥\(yuan(t.amount_fen)) · \(beijingTime(t.time))</h3>\n"
            h += "<div class=\"fig\">\n" + svgElement(t, maxNodes: 60, standalone: false) + "</div>\n</section>\n"
        }
        if report.traces.isEmpty { h += "<p>无追踪结果 No traces.</p>\n" }
        h += "</body>\n</html>\n"
        return h
    }

    static let css = """
    body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;font-size:13px;color:#222;margin:16px 24px;}
    h1{font-size:20px;margin:0 0 4px}
    h2{font-size:16px;margin:22px 0 6px;border-bottom:2px solid #333;padding-bottom:2px}
    h3{font-size:13px;margin:14px 0 4px}
    .meta,.note{color:#555;margin:4px 0}
    table{border-collapse:collapse;margin:4px 0 8px}
    th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
    thead th{background:#f0f0f0}
    tfoot th{background:#f7f7f7}
    .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .acct,.time{font-variant-numeric:tabular-nums;white-space:nowrap}
    small{color:#666}
    .sw{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:3px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
    #next{color:#7a4a00}
    table.requests thead th{background:#fff3cd}
    .fig{overflow-x:auto}
    svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    @page{size:A4 landscape;margin:10mm}
    @media print{
      body{margin:0;font-size:10px}
      .fig{overflow:visible}
      svg{max-width:100%;height:auto}
      section.trace{break-inside:avoid;page-break-inside:avoid}
      h2,h3{break-after:avoid;page-break-after:avoid}
      tr{break-inside:avoid;page-break-inside:avoid}
      thead{display:table-header-group}
      a{color:inherit;text-decoration:none}
    }

    """
}
