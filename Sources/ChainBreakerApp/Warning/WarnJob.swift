import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore

/// One warning as `chainbreaker warn --json` writes it (one JSON object per line).
public struct WarningReport: Sendable, Codable, Equatable {
    /// ISO 8601 (+08:00).
    public var time: String
    /// `phone:138…` (the person to call) or `account:…` when no phone is known for the paying account.
    public var subject: String
    /// high, medium, low
    public var level: String
    /// dissuade (劝阻) or intercept (拦截)
    public var action: String
    /// Which detector fired.
    public var detector: String
    public var reasons: [String]
    /// The events that show it, as short lines.
    public var events: [String]
}

/// Interns the stream's identifiers to dense ids and fills the engine's knowledge from a
/// `RiskIndex` (per new id, once). Keeps the names for writing warnings out.
public struct WarningAdapter: Sendable {
    public private(set) var phones: [String] = [], accounts: [String] = [], apps: [String] = [], sites: [String] = []
    private var phoneID: [String: Int32] = [:], accountID: [String: Int32] = [:], appID: [String: Int32] = [:], siteID: [String: Int32] = [:]
    private var holderID: [String: Int32] = [:]
    public let index: RiskIndex
    /// Account → owner phone (victim accounts and phones of cases reported before the stream).
    public let owners: [String: String]

    public init(index: RiskIndex, owners: [String: String] = [:]) { self.index = index; self.owners = owners }

    static func why(_ r: RiskIndex.Record, index: RiskIndex) -> String {
        var parts: [String] = []
        let fraudTags = r.tags.filter { RiskIndex.level(ofTag: $0) > .normal }
        if !fraudTags.isEmpty { parts.append("is tagged " + fraudTags.joined(separator: ", ")) }
        if let l = r.rating, l > .normal { parts.append("is rated \(l)" + (r.reasons.first.map { " (\($0))" } ?? "")) }
        if let k = r.cases.first {
            let c = index.cases[Int(k)]
            parts.append("was named in case \(c.id) reported \(Instant(seconds: c.reportedAt).iso8601)" + (r.cases.count > 1 ? " and \(r.cases.count - 1) more" : ""))
        }
        if let g = r.gang { parts.append("belongs to group \(g)" + (r.role.map { " (\($0))" } ?? "")) }
        return parts.isEmpty ? "is flagged" : parts.joined(separator: "; ")
    }

    public mutating func phone(_ raw: String, _ k: inout WarningKnowledge) -> Int32 {
        if let i = phoneID[raw] { return i }
        let i = Int32(phones.count)
        phoneID[raw] = i; phones.append(raw)
        k.ensurePhone(i)
        let canon = Normalize.phone(raw) ?? raw
        // Service and landline numbers (95588, 400…, 0571…) are registered businesses: their
        // calling many people is what they do (GOIP boxes hold mobile SIM cards).
        if !canon.hasPrefix("+"), !Normalize.isMobile(canon) { k.phoneBenign[Int(i)] = true }
        if let r = index.lookup(RiskEntity(.phone, canon)) {
            if r.benignTagged { k.phoneBenign[Int(i)] = true }
            else if r.flagLevelAboveNormal {
                k.phoneFlag[Int(i)] = r.flaggedSince; k.phoneMode[Int(i)] = WarningKnowledge.strong
                k.setReason(.phone, i, WarningAdapter.why(r, index: index))
            }
        }
        return i
    }

    public mutating func account(_ raw: String, _ k: inout WarningKnowledge) -> Int32 {
        if let i = accountID[raw] { return i }
        let i = Int32(accounts.count)
        accountID[raw] = i; accounts.append(raw)
        k.ensureAccount(i)
        let record = index.lookup(RiskEntity(.account, raw))
        // Known = in the store's graph before the stream (every such account is rated); an
        // account only named in a later case is not known yet.
        k.accountKnown[Int(i)] = record?.rating != nil
        k.accountPersonal[Int(i)] = Normalize.isPersonalAccount(raw)
        if let h = record?.holderID {
            let person = holderID[h] ?? Int32(holderID.count)
            holderID[h] = person
            k.accountHolder[Int(i)] = person
        }
        // Businesses the tracer knows (OTC traders, card merchants, platforms) serve many unrelated
        // payers (companies buying cards, people buying crypto): paying them is not a warning sign.
        if let r = record, r.level > .normal, r.flaggedSince != .max, !r.benignTagged, r.business == .ordinary {
            k.accountFlag[Int(i)] = r.flaggedSince; k.accountLevel[Int(i)] = r.level
            // Strong: a fraud tag, or a rating above normal on an account victims paid directly
            // (first-level cards, 跑分 wallets); weak: only named in cases. Layers, organizers and
            // card merchants are rated for what they do with the money, which no victim pays them.
            let strong = r.tags.contains { RiskIndex.level(ofTag: $0) == .malicious } || (r.paidByVictims && (r.rating ?? .normal) > .normal)
            if !strong && r.cases.isEmpty { return i }
            k.accountMode[Int(i)] = strong ? WarningKnowledge.strong : WarningKnowledge.demotable
            k.setReason(.account, i, WarningAdapter.why(r, index: index))
        }
        if let p = owners[raw] { k.accountOwner[Int(i)] = phone(p, &k) }
        return i
    }

