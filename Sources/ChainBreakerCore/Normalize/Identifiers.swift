/// Kinds of entity that identifiers name. The raw value is the name used in `tags.csv`
/// (`实体类型`) plus `person` (resident ID number) and `device` (MAC or IP address).
public enum EntityKind: String, Sendable, Codable, CaseIterable {
    case account, person, phone, qq, wechat, device, url, app
}

/// Why a value is not a valid identifier, as a sentence for a person.
public struct IdentifierIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Canonical forms of the identifiers found in the input formats (see the formats README,
/// section "Identifiers"). Every function is pure, allocation-light and O(n) in its input;
/// none uses Foundation or a regex engine.
///
/// Canonical forms:
/// * phone: 11-digit mobile `1[3-9]…`; service and landline numbers as their digits
///   (`95588`, `4008208820`, `057188886666`); foreign numbers as `+<country><number>`.
/// * QQ: 5–11 digits, no leading zero.
/// * WeChat id: lower case (`wxid_…` or a custom id).
/// * resident ID: 18 characters, upper-case `X`.
/// * MAC: `AA:BB:CC:DD:EE:FF`; IPv4: dotted quad without leading zeros.
/// * account: digits only, or `<id>@wx.tenpay.com` in lower case.
/// * URL: see `NormalizedURL`.
public enum Normalize {
    // MARK: Width

    /// Folds full-width ASCII variants (U+FF01–U+FF5E: `０-９`, `Ａ-Ｚ`, `ａ-ｚ`, `＋ － ： ＠ （ ）`…)
    /// to ASCII and the ideographic space (U+3000) to a space. Everything else is unchanged.
    public static func asciiDigits(_ s: String) -> String {
        var needed = false
        for u in s.unicodeScalars where u.value == 0x3000 || (u.value >= 0xFF01 && u.value <= 0xFF5E) {
            needed = true; break
        }
        guard needed else { return s }
        return IDText.string(IDText.scalars(s, .full))
    }

    // MARK: Phone

    /// Canonical phone number, or nil when the text is not a phone number.
    ///
    /// Mobiles: `+8613812345678`, `+86 138 1234 5678`, `138-1234-5678`, `0086…`, `8613812345678`,
    /// `013812345678` (trunk prefix) and full-width spellings all give `13812345678`.
    /// Other numbers of 5–12 digits (service numbers `95588`, `10086`, `4008208820`, landlines
    /// `0571-88886666`) are returned as their digits. `+<country>` other than 86 gives
    /// `+<digits>` (7–15 digits). Separators allowed: spaces, `-`, `.`, `(`, `)`, a leading `'`
    /// or tab. Masked numbers (`138****5678`) and anything else give nil.
    public static func phone(_ s: String) -> String? {
        if s.utf8.count == 11, IDText.isASCIIDigits(s), isMobile(s) { return s } // already canonical
        var digits = [UInt32]()
        digits.reserveCapacity(16)
        var plus = false
        for c in IDText.scalars(s, .full) {
            if IDText.isDigit(c) {
                digits.append(c)
            } else if c == 0x2B { // +
                if plus || !digits.isEmpty { return nil }
                plus = true
            } else if IDText.isSpace(c) || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 || (c == 0x27 && digits.isEmpty && !plus) {
                continue
            } else {
                return nil
            }
        }
        return phone(digits: digits[...], plus: plus)
    }

    /// Shared by `phone(_:)` and the narrative extractor.
    static func phone(digits d0: ArraySlice<UInt32>, plus p0: Bool) -> String? {
        var d = d0, plus = p0
        if !plus, d.count > 2, d.first == 0x30, d[d.startIndex + 1] == 0x30 { // 00 international prefix
            d = d.dropFirst(2); plus = true
        }
        if plus {
            if d.count > 2, d.first == 0x38, d[d.startIndex + 1] == 0x36 { // +86
                let rest = d.dropFirst(2)
                if IDText.isMobile(rest) { return IDText.string(rest) }
                if rest.first == 0x30 { return rest.count >= 5 && rest.count <= 12 ? IDText.string(rest) : nil }
                // +86 571 8888 6666: a landline written without its trunk 0.
                if rest.count >= 9, rest.count <= 11, let f = rest.first, f != 0x31, !IDText.isFreephone(rest),
                   !IDText.hasPrefix(rest, IDText.p95), !IDText.hasPrefix(rest, IDText.p96) {
                    return "0" + IDText.string(rest)
                }
                return rest.count >= 5 && rest.count <= 12 ? IDText.string(rest) : nil
            }
            guard d.count >= 7, d.count <= 15, d.first != 0x30 else { return nil }
            return "+" + IDText.string(d)
        }
        if IDText.isMobile(d) { return IDText.string(d) }
        if d.count == 13, d.first == 0x38, d[d.startIndex + 1] == 0x36, IDText.isMobile(d.dropFirst(2)) {
            return IDText.string(d.dropFirst(2))
        }
        if d.count == 12, d.first == 0x30, IDText.isMobile(d.dropFirst()) { return IDText.string(d.dropFirst()) }
        guard d.count >= 5, d.count <= 12 else { return nil }
        return IDText.string(d)
    }

    /// True for an 11-digit canonical mobile number `1[3-9]xxxxxxxxx`.
    public static func isMobile(_ canonical: String) -> Bool {
        let u = canonical.utf8
        guard u.count == 11 else { return false }
        var i = 0
        for b in u {
            switch i {
            case 0: guard b == 0x31 else { return false }
            case 1: guard b >= 0x33, b <= 0x39 else { return false }
            default: guard b &- 0x30 < 10 else { return false }
            }
            i += 1
        }
        return true
    }

    // MARK: QQ

    static let qqPrefixes: [[UInt32]] = ["qq号码", "qq账号", "qq帐号", "qq号", "qq", "q号", "扣扣号码", "扣扣号", "扣扣", "企鹅号"].map(IDText.ascii)

    /// Canonical QQ number (5–11 digits, no leading zero), or nil. Strips the wrappers
    /// `QQ号`, `QQ：`, `QQ:`, `Q号`, `qq`, `扣扣`, `QQ（…）`, spaces, full-width digits and a
    /// trailing `@qq.com`.
    public static func qq(_ s: String) -> String? {
        if IDText.isASCIIDigits(s) { let n = s.utf8.count; return n >= 5 && n <= 11 && s.utf8.first != 0x30 ? s : nil }
        var v = IDText.scalars(s, .full).filter { !IDText.isSpace($0) }[...]
        if v.first == 0x27 { v = v.dropFirst() } // spreadsheet text marker
        var stripped = true
        while stripped {
            stripped = false
            for p in qqPrefixes where IDText.hasPrefix(v, p) { v = v.dropFirst(p.count); stripped = true; break }
            while let f = v.first, f == 0x3A || f == 0x3D || f == 0x28 || f == 0x5B { v = v.dropFirst(); stripped = true } // : = ( [
        }
        while let l = v.last, l == 0x29 || l == 0x5D { v = v.dropLast() } // ) ]
        let mail = IDText.qqMail
        if v.count > mail.count, IDText.matches(Array(v.suffix(mail.count)), at: 0, mail) { v = v.dropLast(mail.count) }
        return isQQ(v) ? IDText.string(v) : nil
    }

    static func isQQ<C: Collection>(_ v: C) -> Bool where C.Element == UInt32 {
        v.count >= 5 && v.count <= 11 && v.first != 0x30 && IDText.allDigits(v)
    }

    // MARK: WeChat

    static let wechatPrefixes: [[UInt32]] = ["微信号码", "微信账号", "微信帐号", "微信号", "微信id", "微信", "威信号", "威信", "薇信", "维信", "v信", "vx号", "wx号"].map(IDText.ascii)
    /// Short ASCII prefixes, stripped only when a separator follows (`vxabc123` is an id).
    static let wechatASCIIPrefixes: [[UInt32]] = ["vx", "wx", "wechat", "weixin"].map(IDText.ascii)

    /// Canonical WeChat id (lower case), or nil. Accepts `wxid_` + alphanumerics and custom
    /// ids `[A-Za-z][A-Za-z0-9_-]{5,19}` (WeChat ids are case-insensitive). Strips the
    /// prefixes `微信号`, `微信：`, `VX：`, `vx `, `威信`, `wx:` and full-width spellings.
    public static func wechat(_ s: String) -> String? {
        var v = IDText.trimmed(IDText.scalars(s, .full))
        var stripped = true
        while stripped {
            stripped = false
            for p in wechatPrefixes where IDText.hasPrefix(v, p) { v = v.dropFirst(p.count); stripped = true; break }
            if !stripped {
                for p in wechatASCIIPrefixes where IDText.hasPrefix(v, p) && v.count > p.count {
                    let next = v[v.startIndex + p.count]
                    if next == 0x3A || next == 0x28 || IDText.isSpace(next) { v = v.dropFirst(p.count); stripped = true; break }
                }
            }
            while let f = v.first, f == 0x3A || f == 0x28 || f == 0x3D || IDText.isSpace(f) { v = v.dropFirst(); stripped = true }
        }
        while let l = v.last, l == 0x29 || IDText.isSpace(l) { v = v.dropLast() }
        return wechatID(v)
    }

    /// Validates and lower-cases a bare id.
    static func wechatID<C: Collection>(_ v: C) -> String? where C.Element == UInt32 {
        guard v.count >= 6, v.count <= 20, let f = v.first, IDText.isLetter(f) else { return nil }
        for c in v where !(IDText.isAlnum(c) || c == 0x5F || c == 0x2D) { return nil }
        return IDText.string(v.lazy.map(IDText.lower))
    }

    // MARK: Resident ID

    static let idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let idCheckChars: [UInt32] = IDText.ascii("10X98765432")

    /// Validates a resident ID number (GB 11643): 17 digits and a check character (`0-9` or
    /// `X`, lower-case `x` accepted), valid birth date, valid checksum. Returns the canonical
    /// 18-character form. A first-generation 15-digit number is converted to its 18-digit
    /// form (century 19, computed check character). Spaces, `'`, tabs and full-width digits
    /// are tolerated.
    public static func idNumber(_ s: String) -> Result<String, IdentifierIssue> {
        var v = IDText.scalars(s, .full).filter { !(IDText.isSpace($0) || $0 == 0x27) }
        if v.isEmpty { return .failure(IdentifierIssue("ID number is empty")) }
        if v.count == 15 {
            guard IDText.allDigits(v) else {
                return .failure(IdentifierIssue("ID number may contain only digits and a final X"))
            }
            v.insert(contentsOf: IDText.p19, at: 6)
            guard let check = idCheck(v[0..<17]) else { return .failure(IdentifierIssue("ID number may contain only digits and a final X")) }
            v.append(check)
        }
        guard v.count == 18 else {
            return .failure(IdentifierIssue("ID number must have 18 characters, found \(v.count)"))
        }
        if v[17] == 0x78 { v[17] = 0x58 } // x → X
        guard IDText.allDigits(v[0..<17]), IDText.isDigit(v[17]) || v[17] == 0x58 else {
            return .failure(IdentifierIssue("ID number may contain only digits and a final X"))
        }
        func num(_ r: Range<Int>) -> Int { v[r].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let year = num(6..<10), month = num(10..<12), day = num(12..<14)
        guard year >= 1900, year <= 2100, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year) else {
            return .failure(IdentifierIssue("ID number birth date \(IDText.string(v[6..<14])) is not a valid date"))
        }
        guard let check = idCheck(v[0..<17]), check == v[17] else {
            let expected = idCheck(v[0..<17]).map { IDText.string([$0]) } ?? "?"
            return .failure(IdentifierIssue("ID number checksum fails (check character should be \(expected), found \(IDText.string([v[17]])))"))
        }
        return .success(IDText.string(v))
    }

    static func idCheck(_ first17: ArraySlice<UInt32>) -> UInt32? {
        guard first17.count == 17 else { return nil }
        var sum = 0
        for (k, c) in first17.enumerated() {
            guard IDText.isDigit(c) else { return nil }
            sum += Int(c - 0x30) * idWeights[k]
        }
        return idCheckChars[sum % 11]
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Devices

    /// `AA:BB:CC:DD:EE:FF` (upper case) from `AA-BB-…`, `AABBCCDDEEFF`, `aabb.ccdd.eeff` or lower
    /// case. Nil for empty or malformed input and for the placeholders that identify no device
    /// (`02:00:00:00:00:00`, `00:00:00:00:00:00`, `FF:FF:FF:FF:FF:FF`).
    public static func mac(_ s: String) -> String? {
        let v = IDText.trimmed(IDText.scalars(s, .full))
        guard !v.isEmpty else { return nil }
        var hex = [UInt32]()
        hex.reserveCapacity(12)
        let sep = v.first(where: { !IDText.isHex($0) })
        if let sep {
            guard sep == 0x3A || sep == 0x2D || sep == 0x2E else { return nil }
            var group = [UInt32]()
            var groups = 0
            func flush() -> Bool {
                let width = sep == 0x2E ? 4 : 2
                if group.count == width || (width == 2 && group.count == 1) {
                    if group.count == 1 { hex.append(0x30) }
                    hex.append(contentsOf: group); group.removeAll(keepingCapacity: true); groups += 1
                    return true
                }
                return false
            }
            for c in v {
                if c == sep { guard flush() else { return nil } }
                else if IDText.isHex(c) { group.append(c) }
                else { return nil }
            }
            guard flush(), groups == (sep == 0x2E ? 3 : 6) else { return nil }
        } else {
            guard v.count == 12 else { return nil }
            hex.append(contentsOf: v)
        }
        hex = hex.map(IDText.upper)
        let allZero = hex.allSatisfy { $0 == 0x30 }
        let allF = hex.allSatisfy { $0 == 0x46 }
        let placeholder02 = hex[0] == 0x30 && hex[1] == 0x32 && hex[2...].allSatisfy { $0 == 0x30 }
        if allZero || allF || placeholder02 { return nil }
        var out = [UInt32]()
        out.reserveCapacity(17)
        for k in 0..<6 {
            if k > 0 { out.append(0x3A) }
            out.append(hex[2 * k]); out.append(hex[2 * k + 1])
        }
        return IDText.string(out)
    }

    /// Dotted-quad IPv4 address, each part 0–255 (at most three digits), leading zeros dropped
    /// (`010.1.1.1` → `10.1.1.1`). Nil otherwise.
    public static func ipv4(_ s: String) -> String? {
        let v = IDText.trimmed(IDText.scalars(s, .full))
        return ipv4(v)
    }

    static func ipv4<C: Collection>(_ v: C) -> String? where C.Element == UInt32 {
        var parts = [Int]()
        var cur = 0, width = 0
        for c in v {
            if IDText.isDigit(c) {
                width += 1
                guard width <= 3 else { return nil }
                cur = cur * 10 + Int(c - 0x30)
            } else if c == 0x2E {
                guard width > 0, cur <= 255, parts.count < 3 else { return nil }
                parts.append(cur); cur = 0; width = 0
            } else {
                return nil
            }
        }
        guard width > 0, cur <= 255, parts.count == 3 else { return nil }
        parts.append(cur)
        return parts.map(String.init).joined(separator: ".")
    }

    // MARK: Accounts

    /// Luhn (mod 10) check over a string of ASCII digits. False for empty or non-digit input.
    public static func isLuhnValid(_ digits: String) -> Bool {
        var sum = 0, double = false, n = 0
        for c in digits.utf8.reversed() {
            guard c >= 0x30, c <= 0x39 else { return false }
            var d = Int(c - 0x30)
            if double { d *= 2; if d > 9 { d -= 9 } }
            sum += d; double.toggle(); n += 1
        }
        return n > 0 && sum % 10 == 0
    }

    /// Whether a canonical account number (`Normalize.account`) is a person's: a payment-platform
    /// wallet (`…@wx.tenpay.com`, any `user@platform`) or a bank card (16–19 digits, Luhn-valid).
    /// Corporate accounts (对公账户: 15–20 digits, no card, no check digit) are not; one in ten
    /// passes the Luhn check by chance. O(length).
    public static func isPersonalAccount(_ number: String) -> Bool {
        if number.utf8.contains(UInt8(ascii: "@")) { return true }
        let n = number.utf8.count
        return n >= 16 && n <= 19 && isLuhnValid(number)
    }

    static let tenpaySuffix = IDText.ascii("@wx.tenpay.com")

    /// Card / account number as digits only (6–32 digits), or a WeChat Pay id
    /// `<id>@wx.tenpay.com` in lower case. Strips `'`, tab, spaces, `-` and full-width forms;
    /// rejects anything else (including spreadsheet scientific notation `6.22848E+18`).
    public static func account(_ s: String) -> String? {
        if IDText.isASCIIDigits(s) { let n = s.utf8.count; return n >= 6 && n <= 32 ? s : nil }
        var v = [UInt32]()
        for c in IDText.scalars(s, .full) where !(IDText.isSpace(c) || c == 0x27 || c == 0x2D || c == 0x60) { v.append(c) }
        if let at = v.firstIndex(of: 0x40) {
            guard at > 0, v.count - at == tenpaySuffix.count, IDText.matches(v, at: at, tenpaySuffix) else { return nil }
            for c in v[..<at] where !(IDText.isAlnum(c) || c == 0x5F) { return nil }
            return IDText.string(v.map(IDText.lower))
        }
        guard v.count >= 6, v.count <= 32, IDText.allDigits(v) else { return nil }
        return IDText.string(v)
    }

    // MARK: Apps

    static let appSuffixes: [[UInt32]] = ["app", "软件", "客户端"].map(IDText.ascii)

    /// App name: trimmed, full-width folded to ASCII, inner whitespace collapsed to one space,
    /// surrounding quotes (`“…”`, `"…"`, `「…」`, `《…》`) removed, and a trailing `APP`/`软件`/`客户端`
    /// dropped after a Chinese name (`赚赚兼职APP` → `赚赚兼职`; `WhatsApp` is kept).
    static func app(_ s: String) -> String? {
        var out = [UInt32]()
        var pendingSpace = false
        for c in IDText.scalars(s, .full) {
            if IDText.isSpace(c) { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(c)
        }
        let pairs: [(UInt32, UInt32)] = [(0x201C, 0x201D), (0x22, 0x22), (0x300C, 0x300D), (0x300E, 0x300F), (0x300A, 0x300B), (0x2018, 0x2019), (0x27, 0x27)]
        var changed = true
        while changed {
            changed = false
            for (o, c) in pairs where out.count >= 2 && out.first == o && out.last == c {
                out.removeFirst(); out.removeLast(); changed = true; break
            }
            for suffix in appSuffixes where out.count > suffix.count && IDText.matches(out, endingAt: out.count, suffix) {
                if out[out.count - suffix.count - 1] > 0x7F { out.removeLast(suffix.count); changed = true; break }
            }
            while out.first == 0x20 { out.removeFirst() }
            while out.last == 0x20 { out.removeLast() }
        }
        while out.last == 0x20 { out.removeLast() }
        return out.isEmpty ? nil : IDText.string(out)
    }

    // MARK: Dispatch

    /// Canonical identifier of an entity of `kind`, or nil when `raw` is not one:
    /// * `account`: digits only (`'`, tab, spaces, `-` removed, full-width folded) or the
    ///   lower-cased `…@wx.tenpay.com` id;
    /// * `person`: `idNumber` (nil when invalid);
    /// * `phone`, `qq`, `wechat`: the functions above; `url`: `NormalizedURL.key`;
    /// * `device`: `mac`, else `ipv4` (except `0.0.0.0` and `255.255.255.255`);
    /// * `app`: trimmed, full-width folded, spaces collapsed.
    public static func entity(_ kind: EntityKind, _ raw: String) -> String? {
        switch kind {
        case .account: return account(raw)
        case .person: return try? idNumber(raw).get()
        case .phone: return phone(raw)
        case .qq: return qq(raw)
        case .wechat: return wechat(raw)
        case .url: return url(raw)?.key
        case .device:
            if let m = mac(raw) { return m }
            guard let ip = ipv4(raw), ip != "0.0.0.0", ip != "255.255.255.255" else { return nil }
            return ip
        case .app: return app(raw)
        }
    }
}
