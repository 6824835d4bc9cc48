/// A minimal JSON document model with ordered object keys, so truth files come out with a
/// fixed key order (never Dictionary order). Serialisation is O(size of the output).
indirect enum JSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func str(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func strings(_ a: [String]) -> JSONValue { .array(a.map { .string($0) }) }

    /// Serialises with one-space indentation (as the sample's truth files).
    func serialized(indent: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(&out, level: 0, indent: indent)
        out.append(0x0A)
        return out
    }

    private func newline(_ out: inout [UInt8], _ level: Int, _ indent: Bool) {
        guard indent else { return }
        out.append(0x0A)
        for _ in 0..<level { out.append(0x20) }
    }

    private func write(_ out: inout [UInt8], level: Int, indent: Bool) {
        switch self {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .int(let i): ByteFormat.appendInt(i, &out)
        case .double(let d):
            let r = (d * 1000).rounded() / 1000
            out.append(contentsOf: Array(String(r).utf8))
        case .string(let s):
            out.append(0x22); JSONBytes.appendEscaped(s, &out); out.append(0x22)
        case .array(let a):
            if a.isEmpty { out.append(contentsOf: [0x5B, 0x5D]); return }
            out.append(0x5B)
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(0x2C) }
                newline(&out, level + 1, indent)
                v.write(&out, level: level + 1, indent: indent)
            }
            newline(&out, level, indent)
            out.append(0x5D)
        case .object(let o):
            if o.isEmpty { out.append(contentsOf: [0x7B, 0x7D]); return }
            out.append(0x7B)
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out.append(0x2C) }
                newline(&out, level + 1, indent)
                out.append(0x22); JSONBytes.appendEscaped(k, &out); out.append(0x22)
                out.append(0x3A)
                if indent { out.append(0x20) }
                v.write(&out, level: level + 1, indent: indent)
            }
            newline(&out, level, indent)
            out.append(0x7D)
        }
    }

    func write(to path: String) throws {
        let sink = try ByteSink(path: path)
        sink.bytes(serialized())
        try sink.close()
    }
}
