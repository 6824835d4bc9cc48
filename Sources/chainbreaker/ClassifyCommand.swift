import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import Foundation

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Fraud-type classification (案件类别) from case narratives: fill in the cases' missing categories, train, predict.",
        subcommands: [ClassifyCases.self, ClassifyTrain.self, ClassifyPredict.self, ClassifyCorpus.self],
        defaultSubcommand: ClassifyCases.self)
}

func loadClassifier(_ path: String?) throws -> HashedLinearClassifier {
    if let path { return try ClassifierModelFile.read(path) }
    return ClassifyJob.defaultModel
}

struct ClassifyCases: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "Predict the 案件类别 of the cases in the store (default subcommand).",
        discussion: "Cases without a category get the prediction; a category the case file gives (the analyst's) is kept and only compared with the prediction.")

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "A model from `classify train` (default: the built-in model).") var model: String?
    @Option(name: .long, help: "Cases listed in the terminal (JSON has all).") var limit: Int = 20
    @Flag(name: .long, help: "JSON: {\"cases\",\"filled\",\"kept_analyst\",\"analyst_checked\",\"analyst_agreed\",\"predictions\":[{\"id\",\"label\",\"confidence\"}]}.") var json = false

    func run() throws {
        do {
            let m = try loadClassifier(model)
            let r = try ClassifyJob.run(store: openStore(store.db), model: m)
            if json { printJSON(r); return }
            print("案件类别 Fraud types: \(r.cases) cases, \(r.filled) filled in, \(r.kept_analyst) kept (analyst's category)")
            if r.analyst_checked > 0 {
                print(String(format: "  the model agrees with %d of %d analyst categories it knows (%.1f%%)", r.analyst_agreed, r.analyst_checked,
                             100 * Double(r.analyst_agreed) / Double(r.analyst_checked)))
            }
            for c in r.predictions.prefix(limit) { print(String(format: "  %@  %@  %.2f", c.id, c.label, c.confidence)) }
            if r.predictions.count > limit { print("  … \(r.predictions.count - limit) more") }
        } catch { fail(error) }
    }
}

struct ClassifyTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a fraud-type model on a labelled CSV; prints the cross-validated macro-F1 and per-class F1.",
        discussion: "Character 1–3-grams hashed into 2^20 features; complement naive Bayes and softmax regression are cross-validated and the better (macro-F1) is kept. UTF-8 or GB18030; columns by header name or #N.")

    @Option(name: .long, help: "Labelled CSV.") var data: String
    @Option(name: .long, help: "Text column (header name or #N).") var textColumn: String
    @Option(name: .long, help: "Label column (header name or #N).") var labelColumn: String
    @Option(name: .long, help: "Model file to write.") var out: String
    @Option(name: .long, help: "Cross-validation folds (0: none).") var folds: Int = 5
    @Option(name: .long, help: "Engine: auto (both, the better kept), cnb or logistic.") var engine: String = "auto"
    @Option(name: .long, help: "Seed of the folds and of the SGD order.") var seed: UInt64 = 1
    @Flag(name: .long, help: "JSON report.") var json = false

    func run() throws {
        do {
            let engines: [TextClassifierEngine]?
            switch engine {
            case "auto": engines = nil
            case "cnb": engines = [.complementNB]
            case "logistic": engines = [.logistic]
            default: throw AppError(.usage, "unknown --engine \(engine) (auto, cnb, logistic)")
            }
            let (m, r) = try ClassifyJob.train(csv: data, textColumn: textColumn, labelColumn: labelColumn, folds: folds, seed: seed, engines: engines)
            try ClassifierModelFile.write(m, to: out)
            if json { printJSON(r); return }
            print("Trained on \(r.documents) texts, \(r.labels.count) labels, \(r.features) features; engine \(r.engine), temperature \(String(format: "%.4g", r.temperature)) → \(out)")
            for e in r.engines { print(String(format: "  %-8@ %d-fold macro-F1 %.4f  accuracy %.4f", e.engine, r.folds, e.macro_f1, e.accuracy)) }
            if r.macro_f1 != nil {
                print("  per class (\(r.engine)):")
                for l in r.labels { print(String(format: "    %@  F1 %.4f  P %.4f  R %.4f  (%d)", l.label, l.f1, l.precision, l.recall, l.support)) }
            }
        } catch { fail(error) }
    }
}

struct ClassifyPredict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the label of every row of a CSV.")

    @Option(name: .long, help: "A model from `classify train` (default: the built-in model).") var model: String?
    @Option(name: .long, help: "CSV to classify.") var data: String
    @Option(name: .long, help: "Text column (header name or #N).") var textColumn: String
    @Flag(name: .long, help: "JSON: {\"predictions\":[{\"row\",\"label\",\"confidence\"}]} (row 1 = first row after the header).") var json = false

    func run() throws {
        do {
            let r = try ClassifyJob.predict(loadClassifier(model), csv: data, textColumn: textColumn)
            if json { printJSON(r); return }
            for p in r.predictions { print(String(format: "%d\t%@\t%.4f", p.row, p.label, p.confidence)) }
        } catch { fail(error) }
    }
}

struct ClassifyCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Write the built-in model's training corpus (generated; text,label CSV).")

    @Option(name: .long, help: "CSV to write.") var out: String
    @Option(name: .long, help: "Texts per label.") var perLabel: Int = ClassifyJob.defaultCorpusPerLabel
    @Option(name: .long, help: "Seed.") var seed: UInt64 = ClassifyJob.defaultSeed

    func run() throws {
        do {
            guard perLabel >= 1 else { throw AppError(.usage, "--per-label must be at least 1") }
            let (texts, labels) = FraudCorpus.generate(perLabel: perLabel, seed: seed)
            var s = "text,label\n"
            for (t, l) in zip(texts, labels) { s += "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"," + l + "\n" }
            do { try s.write(toFile: out, atomically: true, encoding: .utf8) } catch { throw AppError(.input, "cannot write \(out)", cause: AppError.fileCause(error)) }
            print("\(texts.count) texts → \(out)")
        } catch { fail(error) }
    }
}
