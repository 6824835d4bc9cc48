/// Parking: under `fifo` with a kept-money rule, an account whose traced money is all kept (a
/// mule's commission, an organizer's retained share) goes on paying and receiving other money
/// for weeks, and its traced money leaves only when a payment exceeds the untraced money that
/// arrived within the horizon (`FundTracer.keptAfter`, `keptIdle`) — often never. Replaying
/// each of those edges through the heap was 93 % of the edges a slow one-case trace visited on
/// the 1M-account city. A parked account leaves the heap instead: a scan reads its own edges
/// ahead, in (time, edge) order, keeping only the untraced money within the horizon (a FIFO of
/// amounts) and the idle-gap state, until the first payment that would reach traced money or a
/// victim's own payment (the *wake*). One heap event waits there. Traced money arriving earlier
/// (from an account holding traced money) ends the park at once. Either way the account's
/// skipped edges are then replayed in order with the ordinary allocation (`take`, `append`), so
/// every result is exactly what the unparked trace gives (`TraceEquivalenceTests`).
///
/// The scan starts when the account's next edge is due and reads at most `budget` edges per
/// heap event, doubling from 4, so an account parked for a short while costs a few cheap
/// reads beyond the edges the trace would visit anyway, and one parked for good costs O(its
/// edges) array reads and O(log its edges) heap events rather than a heap push and pop per edge.
extension TraceRun {
    struct Park {
        /// `Event.side` of a parked account's one heap event (at its wake or scan checkpoint).
        static let side: UInt8 = 3
        /// The account's last edge processed before it parked.
        var after: Int32
        /// Next positions in the account's out- and in-lists the scan has not read.
        var outScan: Int, inScan: Int
        /// The first edge at which traced money would leave, or a victim's own payment; −1 = none read yet.
        var wake: Int32 = -1
        /// The scan read every edge without finding a wake.
        var done = false
        /// Untraced arrivals that may still be within the horizon, oldest first, and their sum.
        var freshTime: [Int64] = [], freshAmount: [Int64] = []
        var freshHead = 0
        var freshSum: Int64 = 0
        /// The slot's idle-gap state as the scan advances (`Slot.keptBefore`, `lastOut`, `runOut`).
        var keptBefore: Int64, lastOut: Int64, runOut: Int64
        var budget = 4
    }

    /// Parks slot `s` after its payment `e` when all its traced money is kept. O(fresh lots).
    mutating func parkIfKeptOnly(_ s: Int, after e: Int32) {
        guard keptAfter != .max || keptIdle != .max, slots[s].tainted > 0 else { return }
        let a = Int(slots[s].account)
        guard !t.drainsInCash[a] else { return }
        let now = g.time[Int(e)]
        let cut = max(keptAfter == .max ? Int64.min : now - keptAfter, slots[s].keptBefore)
        var p = Park(after: e,
                     outScan: t.positionAfter(e, in: g.outEdges, Int(g.outOffsets[a]), Int(g.outOffsets[a + 1])),
                     inScan: t.positionAfter(e, in: g.inEdges, Int(g.inOffsets[a]), Int(g.inOffsets[a + 1])),
                     keptBefore: slots[s].keptBefore, lastOut: slots[s].lastOut, runOut: slots[s].runOut)
        // The cut only moves later, so traced money kept now stays kept. Newest first: an
        // account passing victims' money on holds it at the end of its queue.
        let fresh = firstLot(s, arrivedAtOrAfter: cut)
        var j = slots[s].lots.count
        while j > fresh {
            j -= 1
            if slots[s].lots[j].seed >= 0 && slots[s].lots[j].amount > 0 { return }
        }
        for j in fresh..<slots[s].lots.count {
            let lot = slots[s].lots[j]
            if lot.amount > 0 && lot.level != TraceLot.reserve { p.freshTime.append(lot.time); p.freshAmount.append(lot.amount); p.freshSum += lot.amount }
        }
        slots[s].epoch &+= 1   // its cursor events are void
        slots[s].park = p
        parks += 1
        scheduleParkEvent(s)   // the scan starts when the account's next edge is due
    }

    /// The parked slot's heap event: resume at the wake, or read further.
    mutating func parkEvent(_ s: Int, at edge: Int32) {
        guard let p = slots[s].park else { return }
        if p.wake >= 0 {
            if p.wake == edge { unpark(s, before: edge) } else { scheduleParkEvent(s) }
            return
        }
        if p.done { return }
        scan(s, budget: p.budget, through: nil)
        slots[s].park!.budget = min(p.budget * 2, 1 << 16)
        scheduleParkEvent(s)
    }

    /// Whether a parked slot's payment `e` (processed now) ends its park.
    mutating func parkedPaymentWakes(_ s: Int, _ e: Int32) -> Bool {
        if seedOf[UInt64(e)] != nil { return true }
        scan(s, budget: 0, through: e)
        let w = slots[s].park!.wake
        return w >= 0 && !t.before(e, w)
    }

