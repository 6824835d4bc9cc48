#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The encodings the formats use. Bank statements come in any of the three, undeclared.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-sig"
    case gb18030 = "gb18030"

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Detects the encoding of a file from its first bytes: a BOM means UTF-8 with BOM; bytes
    /// that are valid UTF-8 mean UTF-8; anything else is taken as GB18030 (a superset of GBK and
    /// GB2312, which every Chinese bank export uses). O(n) over the sample.
    public static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> TextEncoding {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return .utf8BOM }
        return UTF8Validation.isValid(bytes, allowTruncatedTail: true) ? .utf8 : .gb18030
    }

    /// Converts GB18030 bytes to UTF-8 with iconv (glibc). Throws on an invalid sequence, with
    /// the byte offset where decoding failed.
    public static func gb18030ToUTF8(_ input: UnsafeBufferPointer<UInt8>) throws(IngestError) -> [UInt8] {
        try iconvConvert(input, from: "GB18030", to: "UTF-8")
    }

    /// U+FFFD, what a decoder writes for bytes it cannot read.
    public static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// GB18030 to UTF-8 where a few bytes are damaged: each byte that starts no valid sequence
    /// becomes U+FFFD (the rows holding one are then rejected, see `CSVScanner.isDamaged`), and
    /// the rest of the file is read. Throws when more than one byte in a hundred is unreadable
    /// (the file is not GB18030 at all). Returns the text and the number of bytes replaced.
    public static func gb18030ToUTF8Lenient(_ input: UnsafeBufferPointer<UInt8>) throws(IngestError) -> (utf8: [UInt8], replaced: Int) {
        let r = try iconvConvert(input, from: "GB18030", to: "UTF-8", lenient: true)
        if r.replaced > max(16, input.count / 100) {
            throw IngestError(.encoding, "\(r.replaced) bytes are not valid GB18030 (first at offset \(r.firstBad))")
        }
        return (r.utf8, r.replaced)
    }

    /// Whether `bytes` hold U+FFFD (EF BF BD). O(n): `memchr` for each 0xEF (full-width
    /// punctuation starts with it too).
    public static func containsReplacement(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= 3 else { return false }
        var i = 0
        let n = bytes.count
        while i + 3 <= n {
            guard let hit = memchr(base + i, 0xEF, n - 2 - i) else { return false }
            let k = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if base[k + 1] == 0xBF && base[k + 2] == 0xBD { return true }
            i = k + 1
        }
        return false
    }

    /// Valid multi-byte UTF-8 sequences and bytes that start none, over `bytes` (a truncated
    /// sequence at the very end counts as neither). O(n).
    static func utf8Census(_ b: UnsafeBufferPointer<UInt8>) -> (valid: Int, invalid: Int) {
        var valid = 0, invalid = 0, i = 0
        let n = b.count
        while i < n {
            if b[i] < 0x80 { i += 1; continue }
            let len = UTF8Validation.sequenceLength(b, at: i)
            if len > 0 { valid += 1; i += len } else if len == 0 { i = n } else { invalid += 1; i += 1 }
        }
        return (valid, invalid)
    }

    /// Whether text that is not valid UTF-8 is still UTF-8 with a few damaged bytes rather than
    /// GB18030: at least as many valid multi-byte sequences as bytes that start none. GB18030
    /// Chinese read as UTF-8 has several bad bytes per accidentally valid sequence; damaged UTF-8
    /// has a few bad bytes among many good sequences (or, in mostly-ASCII files such as
    /// events.jsonl, few of either — and only statements may be GB18030 at all).
    static func isMostlyUTF8(_ census: (valid: Int, invalid: Int)) -> Bool {
        census.valid >= census.invalid
    }

    /// Copies UTF-8 `bytes`, each byte that starts no valid sequence replaced by U+FFFD.
    static func repairUTF8(_ b: UnsafeBufferPointer<UInt8>) -> (utf8: [UInt8], replaced: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 64)
        var i = 0, replaced = 0
        let n = b.count
        while i < n {
            if b[i] < 0x80 { out.append(b[i]); i += 1; continue }
            let len = UTF8Validation.sequenceLength(b, at: i)
            if len > 0 { out.append(contentsOf: b[i..<(i + len)]); i += len }
            else { out.append(contentsOf: replacement); replaced += 1; i += len == 0 ? n - i : 1 }
        }
        return (out, replaced)
    }

    /// Converts UTF-8 to GB18030 (used by the synthetic city to write GB18030 statements).
    public static func utf8ToGB18030(_ input: UnsafeBufferPointer<UInt8>) throws(IngestError) -> [UInt8] {
        try iconvConvert(input, from: "UTF-8", to: "GB18030")
    }

    public static func utf8ToGB18030(_ text: String) throws(IngestError) -> [UInt8] {
        let bytes = Array(text.utf8)
        do {
            return try bytes.withUnsafeBufferPointer { (b) throws(IngestError) -> [UInt8] in try utf8ToGB18030(b) }
        }
    }

    static func iconvConvert(_ input: UnsafeBufferPointer<UInt8>, from: String, to: String) throws(IngestError) -> [UInt8] {
        try iconvConvert(input, from: from, to: to, lenient: false).utf8
    }

    /// `lenient`: an unreadable byte becomes U+FFFD and conversion goes on (counted in `replaced`).
    static func iconvConvert(_ input: UnsafeBufferPointer<UInt8>, from: String, to: String,
                             lenient: Bool) throws(IngestError) -> (utf8: [UInt8], replaced: Int, firstBad: Int) {
        guard let cd = iconv_open(to, from), Int(bitPattern: cd) != -1 else {
            throw IngestError(.encoding, "this system's iconv cannot convert \(from) to \(to)")
        }
        defer { iconv_close(cd) }
        if input.isEmpty { return ([], 0, -1) }
        var replaced = 0, firstBad = -1
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var produced = 0
        var inLeft = input.count
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer<CChar>(OpaquePointer(input.baseAddress!))
        while true {
            let capacity = output.count - produced
            var outLeft = capacity
            let rc = output.withUnsafeMutableBufferPointer { buf -> Int in
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer<CChar>(OpaquePointer(buf.baseAddress! + produced))
                return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            }
            produced += capacity - outLeft
            if rc != -1 { break }
            let err = errno
            if err == E2BIG { output.append(contentsOf: repeatElement(0, count: output.count)); continue }
            let offset = input.count - inLeft
            guard lenient, err == EILSEQ || err == EINVAL else {
                throw IngestError(.encoding, "bytes at offset \(offset) are not valid \(from)")
            }
            // Skip one byte, write U+FFFD, go on (EINVAL: an incomplete sequence at the end).
            if firstBad < 0 { firstBad = offset }
            replaced += 1
            if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: output.count)) }
            output[produced] = 0xEF; output[produced + 1] = 0xBF; output[produced + 2] = 0xBD
            produced += 3
            inPtr = inPtr.map { $0 + 1 }
            inLeft -= 1
            if inLeft == 0 { break }
        }
        output.removeSubrange(produced...)
        return (output, replaced, firstBad)
    }
}

