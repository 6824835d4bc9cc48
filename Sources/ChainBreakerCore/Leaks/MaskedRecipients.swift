/// Ties orders whose recipient phone is masked (`138****5678`) back to a person, from the other
/// orders of the same file: the same recipient name at the same address with a readable phone
/// that fits the mask, or else (name not masked) the only readable phone under that name that fits
/// it. Names may be masked too (`张*`, `张*明`: a `*` stands for one or more characters).
///
/// Only the orders themselves are used, never the cases: resolving victims' masked orders from
/// what the victims told the police (and nobody else's) would lift every source victims used.
/// Resolution depends on a person having a readable order elsewhere, which has nothing to do with
/// becoming a victim, so it restores power without bias. An order with two fitting people (family
/// members at one address with similar numbers) stays unresolved.
///
/// Complexity: O(orders) hashing plus, per masked order, O(people at its address) or O(phones
/// under its name) pattern checks (11 bytes each).
public enum MaskedRecipients {
    /// Whether `s` is a masked phone: 11 bytes of ASCII digits and at least one `*`.
    public static func isMaskedPhone(_ s: String) -> Bool {
        var n = 0, stars = 0
        for b in s.utf8 {
            if b == 0x2A { stars += 1 } else if b < 0x30 || b > 0x39 { return false }
            n += 1
        }
        return n == 11 && stars > 0
    }

    /// For each order: the readable phone its masked recipient resolves to, or nil (readable
    /// already, no phone, or not resolvable).
    public static func resolve(_ orders: [OrderRecord]) -> [String?] {
        struct Person: Hashable { var name: String; var phone: String }
        var byAddress: [String: [Person]] = [:]
        var byName: [String: [String]] = [:]
        var seen = Set<Person>()
        for o in orders {
            guard let p = o.recipientPhone, LeakFinder.isReadablePhone(p) else { continue }
            let name = o.recipientName ?? ""
            let person = Person(name: name, phone: p)
            guard seen.insert(person).inserted else { continue }
            if let a = o.address, !a.isEmpty { byAddress[a, default: []].append(person) }
            if !name.isEmpty && !name.contains("*") { byName[name, default: []].append(p) }
        }
        var out = [String?](repeating: nil, count: orders.count)
        for (i, o) in orders.enumerated() {
            guard let mask = o.recipientPhone, isMaskedPhone(mask) else { continue }
            let name = o.recipientName ?? ""
            guard !name.isEmpty else { continue }
            var found: String?
            var ambiguous = false
            if let a = o.address, let people = byAddress[a] {
                for q in people where phoneFits(q.phone, mask) && nameFits(q.name, name) && q.phone != found {
                    if found == nil { found = q.phone } else { ambiguous = true; break }
                }
            }
            if found == nil && !ambiguous && !name.contains("*"), let phones = byName[name] {
                for p in phones where phoneFits(p, mask) && p != found {
                    if found == nil { found = p } else { ambiguous = true; break }
                }
            }
            if !ambiguous { out[i] = found }
        }
        return out
    }

    /// The readable phone agrees with every visible digit of the mask.
    static func phoneFits(_ phone: String, _ mask: String) -> Bool {
        var a = phone.utf8.makeIterator(), b = mask.utf8.makeIterator()
        while let x = a.next() {
            guard let y = b.next() else { return false }
            if y != 0x2A && y != x { return false }
        }
        return b.next() == nil
    }

    /// The name agrees with a possibly masked name (`*` = one or more characters).
    static func nameFits(_ name: String, _ pattern: String) -> Bool {
        guard pattern.contains("*") else { return name == pattern }
        let n = Array(name), p = Array(pattern)
        // Glob match with `*` = one or more characters (small strings: O(|n|·|p|)).
        var dp = [[Bool]](repeating: [Bool](repeating: false, count: n.count + 1), count: p.count + 1)
        dp[0][0] = true
        for i in 1...p.count {
            for j in 0...n.count {
                if p[i - 1] == "*" {
                    // The star takes n[j-1] as its first character or as one more.
                    dp[i][j] = j > 0 && (dp[i - 1][j - 1] || dp[i][j - 1])
                } else if j > 0 {
                    dp[i][j] = dp[i - 1][j - 1] && p[i - 1] == n[j - 1]
                }
            }
        }
        return dp[p.count][n.count]
    }
}
