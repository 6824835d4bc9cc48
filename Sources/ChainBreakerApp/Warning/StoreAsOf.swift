import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore

/// A read view of a store as it stood at `cutoff`: only the cases reported before it (报案时间 <
/// cutoff), and only the transfers, calls, unblocks and events that happened before it; accounts
/// seen only later are not in its graph. Early warning builds its knowledge through this view so
/// that a replayed stream is scored the way it would run live: a bank statement requested in July
/// cannot tell the engine in June that an account is a mule, and the case reports of the victims
/// being scored are never learnt from. Writes are refused.
///
/// Cost: one pass over the transfer table and the facts (O(transfers + accounts)).
public struct StoreAsOf: ChainBreakerStore {
    public let base: any ChainBreakerStore
    public let cutoff: Instant

    public init(_ base: any ChainBreakerStore, cutoff: Instant) { self.base = base; self.cutoff = cutoff }

    public func importFile(_ file: FileInfo, _ body: (ImportSession) throws -> Void) throws -> FileImportCounts? {
        throw StoreError(.write, "a dated view of the store is read-only")
    }
    public func deriveStatementTransfers() throws -> DerivationReport { try base.deriveStatementTransfers() }
    public func needsDerivation() throws -> Bool { try base.needsDerivation() }
    public func derivedTransferCount() throws -> Int { try base.derivedTransferCount() }
    public func counts() throws -> StoreCounts { try base.counts() }
    public func loadTransfers() throws -> TransferTable { try loadGraph().0 }
    public func loadGraph() throws -> (TransferTable, AccountFacts) {
        let (t, f) = try base.loadGraph()
        return StoreAsOf.before(cutoff.seconds, t, f)
    }
    public func loadCases() throws -> [CaseReport] { try base.loadCases().filter { $0.reportedAt < cutoff } }
    public func rejects() throws -> [RejectedRow] { try base.rejects() }
    public func loadCalls() throws -> [CallRecord] { try base.loadCalls().filter { $0.time < cutoff } }
    public func loadIMAccounts() throws -> [IMAccountRecord] { try base.loadIMAccounts() }
    public func loadIMUnblocks() throws -> [IMUnblockRecord] { try base.loadIMUnblocks().filter { $0.time < cutoff } }
    public func loadTags() throws -> [TagRecord] { try base.loadTags() }
    public func loadOrders() throws -> [OrderRecord] { try base.loadOrders() }
    public func loadEvents(type: EventType?) throws -> [EventRecord] { try base.loadEvents(type: type).filter { $0.time < cutoff } }
    public func setPredictedCaseCategories(_ predictions: [CaseCategoryPrediction]) throws -> CaseCategoryCounts {
        throw StoreError(.write, "a dated view of the store is read-only")
    }

    /// The transfers before `cutoff` and the accounts they touch (dense ids renumbered in the
    /// original order), with the facts of those accounts.
    static func before(_ cutoff: Int64, _ t: TransferTable, _ f: AccountFacts) -> (TransferTable, AccountFacts) {
        var keep = [Bool](repeating: false, count: t.accounts.count)
        var out = TransferTable()
        for i in 0..<t.count where t.time[i] < cutoff {
            if t.from[i] >= 0 { keep[Int(t.from[i])] = true }
            if t.to[i] >= 0 { keep[Int(t.to[i])] = true }
        }
        var newID = [Int32](repeating: -1, count: t.accounts.count)
        for (a, k) in keep.enumerated() where k { newID[a] = Int32(out.accounts.count); out.accounts.append(t.accounts[a]) }
        for i in 0..<t.count where t.time[i] < cutoff {
            out.from.append(t.from[i] >= 0 ? newID[Int(t.from[i])] : -1)
            out.to.append(t.to[i] >= 0 ? newID[Int(t.to[i])] : -1)
            out.amountFen.append(t.amountFen[i]); out.time.append(t.time[i]); out.channel.append(t.channel[i])
        }
        var g = AccountFacts()
        let kept = keep.indices.filter { keep[$0] }
        func dense<T>(_ a: [T]) -> [T] { a.isEmpty ? [] : kept.map { a[$0] } }
        g.hasStatement = dense(f.hasStatement)
        g.holderID = dense(f.holderID)
        g.holderName = dense(f.holderName)
        g.tags = f.tags.compactMap { newID[Int($0.account)] >= 0 ? (newID[Int($0.account)], $0.label) : nil }
        g.devices = f.devices.compactMap { newID[Int($0.account)] >= 0 ? (newID[Int($0.account)], $0.device) : nil }
        g.incomingSummaries = f.incomingSummaries.compactMap { newID[Int($0.account)] >= 0 ? (newID[Int($0.account)], $0.summary, $0.count) : nil }
        return (out, g)
    }
}
