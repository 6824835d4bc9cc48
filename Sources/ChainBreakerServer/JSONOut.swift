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
        bytes.append(0x22)
        for c in s.utf8 {
            switch c {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: bytes.append(c)
            }
        }
        bytes.append(0x22)
        needComma = true
    }
    mutating func strings(_ list: [String]) {
        open("[")
        for s in list { element(); string(s) }
        close("]")
    }
}
