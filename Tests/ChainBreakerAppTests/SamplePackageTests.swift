import ChainBreakerApp
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation
import Testing

/// The repository's sibling `shared/samples/small-city`, when present.
func samplePackage() -> String? {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let p = url.deletingLastPathComponent().appendingPathComponent("shared/samples/small-city").path
    return FileManager.default.fileExists(atPath: p) ? p : nil
}

func tempDir() -> String {
    let d = NSTemporaryDirectory() + "cb-app-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

@Suite struct SamplePackageTests {
    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func importMatchesTheSampleTruth() throws {
        let pkg = samplePackage()!
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: pkg + "/truth/summary.json"))) as! [String: Any]
        let dbDir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dbDir) }
        let db = dbDir + "/t.db"
        let store = try SQLiteStore(path: db)
        let summary = try ImportPipeline(store: store, rejectsPath: db + ".rejects.csv").run([pkg])
        #expect(summary.transfers == truth["unique_visible_transfers"] as? Int)
        #expect(summary.cases == truth["reported_cases"] as? Int)
        #expect(summary.calls == truth["calls_written"] as? Int)
        #expect(summary.imAccounts == truth["im_accounts"] as? Int)
        #expect(summary.imUnblocks == truth["im_unblocks"] as? Int)
        #expect(summary.orders == truth["orders"] as? Int)
        #expect(summary.tags == truth["tags"] as? Int)
        #expect(summary.events == truth["events"] as? Int)
        let files = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: pkg + "/truth/files.json"))) as! [[String: Any]]
        #expect(summary.entries == files.reduce(0) { $0 + ($1["rows"] as! Int) })
        #expect(summary.rowsRejected == 0)

        // The bulk readers give back what was imported.
        let calls = try store.loadCalls(), im = try store.loadIMAccounts(), unblocks = try store.loadIMUnblocks()
        #expect(calls.count == summary.calls && im.count == summary.imAccounts && unblocks.count == summary.imUnblocks)
        #expect(try store.loadTags().count == summary.tags && store.loadOrders().count == summary.orders)
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.time <= $1.time })
        let first = try #require(unblocks.first { $0.account == "5393634030" })
        #expect(first.platform == .qq && first.method == "好友辅助验证" && first.helpers == ["94805175", "6490050308", "78310801"])

        // Importing again changes nothing.
        let before = try store.counts()
        let again = try ImportPipeline(store: store).run([pkg])
        #expect(again.files == 0 && again.filesSkipped == summary.files && again.transfers == 0)
        #expect(try store.counts() == before)
    }

    @Test func rejectedRowsAreReportedAndStrictRejectsTheFile() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/calls.csv"
        try "主叫号码,被叫号码,类型,开始时间,时长秒\n13800138000,13900139000,语音,2021-04-01 07:11:46,41\n13800138000,13900139000,语音,2021-04-31 07:11:46,41\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let strictStore = try SQLiteStore(path: dir + "/s.db")
        #expect(throws: AppError.self) { try ImportPipeline(store: strictStore, options: ImportOptions(strict: true)).run([file]) }
        #expect(try strictStore.counts().calls == 0)
        let store = try SQLiteStore(path: dir + "/t.db")
        let s = try ImportPipeline(store: store, rejectsPath: dir + "/t.db.rejects.csv").run([file])
        #expect(s.calls == 1 && s.rowsRejected == 1)
        let rejects = try String(contentsOfFile: dir + "/t.db.rejects.csv", encoding: .utf8)
        #expect(rejects.contains("calls.csv,3,unreadable 开始时间"))
    }

    @Test func unknownAndCorruptFilesGiveOneClearError() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "hello,world\n1,2\n".write(toFile: dir + "/x.csv", atomically: true, encoding: .utf8)
        try Data([0xFF, 0xFE, 0x00, 0x81, 0x30, 0xFF]).write(to: URL(fileURLWithPath: dir + "/y.csv"))
        let store = try SQLiteStore(path: dir + "/t.db")
        for f in ["/x.csv", "/y.csv", "/missing.csv"] {
            do { _ = try ImportPipeline(store: store).run([dir + f]); Issue.record("\(f) must fail") } catch {
                #expect(error.code == .input || error.code == .notFound)
            }
        }
    }
}

@Suite struct ResentFileTests {
    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func aStatementResentWithAnotherTitleAddsNothing() throws {
        let pkg = samplePackage()!
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = pkg + "/statements/BANK_CCB_1.csv"   // UTF-8, no title line
        let store = try SQLiteStore(path: dir + "/t.db")
        let first = try ImportPipeline(store: store).run([original])
        #expect(first.entries > 0 && first.transfers > 0)
        // The bank sends the same rows again, with a title line: other bytes, same rows.
        let resent = dir + "/BANK_CCB_2.csv"
        try ("中国建设银行交易明细\n" + String(contentsOfFile: original, encoding: .utf8)).write(toFile: resent, atomically: true, encoding: .utf8)
        let before = try store.counts()
        let second = try ImportPipeline(store: store).run([resent])
        #expect(second.files == 1 && second.entries == 0 && second.transfers == 0)
        #expect(try store.counts().transfers == before.transfers)
        #expect(try store.counts().entries == before.entries)
    }

    @Test func unknownFilesInAFolderAreSkippedNotFatal() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "just notes\n".write(toFile: dir + "/README.txt", atomically: true, encoding: .utf8)
        try "主叫号码,被叫号码,类型,开始时间,时长秒\n13800138000,13900139000,语音,2021-04-01 07:11:46,41\n".write(toFile: dir + "/calls.csv", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: dir + "/t.db")
        let s = try ImportPipeline(store: store).run([dir])
        #expect(s.files == 1 && s.filesSkipped == 1 && s.calls == 1)
        #expect(throws: AppError.self) { try ImportPipeline(store: store).run([dir + "/README.txt"]) }
    }
}

@Suite struct PartialFailureTests {
    /// A bad file stops the run with its error, but files imported before it keep their
    /// transfers derived and their rejected rows reported.
    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func earlierFilesAreFinishedWhenALaterOneFails() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "hello,world\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: dir + "/t.db")
        #expect(throws: AppError.self) {
            try ImportPipeline(store: store).run([samplePackage()! + "/statements/BANK_CCB_1.csv", dir + "/bad.csv"])
        }
        #expect(!(try store.needsDerivation()))
        #expect(try store.counts().transfers > 0)
    }
}
