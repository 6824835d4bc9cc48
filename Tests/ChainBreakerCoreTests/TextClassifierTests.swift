import Testing
@testable import ChainBreakerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Fraud-type text classifier")
struct TextClassifierTests {
    @Test func fnv1aKnownAnswers() {
        // Published FNV-1a 64-bit test vectors.
        #expect(NGramHasher.fnv1a64([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(NGramHasher.fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(NGramHasher.fnv1a64(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }

    @Test func normalisationFoldsCaseWidthDigitsAndSpace() {
        let s = NGramHasher.normalize("ＡＢ 12３4x\t刷单")
        #expect(String(String.UnicodeScalarView(s)) == "ab0x刷单")
    }

    @Test func ngramIndicesOfASmallString() {
        let h = NGramHasher(minN: 1, maxN: 3, bits: 20)
        let idx = h.indices("刷单返利")
        // 4 unigrams, 3 bigrams, 2 trigrams, in (start, n) order.
        #expect(idx.count == 9)
        func ix(_ s: String) -> UInt32 { NGramHasher.index(NGramHasher.fnv1a64(Array(s.utf8)), bits: 20) }
        #expect(idx == [ix("刷"), ix("刷单"), ix("刷单返"), ix("单"), ix("单返"), ix("单返利"), ix("返"), ix("返利"), ix("利")])
        #expect(idx.allSatisfy { $0 < 1 << 20 })
        #expect(NGramHasher(minN: 2, maxN: 2, bits: 20).indices("刷单返利") == [ix("刷单"), ix("单返"), ix("返利")])
        #expect(h.indices("").isEmpty)
    }

    @Test func featuresAreSublinearAndUnitLength() {
        let h = NGramHasher(minN: 1, maxN: 1, bits: 16)
        let f = h.features("aab")
        // a: tf 2 → 1 + ln 2; b: tf 1 → 1; then L2-normalised.
        let a = 1 + log(2.0), b = 1.0, n = (a * a + b * b).squareRoot()
        #expect(f.count == 2)
        let ia = NGramHasher.index(NGramHasher.fnv1a64(Array("a".utf8)), bits: 16)
        let k = f.indices.firstIndex(of: ia)!
        #expect(abs(Double(f.values[k]) - a / n) < 1e-6)
        #expect(abs(Double(f.values[1 - k]) - b / n) < 1e-6)
        #expect(f.indices == f.indices.sorted())
        let g = NGramHasher().features("冒充公检法民警称其涉嫌洗钱")
        #expect(abs(g.values.reduce(0) { $0 + Double($1 * $1) } - 1) < 1e-5)
    }

    /// Two one-character documents, one per class: the complement weights, scores and posterior
    /// worked out by hand from Rennie et al.'s formulas.
    @Test func complementNBHandComputedPosterior() {
        let h = NGramHasher(minN: 1, maxN: 1, bits: 10)
        let docs = ["a", "b"].map { h.features($0) }
        let alpha = 0.5
        let m = ComplementNaiveBayes.train(docs, labels: [0, 1], classLabels: ["A", "B"], hasher: h, alpha: alpha)
        let idf = log(3.0 / 2.0) + 1          // N = 2, df = 1
        let d = 1024.0
        // Complement of A is B's mass (idf on b): θ̃_Aa = α/(idf + αD), θ̃_Ab = (idf + α)/(idf + αD).
        let lowA = log(alpha / (idf + alpha * d)), highA = log((idf + alpha) / (idf + alpha * d))
        let z = abs(lowA) + abs(highA)
        // Text "a" (x_a = 1): score_A = −idf·w_Aa = −idf·lowA/z, score_B = −idf·w_Ba = −idf·highA/z.
        let x = h.features("a")
        let s = m.scores(x)
        #expect(abs(s[0] - (-idf * lowA / z)) < 1e-5)
        #expect(abs(s[1] - (-idf * highA / z)) < 1e-5)
        var m1 = m
        m1.temperature = 1
        let p = m1.predict(features: x)
        #expect(p.label == 0)
        #expect(abs(p.probabilities[0] - 1 / (1 + exp(s[1] - s[0]))) < 1e-9)
        #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-12)
        // A character never seen in training scores with the unseen weights only.
        let u = m.scores(h.features("c"))
        #expect(abs(u[0] - Double(m.unseen[0])) < 1e-6 && abs(u[1] - Double(m.unseen[1])) < 1e-6)
        #expect(m.predict(features: h.features("b")).label == 1)
    }

    @Test func softmaxRegressionFitsASeparableCorpusDeterministically() {
        let texts = ["民警称其涉嫌洗钱", "公安局通缉令安全账户", "刷单返利佣金任务", "兼职点赞返佣金", "低息贷款解冻金", "网贷放款保证金"]
        let y: [Int32] = [0, 0, 1, 1, 2, 2]
        let h = NGramHasher()
        let docs = texts.map { h.features($0) }
        let a = SoftmaxRegression.train(docs, labels: y, classLabels: ["公检法", "刷单", "贷款"], hasher: h, parameters: .init(epochs: 30, seed: 7))
        let b = SoftmaxRegression.train(docs, labels: y, classLabels: ["公检法", "刷单", "贷款"], hasher: h, parameters: .init(epochs: 30, seed: 7))
        #expect(a == b)
        for (d, t) in texts.enumerated() { #expect(a.predict(t).label == Int(y[d])) }
        #expect(a.predict("公安局民警").label == 0)
    }

    @Test func metricsKnownAnswer() {
        // truth 0 0 1 1 2, predicted 0 1 1 1 0
        let m = ClassificationMetrics(labels: ["x", "y", "z"], truth: [0, 0, 1, 1, 2], predicted: [0, 1, 1, 1, 0])
        #expect(m.confusion == [[1, 1, 0], [0, 2, 0], [1, 0, 0]])
        #expect(abs(m.f1(0) - 0.5) < 1e-12)          // tp 1, support 2, predicted 2
        #expect(abs(m.f1(1) - 0.8) < 1e-12)          // tp 2, support 2, predicted 3
        #expect(m.f1(2) == 0)
        #expect(abs(m.macroF1 - 1.3 / 3) < 1e-12)
        #expect(abs(m.accuracy - 0.6) < 1e-12)
    }

    @Test func stratifiedFoldsKeepClassShares() {
        let y: [Int32] = (0..<100).map { Int32($0 % 4 == 0 ? 1 : 0) }   // 75 / 25
        let f = TextClassifierTrainer.stratifiedFolds(y, classes: 2, folds: 5, seed: 3)
        for k in 0..<Int32(5) {
            let members = y.indices.filter { f[$0] == k }
            #expect(members.count == 20)
            #expect(members.filter { y[$0] == 1 }.count == 5)
        }
        #expect(f == TextClassifierTrainer.stratifiedFolds(y, classes: 2, folds: 5, seed: 3))
    }

    @Test func modelFormatRoundTrips() {
        let texts = ["民警称其涉嫌洗钱需配合调查", "刷单返利做任务返佣金", "低息贷款需交解冻金", "公安局称其名下银行卡涉案", "兼职刷单垫付本金", "网贷平台放款前交保证金"]
        let labels = ["公检法", "刷单", "贷款", "公检法", "刷单", "贷款"]
        for engines in [[TextClassifierEngine.complementNB], [.logistic]] {
            let r = TextClassifierTrainer(engines: engines, folds: 0, seed: 5).train(texts: texts, labels: labels)
            let bytes = r.model.serialize()
            let back = HashedLinearClassifier(bytes: bytes)
            #expect(back == r.model)
            #expect(back?.predict("民警说涉嫌洗钱") == r.model.predict("民警说涉嫌洗钱"))
            #expect(HashedLinearClassifier(bytes: Array(bytes.dropLast())) == nil)
            var bad = bytes; bad[0] = 0x58
            #expect(HashedLinearClassifier(bytes: bad) == nil)
        }
        #expect(HashedLinearClassifier(bytes: []) == nil)
    }

    @Test func trainerPicksByCrossValidatedMacroF1AndCalibrates() {
        let texts = (0..<30).map { k in ["民警称其涉嫌洗钱案\(k)", "刷单返利任务佣金\(k)", "网贷放款解冻金\(k)"][k % 3] }
        let labels = (0..<30).map { ["公检法", "刷单", "贷款"][$0 % 3] }
        let r = TextClassifierTrainer(folds: 5, seed: 9).train(texts: texts, labels: labels)
        #expect(r.evaluations.count == 2)
        #expect(r.chosen != nil)
        #expect(r.chosen!.metrics.macroF1 >= r.evaluations.map(\.metrics.macroF1).max()! - 1e-12)
        #expect(r.chosen!.metrics.count == 30)
        let p = r.model.predict("民警说涉嫌洗钱")
        #expect(r.model.labels[p.label] == "公检法")
        // Label smoothing keeps the fitted temperature finite: confident but not 1.
        #expect(p.confidence > 0.6 && p.confidence < 0.9999)
    }
}
