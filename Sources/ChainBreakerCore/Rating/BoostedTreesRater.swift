/// A trained account rater: gradient-boosted shallow regression trees on histogram bins, with
/// the logistic loss — one ensemble for *malicious* versus the rest and one for *not normal*
/// versus normal (as `LogisticRater`).
///
/// - Training: second-order boosting with L2-regularised leaf weights, gain
///   G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (T. Chen, C. Guestrin, *XGBoost: A Scalable Tree
///   Boosting System*, KDD 2016), splits searched over at most `bins` quantile bins per feature
///   (histogram method, as in LightGBM: G. Ke et al., NeurIPS 2017). Fully deterministic: ties go
///   to the lower feature index and the lower bin. O(rounds × depth × (n d + d bins)).
/// - Rating: O(V × rounds × depth) per head.
/// - Reasons: each tree's path credits the change of the node value at every split to the split
///   feature (Saabas attribution); the largest positive credits of the deciding ensemble are
///   written as sentences quoting the account's values.
/// - `RatingPolicy` caps the level of registered businesses, OTC traders and victims' accounts.
public struct BoostedTreesRater: AccountRater, Codable, Equatable {
    /// A node: a leaf when `feature < 0`. `value` is the (regularised) mean response of the node,
    /// kept on internal nodes too for the path attribution.
    public struct Node: Codable, Equatable, Sendable {
        public var feature: Int32
        /// Goes left when the transformed feature value is ≤ `threshold`.
        public var threshold: Double
        public var left: Int32
        public var right: Int32
        public var value: Double
    }

    public struct Ensemble: Codable, Equatable, Sendable {
        public var base: Double
        public var learningRate: Double
        /// Trees stored one after the other; `roots[t]` is the index of tree t's root.
        public var nodes: [Node]
        public var roots: [Int32]
        public var threshold: Double
    }

    public var version = 1
    public var features: [String]
    public var malicious: Ensemble
    public var notNormal: Ensemble

    public struct Options: Sendable {
        public var rounds = 150
        public var depth = 3
        public var learningRate = 0.1
        public var lambda = 1.0
        /// Smallest hessian sum (≈ weighted number of accounts) in a child.
        public var minChildWeight = 1.0
        public var bins = 32
        /// Refits after running the rating passes with the fitted model (link features).
        public var refits = 2
        public init() {}
    }

    // MARK: rating

    public func rate(features f: AccountFeatures, context c: RatingContext) -> [AccountRating] {
        let cols = features.map { AccountFeature(name: $0) }
        var out = [AccountRating](); out.reserveCapacity(f.accountCount)
        var x = [Double](repeating: 0, count: cols.count)
        for a in 0..<f.accountCount {
            out.append(RatingPolicy.clamp(rate(a, &x, f, cols), account: a, context: c))
        }
        return out
    }

    func rate(_ a: Int, _ x: inout [Double], _ f: AccountFeatures, _ cols: [AccountFeature?]) -> AccountRating {
        for j in 0..<cols.count { x[j] = cols[j].map { $0.modelValue(f[a, $0]) } ?? 0 }
        let pm = RatingMath.sigmoid(malicious.margin(x))
        if pm >= malicious.threshold {
            let s = RiskLevel.maliciousFrom + (1 - RiskLevel.maliciousFrom) * (pm - malicious.threshold) / max(1e-9, 1 - malicious.threshold)
            return AccountRating(level: .malicious, score: min(1, s), reasons: reasons(malicious, x, a, f, cols, "malicious", pm))
        }
        let pn = max(RatingMath.sigmoid(notNormal.margin(x)), pm)
        if pn >= notNormal.threshold {
            let s = RiskLevel.suspiciousFrom + (RiskLevel.maliciousFrom - RiskLevel.suspiciousFrom - 0.001)
                * (pn - notNormal.threshold) / max(1e-9, 1 - notNormal.threshold)
            return AccountRating(level: .suspicious, score: s, reasons: reasons(notNormal, x, a, f, cols, "suspicious", pn))
        }
        let s = RiskLevel.suspiciousFrom * pn / max(1e-9, notNormal.threshold)
        return AccountRating(level: .normal, score: min(s, RiskLevel.suspiciousFrom - 0.001), reasons: [])
    }

