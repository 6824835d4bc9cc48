/// Canonical form of a bank card, corporate account or WeChat Pay id as written in a file.
///
/// Strips the spreadsheet text markers (`'`, tab), spaces and dashes, converts full-width
/// digits, and rejects numbers a spreadsheet has already damaged (`6.22848E+18`: the last
/// digits are lost for good, so the row cannot be trusted). O(n) over the field.
public enum AccountNumber {
    public enum Outcome: Equatable, Sendable {
        case empty
        case ok(String)
        case rejected(String)
    }

    /// Normalises the bytes of one field.
    public static func normalize(_ b: UnsafeBufferPointer<UInt8>) -> Outcome {
        if b.isEmpty { return .empty }
        // Fast path: already all ASCII digits.
        var allDigits = true
        for c in b where c < 0x30 || c > 0x39 { allDigits = false; break }
        if allDigits { return .ok(String(decoding: b, as: UTF8.self)) }

        var out = [UInt8]()
        out.reserveCapacity(b.count)
        var i = 0
        var sawE = false, sawDot = false, sawAt = false
        while i < b.count {
            let c = b[i]
            switch c {
            case 0x27, 0x09, 0x20, 0x2D, 0x0D, 0x60: // ' tab space - CR `
                i += 1
            case 0xEF where i + 2 < b.count && b[i + 1] == 0xBC && b[i + 2] >= 0x90 && b[i + 2] <= 0x99:
                out.append(0x30 + (b[i + 2] - 0x90)); i += 3 // full-width digit
            case 0xE3 where i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] == 0x80:
                i += 3 // ideographic space
            default:
                if c == 0x45 || c == 0x65 { sawE = true }
                if c == 0x2E { sawDot = true }
                if c == 0x40 { sawAt = true }
                out.append(c); i += 1
            }
        }
        if out.isEmpty { return .empty }
        if sawE && !sawAt && isScientific(out) {
            return .rejected("account number \(String(decoding: b, as: UTF8.self)) is in scientific notation (damaged by a spreadsheet; its last digits are lost)")
        }
        _ = sawDot
        var s = String(decoding: out, as: UTF8.self)
        if sawAt { s = s.lowercased() }
        return .ok(s)
    }

    public static func normalize(_ text: String) -> Outcome {
        var t = text
        return t.withUTF8 { normalize($0) }
    }

    /// `d.ddd E+nn` / `dE+nn` / `d.dde18`.
    static func isScientific(_ s: [UInt8]) -> Bool {
        var i = 0
        var digits = 0
        while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1; digits += 1 }
        if digits == 0 { return false }
        if i < s.count, s[i] == 0x2E { i += 1; while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1 } }
        guard i < s.count, s[i] == 0x45 || s[i] == 0x65 else { return false }
        i += 1
        if i < s.count, s[i] == 0x2B || s[i] == 0x2D { i += 1 }
        let expStart = i
        while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }
        return i == s.count && i > expStart
    }
}
