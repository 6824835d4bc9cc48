/// Trains a `HashedLinearClassifier` from labelled texts: featurises once (`NGramHasher`), runs
/// stratified k-fold cross-validation of each engine asked for, keeps the engine with the higher
/// cross-validated macro-F1 (ties go to complement NB, the cheaper), fits the softmax
/// temperature on the out-of-fold scores (minimum log loss over a grid of 10^[−3, 6]), and trains
/// the final model on every document. Deterministic for a seed.
///
/// Cost: k + 1 trainings per engine; complement NB is O(nnz + F·C) each, logistic regression
/// O(E·nnz·C) each (see the engines).
public struct TextClassifierTrainer: Sendable {
    public var hasher: NGramHasher
    /// Engines to compare; the best by cross-validated macro-F1 is kept.
    public var engines: [TextClassifierEngine]
    public var folds: Int
    public var seed: UInt64
    public var alpha: Double
    public var logistic: SoftmaxRegression.Parameters

    public init(hasher: NGramHasher = NGramHasher(), engines: [TextClassifierEngine] = TextClassifierEngine.allCases,
                folds: Int = 5, seed: UInt64 = 1, alpha: Double = ComplementNaiveBayes.defaultAlpha,
                logistic: SoftmaxRegression.Parameters? = nil) {
        precondition(!engines.isEmpty)
        self.hasher = hasher; self.engines = engines; self.folds = folds; self.seed = seed; self.alpha = alpha
        self.logistic = logistic ?? SoftmaxRegression.Parameters(seed: seed)
    }

    /// Cross-validation of one engine.
    public struct Evaluation: Sendable {
        public var engine: TextClassifierEngine
        public var metrics: ClassificationMetrics
        /// Out-of-fold raw scores per document (empty when folds < 2).
        public var scores: [[Double]]
    }

    public struct Result: Sendable {
        public var model: HashedLinearClassifier
        /// One per engine tried, in `engines` order.
        public var evaluations: [Evaluation]
        /// The evaluation of the kept engine (nil when folds < 2).
        public var chosen: Evaluation? { evaluations.first { $0.engine == model.engine } }
    }

    public func fit(_ engine: TextClassifierEngine, _ docs: [HashedFeatures], _ y: [Int32], _ labels: [String]) -> HashedLinearClassifier {
        switch engine {
        case .complementNB: ComplementNaiveBayes.train(docs, labels: y, classLabels: labels, hasher: hasher, alpha: alpha)
        case .logistic: SoftmaxRegression.train(docs, labels: y, classLabels: labels, hasher: hasher, parameters: logistic)
        }
    }

    /// Fold of each document: within each class, a seeded shuffle dealt round-robin to k folds,
    /// so every fold has each class's share. O(n).
    public static func stratifiedFolds(_ y: [Int32], classes: Int, folds k: Int, seed: UInt64) -> [Int32] {
        var out = [Int32](repeating: 0, count: y.count)
        var byClass = [[Int32]](repeating: [], count: classes)
        for (d, c) in y.enumerated() { byClass[Int(c)].append(Int32(d)) }
        var rng = GraphRNG(seed: seed ^ 0x5EED_F01D)
        var offset = 0
        for members in byClass {
            let perm = rng.permutation(members.count)
            for (pos, q) in perm.enumerated() { out[Int(members[Int(q)])] = Int32((pos + offset) % k) }
            offset += members.count
        }
        return out
    }

    public func crossValidate(_ engine: TextClassifierEngine, _ docs: [HashedFeatures], _ y: [Int32], _ labels: [String]) -> Evaluation {
        let fold = TextClassifierTrainer.stratifiedFolds(y, classes: labels.count, folds: folds, seed: seed)
        var scores = [[Double]](repeating: [], count: docs.count)
        var predicted = [Int32](repeating: 0, count: docs.count)
        for f in 0..<Int32(folds) {
            var trainDocs: [HashedFeatures] = [], trainY: [Int32] = []
            for d in docs.indices where fold[d] != f { trainDocs.append(docs[d]); trainY.append(y[d]) }
            let m = fit(engine, trainDocs, trainY, labels)
            for d in docs.indices where fold[d] == f {
                let s = m.scores(docs[d])
                scores[d] = s
                var best = 0
                for k in s.indices where s[k] > s[best] { best = k }
                predicted[d] = Int32(best)
            }
        }
        return Evaluation(engine: engine, metrics: ClassificationMetrics(labels: labels, truth: y, predicted: predicted), scores: scores)
    }

