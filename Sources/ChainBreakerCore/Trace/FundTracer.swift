/// Follows victims' money forward in time through a `TransferGraph` (资金穿透).
///
/// Every account that holds traced money keeps a queue of lots tagged by trace (untraced money
/// is aggregate lots between traced ones); a withdrawal is split across the lots by an
/// `AllocationRule`. Money can only leave an account after it arrived. An account's reserve —
/// what it held when traced money first reached it, from its estimated opening balance (the
/// smallest amount that keeps its running balance non-negative over the whole record) — is the
/// holder's own and is never attributed to a victim. Untraced money arriving later passes on in
/// arrival order with the traced money under `fifo`, counts as the holder's own under `lifo`
/// and `libr`, and takes its pro-rata share under `proportional`.
///
/// The trace is event-driven: only the edges of accounts that currently hold traced money are
/// visited, in global (time, edge id) order through a heap of per-account cursors, so one case
/// costs O((S + Σ deg(a)) log H) for the S seed edges, the accounts a the money reaches and H
/// open cursors — independent of the size of the rest of the graph. Under `fifo`, an account
/// whose traced money is all kept is parked (`TraceRun+Parking`): its edges are read ahead in
/// O(1) each, off the heap, until a payment would reach that money. An account's balance when
/// traced money first arrives is read from per-account prefix sums in O(log deg). Building the
/// tracer is O(V + E).
///
/// Under `fifo`, traced money that has stayed in an account longer than `keptAfter` while newer
/// money passes through, or that was still there when the account stopped paying for `keptIdle`,
/// is presumed kept there (the mule's commission, the organizer's retained share): it leaves
/// after the newer money (see `AllocationRule.fifo`). Lots are kept in arrival order, so the
/// kept ones are a prefix of the queue, found by binary search per withdrawal.
///
/// Tracing several cases together (`trace(groups:)`) keeps their lots in one queue per account,
/// which is the attribution the rules define; traced alone, another victim's money counts as the
/// account's own (this matters only for `lowestIntermediateBalance`, which spends own money first).
public struct FundTracer: Sendable {
    public let graph: TransferGraph
    public let kinds: [TraceAccountKind]
    /// Accounts whose statements the analyst has; nil = all. Money reaching an account without a
    /// statement stops there as `unrequested` (its onward transfers are not visible).
    public let hasStatement: [Bool]?
    /// For accounts without a statement: the time from which all their transfers are visible
    /// anyway (the real-time stream covers every account for its last weeks), `Int64.max` when
    /// never; nil = never for all. Money reaching such an account at or after that time is
    /// followed through it; money that arrived before stops there as `unrequested`.
    public let visibleFrom: [Int64]?
    /// Under `fifo`: seconds after which traced money still in an account is presumed kept there
    /// and leaves only after newer traced money; nil = plain Clayton's Case (oldest first always).
    public let keptAfter: Int64?
    /// One day: mule chains pass money on within hours (快进快出); what is still there the next
    /// day while newer money moves on is the holder's share. On the sample and 13 generated
    /// cities any horizon from 6 hours to 3 days traces better than none (see TraceScoringTests).
    public static let defaultKeptAfter: Int64 = 86_400
    /// Under `fifo`: an account that paid nothing for at least this many seconds had finished
    /// passing its batch on; traced money that arrived before its last payment and is still there
    /// when it pays again (the mule's commission, a remainder it holds back) is presumed kept —
    /// it leaves after newer money — whatever its age, when that run of payments passed on more
    /// than what stayed (a larger remainder is a balance drained over days under a daily
    /// transfer limit). nil = off.
    public let keptIdle: Int64?
    /// One hour: a mule forwards a batch within minutes of each arrival (快进快出), so an hour
    /// without a payment ends the batch. Per-case recall on the sample 0.981 → 0.988, on 54
    /// generated cities 0.985 → 0.989 (mean), on the 1M-account city 0.816 → 0.860; any gap from
    /// 30 minutes to 3 hours does about as well (see docs/ARCHITECTURE.md).
    public static let defaultKeptIdle: Int64 = 3_600
    /// Accounts that pay at least 80 % of their outflow as cash (cash-out cards): money waits
    /// there for the ATM's daily limit rather than being kept, so FIFO takes it oldest first
    /// whatever its age (the kept-money horizon does not apply).
    public let drainsInCash: [Bool]
    /// Estimated opening balance per account.
    public let opening: [Int64]
    /// Inclusive prefix sums of amounts along `graph.inEdges` / `graph.outEdges`, per account range.
    let inCum: [Int64]
    let outCum: [Int64]

