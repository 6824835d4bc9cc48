/// Confusion matrix and per-class precision, recall and F1 of a multi-class prediction; macro-F1
/// is the unweighted mean of the F1 of the classes that occur in the truth or the predictions
/// (so a rare class counts as much as a common one). O(n + C²).
public struct ClassificationMetrics: Sendable, Equatable {
    public var labels: [String]
    /// confusion[truth][predicted]
    public var confusion: [[Int]]

    public init(labels: [String], truth: [Int32], predicted: [Int32]) {
        precondition(truth.count == predicted.count)
        self.labels = labels
        var m = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (t, p) in zip(truth, predicted) { m[Int(t)][Int(p)] += 1 }
        confusion = m
    }

    public var count: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    public func support(_ k: Int) -> Int { confusion[k].reduce(0, +) }
    public func predictedCount(_ k: Int) -> Int { confusion.reduce(0) { $0 + $1[k] } }
    public func precision(_ k: Int) -> Double { let p = predictedCount(k); return p == 0 ? 0 : Double(confusion[k][k]) / Double(p) }
    public func recall(_ k: Int) -> Double { let s = support(k); return s == 0 ? 0 : Double(confusion[k][k]) / Double(s) }
    public func f1(_ k: Int) -> Double {
        let tp = Double(confusion[k][k])
        let d = Double(support(k) + predictedCount(k))
        return d == 0 ? 0 : 2 * tp / d
    }
    public var accuracy: Double {
        let n = count
        return n == 0 ? 0 : Double(labels.indices.reduce(0) { $0 + confusion[$1][$1] }) / Double(n)
    }
    /// Classes that occur in the truth or the predictions.
    public var activeClasses: [Int] { labels.indices.filter { support($0) + predictedCount($0) > 0 } }
    public var macroF1: Double {
        let a = activeClasses
        return a.isEmpty ? 0 : a.reduce(0) { $0 + f1($1) } / Double(a.count)
    }
}
