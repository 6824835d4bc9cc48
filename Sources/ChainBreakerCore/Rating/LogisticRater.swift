/// A trained account rater: two L2-regularised logistic regressions on standardised features —
/// one for *malicious* versus the rest, one for *not normal* (suspicious or malicious) versus
/// normal.
///
/// - Training: Newton's method (iteratively reweighted least squares) on the penalised
///   log-likelihood, solving each step with a Cholesky factorisation; the objective is strictly
///   convex, so the optimum is unique and training is deterministic. O(iterations × (n d² + d³))
///   for n labelled accounts and d features (d ≈ 50; ~10 iterations). Reference: T. Hastie,
///   R. Tibshirani, J. Friedman, *The Elements of Statistical Learning* (2nd ed., 2009), §4.4.
/// - Each head's decision threshold maximises F1 on the training labels (the classes are very
///   unbalanced, so 0.5 is not the right cut).
/// - Link features depend on the ratings (`RatingEngine` passes): `train(graph:context:labels:)`
///   fits, runs the passes with the fitted model, and refits on the resulting features.
/// - Rating: O(V d). Level: malicious when the malicious head passes its threshold, else
///   suspicious when the other head does; the score lies in the level's band.
/// - Reasons: the largest positive contributions w_j·x_j of the deciding head, in words.
/// - `RatingPolicy` caps the level of registered businesses, OTC traders and victims' accounts.
public struct LogisticRater: AccountRater, Codable, Equatable {
    public struct Head: Codable, Equatable, Sendable {
        /// One weight per entry of `LogisticRater.features` (standardised units).
        public var weights: [Double]
        public var bias: Double
        /// Probability cut for the head's decision.
        public var threshold: Double
    }

    public var version = 1
    /// Feature names (`AccountFeature.name`), so that a saved model survives new features.
    public var features: [String]
    public var mean: [Double]
    public var scale: [Double]
    public var malicious: Head
    public var notNormal: Head

    /// Training options.
    public struct Options: Sendable {
        /// L2 penalty on the standardised weights (not on the bias): λ/2 ‖w‖².
        public var lambda = 1.0
        public var maxIterations = 50
        /// Refits after running the rating passes with the fitted model (link features).
        public var refits = 2
        public init() {}
    }

    // MARK: rating

    public func rate(features f: AccountFeatures, context c: RatingContext) -> [AccountRating] {
        let cols = columns()
        var out = [AccountRating](); out.reserveCapacity(f.accountCount)
        var x = [Double](repeating: 0, count: cols.count)
        for a in 0..<f.accountCount {
            for j in 0..<cols.count {
                guard let col = cols[j] else { x[j] = 0; continue }
                x[j] = (col.modelValue(f[a, col]) - mean[j]) / scale[j]
            }
            out.append(RatingPolicy.clamp(rating(x, account: a, features: f, columns: cols), account: a, context: c))
        }
        return out
    }

    func columns() -> [AccountFeature?] { features.map { AccountFeature(name: $0) } }

    func rating(_ x: [Double], account a: Int, features f: AccountFeatures, columns cols: [AccountFeature?]) -> AccountRating {
        let zm = dot(malicious.weights, x) + malicious.bias
        let zn = dot(notNormal.weights, x) + notNormal.bias
        let pm = RatingMath.sigmoid(zm), pn = max(RatingMath.sigmoid(zn), pm)
        if pm >= malicious.threshold {
            let s = RiskLevel.maliciousFrom + (1 - RiskLevel.maliciousFrom) * (pm - malicious.threshold) / max(1e-9, 1 - malicious.threshold)
            return AccountRating(level: .malicious, score: min(1, s), reasons: reasons(malicious, x, a, f, cols, level: "malicious", p: pm))
        }
        if pn >= notNormal.threshold {
            let s = RiskLevel.suspiciousFrom + (RiskLevel.maliciousFrom - RiskLevel.suspiciousFrom - 0.001)
                * (pn - notNormal.threshold) / max(1e-9, 1 - notNormal.threshold)
            return AccountRating(level: .suspicious, score: s, reasons: reasons(notNormal, x, a, f, cols, level: "suspicious", p: pn))
        }
        let s = RiskLevel.suspiciousFrom * pn / max(1e-9, notNormal.threshold)
        return AccountRating(level: .normal, score: min(s, RiskLevel.suspiciousFrom - 0.001), reasons: [])
    }