    func reasons(_ e: Ensemble, _ x: [Double], _ a: Int, _ f: AccountFeatures, _ cols: [AccountFeature?], _ level: String, _ p: Double) -> [String] {
        var credit = [Double](repeating: 0, count: cols.count)
        e.attribute(x, into: &credit)
        var order = (0..<credit.count).filter { credit[$0] > 0 && cols[$0] != nil }
        order.sort { (credit[$0], -$0) > (credit[$1], -$1) }
        let total = order.reduce(0) { $0 + credit[$1] }
        var out: [String] = []
        for j in order.prefix(4) where credit[j] >= 0.1 * total {
            if let s = FeatureText.describe(cols[j]!, a, f) { out.append(s) }
        }
        out.append("model: \(RatingText.percent(p)) \(level), rated so from \(RatingText.percent(e.threshold)) (boosted trees)")
        return out
    }

    // MARK: training

    public static func train(graph: TransferGraph, context: RatingContext, labels: [Int32: RiskLevel],
                             options: Options = Options()) -> BoostedTreesRater {
        train([RatingTrainingSet(graph: graph, context: context, labels: labels)], options: options)
    }

    /// Fits on the labelled accounts of all cities, then runs the rating passes with the fitted
    /// model on each city and refits on the resulting link features (`options.refits` times).
    public static func train(_ cities: [RatingTrainingSet], options: Options = Options()) -> BoostedTreesRater {
        RatingTrainingSet.trainWithRefits(cities, refits: options.refits) { fit($0, options: options) }
    }

    public static func fit(features f: AccountFeatures, labels: [Int32: RiskLevel], options: Options = Options()) -> BoostedTreesRater {
        fit([(f, labels)], options: options)
    }

    public static func fit(_ parts: [(features: AccountFeatures, labels: [Int32: RiskLevel])], options: Options = Options()) -> BoostedTreesRater {
        let cols = AccountFeature.allCases
        let d = cols.count
        let (X, yMal, yNot, n) = RatingTrainingSet.design(parts)
        let binning = Binning(X, n: n, d: d, bins: options.bins)
        return BoostedTreesRater(features: cols.map(\.name),
                                 malicious: boost(binning, yMal, options), notNormal: boost(binning, yNot, options))
    }

    /// Per feature: sorted distinct cut points (upper bin edges) and each sample's bin.
    struct Binning {
        let n: Int, d: Int
        var cuts: [[Double]]
        var bin: [UInt8]     // n × d
        init(_ X: [Double], n: Int, d: Int, bins: Int) {
            self.n = n; self.d = d
            cuts = []
            bin = [UInt8](repeating: 0, count: n * d)
            let b = max(2, min(bins, 255))
            for j in 0..<d {
                var col = (0..<n).map { X[$0 * d + j] }
                col.sort()
                var c: [Double] = []
                if n > 0 {
                    for q in 1..<b {
                        let v = col[min(n - 1, q * n / b)]
                        if c.last.map({ v > $0 }) ?? true, v < col[n - 1] { c.append(v) }
                    }
                    // Values are often exactly 0 for most accounts: make "≤ smallest" its own bin.
                    if let first = col.first, c.first.map({ first < $0 }) ?? true, first < col[n - 1] { c.insert(first, at: 0) }
                }
                cuts.append(c)
                for i in 0..<n {
                    let v = X[i * d + j]
                    var lo = 0, hi = c.count   // first cut ≥ v
                    while lo < hi { let m = (lo + hi) / 2; if c[m] < v { lo = m + 1 } else { hi = m } }
                    bin[i * d + j] = UInt8(lo)
                }
            }
        }
    }