    public mutating func app(_ raw: String, _ k: inout WarningKnowledge) -> Int32 {
        let name = Normalize.entity(.app, raw) ?? raw
        if let i = appID[name] { return i }
        let i = Int32(apps.count)
        appID[name] = i; apps.append(name)
        k.ensureApp(i)
        // Strong only with a fraud tag: victims also name the meeting / remote-control tools they
        // were told to install. A tagged APP in common use that no case names is no warning sign
        // (`RiskIndex.Record.doubtfulTag`); a scam call before installing it is warned as the call.
        if let r = index.lookup(RiskEntity(.app, name)), r.flagLevelAboveNormal, !r.benignTagged, !r.doubtfulTag {
            k.appFlag[Int(i)] = r.flaggedSince
            // Demotable even then: once the stream shows it in common use it is ignored.
            k.appMode[Int(i)] = (r.flaggedBeyondCases ? WarningKnowledge.strong : 0) | WarningKnowledge.demotable
            k.appNamed[Int(i)] = namedSince(r)
            k.setReason(.app, i, WarningAdapter.why(r, index: index))
        }
        return i
    }

    /// The earliest report time of a case naming the identifier (`.max`: none).
    private func namedSince(_ r: RiskIndex.Record) -> Int64 {
        r.cases.lazy.map { index.cases[Int($0)].reportedAt }.min() ?? .max
    }

    public mutating func site(_ raw: String, _ k: inout WarningKnowledge) -> Int32 {
        let key = Normalize.url(raw)?.key ?? raw
        if let i = siteID[key] { return i }
        let i = Int32(sites.count)
        siteID[key] = i; sites.append(key)
        k.ensureSite(i)
        // A site a victim reported is strong (sites are the group's own domains) but demotable.
        if let r = index.lookup(RiskEntity(.url, key)), r.flagLevelAboveNormal, !r.benignTagged {
            k.siteFlag[Int(i)] = r.flaggedSince
            k.siteMode[Int(i)] = WarningKnowledge.strong | WarningKnowledge.demotable
            k.siteNamed[Int(i)] = namedSince(r)
            k.setReason(.site, i, WarningAdapter.why(r, index: index))
        }
        return i
    }

    /// The typed event of a record (interning its identifiers), or nil for a record without them.
    public mutating func event(_ r: EventRecord, _ k: inout WarningKnowledge) -> WarningEvent? {
        switch r.type {
        case .call, .sms:
            guard let a = r.subject, let b = r.object else { return nil }
            return WarningEvent(time: r.time.seconds, type: r.type, a: phone(a, &k), b: phone(b, &k), duration: Int32(clamping: r.duration ?? 0))
        case .transfer:
            let a = r.subject.map { account($0, &k) } ?? -1
            let b = r.object.map { account($0, &k) } ?? -1
            return WarningEvent(time: r.time.seconds, type: .transfer, a: a, b: b, amountFen: r.amount?.fen ?? 0,
                                channel: r.channel.flatMap { TransferChannel(name: $0) } ?? .other)
        case .appInstall:
            guard let p = r.subject, let x = r.object else { return nil }
            return WarningEvent(time: r.time.seconds, type: .appInstall, a: phone(p, &k), b: app(x, &k))
        case .urlVisit:
            guard let p = r.subject, let x = r.object else { return nil }
            return WarningEvent(time: r.time.seconds, type: .urlVisit, a: phone(p, &k), b: site(x, &k))
        }
    }

    public func name(_ kind: WarningKnowledge.Kind, _ id: Int32) -> String {
        switch kind {
        case .phone: "phone:" + phones[Int(id)]
        case .account: "account:" + accounts[Int(id)]
        case .app: "app:" + apps[Int(id)]
        case .site: "url:" + sites[Int(id)]
        }
    }
}

