/// What the engine knows before the stream, per dense id (filled by the adapter when it interns
/// an identifier, from the `RiskIndex` built as of the stream's start): since when each phone,
/// account, app and site is flagged (a fraud tag or rating: from the start; a reported case's
/// suspect identifier or payee: from its 报案时间), the account's level, phones whose tag says
/// they are a known benign mass caller (快递员, 营销号码…), and an account's owner phone where the
/// store gives it (a case's victim accounts and victim phone).
public struct WarningKnowledge: Sendable {
    public var phoneFlag: [Int64] = []
    public var phoneBenign: [Bool] = []
    public var accountFlag: [Int64] = []
    public var accountLevel: [RiskLevel] = []
    public var accountOwner: [Int32] = []
    /// The account's holder (an interned ID number, -1 unknown): money between two accounts of
    /// one holder is the holder's own, never a payment to a stranger.
    public var accountHolder: [Int32] = []
    /// The store held the account before the stream (in a statement, a payment record or as a
    /// counterparty); false = first seen in the stream.
    public var accountKnown: [Bool] = []
    /// A person's account (a card or a wallet, `Normalize.isPersonalAccount`); false = a corporate
    /// account (merchant, employer, lender, trading company), which is not a rented card.
    public var accountPersonal: [Bool] = []
    public var appFlag: [Int64] = []
    public var siteFlag: [Int64] = []
    /// Since when a reported case names the APP / site (its earliest 报案时间; `.max` never): a
    /// tag a case confirms is not doubted for its common use (`WarningEngine.Config.rushPlain`).
    public var appNamed: [Int64] = []
    public var siteNamed: [Int64] = []
    /// How each flag counts, per id: bit `strong` (a fraud tag, a malicious rating, a suspect's
    /// phone or site a victim reported: warn on it alone) and bit `demotable` (known only from
    /// cases: ignored once the stream shows the identifier in common use, as for a meeting APP a
    /// scammer told a victim to install, or a game-card shop victims paid).
    public var phoneMode: [UInt8] = [], accountMode: [UInt8] = [], appMode: [UInt8] = [], siteMode: [UInt8] = []
    public static let strong: UInt8 = 1, demotable: UInt8 = 2

    /// Why an id is flagged, keyed `kind << 32 | id` (kinds: 1 phone, 2 account, 3 app, 4 site).
    public var why: [UInt64: String] = [:]

    public init() {}

    public enum Kind: UInt64, Sendable { case phone = 1, account = 2, app = 3, site = 4 }

    @inline(__always) static func grow<T>(_ a: inout [T], _ id: Int32, _ fill: T) {
        let n = Int(id) + 1
        if a.count < n { a.append(contentsOf: repeatElement(fill, count: n - a.count)) }
    }

    public mutating func ensurePhone(_ id: Int32) { WarningKnowledge.grow(&phoneFlag, id, .max); WarningKnowledge.grow(&phoneBenign, id, false); WarningKnowledge.grow(&phoneMode, id, 0) }
    public mutating func ensureAccount(_ id: Int32) {
        WarningKnowledge.grow(&accountFlag, id, .max); WarningKnowledge.grow(&accountLevel, id, .normal); WarningKnowledge.grow(&accountOwner, id, -1); WarningKnowledge.grow(&accountMode, id, 0)
        WarningKnowledge.grow(&accountHolder, id, -1); WarningKnowledge.grow(&accountKnown, id, false)
        WarningKnowledge.grow(&accountPersonal, id, true)
    }
    public mutating func ensureApp(_ id: Int32) {
        WarningKnowledge.grow(&appFlag, id, .max); WarningKnowledge.grow(&appMode, id, 0); WarningKnowledge.grow(&appNamed, id, .max)
    }
    public mutating func ensureSite(_ id: Int32) {
        WarningKnowledge.grow(&siteFlag, id, .max); WarningKnowledge.grow(&siteMode, id, 0); WarningKnowledge.grow(&siteNamed, id, .max)
    }

    /// Both accounts have a known holder and it is the same person.
    @inline(__always) public func sameHolder(_ a: Int32, _ b: Int32) -> Bool {
        let h = accountHolder[Int(a)]
        return h >= 0 && h == accountHolder[Int(b)]
    }

    public func reason(_ kind: Kind, _ id: Int32) -> String? { why[kind.rawValue << 32 | UInt64(UInt32(bitPattern: id))] }
    public mutating func setReason(_ kind: Kind, _ id: Int32, _ text: String) { why[kind.rawValue << 32 | UInt64(UInt32(bitPattern: id))] = text }
}
