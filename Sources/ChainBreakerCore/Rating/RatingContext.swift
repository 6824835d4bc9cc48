/// What the rating knows about each account besides its transfers. Arrays are indexed by the
/// dense account id of the `TransferGraph` (`0..<accountCount`).
///
/// Identity and tag fields come from the store (statement rows, `tags.csv`); trace fields from
/// `FundTracer` results through `addTraces(_:cases:graph:)`.
public struct RatingContext: Sendable {
    public let accountCount: Int
    /// The analyst has the account's statement (调单), so every transfer of the account is in
    /// the graph; otherwise only those with requested counterparties are.
    public var hasStatement: [Bool]
    public var tags: [AccountTags]
    /// What each account is for the trace and the rating: game-card seller, crypto OTC trader,
    /// payment institution or ordinary. Pass the kinds the fund tracer used (tags plus
    /// `SinkAccountInference`); defaults to the kinds the tags imply (`syncKindsWithTags`).
    public var kinds: [TraceAccountKind]
    /// Payment-platform wallets (WeChat Pay `…@wx.tenpay.com`, Alipay) as opposed to bank accounts.
    public var isWallet: [Bool]
    /// Accounts whose holder has the same ID number share a group id; −1 = unknown.
    public var holderGroup: [Int32]
    /// Devices (IP / MAC, as dense device ids) seen on the account's own statement rows, CSR:
    /// `deviceIDs[deviceOffsets[a]..<deviceOffsets[a+1]]`. Set with `setDevices(_:)`.
    public private(set) var deviceOffsets: [Int32]
    public private(set) var deviceIDs: [Int32]

    // Trace-derived (see `addTraces`).
    /// Traced victim money received (sum of traced hops into the account).
    public var victimInflowFen: [Int64]
    /// Distinct trace results (victim payments, or groups of them) whose money reached the account.
    public var victimSeeds: [Int32]
    /// Distinct cases among those payments.
    public var victimCases: [Int32]
    /// Fewest hops from a victim: 0 = on no traced chain, 1 = received directly from a victim.
    public var minTraceLevel: [Int32]
    /// Victim payments received directly (level-1 hops into the account).
    public var directVictimPayments: [Int32]
    /// Trace results whose victim payments the account made (it is a victim's account).
    public var victimPaymentsMade: [Int32]

    public init(accountCount n: Int) {
        accountCount = n
        hasStatement = [Bool](repeating: false, count: n)
        tags = [AccountTags](repeating: [], count: n)
        kinds = [TraceAccountKind](repeating: .ordinary, count: n)
        holderGroup = [Int32](repeating: -1, count: n)
        isWallet = [Bool](repeating: false, count: n)
        deviceOffsets = [Int32](repeating: 0, count: n + 1)
        deviceIDs = []
        victimInflowFen = [Int64](repeating: 0, count: n)
        victimSeeds = [Int32](repeating: 0, count: n)
        victimCases = [Int32](repeating: 0, count: n)
        minTraceLevel = [Int32](repeating: 0, count: n)
        directVictimPayments = [Int32](repeating: 0, count: n)
        victimPaymentsMade = [Int32](repeating: 0, count: n)
    }

    @inlinable public func devices(_ a: Int) -> ArraySlice<Int32> {
        deviceIDs[Int(deviceOffsets[a])..<Int(deviceOffsets[a + 1])]
    }

    /// Number of distinct device ids (max id + 1).
    public var deviceCount: Int { Int(deviceIDs.max() ?? -1) + 1 }

