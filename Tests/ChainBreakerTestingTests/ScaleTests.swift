import Foundation
import Testing
import ChainBreakerTesting

/// Slow: 10 million transfers. Run with `CB_SLOW=1 swift test -c release …` (about 20 s in release).
@Suite("Scale")
struct ScaleTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CB_SLOW"] != nil))
    func tenMillionTransfers() throws {
        let dir = CityCache.shared.freshDirectory("scale")
        let start = Date()
        let s = try CityGenerator(CityConfig(seed: 9, targetTransfers: 10_000_000)).write(to: dir)
        let seconds = Date().timeIntervalSince(start)
        print("10M city: \(seconds) s, \(s.transactionsTotal) transactions, \(s.statementRows) statement rows, \(s.events) events")
        #expect(abs(Double(s.transactionsTotal) - 10_000_000) < 300_000)
        #expect(s.statementRows > 100_000)
        try? FileManager.default.removeItem(atPath: dir)
    }
}
