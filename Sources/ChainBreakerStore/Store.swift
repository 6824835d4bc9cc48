import ChainBreakerCore
import ChainBreakerIngest

/// What one file contributes, as the importers parsed it.
public enum ImportPayload: Sendable {
    case entries([StatementEntry])
    case cases([CaseReport])
    case calls([CallRecord])
    case imAccounts([IMAccountRecord])
    case imUnblocks([IMUnblockRecord])
    case orders([OrderRecord])
    case tags([TagRecord])
    case events([EventRecord])
    /// One batch of a mapped transfer CSV (a file may send many).
    case transfers(TransferColumns)
}

/// Identity of an imported file. `digest` (content hash) makes imports idempotent.
public struct FileInfo: Sendable {
    public var path: String
    public var kind: FileKind
    public var digest: String
    public var byteCount: Int
    public init(path: String, kind: FileKind, digest: String, byteCount: Int) {
        self.path = path; self.kind = kind; self.digest = digest; self.byteCount = byteCount
    }
}

/// Rows a file added to the store.
public struct FileImportCounts: Sendable, Equatable {
    public var entries = 0, transfers = 0, cases = 0, calls = 0, imAccounts = 0, imUnblocks = 0
    public var orders = 0, tags = 0, events = 0
    public init() {}
}

/// One writer's view of a file import in progress. Everything sent here becomes visible at once
/// when the import commits, or not at all.
public protocol ImportSession: AnyObject {
    func add(_ payload: ImportPayload) throws(StoreError)
    func reject(_ rows: [RejectedRow]) throws(StoreError)
}

/// Totals in the store.
public struct StoreCounts: Sendable, Equatable, Codable {
    public var files = 0, entries = 0, transfers = 0, accounts = 0, cases = 0, calls = 0
    public var imAccounts = 0, imUnblocks = 0, orders = 0, tags = 0, events = 0, rejects = 0
    public init() {}
}

/// Result of re-deriving transfers from statement rows.
public struct DerivationReport: Sendable, Equatable {
    public var entries = 0
    public var transfers = 0
    public var pairsMatched = 0
    public var cardRowsJoined = 0
    public var aliases = 0
    public init() {}
}

/// The whole transfer graph in columns, accounts as dense ids `0..<accounts.count`.
/// This is what analyses load: contiguous arrays, money in fen, times in UTC seconds.
public struct TransferTable: Sendable {
    public var accounts: [String] = []
    public var from: [Int32] = []      // -1 = cash
    public var to: [Int32] = []        // -1 = cash
    public var amountFen: [Int64] = []
    public var time: [Int64] = []
    public var channel: [UInt8] = []
    /// Rows `ledgerStart..<count` come from mapped transfer files (`import --map`), read as
    /// complete ledgers; the rows before are derived from statements and payment records.
    public var ledgerStart = 0
    public init() {}
    public var count: Int { amountFen.count }
}

/// What the store knows about each account of a `TransferTable` (same dense ids), for tracing
/// and rating. Sparse facts are lists of (dense account id, value).
public struct AccountFacts: Sendable {
    /// Whether the analyst sees every transfer of the account: its statement (bank 调单 or
    /// TENPAY record), or a mapped transfer file that names it (`markLedgerAccounts`).
    public var hasStatement: [Bool] = []
    /// Holder ID number and name: from the account's own statement, else from the 对手身份证号
    /// other statements give for it.
    public var holderID: [String?] = []
    public var holderName: [String?] = []
    /// Watch-list labels (tags.csv, kind `account`).
    public var tags: [(account: Int32, label: String)] = []
    /// Devices seen on the account's own statement rows: `ip:…` / `mac:…`.
    public var devices: [(account: Int32, device: String)] = []
    /// Distinct 摘要 of transfers received by the account, with how many transfers carried it.
    public var incomingSummaries: [(account: Int32, summary: String, count: Int)] = []
    public init() {}

