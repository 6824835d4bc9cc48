/// Complement naive Bayes (Rennie, Shih, Teevan & Karger, *Tackling the Poor Assumptions of Naive
/// Bayes Text Classifiers*, ICML 2003): each class is scored by how badly the word distribution of
/// all *other* classes explains the text, which removes most of multinomial NB's bias towards
/// large classes, with their weight normalisation.
///
/// Input: L2-normalised sublinear-TF vectors (`NGramHasher`), re-weighted by IDF
/// ln((N + 1)/(df + 1)) + 1 as in the paper's TF·IDF·length transform. For class c and feature i:
///   θ̃_ci = (Σ_{docs ∉ c} x_i + α) / (Σ_{docs ∉ c} Σ_k x_k + α·D)   (D = 2^bits)
///   w_ci = ln θ̃_ci / Σ_k |ln θ̃_ck|   (normalised over the features seen in training)
/// and the label is argmin_c Σ_i x_i·idf_i·w_ci. It is stored as a `HashedLinearClassifier` with
/// weights −idf_i·w_ci (so the largest score wins), the same for unseen indices with idf of df = 0.
/// Training is one pass: O(nnz + 2^bits + F·C) time, O(F·C) memory (F = distinct features seen).
public enum ComplementNaiveBayes {
    /// Additive smoothing α on the TF·IDF mass.
    public static let defaultAlpha = 0.1

    public static func train(_ docs: [HashedFeatures], labels y: [Int32], classLabels: [String], hasher: NGramHasher,
                             alpha: Double = defaultAlpha) -> HashedLinearClassifier {
        precondition(docs.count == y.count)
        let c = classLabels.count
        let cf = CompactFeatures(docs, dimension: hasher.dimension)
        let f = cf.features.count
        var df = [Int32](repeating: 0, count: f)
        for d in cf.ids { for j in d { df[Int(j)] += 1 } }
        let n = Double(docs.count)
        let idf = df.map { RatingMath.log((n + 1) / (Double($0) + 1)) + 1 }
        let idfUnseen = RatingMath.log(n + 1) + 1
        var counts = [Double](repeating: 0, count: f * c)     // row-major by feature
        var classTotal = [Double](repeating: 0, count: c)
        for (d, ids) in cf.ids.enumerated() {
            let k = Int(y[d])
            let vals = cf.values[d]
            for (t, j) in ids.enumerated() {
                let v = Double(vals[t]) * idf[Int(j)]
                counts[Int(j) * c + k] += v
                classTotal[k] += v
            }
        }
        let grand = classTotal.reduce(0, +)
        let dim = Double(hasher.dimension)
        var featureTotal = [Double](repeating: 0, count: f)
        for i in 0..<f { for q in 0..<c { featureTotal[i] += counts[i * c + q] } }
        var w = [Double](repeating: 0, count: f * c)
        var unseen = [Double](repeating: 0, count: c)
        for k in 0..<c {
            let denom = grand - classTotal[k] + alpha * dim
            var z = 0.0
            for i in 0..<f {
                let lw = RatingMath.log((featureTotal[i] - counts[i * c + k] + alpha) / denom)
                w[i * c + k] = lw
                z += abs(lw)
            }
            let lu = RatingMath.log(alpha / denom)
            if z == 0 { z = 1 }
            for i in 0..<f { w[i * c + k] /= z }
            unseen[k] = lu / z
        }
        var weights = [Float](repeating: 0, count: f * c)
        for i in 0..<f { for k in 0..<c { weights[i * c + k] = Float(-w[i * c + k] * idf[i]) } }
        return HashedLinearClassifier(engine: .complementNB, hasher: hasher, labels: classLabels, features: cf.features,
                                      weights: weights, unseen: unseen.map { Float(-$0 * idfUnseen) },
                                      bias: [Float](repeating: 0, count: c), temperature: 1)
    }
}
