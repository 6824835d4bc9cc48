import ChainBreakerCore
import Testing

@Suite struct TransferDeduplicatorTests {
    func row(_ acct: String, _ dir: Direction, _ cp: String?, _ fen: Int64, _ t: Int64, source: EntrySource = .bank, ok: Bool = true) -> StatementEntry {
        var e = StatementEntry(source: source, line: 1, account: acct, time: Instant(seconds: t), amount: Money(fen: fen), direction: dir, succeeded: ok)
        e.counterparty = cp
        return e
    }

    @Test func bothStatementsCountOnce() {
        let rows = [row("A", .debit, "B", 500, 1000), row("B", .credit, "A", 500, 1075)]
        let out = TransferDeduplicator().run(rows)
        #expect(out.transfers.count == 1)
        #expect(out.transfers[0].from == "A" && out.transfers[0].to == "B")
        #expect(out.transferOfEntry == [0, 0])
        #expect(out.pairsMatched == 1)
    }

    @Test func twoIdenticalTransfersInARowStayTwo() {
        // Same payer, payee, amount, a minute apart: both debits are real.
        let rows = [row("A", .debit, "B", 500, 1000), row("A", .debit, "B", 500, 1060),
                    row("B", .credit, "A", 500, 1010), row("B", .credit, "A", 500, 1065)]
        let out = TransferDeduplicator().run(rows)
        #expect(out.transfers.count == 2)
        #expect(out.pairsMatched == 2)
    }

    @Test func outsideToleranceOrDifferentAmountIsNotMerged() {
        let rows = [row("A", .debit, "B", 500, 1000), row("B", .credit, "A", 500, 1000 + 121),
                    row("A", .debit, "C", 500, 2000), row("C", .credit, "A", 501, 2000)]
        #expect(TransferDeduplicator().run(rows).transfers.count == 4)
    }

    @Test func failedRowsAreNotTransfers() {
        let rows = [row("A", .debit, "B", 500, 1000, ok: false), row("A", .debit, "B", 500, 1030)]
        let out = TransferDeduplicator().run(rows)
        #expect(out.transfers.count == 1)
        #expect(out.transferOfEntry == [-1, 0])
    }

    @Test func aliasesResolveInternalAccountNumbers() {
        var b = row("CARD-B", .credit, "A", 700, 1000)
        b.accountNumber = "INTERNAL-B"
        let rows = [row("A", .debit, "INTERNAL-B", 700, 1010), b]
        let out = TransferDeduplicator().run(rows)
        #expect(out.transfers.count == 1)
        #expect(out.transfers[0].to == "CARD-B")
        #expect(out.aliases["INTERNAL-B"] == "CARD-B")
    }

    @Test func cashRowsAreSingleSided() {
        let out = TransferDeduplicator().run([row("A", .debit, nil, 230000, 1000)])
        #expect(out.transfers.count == 1)
        #expect(out.transfers[0].to == nil && out.transfers[0].channel == .atm)
    }

    @Test func tenpayOrderAndItsCardRowAreOneTransfer() {
        var payer = row("1@wx.tenpay.com", .debit, "2@wx.tenpay.com", 1530, 5000, source: .tenpay)
        payer.serial = "4200"; payer.userCard = "6221"; payer.businessType = "扫二维码付款"
        var payee = row("2@wx.tenpay.com", .credit, "1@wx.tenpay.com", 1530, 5000, source: .tenpay)
        payee.serial = "4200"; payee.businessType = "二维码收款"
        var card = row("6221", .debit, "50388716300205446", 1530, 5003)
        card.counterpartyName = "财付通支付科技有限公司"
        let out = TransferDeduplicator().run([payer, payee, card])
        #expect(out.transfers.count == 1)
        #expect(out.cardRowsJoined == 1)
        #expect(out.transfers[0].from == "1@wx.tenpay.com" && out.transfers[0].to == "2@wx.tenpay.com" && out.transfers[0].funding == "6221")
    }

    @Test func withdrawalGoesToTheCard() {
        var w = row("1@wx.tenpay.com", .debit, nil, 9900, 7000, source: .tenpay)
        w.serial = "4300"; w.userCard = "6222"; w.businessType = "提现"
        var card = row("6222", .credit, "50388716300205446", 9900, 7030)
        card.counterpartyName = "财付通支付科技有限公司"
        let out = TransferDeduplicator().run([w, card])
        #expect(out.transfers.count == 1)
        #expect(out.transfers[0].to == "6222")
    }

    /// Invariant on random ledgers: writing each transfer into both statements (with clock skew
    /// and shuffled order) and deduplicating gives back exactly the ledger.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomLedgersRoundTrip(seed: UInt64) {
        var rng = SplitMix(seed)
        let accounts = (0..<8).map { "A\($0)" }
        var rows: [StatementEntry] = []
        var n = 0
        var t: Int64 = 0
        for _ in 0..<400 {
            let a = Int(rng.next() % 8), b = (a + 1 + Int(rng.next() % 7)) % 8
            let fen = Int64(rng.next() % 5 + 1) * 100   // few distinct amounts: many collisions
            t += Int64(rng.next() % 200)                // often closer than the tolerance
            rows.append(row(accounts[a], .debit, accounts[b], fen, t))
            rows.append(row(accounts[b], .credit, accounts[a], fen, t + Int64(rng.next() % 91)))
            n += 1
        }
        // Shuffle.
        for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let out = TransferDeduplicator().run(rows)
        #expect(out.transfers.count == n)
        #expect(out.transfers.reduce(0) { $0 + $1.amount.fen } == rows.filter { $0.direction == .debit }.reduce(0) { $0 + $1.amount.fen })
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): the seeded generator of this test target's random inputs.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
