import ChainBreakerCore
import ChainBreakerStore

/// The transfer graph of a store, loaded once, with what tracing needs: sink accounts, which
/// accounts have statements, the cases and their payments. Build it once and trace many times.
public final class TraceWorkspace: @unchecked Sendable {
    public let table: TransferTable
    public let facts: AccountFacts
    public let graph: TransferGraph
    public let tracer: FundTracer
    public let kindEvidence: [Int32: SinkAccountInference.Evidence]
    public let cases: [CaseReport]
    /// Account number → dense id.
    public let index: [String: Int32]
    public let caseIndex: [String: Int]
    /// Per account without a statement: from when the real-time stream shows all its transfers
    /// (nil when the store has no stream). See `FundTracer.visibleFrom`.
    public let visibleFrom: [Int64]?

    /// Victim payments of a case are the transfers from one of its victim accounts to one of its
    /// receiving accounts between `lookBefore` seconds before the first loss and the report.
    public static let lookBefore: Int64 = 86_400

    /// `stream`: take the real-time stream's transfers into the graph and follow money through
    /// accounts without a statement while the stream shows them (default); false = statements
    /// and payment records only, as before the stream.
    /// `keptAfter`, `keptIdle`: FIFO's horizon and idle gap for money presumed kept
    /// (`FundTracer.keptAfter`, `FundTracer.keptIdle`; both nil = plain Clayton's Case).
    public init(store: any ChainBreakerStore, stream: Bool = true, keptAfter: Int64? = FundTracer.defaultKeptAfter,
                keptIdle: Int64? = FundTracer.defaultKeptIdle) throws {
        // A store written by an older version (or an interrupted import) derives first.
        if try store.needsDerivation() { _ = try store.deriveStatementTransfers() }
        var (t, f) = try store.loadGraph()
        var idx = TraceWorkspace.accountIndex(t.accounts)
        let known = t.accounts.count
        let visibleFrom = stream ? TraceWorkspace.addEventTransfers(try store.loadEvents(type: .transfer), table: &t, facts: &f, index: &idx) : nil
        if t.accounts.count > known { TraceWorkspace.addTags(try store.loadTags(), from: known, facts: &f, index: idx) }
        table = t; facts = f
        self.visibleFrom = visibleFrom
        graph = TransferGraph(accountCount: t.accounts.count, from: t.from, to: t.to, amountFen: t.amountFen, time: t.time, channel: t.channel)
        let inference = SinkAccountInference()
        let inferred = inference.infer(count: t.accounts.count, tags: f.tags, incomingSummaries: f.incomingSummaries, holderID: f.holderID)
        var evidence = inferred.evidence
        var kinds = inferred.kinds
        let g = graph
        let follow = visibleFrom.map { FundTracer.followable($0, graph: g) }
        let first = FundTracer(graph: g, kinds: kinds, hasStatement: f.hasStatement, visibleFrom: follow, keptAfter: keptAfter, keptIdle: keptIdle)
        let allCases = try store.loadCases()
        cases = allCases
        // Second pass: accounts where victims' money dissolves into a busy business end traces.
        var tracedIn = [Int64](repeating: 0, count: t.accounts.count)
        var groups: [[Int32]] = []
        for c in allCases { groups.append(TraceWorkspace.seeds(of: c, graph: g, index: idx, lookBefore: TraceWorkspace.lookBefore)) }
        var paidByVictims = [Bool](repeating: false, count: t.accounts.count)
        for r in first.trace(groups: groups) {
            for a in r.accounts { tracedIn[Int(a.account)] += a.inFen }
            for h in r.hops where h.level == 1 && h.to >= 0 { paidByVictims[Int(h.to)] = true }
        }
        var dealerHolders: [String: Int32] = [:]
        for (a, e) in inference.dissolving(graph: g, kinds: kinds, tracedIn: tracedIn, paidByVictims: paidByVictims) {
            kinds[Int(a)] = .otc; evidence[a] = e
            if let h = f.holderID[Int(a)], !h.isEmpty, dealerHolders[h] == nil { dealerHolders[h] = a }
        }
        // A dealer's other cards are the dealer's too (money moved between them is not onward).
        if !dealerHolders.isEmpty {
            for a in 0..<t.accounts.count where kinds[a] == .ordinary {
                if let h = f.holderID[a], let source = dealerHolders[h] { kinds[a] = .otc; evidence[Int32(a)] = .sameHolder(source) }
            }
        }
        kindEvidence = evidence
        tracer = first.with(kinds: kinds)
        index = idx
        var ci = [String: Int]()
        for (i, c) in cases.enumerated() { ci[c.id] = i }
        caseIndex = ci
    }

    /// Account number → dense id.
    static func accountIndex(_ accounts: [String]) -> [String: Int32] {
        var index = [String: Int32](minimumCapacity: accounts.count)
        for (i, a) in accounts.enumerated() { index[a] = Int32(i) }
        return index
    }