    /// Marks every account a mapped transfer file names as seen in full. Such a file (AMLSim,
    /// IBM AML, PaySim, a bank's export of all its transfers) is a complete ledger, not one
    /// account's statement: money is followed through every account in it, and an account
    /// that never pays on is a `balance`, not an account to request (调单). O(ledger rows).
    public mutating func markLedgerAccounts(_ table: TransferTable) {
        guard table.ledgerStart < table.count else { return }
        for i in table.ledgerStart..<table.count {
            if table.from[i] >= 0 { hasStatement[Int(table.from[i])] = true }
            if table.to[i] >= 0 { hasStatement[Int(table.to[i])] = true }
        }
    }
}

/// The persistence boundary. The embedded default is SQLite (ChainBreakerSQLite); a PostgreSQL
/// implementation satisfies the same protocol. Implementations allow concurrent readers and
/// one writer, and are safe to share across tasks.
public protocol ChainBreakerStore: AccessStore {
    /// Imports one file atomically: `body` sends its payload and rejects to the session; if it
    /// throws, nothing of the file is kept. Returns nil when a file with the same digest was
    /// imported before (nothing changes).
    func importFile(_ file: FileInfo, _ body: (ImportSession) throws -> Void) throws -> FileImportCounts?

    /// Re-derives the deduplicated transfers of all statement rows (`TransferDeduplicator`),
    /// replacing those derived before. Idempotent.
    func deriveStatementTransfers() throws -> DerivationReport

    /// Whether statement rows changed since transfers were last derived.
    func needsDerivation() throws -> Bool

    /// Number of transfers derived from statement rows at the last derivation (0 if none).
    func derivedTransferCount() throws -> Int

    func counts() throws -> StoreCounts

    /// Loads every transfer into columns (for graph analyses).
    func loadTransfers() throws -> TransferTable

    /// Loads the transfers and the facts about their accounts from one consistent snapshot.
    func loadGraph() throws -> (TransferTable, AccountFacts)

    /// Every case with its identifiers (victim and payee accounts, suspects' ids), by case number.
    func loadCases() throws -> [CaseReport]

    /// Every rejected row recorded so far, in file and line order.
    func rejects() throws -> [RejectedRow]

    /// Every call and SMS record, in time order.
    func loadCalls() throws -> [CallRecord]

    /// Every QQ / WeChat registration record, by platform and account.
    func loadIMAccounts() throws -> [IMAccountRecord]

    /// Every unblock (解封) record, in time order.
    func loadIMUnblocks() throws -> [IMUnblockRecord]

    /// Every watch-list tag, by kind and value.
    func loadTags() throws -> [TagRecord]

    /// Every order / waybill record, in time order.
    func loadOrders() throws -> [OrderRecord]

    /// Every real-time event (`events.jsonl`) of one type, or of every type when nil, in time
    /// order (ties in import order).
    func loadEvents(type: EventType?) throws -> [EventRecord]

    /// Writes predicted 案件类别 (case id, label, confidence) in one transaction. A case whose
    /// category came from its case file (an analyst's) is never overwritten; one that is empty
    /// or was predicted before gets the new label. Unknown case ids are ignored.
    func setPredictedCaseCategories(_ predictions: [CaseCategoryPrediction]) throws -> CaseCategoryCounts
}

/// A predicted 案件类别 for one case.
public struct CaseCategoryPrediction: Sendable, Equatable {
    public var caseID: String
    public var category: String
    public var confidence: Double
    public init(caseID: String, category: String, confidence: Double) {
        self.caseID = caseID; self.category = category; self.confidence = confidence
    }
}

/// What `setPredictedCaseCategories` did.
public struct CaseCategoryCounts: Sendable, Equatable, Codable {
    /// Cases whose category was empty or predicted before and now holds the prediction.
    public var written = 0
    /// Cases left alone because their case file gives a category.
    public var keptAnalyst = 0
    public init(written: Int = 0, keptAnalyst: Int = 0) { self.written = written; self.keptAnalyst = keptAnalyst }
}

