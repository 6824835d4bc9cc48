/// Spelling variants of identifiers as officers type them into case narratives and columns:
/// phones with +86, spaces, dashes or full-width digits; QQ/WeChat ids with their many
/// prefixes; account numbers grouped by four, in full-width digits, as 尾号1234, or with two
/// neighbouring digits swapped (a typing error). All O(length).
enum Spelling {
    static func fullWidth(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { c in
            (c.value >= 0x30 && c.value <= 0x39) ? Unicode.Scalar(c.value - 0x30 + 0xFF10)! : c
        }))
    }

    static func grouped(_ s: String, sizes: [Int], sep: String) -> String {
        var out = ""
        var i = s.startIndex
        for (k, n) in sizes.enumerated() {
            guard i < s.endIndex else { break }
            let j = s.index(i, offsetBy: n, limitedBy: s.endIndex) ?? s.endIndex
            if k > 0 { out += sep }
            out += s[i..<j]
            i = j
        }
        if i < s.endIndex { out += sep + s[i...] }
        return out
    }

    /// A phone number in one of the documented spellings (variant 0 = plain).
    static func phone(_ p: String, variant: Int) -> String {
        switch variant {
        case 1: return "+86" + p
        case 2: return "+86 " + grouped(p, sizes: [3, 4, 4], sep: " ")
        case 3: return grouped(p, sizes: [3, 4, 4], sep: "-")
        case 4: return grouped(p, sizes: [3, 4, 4], sep: " ")
        case 5: return "86" + p
        case 6: return fullWidth(p)
        default: return p
        }
    }

    static let qqPrefixes = ["QQ号", "QQ：", "Q号", "qq", "扣扣", "QQ:", "QQ号码"]
    static let wechatPrefixes = ["微信号", "微信：", "VX：", "vx ", "威信", "微信", "wx:"]

    static func qq(_ q: String, _ rng: inout SeededGenerator) -> String {
        if rng.chance(0.15) { return "QQ（" + q + "）" }
        return rng.pick(qqPrefixes) + q
    }

    static func wechat(_ x: String, _ rng: inout SeededGenerator) -> String { rng.pick(wechatPrefixes) + x }

    /// An account number as written in free text.
    static func account(_ a: String, noise: Double, _ rng: inout SeededGenerator) -> String {
        if a.contains("@") { return a }
        let r = rng.unit()
        if r < noise * 0.12 { return swapped(a, &rng) }
        if r < 0.2 { return grouped(a, sizes: [4, 4, 4, 4, 4], sep: " ") }
        if r < 0.3 { return fullWidth(a) }
        if r < 0.42 { return "尾号" + String(a.suffix(4)) + "的银行卡" }
        return a
    }

    /// Two neighbouring digits swapped (never the same digit twice, so the number changes).
    static func swapped(_ a: String, _ rng: inout SeededGenerator) -> String {
        var c = Array(a)
        guard c.count > 4 else { return a }
        for _ in 0..<10 {
            let i = rng.int(2...(c.count - 2))
            if c[i] != c[i + 1] { c.swapAt(i, i + 1); return String(c) }
        }
        return a
    }

    /// Yuan amounts as officers write them: 33,249.30元 / 33249.30元 / 3.3249万元 / 14300元.
    static func yuan(_ fen: Int64, _ rng: inout SeededGenerator) -> String {
        let whole = fen / 100, frac = fen % 100
        let r = rng.unit()
        if frac == 0 && whole >= 10_000 && r < 0.25 {
            var s = String(Double(whole) / 10_000.0)
            if s.hasSuffix(".0") { s.removeLast(2) }
            return s + "万元"
        }
        if frac == 0 && r < 0.5 { return String(whole) + "元" }
        if r < 0.75 {
            var b: [UInt8] = []
            ByteFormat.appendYuan(fen, style: .comma, &b)
            return String(decoding: b, as: UTF8.self) + "元"
        }
        return Money.yuanString(fen) + "元"
    }
}

import ChainBreakerCore
