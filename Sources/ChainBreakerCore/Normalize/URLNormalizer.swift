/// A web address reduced to what identifies a site.
///
/// `key` is what links two mentions of the same site: the registrable domain
/// (`https://www.hfxcf.vip/#/login` and `HFXCF.VIP` both give `hfxcf.vip`; `m.hfxcf.vip` too),
/// or `ip:port` for a site addressed by IP (`http://47.243.12.8:8080/#/login` →
/// `47.243.12.8:8080`; the bare IP when the port is the default).
public struct NormalizedURL: Sendable, Hashable, CustomStringConvertible {
    /// Lower case, without `www.` and without the port; an IP stays an IP.
    public var host: String
    /// Nil when absent or the scheme's default (80 for http, 443 for https, both when no scheme).
    public var port: Int?
    /// eTLD+1 (`example.com.cn` from `a.b.example.com.cn`); the IP for IP hosts.
    public var registrableDomain: String
    /// Path without query and fragment, without trailing `/`; `""` for `/`. Case is kept.
    public var path: String
    /// Identity used for linking: `registrableDomain`, or `ip[:port]` for IP hosts; on a few
    /// link-sharing hosts (`t.me`, `t.cn`, `bit.ly`…) `host + path`.
    public var key: String

    public init(host: String, port: Int?, registrableDomain: String, path: String, key: String) {
        self.host = host; self.port = port; self.registrableDomain = registrableDomain; self.path = path; self.key = key
    }

    /// `host[:port]path`, e.g. `hfxcf.vip/login`.
    public var description: String { host + (port.map { ":\($0)" } ?? "") + path }

    /// True when the host is an IPv4 address.
    public var isIP: Bool { host.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E } }
}

extension Normalize {
    /// Normalises a web address as written in a column or a narrative.
    ///
    /// Tolerates a missing scheme (`www.hfxcf.vip`, `hfxcf.vip/#/login`), upper case, trailing
    /// dots and slashes, full-width characters (`ｗｗｗ．ｈｆｘｃｆ．ｖｉｐ`, `。` as a dot), defanged
    /// spellings (`hxxp://`, `hfxcf[.]vip`), fragments (`/#/login`) and spaces inside. Rejects
    /// strings without a dot-separated host name with an alphabetic top-level domain or an
    /// IPv4 address, e-mail addresses (`user@host` without a scheme), and invalid ports.
    public static func url(_ s: String) -> NormalizedURL? {
        var v = [UInt32]()
        v.reserveCapacity(s.utf8.count)
        for var c in IDText.scalars(s, .full) {
            if IDText.isSpace(c) || c == 0x200B { continue }
            if c == 0x3002 || c == 0xFF61 { c = 0x2E } // 。 ｡
            if c == 0x5C { c = 0x2F } // \ → /
            v.append(c)
        }
        // Defanged dots: [.] (.) {.}
        var k = 0
        var w = [UInt32]()
        w.reserveCapacity(v.count)
        while k < v.count {
            if k + 2 < v.count, v[k + 1] == 0x2E,
               (v[k] == 0x5B && v[k + 2] == 0x5D) || (v[k] == 0x28 && v[k + 2] == 0x29) || (v[k] == 0x7B && v[k + 2] == 0x7D) {
                w.append(0x2E); k += 3
            } else {
                w.append(v[k]); k += 1
            }
        }
        v = w
        var a = 0, b = v.count
        while a < b, urlLeadingJunk.contains(v[a]) { a += 1 }
        while b > a, urlTrailingJunk.contains(v[b - 1]) { b -= 1 }
        guard a < b else { return nil }
        return url(scalars: v[a..<b])
    }

    static let urlLeadingJunk: Set<UInt32> = [0x3C, 0x28, 0x22, 0x27, 0x201C, 0x300C, 0xFF08, 0x5B]
    static let urlTrailingJunk: Set<UInt32> = [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3E, 0x29, 0x5D, 0x7D, 0x22, 0x27, 0x201D, 0x300D, 0xFF09, 0xFF0C, 0x3001]

