@testable import ChainBreakerCore

// The first, whole-graph implementation of the tracer (one pass over every edge in time order,
// balances for every account), kept as the reference the event-driven FundTracer must agree with.
/// Follows victims' money forward in time through a `TransferGraph`.
///
/// One pass over all edges in global (time, id) order; every account that holds traced money
/// keeps a queue of lots tagged by seed (untainted money is one aggregate lot between tainted
/// ones). Cost O(E × lots touched). An account's own money is its estimated opening balance (the
/// smallest amount keeping its running balance non-negative) plus every untraced inflow; it is
/// never attributed to a victim.
struct ReferenceTracer: Sendable {
    let graph: TransferGraph
    let kinds: [TraceAccountKind]
    /// Accounts whose statements the analyst has; nil = all.
    let hasStatement: [Bool]?
    /// FIFO: traced money older than this leaves after newer traced money, newest kept first (nil = never).
    let keptAfter: Int64?
    /// FIFO: traced money that arrived before an account's last payment is kept once the account
    /// paid nothing for this long (nil = never).
    let keptIdle: Int64?
    /// Accounts paying ≥ 80 % of their outflow as cash: no kept money there (plain FIFO).
    let drainsInCash: [Bool]

    init(graph: TransferGraph, kinds: [TraceAccountKind]? = nil, hasStatement: [Bool]? = nil, keptAfter: Int64? = nil, keptIdle: Int64? = nil) {
        self.keptAfter = keptAfter
        self.keptIdle = keptIdle
        self.graph = graph
        self.kinds = kinds ?? [TraceAccountKind](repeating: .ordinary, count: graph.accountCount)
        self.hasStatement = hasStatement
        var out = [Int64](repeating: 0, count: graph.accountCount), cash = out
        for e in 0..<graph.edgeCount where graph.from[e] >= 0 {
            let f = Int(graph.from[e])
            out[f] += graph.amountFen[e]
            if graph.to[e] < 0 { cash[f] += graph.amountFen[e] }
        }
        drainsInCash = (0..<graph.accountCount).map { cash[$0] > 0 && cash[$0] * 5 >= out[$0] * 4 }
    }

    struct Lot { var seed: Int32; var level: Int32; var amount: Int64; var time: Int64 = 0 }

    /// Opening balance estimate per account.
    func openingBalances() -> [Int64] {
        var bal = [Int64](repeating: 0, count: graph.accountCount)
        var low = [Int64](repeating: 0, count: graph.accountCount)
        for e in graph.edgesInTimeOrder() {
            let i = Int(e), x = graph.amountFen[i]
            let t = Int(graph.to[i]); if t >= 0 { bal[t] += x }
            let f = Int(graph.from[i]); if f >= 0 { bal[f] -= x; if bal[f] < low[f] { low[f] = bal[f] } }
        }
        return low.map { -$0 }
    }

    func sinkKind(edge i: Int) -> SinkKind? {
        let t = Int(graph.to[i])
        if t < 0 { return .cashout }   // cash leaves the banking system (ATM or counter withdrawal)
        switch kinds[t] {
        case .cardMerchant: return .card_merchant
        case .otc: return .otc
        case .paymentInstitution: return .third_party
        case .ordinary: break
        }
        if let hs = hasStatement, !hs[t] { return .unrequested }
        return nil
    }

