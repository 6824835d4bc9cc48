/// Runs a rater in passes: features with links to the fraud-tagged accounts and a first rating;
/// then, while the set of malicious accounts grows (at most `maxPasses` ratings), links are
/// recomputed against the accounts rated malicious so far and everything is rated again. The
/// chain is followed outwards one link per pass (victim money → collectors → their paid workers
/// and cash-out cards; eight ratings follow a chain of a first receiver, four layers, an
/// organizer and its cash-out cards and workers, when FIFO attributes the victims' money of a
/// busy layer to other payees). Only *core* malicious accounts become anchors: those carrying traced
/// victim money or money from conduits, passing on (with their statement) what they took from
/// anchors (at least a third of their inflow), or sharing a holder or operator device with anchors. An
/// account rated malicious on a money link alone (a 卡商 paying back into the chain, a paid
/// worker) is not followed further, so links never chain through its ordinary customers.
///
/// Cost: features O(V + E + P) plus per pass O(V + E + P) for the links and O(V) for the rule
/// and logistic raters.
public enum RatingEngine {
    public struct Output: Sendable {
        public var features: AccountFeatures
        public var ratings: [AccountRating]
        /// Accounts the first pass rated malicious (on victim money and tags alone).
        public var firstPass: [Bool]
        /// Ratings made (1 + link passes).
        public var passes: Int
    }

    public static func run(graph: TransferGraph, context: RatingContext, rater: some AccountRater, maxPasses: Int = 8,
                           sharedDeviceLimit: Int = AccountFeatures.defaultSharedDeviceLimit) -> Output {
        var features = AccountFeatures(graph: graph, context: context, sharedDeviceLimit: sharedDeviceLimit)
        var ratings = rater.rate(features: features, context: context)
        var flagged = core(ratings, features, context)
        let first = ratings.map { $0.level == .malicious }
        var passes = 1
        while passes < maxPasses {
            features.updateLinks(graph: graph, context: context, flagged: flagged, sharedDeviceLimit: sharedDeviceLimit)
            ratings = rater.rate(features: features, context: context)
            passes += 1
            let next = core(ratings, features, context)
            var grew = false
            // Anchors only accumulate, so the passes converge.
            for a in 0..<next.count where next[a] && !flagged[a] { flagged[a] = true; grew = true }
            if !grew { break }
        }
        return Output(features: features, ratings: ratings, firstPass: first, passes: passes)
    }

    /// Core malicious accounts (see above). O(V).
    static func core(_ ratings: [AccountRating], _ f: AccountFeatures, _ c: RatingContext) -> [Bool] {
        (0..<ratings.count).map { a in
            ratings[a].level == .malicious
                && (c.victimInflowFen[a] >= AccountFeatures.conduitMinFen
                    || f[a, .fromConduitsShare] >= AccountFeatures.conduitShare
                    || (c.hasStatement[a] && f[a, .inFromAnchorsShare] >= AccountFeatures.conduitShare && f.passesOn(a))
                    || f[a, .holderLinks] >= 1 || f[a, .deviceLinks] >= 1)
        }
    }
}