    static let urlSchemes: [String: (canonical: String, defaultPort: Int?)] = [
        "http": ("http", 80), "https": ("https", 443), "hxxp": ("http", 80), "hxxps": ("https", 443),
        "ws": ("ws", 80), "wss": ("wss", 443), "ftp": ("ftp", 21),
    ]

    /// Core of `url(_:)` over already folded, space-free scalars.
    static func url(scalars v: ArraySlice<UInt32>) -> NormalizedURL? {
        var i = v.startIndex
        let end = v.endIndex
        // Scheme: letters then ':' and any number of '/'.
        var scheme: String?
        var defaultPorts: [Int] = [80, 443]
        var j = i
        while j < end, IDText.isLetter(v[j]) { j += 1 }
        if j < end, j > i, v[j] == 0x3A {
            let name = IDText.string(v[i..<j].lazy.map(IDText.lower))
            if let known = urlSchemes[name] {
                scheme = known.canonical
                defaultPorts = known.defaultPort.map { [$0] } ?? []
                i = j + 1
                while i < end, v[i] == 0x2F { i += 1 }
            }
        }
        if scheme == nil { while i < end, v[i] == 0x2F { i += 1 } } // protocol-relative //host
        // Authority.
        var authEnd = i
        while authEnd < end, v[authEnd] != 0x2F, v[authEnd] != 0x3F, v[authEnd] != 0x23 { authEnd += 1 }
        var hostStart = i
        if let at = v[i..<authEnd].lastIndex(of: 0x40) {
            guard scheme != nil else { return nil } // an e-mail address, not a site
            hostStart = at + 1
        }
        var hostEnd = authEnd
        var port: Int?
        if let colon = v[hostStart..<authEnd].firstIndex(of: 0x3A) {
            hostEnd = colon
            let digits = v[(colon + 1)..<authEnd]
            if !digits.isEmpty {
                guard digits.count <= 5, IDText.allDigits(digits) else { return nil }
                let p = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                guard p >= 1, p <= 65535 else { return nil }
                port = defaultPorts.contains(p) ? nil : p
            }
        }
        var host = v[hostStart..<hostEnd].map(IDText.lower)[...]
        while host.last == 0x2E { host = host.dropLast() }
        guard !host.isEmpty, host.first != 0x2E else { return nil }

        let hostString: String
        let registrable: String
        let key: String
        let labels = host.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return nil }
        if labels.allSatisfy({ IDText.allDigits($0) }) {
            guard let ip = ipv4(host) else { return nil }
            hostString = ip
            registrable = ip
            key = port.map { "\(ip):\($0)" } ?? ip
        } else {
            for label in labels {
                guard !label.isEmpty, label.count <= 63, label.first != 0x2D, label.last != 0x2D else { return nil }
                for c in label where !(IDText.isDigit(c) || IDText.isLower(c) || c == 0x2D || c == 0x5F) { return nil }
            }
            let tld = labels[labels.count - 1]
            let isPunycode = tld.count > 4 && IDText.hasPrefix(tld, IDText.xn)
            guard isPunycode || (tld.count >= 2 && tld.allSatisfy(IDText.isLower)) else { return nil }
            if labels.count > 2, IDText.hasPrefix(host, IDText.www) { host = host.dropFirst(4) }
            hostString = IDText.string(host)
            registrable = registrableDomain(hostString)
            key = registrable
        }
        // Path: up to '?' or '#', trailing '/' dropped.
        var pathEnd = authEnd
        while pathEnd < end, v[pathEnd] != 0x3F, v[pathEnd] != 0x23 { pathEnd += 1 }
        var path = v[authEnd..<pathEnd]
        while path.last == 0x2F { path = path.dropLast() }
        let pathString = IDText.string(path)
        // On link-sharing hosts the path is the identity (t.me/<channel>, t.cn/<code>).
        let linkKey = pathIdentifiedHosts.contains(hostString) && !pathString.isEmpty ? hostString + pathString : key
        return NormalizedURL(host: hostString, port: port, registrableDomain: registrable, path: pathString, key: linkKey)
    }

    /// Second-level labels under which registrations happen (a small public-suffix list:
    /// the multi-part suffixes seen in Chinese casework plus common hosting platforms, so
    /// that two sites on `github.io` are not merged).
    static let multiPartSuffixes: Set<String> = {
        var s: Set<String> = []
        for sld in ["com", "net", "org", "gov", "edu", "ac", "mil",
                    "bj", "sh", "tj", "cq", "he", "sx", "nm", "ln", "jl", "hl", "js", "zj", "ah", "fj", "jx", "sd",
                    "ha", "hb", "hn", "gd", "gx", "hi", "sc", "gz", "yn", "xz", "sn", "gs", "qh", "nx", "xj", "tw", "hk", "mo"] {
            s.insert(sld + ".cn")
        }
        for sld in ["com", "net", "org", "edu", "gov", "idv"] { s.insert(sld + ".hk"); s.insert(sld + ".tw") }
        for sld in ["com", "net", "org", "edu", "gov"] { s.insert(sld + ".mo") }
        for sld in ["co", "org", "ac", "gov", "me", "ltd", "plc", "net", "sch"] { s.insert(sld + ".uk") }
        for sld in ["co", "ne", "or", "ac", "go", "ad", "ed", "gr", "lg"] { s.insert(sld + ".jp") }
        for sld in ["co", "or", "ne", "ac", "go", "re"] { s.insert(sld + ".kr") }
        for sld in ["com", "net", "org", "edu", "gov", "asn", "id"] { s.insert(sld + ".au") }
        for sld in ["com", "net", "org", "edu", "gov", "per"] { s.insert(sld + ".sg"); s.insert(sld + ".my"); s.insert(sld + ".ph"); s.insert(sld + ".vn"); s.insert(sld + ".kh"); s.insert(sld + ".mm") }
        for sld in ["co", "or", "in", "ac", "go"] { s.insert(sld + ".th"); s.insert(sld + ".id") }
        for sld in ["co", "net", "org", "ac", "govt"] { s.insert(sld + ".nz") }
        for sld in ["co", "net", "org", "firm", "gen", "ind"] { s.insert(sld + ".in") }
        for sld in ["com", "net", "org"] { s.insert(sld + ".br"); s.insert(sld + ".mx"); s.insert(sld + ".ar"); s.insert(sld + ".tr"); s.insert(sld + ".ru"); s.insert(sld + ".ua") }
        s.insert("co.za"); s.insert("co.il"); s.insert("com.la"); s.insert("com.pk"); s.insert("com.bd")
        // Hosting and dynamic-DNS platforms: each subdomain is a separate site.
        for p in ["github.io", "gitee.io", "gitlab.io", "vercel.app", "netlify.app", "herokuapp.com", "pages.dev", "workers.dev",
                  "web.app", "firebaseapp.com", "appspot.com", "blogspot.com", "azurewebsites.net", "cloudfront.net",
                  "ngrok.io", "ngrok-free.app", "3322.org", "f3322.net", "oicp.net", "oicp.io", "vicp.net", "vicp.cc",
                  "ddns.net", "no-ip.org", "dynv6.net", "duckdns.org"] {
            s.insert(p)
        }
        return s
    }()

    /// Hosts whose sites are told apart by the path: messenger links and URL shorteners. Their
    /// `key` is `host + path` so that two Telegram channels are not one site.
    static let pathIdentifiedHosts: Set<String> = [
        "t.me", "telegram.me", "wa.me", "bit.ly", "t.cn", "url.cn", "dwz.cn", "suo.im", "tinyurl.com", "is.gd", "goo.gl",
        "qr.alipay.com", "u.wechat.com", "v.douyin.com", "b23.tv",
    ]

    /// eTLD+1 of a lower-case host name.
    static func registrableDomain(_ host: String) -> String {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return host }
        let lastTwo = String(labels[labels.count - 2]) + "." + String(labels[labels.count - 1])
        if multiPartSuffixes.contains(lastTwo) {
            return labels.count >= 3 ? String(labels[labels.count - 3]) + "." + lastTwo : host
        }
        return lastTwo
    }
}
