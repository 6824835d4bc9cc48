/// An identifier the risk query answers for: a kind and its canonical value (`phone:13800138000`).
public struct RiskEntity: Hashable, Sendable, CustomStringConvertible {
    public var kind: EntityKind
    /// Canonical form (`Normalize.entity`).
    public var value: String

    /// `kind` and an already canonical `value`.
    public init(_ kind: EntityKind, _ value: String) { self.kind = kind; self.value = value }

    public var description: String { kind.rawValue + ":" + value }

    /// Kinds the risk query accepts.
    public static let queryKinds: [EntityKind] = [.account, .phone, .qq, .wechat, .url, .app]

    /// Normalises `raw` as an identifier of `kind`; nil when it is not one.
    public static func normalized(_ kind: EntityKind, _ raw: String) -> RiskEntity? {
        Normalize.entity(kind, raw).map { RiskEntity(kind, $0) }
    }

    /// Parses a query `KIND:VALUE` (kind case-insensitive: `account`, `phone`, `qq`, `wechat`,
    /// `url`, `app`; the value in any spelling the normalisers accept, e.g. `phone:+86 138-0013-8000`,
    /// `url:HTTPS://WWW.hfxcf.vip/#/login`). The split is at the first `:` so URLs keep theirs.
    /// O(length of the query).
    public static func parse(_ query: String) -> Result<RiskEntity, IdentifierIssue> {
        let text = Normalize.asciiDigits(query)
        guard let colon = text.firstIndex(of: ":") else {
            return .failure(IdentifierIssue("expected KIND:VALUE (kinds: \(kindList)), got \"\(query)\""))
        }
        let kindText = text[..<colon].lowercased().trimmingSpaces
        let value = String(text[text.index(after: colon)...]).trimmingSpaces
        guard let kind = EntityKind(rawValue: kindText), queryKinds.contains(kind) else {
            return .failure(IdentifierIssue("unknown kind \"\(kindText)\" in \"\(query)\" (kinds: \(kindList))"))
        }
        guard !value.isEmpty else { return .failure(IdentifierIssue("no value after \"\(kindText):\"")) }
        guard let e = normalized(kind, value) else {
            return .failure(IdentifierIssue("\"\(value)\" is not a valid \(kind.rawValue) identifier"))
        }
        return .success(e)
    }

    static var kindList: String { queryKinds.map(\.rawValue).joined(separator: ", ") }
}

extension StringProtocol {
    /// Without leading and trailing ASCII spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