    mutating func scheduleParkEvent(_ s: Int) {
        guard let p = slots[s].park else { return }
        let a = Int(slots[s].account)
        let e: Int32
        if p.wake >= 0 { e = p.wake } else {
            guard !p.done else { return }
            let hasOut = p.outScan < Int(g.outOffsets[a + 1]), hasIn = p.inScan < Int(g.inOffsets[a + 1])
            guard hasOut || hasIn else { return }
            e = !hasIn || hasOut && t.before(g.outEdges[p.outScan], g.inEdges[p.inScan]) ? g.outEdges[p.outScan] : g.inEdges[p.inScan]
        }
        heap.push(Event(time: g.time[Int(e)], edge: e, slot: Int32(s), side: Park.side, epoch: slots[s].epoch))
    }

    /// Reads the parked slot's next edges: `budget` of them, and on through edge `through`.
    mutating func scan(_ s: Int, budget: Int, through: Int32?) {
        guard var p = slots[s].park, p.wake < 0, !p.done else { return }
        slots[s].park = nil   // `p` holds the only reference to its arrays
        let a = Int(slots[s].account)
        let ohi = Int(g.outOffsets[a + 1]), ihi = Int(g.inOffsets[a + 1])
        var n = 0
        while true {
            let hasOut = p.outScan < ohi, hasIn = p.inScan < ihi
            guard hasOut || hasIn else { p.done = true; break }
            let isOut = !hasIn || hasOut && t.before(g.outEdges[p.outScan], g.inEdges[p.inScan])
            let e = isOut ? g.outEdges[p.outScan] : g.inEdges[p.inScan]
            guard n < budget || through.map({ !t.before($0, e) }) ?? false else { break }
            n += 1
            let i = Int(e)
            if g.from[i] == g.to[i] {   // a self-transfer, in both lists, moves nothing
                if isOut { p.outScan += 1 } else { p.inScan += 1 }
                continue
            }
            if seedOf[UInt64(e)] != nil { p.wake = e; break }
            let x = g.amountFen[i]
            guard isOut else {
                p.freshTime.append(g.time[i]); p.freshAmount.append(x); p.freshSum += x
                p.inScan += 1
                continue
            }
            // As `take`: the idle gap may keep more, then arrivals within the horizon go first.
            let now = g.time[i]
            var kb = p.keptBefore, ro = p.runOut
            if keptIdle != .max && p.lastOut != .min && now - p.lastOut >= keptIdle {
                var j = firstLot(s, arrivedAtOrAfter: kb)
                var held: Int64 = 0
                while j < slots[s].lots.count && slots[s].lots[j].time <= p.lastOut && held <= ro {
                    if slots[s].lots[j].seed >= 0 { held += slots[s].lots[j].amount }
                    j += 1
                }
                if held <= ro { kb = max(kb, p.lastOut + 1) }
                ro = 0
            }
            let cut = max(keptAfter == .max ? Int64.min : now - keptAfter, kb)
            while p.freshHead < p.freshTime.count && p.freshTime[p.freshHead] < cut {
                p.freshSum -= p.freshAmount[p.freshHead]; p.freshHead += 1
            }
            if p.freshSum < x { p.wake = e; break }
            var left = x
            while left > 0 {
                let d = min(left, p.freshAmount[p.freshHead])
                p.freshAmount[p.freshHead] -= d; p.freshSum -= d; left -= d
                if p.freshAmount[p.freshHead] == 0 { p.freshHead += 1 }
            }
            p.keptBefore = kb; p.runOut = ro + x; p.lastOut = now
            p.outScan += 1
        }
        if p.freshHead > 256 && p.freshHead * 2 > p.freshTime.count {
            p.freshTime.removeFirst(p.freshHead); p.freshAmount.removeFirst(p.freshHead); p.freshHead = 0
        }
        slots[s].park = p
    }

    /// Ends slot `s`'s park just before edge `j`: replays its edges since it parked with the
    /// ordinary allocation (untraced money only) and puts its cursors back in the heap.
    mutating func unpark(_ s: Int, before j: Int32) {
        guard let p = slots[s].park else { return }
        slots[s].park = nil
        unparks += 1
        let saved = pieces
        let a = Int(slots[s].account)
        var o = t.positionAfter(p.after, in: g.outEdges, Int(g.outOffsets[a]), Int(g.outOffsets[a + 1]))
        var n = t.positionAfter(p.after, in: g.inEdges, Int(g.inOffsets[a]), Int(g.inOffsets[a + 1]))
        let ohi = Int(g.outOffsets[a + 1]), ihi = Int(g.inOffsets[a + 1])
        while true {
            let hasOut = o < ohi && t.before(g.outEdges[o], j), hasIn = n < ihi && t.before(g.inEdges[n], j)
            guard hasOut || hasIn else { break }
            let isOut = !hasIn || hasOut && t.before(g.outEdges[o], g.inEdges[n])
            let i = Int(isOut ? g.outEdges[o] : g.inEdges[n])
            if isOut { o += 1 } else { n += 1 }
            if g.from[i] == g.to[i] { continue }
            if isOut {
                pieces.removeAll(keepingCapacity: true)
                let tainted = slots[s].tainted
                take(s, g.amountFen[i], at: g.time[i])
                assert(slots[s].tainted == tainted, "a parked account's payment took traced money")
            } else {
                append(s, TraceLot(seed: -1, level: 0, amount: g.amountFen[i], time: g.time[i]))
            }
        }
        pieces = saved
        slots[s].outPos = o; slots[s].inPos = n
        slots[s].epoch &+= 1
        pushNext(s, side: 1, epoch: slots[s].epoch)
        pushNext(s, side: 2, epoch: slots[s].epoch)
    }
}
