import ChainBreakerApp

/// Masks personal data for roles that do not need it. The role matrix:
///
/// | data | api-client | analyst | supervisor |
/// | --- | --- | --- | --- |
/// | risk level, score, reasons, tags, gang and role | yes | yes | yes |
/// | ID numbers (身份证号) | masked | masked (first 6 + last 4) | full |
/// | names (holder, victim) | removed | full | full |
/// | phone numbers other than the one asked about | masked | full (needed to call and dissuade) | full |
///
/// Masking happens when a response is written, from the role of the caller, so a cached
/// analysis is shared by every role and never leaks across them.
extension Masking {
    // `idNumber`, `phone` and `name` (one value) come from ChainBreakerApp's `Masking`, which the
    // analyst's report uses too; this extension adds free-text masking and the role matrix.

    /// Masks every resident ID number in free text: 17 digits then a digit or `X`, not inside a
    /// longer run of digits (a bank card is 16–19 digits and is not personal data here).
    static func idNumbers(in text: String) -> String {
        transformRuns(text) { run, nextIsX in
            if run.count == 17 && nextIsX && isIDNumber(run + [0x58]) { return (idNumber(String(decoding: run, as: UTF8.self) + "X"), true) }
            if run.count == 18 && isIDNumber(run) { return (idNumber(String(decoding: run, as: UTF8.self)), false) }
            return nil
        }
    }

    /// Masks every mainland mobile number (11 digits, `1[3-9]…`, not inside a longer run), except `keep`.
    static func phones(in text: String, keep: String? = nil) -> String {
        transformRuns(text) { run, _ in
            guard run.count == 11, run[0] == 0x31, run[1] >= 0x33 else { return nil }
            let s = String(decoding: run, as: UTF8.self)
            return s == keep ? nil : (phone(s), false)
        }
    }

    /// Both, for callers that may see neither.
    static func personal(in text: String, keepPhone: String? = nil) -> String {
        phones(in: idNumbers(in: text), keep: keepPhone)
    }

    /// Applies what `role` may not see to a piece of free text (reasons, evidence).
    static func text(_ s: String, for role: AccessRole, keepPhone: String? = nil) -> String {
        switch role {
        case .supervisor: s
        case .analyst: idNumbers(in: s)
        case .apiClient: personal(in: s, keepPhone: keepPhone)
        }
    }

    /// A resident ID check digit (GB 11643-1999) is valid: tells an 18-digit ID from a card number.
    static func isIDNumber(_ d: [UInt8]) -> Bool {
        guard d.count == 18, d[0..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        // Birth date YYYYMMDD at 6..<14, so that an 18-digit account number is rarely taken for one.
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(d[$1] - 0x30) } }
        let year = num(6..<10), month = num(10..<12), day = num(12..<14)
        guard (1900...2099).contains(year), (1...12).contains(month), (1...31).contains(day) else { return false }
        let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for i in 0..<17 { sum += Int(d[i] - 0x30) * w[i] }
        let check = Array("10X98765432".utf8)[sum % 11]
        return d[17] == check
    }

    /// Finds maximal ASCII digit runs of at least `minRun` digits and lets `f` replace them; `f`
    /// gets the run and whether an `X`/`x` follows it, and returns the replacement and whether it
    /// swallowed that `X`. Text without such a run (most reasons) is returned as is, uncopied.
    private static func transformRuns(_ text: String, minRun: Int = 11, _ f: ([UInt8], Bool) -> (String, Bool)?) -> String {
        var run = 0, longest = 0
        for c in text.utf8 {
            if c >= 0x30 && c <= 0x39 { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        guard longest >= minRun else { return text }
        let u = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        var changed = false
        while i < u.count {
            guard u[i] >= 0x30 && u[i] <= 0x39 else { out.append(u[i]); i += 1; continue }
            var j = i
            while j < u.count && u[j] >= 0x30 && u[j] <= 0x39 { j += 1 }
            let run = Array(u[i..<j])
            let nextIsX = j < u.count && (u[j] == 0x58 || u[j] == 0x78) && (j + 1 == u.count || !(isAlnum(u[j + 1])))
            if let (rep, swallowed) = f(run, nextIsX) {
                out.append(contentsOf: rep.utf8); changed = true
                i = swallowed ? j + 1 : j
            } else {
                out.append(contentsOf: run); i = j
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    private static func isAlnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
}
