import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerSQLite
import ChainBreakerStore
import Foundation
import Testing

/// Each test gets a database in a fresh folder under the system's temporary folder; the folder
/// goes when the test's suite instance does (Swift Testing makes one instance per test).
@Suite final class SQLiteStoreTests {
    let folder = NSTemporaryDirectory() + "cb-test-\(UUID().uuidString)"
    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func temporaryDB() -> String {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/t.db"
    }

    func entry(_ a: String, _ d: Direction, _ cp: String, _ fen: Int64, _ t: Int64) -> StatementEntry {
        var e = StatementEntry(source: .bank, line: 2, account: a, time: Instant(seconds: t), amount: Money(fen: fen), direction: d)
        e.counterparty = cp
        return e
    }

    @Test func importIsAtomic() throws {
        let store = try SQLiteStore(path: temporaryDB(), now: { 0 })
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            _ = try store.importFile(FileInfo(path: "a.csv", kind: .statement, digest: "d1", byteCount: 1)) { s in
                try s.add(.entries([entry("A", .debit, "B", 100, 0)]))
                throw Boom()
            }
        }
        #expect(try store.counts() == StoreCounts())
    }

    @Test func sameDigestImportsOnce() throws {
        let store = try SQLiteStore(path: temporaryDB(), now: { 0 })
        let info = FileInfo(path: "a.csv", kind: .statement, digest: "d1", byteCount: 1)
        let first = try store.importFile(info) { try $0.add(.entries([self.entry("A", .debit, "B", 100, 0)])) }
        #expect(first?.entries == 1)
        let second = try store.importFile(info) { try $0.add(.entries([self.entry("A", .debit, "B", 100, 0)])) }
        #expect(second == nil)
        #expect(try store.counts().entries == 1)
    }

    @Test func derivationIsOrderIndependentAndIdempotent() throws {
        let store = try SQLiteStore(path: temporaryDB(), now: { 0 })
        _ = try store.importFile(FileInfo(path: "b.csv", kind: .statement, digest: "b", byteCount: 1)) {
            try $0.add(.entries([self.entry("B", .credit, "A", 100, 30), self.entry("B", .debit, "C", 60, 100)]))
        }
        #expect(try store.needsDerivation())
        #expect(try store.deriveStatementTransfers().transfers == 2)
        _ = try store.importFile(FileInfo(path: "a.csv", kind: .statement, digest: "a", byteCount: 1)) {
            try $0.add(.entries([self.entry("A", .debit, "B", 100, 0)]))
        }
        let r = try store.deriveStatementTransfers()
        #expect(r.transfers == 2 && r.pairsMatched == 1)
        #expect(try store.deriveStatementTransfers() == r)
        #expect(!(try store.needsDerivation()))
        let table = try store.loadTransfers()
        #expect(table.count == 2)
        #expect(table.amountFen == [100, 60])
        #expect(table.accounts[Int(table.from[0])] == "A" && table.accounts[Int(table.to[0])] == "B")
    }

    @Test func columnTransfersAndRejects() throws {
        let store = try SQLiteStore(path: temporaryDB(), now: { 0 })
        var cols = TransferColumns()
        cols.from = [6_222_000_000_000_000_001, AccountCode.stringBase]
        cols.to = [6_222_000_000_000_000_002, AccountCode.none]
        cols.strings = ["0123"]
        cols.amountFen = [500, 700]; cols.time = [10, 20]; cols.channel = [0, 0]; cols.line = [2, 3]
        _ = try store.importFile(FileInfo(path: "t.csv", kind: .transfers, digest: "t", byteCount: 1)) { s in
            try s.add(.transfers(cols))
            try s.reject([RejectedRow(file: "t.csv", line: 4, reason: "unreadable amount 'x'")])
        }
        let t = try store.loadTransfers()
        #expect(t.count == 2)
        #expect(t.accounts[Int(t.from[1])] == "0123" && t.to[1] == -1)
        #expect(try store.rejects() == [RejectedRow(file: "t.csv", line: 4, reason: "unreadable amount 'x'")])
    }
}

extension SQLiteStoreTests {
    /// A counterparty written as a card's internal account number is the card: the transfer goes
    /// to the card, and the holder the payer's statement names for the number does not make the
    /// number a second account of that person (it would inherit the card's 冻结 tag by holder).
    @Test func aliasGetsNoHolderOfItsOwn() throws {
        let store = try SQLiteStore(path: temporaryDB(), now: { 0 })
        var credit = entry("6222000000000000001", .credit, "6222000000000000002", 5_000, 100)
        credit.accountNumber = "1202000000000000009"; credit.holderID = "110101199001011234"
        _ = try store.importFile(FileInfo(path: "card.csv", kind: .statement, digest: "c", byteCount: 1)) { try $0.add(.entries([credit])) }
        var debit = entry("6222000000000000002", .debit, "1202000000000000009", 5_000, 130)
        debit.counterpartyID = "110101199001011234"; debit.holderID = "110101198001011111"
        var other = entry("6222000000000000002", .debit, "6222000000000000003", 700, 400)
        other.counterpartyID = "110101197001012222"
        _ = try store.importFile(FileInfo(path: "payer.csv", kind: .statement, digest: "p", byteCount: 1)) { try $0.add(.entries([debit, other])) }
        _ = try store.deriveStatementTransfers()
        let (table, facts) = try store.loadGraph()
        func dense(_ n: String) -> Int { table.accounts.firstIndex(of: n)! }
        #expect(table.count == 2)
        #expect(table.accounts[Int(table.to[0])] == "6222000000000000001")
        #expect(facts.holderID[dense("6222000000000000001")] == "110101199001011234")
        #expect(facts.holderID[dense("1202000000000000009")] == nil)
        // A plain counterparty keeps the holder its payer's statement names.
        #expect(facts.holderID[dense("6222000000000000003")] == "110101197001012222")
    }
}
