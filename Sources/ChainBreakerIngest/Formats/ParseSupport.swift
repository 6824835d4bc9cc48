import ChainBreakerCore

/// Receives records in batches of `size` while a parser runs, so that memory stays bounded
/// whatever the file size. Without a sink, parsers collect every record in their result.
public struct BatchSink<Record> {
    public var size: Int
    public var flush: ([Record]) throws -> Void
    public init(size: Int = 100_000, _ flush: @escaping ([Record]) throws -> Void) { self.size = size; self.flush = flush }
}

extension Optional {
    /// Hands `records` to the sink when it is full (or `final`), emptying them.
    func drain<Record>(_ records: inout [Record], final: Bool = false) throws where Wrapped == BatchSink<Record> {
        guard let sink = self, !records.isEmpty, final || records.count >= sink.size else { return }
        try sink.flush(records)
        records.removeAll(keepingCapacity: true)
    }
}

/// Why a row holding bytes the decoder could not read (U+FFFD) is rejected.
let damagedRowReason = "bytes that are not valid text in the file's encoding (UTF-8 or GB18030; damaged file?): the row is not imported"

/// A row that was not imported, with where and why.
public struct RejectedRow: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public init(file: String, line: Int, reason: String) { self.file = file; self.line = line; self.reason = reason }
    public var description: String { "\(file):\(line): \(reason)" }
}

/// Maps the names in a header record to column indexes, by role, accepting synonyms.
/// Resolved once per file into an array indexed by the role's ordinal, so a row looks a
/// column up with one array access (no hashing on the hot path).
struct HeaderMap<Role: RawRepresentable & CaseIterable> where Role.RawValue == Int {
    private var slots: [Int]
    let names: [String]
    /// The largest column index any role maps to (-1 if none).
    let maxIndex: Int

    init(scanner: CSVScanner, synonyms: [(Role, [String])]) {
        var names: [String] = []
        for i in 0..<scanner.fieldCount { names.append(cleanHeaderName(scanner.string(i))) }
        self.names = names
        var slots = [Int](repeating: -1, count: Role.allCases.count)
        for (role, list) in synonyms {
            for syn in list {
                if let i = names.firstIndex(of: cleanHeaderName(syn)) { slots[role.rawValue] = i; break }
            }
        }
        self.slots = slots
        maxIndex = slots.max() ?? -1
    }

    @inline(__always) subscript(role: Role) -> Int? {
        let i = slots[role.rawValue]
        return i >= 0 ? i : nil
    }
}

/// A header name with spaces and quotes removed and full-width brackets made ASCII.
func cleanHeaderName(_ s: String) -> String {
    var out = ""
    for ch in s.unicodeScalars {
        switch ch {
        case " ", "\t", "\u{3000}", "\u{FEFF}", "\r", "\"": continue
        case "（": out.unicodeScalars.append("(")
        case "）": out.unicodeScalars.append(")")
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Bytes with surrounding ASCII spaces, tabs and CR removed.
    @inline(__always) var trimmed: UnsafeBufferPointer<UInt8> {
        var s = 0, e = count
        while s < e, self[s] == 0x20 || self[s] == 0x09 || self[s] == 0x0D { s += 1 }
        while e > s, self[e - 1] == 0x20 || self[e - 1] == 0x09 || self[e - 1] == 0x0D { e -= 1 }
        return UnsafeBufferPointer(rebasing: self[s..<e])
    }

    @inline(__always) func equals(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard n == count else { return false }
        let p = literal.utf8Start
        for i in 0..<n where self[i] != p[i] { return false }
        return true
    }

    @inline(__always) func hasPrefix(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard n <= count else { return false }
        let p = literal.utf8Start
        for i in 0..<n where self[i] != p[i] { return false }
        return true
    }

    var string: String { String(decoding: self, as: UTF8.self) }

    /// nil when empty after trimming.
    var optionalString: String? {
        let t = trimmed
        return t.isEmpty ? nil : t.string
    }
}

extension CSVScanner {
    /// Field `i` when the column exists, else an empty buffer.
    func field(_ i: Int?) -> UnsafeBufferPointer<UInt8> {
        guard let i else { return UnsafeBufferPointer(start: nil, count: 0) }
        return field(i)
    }
    func text(_ i: Int?) -> String? { field(i).optionalString }
}

/// Parses a time field for a reject message.
func describe(_ b: UnsafeBufferPointer<UInt8>) -> String {
    b.isEmpty ? "(empty)" : "'" + b.string + "'"
}

/// Normalises an account field: nil for empty, throws a reason for a damaged one.
func account(_ b: UnsafeBufferPointer<UInt8>) throws(RowError) -> String? {
    switch AccountNumber.normalize(b.trimmed) {
    case .empty: return nil
    case .ok(let s): return s
    case .rejected(let why): throw RowError(why)
    }
}

/// `account(_:)` through an interner: a number that is already plain digits (the common case)
/// is shared with earlier rows instead of allocated again.
func internedAccount(_ b: UnsafeBufferPointer<UInt8>, _ strings: inout StringInterner) throws(RowError) -> String? {
    let t = b.trimmed
    if t.isEmpty { return nil }
    var plain = true
    for c in t where c < 0x30 || c > 0x39 { plain = false; break }
    if plain { return strings.string(t) }
    return try account(t)
}

/// A reason to reject one row.
struct RowError: Error { let reason: String; init(_ r: String) { reason = r } }