    /// The top positive contributions (at most four, each at least 10% of the total positive
    /// evidence), as sentences quoting the account's values.
    func reasons(_ h: Head, _ x: [Double], _ a: Int, _ f: AccountFeatures, _ cols: [AccountFeature?], level: String, p: Double) -> [String] {
        var contributions: [(Double, Int)] = []
        var total = 0.0
        for j in 0..<x.count where cols[j] != nil {
            let c = h.weights[j] * x[j]
            if c > 0 { contributions.append((c, j)); total += c }
        }
        contributions.sort { ($0.0, -$0.1) > ($1.0, -$1.1) }
        var out: [String] = []
        for (c, j) in contributions.prefix(4) where c >= 0.1 * total {
            if let col = cols[j], let s = FeatureText.describe(col, a, f) { out.append(s) }
        }
        if out.isEmpty, let (_, j) = contributions.first, let col = cols[j], let s = FeatureText.describe(col, a, f) { out.append(s) }
        out.append("model: \(RatingText.percent(p)) \(level), rated so from \(RatingText.percent(h.threshold)) (logistic regression)")
        return out
    }

    @inline(__always) func dot(_ w: [Double], _ x: [Double]) -> Double {
        var s = 0.0
        for j in 0..<w.count { s += w[j] * x[j] }
        return s
    }

    // MARK: training

    /// Fits on accounts with a label, then runs the rating passes with the fitted model and refits
    /// on the resulting link features (`options.refits` times).
    public static func train(graph: TransferGraph, context: RatingContext, labels: [Int32: RiskLevel],
                             options: Options = Options()) -> LogisticRater {
        train([RatingTrainingSet(graph: graph, context: context, labels: labels)], options: options)
    }

    /// Fits on the labelled accounts of all cities, then runs the rating passes with the fitted
    /// model on each city and refits on the resulting link features (`options.refits` times).
    public static func train(_ cities: [RatingTrainingSet], options: Options = Options()) -> LogisticRater {
        RatingTrainingSet.trainWithRefits(cities, refits: options.refits) { fit($0, options: options) }
    }

    /// Fits both heads on fixed features. Accounts without a label are left out.
    public static func fit(features f: AccountFeatures, labels: [Int32: RiskLevel], options: Options = Options()) -> LogisticRater {
        fit([(f, labels)], options: options)
    }

    public static func fit(_ parts: [(features: AccountFeatures, labels: [Int32: RiskLevel])], options: Options = Options()) -> LogisticRater {
        let cols = AccountFeature.allCases
        let d = cols.count
        var (X, yMal, yNot, n) = RatingTrainingSet.design(parts)
        var mean = [Double](repeating: 0, count: d), scale = [Double](repeating: 1, count: d)
        if n > 0 {
            for j in 0..<d {
                var s = 0.0
                for i in 0..<n { s += X[i * d + j] }
                mean[j] = s / Double(n)
                var v = 0.0
                for i in 0..<n { let u = X[i * d + j] - mean[j]; v += u * u }
                let sd = (v / Double(n)).squareRoot()
                scale[j] = sd > 1e-12 ? sd : 1
            }
            for i in 0..<n { for j in 0..<d { X[i * d + j] = (X[i * d + j] - mean[j]) / scale[j] } }
        }
        let hm = fitHead(X, yMal, n: n, d: d, options: options)
        let hn = fitHead(X, yNot, n: n, d: d, options: options)
        return LogisticRater(features: cols.map(\.name), mean: mean, scale: scale, malicious: hm, notNormal: hn)
    }

    /// Penalised negative log-likelihood of `beta` (weights then bias).
    static func loss(_ X: [Double], _ y: [Double], _ beta: [Double], n: Int, d: Int, lambda: Double) -> Double {
        var loss = 0.0
        for i in 0..<n {
            var z = beta[d]
            for j in 0..<d { z += beta[j] * X[i * d + j] }
            loss += RatingMath.softplus(z) - y[i] * z
        }
        for j in 0..<d { loss += 0.5 * lambda * beta[j] * beta[j] }
        return loss
    }

