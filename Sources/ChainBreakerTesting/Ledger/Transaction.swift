/// What a money movement is; decides the statement vocabulary (摘要说明, 交易网点名称) and channel.
enum TxKind: UInt8, Sendable {
    case transfer        // personal bank transfer (electronic)
    case salary          // employer → card (代发工资)
    case pension         // social security → card
    case pos             // card → shop (POS)
    case alipay          // card → Alipay clearing account
    case bill            // card → utility (代扣)
    case loanGrant       // lender → card
    case loanRepay       // card → lender
    case atm             // card → cash
    case gameCard        // card → game/gift-card seller
    case business        // 货款 / 往来款 between companies and traders
    case tenpay          // wallet → wallet (optionally funded by a card)
    case tenpayTopUp     // card → own wallet (充值)
    case tenpayWithdraw  // wallet → own card (提现)

    var isTenpay: Bool { self == .tenpay || self == .tenpayTopUp || self == .tenpayWithdraw }

    /// Event-stream channel.
    var channel: String {
        switch self {
        case .pos: "pos"
        case .atm: "atm"
        case .tenpay, .tenpayTopUp, .tenpayWithdraw: "tenpay"
        default: "bank"
        }
    }

    /// Whether the payer initiated it electronically (the row then carries IP/MAC).
    var electronic: Bool {
        switch self {
        case .transfer, .alipay, .gameCard, .tenpay, .tenpayTopUp, .loanRepay: true
        default: false
        }
    }
}

/// WeChat Pay business type of a wallet-to-wallet payment.
enum TenpayBiz: UInt8, Sendable {
    case transfer, redPacket, qrPay
}

/// One money movement (normal life or planned by the fraud simulation). 48 bytes.
struct Tx {
    var time: Int64
    var amount: Int64
    var from: Int32
    var to: Int32             // -1 = cash (ATM)
    var funding: Int32 = -1   // tenpay: the card that funded it / top-up card / withdrawal card
    var device: Int32 = -1    // initiating device; -1 = the payer's own
    var seq: UInt32 = 0       // tie-break within a second (generation order)
    var kind: TxKind
    var biz: TenpayBiz = .transfer
    var flags: UInt8 = 0
    var remark: UInt8 = 0     // index into Vocabulary.remarks (0 = none)

    static let failed: UInt8 = 1
    static let fraudDebit: UInt8 = 2      // payer's fraud holdings go down
    static let fraudCredit: UInt8 = 4     // payee's fraud holdings go up
    static let releaseReserve: UInt8 = 8  // a victim payment: uses money reserved for it
    static let planned: UInt8 = 16        // from the fraud plan: never skipped
    static let fraud: UInt8 = 32          // part of a fraud chain (for counts)

    @inline(__always) func has(_ f: UInt8) -> Bool { flags & f != 0 }
}
