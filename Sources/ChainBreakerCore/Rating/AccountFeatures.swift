/// Behavioural, trace and link features of every account of a `TransferGraph`, stored as one
/// contiguous row-major matrix (`accountCount × AccountFeature.count`) plus the money columns
/// reasons quote.
///
/// Cost: O(V + E) time for the behaviour (each account's in- and out-lists are already sorted
/// by time, so one merge walk per account gives the FIFO dwell times, the balance path and the
/// 24-hour peak), O(V + E + P) for the links (P = account-device pairs), and O(V × F) memory.
/// Scratch buffers are reused across accounts; distinct counterparties are counted with
/// per-account stamps instead of sets.
public struct AccountFeatures: Sendable {
    public let accountCount: Int
    public static let width = AccountFeature.count
    /// Row-major: the features of account `a` are `values[a * width ..< (a + 1) * width]`.
    /// Single precision (7 significant digits is plenty for features; half the memory of
    /// Double: 1M accounts × ~60 features = 240 MB). Money quoted in reasons comes from the
    /// exact fen columns below, never from here.
    public var values: [Float]
    public var inFen: [Int64]
    public var outFen: [Int64]
    /// Traced victim money received (copied from the context, exact).
    public var victimFen: [Int64]
    /// Money the account sent to anchor accounts (link pass).
    public var outToAnchorsFen: [Int64]
    /// Money paid to money anchors past the chain's entry (anchors that received no victim's
    /// payment directly), and to how many of them: paybacks, not a victim paying the collectors.
    public var outToDeepAnchorsFen: [Int64]
    public var deepAnchorRecipients: [Int32]
    /// Anchor accounts to which the account paid only test amounts (测试: at most
    /// `testTransferMaxFen` in all to each): checking the cards of a chain it operates.
    public var testedAnchors: [Int32]
    /// A test transfer's ceiling (¥100): a card is tested with cents to tens of yuan.
    public static let testTransferMaxFen: Int64 = 10_000
    /// Money paid to the chain's entry: ordinary accounts that received victims' payments
    /// directly (first-level cards, 跑分 wallets; not OTC traders or registered businesses, which
    /// some victims pay too), whatever their rating — what a victim does.
    public var outToEntryFen: [Int64]
    /// Money paid past the chain's entry to accounts the group's members pay: the chain's exits
    /// (cash-out cards, crypto OTC traders, card merchants) and its deeper layers — not the
    /// accounts victims pay (the entry), nor registered merchants or payment institutions.
    public var outDownstreamFen: [Int64]
    /// … in how many transfers.
    public var outDownstreamCount: [Int32]
    /// Accounts tagged 已冻结涉诈账户 with the account's holder ID number (the device part of
    /// `frozenLinks` is the rest; link pass).
    public var frozenHolderLinks: [Int32]

    /// Devices seen on more than this many accounts are shared networks (NAT, office Wi-Fi,
    /// carrier-grade NAT): they do not identify an operator and are ignored by the links.
    public static let defaultSharedDeviceLimit = 50

    /// An account at least this share of whose received money is traced victim money is a
    /// conduit of fraud money (for `fraudCounterpartyShare`): a third means victim money is a
    /// main source, not a stray payment mixed into an ordinary account.
    public static let conduitShare = 1.0 / 3.0
    /// An account paying at least this many different accounts (victims' aside) is a market — a
    /// crypto OTC trader or a wholesaler paying its suppliers — not a laundering layer, which hands
    /// money to the few accounts its group controls.
    public static let marketPayees = 20
    /// … and at least ¥1,000 of it (less is a stray piece of a mixed account).
    public static let conduitMinFen: Int64 = 100_000

    /// The reason for `frozenLinks`, saying which link it is: the holder's other card (a rented
    /// card's holder) or a shared login device. nil when there is none.
    public func frozenLinkReason(_ a: Int) -> String? {
        let all = self[a, .frozenLinks], byHolder = Double(frozenHolderLinks[a])
        guard all > 0 else { return nil }
        return byHolder >= all
            ? "same holder ID number as \(RatingText.count(byHolder, "account", "accounts")) tagged 已冻结涉诈账户 (the holder's other card)"
            : "shares a login device (IP/MAC) with \(RatingText.count(all, "account", "accounts")) tagged 已冻结涉诈账户"
    }

    @inlinable public subscript(a: Int, f: AccountFeature) -> Double {
        get { Double(values[a &* AccountFeatures.width &+ f.rawValue]) }
        set { values[a &* AccountFeatures.width &+ f.rawValue] = Float(newValue) }
    }

