/// Limits every rater obeys — domain constraints, not fitted values:
///
/// - registered businesses the trace ends at (正常商户, 支付机构, 游戏点卡商户: tags or
///   `SinkAccountInference` kinds) are sinks of fraud money, not conduits: at most *normal*;
/// - crypto OTC traders are rated by what flows through them, and victim money through one makes
///   it *suspicious*, never malicious (legitimate users trade with the same traders);
/// - victims' own accounts (they made traced victim payments) are at most *suspicious*.
///
/// `RuleRater` follows these in its rules; the trained raters are clamped with `clamp`.
public enum RatingPolicy {
    /// The highest level the account may get. O(1).
    public static func ceiling(_ a: Int, _ c: RatingContext) -> RiskLevel {
        if c.isRegisteredBusiness(a) { return .normal }
        if c.isOTC(a) || c.victimPaymentsMade[a] > 0 { return .suspicious }
        return .malicious
    }

    /// The rating lowered to the ceiling (score moved to the top of the ceiling's band, reasons kept
    /// with the cause appended).
    public static func clamp(_ r: AccountRating, account a: Int, context c: RatingContext) -> AccountRating {
        let top = ceiling(a, c)
        guard r.level > top else { return r }
        let why: String
        if c.isRegisteredBusiness(a) { why = "registered business (sink of the trace): rated by policy at most normal" }
        else if c.isOTC(a) { why = "虚拟币场外商 (crypto OTC trader): rated by policy at most suspicious" }
        else { why = "a victim's account (made traced victim payments): rated by policy at most suspicious" }
        let score = top == .normal ? RiskLevel.suspiciousFrom - 0.001 : RiskLevel.maliciousFrom - 0.001
        return AccountRating(level: top, score: score, reasons: r.reasons + [why])
    }
}
