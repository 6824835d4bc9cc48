/// Identifiers mentioned in a case narrative (简要案情), each list canonical, unique and in order
/// of first mention (except `amountsFen`, which keeps every mention).
public struct NarrativeIdentifiers: Sendable, Equatable {
    /// Canonical phones (see `Normalize.phone`).
    public var phones: [String]
    /// QQ numbers (only digit runs the text labels as QQ).
    public var qq: [String]
    /// WeChat ids, lower case (`wxid_…` anywhere; custom ids after a WeChat marker).
    public var wechat: [String]
    public var urls: [NormalizedURL]
    /// Full card / account numbers (12–20 digits; spaces every 4 digits and full-width digits
    /// allowed) and `…@wx.tenpay.com` ids, canonical.
    public var accounts: [String]
    /// Last digits of accounts given only by their tail: `尾号1234` → `1234`.
    public var accountTails: [String]
    /// Every amount written with `元`, in fen, in order of mention (repeats kept):
    /// `3,343.25元` → 334325, `2.5万元` → 2500000.
    public var amountsFen: [Int64]
    /// APP / platform names (best effort), normalised like `Normalize.entity(.app, …)`.
    public var apps: [String]

    public init(phones: [String] = [], qq: [String] = [], wechat: [String] = [], urls: [NormalizedURL] = [],
                accounts: [String] = [], accountTails: [String] = [], amountsFen: [Int64] = [], apps: [String] = []) {
        self.phones = phones; self.qq = qq; self.wechat = wechat; self.urls = urls
        self.accounts = accounts; self.accountTails = accountTails; self.amountsFen = amountsFen; self.apps = apps
    }

    /// Nothing found.
    public var isEmpty: Bool {
        phones.isEmpty && qq.isEmpty && wechat.isEmpty && urls.isEmpty && accounts.isEmpty
            && accountTails.isEmpty && amountsFen.isEmpty && apps.isEmpty
    }
}

/// Finds the identifiers in a narrative with hand-written scanners over Unicode scalars
/// (one pass per kind, O(n) each, no regex, no Foundation).
///
/// Disambiguation rules:
/// * `…@wx.tenpay.com` is an account, `<digits>@qq.com` a QQ number, other e-mail addresses are ignored;
/// * web addresses (with a scheme, `www.`, or a bare `name.<common TLD>`) are URLs; bare IPv4
///   addresses are URLs only with a port or path; digits inside them are nothing else;
/// * a 5–11 digit run right after a QQ marker (`QQ号`, `QQ：`, `Q号`, `qq`, `扣扣`, `QQ（`) is a QQ
///   number, even when it looks like a mobile; `QQ群` numbers are not QQ numbers;
/// * a WeChat id follows a WeChat marker (`微信号`, `微信：`, `VX：`, `vx `, `威信`, `wx:`);
///   `wxid_…` is recognised anywhere;
/// * an amount followed by `元` (with `万`/`千`/`亿`) is money, never an identifier;
/// * an 11-digit `1[3-9]` run (also `+86`/`86`/`0086`-prefixed, spaced `3-4-4`) is a phone;
///   shorter service numbers and landlines only in a phone context (`电话`, `来电`, `拨打`, `的来电`…)
///   or in a distinctive shape (`400…`, `0571-…`);
/// * 12–20 digit runs, optionally in groups of four, are accounts, unless they are an ID number
///   (17 digits + `X`, or 18 digits with a valid checksum and birth date) or labelled as an
///   order / waybill / serial / ID number;
/// * `尾号1234` (also `尾号为`, `后四位`, `尾数`) gives an account tail;
/// * digits glued to ASCII letters (`A3399…`, `wxid_…`, `SF…`) or decimals (`1.5`, dates
///   `2021.05.07`, times) are never identifiers.
public enum NarrativeExtractor {
    public static func extract(_ text: String) -> NarrativeIdentifiers {
        var scan = NarrativeScan(text)
        scan.run()
        return scan.out
    }
}

/// Scanner state for one narrative.
struct NarrativeScan {
    let t: [UInt32]
    let n: Int
    var used: [Bool]
    var out = NarrativeIdentifiers()
    private var seen: [Set<String>] = Array(repeating: [], count: 7)
    private var seenURLs: Set<NormalizedURL> = []
    private var last: (end: Int, kind: Kind)?

    enum Kind: Int { case phone = 0, qq, wechat, account, tail, app, other }

    init(_ text: String) {
        t = IDText.scalars(text, .identifierChars)
        n = t.count
        used = Array(repeating: false, count: t.count)
    }

