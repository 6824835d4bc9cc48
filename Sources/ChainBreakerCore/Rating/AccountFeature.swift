/// The named columns of `AccountFeatures`. Values are in human units (yuan, hours, days,
/// shares in [0, 1], counts) so that rules and reasons read them directly; the trained models
/// apply `modelValue` before standardising.
public enum AccountFeature: Int, CaseIterable, Sendable, Codable {
    // Visibility
    case hasStatement            // 1 when the account's own statement is in the data
    // Volume and fan
    case inCount, outCount
    case inYuan, outYuan
    case inCounterparties, outCounterparties
    case ordinaryPayees          // distinct payees other than cash and victims' accounts
    // Pass-through (快进快出)
    case flowThrough             // min(in, out) / max(in, out)
    case dwellHours              // amount-weighted mean FIFO delay from arrival to departure (hours, ≤ 720)
    case passedWithin1h          // share of incoming money passed on within 1 h (FIFO)
    case passedWithin24h         // share of incoming money passed on within 24 h (FIFO)
    case balanceLeftAfterOut     // mean of balance-after / balance-before over outgoing transfers
    // Time
    case nightShare              // share of transfers at 00:00–06:00 Beijing time
    case activeDays              // days between the first and last transfer
    case peakDayShare            // most transfers in any 24 h window / all transfers
    // Channels and amounts
    case cashOutShare            // share of outgoing money withdrawn as cash (ATM)
    case roundAmountShare        // share of transfers in whole hundreds of yuan
    case posShare                // share of outgoing transfers that are card payments at shops (POS)
    case fraudCounterpartyShare  // share of non-cash transfers whose counterparty is a victim's account or a conduit of victim money
    case fromConduitsShare       // share of money received from conduits of victim money
    case fromDeepConduitsShare   // … from conduits past the first receivers (no victim payments received directly)
    case toConduitsShare         // share of money sent to conduits of victim money
    // Traced victim money
    case victimShare             // traced victim money received / all money received
    case victimYuan
    case victimCases
    case victimSeeds
    case traceProximity          // 1 / (fewest hops from a victim), 0 when on no traced chain
    case directVictimPayments
    case victimPaymentsMade      // the account paid victim money itself (a victim)
    case walletFirstReceiver     // 1 for a wallet receiving victims' payments directly (跑分收款码)
    case cardFirstReceiver       // 1 for a bank account receiving victims' payments directly (一级卡)
    case conduitStrength         // max(victimShare, fromConduitsShare) × min(1, out / in), with the statement only
    // Tags and kinds (kinds: tags or `SinkAccountInference`, see `RatingContext.kinds`)
    case frozenTag, fraudTag, merchantTag, paymentInstitutionKind, cardSellerKind, otcKind
    case wallet                  // a payment-platform wallet (WeChat Pay / Alipay), not a bank account
    // Links. Identity anchors: accounts tagged 涉诈账户 plus accounts a first pass rated malicious;
    // money anchors: accounts a first pass rated malicious. Frozen tags count separately
    // (`frozenLinks`): rented cards get frozen while their owners keep using them.
    case holderLinks             // other identity anchors with the same holder ID number
    case deviceLinks             // most identity anchors on one operator device shared with the account (see `updateLinks`)
    case frozenLinks             // most accounts tagged 已冻结涉诈账户 sharing a holder or one device with the account
    case deviceCoUsers           // most other accounts on one device shared with the account
    case inFromAnchorsShare      // share of money received from money anchors
    case outToAnchorsShare       // share of money sent to money anchors
    case outToAnchorsYuan
    case anchorSenders           // distinct money anchors that sent money to the account
    case anchorRecipients        // distinct money anchors the account sent money to
    case fromGroupShare          // share of money received from group members (money anchors and first receivers of victim money)
    case senderGroups            // distinct groups (connected group members, see `updateLinks`) among the group members that paid the account
    case victimsPaid             // distinct victims' accounts the account paid money to (e.g. rebates 返利)

    public static let count = allCases.count

    public var name: String { String(describing: self) }

    public init?(name: String) {
        guard let f = AccountFeature.allCases.first(where: { $0.name == name }) else { return nil }
        self = f
    }

    /// Heavy-tailed counts and amounts enter the models as log(1 + x); shares and flags as they are.
    public var isLogScaled: Bool {
        switch self {
        case .inCount, .outCount, .inYuan, .outYuan, .inCounterparties, .outCounterparties, .ordinaryPayees, .dwellHours,
             .activeDays, .victimYuan, .victimCases, .victimSeeds, .directVictimPayments, .victimPaymentsMade,
             .holderLinks, .deviceLinks, .frozenLinks, .deviceCoUsers, .outToAnchorsYuan, .anchorSenders, .anchorRecipients,
             .senderGroups, .victimsPaid:
            return true
        default:
            return false
        }
    }

    /// The value a model sees (see `isLogScaled`).
    public func modelValue(_ x: Double) -> Double {
        isLogScaled ? (x > 0 ? RatingMath.log1p(x) : 0) : x
    }

    /// The link features, recomputed by `AccountFeatures.updateLinks`.
    public static let links: [AccountFeature] = [.holderLinks, .deviceLinks, .frozenLinks, .deviceCoUsers, .inFromAnchorsShare,
                                                .outToAnchorsShare, .outToAnchorsYuan, .anchorSenders, .anchorRecipients, .fromGroupShare, .senderGroups, .victimsPaid]
}