extension RiskIndex.Record {
    /// Flagged by a tag, case, group or rating above normal.
    var flagLevelAboveNormal: Bool { level > .normal && flaggedSince != .max }
    /// Tagged, and only with labels that say nothing about fraud (快递员, 营销号码, 正常应用, 正常商户…).
    var benignTagged: Bool { !tags.isEmpty && tags.allSatisfy { RiskIndex.level(ofTag: $0) == .normal } && rating != .malicious }
}

/// Replays an event stream through the `WarningEngine` with what the store knew before the
/// stream began, and writes the warnings.
public enum WarnJob {
    public struct Output: Sendable {
        public var warnings: [WarningReport]
        public var raw: [Warning]
        public var events: Int
        public var seconds: (index: Double, replay: Double)
    }

    /// Reads `events.jsonl` (parsed once).
    public static func readEvents(path: String) throws(AppError) -> [EventRecord] {
        do {
            let f = try SourceFile(path: path)
            return try EventParser.parse(f.bytes, file: path).records
        } catch { throw AppError(.input, "cannot read events from \(path)", cause: "\(error)") }
    }

    /// Account → phone of the victims of the cases reported before `cutoff` (the only place the
    /// store ties an account to a phone).
    public static func owners(_ cases: [CaseReport], before cutoff: Int64) -> [String: String] {
        var out: [String: String] = [:]
        for c in cases where c.reportedAt.seconds < cutoff {
            guard let p = c.victimPhone else { continue }
            for a in c.victimAccounts { out[a] = p }
        }
        return out
    }

    /// The index as of the stream's first event, the owners, the engine — ready for events.
    public static func prepare(store: any ChainBreakerStore, streamStart: Int64, gangs: Bool = false,
                               config: WarningEngine.Config = .init()) throws(AppError) -> (adapter: WarningAdapter, engine: WarningEngine) {
        let index = try RiskJob.build(store: store, options: .init(gangs: gangs, links: false, asOf: Instant(seconds: streamStart)))
        let cases: [CaseReport]
        do { cases = try store.loadCases() } catch { throw AppError(.store, "cannot read cases", cause: "\(error)") }
        return (WarningAdapter(index: index, owners: owners(cases, before: streamStart)), WarningEngine(config: config))
    }

    public static func run(store: any ChainBreakerStore, events: [EventRecord], gangs: Bool = false,
                           config: WarningEngine.Config = .init(), clock: () -> Double = { 0 }) throws(AppError) -> Output {
        guard let first = events.first else { return Output(warnings: [], raw: [], events: 0, seconds: (0, 0)) }
        let t0 = clock()
        var (adapter, engine) = try prepare(store: store, streamStart: first.time.seconds, gangs: gangs, config: config)
        let t1 = clock()
        var raw: [Warning] = []
        var k = engine.knowledge
        var typed: [WarningEvent] = []
        typed.reserveCapacity(events.count)
        var seqOf: [Int] = []
        for (i, r) in events.enumerated() { if let e = adapter.event(r, &k) { typed.append(e); seqOf.append(i) } }
        engine.knowledge = k
        for e in typed { engine.process(e, into: &raw) }
        let t2 = clock()
        let reports = raw.map { w in render(w, adapter: adapter, events: events, seqOf: seqOf) }
        return Output(warnings: reports, raw: raw, events: typed.count, seconds: (t1 - t0, t2 - t1))
    }

    public static func render(_ w: Warning, adapter: WarningAdapter, events: [EventRecord], seqOf: [Int]) -> WarningReport {
        let subject = adapter.name(w.subjectKind == .phone ? .phone : .account, w.subject)
        return WarningReport(time: Instant(seconds: w.time).iso8601, subject: subject, level: w.level.description, action: w.action.description,
                             detector: w.detector.description,
                             reasons: w.reasons.map { WarningEngine.render($0, name: adapter.name) },
                             events: w.evidence.filter { $0 >= 0 && $0 < seqOf.count }.map { line(events[seqOf[$0]]) })
    }

    /// `2021-06-20T14:03:09+08:00 call 170… → 138… 37 s`.
    public static func line(_ e: EventRecord) -> String {
        var s = e.time.iso8601 + " " + e.type.name + " " + (e.subject ?? "-") + " → " + (e.object ?? "-")
        if let d = e.duration { s += " \(d) s" }
        if let a = e.amount { s += " ¥" + a.description }
        if let c = e.channel { s += " " + c }
        return s
    }
}
