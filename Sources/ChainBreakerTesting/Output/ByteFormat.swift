import ChainBreakerCore

/// Byte-level formatting for the hot paths (millions of rows): integers, money in the statement
/// variants and times in every statement form, written straight into a `[UInt8]` buffer.
/// Every function is O(length of its output). Civil dates come from `Instant.civil(fromDays:)`,
/// so these agree with `Instant.beijingString` / `.iso8601` and `Money.yuanString` (tests check).
enum ByteFormat {
    @inline(__always)
    static func appendInt(_ v: Int64, _ out: inout [UInt8]) {
        if v < 0 { out.append(0x2D); appendUInt(UInt64(-v), &out) } else { appendUInt(UInt64(v), &out) }
    }

    @inline(__always)
    static func appendUInt(_ v: UInt64, _ out: inout [UInt8]) {
        if v < 10 { out.append(0x30 + UInt8(v)); return }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &tmp) { p in
            while x > 0 { p[n] = 0x30 + UInt8(x % 10); x /= 10; n += 1 }
            var i = n - 1
            while i >= 0 { out.append(p[i]); i -= 1 }
        }
    }

    /// Zero-padded to `width` digits.
    @inline(__always)
    static func appendPadded(_ v: Int, width: Int, _ out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<max(1, width) { divisor *= 10 }
        var x = v
        var d = divisor
        while d > 0 { out.append(0x30 + UInt8((x / d) % 10)); x %= d * 10; d /= 10 }
    }

    enum AmountStyle: String, Sendable, CaseIterable { case plain, comma, min }

    /// Yuan from fen: `plain` 1234.50, `comma` 1,234.50 (caller quotes the field), `min` 1234.5 / 1234.
    static func appendYuan(_ fen: Int64, style: AmountStyle, _ out: inout [UInt8]) {
        let neg = fen < 0
        let m = fen.magnitude
        let whole = m / 100, frac = Int(m % 100)
        if neg { out.append(0x2D) }
        if style == .comma && whole >= 1000 {
            var groups: [UInt64] = []
            var w = whole
            while w > 0 { groups.append(w % 1000); w /= 1000 }
            appendUInt(groups[groups.count - 1], &out)
            var i = groups.count - 2
            while i >= 0 { out.append(0x2C); appendPadded(Int(groups[i]), width: 3, &out); i -= 1 }
        } else {
            appendUInt(whole, &out)
        }
        if style == .min {
            if frac == 0 { return }
            out.append(0x2E)
            out.append(0x30 + UInt8(frac / 10))
            if frac % 10 != 0 { out.append(0x30 + UInt8(frac % 10)) }
            return
        }
        out.append(0x2E)
        out.append(0x30 + UInt8(frac / 10))
        out.append(0x30 + UInt8(frac % 10))
    }

    /// Whether the formatted amount contains a comma (then the CSV field must be quoted).
    static func yuanNeedsQuotes(_ fen: Int64, style: AmountStyle) -> Bool { style == .comma && fen.magnitude >= 100_000 }

    /// Appends a yuan field, quoted when needed.
    static func appendYuanField(_ fen: Int64, style: AmountStyle, _ out: inout [UInt8]) {
        if yuanNeedsQuotes(fen, style: style) {
            out.append(0x22); appendYuan(fen, style: style, &out); out.append(0x22)
        } else {
            appendYuan(fen, style: style, &out)
        }
    }

    /// Beijing civil fields of a UTC-seconds instant.
    @inline(__always)
    static func civil(_ seconds: Int64) -> (y: Int, mo: Int, d: Int, h: Int, mi: Int, s: Int) {
        let local = seconds + Instant.beijingOffset
        var days = local / 86_400
        var rem = local % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let c = Instant.civil(fromDays: days)
        return (c.year, c.month, c.day, Int(rem / 3600), Int(rem % 3600 / 60), Int(rem % 60))
    }

    enum TimeStyle: String, Sendable, CaseIterable { case dash, compact, slash, db2, split }

    /// `2021-04-29 10:15:32` (also the CSV form of every other file).
    static func appendDash(_ t: Int64, _ out: inout [UInt8]) {
        let c = civil(t)
        appendPadded(c.y, width: 4, &out); out.append(0x2D); appendPadded(c.mo, width: 2, &out); out.append(0x2D)
        appendPadded(c.d, width: 2, &out); out.append(0x20)
        appendPadded(c.h, width: 2, &out); out.append(0x3A); appendPadded(c.mi, width: 2, &out); out.append(0x3A)
        appendPadded(c.s, width: 2, &out)
    }

    /// ISO 8601 with +08:00.
    static func appendISO(_ t: Int64, _ out: inout [UInt8]) {
        let c = civil(t)
        appendPadded(c.y, width: 4, &out); out.append(0x2D); appendPadded(c.mo, width: 2, &out); out.append(0x2D)
        appendPadded(c.d, width: 2, &out); out.append(0x54)
        appendPadded(c.h, width: 2, &out); out.append(0x3A); appendPadded(c.mi, width: 2, &out); out.append(0x3A)
        appendPadded(c.s, width: 2, &out)
        out.append(contentsOf: [0x2B, 0x30, 0x38, 0x3A, 0x30, 0x30])
    }

    /// The statement time in a style; `split` writes `20210429,101532` (two fields).
    static func appendStatementTime(_ t: Int64, style: TimeStyle, _ out: inout [UInt8]) {
        let c = civil(t)
        switch style {
        case .dash:
            appendDash(t, &out)
        case .compact:
            appendPadded(c.y, width: 4, &out); appendPadded(c.mo, width: 2, &out); appendPadded(c.d, width: 2, &out)
            appendPadded(c.h, width: 2, &out); appendPadded(c.mi, width: 2, &out); appendPadded(c.s, width: 2, &out)
        case .slash:
            appendUInt(UInt64(c.y), &out); out.append(0x2F); appendUInt(UInt64(c.mo), &out); out.append(0x2F)
            appendUInt(UInt64(c.d), &out); out.append(0x20)
            appendUInt(UInt64(c.h), &out); out.append(0x3A); appendPadded(c.mi, width: 2, &out); out.append(0x3A)
            appendPadded(c.s, width: 2, &out)
        case .db2:
            appendPadded(c.y, width: 4, &out); out.append(0x2D); appendPadded(c.mo, width: 2, &out); out.append(0x2D)
            appendPadded(c.d, width: 2, &out); out.append(0x2D)
            appendPadded(c.h, width: 2, &out); out.append(0x2E); appendPadded(c.mi, width: 2, &out); out.append(0x2E)
            appendPadded(c.s, width: 2, &out)
            out.append(contentsOf: Array(".000000".utf8))
        case .split:
            appendPadded(c.y, width: 4, &out); appendPadded(c.mo, width: 2, &out); appendPadded(c.d, width: 2, &out)
            out.append(0x2C)
            appendPadded(c.h, width: 2, &out); appendPadded(c.mi, width: 2, &out); appendPadded(c.s, width: 2, &out)
        }
    }

    /// `yyyymmdd` of the Beijing date.
    static func appendCompactDate(_ t: Int64, _ out: inout [UInt8]) {
        let c = civil(t)
        appendPadded(c.y, width: 4, &out); appendPadded(c.mo, width: 2, &out); appendPadded(c.d, width: 2, &out)
    }

    /// `HHMMSS` of the Beijing time.
    static func appendCompactTime(_ t: Int64, _ out: inout [UInt8]) {
        let c = civil(t)
        appendPadded(c.h, width: 2, &out); appendPadded(c.mi, width: 2, &out); appendPadded(c.s, width: 2, &out)
    }

    static func dash(_ t: Int64) -> String { var b: [UInt8] = []; appendDash(t, &b); return String(decoding: b, as: UTF8.self) }
    static func iso(_ t: Int64) -> String { var b: [UInt8] = []; appendISO(t, &b); return String(decoding: b, as: UTF8.self) }
    static func compactDate(_ t: Int64) -> String { var b: [UInt8] = []; appendCompactDate(t, &b); return String(decoding: b, as: UTF8.self) }
}

