/// Leaks per group of linked cases. A leak feeds one fraud group: its victims are that group's,
/// so in a city with many groups the excess among *all* victims is diluted by every other group's
/// victims (a 15,000-resident city with 12 groups: a warehouse that leaked for three weeks to one
/// group showed 93 victims among its 1,152 users where 92 were expected), while among the victims
/// of the cases linked to that group (串并案) it is overwhelming (51 of 89 exposed, 6.2 expected).
///
/// So, besides the test over all victims, `find` runs again for each group of linked cases with
/// at least `minGroupVictims` victims with orders: the same Fisher test with forward selection
/// (a shop shipping through the group's leaking warehouse is explained away as before), over the
/// same population, without the Monte Carlo scan. A source the group's run selects gets
/// `linked` evidence with p = min(1, 2 · G · its Benjamini–Hochberg p in that run) over the G
/// groups tested (Bonferroni over groups and over the two families); the source's `pAdjusted`
/// becomes the smaller of that and the all-victims one. Groups come from case linking, so cases
/// of one group split into several clusters only cost power, and clusters merging groups dilute
/// as the all-victims test does. Cost: one `find` per group, O(R log R) each.
extension LeakFinder {
    /// Groups with fewer victims with orders than this are not tested on their own.
    public static let minGroupVictims = 10

    public static func find(orders: [OrderRecord], victims: [Victim], groups: [[Victim]], options: Options = .init()) -> LeakFindings {
        var main = find(orders: orders, victims: victims, options: options)
        var fisherOnly = options
        fisherOnly.replicates = 0
        var runs: [LeakFindings] = []
        for g in groups where Set(g.map(\.phone)).count >= minGroupVictims {
            let r = find(orders: orders, victims: g, options: fisherOnly)
            if r.victimsMatched >= minGroupVictims { runs.append(r) }
        }
        guard !runs.isEmpty else { return main }
        var at: [String: Int] = [:]
        for (i, s) in main.sources.enumerated() { at[s.kind.rawValue + "\u{1F}" + s.id] = i }
        for r in runs {
            for s in r.sources where s.confidence == .strong || s.confidence == .suggestive {
                guard let i = at[s.kind.rawValue + "\u{1F}" + s.id] else { continue }
                let p = min(1, 2 * Double(runs.count) * s.pFisherAdjusted)
                guard p < (main.sources[i].linked?.pAdjusted ?? 1) else { continue }
                let expected = Double(s.population) * Double(r.victimsMatched) / Double(max(r.recipients, 1))
                main.sources[i].linked = LinkedEvidence(victims: s.victims, groupVictims: r.victimsMatched, expected: expected, pAdjusted: p)
            }
        }
        for i in main.sources.indices {
            guard let l = main.sources[i].linked, l.pAdjusted < main.sources[i].pAdjusted else { continue }
            var s = main.sources[i]
            s.pAdjusted = l.pAdjusted
            s.explainedBy = []
            s.confidence = confidence(victims: s.victims, pAdjusted: s.pAdjusted, options: options)
            s.explanation = explain(s, K: main.victimsMatched, N: main.recipients, options: options)
                + "; \(l.victims) of the \(l.groupVictims) victims of one group of linked cases used it (\(fmt(l.expected)) expected)"
            main.sources[i] = s
        }
        // Most significant first; the all-victims order among equals.
        let order = main.sources.indices.sorted { (main.sources[$0].pAdjusted, $0) < (main.sources[$1].pAdjusted, $1) }
        main.sources = order.map { main.sources[$0] }
        return main
    }
}
