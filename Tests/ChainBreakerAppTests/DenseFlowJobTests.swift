import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerSQLite
import ChainBreakerTesting
import Foundation
import Testing

/// `gangs --dense` on a ledger without cases: known answers for a planted laundering flow.
@Suite struct DenseFlowJobTests {
    /// 400 random transfers among 60 people; six accounts pay three middle accounts, which pass
    /// 98 % on to two destinations within minutes; a payment platform (tagged 支付机构) passes
    /// far more money through, balanced, and must not be taken for a middle.
    func ledger(_ name: String) throws -> (TraceWorkspace, sources: [String], middles: [String], destinations: [String], dir: String) {
        let dir = try emptyFolder(name)
        func acct(_ k: Int) -> String { "62220200000\(String(format: "%08d", k))" }
        var rng = SplitMix64(state: 5)
        var rows = ["txn_id,timestamp,from_account,to_account,amount"]
        func add(_ f: String, _ t: String, _ fen: Int64, _ minute: Int) {
            let day = 1 + minute / 1440, h = (minute % 1440) / 60, m = minute % 60
            rows.append("T\(rows.count),2024-01-\(String(format: "%02d", day))T\(String(format: "%02d:%02d", h, m)):00+08:00,\(f),\(t),\(fen / 100).\(String(format: "%02d", fen % 100))")
        }
        for _ in 0..<400 {
            let f = Int(rng.next() % 60), t = (f + 1 + Int(rng.next() % 59)) % 60
            add(acct(f), acct(t), Int64(1_000 + rng.next() % 300_000), Int(rng.next() % 40_000))
        }
        let platform = "1202000000000000009"
        for k in 0..<60 {   // everyone tops up and withdraws through the platform
            add(acct(k), platform, 2_000_000, 100 + k * 300); add(platform, acct((k + 7) % 60), 2_000_000, 200 + k * 300)
        }
        let sources = (100..<106).map(acct), middles = (200..<203).map(acct), destinations = (300..<302).map(acct)
        for r in 0..<12 {
            let x = Int64(4_000_000 + rng.next() % 1_000_000)
            let s = sources[r % 6], m = middles[r % 3], d = destinations[r % 2], t = 1_000 + r * 2_000
            add(s, m, x, t); add(m, d, x * 98 / 100, t + 5)
        }
        // Five payers each paying four payees three times (Fraudar's block).
        for p in 400..<405 { for q in 500..<504 { for k in 0..<3 { add(acct(p), acct(q), Int64(50_000 + rng.next() % 50_000), 5_000 + p * 40 + q + k * 3_000) } } }
        try (rows.joined(separator: "\n") + "\n").write(toFile: dir + "/ledger.csv", atomically: true, encoding: .utf8)
        try "实体类型,实体标识,标签,来源\naccount,\(platform),支付机构,人民银行\n".write(toFile: dir + "/tags.csv", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: dir + "/t.db")
        let mapping = try TransferColumnMapping.parse("from=from_account,to=to_account,amount=amount,time=timestamp,id=txn_id")
        _ = try ImportPipeline(store: store, options: ImportOptions(mapping: mapping)).run([dir + "/ledger.csv"])
        _ = try ImportPipeline(store: store).run([dir + "/tags.csv"])
        return (try TraceWorkspace(store: store), sources, middles, destinations, dir)
    }

    @Test func flowScopeFindsThePlantedPassThrough() throws {
        let (ws, sources, middles, destinations, dir) = try ledger("cb-dense-flowscope")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = DenseFlowJob.run(ws, method: .flowscope, blocks: 2)
        let b = try #require(r.blocks.first)
        #expect(b.middles == middles)
        #expect(Set(sources).isSubset(of: Set(b.sources)) && Set(destinations).isSubset(of: Set(b.destinations)))
        #expect(!r.blocks.contains { $0.middles.contains("1202000000000000009") })
        #expect(b.outFen * 100 >= b.inFen * 95 && b.outFen <= b.inFen)
        #expect(r.text().hasPrefix("Flow 1: "))
    }

    @Test func fraudarFindsTheDenseBlock() throws {
        let (ws, _, _, _, dir) = try ledger("cb-dense-fraudar")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = DenseFlowJob.run(ws, method: .fraudar, blocks: 3)
        // Five payers × four payees with three transfers per pair: the densest block, found first.
        let b = try #require(r.blocks.first)
        func acct(_ k: Int) -> String { "62220200000\(String(format: "%08d", k))" }
        #expect(b.sources == (400..<405).map(acct) && b.destinations == (500..<504).map(acct) && b.transfers == 60, "\(r.blocks)")
        #expect(b.middles.isEmpty && b.inFen == b.outFen)
        #expect(r.text().hasPrefix("Block 1: 5 payers × 4 payees"))
    }
}