    /// Appends the stream's transfers that no statement shows (`EventTransferMatcher`) to the
    /// table — new accounts get no statement and no holder — and returns each statement-less
    /// account's visibility start (the stream's first transfer time), or nil without a stream.
    /// A WeChat Pay event funded by a bank card is the card paying the wallet, then the wallet
    /// paying the payee (the card's statement shows the first half, which then matches).
    /// `index` (account number → dense id) gets the new accounts.
    static func addEventTransfers(_ events: [EventRecord], table t: inout TransferTable, facts f: inout AccountFacts,
                                  index: inout [String: Int32]) -> [Int64]? {
        guard let windowStart = events.first?.time.seconds else { return nil }
        func id(_ number: String?) -> Int32 {
            guard let number, !number.isEmpty else { return -1 }
            if let i = index[number] { return i }
            let i = Int32(t.accounts.count)
            t.accounts.append(number); index[number] = i
            f.hasStatement.append(false); f.holderID.append(nil); f.holderName.append(nil)
            return i
        }
        var from: [Int32] = [], to: [Int32] = [], amount: [Int64] = [], time: [Int64] = [], channel: [UInt8] = []
        for e in events where e.type == .transfer {
            guard let fen = e.amount?.fen, fen > 0 else { continue }
            let c = TransferChannel(name: e.channel ?? "") ?? .bank
            let payer = id(e.subject), payee = c == .atm ? -1 : id(e.object)
            if let funding = e.funding, funding != e.subject, payer >= 0 {
                from.append(id(funding)); to.append(payer); amount.append(fen); time.append(e.time.seconds); channel.append(TransferChannel.bank.rawValue)
            }
            from.append(payer); to.append(payee); amount.append(fen); time.append(e.time.seconds); channel.append(c.rawValue)
        }
        let keep = EventTransferMatcher().unmatched(existingFrom: t.from, existingTo: t.to, existingAmount: t.amountFen, existingTime: t.time,
                                                   eventFrom: from, eventTo: to, eventAmount: amount, eventTime: time)
        for k in keep {
            t.from.append(from[k]); t.to.append(to[k]); t.amountFen.append(amount[k]); t.time.append(time[k]); t.channel.append(channel[k])
        }
        return f.hasStatement.map { $0 ? Int64.min : windowStart }
    }

    /// Watch-list labels of the accounts the stream added (dense ids from `first` on): the store
    /// resolves tags only for accounts it knows from statements and records, and an OTC trader or
    /// a frozen card seen only in the stream must keep its label. O(tags).
    static func addTags(_ tags: [TagRecord], from first: Int, facts f: inout AccountFacts, index: [String: Int32]) {
        for tag in tags where tag.kind == "account" {
            if let a = index[tag.value], Int(a) >= first { f.tags.append((a, tag.label)) }
        }
    }

    public func accountName(_ a: Int32) -> String { a < 0 ? "CASH" : table.accounts[Int(a)] }

    /// Edge ids of the victim payments of a case, in time order.
    public func seeds(of c: CaseReport) -> [Int32] {
        TraceWorkspace.seeds(of: c, graph: graph, index: index, lookBefore: TraceWorkspace.lookBefore)
    }

    static func seeds(of c: CaseReport, graph: TransferGraph, index: [String: Int32], lookBefore: Int64) -> [Int32] {
        let payers = Set(c.victimAccounts.compactMap { index[$0] })
        let payees = Set(c.payeeAccounts.compactMap { index[$0] })
        guard !payers.isEmpty, !payees.isEmpty else { return [] }
        let start = (c.occurredAt ?? c.reportedAt).seconds - lookBefore
        let end = c.reportedAt.seconds
        var out: [Int32] = []
        for p in payers.sorted() {
            for e in graph.outgoing(Int(p)) {
                let i = Int(e), t = graph.time[i]
                if t < start { continue }
                if t > end { break }
                if payees.contains(graph.to[i]) { out.append(e) }
            }
        }
        return out.sorted { (graph.time[Int($0)], $0) < (graph.time[Int($1)], $1) }
    }
    /// Traces the given cases (nil = every case) together.
    public func traceCases(_ ids: [String]? = nil, rule: AllocationRule = .fifo) throws(AppError) -> TraceReport {
        var chosen: [CaseReport] = []
        if let ids {
            for id in ids {
                guard let i = caseIndex[id] else { throw AppError(.notFound, "no case \(id) in the store") }
                chosen.append(cases[i])
            }
        } else {
            chosen = cases
        }
        let groups = chosen.map { seeds(of: $0) }
        let results = tracer.trace(groups: groups, rule: rule)
        var traces: [TraceReport.Trace] = []
        for (k, c) in chosen.enumerated() {
            let victim = groups[k].first.map { accountName(graph.from[Int($0)]) } ?? c.victimAccounts.first ?? ""
            traces.append(render(results[k], case: c.id, victim: victim, seeds: groups[k]))
        }
        return TraceReport(rule: TraceWorkspace.name(of: rule), traces: traces, next_requests: TraceWorkspace.nextRequests(traces))
    }

