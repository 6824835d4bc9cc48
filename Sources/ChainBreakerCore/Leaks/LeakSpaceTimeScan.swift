#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Significance of a leak that lasted a few weeks: Kulldorff's space–time scan statistic with
/// Monte Carlo inference (Kulldorff 1997, *A spatial scan statistic*; Kulldorff et al. 1998 for
/// space–time cylinders), the "space" being the source (warehouse, shop, courier).
///
/// A leak exposes the people whose parcels passed a source during its window; a source used all
/// quarter dilutes that excess in the all-period Fisher test (seed 97's warehouse: 10 of 225 users
/// were victims, adjusted p 0.3; 6 of its 24 exposures on the eight leaking days). Every
/// candidate is a (source, interval of days) cylinder with at least `minCases` victim exposures;
/// exposures are a person's orders through the source (victims' only before their first contact),
/// c of n inside, C of N overall, and the cylinder's Bernoulli log-likelihood ratio
///   LLR = c ln(c/n) + (n−c) ln(1−c/n) + (C−c) ln((C−c)/(N−n)) + (N−n−(C−c)) ln(1−(C−c)/(N−n))
///         − C ln(C/N) − (N−C) ln(1−C/N)
/// (only where the inside rate exceeds the outside rate). A source's statistic is its best
/// cylinder's LLR.
///
/// Inference: `replicates` times, the victims' first-contact cut-offs are given to as many people
/// drawn at random from the population (the null: who becomes a victim has nothing to do with
/// where they shop), and the largest statistic over all sources is recorded. People are drawn
/// within strata of how many orders they placed (1, 2, …, 11, 12 or more): exposures are counted
/// per order, so if victims shop more than average (more parcels, more data to leak) every busy
/// source would look over-represented against replicates of average shoppers. The population
/// counts stay the observed ones in every replicate (an approximation; see `LeakFinder` for the
/// guard it needs). A source's p-value is
/// (1 + replicates whose maximum reaches its statistic) / (replicates + 1): the single-step maxT
/// adjusted p-value of Westfall & Young (1993, *Resampling-Based Multiple Testing*), which
/// controls the family-wise error over every source and every window at once, so it needs no
/// further correction. Permuting people (not orders) keeps each person's repeat orders together.
///
/// Deterministic for a seed (`GraphRNG`). Cost per evaluation (the observed one and each
/// replicate): O(x log x) to bin the x exposures of the drawn victims in a dense source × day grid
/// plus O(d²) per source for its d distinct victim days, each window O(1) (a table of k ln k
/// replaces the logarithms); setup O(E + S·D) per round for E exposures, S sources and D days.
/// Replicates stop early once 50 maxima reached the largest observed statistic (Besag & Clifford
/// 1991, *Sequential Monte Carlo p-values*): then no source can come out significant.
struct LeakSpaceTimeScan {
    /// Replicate maxima reaching the largest observed statistic after which the replicates stop.
    static let stopAfter = 50
    let sources: Int
    let days: Int
    /// Exposures grouped by person (CSR): source, day index, time. Only orders the observed data
    /// counts (a victim's before the first contact).
    private let personStart: [Int]
    private let expSource: [Int32]
    private let expDay: [Int32]
    private let expTime: [Int64]
    /// Victims' first contacts (`Int64.max` for everyone else).
    private let cutoff: [Int64]
    /// Stratum of each person: their number of orders (all of them), 12 and more together.
    private let stratum: [Int32]
    static let strata = 13

    /// `exposures`: (person, source, day index 0..<days, time) of every counted order touchpoint.
    /// `orders[p]`: every order of person p (also those after a victim's first contact).
    init(persons: Int, sources: Int, days: Int, cutoff: [Int64], orders: [Int32],
         exposures: [(person: Int32, source: Int32, day: Int32, time: Int64)]) {
        self.sources = sources
        self.days = days
        self.cutoff = cutoff
        stratum = orders.map { min($0, Int32(Self.strata - 1)) }
        var start = [Int](repeating: 0, count: persons + 1)
        for e in exposures { start[Int(e.person) + 1] += 1 }
        for i in 0..<persons { start[i + 1] += start[i] }
        var fill = start
        var src = [Int32](repeating: 0, count: exposures.count), day = [Int32](repeating: 0, count: exposures.count)
        var time = [Int64](repeating: 0, count: exposures.count)
        for e in exposures {
            let k = fill[Int(e.person)]
            fill[Int(e.person)] += 1
            src[k] = e.source; day[k] = e.day; time[k] = e.time
        }
        personStart = start; expSource = src; expDay = day; expTime = time
    }

