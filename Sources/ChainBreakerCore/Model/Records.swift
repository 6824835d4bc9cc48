/// Typed records, one per accepted input row. Identifiers are canonical (normalised) strings;
/// money is `Money` (fen); times are `Instant` (UTC).

/// Direction of a statement row as seen by the statement's own account.
public enum Direction: UInt8, Sendable, Codable { case credit = 1, debit = 2 } // in (进/贷/入), out (出/借)

/// Where a statement row came from.
public enum EntrySource: UInt8, Sendable, Codable { case bank = 1, tenpay = 2 }

/// One row of a bank statement (调单) or WeChat Pay (TENPAY) file, before deduplication.
public struct StatementEntry: Sendable, Equatable {
    public var source: EntrySource
    public var line: Int
    /// The requested account: card number, corporate account number, or `…@wx.tenpay.com`.
    public var account: String
    /// Bank-internal account number (交易账号) when it differs from the card number.
    public var accountNumber: String?
    public var holderName: String?
    public var holderID: String?
    public var time: Instant
    /// Positive amount; `direction` says which way it moved.
    public var amount: Money
    public var direction: Direction
    public var balance: Money?
    /// Counterparty account; nil for cash (ATM) rows and TENPAY top-ups/withdrawals without one.
    public var counterparty: String?
    public var counterpartyName: String?
    public var counterpartyID: String?
    public var counterpartyBank: String?
    public var summary: String?
    public var currency: String?
    public var channel: String?
    public var succeeded: Bool
    public var ip: String?
    public var mac: String?
    public var serial: String?
    public var remark: String?
    /// TENPAY only: the user's own bank card that funded, received or paid this row (用户银行卡号).
    public var userCard: String?
    /// TENPAY only: the counterparty card of a withdrawal (对手方银行卡号).
    public var counterpartyCard: String?
    /// TENPAY only: 交易业务类型.
    public var businessType: String?

    public init(source: EntrySource, line: Int, account: String, time: Instant, amount: Money, direction: Direction, succeeded: Bool = true) {
        self.source = source; self.line = line; self.account = account; self.time = time
        self.amount = amount; self.direction = direction; self.succeeded = succeeded
    }
}

/// Kinds of a deduplicated money movement.
public enum TransferChannel: UInt8, Sendable, Codable, CaseIterable {
    case bank = 1, pos = 2, atm = 3, tenpay = 4, thirdParty = 5, counter = 6, other = 7

    public var name: String {
        switch self {
        case .bank: "bank"; case .pos: "pos"; case .atm: "atm"; case .tenpay: "tenpay"
        case .thirdParty: "third_party"; case .counter: "counter"; case .other: "other"
        }
    }

    public init?(name: String) {
        guard let c = TransferChannel.allCases.first(where: { $0.name == name }) else { return nil }
        self = c
    }
}

/// One money movement after deduplication: counted once even when both parties' statements
/// show it. `to == nil` is a cash withdrawal; `from == nil` a cash deposit.
public struct Transfer: Sendable, Equatable {
    public var from: String?
    public var to: String?
    public var amount: Money
    public var time: Instant
    public var channel: TransferChannel
    public var summary: String?
    /// The bank card that funded a WeChat Pay payment, when known.
    public var funding: String?
    /// Serial or order number of the first row that showed it (bank serial / TENPAY 交易单号 / dataset id).
    public var reference: String?

    public init(from: String?, to: String?, amount: Money, time: Instant, channel: TransferChannel,
                summary: String? = nil, funding: String? = nil, reference: String? = nil) {
        self.from = from; self.to = to; self.amount = amount; self.time = time; self.channel = channel
        self.summary = summary; self.funding = funding; self.reference = reference
    }
}

/// A reported case (警情).
public struct CaseReport: Sendable, Equatable {
    public var id: String
    public var line: Int
    public var reportedAt: Instant
    public var occurredAt: Instant?
    public var victimName: String?
    public var victimID: String?
    public var victimPhone: String?
    public var victimGender: String?
    public var victimAge: Int?
    public var fraudType: String?
    /// Set when `fraudType` was predicted by the classifier (`chainbreaker classify`), not given
    /// by the case file: the prediction's confidence.
    public var fraudTypeConfidence: Double?
    public var narrative: String
    public var loss: Money
    public var channel: String?
    public var suspectPhones: [String] = []
    public var suspectQQ: [String] = []
    public var suspectWeChat: [String] = []
    public var urls: [String] = []
    public var apps: [String] = []
    public var victimAccounts: [String] = []
    public var payeeAccounts: [String] = []