/// A fast UTF-8 validity check (ASCII fast path eight bytes at a time).
enum UTF8Validation {
    /// Length of the valid UTF-8 sequence starting at `i` (a lead byte ≥ 0x80): 2–4, −1 when
    /// the bytes there start no valid sequence, 0 when a valid start is cut off by the end.
    static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c = b[i], n = b.count
        let len: Int
        if c & 0xE0 == 0xC0 { len = 2; if c < 0xC2 { return -1 } }
        else if c & 0xF0 == 0xE0 { len = 3 }
        else if c & 0xF8 == 0xF0 { len = 4; if c > 0xF4 { return -1 } }
        else { return -1 }
        for k in 1..<len {
            if i + k >= n { return 0 }
            if b[i + k] & 0xC0 != 0x80 { return -1 }
        }
        if len == 3 {
            let v = (UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
            if v < 0x800 || (v >= 0xD800 && v <= 0xDFFF) { return -1 }
        } else if len == 4 {
            let v = (UInt32(c & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12)
            if v < 0x10000 || v > 0x10FFFF { return -1 }
        }
        return len
    }

    static func isValid(_ b: UnsafeBufferPointer<UInt8>, allowTruncatedTail: Bool) -> Bool {
        var i = 0
        let n = b.count
        guard let base = b.baseAddress else { return true }
        while i < n {
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            if b[i] < 0x80 { i += 1; continue }
            let len = sequenceLength(b, at: i)
            if len == 0 { return allowTruncatedTail }
            if len < 0 { return false }
            i += len
        }
        return true
    }
}
