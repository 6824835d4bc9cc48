import ChainBreakerCore

/// The whole-chain portrait (全链条刻画) of one group: its stages from first contact to the exit
/// of the money, and a timeline.
enum GangPortrait {
    static func stages(_ ws: TraceWorkspace, gang g: GangMiner.Gang, traces: [TraceResult], contacts: [ContactMiner.Member]) -> [GangReport.Stage] {
        func count(_ roles: Set<ChainRole>) -> Int { g.members.filter { roles.contains($0.role) }.count }
        var out: [GangReport.Stage] = []
        var channels: [String: Int] = [:]
        for i in g.cases { if let c = ws.cases[Int(i)].channel, !c.isEmpty { channels[c, default: 0] += 1 } }
        let byRole = Dictionary(grouping: contacts, by: \.role).mapValues(\.count)
        let contactText = [
            byRole[.goip].map { "\($0) GOIP lines" }, byRole[.drainage].map { "\($0) contact lines, accounts, sites and apps" },
            byRole[.im_dealer].map { "\($0) IM pool phones" }, byRole[.unblocker].map { "\($0) unblock helpers" },
        ].compactMap { $0 }
        out.append(.init(stage: "contact", entities: contacts.count,
                         summary: (contactText.isEmpty ? "no contact identifiers known" : contactText.joined(separator: ", "))
                            + (channels.isEmpty ? "" : "; channels " + channels.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))))
        var payments = 0
        for i in g.cases { payments += traces[Int(i)].hops.filter { $0.level == 1 }.count }
        out.append(.init(stage: "payment", entities: count([.first_level, .paofen]),
                         summary: "\(payments) victim payments from \(g.cases.count) cases, \(RatingText.yuan(fen: g.tracedFen)) traced; \(count([.first_level])) first-level cards, \(count([.paofen])) 跑分 accounts"))
        var maxLevel: Int32 = 0
        for i in g.cases { for h in traces[Int(i)].hops where h.to >= 0 { maxLevel = max(maxLevel, h.level) } }
        out.append(.init(stage: "layering", entities: count([.layer]), summary: "\(count([.layer])) layer cards; money travelled up to \(maxLevel) hops"))
        out.append(.init(stage: "consolidation", entities: count([.organizer]), summary: "\(count([.organizer])) organizer accounts"))
        var exits: [SinkKind: Int64] = [:]
        for i in g.cases { for s in traces[Int(i)].sinks { exits[s.kind, default: 0] += s.amountFen } }
        let exitText = SinkKind.allCases.compactMap { k in exits[k].map { "\(k.rawValue) \(RatingText.yuan(fen: $0))" } }
        out.append(.init(stage: "exit", entities: count([.cashout, .card_merchant, .otc]),
                         summary: exitText.joined(separator: ", ") + " (\(g.members.count) accounts in the group)"))
        return out
    }

    static func timeline(_ ws: TraceWorkspace, gang g: GangMiner.Gang, traces: [TraceResult]) -> [GangReport.Event] {
        var ev: [GangReport.Event] = []
        var firstPay = Int64.max, lastPay = Int64.min, firstCash = Int64.max, lastHop = Int64.min
        for i in g.cases {
            for h in traces[Int(i)].hops {
                if h.level == 1 { firstPay = min(firstPay, h.time); lastPay = max(lastPay, h.time) }
                if h.to < 0 { firstCash = min(firstCash, h.time) }
                lastHop = max(lastHop, h.time)
            }
        }
        let reported = g.cases.map { ws.cases[Int($0)].reportedAt.seconds }
        let occurred = g.cases.compactMap { ws.cases[Int($0)].occurredAt?.seconds }
        if let t = occurred.min() { ev.append(.init(time: t, what: "first case begins")) }
        if firstPay != .max { ev.append(.init(time: firstPay, what: "first victim payment")) }
        if firstCash != .max { ev.append(.init(time: firstCash, what: "first cash withdrawal of victim money")) }
        if lastPay != .min { ev.append(.init(time: lastPay, what: "last victim payment")) }
        if lastHop != .min { ev.append(.init(time: lastHop, what: "last movement of traced money")) }
        if let t = reported.min() { ev.append(.init(time: t, what: "first report to the police")) }
        if let t = reported.max(), reported.count > 1 { ev.append(.init(time: t, what: "last report (\(reported.count) cases)")) }
        return ev.sorted { ($0.time, $0.what) < ($1.time, $1.what) }
    }
}
