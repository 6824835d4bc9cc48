import ChainBreakerCore
@testable import ChainBreakerIngest
import Testing

@Suite struct TransferCSVParserTests {
    static let mapping = TransferColumnMapping(from: "from_account", to: "to_account", amount: "amount", time: "timestamp", id: "txn_id", channel: "channel")

    func parse(_ text: String, threads: Int, batch: Int = 64 << 20) throws -> (TransferColumns, [RejectedRow]) {
        var cols = TransferColumns()
        var rej: [RejectedRow] = []
        var first = true
        try withBytes(text) { b in
            try TransferCSVParser(mapping: TransferCSVParserTests.mapping, threads: threads).parse(b, file: "t.csv", batchBytes: batch) { batch in
                if first { cols = batch.columns; first = false } else { cols.append(batch.columns) }
                rej += batch.rejects
            }
        }
        return (cols, rej)
    }

    /// A seeded file large enough to be split between threads and batches.
    func synthetic(rows: Int, seed: UInt64, bad: Set<Int>) -> String {
        var s = "txn_id,timestamp,from_account,to_account,amount,channel\n"
        var x = seed
        for i in 0..<rows {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let a = 6_222_000_000_000_000_000 + (x >> 40) % 1000, b = 6_222_000_000_000_000_000 + (x >> 20) % 1000
            let fen = (x >> 33) % 1_000_000 + 1
            let amount = "\(fen / 100).\(fen % 100 < 10 ? "0" : "")\(fen % 100)"
            let ch = ["MOBILE_BANK", "ATM", "POS"][Int(x % 3)]
            if bad.contains(i) { s += "TX\(i),not-a-time,\(a),\(b),\(amount),\(ch)\n"; continue }
            s += "TX\(i),2024-01-0\(1 + i % 9)T\(10 + i % 10):0\(i % 10):00+08:00,\(a),\(b),\(i % 7 == 0 ? "\"\(amount)\"" : amount),\(ch)\n"
        }
        return s
    }

    @Test func threadsAndBatchesGiveTheSameColumns() throws {
        let text = synthetic(rows: 60_000, seed: 3, bad: [10, 31_000, 59_999])
        let (one, r1) = try parse(text, threads: 1)
        let (two, r2) = try parse(text, threads: 2)
        let (small, r3) = try parse(text, threads: 2, batch: 200_000)
        #expect(one.count == 59_997)
        for c in [two, small] {
            #expect(c.from == one.from && c.to == one.to && c.amountFen == one.amountFen && c.time == one.time)
            #expect(c.line == one.line)
            #expect(c.channel.map { c.channelNames[Int($0)] } == one.channel.map { one.channelNames[Int($0)] })
            #expect(c.id(59_996) == one.id(59_996))
        }
        #expect(r1.map(\.line) == [12, 31_002, 60_001])
        #expect(r2 == r1 && r3 == r1)
        #expect(one.id(0) == "TX0")
        #expect(one.line[0] == 2)
    }

    @Test func knownRow() throws {
        let (c, r) = try parse("txn_id,timestamp,from_account,to_account,amount,channel\nTX1,2024-01-01T00:00:05+08:00,6222100000000000003,'0123,\"1,234.50\",ATM\n", threads: 2)
        #expect(r.isEmpty)
        #expect(c.count == 1)
        #expect(c.account(c.from[0]) == "6222100000000000003")
        #expect(c.account(c.to[0]) == "0123") // leading zero kept through the string table
        #expect(c.amountFen[0] == 123_450)
        #expect(c.time[0] == Instant.parse("2024-01-01 00:00:05")!.seconds)
        #expect(c.channelNames[Int(c.channel[0])] == "ATM")
    }

    @Test func mappingErrors() {
        #expect(throws: IngestError.self) { try TransferColumnMapping.parse("from=a,to=b") }
        #expect(throws: IngestError.self) { try TransferColumnMapping.parse("from=a,to=b,amount=c,time=d,colour=e") }
        #expect((try? TransferColumnMapping.parse("from=a,to=b,amount=c,time=d,unit=fen"))?.amountInMinorUnits == true)
        #expect(throws: IngestError.self) {
            try withBytes("x,y\n1,2\n") { b in try TransferCSVParser(mapping: TransferCSVParserTests.mapping).parse(b, file: "t") { _ in } }
        }
    }
}