    /// Whether account `a` sent at least `share` of what it received (visible transfers).
    @inlinable public func passesOn(_ a: Int, share: Double = 0.5) -> Bool {
        outFen[a] > 0 && Double(outFen[a]) >= share * Double(inFen[a])
    }

    /// The feature row of account `a`.
    public func row(_ a: Int) -> [Double] {
        values[(a * AccountFeatures.width)..<((a + 1) * AccountFeatures.width)].map(Double.init)
    }

    /// Computes every feature. Links are computed against the fraud-tagged accounts only; call
    /// `updateLinks` after a first rating to add the accounts it flagged.
    public init(graph g: TransferGraph, context c: RatingContext, sharedDeviceLimit: Int = AccountFeatures.defaultSharedDeviceLimit) {
        precondition(g.accountCount == c.accountCount)
        accountCount = g.accountCount
        let n = accountCount, w = AccountFeatures.width
        values = [Float](repeating: 0, count: n * w)
        victimFen = c.victimInflowFen
        inFen = [Int64](repeating: 0, count: n)
        outFen = [Int64](repeating: 0, count: n)
        outToAnchorsFen = [Int64](repeating: 0, count: n)
        outToDeepAnchorsFen = outToAnchorsFen
        deepAnchorRecipients = [Int32](repeating: 0, count: n)
        testedAnchors = deepAnchorRecipients
        outToEntryFen = outToAnchorsFen
        outDownstreamFen = outToAnchorsFen
        outDownstreamCount = deepAnchorRecipients
        frozenHolderLinks = deepAnchorRecipients
        computeBehaviour(g, c)
        updateLinks(graph: g, context: c, flagged: nil, sharedDeviceLimit: sharedDeviceLimit)
    }

    // MARK: behaviour

    private mutating func computeBehaviour(_ g: TransferGraph, _ c: RatingContext) {
        let n = accountCount
        // Distinct counterparties: each account's (short) peer list is copied and sorted, which
        // costs less than stamping an n-sized array at random (a cache miss per edge).
        var peers: [Int32] = []
        // FIFO of (amount left, arrival time) and the merged time line, reused per account.
        var lotAmount: [Int64] = [], lotTime: [Int64] = []
        var times: [Int64] = []
        // Fraud-side accounts: victims' own accounts and conduits (at least `conduitShare` of
        // the money they received is traced victim money). O(E) pre-pass.
        var received = [Int64](repeating: 0, count: n)
        for e in 0..<g.edgeCount { let t = Int(g.to[e]); if t >= 0 { received[t] += g.amountFen[e] } }
        // One byte of flags per account (one cache line fetch per counterparty): 1 = fraud side
        // (a victim's account or a conduit), 2 = conduit, 4 = conduit past the first receivers,
        // 8 = a victim's account.
        var flags = [UInt8](repeating: 0, count: n)
        for a in 0..<n {
            let victim = c.victimPaymentsMade[a] > 0
            let conduit = !victim && !c.isRegisteredBusiness(a) && !c.isOTC(a)
                && c.victimInflowFen[a] >= AccountFeatures.conduitMinFen
                && Double(c.victimInflowFen[a]) >= AccountFeatures.conduitShare * Double(received[a])
            var x: UInt8 = 0
            if conduit { x |= 3; if c.directVictimPayments[a] == 0 { x |= 4 } }
            if victim { x |= 9 }
            flags[a] = x
        }
        // The per-account loops read the edges in CSR order; their columns are first gathered
        // into CSR-ordered buffers, a chunk of accounts at a time (short independent loads that
        // overlap their cache misses; the account loop then streams).
        let chunk = 1 << 14
        var maxIn = 0, maxOut = 0
        do {
            var a0 = 0
            while a0 < n {
                let a1 = min(n, a0 + chunk)
                maxIn = max(maxIn, Int(g.inOffsets[a1] - g.inOffsets[a0])); maxOut = max(maxOut, Int(g.outOffsets[a1] - g.outOffsets[a0]))
                a0 = a1
            }
        }
        var inAmt = [Int64](repeating: 0, count: maxIn), inTime = inAmt, inPeer = [Int32](repeating: 0, count: maxIn)
        var outAmt = [Int64](repeating: 0, count: maxOut), outTime = outAmt, outPeer = [Int32](repeating: 0, count: maxOut)
        var outCh = [UInt8](repeating: 0, count: maxOut)
        var a0 = 0
        while a0 < n {
            let a1 = min(n, a0 + chunk)
            let inBase = Int(g.inOffsets[a0]), inEnd = Int(g.inOffsets[a1])
            let outBase = Int(g.outOffsets[a0]), outEnd = Int(g.outOffsets[a1])
            g.from.withUnsafeBufferPointer { from in
            g.to.withUnsafeBufferPointer { to in
            g.amountFen.withUnsafeBufferPointer { amt in
            g.time.withUnsafeBufferPointer { tm in
            g.channel.withUnsafeBufferPointer { ch in
            g.inEdges.withUnsafeBufferPointer { inE in
            g.outEdges.withUnsafeBufferPointer { outE in
            inAmt.withUnsafeMutableBufferPointer { ia in
            inTime.withUnsafeMutableBufferPointer { it in
            inPeer.withUnsafeMutableBufferPointer { ip in
            outAmt.withUnsafeMutableBufferPointer { oa in
            outTime.withUnsafeMutableBufferPointer { ot in
            outPeer.withUnsafeMutableBufferPointer { op in
            outCh.withUnsafeMutableBufferPointer { oc in
                for k in inBase..<inEnd { let e = Int(inE[k]); let j = k - inBase; ia[j] = amt[e]; it[j] = tm[e]; ip[j] = from[e] }
                for k in outBase..<outEnd { let e = Int(outE[k]); let j = k - outBase; oa[j] = amt[e]; ot[j] = tm[e]; op[j] = to[e]; oc[j] = ch[e] }
            }}}}}}}}}}}}}}
            behaviourChunk(a0..<a1, inBase: inBase, outBase: outBase, inAmt, inTime, inPeer, outAmt, outTime, outPeer, outCh,
                           g, c, flags, &peers, &lotAmount, &lotTime, &times)
            a0 = a1
        }
    }