    static func boost(_ B: Binning, _ y: [Double], _ o: Options) -> Ensemble {
        let n = B.n, d = B.d
        let pos = y.reduce(0, +)
        let base = pos > 0 && pos < Double(n) ? RatingMath.log(pos / (Double(n) - pos)) : 0
        var margin = [Double](repeating: base, count: n)
        var nodes: [Node] = [], roots: [Int32] = []
        var g = [Double](repeating: 0, count: n), h = g
        var nodeOf = [Int32](repeating: 0, count: n)
        for _ in 0..<o.rounds {
            for i in 0..<n {
                let p = RatingMath.sigmoid(margin[i])
                g[i] = p - y[i]; h[i] = max(p * (1 - p), 1e-12)
            }
            let root = Int32(nodes.count)
            roots.append(root)
            for i in 0..<n { nodeOf[i] = root }
            var (G, H) = (0.0, 0.0)
            for i in 0..<n { G += g[i]; H += h[i] }
            nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, value: -G / (H + o.lambda)))
            var frontier: [(node: Int32, G: Double, H: Double)] = [(root, G, H)]
            for _ in 0..<o.depth {
                if frontier.isEmpty { break }
                // Histograms for every frontier node at once.
                let slot = Dictionary(uniqueKeysWithValues: frontier.enumerated().map { ($1.node, $0) })
                let width = 256
                var hg = [Double](repeating: 0, count: frontier.count * d * width), hh = hg
                for i in 0..<n {
                    guard let s = slot[nodeOf[i]] else { continue }
                    let base = s * d * width, row = i * d
                    for j in 0..<d { let k = base + j * width + Int(B.bin[row + j]); hg[k] += g[i]; hh[k] += h[i] }
                }
                var next: [(node: Int32, G: Double, H: Double)] = []
                var splits: [Int32: (feature: Int, bin: Int)] = [:]
                for (s, fr) in frontier.enumerated() {
                    var best = 0.0, bestJ = -1, bestB = -1, bestL = (0.0, 0.0)
                    let parent = fr.G * fr.G / (fr.H + o.lambda)
                    for j in 0..<d {
                        var gl = 0.0, hl = 0.0
                        let base = s * d * width + j * width
                        for b in 0..<B.cuts[j].count {
                            gl += hg[base + b]; hl += hh[base + b]
                            let gr = fr.G - gl, hr = fr.H - hl
                            if hl < o.minChildWeight || hr < o.minChildWeight { continue }
                            let gain = gl * gl / (hl + o.lambda) + gr * gr / (hr + o.lambda) - parent
                            if gain > best + 1e-12 { best = gain; bestJ = j; bestB = b; bestL = (gl, hl) }
                        }
                    }
                    guard bestJ >= 0 else { continue }
                    let l = Int32(nodes.count), r = l + 1
                    let (gl, hl) = bestL, gr = fr.G - gl, hr = fr.H - hl
                    nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, value: -gl / (hl + o.lambda)))
                    nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, value: -gr / (hr + o.lambda)))
                    nodes[Int(fr.node)].feature = Int32(bestJ)
                    nodes[Int(fr.node)].threshold = B.cuts[bestJ][bestB]
                    nodes[Int(fr.node)].left = l
                    nodes[Int(fr.node)].right = r
                    splits[fr.node] = (bestJ, bestB)
                    next.append((l, gl, hl)); next.append((r, gr, hr))
                }
                for i in 0..<n {
                    guard let sp = splits[nodeOf[i]] else { continue }
                    let nd = nodes[Int(nodeOf[i])]
                    nodeOf[i] = Int(B.bin[i * d + sp.feature]) <= sp.bin ? nd.left : nd.right
                }
                frontier = next
            }
            for i in 0..<n { margin[i] += o.learningRate * nodes[Int(nodeOf[i])].value }
        }
        // Decision threshold 0.5: boosted training scores are too confident to pick a cut on them.
        return Ensemble(base: base, learningRate: o.learningRate, nodes: nodes, roots: roots, threshold: 0.5)
    }
}

extension BoostedTreesRater.Ensemble {
    /// The log-odds of x. O(trees × depth).
    func margin(_ x: [Double]) -> Double {
        var m = base
        for r in roots {
            var k = Int(r)
            while nodes[k].feature >= 0 { k = Int(x[Int(nodes[k].feature)] <= nodes[k].threshold ? nodes[k].left : nodes[k].right) }
            m += learningRate * nodes[k].value
        }
        return m
    }

    /// Adds each feature's path credit (Saabas) to `credit`.
    func attribute(_ x: [Double], into credit: inout [Double]) {
        for r in roots {
            var k = Int(r)
            while nodes[k].feature >= 0 {
                let j = Int(nodes[k].feature)
                let next = Int(x[j] <= nodes[k].threshold ? nodes[k].left : nodes[k].right)
                credit[j] += learningRate * (nodes[next].value - nodes[k].value)
                k = next
            }
        }
    }
}
