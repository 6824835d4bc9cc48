/// Mines fraud groups (团伙) from traced fund flows and shared identities, and gives every member
/// account its role in the chain.
///
/// 1. **Members.** Accounts rated suspicious or malicious that are ordinary accounts (not an OTC
///    trader, card merchant or payment institution: those are service providers, step 3), and not
///    only a victim's own account, nor rated suspicious only for a rebate's worth of traced money
///    (`minSuspiciousMemberFen`).
/// 2. **Groups.** Members are joined (union–find, Tarjan 1975) by the evidence an analyst would
///    cite: traced victim money between them, the same holder ID number, and, with `useDevices`,
///    a login device (IP / MAC) that few accounts share (`maxDeviceAccounts`; a device on more
///    accounts is a café, a NAT or a placeholder). Transfers that carried no traced money do not
///    join groups (rented cards' owners pay each other in normal life). Components that received
///    victim money are the groups; members that carried none (commissions, point-card paybacks)
///    join the group they moved the most money with (`attach`), a component as a whole (the
///    person's other cards follow), once before the roles and once more after the associates
///    (`GangMiner+Associates`) joined (a worker paid only by an organizer that came in as an
///    associate). Accounts no reported case's
///    money went through that pass what they just received on to a group's layers join it as
///    feeders (`GangMiner+Feeders`: 跑分 wallets of unreported victims). A transfer link that is
///    the only, thin thread between two parts that both received victims' money is cut first
///    (`GangMiner+Bridges`: a rented card's holder paying a friend who is another group's mule).
/// 3. **Providers** that received victim money from members: OTC traders and registered
///    game-card sellers are always **shared** (reported with every group they serve); an
///    unregistered card merchant fed at least `providerShare` by one group is its member;
///    payment institutions are platforms, neither. Accounts rated only suspicious because
///    independent groups pay them (`Input.sharedOffRamps`) are shared too.
/// 4. **Cases** belong to the group that received most of their traced money; a group that owns
///    no case (it carried part of cases another group received most of) joins that group.
/// 5. **Roles** (`GangMiner+Roles`).
///
/// O(H + E α(V) + V) for H traced hops and E transfers.
public struct GangMiner: Sendable {
    public struct Input: Sendable {
        public var graph: TransferGraph
        /// Rating context with the traces of every case added (`RatingContext.addTraces`).
        public var context: RatingContext
        public var levels: [RiskLevel]
        /// One trace result per case (money of each case traced as one group).
        public var traces: [TraceResult]
        public var caseLossFen: [Int64]
        /// For accounts without a statement, the time from which all their transfers are visible
        /// (the real-time stream's start; `Int64.max` = never); nil = never for all
        /// (`FundTracer.visibleFrom`). Used to judge associates.
        public var visibleFrom: [Int64]?
        /// Accounts rated only suspicious because independent groups of fraud accounts pay them
        /// (`AccountFeature.senderGroups` ≥ 2: an off-ramp several groups use, e.g. an untagged
        /// OTC trader whose statement was not requested). Never members: shared, like the
        /// providers of step 3. nil = none.
        public var sharedOffRamps: [Bool]?
        public init(graph: TransferGraph, context: RatingContext, levels: [RiskLevel], traces: [TraceResult], caseLossFen: [Int64],
                    visibleFrom: [Int64]? = nil, sharedOffRamps: [Bool]? = nil) {
            self.graph = graph; self.context = context; self.levels = levels; self.traces = traces; self.caseLossFen = caseLossFen
            self.visibleFrom = visibleFrom; self.sharedOffRamps = sharedOffRamps
        }
    }

    public struct Member: Sendable, Equatable {
        public var account: Int32
        public var role: ChainRole
        /// Facts behind the role, in words an analyst can check.
        public var evidence: [String]
    }

    public struct Gang: Sendable, Equatable {
        public var members: [Member]
        /// Case indices, in index order.
        public var cases: [Int32]
        public var lossFen: Int64
        /// Victim money traced into the group's accounts (first receipt per case).
        public var tracedFen: Int64
    }

    public struct Shared: Sendable, Equatable {
        public var account: Int32
        public var role: ChainRole
        /// Gang indices served, with the traced money each sent.
        public var gangs: [(gang: Int32, fen: Int64)]
        public static func == (a: Shared, b: Shared) -> Bool {
            a.account == b.account && a.role == b.role && a.gangs.elementsEqual(b.gangs) { $0.gang == $1.gang && $0.fen == $1.fen }
        }
    }

    public struct Result: Sendable {
        public var gangs: [Gang]
        public var shared: [Shared]
        /// Gang index of every account, −1 = none (shared providers are −1 too).
        public var gangOfAccount: [Int32]
        /// Gang index of every case, −1 = its money reached no group.
        public var gangOfCase: [Int32]
    }

