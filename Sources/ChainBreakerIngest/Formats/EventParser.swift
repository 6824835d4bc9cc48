import ChainBreakerCore

/// Parses `events.jsonl`: one flat JSON object per line (string, number, null and boolean
/// values). A small byte-level scanner rather than JSONDecoder, because a replay can be
/// millions of lines; O(bytes).
public enum EventParser {
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<EventRecord>? = nil) throws -> ParsedRows<EventRecord> {
        var out = ParsedRows<EventRecord>()
        var lineNo = 0
        var i = 0
        let n = bytes.count
        var fields = FlatJSON()
        let mayBeDamaged = TextEncoding.containsReplacement(bytes)
        while i < n {
            var e = i
            while e < n && bytes[e] != 0x0A { e += 1 }
            lineNo += 1
            let line = UnsafeBufferPointer(rebasing: bytes[i..<e]).trimmed
            i = e + 1
            if line.isEmpty { continue }
            out.rowsRead += 1
            if mayBeDamaged && TextEncoding.containsReplacement(line) {
                out.rejects.append(RejectedRow(file: file, line: lineNo, reason: damagedRowReason))
                continue
            }
            do throws(RowError) {
                try fields.parse(line)
                out.records.append(try event(fields))
            } catch {
                out.rejects.append(RejectedRow(file: file, line: lineNo, reason: error.reason))
            }
            try sink.drain(&out.records)
        }
        try sink.drain(&out.records, final: true)
        return out
    }

    /// Whether the bytes start like a JSON-lines file.
    static func looksLikeJSONL(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in b { if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { continue }; return c == 0x7B }
        return false
    }

    /// The keys events are read from; a nested value under any other key is metadata a
    /// producer added and is skipped.
    static let knownKeys: Set<String> = ["type", "time", "from", "to", "duration", "from_account", "to_account", "amount",
                                         "channel", "funding_account", "phone", "app", "url"]

    static func event(_ f: FlatJSON) throws(RowError) -> EventRecord {
        if let k = f.nestedKeys.first(where: { knownKeys.contains($0) }) { throw RowError("\"\(k)\" holds a JSON object or array, not a value") }
        guard let typeName = f["type"] else { throw RowError("missing \"type\"") }
        guard let timeText = f["time"] else { throw RowError("missing \"time\"") }
        guard let time = Instant.parse(timeText) else { throw RowError("unreadable time '\(timeText)'") }
        func phone(_ key: String) throws(RowError) -> String {
            guard let raw = f[key] else { throw RowError("missing \"\(key)\"") }
            guard let p = Normalize.phone(raw) else { throw RowError("unreadable phone '\(raw)' in \"\(key)\"") }
            return p
        }
        func acct(_ key: String) throws(RowError) -> String? {
            guard let raw = f[key] else { return nil }
            switch AccountNumber.normalize(raw) {
            case .empty: return nil
            case .ok(let a): return a
            case .rejected(let why): throw RowError(why)
            }
        }
        switch typeName {
        case "call":
            var d = 0
            if let t = f["duration"] { guard let v = Int(t), v >= 0 else { throw RowError("unreadable duration '\(t)'") }; d = v }
            return EventRecord(type: .call, time: time, subject: try phone("from"), object: try phone("to"), duration: d)
        case "sms":
            return EventRecord(type: .sms, time: time, subject: try phone("from"), object: try phone("to"))
        case "transfer":
            guard let amountText = f["amount"], let amount = Money.parseYuan(amountText), amount.fen > 0 else {
                throw RowError("unreadable amount '\(f["amount"] ?? "")'")
            }
            let from = try acct("from_account"), to = try acct("to_account")
            if from == nil && to == nil { throw RowError("transfer with neither from_account nor to_account") }
            return EventRecord(type: .transfer, time: time, subject: from, object: to, amount: amount,
                               channel: f["channel"], funding: try acct("funding_account"))
        case "app_install":
            guard let app = f["app"].flatMap({ Normalize.entity(.app, $0) }) else { throw RowError("missing \"app\"") }
            return EventRecord(type: .appInstall, time: time, subject: try phone("phone"), object: app)
        case "url_visit":
            guard let raw = f["url"] else { throw RowError("missing \"url\"") }
            return EventRecord(type: .urlVisit, time: time, subject: try phone("phone"), object: raw)
        default:
            throw RowError("unknown event type '\(typeName)'")
        }
    }
}

/// Key → value text of one JSON object's scalar members; members holding an object or an array
/// are skipped (their keys listed in `nestedKeys`).
struct FlatJSON {
    private(set) var keys: [String] = []
    private(set) var values: [String?] = []
    private(set) var nestedKeys: [String] = []

