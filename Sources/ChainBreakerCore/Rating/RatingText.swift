/// Number formatting for reasons, without Foundation: percentages, yuan with thousands
/// separators, durations.
public enum RatingText {
    /// "98%" (share in [0, 1]); "<1%" for a positive share below half a percent.
    public static func percent(_ x: Double) -> String {
        let p = (x * 100).rounded()
        if p == 0 && x > 0 { return "<1%" }
        return "\(Int(p))%"
    }

    /// "¥12,345" (whole yuan, rounded), from fen.
    public static func yuan(fen: Int64) -> String {
        let y = (fen + 50) / 100
        return "¥" + grouped(y)
    }


    public static func grouped(_ v: Int64) -> String {
        let s = String(v.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return v < 0 ? "-" + out : out
    }

    /// "12 minutes", "3.5 hours", "4 days".
    static func duration(hours h: Double) -> String {
        if h < 1 { let m = max(1, Int((h * 60).rounded())); return "\(m) minute" + (m == 1 ? "" : "s") }
        if h < 48 {
            let r = (h * 10).rounded() / 10
            let s = r == r.rounded() ? "\(Int(r))" : "\(r)"
            return s + (r == 1 ? " hour" : " hours")
        }
        let d = Int((h / 24).rounded())
        return "\(d) days"
    }

    static func count(_ x: Double, _ one: String, _ many: String) -> String {
        let n = Int(x.rounded())
        return "\(n) " + (n == 1 ? one : many)
    }
}
