import ChainBreakerApp
import ChainBreakerSQLite
import ChainBreakerStore
import ChainBreakerTesting
import Foundation
import Testing

/// Imports cities the product has never seen (several seeds of the generator) and checks every
/// count against the city's own truth.
@Suite struct GeneratedCityTests {
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func importMatchesTruthOnUnseenCities(seed: UInt64) throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let city = dir + "/city"
        _ = try CityGenerator(CityConfig(citizens: 900, gangs: 2, seed: seed, noise: 0.5)).write(to: city)
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: city + "/truth/summary.json"))) as! [String: Any]
        let store = try SQLiteStore(path: dir + "/t.db")
        let s = try ImportPipeline(store: store).run([city])
        #expect(s.rowsRejected == 0)
        #expect(s.transfers == truth["unique_visible_transfers"] as? Int)
        #expect(s.cases == truth["reported_cases"] as? Int)
        #expect(s.calls == truth["calls_written"] as? Int)
        #expect(s.imAccounts == truth["im_accounts"] as? Int)
        #expect(s.imUnblocks == truth["im_unblocks"] as? Int)
        #expect(s.orders == truth["orders"] as? Int)
        #expect(s.tags == truth["tags"] as? Int)
        #expect(s.events == truth["events"] as? Int)
    }
}
