import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerSQLite
import ChainBreakerTesting
import Foundation
import Testing

/// Generated case narratives (简要案情) with their true 案件类别 (truth/cases.json), per city.
enum ClassifyCities {
    struct Narratives: Sendable { var ids: [String]; var texts: [String]; var labels: [String]; var reported: [String]; var loss: [String] }
    nonisolated(unsafe) private static var cache: [UInt64: Narratives] = [:]
    private static let lock = NSLock()

    /// Noisier than the defaults (0.8): more spelling variants in the narratives.
    static func narratives(seed: UInt64) throws -> Narratives {
        lock.lock(); defer { lock.unlock() }
        if let n = cache[seed] { return n }
        let dir = NSTemporaryDirectory() + "cb-classify-\(getpid())-\(seed)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try CityGenerator(CityConfig(citizens: 3000, gangs: 10, seed: seed, noise: 0.8)).write(to: dir)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/truth/cases.json"))
        let truth = try JSONSerialization.jsonObject(with: data) as! [String: [String: Any]]
        let t = try ClassifyData.read(dir + "/cases.csv", textColumn: "简要案情", labelColumn: "案件编号")
        let r = try ClassifyData.read(dir + "/cases.csv", textColumn: "报案时间", labelColumn: "案件编号")
        let l = try ClassifyData.read(dir + "/cases.csv", textColumn: "损失金额", labelColumn: "案件编号")
        var n = Narratives(ids: [], texts: [], labels: [], reported: [], loss: [])
        let reported = Dictionary(zip(r.labels, r.texts), uniquingKeysWith: { a, _ in a })
        let loss = Dictionary(zip(l.labels, l.texts), uniquingKeysWith: { a, _ in a })
        for (id, text) in zip(t.labels, t.texts) {
            guard let type = truth[id]?["fraud_type"] as? String else { continue }
            n.ids.append(id); n.texts.append(text); n.labels.append(type)
            n.reported.append(reported[id] ?? "2021-04-01 10:00:00"); n.loss.append(loss[id] ?? "100")
        }
        cache[seed] = n
        return n
    }
}

@Suite("Fraud-type classification on generated cities", .serialized)
struct ClassifyTests {
    static let seeds: [UInt64] = [91, 92, 93]

    /// 5-fold cross-validation on each city's narratives (the pipeline as `classify train` runs it).
    @Test(arguments: seeds)
    func crossValidatedMacroF1OnNoisyNarratives(seed: UInt64) throws {
        let n = try ClassifyCities.narratives(seed: seed)
        #expect(n.texts.count >= 30)
        let r = TextClassifierTrainer(folds: 5, seed: seed).train(texts: n.texts, labels: n.labels)
        let best = try #require(r.chosen)
        print("classify seed \(seed): \(n.texts.count) narratives, \(Set(n.labels).count) types; " +
              r.evaluations.map { "\($0.engine.rawValue) macro-F1 \(String(format: "%.4f", $0.metrics.macroF1))" }.joined(separator: ", "))
        #expect(best.metrics.macroF1 >= 0.9)
    }

    /// The shipped model (trained on `FraudCorpus`, not on the generator's templates) on every
    /// city's narratives.
    @Test func defaultModelOnGeneratedNarratives() throws {
        let m = ClassifyJob.defaultModel
        #expect(m.labels == FraudTaxonomy.labels)
        var right = 0, total = 0
        for seed in ClassifyTests.seeds {
            let n = try ClassifyCities.narratives(seed: seed)
            let p = ClassifyJob.predict(m, texts: n.texts, rows: Array(1...n.texts.count))
            let ok = zip(p.predictions, n.labels).filter { $0.label == $1 }.count
            print("classify default model seed \(seed): \(ok)/\(n.texts.count)")
            right += ok; total += n.texts.count
        }
        #expect(Double(right) / Double(total) >= 0.85)
    }

