import ArgumentParser
import ChainBreakerApp
import ChainBreakerCore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the analyst's report: one self-contained HTML file (weekly trends, channels, money destinations, victims, leak sources, groups, traces, next accounts to request).",
        discussion: "Victims' names, phones and ID numbers are masked. --json prints the statistics instead.")

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "HTML file to write.") var out: String = "report.html"
    @Flag(name: .long, help: "Print the statistics as JSON ({\"cases\",\"loss_fen\",\"weeks\",\"types\",\"channels\",\"genders\",\"age_bands\",\"destinations\",\"flows\"}) instead of writing HTML.") var json = false

    func run() throws {
        do {
            let s = try openStore(store.db)
            if json {
                let cases = try s.loadCases()
                let ws = try TraceWorkspace(store: s)
                printJSON(ReportStatistics.compute(cases: cases, traces: try ws.traceCases(), labeler: ClassifyJob.labeler(ClassifyJob.defaultModel)))
                return
            }
            // Cases without 案件类别 get the built-in classifier's type (`classify` stores them).
            let data = try ReportJob.gather(store: s, labeler: ClassifyJob.labeler(ClassifyJob.defaultModel))
            let html = AnalystReport.html(data, generatedAt: Instant(seconds: Int64(Date().timeIntervalSince1970)))
            do { try html.write(toFile: out, atomically: true, encoding: .utf8) }
            catch { throw AppError(.input, "cannot write \(out)", cause: AppError.fileCause(error)) }
            print("report: \(out) (\(data.statistics.cases) cases, \(data.statistics.weeks.count) weeks, \(data.leaks.sources.count) leak sources, \(data.gangs?.gangs.count ?? 0) groups)")
        } catch { fail(error) }
    }
}