    /// Damped Newton / IRLS for one head (step halved until the objective decreases); then the
    /// F1-maximising threshold on the training data.
    static func fitHead(_ X: [Double], _ y: [Double], n: Int, d: Int, options: Options) -> Head {
        let p = d + 1   // weights then bias
        var beta = [Double](repeating: 0, count: p)
        let positives = y.reduce(0, +)
        if positives > 0 && positives < Double(n) { beta[d] = RatingMath.log(positives / (Double(n) - positives)) }
        var current = loss(X, y, beta, n: n, d: d, lambda: options.lambda)
        for _ in 0..<options.maxIterations {
            var grad = [Double](repeating: 0, count: p)
            var hess = [Double](repeating: 0, count: p * p)
            for i in 0..<n {
                var z = beta[d]
                let row = i * d
                for j in 0..<d { z += beta[j] * X[row + j] }
                let mu = RatingMath.sigmoid(z)
                let r = mu - y[i], w = max(mu * (1 - mu), 1e-12)
                for j in 0..<d {
                    let xj = X[row + j]
                    grad[j] += r * xj
                    let wx = w * xj
                    for k in 0...j { hess[j * p + k] += wx * X[row + k] }
                    hess[d * p + j] += wx
                }
                grad[d] += r
                hess[d * p + d] += w
            }
            for j in 0..<d {
                grad[j] += options.lambda * beta[j]
                hess[j * p + j] += options.lambda
            }
            hess[d * p + d] += 1e-9
            // Symmetrise (the lower triangle was filled) and solve H Δ = g.
            for j in 0..<p { for k in 0..<j { hess[k * p + j] = hess[j * p + k] } }
            guard let step = choleskySolve(hess, grad, p) else { break }
            var t = 1.0, next = beta, value = current
            while t > 1e-8 {
                for j in 0..<p { next[j] = beta[j] - t * step[j] }
                value = loss(X, y, next, n: n, d: d, lambda: options.lambda)
                if value <= current { break }
                t /= 2
            }
            if value > current { break }
            beta = next
            let done = current - value <= 1e-10 * max(1, abs(current))
            current = value
            if done { break }
        }
        // Threshold: maximise F1 over the training scores (ties: the higher cut).
        var scored: [(Double, Double)] = []
        scored.reserveCapacity(n)
        for i in 0..<n {
            var z = beta[d]
            for j in 0..<d { z += beta[j] * X[i * d + j] }
            scored.append((RatingMath.sigmoid(z), y[i]))
        }
        scored.sort { $0.0 > $1.0 }
        var best = 0.5, bestF1 = -1.0, tp = 0.0
        for (k, (score, label)) in scored.enumerated() {
            tp += label
            if k + 1 < scored.count && scored[k + 1].0 == score { continue }
            let f1 = positives > 0 ? 2 * tp / (Double(k + 1) + positives) : 0
            if f1 > bestF1 {
                bestF1 = f1
                best = k + 1 < scored.count ? (score + scored[k + 1].0) / 2 : score / 2
            }
        }
        return Head(weights: Array(beta[0..<d]), bias: beta[d], threshold: min(max(best, 1e-6), 1 - 1e-6))
    }

    /// Solves A x = b for symmetric positive-definite A (p × p, row-major) by Cholesky. O(p³).
    static func choleskySolve(_ A: [Double], _ b: [Double], _ p: Int) -> [Double]? {
        var L = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var s = A[i * p + j]
                for k in 0..<j { s -= L[i * p + k] * L[j * p + k] }
                if i == j {
                    guard s > 0 else { return nil }
                    L[i * p + i] = s.squareRoot()
                } else {
                    L[i * p + j] = s / L[j * p + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = b[i]
            for k in 0..<i { s -= L[i * p + k] * y[k] }
            y[i] = s / L[i * p + i]
        }
        var x = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<p { s -= L[k * p + i] * x[k] }
            x[i] = s / L[i * p + i]
        }
        return x
    }
}