    public init(id: String, line: Int, reportedAt: Instant, narrative: String, loss: Money) {
        self.id = id; self.line = line; self.reportedAt = reportedAt; self.narrative = narrative; self.loss = loss
    }
}

public enum CallType: UInt8, Sendable, Codable { case voice = 1, sms = 2 }

/// A call or SMS detail record (话单).
public struct CallRecord: Sendable, Equatable {
    public var caller: String
    public var callee: String
    public var type: CallType
    public var time: Instant
    public var duration: Int
    public init(caller: String, callee: String, type: CallType, time: Instant, duration: Int) {
        self.caller = caller; self.callee = callee; self.type = type; self.time = time; self.duration = duration
    }
}

public enum IMPlatform: String, Sendable, Codable { case qq = "QQ", wechat = "微信" }

/// A QQ / WeChat registration record.
public struct IMAccountRecord: Sendable, Equatable {
    public var platform: IMPlatform
    public var account: String
    public var phone: String?
    public var registeredAt: Instant?
    public var ip: String?
    public init(platform: IMPlatform, account: String, phone: String?, registeredAt: Instant?, ip: String?) {
        self.platform = platform; self.account = account; self.phone = phone; self.registeredAt = registeredAt; self.ip = ip
    }
}

/// A QQ / WeChat unblock (解封) event.
public struct IMUnblockRecord: Sendable, Equatable {
    public var platform: IMPlatform
    public var account: String
    public var time: Instant
    public var method: String
    public var helpers: [String]
    public init(platform: IMPlatform, account: String, time: Instant, method: String, helpers: [String]) {
        self.platform = platform; self.account = account; self.time = time; self.method = method; self.helpers = helpers
    }
}

/// An e-commerce order / waybill.
public struct OrderRecord: Sendable, Equatable {
    public var waybill: String
    public var time: Instant
    public var recipientName: String?
    /// Canonical phone, or the masked form as given (`138****5678`).
    public var recipientPhone: String?
    public var address: String?
    public var merchant: String
    public var warehouse: String
    public var courier: String
    public init(waybill: String, time: Instant, recipientName: String?, recipientPhone: String?, address: String?, merchant: String, warehouse: String, courier: String) {
        self.waybill = waybill; self.time = time; self.recipientName = recipientName; self.recipientPhone = recipientPhone
        self.address = address; self.merchant = merchant; self.warehouse = warehouse; self.courier = courier
    }
}

/// A known label on an entity (partial prior knowledge).
public struct TagRecord: Sendable, Equatable {
    public var kind: String   // account, phone, qq, wechat, url, app
    public var value: String  // canonical identifier
    public var label: String
    public var source: String?
    public init(kind: String, value: String, label: String, source: String?) {
        self.kind = kind; self.value = value; self.label = label; self.source = source
    }
}

public enum EventType: UInt8, Sendable, Codable, CaseIterable {
    case call = 1, sms = 2, transfer = 3, appInstall = 4, urlVisit = 5
    public var name: String {
        switch self { case .call: "call"; case .sms: "sms"; case .transfer: "transfer"; case .appInstall: "app_install"; case .urlVisit: "url_visit" }
    }
}

/// One real-time event. `subject`/`object` hold from/to (call, sms, transfer) or phone/app|url.
public struct EventRecord: Sendable, Equatable {
    public var type: EventType
    public var time: Instant
    public var subject: String?
    public var object: String?
    public var amount: Money?
    public var duration: Int?
    public var channel: String?
    public var funding: String?
    public init(type: EventType, time: Instant, subject: String?, object: String?, amount: Money? = nil, duration: Int? = nil, channel: String? = nil, funding: String? = nil) {
        self.type = type; self.time = time; self.subject = subject; self.object = object
        self.amount = amount; self.duration = duration; self.channel = channel; self.funding = funding
    }
}
