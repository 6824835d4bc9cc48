/// What kind of identifier links two cases, and how far it is trusted.
///
/// Identifiers are written `kind:value` (`qq:12345`, `phone:13800138000`, `account:6222…`), the
/// value canonical (`Normalize`): two spellings of one identifier are one identifier.
public enum LinkKind: String, Sendable, CaseIterable, Codable, Comparable {
    /// A suspect's phone (嫌疑人电话, or a phone in the narrative).
    case phone
    /// A suspect's QQ number.
    case qq
    /// A suspect's WeChat id.
    case wechat
    /// A web site: the registrable domain, or `ip:port` (`NormalizedURL.key`).
    case url
    /// An account the victim paid (收款账号, or an account in the narrative).
    case account
    /// An account the victims' money reached within k hops (from the trace; level 2…k).
    case flow
    /// An APP / platform name. Names are not unique: unrelated groups run fake platforms with the
    /// same name and send victims to the same legitimate tools.
    case app
    /// The phone a suspect QQ / WeChat account was registered with (im_accounts.csv): a
    /// bulk-registration pool (号商) may serve several groups.
    case im_phone
    /// A QQ that vouched for a suspect account's unblock (im_unblocks.csv): helpers are paid by
    /// anyone.
    case im_helper

    /// How much a shared identifier of this kind proves.
    public var tier: LinkTier {
        switch self {
        case .phone, .qq, .wechat, .url, .account: .stated
        case .flow: .flow
        case .app, .im_phone, .im_helper: .weak
        }
    }

    public static func < (a: LinkKind, b: LinkKind) -> Bool { a.order < b.order }
    var order: Int { LinkKind.allCases.firstIndex(of: self)! }
}

/// Trust classes of identifiers, used in this order by `CaseLinker`.
public enum LinkTier: Int, Sendable, Comparable {
    /// Identifiers the victims name (phones, QQ, WeChat, sites, receiving accounts): they belong to
    /// one group, so sharing one is direct evidence.
    case stated = 0
    /// Accounts the money reached: mule layers and organizers are a group's own, but busy
    /// businesses the mules spend at are not, so a flow account joins two groups of cases only when
    /// most of each group's cases reached it.
    case flow = 1
    /// Names and IM registration data that unrelated groups share: they attach cases that nothing
    /// else links, and never join two groups that stronger evidence formed.
    case weak = 2

    public static func < (a: LinkTier, b: LinkTier) -> Bool { a.rawValue < b.rawValue }
}

/// One identifier: kind and canonical value.
public struct LinkIdentifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: LinkKind
    public var value: String
    public init(_ kind: LinkKind, _ value: String) { self.kind = kind; self.value = value }
    /// `kind:value`.
    public var description: String { kind.rawValue + ":" + value }
    public static func < (a: LinkIdentifier, b: LinkIdentifier) -> Bool { (a.kind, a.value) < (b.kind, b.value) }
}