    public init(graph: TransferGraph, kinds: [TraceAccountKind]? = nil, hasStatement: [Bool]? = nil, visibleFrom: [Int64]? = nil,
                keptAfter: Int64? = FundTracer.defaultKeptAfter, keptIdle: Int64? = FundTracer.defaultKeptIdle) {
        self.keptIdle = keptIdle
        self.graph = graph
        self.kinds = kinds ?? [TraceAccountKind](repeating: .ordinary, count: graph.accountCount)
        self.hasStatement = hasStatement
        self.visibleFrom = visibleFrom
        self.keptAfter = keptAfter
        (opening, inCum, outCum, drainsInCash) = FundTracer.index(graph)
    }

    /// The same tracer with other sink kinds (the O(E) index is shared, not rebuilt).
    public func with(kinds: [TraceAccountKind]) -> FundTracer {
        FundTracer(graph: graph, kinds: kinds, hasStatement: hasStatement, visibleFrom: visibleFrom, keptAfter: keptAfter, keptIdle: keptIdle,
                   opening: opening, inCum: inCum, outCum: outCum, drainsInCash: drainsInCash)
    }

    init(graph: TransferGraph, kinds: [TraceAccountKind], hasStatement: [Bool]?, visibleFrom: [Int64]?, keptAfter: Int64?, keptIdle: Int64?,
         opening: [Int64], inCum: [Int64], outCum: [Int64], drainsInCash: [Bool]) {
        self.graph = graph; self.kinds = kinds; self.hasStatement = hasStatement; self.visibleFrom = visibleFrom; self.keptAfter = keptAfter
        self.keptIdle = keptIdle
        self.opening = opening; self.inCum = inCum; self.outCum = outCum; self.drainsInCash = drainsInCash
    }

    /// Opening balances, prefix sums and cash-out accounts by merging each account's in- and
    /// out-lists: O(V + E).
    static func index(_ g: TransferGraph) -> ([Int64], [Int64], [Int64], [Bool]) {
        let n = g.accountCount
        var opening = [Int64](repeating: 0, count: n)
        var drainsInCash = [Bool](repeating: false, count: n)
        var inCum = [Int64](repeating: 0, count: g.inEdges.count)
        var outCum = [Int64](repeating: 0, count: g.outEdges.count)
        g.amountFen.withUnsafeBufferPointer { amt in
        g.time.withUnsafeBufferPointer { tm in
        g.inEdges.withUnsafeBufferPointer { ie in
        g.outEdges.withUnsafeBufferPointer { oe in
        inCum.withUnsafeMutableBufferPointer { ic in
        outCum.withUnsafeMutableBufferPointer { oc in
            for a in 0..<n {
                var i = Int(g.inOffsets[a]), o = Int(g.outOffsets[a])
                let iEnd = Int(g.inOffsets[a + 1]), oEnd = Int(g.outOffsets[a + 1])
                var bal: Int64 = 0, low: Int64 = 0, sumIn: Int64 = 0, sumOut: Int64 = 0, cash: Int64 = 0
                while i < iEnd || o < oEnd {
                    let takeIn: Bool
                    if i == iEnd { takeIn = false } else if o == oEnd { takeIn = true } else {
                        let ei = Int(ie[i]), eo = Int(oe[o])
                        takeIn = tm[ei] < tm[eo] || (tm[ei] == tm[eo] && ei < eo)
                    }
                    if takeIn {
                        let x = amt[Int(ie[i])]; bal += x; sumIn += x; ic[i] = sumIn; i += 1
                    } else {
                        let e = Int(oe[o]); let x = amt[e]; sumOut += x; oc[o] = sumOut; o += 1
                        if g.to[e] < 0 { cash += x }
                        bal -= x
                        // A self-transfer is in both lists; only a real withdrawal can set the low point.
                        if Int(g.to[e]) != a, bal < low { low = bal }
                    }
                }
                opening[a] = -low
                drainsInCash[a] = cash > 0 && cash * 5 >= sumOut * 4
            }
        }}}}}}
        return (opening, inCum, outCum, drainsInCash)
    }

