/// Multinomial logistic regression (softmax) with L2 regularisation, trained by stochastic
/// gradient descent over the sparse hashed features (Zhang, *Solving Large Scale Linear
/// Prediction Problems Using Stochastic Gradient Descent Algorithms*, ICML 2004; the step size
/// η_t = η₀ / (1 + η₀·λ·t) and the lazily applied weight decay of Bottou, *Large-Scale Machine
/// Learning with Stochastic Gradient Descent*, COMPSTAT 2010). Documents are visited in a seeded
/// random order each epoch, so training is deterministic for a seed.
///
/// Minimises (1/N) Σ_d −ln p(y_d | x_d) + (λ/2)·‖W‖², p = softmax(b + Wᵀx). Time O(E · nnz · C)
/// for E epochs, memory O(F · C) (F = distinct features seen).
public enum SoftmaxRegression {
    public struct Parameters: Sendable, Equatable {
        public var epochs: Int
        public var lambda: Double
        public var eta0: Double
        public var seed: UInt64
        public init(epochs: Int = 12, lambda: Double = 1e-6, eta0: Double = 0.5, seed: UInt64 = 1) {
            self.epochs = epochs; self.lambda = lambda; self.eta0 = eta0; self.seed = seed
        }
    }

    public static func train(_ docs: [HashedFeatures], labels y: [Int32], classLabels: [String], hasher: NGramHasher,
                             parameters p: Parameters = Parameters()) -> HashedLinearClassifier {
        precondition(docs.count == y.count)
        let c = classLabels.count
        let cf = CompactFeatures(docs, dimension: hasher.dimension)
        let f = cf.features.count
        var v = [Double](repeating: 0, count: f * c)   // W = scale · v
        var bias = [Double](repeating: 0, count: c)
        var scale = 1.0
        var rng = GraphRNG(seed: p.seed)
        var t = 0.0
        var s = [Double](repeating: 0, count: c)
        let n = docs.count
        for _ in 0..<max(1, p.epochs) where n > 0 {
            let order = rng.permutation(n)
            for d32 in order {
                let d = Int(d32)
                let ids = cf.ids[d], vals = cf.values[d]
                let eta = p.eta0 / (1 + p.eta0 * p.lambda * t)
                t += 1
                for k in 0..<c { s[k] = bias[k] }
                for (q, j) in ids.enumerated() {
                    let x = Double(vals[q]) * scale
                    let row = Int(j) * c
                    for k in 0..<c { s[k] += x * v[row + k] }
                }
                let m = s.max() ?? 0
                var z = 0.0
                for k in 0..<c { s[k] = RatingMath.exp(s[k] - m); z += s[k] }
                // Gradient of −ln p_y: (p − onehot(y)) ⊗ x.
                for k in 0..<c { s[k] = s[k] / z - (k == Int(y[d]) ? 1 : 0) }
                scale *= (1 - eta * p.lambda)
                if scale < 1e-9 {
                    for i in v.indices { v[i] *= scale }
                    scale = 1
                }
                let step = eta / scale
                for (q, j) in ids.enumerated() {
                    let x = Double(vals[q]) * step
                    let row = Int(j) * c
                    for k in 0..<c { v[row + k] -= x * s[k] }
                }
                for k in 0..<c { bias[k] -= eta * s[k] }
            }
        }
        return HashedLinearClassifier(engine: .logistic, hasher: hasher, labels: classLabels, features: cf.features,
                                      weights: v.map { Float($0 * scale) }, unseen: [Float](repeating: 0, count: c),
                                      bias: bias.map { Float($0) }, temperature: 1)
    }
}
