/// Roles of accounts (as in truth/accounts.json).
enum Role: UInt8, CaseIterable, Sendable {
    case citizen, external, merchant, employer, utility, lender, socialSecurity, paymentInstitution, gameCardMerchant, externalCorp
    case trader, groupbuy, otc, firstLevel, layer, paofen, organizer, cashout, cardMerchant, drainage

    var name: String {
        switch self {
        case .citizen: "citizen"; case .external: "external"; case .merchant: "merchant"; case .employer: "employer"
        case .utility: "utility"; case .lender: "lender"; case .socialSecurity: "social_security"
        case .paymentInstitution: "payment_institution"; case .gameCardMerchant: "game_card_merchant"
        case .externalCorp: "external_corp"; case .trader: "trader"; case .groupbuy: "groupbuy"; case .otc: "otc"
        case .firstLevel: "first_level"; case .layer: "layer"; case .paofen: "paofen"; case .organizer: "organizer"
        case .cashout: "cashout"; case .cardMerchant: "card_merchant"; case .drainage: "drainage"
        }
    }

    /// Accounts of these roles move fraud money on (their fraud holdings are tracked in lots).
    var isMule: Bool {
        switch self {
        case .firstLevel, .layer, .paofen, .organizer, .cashout: true
        default: false
        }
    }
}

enum Label: UInt8, Sendable {
    case normal, suspicious, malicious
    var name: String { switch self { case .normal: "normal"; case .suspicious: "suspicious"; case .malicious: "malicious" } }
}

enum AccountKind: UInt8, Sendable {
    case bankCard, bankCorporate, wechatPay, wechatPayMerchant
    var name: String {
        switch self {
        case .bankCard: "bank_card"; case .bankCorporate: "bank_corporate"; case .wechatPay: "wechat_pay"
        case .wechatPayMerchant: "wechat_pay_merchant"
        }
    }
    var isBank: Bool { self == .bankCard || self == .bankCorporate }
    var isWallet: Bool { self == .wechatPay || self == .wechatPayMerchant }
}

/// What a corporate account is, for its statement vocabulary.
enum CorpKind: UInt8, Sendable {
    case none, shop, bigShop, employer, electricity, water, gas, telecom, lender, socialSecurity, tenpayClearing, alipayClearing
    case gameCard, externalCorp
}

/// A person (resident, outsider, mule holder…).
struct Person {
    var name: String
    var id: String
    var male: Bool
    var birthYear: Int, birthMonth: Int, birthDay: Int
    var phone: String
    var citizen: Bool
    var homeCity: String
    var regionCity: String        // for branch names of external persons' cards (e.g. 毕节)
    var district: Int             // citizens: 0…6; others -1
    var address: String
    var cards: [Int32] = []
    var wallet: Int32 = -1
    var qq: String? = nil
    var wechat: String? = nil
    var roles: [String] = []
    var employer: Int32 = -1      // account index of the employer
    var pension = false
    var devices: [Int32] = []     // device indices (home / mobile)
    var friends: [Int32] = []     // person indices
    var lender: Int32 = -1        // lender account of a consumer loan
    var activity: Double = 1      // personal activity multiplier
    var cryptoBuyer = false       // legitimately buys USDT from OTC traders
    var gamer = false             // legitimately buys game points

    func age(atYear y: Int) -> Int { y - birthYear }
}

/// An account of the city: a bank card, a corporate account or a WeChat Pay id.
struct Account {
    var id: String                // card number / account number / …@wx.tenpay.com
    var accountNo: String          // 交易账号 (equals id for corporates and some banks; empty for wallets)
    var kind: AccountKind
    var bank: Int                 // bank index; -1 for wallets
    var holderName: String
    var holder: Int32             // person index; -1 for companies
    var role: Role
    var label: Label = .normal
    var gang: Int = -1
    var gangs: [Int] = []
    var branchCity: String = "江城"
    var corp: CorpKind = .none
    /// Guarded accounts never go below zero: spending that the balance does not cover is skipped
    /// or recorded as a failed attempt. Institutions and outsiders are unguarded (never shown).
    var guarded = true
    var initialBalance: Int64 = 0
    var product: String = ""      // game-card merchants: the point-card product words
}

/// A device that initiates electronic transactions (IP + MAC as the bank logs them).
struct Device {
    var ip: String
    var mac: [UInt8]?             // nil = the device reports nothing
    var placeholder = false       // reports 02:00:00:00:00:00 / 00:00:00:00:00:00
}
