import ChainBreakerCore
import Foundation

extension Bench {
    /// Fraud-type classification on `documents` texts of `FraudCorpus` (seed 7, not the default
    /// model's seed): n-gram hashing alone, training of each engine (hashing included), and
    /// prediction (hashing + scoring + softmax) of every text with each trained model. The
    /// corpus is generated before timing.
    public static func classify(documents: Int, reps: Int) -> [Figure] {
        let per = max(1, documents / FraudTaxonomy.labels.count)
        let (texts, labels) = FraudCorpus.generate(perLabel: per, seed: 7)
        let n = texts.count
        let chars = texts.reduce(0) { $0 + $1.count }
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        let hasher = NGramHasher()
        var out: [Figure] = []
        var nnz = 0
        out.append(figure("classify: hash character 1–3-grams into 2^\(hasher.bits) (\(n) texts, mean \(chars / max(1, n)) characters)", reps: reps, bytes: bytes) {
            nnz = 0
            for t in texts { nnz += hasher.features(t).count }
            return n
        })
        out[out.count - 1].note = "mean \(nnz / max(1, n)) distinct features per text"
        var models: [HashedLinearClassifier] = []
        for engine in TextClassifierEngine.allCases {
            var model: HashedLinearClassifier?
            out.append(figure("classify: train \(engine.rawValue) on \(n) texts, \(FraudTaxonomy.labels.count) labels (hashing included, no cross-validation)", reps: reps, bytes: bytes) {
                model = TextClassifierTrainer(hasher: hasher, engines: [engine], folds: 0, seed: 1)
                    .train(texts: texts, labels: labels, labelOrder: FraudTaxonomy.labels).model
                return n
            })
            out[out.count - 1].note = "\(model!.features.count) features kept, model \(model!.serialize().count / 1024) KiB"
            models.append(model!)
        }
        for m in models {
            var right = 0
            out.append(figure("classify: predict \(n) texts with \(m.engine.rawValue) (hashing + scores + softmax)", reps: reps, bytes: bytes) {
                right = 0
                for (k, t) in texts.enumerated() where m.labels[m.predict(t).label] == labels[k] { right += 1 }
                return n
            })
            out[out.count - 1].note = String(format: "training accuracy %.4f", Double(right) / Double(max(1, n)))
        }
        return out
    }
}
