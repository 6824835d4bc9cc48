import Foundation
import Testing
import ChainBreakerTesting

@Suite("Determinism")
struct DeterminismTests {
    @Test("same config ⇒ byte-identical folder; different seeds differ")
    func sameSeedSameBytes() throws {
        let config = CityCache.small(seed: 42, citizens: 300, days: 30)
        let a = CityCache.shared.freshDirectory("a")
        let b = CityCache.shared.freshDirectory("b")
        let sa = try CityGenerator(config).write(to: a)
        let sb = try CityGenerator(config).write(to: b)
        #expect(sa == sb)
        let ha = try Files.folderHash(a), hb = try Files.folderHash(b)
        #expect(ha == hb)
        #expect(Files.list(a) == Files.list(b))
        // Writing again into a used folder replaces everything (no stale statement files).
        _ = try CityGenerator(CityCache.small(seed: 43, citizens: 300, days: 30)).write(to: b)
        _ = try CityGenerator(config).write(to: b)
        #expect(try Files.folderHash(b) == ha)

        var other = config
        other.seed = 4242
        let c = CityCache.shared.freshDirectory("c")
        _ = try CityGenerator(other).write(to: c)
        #expect(try Files.folderHash(c) != ha)
        // Every kind of file differs, not just one.
        for f in ["cases.csv", "calls.csv", "orders.csv", "events.jsonl", "truth/accounts.json"] {
            #expect(try Files.bytes(a + "/" + f) != Files.bytes(c + "/" + f), "\(f) did not change with the seed")
        }
    }

    @Test("every file of the package is written")
    func layout() throws {
        let (dir, _) = try CityCache.shared.city(CityCache.small(seed: 1))
        let files = Set(Files.list(dir))
        for f in ["cases.csv", "calls.csv", "im_accounts.csv", "im_unblocks.csv", "orders.csv", "tags.csv", "events.jsonl",
                  "truth/accounts.json", "truth/account_aliases.json", "truth/gangs.json", "truth/victims.json", "truth/cases.json",
                  "truth/leaks.json", "truth/warnings.json", "truth/at_risk.json", "truth/identifiers.json", "truth/persons.json",
                  "truth/files.json", "truth/summary.json"] {
            #expect(files.contains(f), "missing \(f)")
        }
        #expect(files.contains { $0.hasPrefix("statements/BANK_") && $0.hasSuffix(".csv") })
        #expect(files.contains { $0.hasPrefix("payments/TENPAY_") })
    }
}
