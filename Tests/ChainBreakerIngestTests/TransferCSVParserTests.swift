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

@Suite struct PublicDatasetMappingTests {
    func parse(_ text: String, _ spec: String) throws -> (TransferColumns, [RejectedRow]) {
        var cols = TransferColumns(), rej: [RejectedRow] = []
        let mapping = try TransferColumnMapping.parse(spec)
        try withBytes(text) { b in
            try TransferCSVParser(mapping: mapping, threads: 1).parse(b, file: "d.csv") { cols = $0.columns; rej = $0.rejects }
        }
        return (cols, rej)
    }

    /// IBM's synthetic AML data (HI-Small_Trans.csv) repeats the header `Account`, writes hex
    /// account ids, minutes without seconds and amounts with more than two decimals.
    @Test func ibmAMLLayout() throws {
        let text = """
        Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering
        2022/09/01 00:20,010,8000EBD30,010,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,Reinvestment,0
        2022/09/01 00:20,03208,8000F4580,001,8000F5340,0.009125,Bitcoin,0.009125,Bitcoin,Cheque,0
        """
        let spec = "from=Account,to=Account#2,amount=Amount Paid,time=Timestamp,channel=Payment Format"
        let (strict, rejected) = try parse(text, spec)
        #expect(strict.count == 1 && rejected.count == 1 && rejected[0].line == 3)
        let (c, r) = try parse(text, spec + ",round=yes")
        #expect(r.isEmpty && c.count == 2)
        #expect(c.account(c.from[1]) == "8000F4580" && c.account(c.to[1]) == "8000F5340")
        #expect(c.amountFen == [369_734, 1])
        #expect(c.time[0] == Instant.parse("2022-09-01 00:20:00")!.seconds)
    }

    /// PaySim counts time in integer hours (`step`).
    @Test func paySimSteps() throws {
        let text = "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest\n1,TRANSFER,181.0,C1305486145,181.0,0.0,C553264065\n743,CASH_OUT,339682.13,C786484425,339682.13,0.0,C776919290\n"
        let (c, r) = try parse(text, "from=nameOrig,to=nameDest,amount=amount,time=step,step=hour,start=2024-01-01,channel=type")
        #expect(r.isEmpty)
        #expect(c.time == [Instant.parse("2024-01-01 01:00:00")!.seconds, Instant.parse("2024-01-01 00:00:00")!.seconds + 743 * 3600])
        #expect(c.amountFen == [18_100, 33_968_213])
        #expect(c.account(c.from[0]) == "C1305486145")
    }

    @Test func columnsByPosition() throws {
        let (c, r) = try parse("a,b,c,d\n6222000000000000001,6222000000000000002,5,2024-01-01 00:00:00\n", "from=#1,to=#2,amount=#3,time=#4")
        #expect(r.isEmpty && c.amountFen == [500])
        #expect(throws: IngestError.self) { try self.parse("a,b\n1,2\n", "from=#1,to=#2,amount=#3,time=#9") }
    }
}
