import ChainBreakerCore
import Foundation

/// Personal data masked for a document that gets passed around: names `张*`, phones
/// `138****5678`, resident ID numbers `339903********759X`.
public enum Masking {
    public static func name(_ s: String) -> String {
        guard let first = s.first else { return s }
        return String(first) + String(repeating: "*", count: max(1, s.count - 1))
    }

    public static func phone(_ s: String) -> String {
        guard s.count >= 7 else { return String(repeating: "*", count: s.count) }
        return String(s.prefix(3)) + String(repeating: "*", count: s.count - 7) + String(s.suffix(4))
    }

    public static func idNumber(_ s: String) -> String {
        guard s.count >= 10 else { return String(repeating: "*", count: s.count) }
        return String(s.prefix(6)) + String(repeating: "*", count: s.count - 10) + String(s.suffix(4))
    }

    /// Replaces every victim phone, ID number and name (of two or more characters) of the cases
    /// wherever it appears in a finished document (a last line of defence behind the sections,
    /// which mask what they print themselves). Longest strings first.
    public static func scrub(_ text: String, cases: [CaseReport]) -> String {
        var pairs: [(String, String)] = []
        for c in cases {
            if let p = c.victimPhone, p.count >= 7 { pairs.append((p, phone(p))) }
            if let i = c.victimID, i.count >= 10 { pairs.append((i, idNumber(i))) }
            if let n = c.victimName, n.count >= 2 { pairs.append((n, name(n))) }
        }
        pairs.sort { $0.0.count > $1.0.count }
        var out = text
        var seen = Set<String>()
        for (raw, masked) in pairs where seen.insert(raw).inserted && out.contains(raw) {
            out = out.replacingOccurrences(of: raw, with: masked)
        }
        return out
    }
}

