import ChainBreakerApp
import ChainBreakerCore
import Foundation
import Testing

@Suite struct RatingModelTests {
    @Test func labelsFromCSVAndJSON() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "account,label\n6222 0000 1111 2222,malicious\n6222000011113333,可疑\n".write(toFile: dir + "/l.csv", atomically: true, encoding: .utf8)
        let csv = try RatingModelFile.labels(dir + "/l.csv")
        #expect(csv == ["6222000011112222": .malicious, "6222000011113333": .suspicious])
        try #"{"6222000011112222": {"label": "normal", "role": "citizen"}}"#.write(toFile: dir + "/l.json", atomically: true, encoding: .utf8)
        #expect(try RatingModelFile.labels(dir + "/l.json") == ["6222000011112222": .normal])
        try "account,label\n6222000011112222,bad\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        #expect(throws: AppError.self) { try RatingModelFile.labels(dir + "/bad.csv") }
        #expect(throws: AppError.self) { try RatingModelFile.labels(dir + "/missing.csv") }
        // Blank lines are skipped and still counted: the error names the line an editor shows.
        try "account,label\r\n\r\n6222000011112222,malicious\r\n\r\n6222000011113333,bad\r\n".write(toFile: dir + "/gap.csv", atomically: true, encoding: .utf8)
        do { _ = try RatingModelFile.labels(dir + "/gap.csv"); Issue.record("a bad label was accepted") } catch {
            #expect(error.message.contains("gap.csv:5:"), "\(error.message)")
        }
    }

    /// Train on one city's ground truth, save, load, rate another city: the model separates the
    /// groups' accounts there too, and never rates a hard negative malicious.
    @Test func trainSaveLoadRateAnotherCity() throws {
        let a = try TestCities.city(seed: 61, citizens: 3000, gangs: 4), b = try TestCities.city(seed: 62, citizens: 3000, gangs: 4)
        let wa = try TraceWorkspace(store: a.store)
        var dense: [Int32: RiskLevel] = [:]
        for (acct, l) in try RatingModelFile.labels(a.dir + "/truth/accounts.json") { if let i = wa.index[acct] { dense[i] = l } }
        let model = LogisticRater.train(graph: wa.graph, context: RatingJob.context(wa), labels: dense)
        let path = tempDir() + "/m.json"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try RatingModelFile.write(.logistic(model), trainedOn: dense.count, to: path)
        guard case .logistic(let loaded) = try RatingModelFile.read(path) else { Issue.record("wrong engine"); return }
        #expect(loaded == model)
        let wb = try TraceWorkspace(store: b.store)
        let (report, _) = RatingJob.run(wb, rater: loaded, engine: "logistic")
        let s = try RatingScore.score(report, accounts: wb.table.accounts, package: b.dir)
        print("logistic trained on 61, rated 62:", s)
        #expect(s.f1 >= 0.9)
        #expect(s.hardNegativesMalicious.isEmpty)
        for r in report.accounts where r.level != "normal" { #expect(!r.reasons.isEmpty) }
    }
}