    /// Whether edge `e1` comes before `e2` in (time, id) order.
    @inline(__always) func before(_ e1: Int32, _ e2: Int32) -> Bool {
        let t1 = graph.time[Int(e1)], t2 = graph.time[Int(e2)]
        return t1 < t2 || (t1 == t2 && e1 < e2)
    }

    /// First position in `list[lo..<hi]` whose edge comes after `key` (upper bound), O(log deg).
    @inline(__always) func positionAfter(_ key: Int32, in list: [Int32], _ lo: Int, _ hi: Int) -> Int {
        var l = lo, h = hi
        while l < h {
            let m = (l + h) >> 1
            if before(key, list[m]) { h = m } else { l = m + 1 }
        }
        return l
    }

    /// Balance of account `a` just after edge `key` (which touches `a`) took effect.
    func balance(of a: Int, after key: Int32) -> Int64 {
        let ilo = Int(graph.inOffsets[a]), ihi = Int(graph.inOffsets[a + 1])
        let olo = Int(graph.outOffsets[a]), ohi = Int(graph.outOffsets[a + 1])
        let pi = positionAfter(key, in: graph.inEdges, ilo, ihi)
        let po = positionAfter(key, in: graph.outEdges, olo, ohi)
        return opening[a] + (pi > ilo ? inCum[pi - 1] : 0) - (po > olo ? outCum[po - 1] : 0)
    }

    public func sinkKind(edge i: Int) -> SinkKind? {
        let t = Int(graph.to[i])
        if t < 0 { return .cashout }   // cash leaves the banking system (ATM or counter withdrawal)
        switch kinds[t] {
        case .cardMerchant: return .card_merchant
        case .otc: return .otc
        case .paymentInstitution: return .third_party
        case .ordinary: break
        }
        if let hs = hasStatement, !hs[t] {
            if let vf = visibleFrom, graph.time[i] >= vf[t] { return nil }
            return .unrequested
        }
        return nil
    }

    /// Traces each seed edge on its own (results in seed order).
    public func trace(seeds: [Int32], rule: AllocationRule = .fifo) -> [TraceResult] {
        trace(groups: seeds.map { [$0] }, rule: rule)
    }

    /// Traces groups of seed edges (e.g. all payments of one case) together; one result per group,
    /// in group order, `seed` = group index. An edge listed in several groups counts for the first.
    public func trace(groups: [[Int32]], rule: AllocationRule = .fifo) -> [TraceResult] {
        var run = TraceRun(tracer: self, groups: groups, rule: rule)
        run.run()
        return run.results()
    }
}

/// One unit of money in an account's queue: `seed` is the trace group (−1 = untraced).
struct TraceLot {
    var seed: Int32
    /// Traced: level of the holding account along the path. Untraced: 0 for money that arrived
    /// while the account held traced money, −1 for the reserve it held before (`TraceLot.reserve`).
    var level: Int32
    var amount: Int64
    /// Arrival time in the account holding it (0 for pieces in transit).
    var time: Int64 = 0
    /// `level` of the money an account held before traced money first reached it.
    static let reserve: Int32 = -1
}

