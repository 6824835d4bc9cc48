import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerSQLite
import Foundation
import Testing

/// `TraceWorkspace` on hand-made packages: known answers for what the real-time stream adds
/// and for mapped ledgers.
extension TraceWorkspaceTests {
    /// A victim pays a mule card, which buys crypto from a trader tagged 虚拟币场外商; no statement
    /// is in the store, only the stream shows the two transfers. The trader is known only from
    /// the stream, so the store cannot resolve its tag; the workspace must, or the trace runs on
    /// into the trader and the rating calls a tagged OTC trader a laundering layer (seed 502).
    @Test func aTagOnAnAccountOnlyTheStreamShowsIsKept() throws {
        let dir = try emptyFolder("cb-ws-stream-tag")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let victim = "6212862224867626", mule = "6222021234567890123", otc = "6215587077965313221"
        try """
            实体类型,实体标识,标签,来源
            account,\(otc),虚拟币场外商,银行风控

            """.write(toFile: dir + "/tags.csv", atomically: true, encoding: .utf8)
        try """
            案件编号,报案时间,案发时间,受害人姓名,受害人证件号码,受害人手机号,受害人性别,受害人年龄,案件类别,简要案情,损失金额,接触渠道,嫌疑人电话,嫌疑人QQ,嫌疑人微信,嫌疑网址,嫌疑APP,受害人付款账号,收款账号
            A1,2021-06-18 09:00:00,2021-06-17 10:00:00,任俊健,33990319670612759X,17622121017,男,54,刷单返利,报警人称被骗。,5000.00,网络,,,,,,\(victim),\(mule)

            """.write(toFile: dir + "/cases.csv", atomically: true, encoding: .utf8)
        try """
            {"type":"transfer","time":"2021-06-17T10:00:00+08:00","from_account":"\(victim)","to_account":"\(mule)","amount":"5000.00","channel":"bank"}
            {"type":"transfer","time":"2021-06-17T10:20:00+08:00","from_account":"\(mule)","to_account":"\(otc)","amount":"5000.00","channel":"bank"}

            """.write(toFile: dir + "/events.jsonl", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: dir + "/t.db")
        let summary = try ImportPipeline(store: store).run([dir + "/tags.csv", dir + "/cases.csv", dir + "/events.jsonl"])
        #expect(summary.rowsRejected == 0 && summary.tags == 1 && summary.cases == 1 && summary.events == 2)

        let ws = try TraceWorkspace(store: store)
        let o = try #require(ws.index[otc])
        #expect(ws.facts.tags.contains { $0.account == o && $0.label == "虚拟币场外商" })
        #expect(ws.tracer.kinds[Int(o)] == .otc)
        let trace = try #require(try ws.traceCases(["A1"]).traces.first)
        #expect(trace.amount_fen == 500_000)
        #expect(trace.sinks.map { "\($0.kind) \($0.account) \($0.amount_fen)" } == ["otc \(otc) 500000"])

        let (report, _) = RatingJob.run(ws, rater: RuleRater(), engine: "rules")
        let rating = try #require(report.accounts.first { $0.account == otc })
        #expect(rating.level != "malicious", "\(rating)")
    }
}

extension TraceWorkspaceTests {
    /// A mapped transfer file (AMLSim, IBM AML, PaySim, a bank's whole export) is a complete
    /// ledger: money is followed through every account it names, and what stays in one is a
    /// `balance`. Before, no account of such a file had a statement, so every trace stopped at
    /// the first receiver as `unrequested` — on a 1M-account ledger the hub's trace ended at
    /// the hub.
    @Test func aMappedLedgerIsFollowedThroughEveryAccount() throws {
        let dir = try emptyFolder("cb-ws-ledger")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let victim = "6212862224867626", mule = "6222021234567890123", layer = "6215587077965313221", shop = "6222600000000000001"
        try """
            txn_id,timestamp,from_account,to_account,amount,channel
            T1,2024-01-02T10:00:00+08:00,\(victim),\(mule),5000.00,MOBILE_BANK
            T2,2024-01-02T10:07:00+08:00,\(mule),\(layer),4900.00,MOBILE_BANK
            T3,2024-01-02T11:30:00+08:00,\(layer),\(shop),4000.00,MOBILE_BANK
            T4,2024-01-01T09:00:00+08:00,\(shop),\(victim),120.00,MOBILE_BANK

            """.write(toFile: dir + "/transactions.csv", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: dir + "/t.db")
        let mapping = try TransferColumnMapping.parse("from=from_account,to=to_account,amount=amount,time=timestamp,id=txn_id,channel=channel")
        let summary = try ImportPipeline(store: store, options: ImportOptions(mapping: mapping)).run([dir + "/transactions.csv"])
        #expect(summary.rowsRejected == 0 && summary.transfers == 4)

        let ws = try TraceWorkspace(store: store)
        for a in [victim, mule, layer, shop] { #expect(ws.facts.hasStatement[Int(try #require(ws.index[a]))], "\(a)") }
        let report = try ws.traceAccount(mule, since: try #require(Instant.parse("2024-01-02 00:00:00")))
        let trace = try #require(report.traces.first)
        #expect(trace.amount_fen == 500_000)
        #expect(trace.sinks.map { "\($0.kind) \($0.account) \($0.amount_fen) \($0.level)" }.sorted() == [
            "balance \(layer) 90000 2", "balance \(mule) 10000 1", "balance \(shop) 400000 3"])
        #expect(report.next_requests.isEmpty)
    }
}