    mutating func run() {
        guard n > 0 else { return }
        scanEmails()
        scanURLs()
        scanWeChat()
        scanDigits()
        scanApps()
    }

    // MARK: Recording

    private mutating func add(_ kind: Kind, _ value: String) {
        guard seen[kind.rawValue].insert(value).inserted else { return }
        switch kind {
        case .phone: out.phones.append(value)
        case .qq: out.qq.append(value)
        case .wechat: out.wechat.append(value)
        case .account: out.accounts.append(value)
        case .tail: out.accountTails.append(value)
        case .app: out.apps.append(value)
        case .other: break
        }
    }

    private mutating func addURL(_ u: NormalizedURL) {
        if seenURLs.insert(u).inserted { out.urls.append(u) }
    }

    private mutating func markUsed(_ r: Range<Int>) {
        for k in r { used[k] = true }
    }

    // MARK: Character classes

    @inline(__always) private func at(_ i: Int) -> UInt32 { i >= 0 && i < n ? t[i] : 0 }

    private static func u(_ s: String) -> UInt32 { s.unicodeScalars.first!.value }
    private static func words(_ list: [String]) -> [[UInt32]] { list.map(IDText.ascii) }

    /// Characters allowed between a marker and the value it labels.
    private static let gap: Set<UInt32> = Set([" ", ":", "(", "（", "：", "为", "是", "\"", "“", "「", "『", "[", "【", "=", "#", "\t"].map(u))
    /// Characters separating the items of a list (`尾号1234、5678`).
    private static let listSeparators: Set<UInt32> = Set(["、", "/", ",", "，", "和", "及", "或", " ", ";", "；"].map(u))

    @inline(__always) private func isHostChar(_ c: UInt32) -> Bool {
        IDText.isAlnum(c) || c == 0x2D || c == 0x2E || c == 0x5F
    }

    /// Characters a URL may continue with after its host.
    @inline(__always) private func isURLChar(_ c: UInt32) -> Bool {
        if IDText.isAlnum(c) { return true }
        switch c {
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x3A, 0x2F, 0x3F, 0x23, 0x5B, 0x5D, 0x40, 0x24, 0x26, 0x2A, 0x2B, 0x3D, 0x25: return true
        default: return false
        }
    }

    /// Index one past the end of a URL whose remaining characters start at `i`.
    private func urlEnd(from i: Int) -> Int {
        var e = i
        while e < n, isURLChar(t[e]) { e += 1 }
        while e > i, t[e - 1] == 0x2E || t[e - 1] == 0x3A || t[e - 1] == 0x3F || t[e - 1] == 0x26 { e -= 1 }
        return e
    }

    // MARK: Context

    /// True when one of `markers` ends right before `i`, allowing up to `maxGap` gap characters.
    /// ASCII-initial markers must not continue an ASCII word (`abcqq` is no QQ marker).
    private func labelled(_ i: Int, by markers: [[UInt32]], maxGap: Int = 3) -> Bool {
        var j = i, g = 0
        while true {
            for m in markers where IDText.matches(t, endingAt: j, m) {
                let s = j - m.count
                if IDText.isLetter(m[0]) && s > 0 && (IDText.isAlnum(t[s - 1]) || t[s - 1] == 0x5F) { continue }
                return true
            }
            guard j > 0, g < maxGap, NarrativeScan.gap.contains(t[j - 1]) else { return false }
            j -= 1; g += 1
        }
    }

    private static let qqMarkers = words(["qq号码", "qq账号", "qq帐号", "qq号", "qq", "q号", "扣扣号码", "扣扣号", "扣扣", "企鹅号"])
    private static let tailMarkers = words(["尾号", "尾数", "后四位", "末四位", "后4位", "末4位", "后六位", "末六位", "后6位", "末6位", "卡尾号", "账号尾号"])
    private static let skipMarkers = words(["单号", "运单", "订单", "流水号", "编号", "案件号", "工号", "身份证", "身份证号", "身份证号码", "证件号", "证件号码",
                                            "证号", "车牌", "邮编", "验证码", "密码", "卡密", "串号", "imei", "订单编号", "交易号", "批次号"])
    private static let phoneBefore = words(["电话", "来电", "致电", "号码", "拨打", "热线", "手机号", "座机", "呼叫", "电话号", "回拨", "打给"])
    private static let phoneAfter = words(["的来电", "来电", "打来", "致电", "的电话", "发来短信", "的短信"])

