import ArgumentParser
import ChainBreakerApp
import ChainBreakerTesting
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic city (all input formats plus truth/) for tests, benchmarks and demos.")
    @Option(help: "Output folder.") var out: String
    @Option(help: "Residents.") var citizens: Int = 2000
    @Option(help: "Fraud groups.") var gangs: Int = 3
    @Option(help: "Random seed (same seed, same files).") var seed: UInt64 = 1
    @Option(help: "First day (Beijing), YYYY-MM-DD.") var start: String = "2021-04-01"
    @Option(help: "Days in the period.") var days: Int = 91
    @Option(help: "Noise level 0…1 (spelling variants, typos, masked fields).") var noise: Double = 0.3
    @Option(name: .customLong("rented-card-traffic"), help: "Strangers' payments per rented first-level card per day (holders' own top-ups at half that; 0 = none, the sample shows ~0.02).") var rentedCards: Double = CityConfig.defaultRentedCardTraffic
    @Option(help: "Scale normal activity to about this many transfers (benchmarks).") var transfers: Int?
    @Flag(name: .customLong("sample-money-order"), help: "Money order as the sample's truth shows it: one batch at a time per account, organizers send the newest money first.") var sampleMoneyOrder = false

    func run() throws {
        let config = CityConfig(citizens: citizens, gangs: gangs, seed: seed, startDate: start, days: days, noise: noise, targetTransfers: transfers, rentedCardTraffic: rentedCards,
                                sampleMoneyOrder: sampleMoneyOrder ? true : nil)
        do {
            let summary = try CityGenerator(config).write(to: out)
            printJSON(summary)
        } catch { fail(AppError(.input, "cannot generate the city: \(error)")) }
    }
}
