import ChainBreakerCore

/// A direct JSON writer for `TraceReport` (the same document `JSONEncoder` produces with sorted
/// keys): a city's traces run to millions of hops, and writing bytes is ~10× faster than
/// `JSONEncoder` and needs no intermediate tree.
extension TraceReport {
    public func jsonBytes() -> [UInt8] {
        var o = JSONWriter()
        o.open("{")
        o.key("next_requests"); o.open("[")
        for r in next_requests {
            o.element(); o.open("{")
            o.key("account"); o.string(r.account)
            o.key("amount_fen"); o.int(r.amount_fen)
            o.key("cases"); o.open("[")
            for c in r.cases { o.element(); o.string(c) }
            o.close("]")
            o.key("level"); o.int(Int64(r.level))
            o.close("}")
        }
        o.close("]")
        o.key("rule"); o.string(rule)
        o.key("traces"); o.open("[")
        for t in traces {
            o.element(); o.open("{")
            o.key("accounts"); o.open("[")
            for a in t.accounts {
                o.element(); o.open("{")
                o.key("account"); o.string(a.account); o.key("in_fen"); o.int(a.in_fen)
                o.key("level"); o.int(Int64(a.level)); o.key("out_fen"); o.int(a.out_fen)
                o.close("}")
            }
            o.close("]")
            o.key("amount_fen"); o.int(t.amount_fen)
            o.key("case"); if let c = t.case { o.string(c) } else { o.raw("null") }
            o.key("hops"); o.open("[")
            for h in t.hops {
                o.element(); o.open("{")
                o.key("amount_fen"); o.int(h.amount_fen); o.key("from"); o.string(h.from)
                o.key("level"); o.int(Int64(h.level)); o.key("time"); o.int(h.time); o.key("to"); o.string(h.to)
                o.close("}")
            }
            o.close("]")
            o.key("sinks"); o.open("[")
            for s in t.sinks {
                o.element(); o.open("{")
                o.key("account"); o.string(s.account); o.key("amount_fen"); o.int(s.amount_fen)
                o.key("kind"); o.string(s.kind); o.key("level"); o.int(Int64(s.level))
                o.close("}")
            }
            o.close("]")
            o.key("time"); o.int(t.time)
            o.key("victim_account"); o.string(t.victim_account)
            o.close("}")
        }
        o.close("]")
        o.close("}")
        o.bytes.append(0x0A)
        return o.bytes
    }
}

/// Minimal streaming JSON writer: tracks whether a comma is due, escapes strings per RFC 8259.
struct JSONWriter {
    var bytes: [UInt8] = []
    private var needComma = false

    mutating func open(_ c: StaticString) { bytes.append(c.utf8Start.pointee); needComma = false }
    mutating func close(_ c: StaticString) { bytes.append(c.utf8Start.pointee); needComma = true }
    /// Before an array element.
    mutating func element() { if needComma { bytes.append(0x2C) }; needComma = true }
    mutating func key(_ k: StaticString) {
        if needComma { bytes.append(0x2C) }
        needComma = false
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        bytes.append(0x22); bytes.append(0x3A)
    }
    mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)); needComma = true
    }
    mutating func int(_ v: Int64) {
        if v == 0 { bytes.append(0x30); needComma = true; return }
        var x = v.magnitude
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { p in
            while x > 0 { p[n] = UInt8(x % 10) + 0x30; x /= 10; n += 1 }
        }
        if v < 0 { bytes.append(0x2D) }
        withUnsafeBytes(of: &tmp) { p in for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(p[i]) } }
        needComma = true
    }
    mutating func string(_ s: String) {
        JSONEscape.appendString(s, to: &bytes)
        needComma = true
    }
}
