/// A member's place in the fraud supply chain (全链条), from first contact to the exit of money.
public enum ChainRole: String, Sendable, CaseIterable, Codable, Comparable {
    /// Core: receives the consolidated money, pays the others, holds or off-ramps the rest.
    case organizer
    /// 一级卡: receives victims' payments directly.
    case first_level
    /// 二级卡, 三级卡…: passes money on between the first level and the exit.
    case layer
    /// 跑分: a payment wallet (or its holder's card) that receives victims' payments for the group.
    case paofen
    /// Takes the money out as cash (ATM).
    case cashout
    /// 卡商: buys the point cards bought with victims' money and pays the group back.
    case card_merchant
    /// Crypto OTC trader: turns the money into USDT.
    case otc
    /// 引流: contacts victims first (SMS blasts, social adds) and hands them to the scammers.
    case drainage
    /// GOIP line: calls very many strangers briefly.
    case goip
    /// 号商: bulk IM accounts bound to a small pool of phones.
    case im_dealer
    /// 解封: helper accounts that vouch for blocked IM accounts.
    case unblocker

    /// Order of the chain stages, first contact to exit (for portraits).
    public var stage: Int {
        switch self {
        case .drainage, .goip, .im_dealer, .unblocker: 0
        case .first_level, .paofen: 1
        case .layer: 2
        case .organizer: 3
        case .cashout, .card_merchant, .otc: 4
        }
    }

    public static func < (a: ChainRole, b: ChainRole) -> Bool { (a.stage, a.rawValue) < (b.stage, b.rawValue) }
}