/// State of one tracing run (see `FundTracer`).
struct TraceRun {
    struct Slot {
        var account: Int32
        var lots: [TraceLot] = []
        var head = 0
        var tainted: Int64 = 0
        var active = false
        var epoch: Int32 = 0
        var outPos = 0, inPos = 0
        /// Time of the account's last payment while holding traced money (`Int64.min`: none yet).
        var lastOut = Int64.min
        /// Lots that arrived before this time are kept (`FundTracer.keptIdle`).
        var keptBefore = Int64.min
        /// Paid out since the last idle gap.
        var runOut: Int64 = 0
        /// Parked (`TraceRun+Parking`): every traced lot is kept, so the account's own edges only
        /// move untraced money until `park.wake`; they are not replayed through the heap.
        var park: Park? = nil
    }
    /// An edge to process, ordered by (time, edge): the order every transfer is replayed in.
    struct Event: Comparable {
        var time: Int64; var edge: Int32; var slot: Int32; var side: UInt8; var epoch: Int32
        static func < (a: Event, b: Event) -> Bool { a.time < b.time || a.time == b.time && a.edge < b.edge }
        static func == (a: Event, b: Event) -> Bool { a.time == b.time && a.edge == b.edge }
    }

    let t: FundTracer
    let g: TransferGraph
    let rule: AllocationRule
    /// FIFO's horizon for kept money (`FundTracer.keptAfter`), `Int64.max` = none.
    let keptAfter: Int64
    /// FIFO's idle gap for kept money (`FundTracer.keptIdle`), `Int64.max` = none.
    let keptIdle: Int64
    let groupCount: Int
    /// Group of each seed edge, slot of each account holding traced money: integer maps, as
    /// `Dictionary` with SipHash was an eighth of a one-case trace (`perf`, session 16).
    var seedOf = UInt64Map()
    var slotOf = UInt64Map()
    var slots: [Slot] = []
    var heap = MinHeap<Event>()
    var hops: [[TraceHop]]
    var sinkIndex: [[Int64: Int]]
    var sinks: [[TraceSink]]
    var flows: [[Int32: TraceAccountFlow]]
    var amounts: [Int64]
    var pieces: [TraceLot] = []
    /// Accounts parked and parks ended early or at their wake (`TraceRun+Parking`; for tests).
    var parks = 0, unparks = 0

    init(tracer: FundTracer, groups: [[Int32]], rule: AllocationRule) {
        t = tracer; g = tracer.graph; self.rule = rule; groupCount = groups.count
        keptAfter = rule == .fifo ? tracer.keptAfter.map { min(max(0, $0), 1 << 50) } ?? .max : .max
        keptIdle = rule == .fifo ? tracer.keptIdle.map { min(max(0, $0), 1 << 50) } ?? .max : .max
        hops = .init(repeating: [], count: groups.count)
        sinkIndex = .init(repeating: [:], count: groups.count)
        sinks = .init(repeating: [], count: groups.count)
        flows = .init(repeating: [:], count: groups.count)
        amounts = .init(repeating: 0, count: groups.count)
        for (k, group) in groups.enumerated() {
            for e in group where seedOf[UInt64(e)] == nil {
                seedOf.set(UInt64(e), Int64(k))
                heap.push(Event(time: g.time[Int(e)], edge: e, slot: -1, side: 0, epoch: 0))
            }
        }
    }

    mutating func run() {
        var lastTime = Int64.min, lastEdge = Int32.min
        while let ev = heap.pop() {
            if ev.side != 0 {
                let s = Int(ev.slot)
                if !slots[s].active || slots[s].epoch != ev.epoch { continue }
                if ev.side == Park.side { parkEvent(s, at: ev.edge); continue }
            }
            if ev.time != lastTime || ev.edge != lastEdge {
                lastTime = ev.time; lastEdge = ev.edge
                process(Int(ev.edge))
            }
            if ev.side != 0 { pushNext(Int(ev.slot), side: ev.side, epoch: ev.epoch) }
        }
    }