    /// Cases imported without 案件类别 get it back from the narratives; analyst categories are kept,
    /// even one the model disagrees with, and a second run rewrites only predictions.
    @Test func storeFillsMissingCategoriesAndKeepsAnalystLabels() throws {
        let n = try ClassifyCities.narratives(seed: 94)
        // A model trained on other cities' narratives.
        var texts: [String] = [], labels: [String] = []
        for s in ClassifyTests.seeds { let o = try ClassifyCities.narratives(seed: s); texts += o.texts; labels += o.labels }
        let model = TextClassifierTrainer(engines: [.complementNB], folds: 0, seed: 1).train(texts: texts, labels: labels).model

        let dir = NSTemporaryDirectory() + "cb-classify-store-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var csv = "案件编号,报案时间,简要案情,损失金额,案件类别\n"
        var analyst: [String: String] = [:]
        for k in n.ids.indices {
            // Every fourth case keeps a category; every eighth an analyst's "其他" the model would not give.
            let given = k % 8 == 0 ? "其他" : (k % 4 == 0 ? n.labels[k] : "")
            if !given.isEmpty { analyst[n.ids[k]] = given }
            csv += "\(n.ids[k]),\(n.reported[k]),\"\(n.texts[k].replacingOccurrences(of: "\"", with: "\"\""))\",\(n.loss[k]),\(given)\n"
        }
        try csv.write(toFile: dir + "/cases.csv", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: dir + "/t.db")
        _ = try ImportPipeline(store: store).run([dir + "/cases.csv"])

        let r = try ClassifyJob.run(store: store, model: model)
        #expect(r.cases == n.ids.count)
        #expect(r.kept_analyst == analyst.count)
        #expect(r.filled == n.ids.count - analyst.count)
        let after = try store.loadCases()
        var recovered = 0, missing = 0
        let truth = Dictionary(uniqueKeysWithValues: zip(n.ids, n.labels))
        for c in after {
            if let a = analyst[c.id] {
                #expect(c.fraudType == a)
                #expect(c.fraudTypeConfidence == nil)
            } else {
                missing += 1
                #expect(c.fraudTypeConfidence != nil)
                if c.fraudType == truth[c.id] { recovered += 1 }
            }
        }
        print("classify store seed 94: recovered \(recovered)/\(missing)")
        #expect(Double(recovered) / Double(missing) >= 0.9)

        // Idempotent: predictions are rewritten, analyst categories never.
        let again = try ClassifyJob.run(store: store, model: model)
        #expect(again.filled == r.filled && again.kept_analyst == r.kept_analyst)
        #expect(try store.loadCases().map(\.fraudType) == after.map(\.fraudType))
    }

    @Test func trainPredictAndModelFileFromACSVInGB18030() throws {
        let dir = NSTemporaryDirectory() + "cb-classify-csv-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (texts, labels) = FraudCorpus.generate(perLabel: 20, seed: 4)
        var csv = "编号,案情,类别\n"
        for (k, (t, l)) in zip(texts, labels).enumerated() { csv += "\(k),\"\(t.replacingOccurrences(of: "\"", with: "\"\""))\",\(l)\n" }
        try Data(TextEncoding.utf8ToGB18030(csv)).write(to: URL(fileURLWithPath: dir + "/train.csv"))
        let (m, report) = try ClassifyJob.train(csv: dir + "/train.csv", textColumn: "案情", labelColumn: "#3", folds: 4, seed: 2)
        #expect(report.documents == texts.count)
        #expect(report.labels.count == FraudTaxonomy.labels.count)
        #expect(report.engines.count == 2)
        #expect((report.macro_f1 ?? 0) > 0.9)
        try ClassifierModelFile.write(m, to: dir + "/m.bin")
        let back = try ClassifierModelFile.read(dir + "/m.bin")
        #expect(back == m)
        let p = try ClassifyJob.predict(back, csv: dir + "/train.csv", textColumn: "#2")
        #expect(p.predictions.count == texts.count)
        #expect(p.predictions.first?.row == 1)
        #expect(p.predictions.allSatisfy { $0.confidence > 0 && $0.confidence <= 1 })
        #expect(throws: AppError.self) { try ClassifyData.read(dir + "/train.csv", textColumn: "没有这一列") }
        #expect(FraudTaxonomy.canonical("刷单返利类") == "刷单返利")
        #expect(FraudTaxonomy.canonical("冒充公检法诈骗") == "冒充公检法及政府机关")
        // A stray quote opening a text is a character: the rows after it are still read.
        try "编号,案情\n1,\"对方称刷单返利\n2,冒充客服退款\n3,网络贷款解冻金\n".write(toFile: dir + "/stray.csv", atomically: true, encoding: .utf8)
        let stray = try ClassifyData.read(dir + "/stray.csv", textColumn: "案情")
        #expect(stray.rows == [1, 2, 3])
        #expect(stray.texts == ["\"对方称刷单返利", "冒充客服退款", "网络贷款解冻金"])
    }
}
