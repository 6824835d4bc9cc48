/// The people and identifiers at the front of the chain: who contacted the victims and with
/// what (phones, QQ / WeChat, sites, apps), the GOIP lines, the bulk IM accounts and their phone
/// pool (号商), and the helpers that unblock them (解封).
///
/// Each case is first given to a group (by its money, `GangMiner`). Then:
/// - **named identifiers**: every suspect phone, QQ, WeChat id, URL and app a victim named joins
///   the groups of the cases that name it;
/// - **phones** are also judged by their calls (话单): a line that reached at least
///   `massContacts` distinct numbers with few call-backs (`maxCallBackShare`) is a mass contacter —
///   `goip` when it mostly calls, `drainage` (引流) when it mostly texts; it joins the groups whose
///   victims it contacted before their loss;
/// - **pool phones** (`im_dealer`): a phone with at least `poolAccounts` IM accounts registered
///   on it, some of them named by a group's victims;
/// - **unblockers**: helper accounts that vouched (好友辅助验证) at least twice for accounts of a
///   group (named or on its pool phones).
/// An identifier joins one group when at least `ownShare` of its evidence points there; otherwise
/// it is shared. O(calls log calls + cases × identifiers + IM records).
public struct ContactMiner: Sendable {
    public struct Case: Sendable {
        public var gang: Int32
        public var victimPhone: String?
        public var lossTime: Int64
        public var phones: [String], qq: [String], wechat: [String], urls: [String], apps: [String]
        public init(gang: Int32, victimPhone: String?, lossTime: Int64, phones: [String], qq: [String], wechat: [String], urls: [String], apps: [String]) {
            self.gang = gang; self.victimPhone = victimPhone; self.lossTime = lossTime
            self.phones = phones; self.qq = qq; self.wechat = wechat; self.urls = urls; self.apps = apps
        }
    }
    public struct Member: Sendable, Equatable {
        public var entity: String
        public var role: ChainRole
        public var evidence: [String]
    }
    public struct Shared: Sendable, Equatable {
        public var entity: String
        public var role: ChainRole
        public var gangs: [Int32]
        public var evidence: [String]
    }
    public struct Result: Sendable {
        /// Per gang index.
        public var members: [[Member]]
        public var shared: [Shared]
    }

    public var massContacts = 20
    public var maxCallBackShare = 0.1
    public var poolAccounts = 3
    public var ownShare = 0.9
    /// How long before a loss a contact counts as leading to it.
    public var contactWindow: Int64 = 30 * 86_400

    public init() {}

    public func mine(cases: [Case], gangCount: Int, calls: [CallRecord], imAccounts: [IMAccountRecord], unblocks: [IMUnblockRecord]) -> Result {
        // entity → gang → count of pieces of evidence; entity → role; entity → evidence texts.
        var votes: [String: [Int32: Int]] = [:]
        var role: [String: ChainRole] = [:]
        var words: [String: [String]] = [:]
        func vote(_ e: String, _ k: Int32, _ r: ChainRole, _ text: String? = nil, count: Int = 1) {
            votes[e, default: [:]][k, default: 0] += count
            if role[e].map({ precedence(r) > precedence($0) }) ?? true { role[e] = r }
            if let text, !(words[e]?.contains(text) ?? false) { words[e, default: []].append(text) }
        }

        // Call behaviour of every caller, over interned phone ids (pairs as one UInt64 each).
        struct Line { var callees: [Int32] = []; var calls = 0; var sms = 0 }
        var phoneID: [String: Int32] = [:]
        func intern(_ s: String) -> Int32 {
            if let x = phoneID[s] { return x }
            let x = Int32(phoneID.count); phoneID[s] = x; return x
        }
        var lines: [Int32: Line] = [:]
        var pairs = Set<UInt64>()
        @inline(__always) func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }
        for c in calls {
            let a = intern(c.caller), b = intern(c.callee)
            if pairs.insert(pair(a, b)).inserted { lines[a, default: Line()].callees.append(b) }
            if c.type == .sms { lines[a, default: Line()].sms += 1 } else { lines[a, default: Line()].calls += 1 }
        }
        var judged: [Int32: (ChainRole, String)?] = [:]
        func mass(_ phone: String) -> (ChainRole, String)? {
            guard let a = phoneID[phone], let l = lines[a], l.callees.count >= massContacts else { return nil }
            if let known = judged[a] { return known }
            let calledBack = l.callees.reduce(0) { $0 + (pairs.contains(pair($1, a)) ? 1 : 0) }
            guard Double(calledBack) <= maxCallBackShare * Double(l.callees.count) else { judged[a] = .some(nil); return nil }
            let smsShare = Double(l.sms) / Double(max(1, l.sms + l.calls))
            let text = "contacted \(l.callees.count) distinct numbers (\(l.calls) calls, \(l.sms) SMS), \(calledBack) called back"
            let verdict = (smsShare >= 0.5 ? ChainRole.drainage : .goip, text)
            judged[a] = verdict
            return verdict
        }

