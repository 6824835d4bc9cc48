import ChainBreakerCore
import Testing

@Suite struct ByteParseTests {
    func fen(_ s: String) -> Int64? { Money.parseYuan(s)?.fen }

    @Test func amountsInEveryWrittenForm() {
        #expect(fen("1234.56") == 123456)
        #expect(fen("1,234.56") == 123456)
        #expect(fen("1234.5") == 123450)
        #expect(fen("1234") == 123400)
        #expect(fen("-5300.00") == -530000)
        #expect(fen(" +12.30 ") == 1230)
        #expect(fen("¥88.00") == 8800)
        #expect(fen("0.01") == 1)
        #expect(fen("1,000,000.00") == 100_000_000)
        #expect(fen("12.340") == 1234)
    }

    @Test func amountsThatMustNotParse() {
        #expect(fen("") == nil)
        #expect(fen("abc") == nil)
        #expect(fen("1.234") == nil)       // a third decimal would be rounded silently
        #expect(fen("6.22848E+18") == nil)
        #expect(fen("12.3.4") == nil)
        #expect(fen("-") == nil)
    }

    @Test func moneyFormatsWithTwoDecimals() {
        #expect(Money(fen: 123456).description == "1234.56")
        #expect(Money(fen: -5).description == "-0.05")
        #expect(Money(fen: 100).description == "1.00")
    }

    /// 2021-04-29 10:15:32 Beijing = 2021-04-29 02:15:32 UTC = 1619662532.
    static let expected: Int64 = 1_619_662_532

    @Test(arguments: [
        "2021-04-29 10:15:32", "20210429101532", "2021/4/29 10:15:32", "2021-04-29-10.15.32.000000",
        "2021-04-29T10:15:32+08:00", "2021-04-29T02:15:32Z", "2021-04-29T10:15:32.250+0800", " 2021-04-29 10:15:32\r",
    ])
    func everyTimeFormIsTheSameInstant(_ text: String) {
        #expect(Instant.parse(text)?.seconds == ByteParseTests.expected)
    }

    @Test func splitDateAndTime() {
        func split(_ d: String, _ t: String) -> Int64? {
            var d = d, t = t
            return d.withUTF8 { db in t.withUTF8 { tb in ByteParse.instant(date: db, time: tb) } }?.seconds
        }
        #expect(split("20210429", "101532") == ByteParseTests.expected)
        #expect(split("20210429", "10:15:32") == ByteParseTests.expected)
        #expect(split("2021-04-29", "101532") == ByteParseTests.expected)
        #expect(split("20210429", "251532") == nil)
    }

    @Test func impossibleTimes() {
        for t in ["2021-02-30 10:00:00", "2021-13-01 00:00:00", "20210429", "2021-04-29 24:00:00", "yesterday", "", "2021-04-29 10:15:32+25:00"] {
            if t == "20210429" { #expect(Instant.parse(t) != nil); continue }
            #expect(Instant.parse(t) == nil, "\(t)")
        }
    }

    @Test func civilRoundTripOverManyDays() {
        var day: Int64 = -1000
        while day < 100_000 {
            let c = Instant.civil(fromDays: day)
            #expect(Instant.daysFromCivil(year: c.year, month: c.month, day: c.day) == day)
            day += 37
        }
        #expect(Instant(seconds: ByteParseTests.expected).iso8601 == "2021-04-29T10:15:32+08:00")
        #expect(Instant(seconds: ByteParseTests.expected).beijingString == "2021-04-29 10:15:32")
    }

    /// The byte-level formatter against `pad` and interpolation over random instants 1900–2100,
    /// and the edges: the epoch (08:00 in Beijing), a Beijing new year that is still the old
    /// year in UTC, a leap day, and a year beyond four digits (falls back).
    @Test func formattedInstantsMatchTheirFields() {
        func pad(_ v: Int, _ width: Int = 2) -> String { let s = String(v); return String(repeating: "0", count: max(0, width - s.count)) + s }
        var rng = SplitMix(7)
        for _ in 0..<5_000 {
            let t = Instant(seconds: Int64(rng.next() % 6_311_433_600) - 2_208_988_800)
            let c = t.beijing
            let date = "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))"
            let time = "\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))"
            #expect(t.iso8601 == date + "T" + time + "+08:00")
            #expect(t.beijingString == date + " " + time)
        }
        #expect(Instant(seconds: 0).iso8601 == "1970-01-01T08:00:00+08:00")
        #expect(Instant(seconds: 1_609_430_400).beijingString == "2021-01-01 00:00:00")
        #expect(Instant(seconds: 951_753_600).iso8601 == "2000-02-29T00:00:00+08:00")
        #expect(Instant(seconds: 253_402_300_800).iso8601 == "10000-01-01T08:00:00+08:00")
    }

    @Test func accountNumbers() {
        #expect(AccountNumber.normalize("'6222021234567890123") == .ok("6222021234567890123"))
        #expect(AccountNumber.normalize("\t6222 0212 3456 7890") == .ok("6222021234567890"))
        #expect(AccountNumber.normalize("６２２９０９３６６３１２０３５９６５") == .ok("622909366312035965"))
        #expect(AccountNumber.normalize("2215717448@WX.tenpay.com") == .ok("2215717448@wx.tenpay.com"))
        #expect(AccountNumber.normalize("") == .empty)
        #expect(AccountNumber.normalize("' ") == .empty)
        if case .rejected(let why) = AccountNumber.normalize("6.22848E+18") { #expect(why.contains("scientific notation")) }
        else { Issue.record("scientific notation must be rejected") }
        if case .rejected = AccountNumber.normalize("6E+18") {} else { Issue.record("6E+18 must be rejected") }
    }
}

@Suite struct DayCacheTests {
    /// The cached path must agree with the plain parser on every input, valid or not.
    @Test func cachedAndPlainParsesAgree() {
        var cache = ByteParse.DayCache()
        var rng = SplitMix(9)
        var inputs = ["2021-04-29 10:15:32", "2021-04-29T10:15:32+08:00", "2021-04-29 10:15:32Z", "2021-04-29 25:15:32",
                      "2021-02-29 10:00:00", "2020-02-29 23:59:59", "2021-04-29 10:15:32.5+0530", "2021-04-29 10:15", "1969-12-31 23:59:59",
                      "2021-04-29 10:15:32+08:00x", "20210429101532"]
        for _ in 0..<2000 {
            let d = 1 + rng.next() % 31, h = rng.next() % 26, m = rng.next() % 61
            inputs.append("2024-0\(1 + rng.next() % 9)-\(d < 10 ? "0" : "")\(d) \(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m):07+08:00")
        }
        for text in inputs {
            var t = text
            let cached = t.withUTF8 { ByteParse.instant($0, cache: &cache) }
            #expect(cached == Instant.parse(text), "\(text)")
        }
    }
}
