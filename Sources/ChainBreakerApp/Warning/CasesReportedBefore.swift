import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore

/// A read view of a store whose `loadCases` holds only the cases reported before `cutoff`
/// (报案时间 < cutoff); every other call goes to the store. Used to build what the store knew at
/// a moment (the start of an event stream) so that early warning never learns from the case
/// reports of the victims it is scored on. Writes are refused.
public struct CasesReportedBefore: ChainBreakerStore {
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
    public func loadTransfers() throws -> TransferTable { try base.loadTransfers() }
    public func loadGraph() throws -> (TransferTable, AccountFacts) { try base.loadGraph() }
    public func loadCases() throws -> [CaseReport] { try base.loadCases().filter { $0.reportedAt < cutoff } }
    public func rejects() throws -> [RejectedRow] { try base.rejects() }
    public func loadCalls() throws -> [CallRecord] { try base.loadCalls() }
    public func loadIMAccounts() throws -> [IMAccountRecord] { try base.loadIMAccounts() }
    public func loadIMUnblocks() throws -> [IMUnblockRecord] { try base.loadIMUnblocks() }
    public func loadTags() throws -> [TagRecord] { try base.loadTags() }
    public func loadOrders() throws -> [OrderRecord] { try base.loadOrders() }
    public func loadEvents(type: EventType?) throws -> [EventRecord] { try base.loadEvents(type: type) }
}