    /// A device on more member accounts than this is not one operator's.
    public var maxDeviceAccounts = 12
    /// An account rated only suspicious for less traced money than this (¥5,000,
    /// `RuleRater.Thresholds.materialFen`), none of it paid by victims directly, is no member: it
    /// is what a 刷单 group's rebate wallet pays the people it grooms (FIFO there attributes the
    /// rebates to earlier victims).
    public var minSuspiciousMemberFen: Int64 = 500_000
    /// A provider belongs to one group when that group sent it this share of its traced money.
    public var providerShare = 0.9
    /// Join members by shared devices (off: on generated cities shared devices joined rented
    /// cards of different groups).
    public var useDevices = false
    /// Feeders (`GangMiner+Feeders`): share of all their outflow that went to the group, share
    /// of that they received just before, the least they passed on, and rounds of the chain.
    public var feederShare = 0.9
    public var feederPassThrough = 0.8
    public var minFeederFen: Int64 = 100_000
    public var feederRounds = 4
    /// Associates (`GangMiner+Associates`): share of their visible volume with one group, the
    /// fewest transfers with it and the least money (a share above 1 turns the step off).
    public var associateShare = 0.9
    public var associateMinTransfers = 2
    public var minAssociateFen: Int64 = 100_000
    /// A transfer link that is the only thread between two parts that both received victims'
    /// money at the first level is cut when its traced money is at most this share of the
    /// smaller part's first-level money (`GangMiner+Bridges`; 0 turns the step off).
    public var bridgeShare = 0.05

    public init() {}

    /// Why two member accounts belong together.
    public struct Link: Sendable, Equatable {
        public enum Kind: String, Sendable { case transfer, holder, device }
        public var a: Int32, b: Int32
        public var kind: Kind
    }

    /// Member accounts (step 1).
    public func members(_ input: Input) -> [Bool] {
        let c = input.context
        var member = [Bool](repeating: false, count: c.accountCount)
        for a in 0..<c.accountCount where input.levels[a] >= .suspicious && c.kinds[a] == .ordinary {
            // A victim's own account that passes no victim money on is not a member.
            if c.victimPaymentsMade[a] > 0 && c.victimInflowFen[a] == 0 { continue }
            // Rated suspicious for a rebate's worth of traced money only.
            if input.levels[a] == .suspicious && c.directVictimPayments[a] == 0 && c.victimInflowFen[a] < minSuspiciousMemberFen { continue }
            // An off-ramp several groups use belongs to none of them.
            if input.sharedOffRamps?[a] == true { continue }
            member[a] = true
        }
        return member
    }

    /// The evidence joining members (step 2): transfers between them, the same holder, a device
    /// few accounts share.
    public func links(_ input: Input, member: [Bool]) -> [Link] {
        let g = input.graph, c = input.context, n = g.accountCount
        var out: [Link] = []
        for t in input.traces {
            for h in t.hops where h.from >= 0 && h.to >= 0 && h.from != h.to && member[Int(h.from)] && member[Int(h.to)] {
                out.append(Link(a: h.from, b: h.to, kind: .transfer))
            }
        }
        var byHolder: [Int32: Int32] = [:]
        for a in 0..<n where member[a] && c.holderGroup[a] >= 0 {
            if let first = byHolder[c.holderGroup[a]] { out.append(Link(a: first, b: Int32(a), kind: .holder)) } else { byHolder[c.holderGroup[a]] = Int32(a) }
        }
        let deviceCount = c.deviceCount
        if deviceCount > 0 && useDevices {
            var onDevice = [[Int32]](repeating: [], count: deviceCount)
            for a in 0..<n where member[a] { for d in c.devices(a) { onDevice[Int(d)].append(Int32(a)) } }
            for list in onDevice where list.count >= 2 && list.count <= maxDeviceAccounts {
                for b in list.dropFirst() { out.append(Link(a: list[0], b: b, kind: .device)) }
            }
        }
        return out
    }