    /// A number is called a phone by the words right before it (`电话（95588）`, `拨打10086`,
    /// `号码为…`) or right after it (`95588的来电`, `…打来`).
    private func phoneContext(_ i: Int, _ e: Int) -> Bool {
        if labelled(i, by: NarrativeScan.phoneBefore) { return true }
        var k = e
        while k < n, k - e < 2, t[k] == 0x29 || t[k] == 0xFF09 || t[k] == 0x20 { k += 1 }
        return NarrativeScan.phoneAfter.contains { IDText.matches(t, at: k, $0) }
    }

    /// The kind of the previous capture when `i` continues its list (`QQ号12345、67890`).
    private func continuation(_ i: Int) -> Kind? {
        guard let last, last.kind == .qq || last.kind == .tail, i > last.end, i - last.end <= 2 else { return nil }
        for k in last.end..<i where !NarrativeScan.listSeparators.contains(t[k]) { return nil }
        return last.kind
    }

    // MARK: Pass 1: e-mail style ids

    private mutating func scanEmails() {
        let tenpay = IDText.tenpayDomain, qqMail = IDText.qqDomain
        for atSign in 0..<n where t[atSign] == 0x40 && !used[atSign] {
            var a = atSign
            while a > 0, IDText.isAlnum(t[a - 1]) || t[a - 1] == 0x2E || t[a - 1] == 0x5F || t[a - 1] == 0x2D || t[a - 1] == 0x2B { a -= 1 }
            while a < atSign, !IDText.isAlnum(t[a]) { a += 1 }
            var b = atSign + 1
            while b < n, IDText.isAlnum(t[b]) || t[b] == 0x2E || t[b] == 0x2D { b += 1 }
            while b > atSign + 1, t[b - 1] == 0x2E || t[b - 1] == 0x2D { b -= 1 }
            guard a < atSign, b > atSign + 1, t[(atSign + 1)..<b].contains(0x2E) else { continue }
            let domain = Array(t[(atSign + 1)..<b])
            let local = t[a..<atSign]
            if domain.count == tenpay.count, IDText.matches(domain, at: 0, tenpay), local.allSatisfy({ IDText.isAlnum($0) || $0 == 0x5F }) {
                add(.account, IDText.string(local.map(IDText.lower)) + "@wx.tenpay.com")
                last = (b, .account)
            } else if domain.count == qqMail.count, IDText.matches(domain, at: 0, qqMail), Normalize.isQQ(local) {
                add(.qq, IDText.string(local))
                last = (b, .qq)
            }
            markUsed(a..<b)
        }
    }

    // MARK: Pass 2: URLs

    /// Top-level domains accepted for a bare `name.tld` without scheme or `www.`.
    private static let bareTLDs: Set<String> = [
        // Generic and country TLDs common in Chinese casework and in fraud sites. Dictionary words
        // that follow a dot in ordinary text (`Mr.Wang`, `…today`) are left out on purpose.
        "com", "net", "org", "cn", "vip", "xyz", "top", "cc", "info", "biz", "me", "io", "co", "shop", "club", "site",
        "online", "store", "tech", "app", "fun", "icu", "ltd", "work", "live", "pro", "asia", "tv", "hk", "tw", "mo",
        "uk", "jp", "kr", "us", "ru", "sg", "my", "th", "vn", "ph", "kh", "mm", "ws", "bet", "link", "click", "space",
        "website", "host", "press", "cloud", "ink", "xin", "pub", "cyou", "buzz", "monster", "mobi", "edu", "gov",
        "cf", "tk", "ml", "ga", "gq", "pw", "su", "in", "de", "fr", "eu", "ca", "au", "nz", "vin", "ai",
    ]

