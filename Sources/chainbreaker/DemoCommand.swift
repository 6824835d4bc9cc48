import ArgumentParser
import ChainBreakerApp
import ChainBreakerTesting
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a city (or take --data), import it, run every analysis, print a summary and write a report.")
    @Option(help: "Use this case package instead of generating one.") var data: String?
    @Option(help: "Work folder (default: a new temporary folder).") var work: String?
    @Option(help: "Seed of the generated city.") var seed: UInt64 = 7
    @Option(help: "Residents of the generated city.") var citizens: Int = 2000
    @Option(help: "Fraud groups of the generated city.") var gangs: Int = 3

    func run() throws {
        do {
            let demo = Demo(data: data, work: work, config: CityConfig(citizens: citizens, gangs: gangs, seed: seed))
            let result = try demo.run { line in print(line) }
            print("report: \(result.reportPath)")
        } catch { fail(error) }
    }
}
