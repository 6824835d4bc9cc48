/// The three touchpoints of an order that can leak its recipient's data.
public enum LeakSourceKind: String, Sendable, Codable, CaseIterable {
    case warehouse, merchant, courier
}

/// How much a flagged source can be trusted, with minimum-evidence rules that do not depend on
/// the p-value alone (a source with three users who were all victims has a tiny p-value and proves
/// nothing).
public enum LeakConfidence: String, Sendable, Codable {
    /// Adjusted p < 0.01 and at least `LeakFinder.Options.minVictims` exposed victims.
    case strong
    /// Adjusted p < α and at least `minVictims` exposed victims.
    case suggestive
    /// Adjusted p < α but fewer than `minVictims` exposed victims: too few to prove.
    case tooFew = "too_few"
    /// Adjusted p ≥ α.
    case notSignificant = "not_significant"
}

/// One tested source.
public struct LeakSource: Sendable, Equatable {
    public var kind: LeakSourceKind
    /// Warehouse name, `<platform>-<shop>` or courier company as in orders.csv.
    public var id: String
    /// Victims with an order through the source before their first fraud contact.
    public var victims: Int
    /// Everyone counted as exposed: those victims plus every other recipient with an order through it.
    public var population: Int
    /// (victims / population) / (all victims / all recipients).
    public var lift: Double
    /// One-sided Fisher exact (hypergeometric upper tail) p-value.
    public var p: Double
    /// The evidence the decision rests on: the joint Monte Carlo p of the Fisher test and the
    /// windowed scan (single-step min-p over both tests and every source, see `LeakFinder`;
    /// resolution 1 / (replicates + 1)); `pFisherAdjusted` without replicates or for a source with
    /// fewer than `minVictims` victims.
    public var pAdjusted: Double
    /// The p-value before any other source was explained away (equal to `p` for the first
    /// source selected and for sources tested only in the first round).
    public var pUnconditional: Double = 1
    /// `p` Benjamini–Hochberg adjusted over every source tested.
    public var pFisherAdjusted: Double = 1
    /// The windowed scan's Monte Carlo p-value, family-wise adjusted over every source and window
    /// (`LeakSpaceTimeScan`); 1 when no window held enough victims or the scan was off.
    public var pScan: Double = 1
    /// Sources selected before this one whose exposed recipients, once set aside, took this
    /// source's significance away (e.g. a shop whose parcels went through a leaking warehouse).
    public var explainedBy: [String] = []
    /// Exposure dates carrying the excess (Kulldorff scan), nil when no victim was exposed.
    public var window: LeakWindowScan.Window?
    /// The strongest excess among the victims of one group of linked cases (串并案), when a
    /// group was tested (`LeakFinder.find(orders:victims:groups:options:)`).
    public var linked: LinkedEvidence?
    public var confidence: LeakConfidence
    /// One sentence an analyst can check.
    public var explanation: String
}

/// A source over-represented among the victims of one group of linked cases.
public struct LinkedEvidence: Sendable, Equatable {
    /// Victims of the group exposed through the source, the group's victims with orders, and the
    /// number expected by chance (group victims × the source's users / all recipients).
    public var victims: Int
    public var groupVictims: Int
    public var expected: Double
    /// The group's Fisher p (Benjamini–Hochberg within the group's run), Bonferroni-adjusted
    /// over the groups tested and the two families (all victims, groups).
    public var pAdjusted: Double
}

/// Everything `LeakFinder` found, with the counts behind it.
public struct LeakFindings: Sendable {
    /// Every source tested, most significant first (p, then lift).
    public var sources: [LeakSource]
    /// Distinct recipients with a readable phone (the population N).
    public var recipients: Int
    /// Victims among them (K).
    public var victimsMatched: Int
    /// Victims whose phone appears in no order (not part of the test).
    public var victimsWithoutOrders: Int
    /// Orders skipped because the recipient phone is masked (`138****5678`) and could not be tied
    /// back to a person.
    public var maskedOrders: Int
    /// Masked orders tied back to a person (`MaskedRecipients`).
    public var maskedResolved: Int = 0
    /// Victims' orders left out because they came on or after the first fraud contact.
    public var ordersAfterContact: Int
    /// Sources tested (the m of Benjamini–Hochberg).
    public var tested: Int
}