    private mutating func behaviourChunk(_ range: Range<Int>, inBase: Int, outBase: Int,
                                         _ inAmt: [Int64], _ inTime: [Int64], _ inPeer: [Int32],
                                         _ outAmt: [Int64], _ outTime: [Int64], _ outPeer: [Int32], _ outCh: [UInt8],
                                         _ g: TransferGraph, _ c: RatingContext, _ flags: [UInt8],
                                         _ peers: inout [Int32],
                                         _ lotAmount: inout [Int64], _ lotTime: inout [Int64], _ times: inout [Int64]) {
        let w = AccountFeatures.width
        let hour: Int64 = 3600, day: Int64 = 86_400
        let pos = TransferChannel.pos.rawValue, atm = TransferChannel.atm.rawValue
        var ordinary = 0
        inAmt.withUnsafeBufferPointer { inA in
        inTime.withUnsafeBufferPointer { inT in
        inPeer.withUnsafeBufferPointer { inP in
        outAmt.withUnsafeBufferPointer { outA in
        outTime.withUnsafeBufferPointer { outT in
        outPeer.withUnsafeBufferPointer { outP in
        outCh.withUnsafeBufferPointer { outC in
        values.withUnsafeMutableBufferPointer { v in
            for a in range {
                // Local CSR slots (relative to the chunk's buffers).
                let inLo = Int(g.inOffsets[a]) - inBase, inHi = Int(g.inOffsets[a + 1]) - inBase
                let outLo = Int(g.outOffsets[a]) - outBase, outHi = Int(g.outOffsets[a + 1]) - outBase
                let base = a * w
                v[base + AccountFeature.hasStatement.rawValue] = Float(c.hasStatement[a] ? 1 : 0)
                let t = c.tags[a]
                v[base + AccountFeature.frozenTag.rawValue] = Float(t.contains(.frozenFraud) ? 1 : 0)
                v[base + AccountFeature.fraudTag.rawValue] = Float(t.contains(.fraudTagged) ? 1 : 0)
                v[base + AccountFeature.merchantTag.rawValue] = Float(t.contains(.normalMerchant) ? 1 : 0)
                v[base + AccountFeature.paymentInstitutionKind.rawValue] = Float(t.contains(.paymentInstitution) || c.kinds[a] == .paymentInstitution ? 1 : 0)
                v[base + AccountFeature.cardSellerKind.rawValue] = Float(t.contains(.cardMerchant) || c.kinds[a] == .cardMerchant ? 1 : 0)
                v[base + AccountFeature.otcKind.rawValue] = Float(c.isOTC(a) ? 1 : 0)
                v[base + AccountFeature.wallet.rawValue] = Float(c.isWallet[a] ? 1 : 0)
                let vic = c.victimInflowFen[a]
                v[base + AccountFeature.victimYuan.rawValue] = Float(Double(vic) / 100)
                v[base + AccountFeature.victimCases.rawValue] = Float(Double(c.victimCases[a]))
                v[base + AccountFeature.victimSeeds.rawValue] = Float(Double(c.victimSeeds[a]))
                v[base + AccountFeature.traceProximity.rawValue] = Float(c.minTraceLevel[a] > 0 ? 1 / Double(c.minTraceLevel[a]) : 0)
                v[base + AccountFeature.directVictimPayments.rawValue] = Float(Double(c.directVictimPayments[a]))
                v[base + AccountFeature.victimPaymentsMade.rawValue] = Float(Double(c.victimPaymentsMade[a]))
                if c.directVictimPayments[a] > 0 {
                    v[base + (c.isWallet[a] ? AccountFeature.walletFirstReceiver : AccountFeature.cardFirstReceiver).rawValue] = 1
                }
                let nIn = inHi - inLo, nOut = outHi - outLo
                if nIn + nOut == 0 { continue }

                var sIn: Int64 = 0, sOut: Int64 = 0, cpIn = 0, cpOut = 0, cashIn = false, cashOut = false
                var cashFen: Int64 = 0, posCount = 0, round = 0, night = 0, fraudCP = 0, nonCash = 0
                var fromConduits: Int64 = 0, toConduits: Int64 = 0, fromDeep: Int64 = 0
                ordinary = 0
                for k in inLo..<inHi {
                    let x = inA[k]; sIn += x
                    let f = Int(inP[k])
                    if f < 0 { cashIn = true } else {
                        nonCash += 1
                        let fl = flags[f]
                        if fl & 1 != 0 { fraudCP += 1 }
                        if fl & 2 != 0 { fromConduits += x; if fl & 4 != 0 { fromDeep += x } }
                    }
                    if x % 10_000 == 0 { round += 1 }
                    if (inT[k] + 8 * hour) % day < 6 * hour { night += 1 }
                }
                for k in outLo..<outHi {
                    let x = outA[k]; sOut += x
                    let tt = Int(outP[k])
                    if tt < 0 { cashOut = true } else {
                        let fl = flags[tt]
                        nonCash += 1
                        if fl & 1 != 0 { fraudCP += 1 }
                        if fl & 2 != 0 { toConduits += x }
                    }
                    if tt < 0 || outC[k] == atm { cashFen += x }
                    if outC[k] == pos { posCount += 1 }
                    if x % 10_000 == 0 { round += 1 }
                    if (outT[k] + 8 * hour) % day < 6 * hour { night += 1 }
                }
                cpIn = AccountFeatures.distinct(inP, inLo..<inHi, &peers)
                peers.removeAll(keepingCapacity: true)
                for k in outLo..<outHi where outP[k] >= 0 { peers.append(outP[k]) }
                AccountFeatures.sortSmall(&peers)
                cpOut = 0; ordinary = 0
                for k in 0..<peers.count where k == 0 || peers[k] != peers[k - 1] {
                    cpOut += 1
                    if flags[Int(peers[k])] & 8 == 0 { ordinary += 1 }
                }
                if cashIn { cpIn += 1 }
                if cashOut { cpOut += 1 }
                inFen[a] = sIn; outFen[a] = sOut
                let total = Double(nIn + nOut)
                v[base + AccountFeature.inCount.rawValue] = Float(Double(nIn))
                v[base + AccountFeature.outCount.rawValue] = Float(Double(nOut))
                v[base + AccountFeature.inYuan.rawValue] = Float(Double(sIn) / 100)
                v[base + AccountFeature.outYuan.rawValue] = Float(Double(sOut) / 100)
                v[base + AccountFeature.inCounterparties.rawValue] = Float(Double(cpIn))
                v[base + AccountFeature.outCounterparties.rawValue] = Float(Double(cpOut))
                v[base + AccountFeature.ordinaryPayees.rawValue] = Float(Double(ordinary))
                v[base + AccountFeature.flowThrough.rawValue] = Float(max(sIn, sOut) > 0 ? Double(min(sIn, sOut)) / Double(max(sIn, sOut)) : 0)
                v[base + AccountFeature.cashOutShare.rawValue] = Float(sOut > 0 ? Double(cashFen) / Double(sOut) : 0)
                v[base + AccountFeature.posShare.rawValue] = Float(nOut > 0 ? Double(posCount) / Double(nOut) : 0)
                v[base + AccountFeature.roundAmountShare.rawValue] = Float(Double(round) / total)
                v[base + AccountFeature.fraudCounterpartyShare.rawValue] = Float(nonCash > 0 ? Double(fraudCP) / Double(nonCash) : 0)
                v[base + AccountFeature.fromConduitsShare.rawValue] = Float(sIn > 0 ? Double(fromConduits) / Double(sIn) : 0)
                v[base + AccountFeature.toConduitsShare.rawValue] = Float(sOut > 0 ? Double(toConduits) / Double(sOut) : 0)
                v[base + AccountFeature.fromDeepConduitsShare.rawValue] = Float(sIn > 0 ? Double(fromDeep) / Double(sIn) : 0)
                if c.hasStatement[a] && sIn > 0 {
                    let fed = max(min(1, Double(vic) / Double(sIn)), Double(fromConduits) / Double(sIn))
                    v[base + AccountFeature.conduitStrength.rawValue] = Float(fed * min(1, Double(sOut) / Double(sIn)))
                }
                v[base + AccountFeature.nightShare.rawValue] = Float(Double(night) / total)
                v[base + AccountFeature.victimShare.rawValue] = Float(sIn > 0 ? min(1, Double(vic) / Double(sIn)) : (vic > 0 ? 1 : 0))

                // Merge walk in time order (arrivals before departures at the same second).
                // Pass 1: the opening balance that keeps the visible balance non-negative.
                var i = inLo, j = outLo, bal: Int64 = 0, low: Int64 = 0
                times.removeAll(keepingCapacity: true)
                while i < inHi || j < outHi {
                    if j >= outHi || (i < inHi && inT[i] <= outT[j]) {
                        bal += inA[i]; times.append(inT[i]); i += 1
                    } else {
                        bal -= outA[j]; if bal < low { low = bal }; times.append(outT[j]); j += 1
                    }
                }
                // Pass 2: FIFO lots of incoming money; each departure takes the oldest lots first
                // (own money = the opening balance, never matched to a lot).
                lotAmount.removeAll(keepingCapacity: true); lotTime.removeAll(keepingCapacity: true)
                var head = 0, matched: Int64 = 0, within1h: Int64 = 0, within24h: Int64 = 0
                var delaySum = 0.0, leftRatioSum = 0.0, leftRatioN = 0
                bal = -low
                i = inLo; j = outLo
                while i < inHi || j < outHi {
                    if j >= outHi || (i < inHi && inT[i] <= outT[j]) {
                        lotAmount.append(inA[i]); lotTime.append(inT[i]); bal += inA[i]; i += 1
                    } else {
                        var x = outA[j]; let now = outT[j]; j += 1
                        if bal > 0 { leftRatioSum += Double(max(0, bal - x)) / Double(bal); leftRatioN += 1 }
                        bal -= x
                        while x > 0 && head < lotAmount.count {
                            let d = min(x, lotAmount[head])
                            let delay = now - lotTime[head]
                            matched += d; delaySum += Double(d) * Double(delay)
                            if delay <= hour { within1h += d }
                            if delay <= day { within24h += d }
                            lotAmount[head] -= d; x -= d
                            if lotAmount[head] == 0 { head += 1 }
                        }
                        // What is left of x was spent from the opening balance (own money).
                    }
                }
                v[base + AccountFeature.dwellHours.rawValue] = Float(matched > 0 ? min(720, delaySum / Double(matched) / 3600) : 720)
                v[base + AccountFeature.passedWithin1h.rawValue] = Float(sIn > 0 ? Double(within1h) / Double(sIn) : 0)
                v[base + AccountFeature.passedWithin24h.rawValue] = Float(sIn > 0 ? Double(within24h) / Double(sIn) : 0)
                v[base + AccountFeature.balanceLeftAfterOut.rawValue] = Float(leftRatioN > 0 ? leftRatioSum / Double(leftRatioN) : 1)
                // Time span and the busiest 24 hours (sliding window over the merged times).
                let first = times[0], last = times[times.count - 1]
                v[base + AccountFeature.activeDays.rawValue] = Float(Double(last - first) / Double(day))
                var lo = 0, peak = 0
                for hi in 0..<times.count {
                    while times[hi] - times[lo] >= day { lo += 1 }
                    peak = max(peak, hi - lo + 1)
                }
                v[base + AccountFeature.peakDayShare.rawValue] = Float(Double(peak) / total)
            }
        }}}}}}}}
    }