    /// Pushes the next edge of a slot's cursor (1 = outgoing, 2 = incoming).
    mutating func pushNext(_ s: Int, side: UInt8, epoch: Int32) {
        guard slots[s].active, slots[s].epoch == epoch else { return }
        let a = Int(slots[s].account)
        if side == 1 {
            let p = slots[s].outPos
            guard p < Int(g.outOffsets[a + 1]) else { return }
            slots[s].outPos = p + 1
            let e = g.outEdges[p]
            heap.push(Event(time: g.time[Int(e)], edge: e, slot: Int32(s), side: 1, epoch: epoch))
        } else {
            let p = slots[s].inPos
            guard p < Int(g.inOffsets[a + 1]) else { return }
            slots[s].inPos = p + 1
            let e = g.inEdges[p]
            heap.push(Event(time: g.time[Int(e)], edge: e, slot: Int32(s), side: 2, epoch: epoch))
        }
    }

    /// The slot of an account holding traced money that is not parked.
    func activeSlot(_ a: Int32) -> Int? {
        guard a >= 0, let s = slotOf[UInt64(a)], slots[Int(s)].active, slots[Int(s)].park == nil else { return nil }
        return Int(s)
    }

    func parkedSlot(_ a: Int32) -> Int? {
        guard a >= 0, let s = slotOf[UInt64(a)], slots[Int(s)].active, slots[Int(s)].park != nil else { return nil }
        return Int(s)
    }

    /// Starts holding traced money in account `a`, just after edge `e` arrived.
    mutating func activate(_ a: Int32, after e: Int32) -> Int {
        let s: Int
        if let existing = slotOf[UInt64(a)] { s = Int(existing) } else {
            s = slots.count; slotOf.set(UInt64(a), Int64(s)); slots.append(Slot(account: a))
        }
        let ai = Int(a)
        let bal = t.balance(of: ai, after: e) - g.amountFen[Int(e)]   // before e's money is added
        slots[s].lots.removeAll(keepingCapacity: true); slots[s].head = 0; slots[s].tainted = 0
        slots[s].lastOut = .min; slots[s].keptBefore = .min; slots[s].runOut = 0; slots[s].park = nil
        if bal > 0 { slots[s].lots.append(TraceLot(seed: -1, level: TraceLot.reserve, amount: bal, time: g.time[Int(e)])) }
        slots[s].active = true
        slots[s].epoch &+= 1
        slots[s].outPos = t.positionAfter(e, in: g.outEdges, Int(g.outOffsets[ai]), Int(g.outOffsets[ai + 1]))
        slots[s].inPos = t.positionAfter(e, in: g.inEdges, Int(g.inOffsets[ai]), Int(g.inOffsets[ai + 1]))
        pushNext(s, side: 1, epoch: slots[s].epoch)
        pushNext(s, side: 2, epoch: slots[s].epoch)
        return s
    }

    mutating func deactivateIfClean(_ s: Int) {
        if slots[s].tainted == 0 {
            slots[s].active = false
            slots[s].lots.removeAll(keepingCapacity: true); slots[s].head = 0
        }
    }