    /// Attaches unplaced members to the group they exchanged the most money with (any transfer,
    /// both directions). Members joined by evidence (`component`: the same holder, a device, a
    /// transfer) move together — the person's cash-out card follows the card of theirs that
    /// joined a group — and attachments within one call do not chain. O(E). Returns how many
    /// accounts were placed.
    @discardableResult
    func attach(_ gangOfAccount: inout [Int32], member: [Bool], component: [Int32], graph g: TransferGraph) -> Int {
        var best: [Int32: [Int32: Int64]] = [:]   // component → group → money
        for e in 0..<g.edgeCount {
            let a = g.from[e], b = g.to[e]
            guard a >= 0 && b >= 0 else { continue }
            let ga = gangOfAccount[Int(a)], gb = gangOfAccount[Int(b)]
            if ga < 0 && gb >= 0 && member[Int(a)] { best[component[Int(a)], default: [:]][gb, default: 0] += g.amountFen[e] }
            if gb < 0 && ga >= 0 && member[Int(b)] { best[component[Int(b)], default: [:]][ga, default: 0] += g.amountFen[e] }
        }
        guard !best.isEmpty else { return 0 }
        var target: [Int32: Int32] = [:]
        for (k, by) in best {
            if let top = by.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) { target[k] = top.key }
        }
        var placed = 0
        for a in 0..<g.accountCount where member[a] && gangOfAccount[a] < 0 {
            if let t = target[component[a]] { gangOfAccount[a] = t; placed += 1 }
        }
        return placed
    }

    /// Each case's group: the one whose accounts received most of its money at level 1, else
    /// (it paid a provider or an unrated account first) most of its money anywhere. −1 = none.
    func cases(_ traces: [TraceResult], gangOfAccount: [Int32], providers: [Int32: ChainRole] = [:]) -> [Int32] {
        var gangOfCase = [Int32](repeating: -1, count: traces.count)
        for (i, t) in traces.enumerated() {
            var by: [Int32: Int64] = [:]
            for h in t.hops where h.level == 1 && h.to >= 0 {
                let k = gangOfAccount[Int(h.to)]
                if k >= 0 { by[k, default: 0] += h.amountFen }
            }
            if by.isEmpty {
                for h in t.hops where h.to >= 0 {
                    let k = gangOfAccount[Int(h.to)]
                    if k >= 0 && providers[h.to] == nil { by[k, default: 0] += h.amountFen }
                }
            }
            if let best = by.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) { gangOfCase[i] = best.key }
        }
        return gangOfCase
    }

    /// A group that owns no case only carried part of cases another group received most of (a
    /// 跑分 pair one victim paid besides the group's cards): it joins the group that owns those
    /// cases, weighted by the money. Groups are renumbered in order; returns the new count. O(H).
    func mergeCaselessGroups(_ traces: [TraceResult], gangOfAccount: inout [Int32], gangCount: Int) -> Int {
        let owner = cases(traces, gangOfAccount: gangOfAccount)
        var owns = [Bool](repeating: false, count: gangCount)
        for k in owner where k >= 0 { owns[Int(k)] = true }
        guard owns.contains(false) else { return gangCount }
        var into: [Int32: [Int32: Int64]] = [:]
        for (i, t) in traces.enumerated() where owner[i] >= 0 {
            for h in t.hops where h.to >= 0 {
                let k = gangOfAccount[Int(h.to)]
                if k >= 0 && !owns[Int(k)] { into[k, default: [:]][owner[i], default: 0] += h.amountFen }
            }
        }
        var target = (0..<Int32(gangCount)).map { $0 }
        for (k, by) in into { if let top = by.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) { target[Int(k)] = top.key } }
        var renumber = [Int32](repeating: -1, count: gangCount)
        var next: Int32 = 0
        for k in 0..<gangCount where target[k] == Int32(k) { renumber[k] = next; next += 1 }
        for k in 0..<gangCount where target[k] != Int32(k) { renumber[k] = renumber[Int(target[k])] }
        for a in gangOfAccount.indices where gangOfAccount[a] >= 0 { gangOfAccount[a] = renumber[Int(gangOfAccount[a])] }
        return Int(next)
    }

    public func mine(_ input: Input) -> Result {
        let g = input.graph, c = input.context
        let n = g.accountCount
        precondition(c.accountCount == n && input.levels.count == n)

        // 1. Members.
        let member = members(input)

        // 2. Union–find over the evidence.
        let links = cutThinBridges(self.links(input, member: member), input: input).kept
        var (component, _) = ConnectedComponents.weak(nodeCount: n, from: links.map(\.a), to: links.map(\.b))
        for a in 0..<n where !member[a] { component[a] = -1 }

        // Groups: components that received victim money, numbered by first member.
        var received: [Int32: Int64] = [:]
        for a in 0..<n where member[a] && c.victimInflowFen[a] > 0 { received[component[a], default: 0] += c.victimInflowFen[a] }
        var gangIndex: [Int32: Int32] = [:]
        var gangOfAccount = [Int32](repeating: -1, count: n)
        for a in 0..<n where member[a] {
            let k = component[a]
            guard received[k] != nil else { continue }
            if gangIndex[k] == nil { gangIndex[k] = Int32(gangIndex.count) }
            gangOfAccount[a] = gangIndex[k]!
        }
        let initialGangCount = gangIndex.count

        // Members that carried no victim money (commissions, point-card paybacks, a mule's
        // other card) join the group they moved the most money with, if any.
        attach(&gangOfAccount, member: member, component: component, graph: g)
        // Accounts no case's money went through that pass money into a group (`GangMiner+Feeders`).
        let feeders = self.feeders(input, gangOfAccount: gangOfAccount, member: member)
        for (a, f) in feeders { gangOfAccount[Int(a)] = f.gang }
        let gangCount = mergeCaselessGroups(input.traces, gangOfAccount: &gangOfAccount, gangCount: initialGangCount)

        // 3. Providers: by the traced money members sent them.
        var providerFeed: [Int32: [Int32: Int64]] = [:]
        for t in input.traces {
            for h in t.hops where h.to >= 0 && h.from >= 0 {
                let p = Int(h.to)
                guard c.kinds[p] != .ordinary || input.sharedOffRamps?[p] == true, gangOfAccount[Int(h.from)] >= 0 else { continue }
                providerFeed[h.to, default: [:]][gangOfAccount[Int(h.from)], default: 0] += h.amountFen
            }
        }
        // Payment institutions are platforms, not parties: never members, never shared.
        var shared: [Shared] = []
        var providerRole: [Int32: ChainRole] = [:]
        for (p, feed) in providerFeed.sorted(by: { $0.key < $1.key }) where c.kinds[Int(p)] != .paymentInstitution {
            // A shared off-ramp of unknown kind is reported where its money goes: out of the
            // groups' hands, as with an OTC trader.
            let role: ChainRole = c.kinds[Int(p)] == .otc || c.kinds[Int(p)] == .ordinary ? .otc : .card_merchant
            let total = feed.values.reduce(0, +)
            let top = feed.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!
            // An OTC trader sells to anyone, a registered game-card seller to everyone: always
            // outside providers. An unregistered card merchant working (almost) only for one
            // group is part of it.
            let registered = c.tags[Int(p)].contains(.cardMerchant) || c.tags[Int(p)].contains(.normalMerchant)
            if role == .card_merchant && !registered && Double(top.value) >= providerShare * Double(total) {
                gangOfAccount[Int(p)] = top.key
                providerRole[p] = role
            } else {
                shared.append(Shared(account: p, role: role, gangs: feed.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            }
        }

        // 4. Cases: to the group that received most of their money.
        let gangOfCase = cases(input.traces, gangOfAccount: gangOfAccount, providers: providerRole)
        var gangs = [Gang](repeating: Gang(members: [], cases: [], lossFen: 0, tracedFen: 0), count: gangCount)
        for (i, k) in gangOfCase.enumerated() where k >= 0 {
            gangs[Int(k)].cases.append(Int32(i))
            gangs[Int(k)].lossFen += i < input.caseLossFen.count ? input.caseLossFen[i] : 0
            gangs[Int(k)].tracedFen += input.traces[i].hops.reduce(0) { $0 + ($1.level == 1 ? $1.amountFen : 0) }
        }
        // 5. Roles.
        var roles = assignRoles(input, gangOfAccount: gangOfAccount, gangCount: gangCount, providerRole: providerRole)
        // Accounts whose whole visible money life is with a group's core (`GangMiner+Associates`).
        var core = [Bool](repeating: false, count: n)
        for (a, r) in roles where [.organizer, .layer, .cashout].contains(r.role) { core[a] = true }
        let associates = self.associates(input, gangOfAccount: gangOfAccount, member: member, core: core)
        for (a, x) in associates { gangOfAccount[Int(a)] = x.gang }
        // Members unplaced so far may have moved money only with accounts that joined since (the
        // 引流 worker paid by an organizer that came in as an associate): a second attachment.
        let lateMembers = attach(&gangOfAccount, member: member, component: component, graph: g)
        if !associates.isEmpty || lateMembers > 0 {
            roles = assignRoles(input, gangOfAccount: gangOfAccount, gangCount: gangCount, providerRole: providerRole)
        }
        for (a, f) in feeders { roles[Int(a)] = feederRole(a, f, input: input) }
        for a in 0..<n where gangOfAccount[a] >= 0 && roles[a] == nil { gangOfAccount[a] = -1 }
        for a in 0..<n where gangOfAccount[a] >= 0 {
            let r = roles[a]!
            gangs[Int(gangOfAccount[a])].members.append(Member(account: Int32(a), role: r.role, evidence: r.evidence))
        }
        for i in gangs.indices { gangs[i].members.sort { ($0.role, $0.account) < ($1.role, $1.account) } }
        return Result(gangs: gangs, shared: shared, gangOfAccount: gangOfAccount, gangOfCase: gangOfCase)
    }
}
