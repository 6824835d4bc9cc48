import ArgumentParser
import ChainBreakerApp
import ChainBreakerIngest
import ChainBreakerStore
import Foundation

@main
struct ChainBreakerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chainbreaker",
        abstract: "ChainBreaker (断链): anti-telecom-fraud intelligence — import, trace, rate, mine, link, warn.",
        subcommands: [ImportCommand.self, TraceCommand.self, RateCommand.self, GangsCommand.self, LinkCommand.self, LeaksCommand.self, ClassifyCommand.self, ReportCommand.self, RiskCommand.self, WarnCommand.self, ServeCommand.self, UserCommand.self, TokenCommand.self, GenerateCommand.self, DemoCommand.self, StatsCommand.self, BenchCommand.self]
    )
}

/// Options shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Database: a SQLite file, or a PostgreSQL URL (postgres://user:password@host:port/dbname[?sslmode=disable&schema=NAME]).")
    var db: String = "chainbreaker.db"
}

/// Maps application errors to exit codes (the only place that knows about them).
func exitCode(for error: Error) -> ExitCode {
    if let e = error as? AppError {
        switch e.code {
        case .usage: return ExitCode(64)
        case .notFound, .input: return ExitCode(65)
        case .strict: return ExitCode(66)
        case .store: return ExitCode(74)
        case .internalFailure: return ExitCode(70)
        }
    }
    return ExitCode(1)
}

func fail(_ error: Error) -> Never {
    FileHandle.standardError.write(Data(("chainbreaker: " + "\(error)" + "\n").utf8))
    exit(exitCode(for: error).rawValue)
}

func printJSON<T: Encodable>(_ value: T) {
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    if let data = try? enc.encode(value) { print(String(decoding: data, as: UTF8.self)) }
}

var stderrIsTerminal: Bool { isatty(2) == 1 }

func stderr(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
