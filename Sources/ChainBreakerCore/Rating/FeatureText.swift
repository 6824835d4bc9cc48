/// One sentence per feature, quoting the account's value, for the reasons of trained models.
/// Returns nil for a feature whose value says nothing worth reading (e.g. a zero count). Money
/// is quoted from the exact fen columns of `AccountFeatures`.
enum FeatureText {
    static func describe(_ k: AccountFeature, _ a: Int, _ f: AccountFeatures) -> String? {
        let v = f[a, k]
        let pct = RatingText.percent
        func n(_ x: Double, _ one: String, _ many: String) -> String { RatingText.count(x, one, many) }
        switch k {
        case .hasStatement: return v > 0 ? "its statement (调单) is in the data" : "its statement was not requested (only transfers with requested accounts are visible)"
        case .inCount: return "received \(n(v, "transfer", "transfers"))"
        case .outCount: return "made \(n(v, "transfer", "transfers"))"
        case .inYuan: return "received \(RatingText.yuan(fen: f.inFen[a])) in all"
        case .outYuan: return "sent \(RatingText.yuan(fen: f.outFen[a])) in all"
        case .inCounterparties: return "received money from \(n(v, "account", "accounts"))"
        case .outCounterparties: return "sent money to \(n(v, "account", "accounts"))"
        case .ordinaryPayees: return "paid \(n(v, "account", "accounts")) other than victims"
        case .flowThrough: return "passed on \(pct(v)) of the money it handled (out/in)"
        case .dwellHours: return v >= 720 ? "kept incoming money (nothing passed on within 30 days)" : "money stayed \(RatingText.duration(hours: v)) on average before leaving (FIFO)"
        case .passedWithin1h: return "passed on \(pct(v)) of incoming money within 1 hour (快进快出)"
        case .passedWithin24h: return "passed on \(pct(v)) of incoming money within 24 hours (快进快出)"
        case .balanceLeftAfterOut: return "kept \(pct(v)) of its balance after each payment on average"
        case .nightShare: return "\(pct(v)) of its transfers at 00:00–06:00 Beijing time"
        case .activeDays: return "active over \(Int(v.rounded())) days"
        case .peakDayShare: return "\(pct(v)) of its transfers within one 24-hour window"
        case .cashOutShare: return "withdrew \(pct(v)) of its outflow as cash (ATM 取现)"
        case .roundAmountShare: return "\(pct(v)) of its transfers in whole hundreds of yuan"
        case .posShare: return "\(pct(v)) of its payments are card payments at shops (POS)"
        case .fraudCounterpartyShare: return "\(pct(v)) of its transfers are with victims' accounts or conduits of victim money"
        case .fromConduitsShare: return "received \(pct(v)) of its money from conduits of victim money"
        case .fromDeepConduitsShare: return "received \(pct(v)) of its money from laundering accounts past the first receivers"
        case .toConduitsShare: return "sent \(pct(v)) of its money to conduits of victim money"
        case .victimShare: return "traced victim money is \(pct(v)) of its inflow"
        case .victimYuan: return "received \(RatingText.yuan(fen: f.victimFen[a])) of traced victim money" + (f[a, .victimCases] > 0 ? " from \(n(f[a, .victimCases], "case", "cases"))" : "")
        case .victimCases: return v > 0 ? "received victim money from \(n(v, "case", "cases"))" : nil
        case .victimSeeds: return v > 0 ? "received money of \(n(v, "traced victim payment", "traced victim payments"))" : nil
        case .traceProximity: return v > 0 ? "\(Int((1 / v).rounded())) hop\(v == 1 ? "" : "s") from the victims on traced chains" : nil
        case .directVictimPayments: return v > 0 ? "received \(n(v, "victim payment", "victim payments")) directly" : nil
        case .walletFirstReceiver: return v > 0 ? "a wallet receiving victims' payments directly (跑分收款码)" : nil
        case .cardFirstReceiver: return v > 0 ? "a bank card receiving victims' payments directly (一级卡)" : nil
        case .conduitStrength: return v > 0 ? "a conduit: fraud money is \(pct(max(f[a, .victimShare], f[a, .fromConduitsShare]))) of its inflow and it passed on \(pct(min(1, f[a, .outYuan] / max(1, f[a, .inYuan])))) of what it received" : nil
        case .victimPaymentsMade: return v > 0 ? "made \(n(v, "traced victim payment", "traced victim payments")) (受害人账户)" : nil
        case .frozenTag: return v > 0 ? "tagged 已冻结涉诈账户 (frozen in an earlier fraud case)" : nil
        case .fraudTag: return v > 0 ? "tagged 涉诈账户" : nil
        case .merchantTag: return v > 0 ? "registered 正常商户" : nil
        case .paymentInstitutionKind: return v > 0 ? "a payment institution (支付机构)" : nil
        case .cardSellerKind: return v > 0 ? "a game / gift card seller (游戏点卡商户)" : nil
        case .otcKind: return v > 0 ? "a crypto OTC trader (虚拟币场外商)" : nil
        case .wallet: return v > 0 ? "a payment-platform wallet (微信/支付宝)" : "a bank account"
        case .holderLinks: return v > 0 ? "same holder ID number as \(n(v, "account", "accounts")) rated malicious or tagged 涉诈" : nil
        case .deviceLinks: return v > 0 ? "shares a login device (IP/MAC) with \(n(v, "account", "accounts")) rated malicious or tagged 涉诈" : nil
        case .frozenLinks: return f.frozenLinkReason(a)
        case .deviceCoUsers: return v > 0 ? "a login device it uses is shared by \(n(v, "other account", "other accounts"))" : nil
        case .inFromAnchorsShare: return "received \(pct(v)) of its money from accounts rated malicious"
        case .outToAnchorsShare: return "sent \(pct(v)) of its money to accounts rated malicious"
        case .outToAnchorsYuan: return v > 0 ? "sent \(RatingText.yuan(fen: f.outToAnchorsFen[a])) to accounts rated malicious" : nil
        case .anchorSenders: return v > 0 ? "paid by \(n(v, "account", "accounts")) rated malicious" : nil
        case .anchorRecipients: return v > 0 ? "paid \(n(v, "account", "accounts")) rated malicious" : nil
        case .fromGroupShare: return "received \(pct(v)) of its money from fraud groups' accounts"
        case .senderGroups: return v > 0 ? "paid by accounts of \(n(v, "fraud group", "fraud groups"))" : nil
        case .victimsPaid: return v > 0 ? "paid money to \(n(v, "victim", "victims")) of reported cases" : nil
        }
    }
}
