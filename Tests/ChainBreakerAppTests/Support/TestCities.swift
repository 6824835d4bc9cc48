import ChainBreakerApp
import ChainBreakerSQLite
import ChainBreakerStore
import ChainBreakerTesting
import Foundation

/// Generated and imported cities shared by the tests of one process (generation and import
/// happen once per configuration; removed when the process exits).
enum TestCities {
    struct City: @unchecked Sendable {
        let dir: String
        let store: SQLiteStore
        let summary: ImportSummary
    }

    nonisolated(unsafe) private static var cache: [String: City] = [:]
    private static let lock = NSLock()
    nonisolated(unsafe) private static var registered = false
    static let root = NSTemporaryDirectory() + "cb-cities-\(getpid())"

    static func city(seed: UInt64, citizens: Int = 900, gangs: Int = 2, noise: Double = 0.5, rentedCardTraffic: Double? = nil,
                     sampleMoneyOrder: Bool = false) throws -> City {
        try load(key: "\(seed)-\(citizens)-\(gangs)-\(noise)-\(rentedCardTraffic ?? -1)" + (sampleMoneyOrder ? "-smo" : "")) { dir in
            _ = try CityGenerator(CityConfig(citizens: citizens, gangs: gangs, seed: seed, noise: noise, rentedCardTraffic: rentedCardTraffic,
                                             sampleMoneyOrder: sampleMoneyOrder ? true : nil)).write(to: dir + "/city")
            return dir + "/city"
        }
    }

    /// The sample package beside the repository, imported (nil when it is absent).
    static func sample() throws -> City? {
        guard let pkg = samplePackage() else { return nil }
        return try load(key: "sample") { _ in pkg }
    }

    private static func load(key: String, _ make: (String) throws -> String) throws -> City {
        lock.lock(); defer { lock.unlock() }
        if let c = cache[key] { return c }
        if !registered {
            registered = true
            atexit { try? FileManager.default.removeItem(atPath: TestCities.root) }
        }
        let dir = root + "/" + key
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let data = try make(dir)
        let store = try SQLiteStore(path: dir + "/t.db")
        let summary = try ImportPipeline(store: store).run([data])
        let c = City(dir: data, store: store, summary: summary)
        cache[key] = c
        return c
    }
}
