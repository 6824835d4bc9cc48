import Foundation
import Testing
import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerTesting

/// The importer's view: ChainBreakerIngest's parsers and ChainBreakerCore's deduplicator must
/// read every generated row and count exactly the summary's unique visible transfers.
@Suite("Importer cross-check")
struct IngestCrossCheckTests {
    /// Parses a file while keeping its mapping alive.
    func read<T>(_ path: String, _ parse: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        let src = try SourceFile(path: path)
        return try withExtendedLifetime(src) { try parse(src.bytes) }
    }

    @Test("parsers read every row; deduplication gives unique_visible_transfers", arguments: [UInt64(1), 5])
    func importerView(seed: UInt64) throws {
        let (dir, s) = try CityCache.shared.city(CityCache.small(seed: seed))
        var entries: [StatementEntry] = []
        var rows = 0, rejects = 0
        for f in Files.list(dir + "/statements") {
            let src = try SourceFile(path: dir + "/statements/" + f)
            let r = try withExtendedLifetime(src) { try StatementParser.parse(src.bytes, file: f) }
            rows += r.rowsRead
            rejects += r.rejects.count
            entries += r.entries
        }
        #expect(rows == s.statementRows)
        #expect(entries.filter { !$0.succeeded }.count == s.failedTransactions)
        for f in Files.list(dir + "/payments") {
            let src = try SourceFile(path: dir + "/payments/" + f)
            let r = try withExtendedLifetime(src) { try TenpayParser.parse(src.bytes, file: f) }
            rejects += r.rejects.count
            entries += r.entries
        }
        #expect(rejects == 0)
        let out = TransferDeduplicator().run(entries)
        #expect(out.transfers.count == s.uniqueVisibleTransfers)
        #expect(out.cardRowsJoined == s.tenpayJoined)
        #expect(out.pairsMatched > 0)   // transfers between two requested accounts show on both sides

        let cases = try read(dir + "/cases.csv") { try CaseParser.parse($0, file: "cases.csv") }
        #expect(cases.records.count == s.reportedCases && cases.rejects.isEmpty)
        let calls = try read(dir + "/calls.csv") { try CallParser.parse($0, file: "calls.csv") }
        #expect(calls.records.count == s.callsWritten && calls.rejects.isEmpty)
        let im = try read(dir + "/im_accounts.csv") { try IMAccountParser.parse($0, file: "im_accounts.csv") }
        #expect(im.records.count == s.imAccounts && im.rejects.isEmpty)
        let unblocks = try read(dir + "/im_unblocks.csv") { try IMUnblockParser.parse($0, file: "im_unblocks.csv") }
        #expect(unblocks.records.count == s.imUnblocks && unblocks.rejects.isEmpty)
        let orders = try read(dir + "/orders.csv") { try OrderParser.parse($0, file: "orders.csv") }
        #expect(orders.records.count == s.orders && orders.rejects.isEmpty)
        let tags = try read(dir + "/tags.csv") { try TagParser.parse($0, file: "tags.csv") }
        #expect(tags.records.count == s.tags && tags.rejects.isEmpty)
        let events = try read(dir + "/events.jsonl") { try EventParser.parse($0, file: "events.jsonl") }
        #expect(events.records.count == s.events && events.rejects.isEmpty)
    }
}