    mutating func process(_ i: Int) {
        let e = Int32(i)
        let f = g.from[i], to = g.to[i], x = g.amountFen[i]
        if f == to && f >= 0 { return }
        // A parked payer's payment before its wake moves untraced money only (its park counted
        // it); at the wake, or for a victim's own payment, it resumes first.
        if let s = parkedSlot(f), parkedPaymentWakes(s, e) { unpark(s, before: e) }
        let sink = t.sinkKind(edge: i)
        pieces.removeAll(keepingCapacity: true)
        let senderSlot = activeSlot(f)
        if let k64 = seedOf[UInt64(e)] {
            let k = Int32(k64)
            // The victim's payment: the victim's own money leaves, a traced lot arrives.
            amounts[Int(k)] += x
            if let s = senderSlot { withdrawUntainted(s, x) }
            pieces.append(TraceLot(seed: k, level: 0, amount: x))
        } else if let s = senderSlot {
            take(s, x, at: g.time[i])
            deactivateIfClean(s)
            // Only a payment that moved no traced money can leave all of it kept.
            if slots[s].active && !pieces.contains(where: { $0.seed >= 0 }) { parkIfKeptOnly(s, after: e) }
        } else {
            pieces.append(TraceLot(seed: -1, level: 0, amount: x))
        }
        var anyTainted = false
        for p in pieces where p.seed >= 0 {
            anyTainted = true
            let k = Int(p.seed), level = p.level + 1
            hops[k].append(TraceHop(edge: e, from: f, to: to, amountFen: p.amount, time: g.time[i], level: level))
            if p.level > 0, f >= 0 { flows[k][f]?.outFen += p.amount }
            if to >= 0 { flowIn(k, to, p.amount, level) }
            if let kind = sink { addSink(k, to, kind, p.amount, level) }
        }
        guard to >= 0, sink == nil else { return }
        if let r = parkedSlot(to) {
            guard anyTainted else { return }   // untraced money: its park counted it
            unpark(r, before: e)
        }
        var s = activeSlot(to)
        if s == nil {
            guard anyTainted else { return }
            s = activate(to, after: e)
        }
        let r = s!
        let now = g.time[i]
        for p in pieces {
            append(r, TraceLot(seed: p.seed, level: p.seed >= 0 ? p.level + 1 : 0, amount: p.amount, time: now))
        }
    }

    /// Adds an arriving lot to slot `r`'s queue.
    mutating func append(_ r: Int, _ lot: TraceLot) {
        if lot.seed >= 0 { slots[r].tainted += lot.amount }
        // Merging keeps the queue short; with a kept-money horizon only lots of one arrival time merge.
        if slots[r].lots.count > slots[r].head, let last = slots[r].lots.last, last.seed == lot.seed, last.level == lot.level,
           keptAfter == .max && keptIdle == .max || last.time == lot.time {
            slots[r].lots[slots[r].lots.count - 1].amount += lot.amount
        } else {
            slots[r].lots.append(lot)
        }
    }

    /// Rewrites the kept region `head..<fresh` of slot `s`, in place, as one untraced lot (the
    /// reserve and aged untraced arrivals together, at the region's first time) followed by its
    /// non-empty traced lots in order.
    mutating func compactKept(_ s: Int, _ fresh: Int) {
        let lo = slots[s].head, first = slots[s].lots[lo].time
        var untraced: Int64 = 0
        var w = fresh   // traced lots are packed downwards into w..<fresh
        for j in stride(from: fresh - 1, through: lo, by: -1) {
            let lot = slots[s].lots[j]
            if lot.seed < 0 { untraced += lot.amount } else if lot.amount > 0 { w -= 1; slots[s].lots[w] = lot }
        }
        if untraced > 0 { w -= 1; slots[s].lots[w] = TraceLot(seed: -1, level: TraceLot.reserve, amount: untraced, time: first) }
        slots[s].lots.removeSubrange(lo..<w)
    }

    mutating func withdrawUntainted(_ s: Int, _ x: Int64) {
        var left = x
        var j = slots[s].head
        while j < slots[s].lots.count && left > 0 {
            if slots[s].lots[j].seed < 0 {
                let d = min(left, slots[s].lots[j].amount); slots[s].lots[j].amount -= d; left -= d
            }
            j += 1
        }
    }