    private mutating func scanURLs() {
        var i = 0
        while i < n {
            if used[i] || !IDText.isAlnum(t[i]) { i += 1; continue }
            if i > 0 {
                let p = t[i - 1]
                if isHostChar(p) || p == 0x40 || p == 0x2F || p == 0x25 { i += 1; continue }
            }
            // Scheme: letters then ':/'.
            var j = i
            while j < n, IDText.isLetter(t[j]) { j += 1 }
            if j > i, j + 1 < n, t[j] == 0x3A, t[j + 1] == 0x2F || t[j + 1] == 0x5C,
               Normalize.urlSchemes[IDText.string(t[i..<j].lazy.map(IDText.lower))] != nil {
                var k = j + 1
                while k < n, t[k] == 0x2F || t[k] == 0x5C { k += 1 }
                let end = urlEnd(from: k)
                if end > k, let u = Normalize.url(scalars: t[i..<end]) { addURL(u); last = (end, .other) }
                markUsed(i..<max(end, k))
                i = max(end, k)
                continue
            }
            // Host-like run.
            var h = i
            while h < n, isHostChar(t[h]), !used[h] { h += 1 }
            var he = h
            while he > i, t[he - 1] == 0x2E || t[he - 1] == 0x2D { he -= 1 }
            let hostRun = t[i..<he]
            if hostRun.contains(0x2E), at(he) != 0x40 {
                let labels = hostRun.split(separator: 0x2E, omittingEmptySubsequences: false)
                let numeric = labels.allSatisfy { IDText.allDigits($0) }
                if numeric {
                    if labels.count == 4, Normalize.ipv4(hostRun) != nil {
                        var end = he
                        let next = at(he)
                        if (next == 0x3A && IDText.isDigit(at(he + 1))) || next == 0x2F {
                            end = urlEnd(from: he)
                            if let u = Normalize.url(scalars: t[i..<end]) { addURL(u); last = (end, .other) }
                        }
                        markUsed(i..<end)
                        i = end
                        continue
                    }
                } else if let tld = labels.last, !tld.isEmpty, tld.allSatisfy(IDText.isLetter), !labels.contains(where: \.isEmpty) {
                    let tldString = IDText.string(tld.lazy.map(IDText.lower))
                    let www = IDText.hasPrefix(hostRun, IDText.www)
                    if www || NarrativeScan.bareTLDs.contains(tldString) {
                        let next = at(he)
                        let end = (next == 0x2F || next == 0x3A || next == 0x3F || next == 0x23) ? urlEnd(from: he) : he
                        if let u = Normalize.url(scalars: t[i..<end]) {
                            addURL(u); last = (end, .other)
                            markUsed(i..<end)
                            i = end
                            continue
                        }
                    }
                }
            }
            i = max(h, i + 1)
        }
    }

    // MARK: Pass 3: WeChat ids

    /// Markers that may be glued to the id (`威信abc123`).
    private static let wechatMarkers = words(["微信号码", "微信账号", "微信帐号", "微信号", "微信id", "微信", "威信号", "威信", "薇信号", "薇信", "维信", "徽信",
                                              "v信", "vx号", "wx号", "vx账号", "wx账号"])
    /// ASCII markers that need a separator (`vx abc123`, `VX：abc123`; `vxabc123` is an id).
    private static let wechatASCIIMarkers = words(["vx", "wx", "wechat", "weixin"])
    private static let wxid = IDText.ascii("wxid_")
    /// First scalars (lower case) of every WeChat marker, to skip most positions at once.
    private static let wechatFirsts: Set<UInt32> = Set((wechatMarkers + wechatASCIIMarkers).map { IDText.lower($0[0]) })

    /// Reads an id starting at `k`; returns its canonical form and end.
    private func wechatID(at k: Int) -> (String, Int)? {
        guard k < n, IDText.isLetter(t[k]), !used[k] else { return nil }
        var e = k
        while e < n, IDText.isAlnum(t[e]) || t[e] == 0x5F || t[e] == 0x2D, !used[e] { e += 1 }
        while e > k, t[e - 1] == 0x2D { e -= 1 }
        if e < n, t[e] == 0x40 || (t[e] == 0x2E && IDText.isLetter(at(e + 1))) { return nil } // e-mail or domain
        guard let id = Normalize.wechatID(t[k..<e]) else { return nil }
        return (id, e)
    }

    private mutating func scanWeChat() {
        var i = 0
        while i < n {
            if used[i] || !NarrativeScan.wechatFirsts.contains(IDText.lower(t[i])) { i += 1; continue }
            // wxid_… anywhere.
            if IDText.matches(t, at: i, NarrativeScan.wxid), i == 0 || !(IDText.isAlnum(t[i - 1]) || t[i - 1] == 0x5F),
               let (id, e) = wechatID(at: i) {
                add(.wechat, id); last = (e, .wechat); markUsed(i..<e); i = e
                continue
            }
            var markerEnd: Int?
            for m in NarrativeScan.wechatMarkers where IDText.matches(t, at: i, m) {
                if IDText.isLetter(m[0]) && i > 0 && IDText.isAlnum(t[i - 1]) { continue }
                markerEnd = i + m.count; break
            }
            if markerEnd == nil, i == 0 || !(IDText.isAlnum(t[i - 1]) || t[i - 1] == 0x5F) {
                for m in NarrativeScan.wechatASCIIMarkers where IDText.matches(t, at: i, m) {
                    let next = at(i + m.count)
                    if NarrativeScan.gap.contains(next) { markerEnd = i + m.count; break }
                }
            }
            guard var k = markerEnd else { i += 1; continue }
            var g = 0
            while k < n, g < 3, NarrativeScan.gap.contains(t[k]) { k += 1; g += 1 }
            guard let (id, e0) = wechatID(at: k) else { i = markerEnd!; continue }
            var e = e0
            add(.wechat, id); last = (e, .wechat); markUsed(k..<e)
            // A list: 微信号abc123、def456
            while e < n, t[e] == 0x3001 || t[e] == 0x2F, let (id2, e2) = wechatID(at: e + 1) {
                add(.wechat, id2); markUsed((e + 1)..<e2); e = e2; last = (e, .wechat)
            }
            i = e
        }
    }

