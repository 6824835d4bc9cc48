import ChainBreakerCore

/// A minimal JSON writer for the server's hot paths (risk answers, warnings, errors): tracks
/// whether a comma is due and escapes strings per RFC 8259, straight into bytes.
struct JSONOut {
    var bytes: [UInt8] = []
    private var needComma = false

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func open(_ c: Character) { bytes.append(c.asciiValue!); needComma = false }
    mutating func close(_ c: Character) { bytes.append(c.asciiValue!); needComma = true }
    mutating func element() { if needComma { bytes.append(0x2C) }; needComma = true }
    mutating func key(_ k: String) {
        if needComma { bytes.append(0x2C) }
        needComma = false
        string(k)
        bytes.append(0x3A)
        needComma = false
    }
    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8); needComma = true }
    mutating func rawBytes(_ b: [UInt8]) { bytes.append(contentsOf: b); needComma = true }
    mutating func int(_ v: Int64) { bytes.append(contentsOf: String(v).utf8); needComma = true }
    mutating func int(_ v: Int) { int(Int64(v)) }
    mutating func bool(_ v: Bool) { raw(v ? "true" : "false") }
    mutating func double(_ v: Double) {
        if v.isFinite { raw(String(v)) } else { raw("null") }
    }
    mutating func null() { raw("null") }
    mutating func string(_ s: String) {
        JSONEscape.appendString(s, to: &bytes)
        needComma = true
    }
    mutating func strings(_ list: [String]) {
        open("[")
        for s in list { element(); string(s) }
        close("]")
    }
}