    /// Index of the first live lot of slot `s` that arrived at or after `time` (lots are in
    /// arrival order). O(log lots).
    func firstLot(_ s: Int, arrivedAtOrAfter time: Int64) -> Int {
        var j = slots[s].head, h = slots[s].lots.count
        while j < h { let m = (j + h) >> 1; if slots[s].lots[m].time < time { j = m + 1 } else { h = m } }
        return j
    }

    /// Splits a withdrawal of `x` at time `now` from slot `s` into `pieces` by the rule.
    mutating func take(_ s: Int, _ x: Int64, at now: Int64) {
        var left = x
        func emit(_ lot: TraceLot, _ d: Int64) {
            pieces.append(TraceLot(seed: lot.seed, level: lot.level, amount: d))
            if lot.seed >= 0 { slots[s].tainted -= d }
        }
        switch rule {
        case .fifo, .lifo, .lowestIntermediateBalance:
            let lo = slots[s].head, hi = slots[s].lots.count
            /// Takes from the lots in `lo..<hi` whose owner-ness matches (`arrivals`: every lot but
            /// the reserve), in the given order.
            func sweep(traced: Bool, newestFirst: Bool, _ lo: Int, _ hi: Int, arrivals: Bool = false) {
                var j = newestFirst ? hi - 1 : lo
                while left > 0 && j >= lo && j < hi {
                    let lot = slots[s].lots[j]
                    if (arrivals ? lot.level != TraceLot.reserve : (lot.seed >= 0) == traced) && lot.amount > 0 {
                        let d = min(left, lot.amount)
                        if lot.seed >= 0 { emit(lot, d) } else { pieces.append(TraceLot(seed: -1, level: 0, amount: d)) }
                        slots[s].lots[j].amount -= d; left -= d
                    }
                    j += newestFirst ? -1 : 1
                }
            }
            switch rule {
            case .fifo:
                // Lots that arrived before `now - keptAfter` (a prefix: lots are in arrival order)
                // are kept. Newer arrivals go first in arrival order, traced or not; then the kept
                // traced money, newest first; then the holder's reserve and kept untraced money.
                let drains = t.drainsInCash[Int(slots[s].account)]
                if keptIdle != .max && slots[s].lastOut != .min && now - slots[s].lastOut >= keptIdle {
                    // The run of payments ended at `lastOut`. The traced money that arrived before
                    // it and is still here (not yet kept) was held back — kept — when the run
                    // passed on more than that; a larger remainder is a balance being drained in
                    // bursts (a transfer limit), still queued in order.
                    var j = firstLot(s, arrivedAtOrAfter: slots[s].keptBefore)
                    var held: Int64 = 0
                    while j < hi && slots[s].lots[j].time <= slots[s].lastOut && held <= slots[s].runOut {
                        if slots[s].lots[j].seed >= 0 { held += slots[s].lots[j].amount }
                        j += 1
                    }
                    if held <= slots[s].runOut { slots[s].keptBefore = max(slots[s].keptBefore, slots[s].lastOut + 1) }
                    slots[s].runOut = 0
                }
                slots[s].lastOut = now
                slots[s].runOut += x
                let cut = drains ? Int64.min : max(keptAfter == .max ? Int64.min : now - keptAfter, slots[s].keptBefore)
                let fresh = firstLot(s, arrivedAtOrAfter: cut)
                sweep(traced: true, newestFirst: false, fresh, hi, arrivals: true)
                sweep(traced: true, newestFirst: true, lo, fresh)
                sweep(traced: false, newestFirst: false, lo, hi)
                // Kept untraced money (the reserve, aged arrivals) is only ever taken as a whole in
                // that last sweep, so it is one lot: a busy account holding kept victims' money
                // would otherwise grow a lot per arrival and sweep them all on every payment.
                if fresh - lo > 32 { compactKept(s, fresh) }
            case .lifo: sweep(traced: true, newestFirst: true, lo, hi); sweep(traced: false, newestFirst: true, lo, hi)
            default: sweep(traced: false, newestFirst: false, lo, hi); sweep(traced: true, newestFirst: false, lo, hi)
            }
            while slots[s].head < slots[s].lots.count && slots[s].lots[slots[s].head].amount == 0 { slots[s].head += 1 }
            while slots[s].lots.count > slots[s].head && slots[s].lots[slots[s].lots.count - 1].amount == 0 { slots[s].lots.removeLast() }
            // Emptied lots in the middle (traced money taken past the owner's): compact now and
            // then so a long-lived account's sweep stays proportional to the lots it really holds.
            if slots[s].lots.count - slots[s].head > 64 {
                let live = slots[s].lots[slots[s].head...].filter { $0.amount > 0 }
                if live.count * 2 < slots[s].lots.count - slots[s].head { slots[s].lots = live; slots[s].head = 0 }
            }
        case .proportional:
            let lo = slots[s].head, hi = slots[s].lots.count
            var total: Int64 = 0
            for j in lo..<hi { total += slots[s].lots[j].amount }
            guard total > 0 else { break }
            let y = min(x, total)
            // Largest-remainder rounding: floors first, then one fen each to the largest remainders.
            var shares: [(j: Int, q: Int64, r: Int64)] = []
            var given: Int64 = 0
            for j in lo..<hi {
                let p = slots[s].lots[j].amount.multipliedFullWidth(by: y)
                let (q, r) = total.dividingFullWidth((high: p.high, low: p.low))
                shares.append((j, q, r)); given += q
            }
            var extra = y - given
            for k in shares.indices.sorted(by: { (shares[$0].r, -$0) > (shares[$1].r, -$1) }) where extra > 0 {
                shares[k].q += 1; extra -= 1
            }
            for sh in shares where sh.q > 0 {
                emit(slots[s].lots[sh.j], sh.q)
                slots[s].lots[sh.j].amount -= sh.q
            }
            left -= y
            slots[s].lots = slots[s].lots[lo...].filter { $0.amount > 0 }
            slots[s].head = 0
        }
        if left > 0 { pieces.append(TraceLot(seed: -1, level: 0, amount: left)) }
    }

