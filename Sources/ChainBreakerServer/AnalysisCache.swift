import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerStore
import Foundation

/// The analyses of the store, built once and shared by every request: the `TraceWorkspace`
/// (graph, tracer, cases), and the ratings, gangs and case links computed from it. An import
/// through the server invalidates them (the next request rebuilds, once, while concurrent
/// requests wait for that build instead of starting their own).
final class AnalysisCache: @unchecked Sendable {
    let store: any ChainBreakerStore
    /// Guards the workspace; `reportLock` guards the reports and is always taken first, so a long
    /// gang mining run does not hold up traces on a workspace that is already built.
    private let lock = NSLock()
    private let reportLock = NSLock()
    private var ws: TraceWorkspace?
    private var rating: RatingReport?
    private var gangs: GangReport?
    private var links: LinkReport?
    /// The risk index (`RiskJob`), read on the hot path without the build locks.
    private let riskLock = NSLock()
    private let riskBuildLock = NSLock()
    private var risk: RiskIndex?
    private var riskGeneration = -1
    /// Bumped by every invalidation (tests and metrics read it).
    private(set) var generation = 0
    private(set) var builds = 0

    init(store: any ChainBreakerStore) { self.store = store }

    func invalidate() {
        reportLock.lock(); lock.lock()
        ws = nil; rating = nil; gangs = nil; links = nil
        generation += 1
        lock.unlock(); reportLock.unlock()
        riskLock.lock(); risk = nil; riskLock.unlock()
    }

    /// The risk index if it is built (the hot path: one lock, no I/O).
    func builtRiskIndex() -> RiskIndex? {
        riskLock.lock(); defer { riskLock.unlock() }
        return risk
    }

    /// The risk index, building it (once, whoever asks first) when an import invalidated it.
    func riskIndex() throws -> RiskIndex {
        if let r = builtRiskIndex() { return r }
        riskBuildLock.lock(); defer { riskBuildLock.unlock() }
        if let r = builtRiskIndex() { return r }
        lock.lock(); let g = generation; lock.unlock()
        let index = try RiskJob.build(store: store)
        riskLock.lock()
        if generation == g { risk = index; riskGeneration = g }
        riskLock.unlock()
        return index
    }

    private func workspaceLocked() throws -> TraceWorkspace {
        if let ws { return ws }
        let w = try TraceWorkspace(store: store)
        ws = w
        builds += 1
        return w
    }

    func workspace() throws -> TraceWorkspace {
        lock.lock(); defer { lock.unlock() }
        return try workspaceLocked()
    }

    /// Every account rated with the default rules, most suspicious first.
    func ratings() throws -> RatingReport {
        reportLock.lock(); defer { reportLock.unlock() }
        if let rating { return rating }
        let w = try workspace()
        let r = RatingJob.run(w, rater: RuleRater(), engine: "rules").report
        rating = r
        return r
    }

    func gangReport() throws -> GangReport {
        reportLock.lock(); defer { reportLock.unlock() }
        if let gangs { return gangs }
        let w = try workspace()
        let g = try GangJob.run(w, store: store).report
        gangs = g
        return g
    }

    /// Case links with the default hops and minimum cluster size (cached); other settings are
    /// computed on the cached workspace.
    func linkReport(hops: Int, minCases: Int) throws -> LinkReport {
        reportLock.lock(); defer { reportLock.unlock() }
        let isDefault = hops == LinkJob.defaultHops && minCases == 2
        if isDefault, let links { return links }
        let w = try workspace()
        let r = LinkJob.run(w, imAccounts: try store.loadIMAccounts(), imUnblocks: try store.loadIMUnblocks(), hops: hops, minCases: minCases)
        if isDefault { links = r }
        return r
    }
}
