import ChainBreakerCore
import ChainBreakerStore

/// Mines the groups of a store: traces every case, rates every account (rules), mines groups
/// and account roles (`GangMiner`), adds the people and identifiers around them
/// (`ContactMiner`: phones, QQ / WeChat, sites, apps) and writes the whole-chain portrait.
public enum GangJob {
    public struct Output: Sendable {
        public var report: GangReport
        public var result: GangMiner.Result
    }

    /// The miner's input: every case traced (FIFO), every account rated (rules).
    public static func input(_ ws: TraceWorkspace) -> GangMiner.Input {
        let (context, traces) = RatingJob.tracedContext(ws)
        let rating = RatingJob.run(ws, rater: RuleRater(), engine: "rules", context: context).output
        let levels = rating.ratings.map(\.level)
        let offRamps = (0..<levels.count).map { levels[$0] == .suspicious && rating.features[$0, .senderGroups] >= 2 }
        return GangMiner.Input(graph: ws.graph, context: context, levels: levels, traces: traces, caseLossFen: ws.cases.map { $0.loss.fen },
                               visibleFrom: ws.visibleFrom, sharedOffRamps: offRamps)
    }

    public static func run(_ ws: TraceWorkspace, store: any ChainBreakerStore, miner: GangMiner = GangMiner()) throws(AppError) -> Output {
        let input = input(ws)
        let traces = input.traces
        let result = miner.mine(input)

        let calls: [CallRecord], im: [IMAccountRecord], unblocks: [IMUnblockRecord]
        do { calls = try store.loadCalls(); im = try store.loadIMAccounts(); unblocks = try store.loadIMUnblocks() }
        catch { throw AppError(.store, "cannot read calls and IM records", cause: "\(error)") }
        let contactCases = ws.cases.enumerated().map { i, c in
            ContactMiner.Case(gang: result.gangOfCase[i], victimPhone: c.victimPhone, lossTime: (c.occurredAt ?? c.reportedAt).seconds,
                              phones: c.suspectPhones, qq: c.suspectQQ, wechat: c.suspectWeChat, urls: c.urls, apps: c.apps)
        }
        let contacts = ContactMiner().mine(cases: contactCases, gangCount: result.gangs.count, calls: calls, imAccounts: im, unblocks: unblocks)
        return Output(report: report(ws, result: result, traces: traces, contacts: contacts), result: result)
    }

    static func report(_ ws: TraceWorkspace, result: GangMiner.Result, traces: [TraceResult], contacts: ContactMiner.Result) -> GangReport {
        var gangs: [GangReport.Gang] = []
        // Holder names of member accounts' holders, found once (not per person over every account).
        var nameOf: [String: String] = [:]
        for g in result.gangs { for m in g.members { if let h = ws.facts.holderID[Int(m.account)], let nm = ws.facts.holderName[Int(m.account)] { nameOf[h] = nm } } }
        for (k, g) in result.gangs.enumerated() {
            var members: [GangReport.Member] = []
            var persons: [String: (role: ChainRole, accounts: [String])] = [:]
            for m in g.members {
                let number = ws.accountName(m.account)
                members.append(.init(entity: "account:" + number, role: m.role.rawValue, evidence: m.evidence))
                if let h = ws.facts.holderID[Int(m.account)], !h.isEmpty {
                    var p = persons[h] ?? (m.role, [])
                    p.accounts.append(number)
                    if m.role < p.role { p.role = m.role }
                    persons[h] = p
                }
            }
            for (id, p) in persons.sorted(by: { $0.key < $1.key }) {
                let name = nameOf[id]
                members.append(.init(entity: "person:" + id, role: p.role.rawValue,
                                     evidence: ["holder\(name.map { " " + $0 } ?? "") of " + p.accounts.map { "account:" + $0 }.joined(separator: ", ")]))
            }
            for c in contacts.members[k] { members.append(.init(entity: c.entity, role: c.role.rawValue, evidence: c.evidence)) }
            let caseIDs = g.cases.map { ws.cases[Int($0)].id }
            var types: [String: Int] = [:]
            for i in g.cases { if let t = ws.cases[Int(i)].fraudType, !t.isEmpty { types[t, default: 0] += 1 } }
            gangs.append(GangReport.Gang(
                id: "", fraud_types: types.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key), cases: caseIDs,
                loss_fen: g.lossFen, traced_fen: g.tracedFen, members: members,
                chain: GangPortrait.stages(ws, gang: g, traces: traces, contacts: contacts.members[k]),
                timeline: GangPortrait.timeline(ws, gang: g, traces: traces)))
        }
        // Largest loss first; ids follow that order.
        let order = gangs.indices.sorted { (gangs[$0].loss_fen, -$0) > (gangs[$1].loss_fen, -$1) }
        var idOf = [Int](repeating: 0, count: gangs.count)
        for (rank, i) in order.enumerated() { idOf[i] = rank }
        let name = { (i: Int) in "G" + String(idOf[i] + 1).leftPadded(to: 2) }
        var ordered = order.map { gangs[$0] }
        for (rank, i) in order.enumerated() { ordered[rank].id = name(i) }
        var shared: [GangReport.Shared] = result.shared.map { s in
            GangReport.Shared(entity: "account:" + ws.accountName(s.account), role: s.role.rawValue, gangs: s.gangs.map { name(Int($0.gang)) },
                              evidence: s.gangs.map { "received \(RatingText.yuan(fen: $0.fen)) of victim money from \(name(Int($0.gang)))" })
        }
        for s in contacts.shared {
            shared.append(.init(entity: s.entity, role: s.role.rawValue, gangs: s.gangs.map { name(Int($0)) }, evidence: s.evidence))
        }
        return GangReport(gangs: ordered, shared: shared)
    }
}

extension String {
    func leftPadded(to n: Int, with c: Character = "0") -> String { count >= n ? self : String(repeating: c, count: n - count) + self }
}
