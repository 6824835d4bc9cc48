import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerPostgres
import ChainBreakerSQLite
import ChainBreakerStore
import ChainBreakerTesting
import Foundation
import Testing

/// The repository's sibling `shared/samples/small-city`, when present.
func samplePackage() -> String? {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let p = url.deletingLastPathComponent().appendingPathComponent("shared/samples/small-city").path
    return FileManager.default.fileExists(atPath: p) ? p : nil
}

func temporaryFolder() -> String {
    let d = NSTemporaryDirectory() + "cb-pg-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

func json<T: Encodable>(_ v: T) throws -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return String(decoding: try e.encode(v), as: UTF8.self)
}

/// The same files through the real `ImportPipeline` into a SQLite store and a PostgreSQL store:
/// everything the stores give back, and the analyses run over them, must be the same.
@Suite(.enabled(if: PGTest.enabled, PGTest.skipReason))
struct StoreConformanceTests {
    /// Asserts that two stores hold the same data (transfers in the same order, dense ids equal).
    func expectSameContents(_ a: any ChainBreakerStore, _ b: any ChainBreakerStore) throws {
        #expect(try a.counts() == b.counts())
        #expect(try a.needsDerivation() == b.needsDerivation())
        #expect(try a.derivedTransferCount() == b.derivedTransferCount())
        let (t1, f1) = try a.loadGraph()
        let (t2, f2) = try b.loadGraph()
        #expect(t1.accounts == t2.accounts)
        #expect(t1.from == t2.from && t1.to == t2.to)
        #expect(t1.amountFen == t2.amountFen && t1.time == t2.time && t1.channel == t2.channel)
        #expect(f1.hasStatement == f2.hasStatement)
        #expect(f1.holderID == f2.holderID && f1.holderName == f2.holderName)
        #expect(f1.tags.map { "\($0.account) \($0.label)" }.sorted() == f2.tags.map { "\($0.account) \($0.label)" }.sorted())
        #expect(f1.devices.map { "\($0.account) \($0.device)" }.sorted() == f2.devices.map { "\($0.account) \($0.device)" }.sorted())
        #expect(f1.incomingSummaries.map { "\($0.account) \($0.summary) \($0.count)" }.sorted()
                == f2.incomingSummaries.map { "\($0.account) \($0.summary) \($0.count)" }.sorted())
        let t3 = try b.loadTransfers()
        #expect(t3.accounts == t2.accounts && t3.from == t2.from && t3.amountFen == t2.amountFen)
        #expect(try a.loadCases() == b.loadCases())
        #expect(try a.loadCalls() == b.loadCalls())
        #expect(try a.loadEvents(type: nil) == b.loadEvents(type: nil))
        #expect(try a.loadEvents(type: .transfer) == b.loadEvents(type: .transfer))
        #expect(try a.rejects() == b.rejects())
        #expect(try a.loadIMAccounts() == b.loadIMAccounts())
        #expect(try a.loadIMUnblocks() == b.loadIMUnblocks())
        #expect(try a.loadOrders() == b.loadOrders())
        #expect(try a.loadTags() == b.loadTags())
    }

    @Test(.enabled(if: samplePackage() != nil, "shared/samples/small-city is not beside the repository"))
    func sampleCityAgreesWithSQLite() throws {
        let pkg = samplePackage()!
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: pkg + "/truth/summary.json"))) as! [String: Any]
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sqlite = try SQLiteStore(path: dir + "/t.db", now: { 0 })
        let s1 = try ImportPipeline(store: sqlite).run([pkg])
        try PGTest.withStore { pg in
            let s2 = try ImportPipeline(store: pg).run([pkg])
            #expect(s1 == s2)
            // Known answers: the generator's truth for the sample.
            #expect(s2.transfers == truth["unique_visible_transfers"] as? Int)
            #expect(s2.cases == truth["reported_cases"] as? Int)
            #expect(s2.calls == truth["calls_written"] as? Int)
            #expect(s2.imAccounts == truth["im_accounts"] as? Int)
            #expect(s2.orders == truth["orders"] as? Int)
            #expect(s2.events == truth["events"] as? Int)
            #expect(s2.transfers > 1000 && s2.entries > s2.transfers)
            try expectSameContents(sqlite, pg)

            // Importing the package again changes nothing.
            let again = try ImportPipeline(store: pg).run([pkg])
            #expect(again.files == 0 && again.filesSkipped == s2.files + s2.filesSkipped && again.transfers == 0)
            #expect(try pg.counts() == sqlite.counts())

            // Analyses over both stores give the same answers.
            let w1 = try TraceWorkspace(store: sqlite), w2 = try TraceWorkspace(store: pg)
            let traces1 = try w1.traceCases(), traces2 = try w2.traceCases()
            #expect(traces1.traces.count == truth["reported_cases"] as? Int)
            #expect(try json(traces1) == json(traces2))
            let r1 = RatingJob.run(w1, rater: RuleRater(), engine: "rules").0, r2 = RatingJob.run(w2, rater: RuleRater(), engine: "rules").0
            #expect(r1.accounts.contains { $0.level == "malicious" })
            #expect(try json(r1) == json(r2))
            #expect(try json(LinkJob.run(store: sqlite)) == json(LinkJob.run(store: pg)))
            #expect(try json(LeakJob.run(store: sqlite)) == json(LeakJob.run(store: pg)))

            // Predicted categories land the same way in both.
            let predictions = try sqlite.loadCases().enumerated().map {
                CaseCategoryPrediction(caseID: $0.element.id, category: "刷单返利", confidence: Double($0.offset % 10) / 10)
            }
            #expect(try sqlite.setPredictedCaseCategories(predictions) == pg.setPredictedCaseCategories(predictions))
            #expect(try sqlite.loadCases() == pg.loadCases())
        }
    }

    /// A generated city (statements, TENPAY, cases, calls, IM, orders, tags, events) plus a mapped
    /// transfer CSV with a rejected row, imported in two runs: contents and a trace agree.
    @Test func generatedCityAndMappedTransfersAgreeWithSQLite() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try CityGenerator(CityConfig(citizens: 300, gangs: 1, seed: 4242, noise: 0.5)).write(to: dir + "/city")
        let csv = """
            txn_id,from_account,to_account,amount,timestamp,channel
            T1,6222021234567890123,6222029876543210987,100.50,2024-03-01 10:00:00,ATM
            T2,wxid_abc,6222021234567890123,2000,2024-03-01 11:00:00,tenpay
            T3,6222029876543210987,,77,2024-03-01 12:00:00,
            T4,6222029876543210987,wxid_abc,not-a-number,2024-03-01 13:00:00,bank
            T5,09990001,6222021234567890123,3.07,2024-03-02 09:30:00,counter
            """
        try csv.write(toFile: dir + "/transfers.csv", atomically: true, encoding: .utf8)
        let mapping = try TransferColumnMapping.parse("from=from_account,to=to_account,amount=amount,time=timestamp,id=txn_id,channel=channel")
        let sqlite = try SQLiteStore(path: dir + "/t.db", now: { 0 })
        try PGTest.withStore { pg in
            for store in [sqlite as any ChainBreakerStore, pg] {
                let a = try ImportPipeline(store: store, options: ImportOptions(kind: .transfers, mapping: mapping)).run([dir + "/transfers.csv"])
                #expect(a.transfers == 4 && a.rowsRejected == 1)
                let b = try ImportPipeline(store: store).run([dir + "/city"])
                #expect(b.files > 5 && b.transfers > 100)
            }
            #expect(try pg.rejects().count == 1)
            try expectSameContents(sqlite, pg)
            // The mapped file is a complete ledger: every account it names is seen in full.
            let (t, f) = try pg.loadGraph()
            for n in ["6222021234567890123", "6222029876543210987", "wxid_abc", "09990001"] {
                #expect(f.hasStatement[try #require(t.accounts.firstIndex(of: n))], "\(n)")
            }
            let w1 = try TraceWorkspace(store: sqlite), w2 = try TraceWorkspace(store: pg)
            #expect(try json(w1.traceCases()) == json(w2.traceCases()))
        }
    }
}
