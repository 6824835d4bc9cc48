import Foundation
import Testing
import ChainBreakerCore
@testable import ChainBreakerTesting

@Suite("Building blocks")
struct UnitTests {
    @Test("the PRNG is deterministic, forks are independent, bounded draws stay in range")
    func prng() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
        var c = SeededGenerator(seed: 8), d = SeededGenerator(seed: 7)
        #expect(d.next() != c.next())
        var r = SeededGenerator(seed: 1)
        var f1 = r.fork("x"), f2 = r.fork("x")
        #expect(f1.next() != f2.next())
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 {
            let v = r.below(10)
            counts[v] += 1
            let w = r.int(-5...5)
            #expect(w >= -5 && w <= 5)
        }
        #expect(counts.allSatisfy { $0 > 9_000 && $0 < 11_000 })
        var sum = 0
        for _ in 0..<20_000 { sum += r.poisson(3.5) }
        #expect(abs(Double(sum) / 20_000 - 3.5) < 0.1)
    }

    @Test("resident IDs and Luhn")
    func checks() {
        #expect(IdentityChecks.isValidResidentID("33990319670612759X"))
        #expect(!IdentityChecks.isValidResidentID("339903196706127591"))
        #expect(IdentityChecks.isLuhnValid("6225882032177492"))
        #expect(!IdentityChecks.isLuhnValid("6225882032177493"))
        var f = IdentifierFactory(rng: SeededGenerator(seed: 3))
        for b in BankCatalog.banks.indices {
            let card = f.card(bank: b)
            #expect(IdentityChecks.isLuhnValid(card))
            #expect(card.count == BankCatalog.banks[b].cardLength)
            #expect(BankCatalog.banks[b].bins.contains(String(card.prefix(6))))
            let acct = f.internalAccount(bank: b, card: card)
            if BankCatalog.banks[b].accountPrefix == nil { #expect(acct == card) } else { #expect(acct != card && acct.count == BankCatalog.banks[b].accountLength) }
        }
        for male in [true, false] {
            let id = f.residentID(region: "339901", year: 1988, month: 2, day: 29, male: male)
            #expect(IdentityChecks.isValidResidentID(id))   // 1988 is a leap year
            #expect(IdentityChecks.residentIDIsMale(id) == male)
        }
        let phone = f.phone()
        #expect(phone.count == 11 && phone.hasPrefix("1"))
        #expect(f.tenpayID().hasSuffix("@wx.tenpay.com"))
        #expect(f.wxid().count == 19)
    }

    @Test("byte formatting agrees with Instant and Money")
    func formatting() {
        var r = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            let t = Int64(1_617_206_400) + r.int64(0...(120 * 86_400))
            #expect(ByteFormat.dash(t) == Instant(seconds: t).beijingString)
            #expect(ByteFormat.iso(t) == Instant(seconds: t).iso8601)
            let fen = r.int64(-10_000_000...10_000_000)
            var b: [UInt8] = []
            ByteFormat.appendYuan(fen, style: .plain, &b)
            #expect(String(decoding: b, as: UTF8.self) == Money.yuanString(fen))
            for style in ByteFormat.AmountStyle.allCases {
                var c: [UInt8] = []
                ByteFormat.appendYuan(fen, style: style, &c)
                #expect(Money.parseYuan(String(decoding: c, as: UTF8.self))?.fen == fen)
            }
            for style in ByteFormat.TimeStyle.allCases where style != .split {
                var c: [UInt8] = []
                ByteFormat.appendStatementTime(t, style: style, &c)
                #expect(Instant.parse(String(decoding: c, as: UTF8.self))?.seconds == t)
            }
        }
    }

    @Test("lots: pieces always add up, oldest first")
    func lots() {
        var q = LotQueue()
        var r = SeededGenerator(seed: 9)
        var pushed: Int64 = 0, taken: Int64 = 0
        for i in 0..<500 {
            let a = r.int64(1...100_000)
            q.push(.init(payment: Int32(i % 37), payback: i % 5 == 0, amount: a))
            pushed += a
            if r.chance(0.5) {
                let t = r.int64(0...q.total)
                let pieces = q.take(t)
                #expect(pieces.reduce(0) { $0 + $1.amount } == t)
                taken += t
            }
        }
        #expect(q.total == pushed - taken)
        #expect(q.remaining.reduce(0) { $0 + $1.amount } == q.total)
    }

    @Test("spelling variants normalise back to the identifier")
    func spelling() {
        let p = "13812345678"
        for v in 0...6 {
            var s = Spelling.phone(p, variant: v)
            s = String(s.unicodeScalars.map { $0.value >= 0xFF10 && $0.value <= 0xFF19 ? Character(Unicode.Scalar($0.value - 0xFF10 + 0x30)!) : Character($0) })
            s = s.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
            if s.hasPrefix("+86") { s.removeFirst(3) } else if s.count == 13 && s.hasPrefix("86") { s.removeFirst(2) }
            #expect(s == p)
        }
        var r = SeededGenerator(seed: 1)
        let swapped = Spelling.swapped("6216618361102333545", &r)
        #expect(swapped != "6216618361102333545" && swapped.count == 19)
        #expect(Spelling.grouped("6214830290066322", sizes: [4, 4, 4, 4], sep: " ") == "6214 8302 9006 6322")
    }
}