    /// Distinct non-cash peers of `range`, using `scratch`. O(d log d).
    static func distinct(_ p: UnsafeBufferPointer<Int32>, _ range: Range<Int>, _ scratch: inout [Int32]) -> Int {
        scratch.removeAll(keepingCapacity: true)
        for k in range where p[k] >= 0 { scratch.append(p[k]) }
        sortSmall(&scratch)
        var count = 0
        for k in 0..<scratch.count where k == 0 || scratch[k] != scratch[k - 1] { count += 1 }
        return count
    }

    /// Insertion sort for short lists, the standard sort otherwise.
    static func sortSmall(_ x: inout [Int32]) {
        if x.count > 24 { x.sort(); return }
        x.withUnsafeMutableBufferPointer { b in
            for i in 1..<max(1, b.count) {
                let v = b[i]; var j = i - 1
                while j >= 0 && b[j] > v { b[j + 1] = b[j]; j -= 1 }
                b[j + 1] = v
            }
        }
    }

    // MARK: links

    /// Recomputes the link features. Money anchors are `flagged` (e.g. the accounts a first rating
    /// found malicious); identity anchors (holder, device) are those plus the accounts tagged
    /// 已冻结涉诈账户 or 涉诈账户. A frozen tag alone is not a money anchor: rented cards get frozen
    /// while their owners keep paying rent and family from them.
    /// O(V + P + D + the edges of anchors, group members and victims' accounts), D devices.
    public mutating func updateLinks(graph g: TransferGraph, context c: RatingContext, flagged: [Bool]?,
                                     sharedDeviceLimit: Int = AccountFeatures.defaultSharedDeviceLimit) {
        let n = accountCount, w = AccountFeatures.width
        var anchor = [Bool](repeating: false, count: n), identity = anchor, frozen = anchor
        for a in 0..<n {
            anchor[a] = flagged?[a] ?? false
            identity[a] = anchor[a] || c.tags[a].contains(.fraudTagged)
            frozen[a] = c.tags[a].contains(.frozenFraud)
        }
        // Holder groups.
        var groups = 0
        for a in 0..<n where c.holderGroup[a] >= 0 { groups = max(groups, Int(c.holderGroup[a]) + 1) }
        var groupAnchors = [Int32](repeating: 0, count: groups), groupFrozen = groupAnchors
        for a in 0..<n where c.holderGroup[a] >= 0 {
            if identity[a] { groupAnchors[Int(c.holderGroup[a])] += 1 }
            if frozen[a] { groupFrozen[Int(c.holderGroup[a])] += 1 }
        }
        // Devices: accounts, anchors, frozen and fraud-related accounts per device. A device counts
        // for links only when at least half of the accounts seen on it are fraud-related (anchors,
        // tagged, conduits of victim money or direct receivers of it): an operator's device, not
        // a shared network where a mule happened to log in among ordinary customers.
        let d = c.deviceCount
        var devAccounts = [Int32](repeating: 0, count: d), devAnchors = devAccounts, devFrozen = devAccounts, devFraud = devAccounts
        for a in 0..<n {
            let related = identity[a] || frozen[a] || c.directVictimPayments[a] > 0
                || (c.victimInflowFen[a] >= AccountFeatures.conduitMinFen
                    && Double(c.victimInflowFen[a]) >= AccountFeatures.conduitShare * Double(inFen[a]))
            let dLo = Int(c.deviceOffsets[a]), dHi = Int(c.deviceOffsets[a + 1])
            if dLo == dHi { continue }
            for k in dLo..<dHi {
                let x = c.deviceIDs[k]
                devAccounts[Int(x)] += 1
                if identity[a] { devAnchors[Int(x)] += 1 }
                if frozen[a] { devFrozen[Int(x)] += 1 }
                if related { devFraud[Int(x)] += 1 }
            }
        }
        // Groups. Members: money anchors, and first receivers of victim money (direct receivers that
        // are conduits, not OTC traders, registered businesses or markets paying 20+ accounts).
        // Members are joined by a transfer into a member whose statement is in the data (a member
        // paying its own group, as a layer pays the organizer; money *into* an account without
        // its statement joins nothing: a collector shared by several groups is what is being
        // judged), by an operator device, or by a holder. Union-find with path halving,
        // O((V + E + P) α).
        var member = anchor
        for a in 0..<n where !member[a] && c.directVictimPayments[a] > 0 && c.victimPaymentsMade[a] == 0
            && !c.isOTC(a) && !c.isRegisteredBusiness(a) && values[a * w + AccountFeature.ordinaryPayees.rawValue] < Float(AccountFeatures.marketPayees)
            && c.victimInflowFen[a] >= AccountFeatures.conduitMinFen
            && Double(c.victimInflowFen[a]) >= AccountFeatures.conduitShare * Double(inFen[a]) { member[a] = true }
        var parent = [Int32](repeating: -1, count: n)
        for a in 0..<n where member[a] { parent[a] = Int32(a) }
        func find(_ x: Int) -> Int {
            var x = x
            while Int(parent[x]) != x { parent[x] = parent[Int(parent[x])]; x = Int(parent[x]) }
            return x
        }
        func union(_ x: Int, _ y: Int) { let rx = find(x), ry = find(y); if rx != ry { parent[max(rx, ry)] = Int32(min(rx, ry)) } }
        for t in 0..<n where member[t] && c.hasStatement[t] {
            for e in g.incoming(t) {
                let f = Int(g.from[Int(e)])
                if f >= 0, member[f] { union(f, t) }
            }
        }
        var devFirst = [Int32](repeating: -1, count: d)
        var groupFirst = [Int32](repeating: -1, count: groups)
        for a in 0..<n where member[a] {
            for x in c.devices(a) where devAccounts[Int(x)] <= sharedDeviceLimit && 2 * devFraud[Int(x)] >= devAccounts[Int(x)] {
                if devFirst[Int(x)] < 0 { devFirst[Int(x)] = Int32(a) } else { union(a, Int(devFirst[Int(x)])) }
            }
            let hg = Int(c.holderGroup[a])
            if hg >= 0 { if groupFirst[hg] < 0 { groupFirst[hg] = Int32(a) } else { union(a, Int(groupFirst[hg])) } }
        }
        var root = [Int32](repeating: -1, count: n)
        var groupSize = [Int32](repeating: 0, count: n)
        for a in 0..<n where member[a] { root[a] = Int32(find(a)); groupSize[Int(root[a])] += 1 }

        // Money links, scattered from the (few) anchors, members and victims' accounts:
        // O(V + Σ degree of those accounts). Distinct counts use stamps: every source's edges are
        // visited together (members grouped by root for the group count).
        var fromAnchors = [Int64](repeating: 0, count: n), fromMembers = fromAnchors, toAnchors = fromAnchors
        var senders = [Int32](repeating: 0, count: n), recipients = senders, groupCount = senders, victimsPaid = senders
        var stamp = [Int32](repeating: -1, count: n)
        let members = (0..<n).filter { member[$0] }.sorted { (root[$0], $0) < (root[$1], $1) }
        for f in members {
            let r = root[f]
            for e in g.outgoing(f) {
                let t = Int(g.to[Int(e)]); if t < 0 || t == f { continue }
                let x = g.amountFen[Int(e)]
                fromMembers[t] += x
                // A lone member tied to no other (a card merchant paying back, seen only in its
                // own payments) is no independent group of its own.
                if stamp[t] != r { stamp[t] = r; if groupSize[Int(r)] >= 2 { groupCount[t] += 1 } }
            }
        }
        for i in stamp.indices { stamp[i] = -1 }
        for f in 0..<n where anchor[f] {
            for e in g.outgoing(f) {
                let t = Int(g.to[Int(e)]); if t < 0 || t == f { continue }
                fromAnchors[t] += g.amountFen[Int(e)]
                if stamp[t] != Int32(f) { stamp[t] = Int32(f); senders[t] += 1 }
            }
        }
        for i in stamp.indices { stamp[i] = -1 }
        var toDeep = toAnchors, deepRecipients = recipients, tested = recipients
        var paidThis = [Int64](repeating: 0, count: n), payers: [Int] = []
        for t in 0..<n where anchor[t] {
            let deep = c.directVictimPayments[t] == 0
            for e in g.incoming(t) {
                let f = Int(g.from[Int(e)]); if f < 0 || f == t { continue }
                toAnchors[f] += g.amountFen[Int(e)]
                paidThis[f] += g.amountFen[Int(e)]
                if deep { toDeep[f] += g.amountFen[Int(e)] }
                if stamp[f] != Int32(t) { stamp[f] = Int32(t); payers.append(f); recipients[f] += 1; if deep { deepRecipients[f] += 1 } }
            }
            for f in payers {
                if paidThis[f] <= Self.testTransferMaxFen { tested[f] += 1 }
                paidThis[f] = 0
            }
            payers.removeAll(keepingCapacity: true)
        }
        for i in stamp.indices { stamp[i] = -1 }
        for t in 0..<n where c.victimPaymentsMade[t] > 0 {
            for e in g.incoming(t) {
                let f = Int(g.from[Int(e)]); if f < 0 || f == t { continue }
                if stamp[f] != Int32(t) { stamp[f] = Int32(t); victimsPaid[f] += 1 }
            }
        }
        /// Money (and transfers) each account paid into the accounts `receives` selects, O(V + E).
        func paidInto(_ receives: (Int) -> Bool) -> (fen: [Int64], count: [Int32]) {
            var fen = [Int64](repeating: 0, count: n), count = [Int32](repeating: 0, count: n)
            for t in 0..<n where receives(t) {
                for e in g.incoming(t) {
                    let f = Int(g.from[Int(e)]); if f >= 0 && f != t { fen[f] += g.amountFen[Int(e)]; count[f] += 1 }
                }
            }
            return (fen, count)
        }
        outToEntryFen = paidInto { c.directVictimPayments[$0] > 0 && !c.isOTC($0) && !c.isRegisteredBusiness($0) }.fen
        (outDownstreamFen, outDownstreamCount) = paidInto { t in
            fromMembers[t] > 0 && (c.isOTC(t) || c.kinds[t] == .cardMerchant || (c.directVictimPayments[t] == 0 && !c.isRegisteredBusiness(t)))
        }
        outToAnchorsFen = toAnchors
        outToDeepAnchorsFen = toDeep
        deepAnchorRecipients = deepRecipients
        testedAnchors = tested

        for a in 0..<n {
            let base = a * w
            let self1: Int32 = identity[a] ? 1 : 0, selfFrozen: Int32 = frozen[a] ? 1 : 0
            let hg = c.holderGroup[a]
            values[base + AccountFeature.holderLinks.rawValue] = hg >= 0 ? Float(groupAnchors[Int(hg)] - self1) : 0
            var devLinks: Int32 = 0, coUsers: Int32 = 0
            var frozenLinks: Int32 = hg >= 0 ? groupFrozen[Int(hg)] - selfFrozen : 0
            frozenHolderLinks[a] = frozenLinks
            for k in Int(c.deviceOffsets[a])..<Int(c.deviceOffsets[a + 1]) {
                let x = c.deviceIDs[k]
                guard devAccounts[Int(x)] <= sharedDeviceLimit else { continue }
                coUsers = max(coUsers, devAccounts[Int(x)] - 1)
                guard 2 * devFraud[Int(x)] >= devAccounts[Int(x)] else { continue }
                devLinks = max(devLinks, devAnchors[Int(x)] - self1)
                frozenLinks = max(frozenLinks, devFrozen[Int(x)] - selfFrozen)
            }
            let inF = Double(inFen[a]), outF = Double(outFen[a])
            values[base + AccountFeature.frozenLinks.rawValue] = Float(frozenLinks)
            values[base + AccountFeature.deviceLinks.rawValue] = Float(devLinks)
            values[base + AccountFeature.deviceCoUsers.rawValue] = Float(coUsers)
            values[base + AccountFeature.anchorSenders.rawValue] = Float(senders[a])
            values[base + AccountFeature.anchorRecipients.rawValue] = Float(recipients[a])
            values[base + AccountFeature.senderGroups.rawValue] = Float(groupCount[a])
            values[base + AccountFeature.fromGroupShare.rawValue] = inF > 0 ? Float(Double(fromMembers[a]) / inF) : 0
            values[base + AccountFeature.inFromAnchorsShare.rawValue] = inF > 0 ? Float(Double(fromAnchors[a]) / inF) : 0
            values[base + AccountFeature.outToAnchorsShare.rawValue] = outF > 0 ? Float(Double(toAnchors[a]) / outF) : 0
            values[base + AccountFeature.outToAnchorsYuan.rawValue] = Float(Double(toAnchors[a]) / 100)
            values[base + AccountFeature.victimsPaid.rawValue] = Float(victimsPaid[a])
        }
    }
}
