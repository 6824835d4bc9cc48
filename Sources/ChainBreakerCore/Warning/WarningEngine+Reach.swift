extension WarningEngine {
    /// What one use of a site / APP saw: the counters before this use, and whether its tag is
    /// doubted (this use included).
    struct ReachUse {
        var uses: Int32
        var plain: Int32
        var hits: Int32
        var doubted: Bool
    }

    /// Per-id state of the sites or of the APPs (one table each), dense by interned id.
    ///
    /// Memory O(ids × `rushSlots`); one use costs O(`rushSlots`).
    struct ReachTable: Sendable {
        /// Slots of the ring of recent plain users (≥ `Config.rushPlain`).
        static let rushSlots = 4
        /// People who reached it right after a scam call (a person counted again only after
        /// someone else), and the last of them.
        private var hits: [Int32] = []
        private var last: [Int32] = []
        /// Uses (visits / installs) and, of those, by people with no suspect contact in `learnWindow`.
        private var uses: [Int32] = []
        private var plain: [Int32] = []
        /// The last plain users of a tagged id and when (ring), and whether its tag is doubted.
        private var rushPerson: [Int32] = [], rushTime: [Int64] = [], rushPos: [UInt8] = []
        private var doubted: [Bool] = []

        var count: Int { hits.count }

        private mutating func ensure(_ id: Int32) {
            guard Int(id) >= hits.count else { return }
            let n = Int(id) + 1 - hits.count
            hits.append(contentsOf: repeatElement(0, count: n)); last.append(contentsOf: repeatElement(-1, count: n))
            uses.append(contentsOf: repeatElement(0, count: n)); plain.append(contentsOf: repeatElement(0, count: n))
            rushPos.append(contentsOf: repeatElement(0, count: n)); doubted.append(contentsOf: repeatElement(false, count: n))
            rushPerson.append(contentsOf: repeatElement(-1, count: n * Self.rushSlots))
            rushTime.append(contentsOf: repeatElement(.min, count: n * Self.rushSlots))
        }

        /// Records that person `p` reached `id` at `t`. `watchRush`: the id carries a strong tag,
        /// so plain users are watched for a rush (`Config.rushPlain` different ones within
        /// `rushWindow`, suspect users ≤ 10 % of all), which doubts the tag for good.
        mutating func use(_ id: Int32, by p: Int32, at t: Int64, afterScam: Bool, afterSuspect: Bool,
                          watchRush: Bool, config: Config) -> ReachUse {
            ensure(id)
            let i = Int(id)
            var seen = ReachUse(uses: uses[i], plain: plain[i], hits: hits[i], doubted: doubted[i])
            uses[i] &+= 1
            if !afterSuspect { plain[i] &+= 1 }
            if afterScam, last[i] != p { hits[i] &+= 1; last[i] = p }
            if watchRush, !afterSuspect, !doubted[i] {
                let base = i * Self.rushSlots, pos = Int(rushPos[i])
                rushPerson[base + pos] = p; rushTime[base + pos] = t
                rushPos[i] = UInt8((pos + 1) % Self.rushSlots)
                // Different people in the window (a slot counts unless an earlier slot holds them).
                let since = t - config.rushWindow
                var people = 0
                for k in 0..<Self.rushSlots where rushTime[base + k] >= since {
                    var again = false
                    for j in 0..<k where rushTime[base + j] >= since && rushPerson[base + j] == rushPerson[base + k] { again = true }
                    if !again { people += 1 }
                }
                if config.rushPlain > 0, people >= min(config.rushPlain, Self.rushSlots), (uses[i] - plain[i]) * 10 <= uses[i] { doubted[i] = true }
            }
            seen.doubted = doubted[i]
            return seen
        }
    }
}