/// A person or system allowed to call the server (`chainbreaker user add`).
public struct AccessUser: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    /// `analyst`, `supervisor` or `api-client` (the server decides what each may see).
    public var role: String
    public var createdAt: Int64
    public init(id: Int64, name: String, role: String, createdAt: Int64) {
        self.id = id; self.name = name; self.role = role; self.createdAt = createdAt
    }
}

/// An API token as stored: only its SHA-256 digest (hex), never the token itself.
public struct AccessToken: Sendable, Equatable {
    public var id: Int64
    public var hashHex: String
    public var user: AccessUser
    public var createdAt: Int64
    public var revoked: Bool
    public init(id: Int64, hashHex: String, user: AccessUser, createdAt: Int64, revoked: Bool) {
        self.id = id; self.hashHex = hashHex; self.user = user; self.createdAt = createdAt; self.revoked = revoked
    }
}

/// One audited request: who (user, role), when (UTC seconds), what (action, route, the entity
/// queried), and how it ended (HTTP status, number of results returned).
public struct AuditEntry: Sendable, Equatable, Codable {
    public var time: Int64
    public var user: String
    public var role: String
    public var action: String
    public var route: String
    public var entity: String?
    public var resultCount: Int
    public var status: Int
    public init(time: Int64, user: String, role: String, action: String, route: String, entity: String?, resultCount: Int, status: Int) {
        self.time = time; self.user = user; self.role = role; self.action = action; self.route = route
        self.entity = entity; self.resultCount = resultCount; self.status = status
    }
}

/// Users, API token digests and the audit log (the server's access control). Part of the store
/// so the audit trail lives with the data it protects.
public protocol AccessStore: Sendable {
    /// Adds a user; fails (`StoreError.write`) if the name is taken.
    func addUser(name: String, role: String, at time: Int64) throws(StoreError) -> AccessUser
    func loadUsers() throws(StoreError) -> [AccessUser]
    /// Stores a token digest for a user; fails (`StoreError.read`) if there is no such user.
    func addToken(user: String, hashHex: String, at time: Int64) throws(StoreError) -> AccessToken
    /// Every token digest with its user (revoked ones included, flagged).
    func loadTokens() throws(StoreError) -> [AccessToken]
    /// Revokes the token with digest `hashHex` and/or every token of `user` (nil = that
    /// criterion unused); returns how many tokens it revoked now (revoked ones are not counted).
    func revokeTokens(user: String?, hashHex: String?) throws(StoreError) -> Int
    /// Appends audit rows in one transaction.
    func appendAudit(_ rows: [AuditEntry]) throws(StoreError)
    /// The newest `limit` audit rows, newest first.
    func loadAudit(limit: Int) throws(StoreError) -> [AuditEntry]
}

/// Stores without access tables (read-only views, wrappers made for one analysis) refuse these;
/// the SQLite store implements them. Keeps such wrappers a few lines long.
extension AccessStore {
    public func addUser(name: String, role: String, at time: Int64) throws(StoreError) -> AccessUser { throw StoreError(.write, "this store holds no users") }
    public func loadUsers() throws(StoreError) -> [AccessUser] { [] }
    public func addToken(user: String, hashHex: String, at time: Int64) throws(StoreError) -> AccessToken { throw StoreError(.write, "this store holds no tokens") }
    public func loadTokens() throws(StoreError) -> [AccessToken] { [] }
    public func revokeTokens(user: String?, hashHex: String?) throws(StoreError) -> Int { throw StoreError(.write, "this store holds no tokens") }
    public func appendAudit(_ rows: [AuditEntry]) throws(StoreError) { throw StoreError(.write, "this store holds no audit log") }
    public func loadAudit(limit: Int) throws(StoreError) -> [AuditEntry] { [] }
}

/// The one error type of the store layer.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable { case open, migrate, write, read, corrupt }
    public var code: Code
    public var message: String
    public var cause: String?
    public init(_ code: Code, _ message: String, cause: String? = nil) { self.code = code; self.message = message; self.cause = cause }
    public var description: String { message + (cause.map { " (\($0))" } ?? "") }
}