    // MARK: Pass 4: digits (amounts, phones, QQ, accounts, tails)

    private static let yuan = u("元")
    private static let units: [UInt32: Int64] = [u("十"): 10, u("百"): 100, u("千"): 1000, u("万"): 10_000, u("亿"): 100_000_000]
    private static let approx: Set<UInt32> = [u("余"), u("多")]

    /// Parses `3,343.25元`, `2.5万元`, `3万余元`, `100 元` starting at `i`: (fen, end) or nil.
    private func amount(at i: Int) -> (Int64, Int)? {
        var p = i
        var whole: Int64 = 0, digits = 0
        while p < n {
            let c = t[p]
            if IDText.isDigit(c) {
                guard digits < 15 else { return nil }
                whole = whole * 10 + Int64(c - 0x30); digits += 1; p += 1
            } else if c == 0x2C, digits > 0, IDText.isDigit(at(p + 1)) {
                p += 1
            } else { break }
        }
        guard digits > 0 else { return nil }
        var frac: Int64 = 0, fracDigits = 0
        if at(p) == 0x2E, IDText.isDigit(at(p + 1)) {
            p += 1
            while p < n, IDText.isDigit(t[p]) {
                guard fracDigits < 9 else { return nil }
                frac = frac * 10 + Int64(t[p] - 0x30); fracDigits += 1; p += 1
            }
        }
        var q = p
        if at(q) == 0x20 { q += 1 }
        var multiplier: Int64 = 100 // fen per unit
        var unitCount = 0
        while unitCount < 3, let m = NarrativeScan.units[at(q)] {
            multiplier *= m; unitCount += 1; q += 1
        }
        if NarrativeScan.approx.contains(at(q)) { q += 1 }
        if at(q) == 0x20 { q += 1 }
        guard at(q) == NarrativeScan.yuan else { return nil }
        var scale: Int64 = 1
        for _ in 0..<fracDigits { scale *= 10 }
        let (fracProduct, o1) = frac.multipliedReportingOverflow(by: multiplier)
        guard !o1 else { return nil }
        let (fracFen, remainder) = fracProduct.quotientAndRemainder(dividingBy: scale)
        guard remainder == 0 else { return nil } // finer than a fen
        let (wholeFen, o2) = whole.multipliedReportingOverflow(by: multiplier)
        let (fen, o3) = wholeFen.addingReportingOverflow(fracFen)
        guard !o2, !o3 else { return nil }
        return (fen, q + 1)
    }

    private func skipToken(_ i: Int) -> Int {
        var e = i
        while e < n, IDText.isAlnum(t[e]) || t[e] == 0x5F || t[e] == 0x2D { e += 1 }
        return max(e, i + 1)
    }

    private func skipNumber(_ i: Int) -> Int {
        var e = i
        while e < n, IDText.isDigit(t[e]) || (t[e] == 0x2E && IDText.isDigit(at(e + 1))) { e += 1 }
        if e < n, IDText.isLetter(t[e]) || t[e] == 0x5F { return skipToken(e) }
        return max(e, i + 1)
    }

    private func digitRun(_ i: Int) -> Int {
        var e = i
        while e < n, IDText.isDigit(t[e]), !used[e] { e += 1 }
        return e
    }

