/// Decides which accounts end a trace because money leaves the traceable banking system there:
/// game / gift-card sellers (卡商 buy point cards with it), crypto OTC traders (场外商) and payment
/// institutions (第三方支付 clearing accounts).
///
/// Evidence, strongest first:
/// 1. Watch-list tags: `游戏点卡商户`, `虚拟币场外商`, `支付机构` (and close synonyms).
/// 2. The same holder: a card of a person who holds a tagged OTC card is an OTC card too (OTC
///    traders spread their business over several cards; tags usually name only some of them).
/// 3. What payers wrote: an account where at least `minimumSummaryHits` received transfers, and
///    at least `minimumSummaryShare` of those with a 摘要, name point or gift cards
///    (腾讯Q币, 京东E卡, 骏网一卡通 …) sells cards; likewise for payment-platform top-ups.
///
/// O(tags + summaries + accounts).
public struct SinkAccountInference: Sendable {
    public var minimumSummaryHits = 3
    public var minimumSummaryShare = 0.6

    public init() {}

    public enum Evidence: Sendable, Equatable {
        case tag(String)
        case sameHolder(Int32)
        case summaries(hits: Int, of: Int)
        /// Traced money is a small share of a busy account's turnover (see `dissolving`).
        case dissolves(payers: Int, payees: Int, tracedShare: Double)
        /// Pays many accounts in whole hundreds of yuan, as a currency dealer does (see `dissolving`).
        case roundDealer(payees: Int, roundShare: Double, tracedShare: Double)
    }

    /// A busy account — at least `minimumPayers` distinct payers and `minimumPayees` distinct
    /// payees — where the traced money is under `maximumTracedShare` of everything it received is
    /// a business the money dissolves into (in this domain: a crypto OTC trader selling USDT to
    /// many buyers, or a card seller): following it further would attribute unrelated customers'
    /// business to the victims, so the trace ends there as `otc`.
    public var minimumPayers = 5
    public var minimumPayees = 10
    public var maximumTracedShare = 0.1
    /// A dealer: at least `minimumDealerPayees` payees in at least `minimumDealerPayments`
    /// payments, and at least `dealerRoundShare` of the money it pays to accounts in whole
    /// hundreds of yuan (fewer payees than a busy business needs: where statements show only a
    /// part of a dealer's trade, five counterparties all paid in round sums already tell it). Crypto OTC traders (U商) trade in round sums
    /// with buyers and sellers and shuffle round sums between their own cards; launderers split
    /// money into odd amounts (the mule cards of the sample and generated cities pay at most 72%
    /// round). How much victims' money it received does not matter: victims told to buy USDT pay
    /// a dealer directly.
    public var dealerRoundShare = 0.9
    public var minimumDealerPayees = 5
    public var minimumDealerPayments = 8

    /// Ordinary accounts that traced money dissolves into, given the traced inflow per account
    /// (from a first trace of every case). O(V + E) with a per-account mark array.
    /// `paidByVictims` marks accounts that received victims' payments directly: a rented card
    /// (一级卡) whose owner lives a busy life is not a business the money dissolves into (a dealer
    /// that victims paid directly is still found by its round sums).
    public func dissolving(graph g: TransferGraph, kinds: [TraceAccountKind], tracedIn: [Int64], paidByVictims: [Bool]? = nil) -> [(Int32, Evidence)] {
        var out: [(Int32, Evidence)] = []
        var mark = [Int32](repeating: -1, count: g.accountCount)
        for a in 0..<g.accountCount where tracedIn[a] > 0 && kinds[a] == .ordinary {
            var payers = 0, payees = 0
            var received: Int64 = 0
            for e in g.incoming(a) {
                let i = Int(e); received += g.amountFen[i]
                let f = Int(g.from[i]); if f >= 0 && mark[f] != Int32(a) { mark[f] = Int32(a); payers += 1 }
            }
            var paid: Int64 = 0, round: Int64 = 0, payments = 0
            for e in g.outgoing(a) {
                let i = Int(e), t = Int(g.to[i])
                guard t >= 0 else { continue }
                paid += g.amountFen[i]; payments += 1
                if g.amountFen[i] % 10_000 == 0 { round += g.amountFen[i] }
                if mark[t] != Int32(-2 - a) { mark[t] = Int32(-2 - a); payees += 1 }
            }
            guard payees >= min(minimumPayees, minimumDealerPayees) else { continue }
            let share = Double(tracedIn[a]) / Double(max(1, received))
            let roundShare = Double(round) / Double(max(1, paid))
            if payees >= minimumPayees && payers >= minimumPayers && share < maximumTracedShare && paidByVictims?[a] != true {
                out.append((Int32(a), .dissolves(payers: payers, payees: payees, tracedShare: share)))
            } else if roundShare >= dealerRoundShare && payees >= minimumDealerPayees && payments >= minimumDealerPayments {
                out.append((Int32(a), .roundDealer(payees: payees, roundShare: roundShare, tracedShare: share)))
            }
        }
        return out
    }

