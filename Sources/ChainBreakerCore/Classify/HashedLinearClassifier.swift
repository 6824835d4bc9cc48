/// A linear classifier over hashed n-gram features: the trained form of both engines
/// (`ComplementNaiveBayes`, `SoftmaxRegression`).
///
/// score_c(x) = bias_c + Σ_i x_i · w_ic, where w_ic is stored for the `features` seen in training
/// (sorted, found by binary search) and `unseen_c` stands for every other index of the hashed
/// space. Probabilities are softmax(score / temperature); the temperature is fitted on
/// cross-validated scores (Guo, Pleiss, Sun & Weinberger, *On Calibration of Modern Neural
/// Networks*, ICML 2017), so confidences are calibrated-ish rather than the raw, over-confident
/// margins. Prediction is O(nnz · (log F + C)) for nnz features, F stored features and C labels.
public struct HashedLinearClassifier: TextClassifier, Equatable {
    public var engine: TextClassifierEngine
    public var hasher: NGramHasher
    public var labels: [String]
    /// Hashed indices seen in training, strictly increasing.
    public var features: [UInt32]
    /// features.count × labels.count weights, row-major (one row per feature).
    public var weights: [Float]
    /// Weight of any index not in `features`, per label.
    public var unseen: [Float]
    public var bias: [Float]
    /// Softmax temperature (scores are divided by it).
    public var temperature: Double

    public init(engine: TextClassifierEngine, hasher: NGramHasher, labels: [String], features: [UInt32], weights: [Float],
                unseen: [Float], bias: [Float], temperature: Double = 1) {
        precondition(weights.count == features.count * labels.count && unseen.count == labels.count && bias.count == labels.count)
        self.engine = engine; self.hasher = hasher; self.labels = labels; self.features = features
        self.weights = weights; self.unseen = unseen; self.bias = bias; self.temperature = temperature
    }

    /// Raw linear scores (before temperature and softmax).
    public func scores(_ x: HashedFeatures) -> [Double] {
        let c = labels.count
        var s = [Double](repeating: 0, count: c)
        for k in 0..<c { s[k] = Double(bias[k]) }
        features.withUnsafeBufferPointer { f in
            weights.withUnsafeBufferPointer { w in
                var lo = 0
                for (j, i) in x.indices.enumerated() {
                    let v = Double(x.values[j])
                    // x.indices are increasing, so the search can start where the last one ended.
                    var a = lo, b = f.count
                    while a < b { let m = (a + b) >> 1; if f[m] < i { a = m + 1 } else { b = m } }
                    lo = a
                    if a < f.count && f[a] == i {
                        let row = a * c
                        for k in 0..<c { s[k] += v * Double(w[row + k]) }
                    } else {
                        for k in 0..<c { s[k] += v * Double(unseen[k]) }
                    }
                }
            }
        }
        return s
    }

    /// softmax(scores / temperature).
    public static func softmax(_ s: [Double], temperature: Double) -> [Double] {
        let t = temperature > 0 ? temperature : 1
        let m = s.max() ?? 0
        var p = s.map { RatingMath.exp(($0 - m) / t) }
        let z = p.reduce(0, +)
        for k in p.indices { p[k] /= z }
        return p
    }

    public func predict(features x: HashedFeatures) -> TextPrediction {
        let p = HashedLinearClassifier.softmax(scores(x), temperature: temperature)
        var best = 0
        for k in p.indices where p[k] > p[best] { best = k }
        return TextPrediction(label: best, confidence: p[best], probabilities: p)
    }
}
