/// Percent-decoding of URL path segments (RFC 3986 §2.1), on bytes; `+` stays `+` in a path.
/// Foundation's `removingPercentEncoding` bridges through CFString and cost more per risk query
/// than the risk lookup itself. O(n) in the segment's bytes.
enum PercentDecoding {
    /// The decoded string (the input itself when it holds no `%`), or nil when a `%` is not
    /// followed by two hex digits or the decoded bytes are not UTF-8.
    static func decode(_ s: String) -> String? {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        var bytes = s.utf8.makeIterator()
        while let b = bytes.next() {
            guard b == UInt8(ascii: "%") else { out.append(b); continue }
            guard let hi = bytes.next().flatMap(hex), let lo = bytes.next().flatMap(hex) else { return nil }
            out.append(hi << 4 | lo)
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
