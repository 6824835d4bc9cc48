/// One predicted label with its confidence.
public struct TextPrediction: Sendable, Equatable {
    /// Index into the classifier's `labels`.
    public var label: Int
    /// Probability of `label` (the largest of `probabilities`).
    public var confidence: Double
    /// Probability of every label, summing to 1.
    public var probabilities: [Double]
    public init(label: Int, confidence: Double, probabilities: [Double]) {
        self.label = label; self.confidence = confidence; self.probabilities = probabilities
    }
}

/// A trained text classifier: labels, and a probability for each of them given a text.
/// Implementations are pure values, deterministic for their training seed.
public protocol TextClassifier: Sendable {
    /// The label names, in the order of `TextPrediction.label` and `probabilities`.
    var labels: [String] { get }
    /// Turns text into the classifier's features.
    var hasher: NGramHasher { get }
    /// Probabilities of every label for a featurised text.
    func predict(features: HashedFeatures) -> TextPrediction
}

extension TextClassifier {
    /// Probabilities of every label for a text.
    public func predict(_ text: String) -> TextPrediction { predict(features: hasher.features(text)) }
}

/// The engines that train a `HashedLinearClassifier`.
public enum TextClassifierEngine: String, Sendable, CaseIterable, Codable {
    /// Complement naive Bayes (`ComplementNaiveBayes`).
    case complementNB = "cnb"
    /// Multinomial logistic regression (`SoftmaxRegression`).
    case logistic
}