    private mutating func scanDigits() {
        var i = 0
        while i < n {
            if used[i] || !IDText.isDigit(t[i]) { i += 1; continue }
            if i > 0, IDText.isLetter(t[i - 1]) || t[i - 1] == 0x5F {
                i = qqGluedToLetters(i) ?? skipToken(i)
                continue
            }
            if i > 1, t[i - 1] == 0x2E, IDText.isDigit(t[i - 2]) { i = skipNumber(i); continue }
            if let (fen, e) = amount(at: i) {
                out.amountsFen.append(fen); last = (e, .other); i = e
                continue
            }
            let e = digitRun(i)
            let len = e - i
            // Resident ID numbers are no accounts.
            if len == 17, at(e) == 0x58 || at(e) == 0x78, !IDText.isAlnum(at(e + 1)) { i = e + 1; continue }
            if len == 18, case .success = Normalize.idNumber(IDText.string(t[i..<e])) { i = e; continue }
            let next = at(e)
            if next == 0x2E && IDText.isDigit(at(e + 1)) { i = skipNumber(i); continue } // decimal, IP, version, date
            if IDText.isLetter(next) || next == 0x5F { i = skipToken(i); continue }

            // Digit groups separated by single spaces or dashes: 135 3576 2832, 6225 2261 4283 1590.
            var groups: [Range<Int>] = [i..<e]
            var p = e
            while groups.count < 6, p + 1 < n, t[p] == 0x20 || t[p] == 0x2D, IDText.isDigit(t[p + 1]), !used[p + 1] {
                let q = digitRun(p + 1)
                let after = at(q)
                if IDText.isLetter(after) || after == 0x5F || (after == 0x2E && IDText.isDigit(at(q + 1))) { break }
                if amount(at: p + 1) != nil { break }
                groups.append((p + 1)..<q)
                p = q
            }
            let plus = i > 0 && t[i - 1] == 0x2B
            if groups.count > 1, let end = classifyGroups(groups, plus: plus) {
                i = end
                continue
            }
            classifySingle(i, e, plus: plus)
            i = e
        }
    }

    /// `qq8908174988`: a QQ marker glued to the digits. Returns the end when captured.
    private mutating func qqGluedToLetters(_ i: Int) -> Int? {
        var a = i
        while a > 0, IDText.isLetter(t[a - 1]) { a -= 1 }
        guard i - a == 2, IDText.lower(t[a]) == 0x71, IDText.lower(t[a + 1]) == 0x71,
              a == 0 || !(IDText.isAlnum(t[a - 1]) || t[a - 1] == 0x5F) else { return nil }
        let e = digitRun(i)
        guard !(IDText.isAlnum(at(e)) || at(e) == 0x5F), Normalize.isQQ(t[i..<e]) else { return nil }
        add(.qq, IDText.string(t[i..<e])); last = (e, .qq)
        return e
    }

    /// Classifies a run of several digit groups as one identifier; nil when the grouping is
    /// not a known spelling (the first group is then classified alone).
    private mutating func classifyGroups(_ groups: [Range<Int>], plus: Bool) -> Int? {
        let start = groups[0].lowerBound, end = groups[groups.count - 1].upperBound
        let lens = groups.map(\.count)
        var d = [UInt32]()
        for g in groups { d.append(contentsOf: t[g]) }
        if labelled(start, by: NarrativeScan.skipMarkers) { return end }
        var phone: String?
        if plus {
            // +86 175 6920 6540 → mobile; +86 95588 / +852 6123 4567 → kept; a truncated +86 175 6920 is no phone.
            if let p = Normalize.phone(digits: d[...], plus: true), Normalize.isMobile(p) || lens.count == 2 || p.utf8.count >= 9 { phone = p }
        } else if lens == [3, 4, 4], IDText.isMobile(d) {
            phone = IDText.string(d)
        } else if lens == [2, 3, 4, 4] || lens == [2, 11], d[0] == 0x38, d[1] == 0x36, IDText.isMobile(d[2...]) {
            phone = IDText.string(d[2...])
        } else if lens == [4, 3, 4, 4] || lens == [4, 11], IDText.hasPrefix(d[...], IDText.p0086), IDText.isMobile(d[4...]) {
            phone = IDText.string(d[4...])
        } else if lens.count == 2, d[0] == 0x30, (3...4).contains(lens[0]), (7...8).contains(lens[1]) {
            phone = IDText.string(d) // landline 0571-88886666
        } else if d.count == 10, lens.count <= 3, IDText.isFreephone(d[...]) {
            phone = IDText.string(d)
        }
        if let phone {
            add(.phone, phone); last = (end, .phone)
            return end
        }
        if lens.count >= 3, lens.dropLast().allSatisfy({ $0 == 4 }), (1...4).contains(lens[lens.count - 1]), (12...20).contains(d.count) {
            add(.account, IDText.string(d)); last = (end, .account)
            return end
        }
        return nil
    }