    subscript(key: String) -> String? {
        guard let i = keys.firstIndex(of: key) else { return nil }
        return values[i]
    }

    mutating func parse(_ b: UnsafeBufferPointer<UInt8>) throws(RowError) {
        keys.removeAll(keepingCapacity: true); values.removeAll(keepingCapacity: true); nestedKeys.removeAll(keepingCapacity: true)
        var i = 0
        func ws() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 } }
        func string() throws(RowError) -> String {
            guard i < b.count, b[i] == 0x22 else { throw RowError("invalid JSON: expected a string at column \(i + 1)") }
            i += 1
            let start = i
            var simple = true
            while i < b.count, b[i] != 0x22 {
                if b[i] == 0x5C { simple = false; i += 2 } else { i += 1 }
            }
            guard i < b.count else { throw RowError("invalid JSON: unterminated string") }
            let raw = UnsafeBufferPointer(rebasing: b[start..<i])
            i += 1
            if simple { return raw.string }
            var scalars = String.UnicodeScalarView()
            var bytes: [UInt8] = []
            var k = 0
            func flush() { if !bytes.isEmpty { scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars); bytes.removeAll() } }
            while k < raw.count {
                let c = raw[k]
                if c != 0x5C { bytes.append(c); k += 1; continue }
                guard k + 1 < raw.count else { throw RowError("invalid JSON escape") }
                let e = raw[k + 1]
                k += 2
                switch e {
                case 0x22: bytes.append(0x22)
                case 0x5C: bytes.append(0x5C)
                case 0x2F: bytes.append(0x2F)
                case 0x6E: bytes.append(0x0A)
                case 0x74: bytes.append(0x09)
                case 0x72: bytes.append(0x0D)
                case 0x62: bytes.append(0x08)
                case 0x66: bytes.append(0x0C)
                case 0x75:
                    guard k + 4 <= raw.count, let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: raw[k..<(k + 4)]), as: UTF8.self), radix: 16) else {
                        throw RowError("invalid JSON \\u escape")
                    }
                    k += 4
                    var scalar = v
                    if v >= 0xD800 && v < 0xDC00, k + 6 <= raw.count, raw[k] == 0x5C, raw[k + 1] == 0x75,
                       let lo = UInt32(String(decoding: UnsafeBufferPointer(rebasing: raw[(k + 2)..<(k + 6)]), as: UTF8.self), radix: 16) {
                        scalar = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00); k += 6
                    }
                    flush()
                    scalars.append(Unicode.Scalar(scalar) ?? "\u{FFFD}")
                default: throw RowError("invalid JSON escape")
                }
            }
            flush()
            return String(scalars)
        }
        ws()
        guard i < b.count, b[i] == 0x7B else { throw RowError("not a JSON object") }
        i += 1; ws()
        if i < b.count, b[i] == 0x7D { return }
        while true {
            ws()
            let key = try string()
            ws()
            guard i < b.count, b[i] == 0x3A else { throw RowError("invalid JSON: expected ':' after \"\(key)\"") }
            i += 1; ws()
            guard i < b.count else { throw RowError("invalid JSON: truncated") }
            let value: String?
            if b[i] == 0x22 { value = try string() }
            else if b[i] == 0x7B || b[i] == 0x5B {
                // Skip the nested value: brackets balanced outside strings, up to 64 deep.
                var depth = 0
                repeat {
                    let c = b[i]
                    if c == 0x22 { _ = try string(); continue }
                    if c == 0x7B || c == 0x5B { depth += 1; if depth > 64 { throw RowError("JSON nested more than 64 deep") } }
                    else if c == 0x7D || c == 0x5D { depth -= 1 }
                    i += 1
                } while depth > 0 && i < b.count
                guard depth == 0 else { throw RowError("invalid JSON: unterminated object or array under \"\(key)\"") }
                nestedKeys.append(key)
                ws()
                guard i < b.count else { throw RowError("invalid JSON: truncated object") }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x7D { i += 1; break }
                throw RowError("invalid JSON: expected ',' or '}'")
            } else {
                let s = i
                while i < b.count, b[i] != 0x2C, b[i] != 0x7D, b[i] != 0x20 { i += 1 }
                let lit = UnsafeBufferPointer(rebasing: b[s..<i]).string
                value = lit == "null" ? nil : lit
                if lit.isEmpty { throw RowError("invalid JSON value for \"\(key)\"") }
            }
            keys.append(key); values.append(value)
            ws()
            guard i < b.count else { throw RowError("invalid JSON: truncated object") }
            if b[i] == 0x2C { i += 1; continue }
            if b[i] == 0x7D { i += 1; break }
            throw RowError("invalid JSON: expected ',' or '}'")
        }
        ws()
        if i != b.count { throw RowError("invalid JSON: text after the object") }
    }
}