    /// The all-period Fisher test of a round, to be calibrated jointly with the scan: per source,
    /// its exposed people among the active ones and its observed one-sided Fisher p (1 where it
    /// has fewer than `minCases` victims).
    struct FisherPart {
        var exposed: [Int]
        var observedP: [Double]
    }

    /// Monte Carlo p-values of one round: `scan`, the scan's alone; `joint`, the scan and Fisher's
    /// test together.
    struct Adjusted {
        var scan: [Double]
        var joint: [Double]
    }

    /// Westfall–Young adjusted p-values of every source over the people still `active` (1 for a
    /// source without a cylinder of `minCases` victim exposures, or without replicates).
    func adjustedP(active: [Bool], minCases: Int, replicates: Int, seed: UInt64) -> [Double] {
        adjusted(active: active, minCases: minCases, replicates: replicates, seed: seed, fisher: nil, scanFor: nil).scan
    }

    /// The scan's p-values and, with `fisher`, joint ones. Each replicate records its largest
    /// scan statistic and its smallest Fisher p over all sources; each is turned into a
    /// family-wise p by its rank among the replicates, and the replicate's evidence is the smaller
    /// of the two. A source's own evidence is the smaller of its scan and Fisher family-wise p, and
    /// its joint p is (1 + replicates whose evidence is at least as small) / (replicates + 1): the
    /// single-step min-p of Westfall & Young over both tests and every source (family-wise, no
    /// factor 2 for using two tests: the replicates carry how much the two agree). `scanFor[s]`
    /// false: only Fisher's part counts for source s.
    func adjusted(active: [Bool], minCases: Int, replicates: Int, seed: UInt64, fisher: FisherPart?, scanFor: [Bool]?) -> Adjusted {
        let D = days, stride = D + 1
        // Population exposures per source and day (prefix sums), over active people.
        var pop = [Int32](repeating: 0, count: sources * stride)
        var total = 0
        var pool = [[Int32]](repeating: [], count: Self.strata)
        var victims: [Int32] = []
        for person in 0..<(personStart.count - 1) where active[person] {
            pool[Int(stratum[person])].append(Int32(person))
            if cutoff[person] != .max { victims.append(Int32(person)) }
            for k in personStart[person]..<personStart[person + 1] {
                pop[Int(expSource[k]) * stride + Int(expDay[k]) + 1] += 1
                total += 1
            }
        }
        for s in 0..<sources {
            let base = s * stride
            for d in 0..<D { pop[base + d + 1] += pop[base + d] }
        }
        // x ln x for every count up to the total (LLR = sums of these): no log in the loops.
        var xlx = [Double](repeating: 0, count: total + 1)
        if total > 0 { for x in 1...total { xlx[x] = Double(x) * log(Double(x)) } }
        // Victim exposures per (source, day), dense, with the cells touched listed.
        var grid = [Int32](repeating: 0, count: sources * D)
        var cells: [Int32] = []
        var best = [Double](repeating: 0, count: sources)
        var scored: [Int32] = []   // sources whose `best` this evaluation set
        var dayAt: [Int] = [], cum: [Int] = []
        // Best cylinder per source for one assignment of victims (persons[i] gets cut-off cuts[i]).
        func evaluate(_ persons: ArraySlice<Int32>) -> Double {
            for s in scored { best[Int(s)] = 0 }
            scored.removeAll(keepingCapacity: true)
            cells.removeAll(keepingCapacity: true)
            var C = 0
            for (i, person) in persons.enumerated() {
                let p = Int(person), cut = cuts[i]
                for k in personStart[p]..<personStart[p + 1] where expTime[k] < cut {
                    let cell = Int(expSource[k]) * D + Int(expDay[k])
                    if grid[cell] == 0 { cells.append(Int32(cell)) }
                    grid[cell] += 1
                    C += 1
                }
            }
            cells.sort()
            defer { for c in cells { grid[Int(c)] = 0 } }
            guard C > 0, total > C else { return 0 }
            let N = total
            let base = xlx[C] + xlx[N - C] - xlx[N]
            var overall = 0.0
            var g = 0
            while g < cells.count {
                let s = Int(cells[g]) / D
                var h = g
                dayAt.removeAll(keepingCapacity: true); cum.removeAll(keepingCapacity: true)
                cum.append(0)
                while h < cells.count && Int(cells[h]) / D == s {
                    dayAt.append(Int(cells[h]) % D); cum.append(cum.last! + Int(grid[Int(cells[h])]))
                    h += 1
                }
                g = h
                guard cum.last! >= minCases else { continue }
                let pb = s * stride
                var sBest = 0.0
                for i in dayAt.indices {
                    // Windows start and end on days with a victim exposure and hold ≥ minCases.
                    var j = i
                    while j < dayAt.count && cum[j + 1] - cum[i] < minCases { j += 1 }
                    while j < dayAt.count {
                        let c = cum[j + 1] - cum[i]
                        let n = Int(pop[pb + dayAt[j] + 1] - pop[pb + dayAt[i]])
                        // Inside rate above the outside rate: c/n > (C−c)/(N−n).
                        if c * (N - n) > (C - c) * n {
                            let llr = xlx[c] + xlx[n - c] - xlx[n] + xlx[C - c] + xlx[N - n - C + c] - xlx[N - n] - base
                            if llr > sBest { sBest = llr }
                        }
                        j += 1
                    }
                }
                best[s] = sBest
                scored.append(Int32(s))
                if sBest > overall { overall = sBest }
            }
            return overall
        }

        // Observed: the active victims with their own cut-offs, grouped by stratum.
        victims.sort { (stratum[Int($0)], $0) < (stratum[Int($1)], $1) }
        let cuts = victims.map { cutoff[Int($0)] }
        var perStratum = [Int](repeating: 0, count: Self.strata)
        for v in victims { perStratum[Int(stratum[Int(v)])] += 1 }
        _ = evaluate(victims[...])
        let observed = best
        let ones = [Double](repeating: 1, count: sources)
        guard replicates > 0, !victims.isEmpty else { return Adjusted(scan: ones, joint: ones) }
        // Fisher's part per replicate: the smallest one-sided p over the sources the drawn people
        // reached (distinct people per source, exposures before their cut-offs).
        let population = active.reduce(0) { $0 + ($1 ? 1 : 0) }, drawnCount = victims.count
        var mark = [Int32](repeating: -1, count: fisher == nil ? 0 : sources)
        var hits = [Int32](repeating: 0, count: fisher == nil ? 0 : sources)
        var touched: [Int32] = []
        func smallestFisherP(_ persons: ArraySlice<Int32>) -> Double {
            guard let fisher else { return 1 }
            touched.removeAll(keepingCapacity: true)
            for (i, person) in persons.enumerated() {
                let p = Int(person), cut = cuts[i]
                for k in personStart[p]..<personStart[p + 1] where expTime[k] < cut {
                    let src = Int(expSource[k])
                    guard mark[src] != Int32(i) else { continue }
                    mark[src] = Int32(i)
                    if hits[src] == 0 { touched.append(Int32(src)) }
                    hits[src] += 1
                }
            }
            var least = 1.0
            for t in touched {
                let src = Int(t), k = Int(hits[src])
                if k >= minCases {
                    least = min(least, Hypergeometric.upperTail(k, population: population, successes: drawnCount, draws: fisher.exposed[src]))
                }
                hits[src] = 0; mark[src] = -1
            }
            return least
        }
        let counts = scanFor ?? [Bool](repeating: true, count: sources)
        let fisherObserved = fisher?.observedP ?? ones
        // A replicate "reaches" every source once it reaches the strongest observed evidence.
        var topFisher = 1.0
        for s in 0..<sources { topFisher = min(topFisher, fisherObserved[s]) }
        // Sequential stopping (Besag & Clifford 1991): once `stopAfter` replicate maxima reached
        // the largest observed statistic, every source's p is at least stopAfter / (r + 1) and
        // the remaining replicates cannot make any of them small.
        var top = 0.0
        for s in 0..<sources where counts[s] || fisher == nil { top = max(top, observed[s]) }
        if fisher != nil && top == 0 && topFisher == 1 { return Adjusted(scan: ones, joint: ones) }
        var rng = GraphRNG(seed: seed)
        var maxima: [Double] = []
        var least: [Double] = []
        maxima.reserveCapacity(replicates)
        var reached = 0
        var drawn = [Int32](repeating: 0, count: victims.count)
        for _ in 0..<replicates {
            // In each stratum, as many people as it has victims, drawn without replacement
            // (partial Fisher–Yates), in the victims' order.
            var at = 0
            for st in 0..<Self.strata where perStratum[st] > 0 {
                let n = pool[st].count
                for i in 0..<perStratum[st] {
                    let j = i + rng.below(n - i)
                    pool[st].swapAt(i, j)
                    drawn[at] = pool[st][i]; at += 1
                }
            }
            let m = evaluate(drawn[...])
            maxima.append(m)
            let f = smallestFisherP(drawn[...])
            if fisher != nil { least.append(f) }
            let reachedScan = (fisher == nil || top > 0) && m >= top - 1e-9
            let reachedFisher = fisher != nil && topFisher < 1 && f <= topFisher * (1 + 1e-9)
            if reachedScan || reachedFisher { reached += 1; if reached >= Self.stopAfter { break } }
        }
        let R = maxima.count
        var joint = ones
        if fisher != nil {
            // Each replicate's evidence on the p scale of the replicates themselves: the smaller of
            // its scan maximum's and its Fisher minimum's family-wise p (min-p over two tests).
            let byMax = maxima.sorted(), byLeast = least.sorted()
            func scanFW(_ x: Double, _ plus: Int) -> Double {
                var lo = 0, hi = R
                while lo < hi { let m = (lo + hi) / 2; if byMax[m] >= x - 1e-9 { hi = m } else { lo = m + 1 } }
                return Double(plus + R - lo) / Double(R + plus)
            }
            func fisherFW(_ x: Double, _ plus: Int) -> Double {
                var lo = 0, hi = R
                while lo < hi { let m = (lo + hi) / 2; if byLeast[m] <= x * (1 + 1e-9) { lo = m + 1 } else { hi = m } }
                return Double(plus + lo) / Double(R + plus)
            }
            var q = (0..<R).map { min(scanFW(maxima[$0], 0), fisherFW(least[$0], 0)) }
            q.sort()
            for s in 0..<sources {
                let scanOn = counts[s] && observed[s] > 0, fisherOn = fisherObserved[s] < 1
                guard scanOn || fisherOn else { continue }
                let qs = min(scanOn ? scanFW(observed[s], 1) : 1, fisherOn ? fisherFW(fisherObserved[s], 1) : 1)
                var lo = 0, hi = R
                while lo < hi { let m = (lo + hi) / 2; if q[m] <= qs * (1 + 1e-9) { lo = m + 1 } else { hi = m } }
                joint[s] = Double(1 + lo) / Double(R + 1)
            }
        }
        maxima.sort()
        var p = [Double](repeating: 1, count: sources)
        for s in 0..<sources where observed[s] > 0 {
            // Replicates whose maximum reaches the observed statistic (binary search).
            var lo = 0, hi = R
            let x = observed[s] - 1e-9
            while lo < hi { let m = (lo + hi) / 2; if maxima[m] >= x { hi = m } else { lo = m + 1 } }
            p[s] = Double(1 + R - lo) / Double(R + 1)
        }
        return Adjusted(scan: p, joint: joint)
    }

}