    private mutating func classifySingle(_ i: Int, _ e: Int, plus: Bool) {
        let d = t[i..<e]
        let cont = continuation(i)
        if cont == .qq || labelled(i, by: NarrativeScan.qqMarkers) {
            if Normalize.isQQ(d) { add(.qq, IDText.string(d)); last = (e, .qq); return }
        }
        if cont == .tail || labelled(i, by: NarrativeScan.tailMarkers, maxGap: 2) {
            if (3...6).contains(d.count) { add(.tail, IDText.string(d)); last = (e, .tail); return }
        }
        if labelled(i, by: NarrativeScan.skipMarkers) { last = (e, .other); return }
        var phone: String?
        if plus {
            phone = Normalize.phone(digits: d, plus: true)
        } else if IDText.isMobile(d) {
            phone = IDText.string(d)
        } else if d.count == 13 || d.count == 15 || d.count == 12, let p = Normalize.phone(digits: d, plus: false), IDText.isMobile(p.unicodeScalars.map(\.value)) {
            phone = p // 86…, 0086…, 0…
        } else if d.count == 10, IDText.isFreephone(d) {
            phone = IDText.string(d)
        } else if d.count == 14, NarrativeScan.isCompactTimestamp(d) {
            last = (e, .other)
            return // 20210426101532
        } else if (12...20).contains(d.count) {
            if d.first == 0x30, d.count == 12, phoneContext(i, e) {
                phone = IDText.string(d)
            } else {
                add(.account, IDText.string(d)); last = (e, .account)
                return
            }
        } else if (5...12).contains(d.count), phoneContext(i, e) {
            phone = Normalize.phone(digits: d, plus: false)
        }
        if let phone { add(.phone, phone); last = (e, .phone) } else { last = (e, .other) }
    }

    /// `YYYYMMDDhhmmss` with a year 1990–2099 and a valid month, day and time.
    static func isCompactTimestamp(_ d: ArraySlice<UInt32>) -> Bool {
        guard d.count == 14 else { return false }
        let v = Array(d)
        func num(_ a: Int, _ w: Int) -> Int { v[a..<(a + w)].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let year = num(0, 4), month = num(4, 2), day = num(6, 2)
        guard year >= 1990, year <= 2099, month >= 1, month <= 12, day >= 1, day <= Normalize.daysIn(month: month, year: year) else { return false }
        return num(8, 2) < 24 && num(10, 2) < 60 && num(12, 2) <= 60
    }

    // MARK: Pass 5: APP names (best effort)

    /// Closing quote for an opening one: “” "" 「」 『』 《》 ‘’ 【】.
    @inline(__always) private static func closingQuote(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x201C: return 0x201D
        case 0x22: return 0x22
        case 0x300C: return 0x300D
        case 0x300E: return 0x300F
        case 0x300A: return 0x300B
        case 0x2018: return 0x2019
        case 0x3010: return 0x3011
        default: return nil
        }
    }
    private static let appVerbs = words(["下载", "安装", "打开", "登录", "登陆", "注册", "使用"])
    private static let appQuoteSuffixes = words(["app", "软件", "平台", "客户端", "应用", "（网址", "(网址", "（网站", "(网站", "（链接", "(链接", "（http", "(http", "（www", "(www"])
    private static let appStops = words(["领取", "开启", "并", "进行", "注册", "登录", "登陆", "共享", "屏幕", "后", "做", "参与", "投资", "刷单", "跟单",
                                         "查看", "操作", "聊天", "添加", "按", "根据", "填写", "提交", "输入", "绑定", "申请", "贷款", "借款", "转账",
                                         "充值", "与", "和", "进入", "视频", "接单", "的", "app", "软件", "客户端", "平台", "程序", "以", "让", "给", "向"])
    private static let openStops = words(["共享", "开启", "app", "软件", "客户端", "屏幕", "视频", "会议"])
    private static let appLeadIns = words(["了", "一个", "一款", "名为", "叫做", "叫", "安装", "下载", "并"])
    private static let parenLeadWords = words(["网址", "网站", "链接", "http", "www"])
    private static let appBoundaries = words(["在", "于", "通过", "登录", "登陆", "进入", "使用", "注册", "下载", "安装", "打开"])
    private static let appBlacklist: Set<String> = ["某", "某某", "微信", "qq", "QQ", "支付宝", "手机银行", "网银", "银行", "链接", "网址", "网站", "网页",
                                                    "二维码", "会员", "客服", "软件", "app", "APP", "App", "对方", "平台", "应用", "程序", "手机", "短信",
                                                    "网上", "网络", "家中", "家里", "股市", "股票", "期货", "外汇", "基金", "数字货币", "虚拟币", "虚拟货币",
                                                    "比特币", "微信群", "QQ群", "qq群", "群里", "群内", "群中", "网店", "店铺", "公司"]
    /// What follows a platform name in `在<name>投资`, `在<name>上跟单`, `在<name>平台注册`.
    private static let zai = u("在")
    private static let zaiFollowers = words(["投资", "跟单", "理财", "充值", "下注", "刷单", "做任务", "接单", "上跟单", "上投资", "上操作", "上充值",
                                             "上注册", "上做任务", "上刷单", "上下注", "上理财", "上购买", "上接单", "上提现", "平台投资", "平台上",
                                             "平台跟单", "平台注册", "平台充值", "平台操作", "平台理财", "app上", "app投资", "app注册", "app里", "软件上"])
    /// Words that make a `在…` phrase a clause rather than a name.
    private static let zaiNotName: Set<UInt32> = Set(["的", "了", "其", "被", "向", "我", "你", "他", "她", "和", "与", "对", "上", "中"].map(u))

