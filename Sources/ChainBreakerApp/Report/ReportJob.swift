import ChainBreakerCore
import ChainBreakerStore

/// Everything the analyst's report shows, gathered from a store: statistics, leak sources, groups
/// with their chain portraits, traces of the largest cases and the next accounts to request.
public struct AnalystReportData: Sendable {
    public var statistics: ReportStatistics
    public var cases: [CaseReport]
    public var traces: TraceReport
    public var leaks: LeakReport
    public var gangs: GangReport?
    /// Type shown for each case (stored 案件类别, the labeler's, or 未分类), by case id.
    public var typeOf: [String: String]
}

/// The `report` use case: runs tracing, gang mining and leak finding over the store and renders
/// one self-contained HTML file (`AnalystReport.html`).
public enum ReportJob {
    /// `labeler`: fills a missing 案件类别 from the narrative (the fraud-type classifier's hook);
    /// nil leaves such cases `未分类`.
    public static func gather(store: any ChainBreakerStore, labeler: ((String) -> String?)? = nil,
                              withGangs: Bool = true) throws -> AnalystReportData {
        let ws = try TraceWorkspace(store: store)
        let traces = try ws.traceCases()
        let leaks = try LeakJob.run(ws, store: store)
        let gangs = withGangs ? try GangJob.run(ws, store: store).report : nil
        return make(cases: ws.cases, traces: traces, leaks: leaks, gangs: gangs, labeler: labeler)
    }

    public static func make(cases: [CaseReport], traces: TraceReport, leaks: LeakReport, gangs: GangReport?,
                            labeler: ((String) -> String?)? = nil) -> AnalystReportData {
        var typeOf: [String: String] = [:]
        for c in cases { typeOf[c.id] = ReportStatistics.type(of: c, labeler: labeler) }
        return AnalystReportData(statistics: ReportStatistics.compute(cases: cases, traces: traces, labeler: labeler),
                                 cases: cases, traces: traces, leaks: leaks, gangs: gangs, typeOf: typeOf)
    }
}