    /// Traces every transfer an account received from `since` on, as one trace (for an account
    /// known to hold fraud money, before any case names it).
    public func traceAccount(_ number: String, since: Instant, rule: AllocationRule = .fifo) throws(AppError) -> TraceReport {
        guard let a = index[number] else { throw AppError(.notFound, "no account \(number) in the store") }
        let seeds = graph.incoming(Int(a)).filter { graph.time[Int($0)] >= since.seconds }
        let r = tracer.trace(groups: [Array(seeds)], rule: rule)[0]
        let t = render(r, case: nil, victim: number, seeds: Array(seeds))
        return TraceReport(rule: TraceWorkspace.name(of: rule), traces: [t], next_requests: TraceWorkspace.nextRequests([t]))
    }

    /// Traces one transfer: the first from `payer` to `payee` at or after `at`.
    public func traceTransfer(payer: String, payee: String, at: Instant, rule: AllocationRule = .fifo) throws(AppError) -> TraceReport {
        guard let p = index[payer] else { throw AppError(.notFound, "no account \(payer) in the store") }
        guard let q = index[payee] else { throw AppError(.notFound, "no account \(payee) in the store") }
        guard let e = graph.outgoing(Int(p)).first(where: { graph.to[Int($0)] == q && graph.time[Int($0)] >= at.seconds }) else {
            throw AppError(.notFound, "no transfer from \(payer) to \(payee) at or after \(at)")
        }
        let r = tracer.trace(groups: [[e]], rule: rule)[0]
        let t = render(r, case: nil, victim: payer, seeds: [e])
        return TraceReport(rule: TraceWorkspace.name(of: rule), traces: [t], next_requests: TraceWorkspace.nextRequests([t]))
    }

    /// Reverse trace of an account over all cases: which cases' money reached it, how much, in
    /// how few hops.
    public func reverse(_ number: String, rule: AllocationRule = .fifo) throws(AppError) -> [(case: String, amountFen: Int64, hops: Int)] {
        guard let a = index[number] else { throw AppError(.notFound, "no account \(number) in the store") }
        let groups = cases.map { seeds(of: $0) }
        let results = tracer.trace(groups: groups, rule: rule)
        return results.reverseTrace(account: a).map { (cases[Int($0.seed)].id, $0.amountFen, Int($0.hops)) }
    }

    func render(_ r: TraceResult, case id: String?, victim: String, seeds: [Int32]) -> TraceReport.Trace {
        TraceReport.Trace(
            case: id, victim_account: victim, amount_fen: r.amountFen,
            time: seeds.first.map { graph.time[Int($0)] } ?? 0,
            sinks: r.sinks.map { .init(account: accountName($0.account), kind: $0.kind.rawValue, amount_fen: $0.amountFen, level: Int($0.level)) },
            accounts: r.accounts.map { .init(account: accountName($0.account), level: Int($0.level), in_fen: $0.inFen, out_fen: $0.outFen) },
            hops: r.hops.map { .init(from: accountName($0.from), to: accountName($0.to), amount_fen: $0.amountFen, time: $0.time, level: Int($0.level)) })
    }

    static func nextRequests(_ traces: [TraceReport.Trace]) -> [TraceReport.Request] {
        var byAccount: [String: TraceReport.Request] = [:]
        for t in traces {
            for s in t.sinks where s.kind == SinkKind.unrequested.rawValue {
                var r = byAccount[s.account] ?? TraceReport.Request(account: s.account, amount_fen: 0, cases: [], level: s.level)
                r.amount_fen += s.amount_fen
                r.level = min(r.level, s.level)
                if let c = t.case, !r.cases.contains(c) { r.cases.append(c) }
                byAccount[s.account] = r
            }
        }
        return byAccount.values.sorted { ($0.amount_fen, $1.account) > ($1.amount_fen, $0.account) }
    }

    public static func name(of rule: AllocationRule) -> String {
        switch rule {
        case .fifo: "fifo"
        case .lifo: "lifo"
        case .proportional: "proportional"
        case .lowestIntermediateBalance: "libr"
        }
    }

    public static func rule(named s: String) -> AllocationRule? {
        switch s.lowercased() {
        case "fifo": .fifo
        case "lifo": .lifo
        case "proportional", "pro-rata", "haircut": .proportional
        case "libr", "lowest-intermediate-balance": .lowestIntermediateBalance
        default: nil
        }
    }
}
