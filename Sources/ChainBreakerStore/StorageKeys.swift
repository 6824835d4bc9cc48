import ChainBreakerCore

/// How an account identifier maps to `account.id`, in every store.
///
/// A plain decimal number of at most 19 digits without a leading zero — every bank card and
/// nearly every account number — *is* its id: the 64-bit value reinterpreted as a signed
/// integer (`AccountCode` values below 10^19 map one to one). Interning such a number needs no
/// lookup at all, and the account table needs no index for it (SQLite finds it by rowid). Every
/// other identifier (WeChat Pay ids, numbers with a leading zero or over 19 digits) gets an id
/// from the range 10^19 − 2^64 … −2, which no number can take, through a partial unique index.
/// Both stores use it, so they give the same dense ids and the same transfer order.
public enum AccountKey {
    /// The lowest id of the range for non-numeric identifiers (= Int64(bitPattern: 10^19)).
    public static let textRangeLow: Int64 = -8_446_744_073_709_551_616
    /// The highest (−1 is left free so that `UInt64(bitPattern:)` of an id is never `UInt64.max`).
    public static let textRangeHigh: Int64 = -2
    /// The id written for "no account" (cash) in columnar transfer blocks: never an account id.
    public static let cash: Int64 = -1

    @inline(__always) public static func id(code: UInt64) -> Int64 { Int64(bitPattern: code) }

    public static func isTextID(_ id: Int64) -> Bool { id >= textRangeLow && id <= textRangeHigh }
}

extension TransferChannel {
    /// The channel a mapped dataset's channel name means (bank by default): a channel's own
    /// name, else ATM/CASH, POS/CARD, THIRD/ALIPAY, TENPAY/WECHAT, COUNTER/BRANCH anywhere in it.
    public init(datasetName raw: String) {
        if let c = TransferChannel(name: raw.lowercased()) { self = c; return }
        let s = raw.uppercased()
        if s.contains("ATM") || s.contains("CASH") { self = .atm }
        else if s.contains("POS") || s.contains("CARD") { self = .pos }
        else if s.contains("THIRD") || s.contains("ALIPAY") { self = .thirdParty }
        else if s.contains("TENPAY") || s.contains("WECHAT") { self = .tenpay }
        else if s.contains("COUNTER") || s.contains("BRANCH") { self = .counter }
        else { self = .bank }
    }
}

extension CaseReport {
    /// The identifiers a case names, as the stores keep them in `case_identifier`: (role, entity
    /// kind, value), the victim's phone and ID number included.
    public var storedIdentifiers: [(role: String, kind: String, value: String)] {
        var out: [(role: String, kind: String, value: String)] = []
        let groups: [(String, String, [String])] = [
            ("suspect_phone", "phone", suspectPhones), ("suspect_qq", "qq", suspectQQ), ("suspect_wechat", "wechat", suspectWeChat),
            ("url", "url", urls), ("app", "app", apps), ("victim_account", "account", victimAccounts),
            ("payee_account", "account", payeeAccounts),
        ]
        for (role, kind, values) in groups { for v in values { out.append((role, kind, v)) } }
        if let p = victimPhone { out.append(("victim_phone", "phone", p)) }
        if let v = victimID { out.append(("victim_id", "person", v)) }
        return out
    }

    /// Puts back one stored identifier (the inverse of `storedIdentifiers`; the victim's phone and
    /// ID number live in their own columns, so those roles are ignored here).
    public mutating func addStoredIdentifier(role: String, value: String) {
        switch role {
        case "suspect_phone": suspectPhones.append(value)
        case "suspect_qq": suspectQQ.append(value)
        case "suspect_wechat": suspectWeChat.append(value)
        case "url": urls.append(value)
        case "app": apps.append(value)
        case "victim_account": victimAccounts.append(value)
        case "payee_account": payeeAccounts.append(value)
        default: break
        }
    }
}
