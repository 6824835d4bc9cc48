/// The three levels of the account rating (账户分级).
///
/// - `normal`: nothing links the account to fraud money.
/// - `suspicious` (可疑): a link that needs an analyst — a rented card whose owner keeps using it, a
///   crypto OTC trader that received victim money, a frozen tag without fraud flows.
/// - `malicious` (涉诈): operated by or knowingly serving a fraud group.
public enum RiskLevel: UInt8, Sendable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    case normal = 0, suspicious = 1, malicious = 2

    public static func < (a: RiskLevel, b: RiskLevel) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .normal: "normal"
        case .suspicious: "suspicious"
        case .malicious: "malicious"
        }
    }

    public init?(name: String) {
        guard let l = RiskLevel.allCases.first(where: { $0.description == name }) else { return nil }
        self = l
    }
}