    /// Temperature minimising the cross-entropy of softmax(scores / T) against the labels smoothed
    /// by `smoothing` (target 1 − ε on the true label, ε/(C − 1) on the others; Szegedy et al. 2016),
    /// over a log grid of 10^[−3, 3] times the mean score range (the engines' scores have different
    /// scales). Smoothing keeps T finite when the out-of-fold scores separate the classes
    /// perfectly, so confidences stay below 1 − ε/2 or so instead of rounding to 1.
    /// One temperature needs few documents: at most `maxDocuments`, taken at an even stride.
    /// O(G·min(n, maxDocuments)·C), G = 301 grid points.
    public static func fitTemperature(scores allScores: [[Double]], y allY: [Int32], smoothing eps: Double = 0.01,
                                      maxDocuments: Int = 5_000) -> Double {
        guard !allScores.isEmpty else { return 1 }
        var scores = allScores, y = allY
        if allScores.count > maxDocuments {
            let step = Double(allScores.count) / Double(maxDocuments)
            let picked = (0..<maxDocuments).map { Int(Double($0) * step) }
            scores = picked.map { allScores[$0] }; y = picked.map { allY[$0] }
        }
        var spread = 0.0
        for s in scores { spread += (s.max() ?? 0) - (s.min() ?? 0) }
        spread /= Double(scores.count)
        if !(spread > 0) { return 1 }
        var bestT = spread, bestLoss = Double.infinity
        for g in 0...300 {
            let t = spread * RatingMath.exp((-3 + Double(g) * 0.02) * 2.302_585_092_994_046)
            var loss = 0.0
            for (d, s) in scores.enumerated() {
                let m = s.max() ?? 0
                var z = 0.0
                for v in s { z += RatingMath.exp((v - m) / t) }
                let lz = RatingMath.log(z)
                let other = s.count > 1 ? eps / Double(s.count - 1) : 0
                for (k, v) in s.enumerated() {
                    let q = k == Int(y[d]) ? 1 - eps : other
                    if q > 0 { loss += q * (lz - (v - m) / t) }
                }
            }
            if loss < bestLoss { bestLoss = loss; bestT = t }
        }
        return bestT
    }

    /// Trains on labelled texts. `labels` fixes the label order (default: sorted distinct labels).
    public func train(texts: [String], labels: [String], labelOrder: [String]? = nil) -> Result {
        precondition(texts.count == labels.count)
        let order = labelOrder ?? Array(Set(labels)).sorted()
        var index: [String: Int32] = [:]
        for (k, l) in order.enumerated() { index[l] = Int32(k) }
        let docs = texts.map { hasher.features($0) }
        let y = labels.map { index[$0]! }
        return train(docs: docs, y: y, labels: order)
    }

    public func train(docs: [HashedFeatures], y: [Int32], labels: [String]) -> Result {
        var evaluations: [Evaluation] = []
        if folds >= 2 && docs.count >= folds {
            for e in engines { evaluations.append(crossValidate(e, docs, y, labels)) }
        }
        var engine = engines[0]
        if let best = evaluations.max(by: { a, b in
            a.metrics.macroF1 < b.metrics.macroF1 - 1e-12 || (abs(a.metrics.macroF1 - b.metrics.macroF1) <= 1e-12 && a.engine == .logistic && b.engine == .complementNB)
        }) { engine = best.engine }
        var model = fit(engine, docs, y, labels)
        if let ev = evaluations.first(where: { $0.engine == engine }) {
            model.temperature = TextClassifierTrainer.fitTemperature(scores: ev.scores, y: y)
        } else if engine == .complementNB {
            let step = max(1, docs.count / 5_000)
            let picked = Array(stride(from: 0, to: docs.count, by: step))
            model.temperature = TextClassifierTrainer.fitTemperature(scores: picked.map { model.scores(docs[$0]) }, y: picked.map { y[$0] })
        }
        return Result(model: model, evaluations: evaluations)
    }
}
