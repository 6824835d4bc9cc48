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
        guard let cd = iconv_open(to, from), Int(bitPattern: cd) != -1 else {
            throw IngestError(.encoding, "this system's iconv cannot convert \(from) to \(to)")
        }
        defer { iconv_close(cd) }
        if input.isEmpty { return [] }
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
            throw IngestError(.encoding, "bytes at offset \(offset) are not valid \(from)")
        }
        output.removeSubrange(produced...)
        return output
    }
}

/// A fast UTF-8 validity check (ASCII fast path eight bytes at a time).
enum UTF8Validation {
    static func isValid(_ b: UnsafeBufferPointer<UInt8>, allowTruncatedTail: Bool) -> Bool {
        var i = 0
        let n = b.count
        guard let base = b.baseAddress else { return true }
        while i < n {
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let len: Int
            if c & 0xE0 == 0xC0 { len = 2; if c < 0xC2 { return false } }
            else if c & 0xF0 == 0xE0 { len = 3 }
            else if c & 0xF8 == 0xF0 { len = 4; if c > 0xF4 { return false } }
            else { return false }
            if i + len > n { return allowTruncatedTail }
            for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return false }
            if len == 3 {
                let v = (UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
                if v < 0x800 || (v >= 0xD800 && v <= 0xDFFF) { return false }
            } else if len == 4 {
                let v = (UInt32(c & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12)
                if v < 0x10000 || v > 0x10FFFF { return false }
            }
            i += len
        }
        return true
    }
}