    mutating func addSink(_ k: Int, _ account: Int32, _ kind: SinkKind, _ x: Int64, _ level: Int32) {
        let key = Int64(account) &* 8 &+ Int64(SinkKind.allCases.firstIndex(of: kind)!)
        if let j = sinkIndex[k][key] {
            sinks[k][j].amountFen += x; sinks[k][j].level = min(sinks[k][j].level, level)
        } else {
            sinkIndex[k][key] = sinks[k].count
            sinks[k].append(TraceSink(account: account, kind: kind, amountFen: x, level: level))
        }
    }

    mutating func flowIn(_ k: Int, _ a: Int32, _ x: Int64, _ level: Int32) {
        if var fl = flows[k][a] { fl.inFen += x; fl.level = min(fl.level, level); flows[k][a] = fl }
        else { flows[k][a] = TraceAccountFlow(account: a, level: level, inFen: x, outFen: 0) }
    }

    /// Traced money still in accounts at the end of the record becomes `balance` sinks.
    mutating func results() -> [TraceResult] {
        for s in slots.indices where slots[s].active {
            for lot in slots[s].lots[slots[s].head...] where lot.seed >= 0 && lot.amount > 0 {
                addSink(Int(lot.seed), slots[s].account, .balance, lot.amount, lot.level)
            }
        }
        return (0..<groupCount).map { k in
            TraceResult(seed: Int32(k), amountFen: amounts[k], hops: hops[k],
                        accounts: flows[k].values.sorted { ($0.level, $0.account) < ($1.level, $1.account) },
                        sinks: sinks[k].sorted { ($0.amountFen, -$0.account) > ($1.amountFen, -$1.account) })
        }
    }
}