    /// Traces every seed (edge ids of victim payments) at once. Results are in seed order.
    func trace(seeds: [Int32], rule: AllocationRule = .fifo) -> [TraceResult] {
        let n = graph.accountCount
        var seedIndex = [Int32: Int32]()
        for (k, s) in seeds.enumerated() where seedIndex[s] == nil { seedIndex[s] = Int32(k) }
        var balance = openingBalances()
        var queues = [[Lot]](repeating: [], count: n)
        var heads = [Int](repeating: 0, count: n)
        // Per account while it holds traced money: its last payment, and the arrival time before
        // which lots are kept (`keptIdle`).
        var lastOut = [Int64](repeating: .min, count: n), keptBefore = lastOut, runOut = [Int64](repeating: 0, count: n)
        var hops = [[TraceHop]](repeating: [], count: seeds.count)
        var sinkMap = [[Int64: Int]](repeating: [:], count: seeds.count)   // (account,kind) -> index
        var sinks = [[TraceSink]](repeating: [], count: seeds.count)
        var flows = [[Int32: TraceAccountFlow]](repeating: [:], count: seeds.count)
        var amounts = [Int64](repeating: 0, count: seeds.count)

        func addSink(_ s: Int, _ acct: Int32, _ kind: SinkKind, _ x: Int64, _ level: Int32) {
            let key = Int64(acct) &* 8 &+ Int64(SinkKind.allCases.firstIndex(of: kind)!)
            if let j = sinkMap[s][key] { sinks[s][j].amountFen += x; sinks[s][j].level = min(sinks[s][j].level, level) }
            else { sinkMap[s][key] = sinks[s].count; sinks[s].append(TraceSink(account: acct, kind: kind, amountFen: x, level: level)) }
        }
        func flowIn(_ s: Int, _ a: Int32, _ x: Int64, _ level: Int32) {
            if var f = flows[s][a] { f.inFen += x; f.level = min(f.level, level); flows[s][a] = f }
            else { flows[s][a] = TraceAccountFlow(account: a, level: level, inFen: x, outFen: 0) }
        }
        /// Deposits a piece into account t (or a sink).
        func deliver(_ i: Int, _ lot: Lot, _ sink: SinkKind?) {
            let t = graph.to[i]
            if lot.seed >= 0 {
                let s = Int(lot.seed)
                hops[s].append(TraceHop(edge: Int32(i), from: graph.from[i], to: t, amountFen: lot.amount, time: graph.time[i], level: lot.level))
                if let k = sinkKind_(sink) { addSink(s, t, k, lot.amount, lot.level); if t >= 0 { flowIn(s, t, lot.amount, lot.level) }; return }
                flowIn(s, t, lot.amount, lot.level)
            }
            guard t >= 0, sink == nil else { return }
            let ti = Int(t)
            var lot = lot
            lot.time = graph.time[i]
            if lot.seed < 0 && heads[ti] == queues[ti].count { balance[ti] += lot.amount; return }
            if heads[ti] == queues[ti].count {
                queues[ti].removeAll(keepingCapacity: true); heads[ti] = 0
                lastOut[ti] = .min; keptBefore[ti] = .min; runOut[ti] = 0
                // The holder's reserve (level −1): what it held before traced money came.
                if balance[ti] > 0 { queues[ti].append(Lot(seed: -1, level: -1, amount: balance[ti], time: graph.time[i])) }
            }
            if let last = queues[ti].last, last.seed == lot.seed, last.level == lot.level, keptAfter == nil && keptIdle == nil || last.time == lot.time, queues[ti].count > heads[ti] {
                queues[ti][queues[ti].count - 1].amount += lot.amount
            } else { queues[ti].append(lot) }
            balance[ti] += lot.amount
        }
        func sinkKind_(_ k: SinkKind?) -> SinkKind? { k }

        for e in graph.edgesInTimeOrder() {
            let i = Int(e), x = graph.amountFen[i]
            let f = Int(graph.from[i])
            let sink = sinkKind(edge: i)
            if let s = seedIndex[e] {
                // The victim's payment: its own money leaves, a tainted lot arrives.
                amounts[Int(s)] += x
                if f >= 0 { withdrawUntainted(f, x) }
                deliver(i, Lot(seed: s, level: 1, amount: x), sink)
                continue
            }
            if f < 0 { deliver(i, Lot(seed: -1, level: 0, amount: x), sink); continue }
            if heads[f] == queues[f].count { balance[f] -= x; deliver(i, Lot(seed: -1, level: 0, amount: x), sink); continue }
            // Mixed account: split x across lots by the rule.
            var pieces: [Lot] = []
            take(f, x, rule, graph.time[i], &pieces)
            balance[f] -= x
            // Money arriving with traced money is an arrival, not the receiver's reserve: open its
            // queue (reserve = its balance before this transfer, possibly zero) before delivering.
            let ti = Int(graph.to[i])
            if ti >= 0, sink == nil, heads[ti] == queues[ti].count, pieces.contains(where: { $0.seed >= 0 }) {
                queues[ti].removeAll(keepingCapacity: true); heads[ti] = 0
                lastOut[ti] = .min; keptBefore[ti] = .min; runOut[ti] = 0
                queues[ti].append(Lot(seed: -1, level: -1, amount: max(0, balance[ti]), time: graph.time[i]))
            }
            for p in pieces {
                if p.seed >= 0 {
                    let s = Int(p.seed)
                    flows[s][Int32(f)]?.outFen += p.amount
                    deliver(i, Lot(seed: p.seed, level: p.level + 1, amount: p.amount), sink)
                } else { deliver(i, p, sink) }
            }
            if heads[f] == queues[f].count { queues[f].removeAll(keepingCapacity: true); heads[f] = 0 }
            else if !queues[f][heads[f]...].contains(where: { $0.seed >= 0 }) {
                queues[f].removeAll(keepingCapacity: true); heads[f] = 0
            }
        }
        // Remaining tainted lots are balances.
        for a in 0..<n where heads[a] < queues[a].count {
            for lot in queues[a][heads[a]...] where lot.seed >= 0 && lot.amount > 0 { addSink(Int(lot.seed), Int32(a), .balance, lot.amount, lot.level) }
        }
        return (0..<seeds.count).map { s in
            TraceResult(seed: seeds[s], amountFen: amounts[s], hops: hops[s],
                        accounts: flows[s].values.sorted { ($0.level, $0.account) < ($1.level, $1.account) },
                        sinks: sinks[s].sorted { ($0.amountFen, -$0.account) > ($1.amountFen, -$1.account) })
        }

        func withdrawUntainted(_ f: Int, _ x: Int64) {
            balance[f] -= x
            if heads[f] < queues[f].count {
                var left = x
                for j in heads[f]..<queues[f].count where queues[f][j].seed < 0 && left > 0 {
                    let d = min(left, queues[f][j].amount); queues[f][j].amount -= d; left -= d
                }
            }
        }
        func take(_ f: Int, _ x: Int64, _ rule: AllocationRule, _ now: Int64, _ out: inout [Lot]) {
            // Queue total equals balance[f] (>= x by the opening estimate).
            var left = x
            switch rule {
            case .fifo, .lifo, .lowestIntermediateBalance:
                // Straightforward restatement: list the lot indices in the rule's order, take in turn.
                let idx = Array(heads[f]..<queues[f].count)
                let traced = idx.filter { queues[f][$0].seed >= 0 }, own = idx.filter { queues[f][$0].seed < 0 }
                let order: [Int]
                switch rule {
                case .fifo:
                    // Arrivals since traced money came, in order; kept traced money newest first; the rest.
                    if let idle = keptIdle, lastOut[f] != .min, now - lastOut[f] >= idle {
                        let held = idx.filter { queues[f][$0].seed >= 0 && queues[f][$0].time >= keptBefore[f] && queues[f][$0].time <= lastOut[f] }
                            .reduce(Int64(0)) { $0 + queues[f][$1].amount }
                        if held <= runOut[f] { keptBefore[f] = max(keptBefore[f], lastOut[f] + 1) }
                        runOut[f] = 0
                    }
                    lastOut[f] = now
                    runOut[f] += x
                    let isKept = { (j: Int) in
                        !drainsInCash[f] && (keptAfter != nil && queues[f][j].time < now - keptAfter! || queues[f][j].time < keptBefore[f])
                    }
                    let arrivals = idx.filter { !isKept($0) && queues[f][$0].level != -1 }
                    order = arrivals + traced.filter(isKept).reversed() + own.filter { !arrivals.contains($0) }
                case .lifo: order = traced.reversed() + own.reversed()
                default: order = own + traced
                }
                for j in order where left > 0 {
                    let d = min(left, queues[f][j].amount)
                    if d > 0 { out.append(Lot(seed: queues[f][j].seed, level: max(0, queues[f][j].level), amount: d)) }
                    queues[f][j].amount -= d; left -= d
                }
                queues[f] = Array(queues[f][heads[f]...].filter { $0.amount > 0 }); heads[f] = 0
            case .proportional:
                let lots = queues[f][heads[f]...]
                let total = lots.reduce(Int64(0)) { $0 + $1.amount }
                guard total > 0 else { break }
                var shares: [(Int, Int64, Int64)] = []  // (index, floor, remainder)
                var given: Int64 = 0
                for j in lots.indices {
                    let p = queues[f][j].amount.multipliedFullWidth(by: min(x, total))
                    let (q, r) = total.dividingFullWidth((high: p.high, low: p.low))
                    shares.append((j, q, r)); given += q
                }
                var extra = min(x, total) - given
                for k in shares.indices.sorted(by: { (shares[$0].2, -$0) > (shares[$1].2, -$1) }) where extra > 0 {
                    shares[k].1 += 1; extra -= 1
                }
                for (j, d, _) in shares where d > 0 {
                    out.append(Lot(seed: queues[f][j].seed, level: max(0, queues[f][j].level), amount: d))
                    queues[f][j].amount -= d
                }
                left -= min(x, total)
                queues[f] = Array(queues[f][heads[f]...].filter { $0.amount > 0 }); heads[f] = 0
            }
            if left > 0 { out.append(Lot(seed: -1, level: 0, amount: left)) }
        }
    }
}
