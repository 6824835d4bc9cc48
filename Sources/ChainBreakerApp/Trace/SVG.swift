/// Small helpers for writing SVG (and the HTML around it) as text: escaping, coordinates and a
/// tiny element builder. No Foundation: numbers are formatted here, locale-free.
public enum SVG {
    /// Escapes text for XML character data and attribute values (`&`, `<`, `>`, `"`, `'`), and
    /// replaces characters that XML 1.0 forbids (C0 controls other than tab, newline and carriage
    /// return; unpaired surrogates cannot occur in a Swift string) with U+FFFD.
    public static func escape(_ s: String) -> String {
        var needs = false
        for u in s.utf8 where u == 0x26 || u == 0x3C || u == 0x3E || u == 0x22 || u == 0x27 || (u < 0x20 && u != 0x09 && u != 0x0A && u != 0x0D) {
            needs = true; break
        }
        if !needs { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A coordinate with at most `decimals` decimals (trailing zeros dropped), e.g. `12.5`, `3`,
    /// `-0.25`. Not-a-number and infinities become `0` so the document stays valid.
    public static func num(_ x: Double, decimals: Int = 1) -> String {
        guard x.isFinite else { return "0" }
        var p: Double = 1
        for _ in 0..<max(0, min(decimals, 6)) { p *= 10 }
        let scaled = (x * p).rounded()
        guard abs(scaled) < 9.0e15 else { return String(Int64(x.rounded())) }
        var n = Int64(scaled)
        let negative = n < 0
        if negative { n = -n }
        let ip = Int64(p)
        var intPart = String(n / ip)
        var frac = n % ip
        var digits = ""
        if frac != 0 {
            var d = decimals
            while frac % 10 == 0 && d > 0 { frac /= 10; d -= 1 }
            digits = String(frac)
            if digits.count < d { digits = String(repeating: "0", count: d - digits.count) + digits }
        }
        if negative && (n != 0) { intPart = "-" + intPart }
        return digits.isEmpty ? intPart : intPart + "." + digits
    }

    /// Appends elements to a string. Attribute values and text are escaped here; `raw` is not.
    public struct Builder: Sendable {
        public private(set) var text: String = ""
        public init() {}

        /// `<tag a="v" …>`; pair with `close`.
        public mutating func open(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:]) {
            text += "<" + tag
            attrs(attributes)
            text += ">"
        }
        public mutating func close(_ tag: String) { text += "</" + tag + ">\n" }

        /// `<tag …/>`, or `<tag …>text</tag>` when `content` is given (escaped).
        public mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], _ content: String? = nil) {
            text += "<" + tag
            attrs(attributes)
            if let content { text += ">" + SVG.escape(content) + "</" + tag + ">\n" } else { text += "/>\n" }
        }
        /// Already-escaped markup.
        public mutating func raw(_ markup: String) { text += markup }

        private mutating func attrs(_ attributes: KeyValuePairs<String, String>) {
            for (k, v) in attributes { text += " " + k + "=\"" + SVG.escape(v) + "\"" }
        }
    }
}
