/// The rating of one account: a level, a score in [0, 1] (levels are monotone in the score:
/// `RiskLevel(score:)`), and the reasons an analyst can check against the data.
public struct AccountRating: Sendable, Equatable, Codable {
    public var level: RiskLevel
    public var score: Double
    /// Sentences with numbers, strongest first; empty only for a normal rating.
    public var reasons: [String]

    public init(level: RiskLevel, score: Double, reasons: [String]) {
        self.level = level; self.score = score; self.reasons = reasons
    }

    public static let normal = AccountRating(level: .normal, score: 0, reasons: [])
}

extension RiskLevel {
    /// Score bands shared by every rater: normal [0, 0.4), suspicious [0.4, 0.7), malicious [0.7, 1].
    public static let suspiciousFrom = 0.4
    public static let maliciousFrom = 0.7

    /// The level of a score (the bands above).
    public init(score: Double) {
        self = score >= RiskLevel.maliciousFrom ? .malicious : score >= RiskLevel.suspiciousFrom ? .suspicious : .normal
    }
}

/// Anything that rates every account from its features.
public protocol AccountRater: Sendable {
    /// One rating per account, indexed like the features.
    func rate(features: AccountFeatures, context: RatingContext) -> [AccountRating]
}
