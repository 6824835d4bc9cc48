/// JSON string escaping (RFC 8259 §7) straight into bytes, shared by the hand-written JSON
/// writers of the app (traces), the server (risk answers, warnings, errors) and the city
/// generator (`events.jsonl`).
public enum JSONEscape {
    /// Appends `s` as a quoted JSON string: `"` and `\` escaped, control characters as `\n`,
    /// `\r`, `\t` or `\u00XX`; everything else (UTF-8) as is.
    @inlinable
    public static func appendString(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        appendBody(s, to: &bytes)
        bytes.append(0x22)
    }

    /// The escaped body of a JSON string, without the quotes (for writers that put the quotes
    /// in their own literals).
    @inlinable
    public static func appendBody(_ s: String, to bytes: inout [UInt8]) {
        for c in s.utf8 {
            switch c {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                let digits = hex.utf8Start
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, digits[Int(c >> 4)], digits[Int(c & 15)]])
            default: bytes.append(c)
            }
        }
    }
}
