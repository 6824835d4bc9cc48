/// Watch-list labels of an account (`tags.csv`), as a bit set.
public struct AccountTags: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 已冻结涉诈账户: frozen in an earlier fraud case.
    public static let frozenFraud = AccountTags(rawValue: 1 << 0)
    /// 涉诈账户 / 涉诈账号: reported as used for fraud.
    public static let fraudTagged = AccountTags(rawValue: 1 << 1)
    /// 正常商户: registered merchant.
    public static let normalMerchant = AccountTags(rawValue: 1 << 2)
    /// 支付机构: payment institution clearing account.
    public static let paymentInstitution = AccountTags(rawValue: 1 << 3)
    /// 游戏点卡商户: game / gift card seller.
    public static let cardMerchant = AccountTags(rawValue: 1 << 4)
    /// 虚拟币场外商: crypto OTC trader.
    public static let otc = AccountTags(rawValue: 1 << 5)

    /// Labels that say the account was already caught in fraud.
    public static let fraudLabels: AccountTags = [.frozenFraud, .fraudTagged]
    /// Registered businesses whose kind says nothing about fraud (the money through them decides).
    public static let businessKinds: AccountTags = [.normalMerchant, .paymentInstitution, .cardMerchant, .otc]

    /// The tag of a `tags.csv` label (标签), or nil for a label that is not about accounts.
    public init?(label: String) {
        switch label {
        case "已冻结涉诈账户": self = .frozenFraud
        case "涉诈账户", "涉诈账号", "涉诈银行卡": self = .fraudTagged
        case "正常商户": self = .normalMerchant
        case "支付机构": self = .paymentInstitution
        case "游戏点卡商户": self = .cardMerchant
        case "虚拟币场外商": self = .otc
        default: return nil
        }
    }

    /// Chinese labels of the set bits, in bit order.
    public var labels: [String] {
        var out: [String] = []
        if contains(.frozenFraud) { out.append("已冻结涉诈账户") }
        if contains(.fraudTagged) { out.append("涉诈账户") }
        if contains(.normalMerchant) { out.append("正常商户") }
        if contains(.paymentInstitution) { out.append("支付机构") }
        if contains(.cardMerchant) { out.append("游戏点卡商户") }
        if contains(.otc) { out.append("虚拟币场外商") }
        return out
    }

    /// How the fund tracer should treat the account (stop at card sellers, OTC traders, payment institutions).
    public var traceKind: TraceAccountKind {
        if contains(.paymentInstitution) { return .paymentInstitution }
        if contains(.otc) { return .otc }
        if contains(.cardMerchant) { return .cardMerchant }
        return .ordinary
    }
}
