import ChainBreakerCore
import ChainBreakerStore
import Foundation

/// Cross-validated quality of a trained fraud-type model, as `classify train` prints it.
public struct ClassifyTrainReport: Sendable, Codable, Equatable {
    public struct LabelScore: Sendable, Codable, Equatable {
        public var label: String
        public var support: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }
    public struct EngineScore: Sendable, Codable, Equatable {
        public var engine: String
        public var macro_f1: Double
        public var accuracy: Double
    }
    public var documents: Int
    public var folds: Int
    /// Engine kept (the higher cross-validated macro-F1).
    public var engine: String
    public var engines: [EngineScore]
    /// Cross-validated scores of the kept engine (nil without cross-validation).
    public var macro_f1: Double?
    public var accuracy: Double?
    public var labels: [LabelScore]
    public var temperature: Double
    public var features: Int
}

/// Predictions for the rows of a CSV.
public struct ClassifyPredictions: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        /// Data row number (1 = first row after the header).
        public var row: Int
        public var label: String
        public var confidence: Double
    }
    public var predictions: [Row]
}

/// What `classify` did to the cases of a store.
public struct ClassifyStoreReport: Sendable, Codable, Equatable {
    public struct Case: Sendable, Codable, Equatable {
        public var id: String
        public var label: String
        public var confidence: Double
    }
    public var cases: Int
    /// Cases whose 案件类别 was missing (or predicted before) and is now the prediction.
    public var filled: Int
    /// Cases with an analyst's 案件类别, left as they were.
    public var kept_analyst: Int
    /// Of the analyst-labelled cases whose label the model knows: how many the model agrees with.
    public var analyst_checked: Int
    public var analyst_agreed: Int
    public var predictions: [Case]
}

/// Fraud-type classification (案件类别) as the CLI and the server use it: training from a labelled
/// CSV with cross-validation, prediction for a CSV, and filling in the missing categories of the
/// cases in a store with the default or a given model.
public enum ClassifyJob {
    /// Documents per label of `FraudCorpus` the default model is trained on, and the seed.
    public static let defaultCorpusPerLabel = 300
    public static let defaultSeed: UInt64 = 2023

    /// The model that ships with the product: complement NB trained, the first time it is
    /// needed, on `FraudCorpus` (hand-written fragments composed by a seeded generator), with
    /// its temperature fitted by 5-fold cross-validation. Deterministic; about a second.
    public static let defaultModel: HashedLinearClassifier = {
        let (texts, labels) = FraudCorpus.generate(perLabel: defaultCorpusPerLabel, seed: defaultSeed)
        let trainer = TextClassifierTrainer(engines: [.complementNB], folds: 5, seed: defaultSeed)
        return trainer.train(texts: texts, labels: labels, labelOrder: FraudTaxonomy.labels).model
    }()

    /// The report's hook (`ReportJob.gather(labeler:)`): the model's fraud type for a narrative
    /// whose case has no 案件类别; nil for an empty narrative.
    public static func labeler(_ model: some TextClassifier) -> @Sendable (String) -> String? {
        { text in text.isEmpty ? nil : model.labels[model.predict(text).label] }
    }

    public static func report(_ r: TextClassifierTrainer.Result, documents: Int, folds: Int) -> ClassifyTrainReport {
        let m = r.model
        let ev = r.chosen
        let labels = m.labels.indices.map { k in
            ClassifyTrainReport.LabelScore(label: m.labels[k], support: ev?.metrics.support(k) ?? 0,
                                           precision: rounded(ev?.metrics.precision(k) ?? 0), recall: rounded(ev?.metrics.recall(k) ?? 0),
                                           f1: rounded(ev?.metrics.f1(k) ?? 0))
        }
        return ClassifyTrainReport(documents: documents, folds: folds, engine: m.engine.rawValue,
                                   engines: r.evaluations.map { .init(engine: $0.engine.rawValue, macro_f1: rounded($0.metrics.macroF1), accuracy: rounded($0.metrics.accuracy)) },
                                   macro_f1: ev.map { rounded($0.metrics.macroF1) }, accuracy: ev.map { rounded($0.metrics.accuracy) },
                                   labels: labels, temperature: m.temperature, features: m.features.count)
    }

    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// Trains on a labelled CSV. `engines` nil: both, the better kept.
    public static func train(csv path: String, textColumn: String, labelColumn: String, folds: Int = 5, seed: UInt64 = 1,
                             engines: [TextClassifierEngine]? = nil) throws(AppError) -> (HashedLinearClassifier, ClassifyTrainReport) {
        guard folds == 0 || folds >= 2 else { throw AppError(.usage, "--folds must be 0 (no cross-validation) or at least 2") }
        let t = try ClassifyData.read(path, textColumn: textColumn, labelColumn: labelColumn)
        guard !t.texts.isEmpty else { throw AppError(.input, "\(path): no row has both a text and a label") }
        let labels = Array(Set(t.labels)).sorted()
        guard labels.count >= 2 else { throw AppError(.input, "\(path): at least two different labels are needed (found \(labels.joined(separator: ", ")))") }
        let trainer = TextClassifierTrainer(engines: engines ?? TextClassifierEngine.allCases, folds: folds, seed: seed)
        let r = trainer.train(texts: t.texts, labels: t.labels, labelOrder: labels)
        return (r.model, report(r, documents: t.texts.count, folds: folds))
    }

    public static func predict(_ model: some TextClassifier, texts: [String], rows: [Int]) -> ClassifyPredictions {
        ClassifyPredictions(predictions: zip(rows, texts).map { row, text in
            let p = model.predict(text)
            return .init(row: row, label: model.labels[p.label], confidence: rounded(p.confidence))
        })
    }

    public static func predict(_ model: some TextClassifier, csv path: String, textColumn: String) throws(AppError) -> ClassifyPredictions {
        let t = try ClassifyData.read(path, textColumn: textColumn)
        return predict(model, texts: t.texts, rows: t.rows)
    }

    /// Predicts the 案件类别 of every case of the store from its 简要案情 and writes it where the
    /// case file gives none (or a prediction was written before); an analyst's category is kept
    /// and compared with the prediction.
    public static func run(store: any ChainBreakerStore, model: some TextClassifier) throws(AppError) -> ClassifyStoreReport {
        let cases: [CaseReport]
        do { cases = try store.loadCases() } catch { throw AppError(.store, "cannot load cases", cause: "\(error)") }
        var out: [CaseCategoryPrediction] = []
        var shown: [ClassifyStoreReport.Case] = []
        var checked = 0, agreed = 0, analyst = 0
        let known = Set(model.labels)
        for c in cases {
            let given = c.fraudType.map(FraudTaxonomy.canonical) ?? ""
            let p = model.predict(c.narrative)
            let label = model.labels[p.label]
            if !given.isEmpty && c.fraudTypeConfidence == nil {
                analyst += 1
                if known.contains(given) { checked += 1; if given == label { agreed += 1 } }
                continue
            }
            out.append(CaseCategoryPrediction(caseID: c.id, category: label, confidence: rounded(p.confidence)))
            shown.append(.init(id: c.id, label: label, confidence: rounded(p.confidence)))
        }
        let counts: CaseCategoryCounts
        do { counts = try store.setPredictedCaseCategories(out) } catch { throw AppError(.store, "cannot write case categories", cause: "\(error)") }
        return ClassifyStoreReport(cases: cases.count, filled: counts.written, kept_analyst: analyst + counts.keptAnalyst,
                                   analyst_checked: checked, analyst_agreed: agreed, predictions: shown)
    }
}