    /// Sets the devices from (account, device) pairs (duplicates removed). Counting sort on
    /// account, then a sort of each (short) list: O(P + V + P log d).
    public mutating func setDevices(_ pairs: [(account: Int32, device: Int32)]) {
        var offsets = [Int32](repeating: 0, count: accountCount + 1)
        for p in pairs where p.account >= 0 && Int(p.account) < accountCount && p.device >= 0 { offsets[Int(p.account) + 1] += 1 }
        for i in 0..<accountCount { offsets[i + 1] += offsets[i] }
        var cursor = Array(offsets[0..<accountCount])
        var ids = [Int32](repeating: 0, count: Int(offsets[accountCount]))
        for p in pairs where p.account >= 0 && Int(p.account) < accountCount && p.device >= 0 {
            ids[Int(cursor[Int(p.account)])] = p.device; cursor[Int(p.account)] += 1
        }
        // Sort and deduplicate each list, compacting in place.
        var out = [Int32](); out.reserveCapacity(ids.count)
        var newOffsets = [Int32](repeating: 0, count: accountCount + 1)
        for a in 0..<accountCount {
            let lo = Int(offsets[a]), hi = Int(offsets[a + 1])
            if hi - lo > 1 { ids[lo..<hi].sort() }
            for i in lo..<hi where i == lo || ids[i] != ids[i - 1] { out.append(ids[i]) }
            newOffsets[a + 1] = Int32(out.count)
        }
        deviceOffsets = newOffsets
        deviceIDs = out
    }

    /// Fills the trace-derived fields from fund-tracer results (one result per seed edge or per
    /// group of seed edges, e.g. a case). `cases[k]` is the case index of `results[k]` (−1 = not
    /// reported); pass `[]` to count each result as its own case. Adds to what is already there,
    /// so traces may arrive in batches (distinct counts are then per batch).
    ///
    /// Victims' accounts and direct receipts come from the level-1 hops (the victim payments
    /// themselves: `from` is the victim's account, `to` the first receiver).
    ///
    /// O(total hops + R log R): results are visited grouped by case, and per-account stamps
    /// count each result and each case once without sets.
    public mutating func addTraces(_ results: [TraceResult], cases: [Int32] = [], graph: TransferGraph) {
        precondition(graph.accountCount == accountCount)
        let n = accountCount
        var order = Array(results.indices)
        if !cases.isEmpty {
            precondition(cases.count == results.count)
            order.sort { (cases[$0], $0) < (cases[$1], $1) }
        }
        var seedStamp = [Int32](repeating: -1, count: n)
        var caseStamp = [Int32](repeating: -1, count: n)
        var payerStamp = [Int32](repeating: -1, count: n)
        for (k, r) in order.enumerated() {
            let stamp = Int32(k)
            let c: Int32 = cases.isEmpty ? stamp : (cases[r] >= 0 ? cases[r] : -2 - stamp)
            let countsCase = cases.isEmpty || cases[r] >= 0
            for h in results[r].hops {
                if h.level == 1, h.from >= 0, Int(h.from) < n {
                    let p = Int(h.from)
                    if payerStamp[p] != stamp { payerStamp[p] = stamp; victimPaymentsMade[p] += 1 }
                }
                let a = Int(h.to)
                guard a >= 0 else { continue }
                victimInflowFen[a] += h.amountFen
                if minTraceLevel[a] == 0 || h.level < minTraceLevel[a] { minTraceLevel[a] = h.level }
                if seedStamp[a] != stamp { seedStamp[a] = stamp; victimSeeds[a] += 1 }
                if countsCase && caseStamp[a] != c { caseStamp[a] = c; victimCases[a] += 1 }
                if h.level == 1 { directVictimPayments[a] += 1 }
            }
        }
    }

    /// Whether an account number names a payment-platform wallet: WeChat Pay ids
    /// (`…@wx.tenpay.com`) and other `user@platform` ids (Alipay logins are e-mail addresses or
    /// phone numbers written with the platform; bank cards and corporate accounts are digits).
    public static func isWalletNumber(_ number: String) -> Bool {
        number.utf8.contains(UInt8(ascii: "@"))
    }

    /// Whether the account is a registered business the trace ends at (正常商户, game-card seller,
    /// payment institution); these are sinks of fraud money, never conduits.
    @inlinable public func isRegisteredBusiness(_ a: Int) -> Bool {
        tags[a].contains(.normalMerchant) || tags[a].contains(.cardMerchant) || tags[a].contains(.paymentInstitution)
            || kinds[a] == .cardMerchant || kinds[a] == .paymentInstitution
    }

    /// Whether the account is a crypto OTC trader (tag or inferred kind).
    @inlinable public func isOTC(_ a: Int) -> Bool { tags[a].contains(.otc) || kinds[a] == .otc }

    /// Sets `kinds` from the tags (for callers without `SinkAccountInference`). O(V).
    public mutating func syncKindsWithTags() { kinds = tags.map(\.traceKind) }
}