        // Contacts that preceded each victim's loss.
        var toVictim: [String: [(caller: String, time: Int64)]] = [:]
        let victimPhones = Set(cases.compactMap(\.victimPhone))
        for c in calls where victimPhones.contains(c.callee) { toVictim[c.callee, default: []].append((c.caller, c.time.seconds)) }

        for c in cases where c.gang >= 0 {
            let k = c.gang
            for p in c.phones { vote("phone:" + p, k, mass(p)?.0 ?? .drainage, "named by victims as the caller") }
            for q in c.qq { vote("qq:" + q, k, .drainage, "named by victims as the contact QQ") }
            for w in c.wechat { vote("wechat:" + w, k, .drainage, "named by victims as the contact WeChat") }
            for u in c.urls { vote("url:" + u, k, .drainage, "fraud site named by victims") }
            for a in c.apps { vote("app:" + a, k, .drainage, "fraud app named by victims") }
            if let v = c.victimPhone, let list = toVictim[v] {
                for (caller, t) in list where t <= c.lossTime && t >= c.lossTime - contactWindow {
                    if let (r, text) = mass(caller) { vote("phone:" + caller, k, r, text); vote("phone:" + caller, k, r, "contacted victims before their loss") }
                }
            }
        }

        // Pool phones and unblock helpers of the groups' IM accounts.
        var onPhone: [String: [String]] = [:]
        var phoneOf: [String: String] = [:]
        for r in imAccounts {
            guard let p = r.phone, !p.isEmpty else { continue }
            let e = (r.platform == .qq ? "qq:" : "wechat:") + r.account
            onPhone[p, default: []].append(e); phoneOf[e] = p
        }
        var imGang: [String: Int32] = [:]
        for (e, v) in votes where e.hasPrefix("qq:") || e.hasPrefix("wechat:") {
            if let best = v.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) { imGang[e] = best.key }
        }
        var poolGang: [String: [Int32: Int]] = [:]
        for (e, k) in imGang.sorted(by: { $0.key < $1.key }) {
            guard let p = phoneOf[e], (onPhone[p]?.count ?? 0) >= poolAccounts else { continue }
            poolGang[p, default: [:]][k, default: 0] += 1
            words[e, default: []].append("bulk account registered on pool phone \(p) (号商)")
        }
        for (p, by) in poolGang.sorted(by: { $0.key < $1.key }) {
            let text = "\(onPhone[p]!.count) IM accounts registered on this phone, \(by.values.reduce(0, +)) of them named by victims"
            for (k, n) in by.sorted(by: { $0.key < $1.key }) { vote("phone:" + p, k, .im_dealer, text, count: n) }
        }
        // Accounts of each group on its pool phones count for unblocks too.
        var groupIM: [String: Int32] = imGang
        for (p, by) in poolGang {
            guard let best = by.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }), Double(best.value) >= ownShare * Double(by.values.reduce(0, +)) else { continue }
            for e in onPhone[p]! where groupIM[e] == nil { groupIM[e] = best.key }
        }
        var helped: [String: [Int32: Int]] = [:]
        for u in unblocks {
            let e = (u.platform == .qq ? "qq:" : "wechat:") + u.account
            guard let k = groupIM[e] else { continue }
            for h in u.helpers { helped["qq:" + h, default: [:]][k, default: 0] += 1 }
        }
        for (h, by) in helped.sorted(by: { $0.key < $1.key }) where by.values.reduce(0, +) >= 2 {
            let text = "vouched for \(by.values.reduce(0, +)) unblocks (解封) of the groups' IM accounts"
            for (k, n) in by.sorted(by: { $0.key < $1.key }) { vote(h, k, .unblocker, text, count: n) }
        }

        // Members or shared.
        var members = [[Member]](repeating: [], count: gangCount)
        var shared: [Shared] = []
        for (e, by) in votes.sorted(by: { $0.key < $1.key }) {
            let total = by.values.reduce(0, +)
            let best = by.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!
            let r = role[e] ?? .drainage
            if Double(best.value) >= ownShare * Double(total) {
                if Int(best.key) < gangCount { members[Int(best.key)].append(Member(entity: e, role: r, evidence: words[e] ?? [])) }
            } else {
                shared.append(Shared(entity: e, role: r, gangs: by.keys.sorted(), evidence: words[e] ?? []))
            }
        }
        for k in members.indices { members[k].sort { ($0.role, $0.entity) < ($1.role, $1.entity) } }
        return Result(members: members, shared: shared)
    }

    /// Which front-of-chain role wins when evidence disagrees (behaviour beats naming).
    private func precedence(_ r: ChainRole) -> Int {
        switch r { case .im_dealer: 4; case .unblocker: 3; case .goip: 2; case .drainage: 1; default: 0 }
    }
}
