import Foundation
import Testing
import ChainBreakerTesting

/// Manual driver: `CB_CITY_OUT=/tmp/city CB_CITY_SEED=7 [CB_CITY_CITIZENS=2000] [CB_CITY_TARGET=10000000] swift test --filter cityDriver`.
@Test(.enabled(if: ProcessInfo.processInfo.environment["CB_CITY_OUT"] != nil))
func cityDriver() throws {
    let env = ProcessInfo.processInfo.environment
    var config = CityConfig(seed: UInt64(env["CB_CITY_SEED"] ?? "1") ?? 1)
    if let c = env["CB_CITY_CITIZENS"].flatMap(Int.init) { config.citizens = c }
    if let g = env["CB_CITY_GANGS"].flatMap(Int.init) { config.gangs = g }
    if let t = env["CB_CITY_TARGET"].flatMap(Int.init) { config.targetTransfers = t }
    let start = Date()
    let summary = try CityGenerator(config).write(to: env["CB_CITY_OUT"]!)
    print("city written in \(Date().timeIntervalSince(start)) s: \(summary)")
}