    @inline(__always) private func isNameChar(_ c: UInt32) -> Bool { IDText.isHan(c) || IDText.isAlnum(c) }

    private mutating func addApp<C: Collection>(_ name: C) where C.Element == UInt32 {
        var v = Array(name)
        let platform = IDText.platform
        if v.count > 2, IDText.matches(v, endingAt: v.count, platform) { v.removeLast(2) }
        guard let app = Normalize.app(IDText.string(v)) else { return }
        let scalars = app.unicodeScalars.map(\.value)
        guard scalars.count >= 2, scalars.count <= 15, scalars.first != NarrativeScan.u("某"),
              !NarrativeScan.appBlacklist.contains(app),
              scalars.contains(where: { IDText.isHan($0) || IDText.isLetter($0) }) else { return }
        for c in scalars where !(isNameChar(c) || c == 0x20 || c == 0x2D || c == 0x2E || c == 0x5F) { return }
        add(.app, app)
    }

    private mutating func scanApps() {
        var i = 0
        while i < n {
            let c = t[i]
            // Quoted name: 下载“腾讯会议”, “金盛财富”平台, “XX”APP.
            if let close = NarrativeScan.closingQuote(c) {
                var k = i + 1
                while k < n, k - i <= 24, t[k] != close, isNameChar(t[k]) || t[k] == 0x20 || t[k] == 0x2D || t[k] == 0x2E { k += 1 }
                if k < n, t[k] == close, k > i + 1 {
                    var j = i
                    if at(j - 1) == NarrativeScan.u("了") { j -= 1 }
                    let verb = NarrativeScan.appVerbs.contains { IDText.matches(t, endingAt: j, $0) }
                    let suffix = NarrativeScan.appQuoteSuffixes.contains { IDText.matches(t, at: k + 1, $0) }
                    if verb || suffix { addApp(t[(i + 1)..<k]) }
                    i = k + 1
                    continue
                }
            }
            // Unquoted after a verb: 下载云视讯，… / 打开钉钉共享屏幕.
            let isOpen = IDText.matches(t, at: i, IDText.open)
            if isOpen || IDText.matches(t, at: i, IDText.download) || IDText.matches(t, at: i, IDText.install) {
                var k = i + 2
                var skipped = true
                while skipped {
                    skipped = false
                    for w in NarrativeScan.appLeadIns where IDText.matches(t, at: k, w) { k += w.count; skipped = true; break }
                }
                if k < n, NarrativeScan.closingQuote(t[k]) == nil {
                    var e = k
                    var stoppedBy: [UInt32]?
                    scan: while e < n, isNameChar(t[e]), e - k < 16 {
                        if e > k {
                            for w in NarrativeScan.appStops where IDText.matches(t, at: e, w) { stoppedBy = w; break scan }
                        }
                        e += 1
                    }
                    let ok = !isOpen || (stoppedBy.map { s in NarrativeScan.openStops.contains { $0 == s } } ?? false)
                    if e > k, ok { addApp(t[k..<e]) }
                }
                i += 2
                continue
            }
            // Platform after 在: 在金盛财富投资…, 在金盛财富上跟单….
            if c == NarrativeScan.zai {
                let k = i + 1
                var e = k
                var found: Int?
                while e < n, e - k < 10, isNameChar(t[e]), !NarrativeScan.zaiNotName.contains(t[e]) {
                    e += 1
                    if e - k >= 2, NarrativeScan.zaiFollowers.contains(where: { IDText.matches(t, at: e, $0) }) { found = e; break }
                }
                if let found { addApp(t[k..<found]) }
            }
            // Name before a web address: 在赚赚兼职（网址https://…）.
            if c == 0xFF08 || c == 0x28, NarrativeScan.parenLeadWords.contains(where: { IDText.matches(t, at: i + 1, $0) }) {
                var a = i
                while a > 0, isNameChar(t[a - 1]), i - a < 16 { a -= 1 }
                var best: Int?
                for b in NarrativeScan.appBoundaries {
                    var k = i - b.count
                    while k >= a { if IDText.matches(t, at: k, b) { best = max(best ?? 0, k + b.count); break }; k -= 1 }
                }
                if let best, best < i { addApp(t[best..<i]) }
            }
            i += 1
        }
    }
}