    public static func kind(ofTag label: String) -> TraceAccountKind? {
        if label.contains("点卡") || label.contains("卡商") || label.contains("礼品卡") { return .cardMerchant }
        if label.contains("场外") || label.contains("虚拟币") || label.contains("USDT") || label.contains("OTC") { return .otc }
        if label.contains("支付机构") || label.contains("第三方支付") { return .paymentInstitution }
        return nil
    }

    /// Whether a 摘要 names a point, game or gift card purchase (byte search, no grapheme walk).
    public static func namesPointCards(_ s: String) -> Bool {
        s.containsBytes("Q币") || s.containsBytes("q币") || s.containsBytes("点卡") || s.containsBytes("点券")
            || s.containsBytes("一卡通") || s.containsBytes("E卡") || s.containsBytes("e卡") || s.containsBytes("礼品卡")
            || s.containsBytes("购物卡") || s.containsBytes("游戏币") || s.containsBytes("充值卡") || s.containsBytes("储值卡")
    }

    /// Whether a 摘要 names a top-up through a payment platform (not a withdrawal from one).
    public static func namesPaymentPlatform(_ s: String) -> Bool {
        guard !s.containsBytes("提现") else { return false }
        return s.containsBytes("快捷支付") || s.containsBytes("支付宝") || s.containsBytes("财付通") || s.containsBytes("微信支付")
            || s.containsBytes("微信零钱") || s.containsBytes("银联在线") || s.containsBytes("云闪付")
    }

    /// Kinds per account (`count` accounts) and the evidence for each non-ordinary one.
    public func infer(count: Int, tags: [(account: Int32, label: String)],
                      incomingSummaries: [(account: Int32, summary: String, count: Int)],
                      holderID: [String?]) -> (kinds: [TraceAccountKind], evidence: [Int32: Evidence]) {
        var kinds = [TraceAccountKind](repeating: .ordinary, count: count)
        var evidence: [Int32: Evidence] = [:]
        for (a, label) in tags {
            guard let k = SinkAccountInference.kind(ofTag: label), Int(a) < count else { continue }
            kinds[Int(a)] = k; evidence[a] = .tag(label)
        }
        // Same holder as a tagged OTC trader or card seller.
        var holderKind: [String: (TraceAccountKind, Int32)] = [:]
        for (a, e) in evidence.sorted(by: { $0.key < $1.key }) {
            guard case .tag = e, kinds[Int(a)] != .paymentInstitution, let h = holderID[Int(a)], !h.isEmpty else { continue }
            if holderKind[h] == nil { holderKind[h] = (kinds[Int(a)], a) }
        }
        if !holderKind.isEmpty {
            for a in 0..<count where kinds[a] == .ordinary {
                if let h = holderID[a], let (k, source) = holderKind[h] { kinds[a] = k; evidence[Int32(a)] = .sameHolder(source) }
            }
        }
        // Summaries.
        var cards = [Int32: (hits: Int, total: Int)](), platforms = [Int32: (hits: Int, total: Int)]()
        var seen: [String: (Bool, Bool)] = [:]   // a few hundred distinct 摘要 in a whole city
        for (a, s, n) in incomingSummaries where Int(a) < count && kinds[Int(a)] == .ordinary {
            let flags: (Bool, Bool)
            if let f = seen[s] { flags = f } else {
                flags = (SinkAccountInference.namesPointCards(s), SinkAccountInference.namesPaymentPlatform(s)); seen[s] = flags
            }
            let (c, p) = flags
            cards[a, default: (0, 0)].total += n
            platforms[a, default: (0, 0)].total += n
            if c { cards[a]!.hits += n }
            if p { platforms[a]!.hits += n }
        }
        for (a, v) in cards.sorted(by: { $0.key < $1.key }) where qualifies(v) {
            kinds[Int(a)] = .cardMerchant; evidence[a] = .summaries(hits: v.hits, of: v.total)
        }
        for (a, v) in platforms.sorted(by: { $0.key < $1.key }) where kinds[Int(a)] == .ordinary && qualifies(v) {
            kinds[Int(a)] = .paymentInstitution; evidence[a] = .summaries(hits: v.hits, of: v.total)
        }
        return (kinds, evidence)
    }

    func qualifies(_ v: (hits: Int, total: Int)) -> Bool {
        v.hits >= minimumSummaryHits && Double(v.hits) >= minimumSummaryShare * Double(v.total)
    }
}
