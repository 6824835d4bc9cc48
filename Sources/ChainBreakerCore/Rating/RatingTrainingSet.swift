/// Labelled data for the trained raters: one or more cities (graph, context, labels by dense
/// account id). Accounts without a label are left out of training.
public struct RatingTrainingSet: Sendable {
    public var graph: TransferGraph
    public var context: RatingContext
    public var labels: [Int32: RiskLevel]

    public init(graph: TransferGraph, context: RatingContext, labels: [Int32: RiskLevel]) {
        self.graph = graph; self.context = context; self.labels = labels
    }

    /// Fits on the labelled accounts of all cities, then runs the rating passes with the fitted
    /// model on each city and refits on the resulting link features `refits` times.
    static func trainWithRefits<R: AccountRater>(_ cities: [RatingTrainingSet], refits: Int,
                                                 fit: ([(features: AccountFeatures, labels: [Int32: RiskLevel])]) -> R) -> R {
        var features = cities.map { AccountFeatures(graph: $0.graph, context: $0.context) }
        var model = fit(zip(features, cities.map(\.labels)).map { ($0, $1) })
        for _ in 0..<refits {
            features = cities.map { RatingEngine.run(graph: $0.graph, context: $0.context, rater: model).features }
            model = fit(zip(features, cities.map(\.labels)).map { ($0, $1) })
        }
        return model
    }

    /// The transformed (`AccountFeature.modelValue`) design matrix of all labelled accounts
    /// of all cities, row-major n × d, with the malicious and not-normal targets. Rows are in
    /// (city, account id) order, so training is deterministic. O(n d).
    static func design(_ parts: [(features: AccountFeatures, labels: [Int32: RiskLevel])])
        -> (X: [Double], malicious: [Double], notNormal: [Double], n: Int) {
        let cols = AccountFeature.allCases
        var X: [Double] = [], yM: [Double] = [], yN: [Double] = []
        for (f, labels) in parts {
            for a in labels.keys.filter({ Int($0) >= 0 && Int($0) < f.accountCount }).sorted() {
                for col in cols { X.append(col.modelValue(f[Int(a), col])) }
                let l = labels[a]!
                yM.append(l == .malicious ? 1 : 0); yN.append(l != .normal ? 1 : 0)
            }
        }
        return (X, yM, yN, yM.count)
    }
}
