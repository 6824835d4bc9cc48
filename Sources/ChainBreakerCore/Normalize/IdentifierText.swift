/// Unicode-scalar helpers shared by the identifier normalisers and the narrative extractor.
///
/// Everything works on arrays of scalar values (`UInt32`): no Foundation, no regex engine,
/// one pass per operation. The namespace keeps these internal names out of the way of the
/// rest of the module.
enum IDText {
    // MARK: Width folding

    /// How much of the full-width block (U+FF01–U+FF5E) to fold to ASCII.
    enum Fold {
        /// Every full-width ASCII variant (digits, letters, punctuation) and the ideographic space.
        case full
        /// Digits, letters and the punctuation that occurs inside identifiers (`＋ － ． ＠ ： ／ ＿ ＃ ％ ＆ ＝ ～ ？`),
        /// plus the ideographic space. Chinese sentence punctuation (`，（）；、！`) is kept as is,
        /// so that a narrative's `，` never looks like a thousands separator and `（` never looks
        /// like part of a URL.
        case identifierChars
    }

    @inline(__always)
    static func fold(_ v: UInt32, _ mode: Fold) -> UInt32 {
        if v == 0x3000 { return 0x20 }
        guard v >= 0xFF01, v <= 0xFF5E else { return v }
        let a = v - 0xFEE0
        switch mode {
        case .full:
            return a
        case .identifierChars:
            if isDigit(a) || isLetter(a) { return a }
            switch a {
            case 0x2B, 0x2D, 0x2E, 0x40, 0x3A, 0x2F, 0x5F, 0x23, 0x25, 0x26, 0x3D, 0x7E, 0x3F: return a
            default: return v
            }
        }
    }

    static func scalars(_ s: String, _ mode: Fold) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars { out.append(fold(u.value, mode)) }
        return out
    }

    static func string<C: Collection>(_ v: C) -> String where C.Element == UInt32 {
        var bytes = [UInt8]()
        bytes.reserveCapacity(v.count * 3)
        for x in v {
            switch x {
            case 0..<0x80: bytes.append(UInt8(x))
            case 0x80..<0x800:
                bytes.append(UInt8(0xC0 | x >> 6)); bytes.append(UInt8(0x80 | x & 0x3F))
            case 0xD800..<0xE000: continue // lone surrogate: not a scalar
            case 0x800..<0x10000:
                bytes.append(UInt8(0xE0 | x >> 12)); bytes.append(UInt8(0x80 | x >> 6 & 0x3F)); bytes.append(UInt8(0x80 | x & 0x3F))
            case 0x10000..<0x110000:
                bytes.append(UInt8(0xF0 | x >> 18)); bytes.append(UInt8(0x80 | x >> 12 & 0x3F))
                bytes.append(UInt8(0x80 | x >> 6 & 0x3F)); bytes.append(UInt8(0x80 | x & 0x3F))
            default: continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The scalar values of `s` (any text, despite the name: `ascii("平台")` works too).
    static func ascii(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    // Constants used in hot loops (never rebuilt per call).
    static let p400 = ascii("400"), p800 = ascii("800"), p95 = ascii("95"), p96 = ascii("96"), p0086 = ascii("0086"), p19 = ascii("19")
    static let www = ascii("www."), xn = ascii("xn--"), qqMail = ascii("@qq.com"), tenpayDomain = ascii("wx.tenpay.com"), qqDomain = ascii("qq.com")
    static let platform = ascii("平台"), open = ascii("打开"), download = ascii("下载"), install = ascii("安装")

    /// `400…` / `800…` national service numbers.
    static func isFreephone(_ v: ArraySlice<UInt32>) -> Bool { hasPrefix(v, p400) || hasPrefix(v, p800) }

    /// True when every UTF-8 byte of `s` is an ASCII digit (and there is at least one).
    @inline(__always)
    static func isASCIIDigits(_ s: String) -> Bool {
        var any = false
        for b in s.utf8 { guard b &- 0x30 < 10 else { return false }; any = true }
        return any
    }

    // MARK: Classes

    @inline(__always) static func isDigit(_ v: UInt32) -> Bool { v &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ v: UInt32) -> Bool { v &- 0x41 < 26 }
    @inline(__always) static func isLower(_ v: UInt32) -> Bool { v &- 0x61 < 26 }
    @inline(__always) static func isLetter(_ v: UInt32) -> Bool { isUpper(v) || isLower(v) }
    @inline(__always) static func isAlnum(_ v: UInt32) -> Bool { isDigit(v) || isLetter(v) }
    @inline(__always) static func isHex(_ v: UInt32) -> Bool { isDigit(v) || (v | 0x20) &- 0x61 < 6 }
    @inline(__always) static func lower(_ v: UInt32) -> UInt32 { isUpper(v) ? v | 0x20 : v }
    @inline(__always) static func upper(_ v: UInt32) -> UInt32 { isLower(v) ? v & ~0x20 : v }
    /// Space, tab, CR, LF, no-break space, ideographic space.
    @inline(__always) static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0D || v == 0x0A || v == 0xA0 || v == 0x3000
    }
    /// CJK unified ideographs (incl. extension A and compatibility ideographs).
    @inline(__always) static func isHan(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0xF900 && v <= 0xFAFF)
    }

    static func trimmed(_ v: [UInt32]) -> ArraySlice<UInt32> {
        var a = v.startIndex, b = v.endIndex
        while a < b, isSpace(v[a]) { a += 1 }
        while b > a, isSpace(v[b - 1]) { b -= 1 }
        return v[a..<b]
    }

    /// Does `v` contain `pattern` starting at `i`? ASCII letters compare case-insensitively.
    @inline(__always)
    static func matches(_ v: [UInt32], at i: Int, _ pattern: [UInt32]) -> Bool {
        guard i >= 0, i + pattern.count <= v.count else { return false }
        for k in 0..<pattern.count where lower(v[i + k]) != lower(pattern[k]) { return false }
        return true
    }

    /// Does `v` contain `pattern` ending just before `end`? ASCII letters compare case-insensitively.
    @inline(__always)
    static func matches(_ v: [UInt32], endingAt end: Int, _ pattern: [UInt32]) -> Bool {
        matches(v, at: end - pattern.count, pattern)
    }

    static func hasPrefix(_ v: ArraySlice<UInt32>, _ p: [UInt32]) -> Bool {
        guard v.count >= p.count else { return false }
        var i = v.startIndex
        for c in p { if lower(v[i]) != lower(c) { return false }; i += 1 }
        return true
    }

    static func allDigits<C: Collection>(_ v: C) -> Bool where C.Element == UInt32 {
        !v.isEmpty && v.allSatisfy(isDigit)
    }

    /// `1[3-9]` followed by nine more digits, eleven in all.
    static func isMobile<C: Collection>(_ v: C) -> Bool where C.Element == UInt32 {
        guard v.count == 11 else { return false }
        var it = v.makeIterator()
        guard it.next() == 0x31, let second = it.next(), second >= 0x33, second <= 0x39 else { return false }
        while let c = it.next() { if !isDigit(c) { return false } }
        return true
    }
}
