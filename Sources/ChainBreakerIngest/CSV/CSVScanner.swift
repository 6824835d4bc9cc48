/// An RFC 4180 record scanner over UTF-8 bytes already in memory (a mapped file or a
/// transcoded buffer).
///
/// `next()` parses one record into field ranges without copying: unquoted fields and quoted
/// fields without `""` escapes are views into the input; only a quoted field with escaped quotes
/// is copied (unescaped) into a scratch buffer. Separators are found eight bytes at a time
/// (SWAR), so the cost is about one instruction per byte for typical CSV. Line numbers are
/// 1-based physical lines, counting newlines inside quoted fields, so reports point at the line
/// an analyst sees in an editor.
public struct CSVScanner {
    public let base: UnsafePointer<UInt8>
    public let count: Int
    public private(set) var position: Int
    /// Physical line where the current record starts (1-based).
    public private(set) var line: Int = 0
    private var nextLine: Int = 1
    private var starts: [Int] = []
    private var ends: [Int] = []
    /// Unescaped copies of quoted fields that contained `""` (rare, so it lives in a class).
    private let scratch = ScratchBuffer()
    /// True when the last record ended inside an unterminated quoted field (at end of input).
    public private(set) var unterminatedQuote = false
    /// Byte offset where the current record starts.
    private var recordStart = 0
    /// Whether the input holds U+FFFD anywhere (bytes a decoder could not read, see
    /// `SourceFile`); only then are records checked for it. Found on the first `nextRecord`
    /// (one `memchr` pass), so a scanner that only reads a header costs no pass over the file.
    private var mayBeDamaged: Bool?
    /// The current record holds U+FFFD: bytes that were not valid text in the file's encoding
    /// (set by `nextRecord`).
    public private(set) var isDamaged = false
    /// A quoted field of the current record was closed with text after the quote (`"ab"cd,`):
    /// not RFC 4180, a sign that the quotes were characters of the text.
    private var textAfterQuote = false

    public init(_ buffer: UnsafeBufferPointer<UInt8>, start: Int = 0) {
        self.base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.count = buffer.count
        self.position = start
        starts.reserveCapacity(32); ends.reserveCapacity(32)
    }

    /// The next data record of a table whose header has `expected` fields (`Int.max` for lines
    /// before a header: titles never span lines), recovering from a stray quote. Read as RFC 4180
    /// quoting, a quote that was a character of the text swallows every line up to the next stray
    /// quote or the end of the file, so a quoted field is taken as a stray quote's when
    /// - it never closes, or
    /// - it closes on a later line and the record has another field count than the header, text
    ///   follows the closing quote, or a line inside it has a whole record's separators.
    /// That record's first line is then read again with quotes as plain characters, and the lines
    /// after it stay records of their own. A well-formed quoted field spanning lines (a narrative
    /// with line breaks) is kept.
    public mutating func nextRecord(expected: Int) -> Bool {
        if mayBeDamaged == nil {
            mayBeDamaged = TextEncoding.containsReplacement(UnsafeBufferPointer(start: base + position, count: count - position))
        }
        guard next() else { return false }
        if unterminatedQuote || (nextLine - line > 1 && (fieldCount != expected || textAfterQuote || holdsWholeRecords(expected))) {
            rescanLineLiterally()
        }
        return true
    }

    /// Whether a line strictly inside the current (multi-line) record has as many separators as
    /// a record of `expected` fields: whole records swallowed by a stray quote, not the line
    /// breaks of a narrative (at least 3 separators, so short tables are never judged so).
    private func holdsWholeRecords(_ expected: Int) -> Bool {
        let need = max(3, expected - 1)
        var p = recordStart
        while p < position && base[p] != 0x0A { p += 1 }   // skip the first line
        p += 1
        var commas = 0
        while p < position {
            let c = base[p]
            if c == 0x0A { if commas >= need { return true }; commas = 0 }   // a middle line ended
            else if c == 0x2C { commas += 1 }
            p += 1
        }
        return false   // the last line (where the record ends) is not a middle line
    }

    /// Re-reads the current record's first physical line, splitting at commas only.
    private mutating func rescanLineLiterally() {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        scratch.count = 0
        unterminatedQuote = false
        var p = recordStart
        var s = p
        while p < count && base[p] != 0x0A {
            if base[p] == 0x2C { starts.append(s); ends.append(p); s = p + 1 }
            p += 1
        }
        var e = p
        if e > s && base[e - 1] == 0x0D { e -= 1 }
        starts.append(s); ends.append(e)
        position = p < count ? p + 1 : count
        nextLine = line + 1
        checkDamage()
    }

    @inline(__always) private mutating func checkDamage() {
        guard mayBeDamaged == true else { return }
        isDamaged = TextEncoding.containsReplacement(UnsafeBufferPointer(start: base + recordStart, count: position - recordStart))
    }

    public var fieldCount: Int { starts.count }
    public var isAtEnd: Bool { position >= count }

    /// The bytes of field `i` (empty if the record has fewer fields).
    /// Valid until the next call to `next()`.
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i >= 0, i < starts.count else { return UnsafeBufferPointer(start: base, count: 0) }
        let s = starts[i], e = ends[i]
        if s >= 0 { return UnsafeBufferPointer(start: base + s, count: e - s) }
        // Negative start: a range in the scratch buffer (-(offset+1)).
        let off = -(s + 1)
        return UnsafeBufferPointer(start: scratch.base + off, count: e - off)
    }

    /// Field `i` as a String (trailing CR removed), or "" if absent.
    public func string(_ i: Int) -> String {
        let f = field(i)
        return String(decoding: f, as: UTF8.self)
    }

    /// Whether every field of the current record is empty.
    public var isBlankRecord: Bool {
        for i in 0..<starts.count where field(i).count > 0 { return false }
        return true
    }

    /// High bit set in each byte of `w` that is ',' or '\n'; the lowest set bit marks the first
    /// (bytes above the first match may be false positives, which callers never look at).
    @inline(__always)
    static func separatorMask(_ w: UInt64) -> UInt64 {
        @inline(__always) func zeroByte(_ x: UInt64) -> UInt64 { (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 }
        return zeroByte(w ^ 0x2C2C_2C2C_2C2C_2C2C) | zeroByte(w ^ 0x0A0A_0A0A_0A0A_0A0A)
    }

    @inline(__always)
    static func hasSpecial(_ w: UInt64) -> Bool {
        // Bytes equal to ',' '"' '\n' '\r': classic SWAR zero-byte test on w ^ pattern.
        @inline(__always) func zeroByte(_ x: UInt64) -> UInt64 { (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 }
        return (zeroByte(w ^ 0x2C2C_2C2C_2C2C_2C2C) | zeroByte(w ^ 0x2222_2222_2222_2222)
            | zeroByte(w ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroByte(w ^ 0x0D0D_0D0D_0D0D_0D0D)) != 0
    }

    /// Parses the next record. Returns false at end of input.
    public mutating func next() -> Bool {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        scratch.count = 0
        unterminatedQuote = false
        isDamaged = false
        textAfterQuote = false
        guard position < count else { return false }
        line = nextLine
        recordStart = position
        defer { checkDamage() }
        var p = position
        let n = count
        let b = base
        while true {
            // One field starting at p.
            if p < n && b[p] == 0x22 {
                // Quoted field.
                var q = p + 1
                let contentStart = q
                var escaped = false
                var closed = false
                while q < n {
                    let c = b[q]
                    if c == 0x22 {
                        if q + 1 < n && b[q + 1] == 0x22 { escaped = true; q += 2; continue }
                        closed = true
                        break
                    }
                    if c == 0x0A { nextLine += 1 }
                    q += 1
                }
                let contentEnd = q
                if !closed { unterminatedQuote = true }
                if escaped {
                    let off = scratch.count
                    var k = contentStart
                    while k < contentEnd {
                        scratch.append(b[k])
                        k += (b[k] == 0x22) ? 2 : 1
                    }
                    starts.append(-(off + 1)); ends.append(scratch.count)
                } else {
                    starts.append(contentStart); ends.append(contentEnd)
                }
                p = closed ? q + 1 : n
                // Anything between the closing quote and the separator is kept out (lenient).
                if p < n && b[p] != 0x2C && b[p] != 0x0A && b[p] != 0x0D { textAfterQuote = true }
                while p < n && b[p] != 0x2C && b[p] != 0x0A { p += 1 }
            } else {
                let s = p
                while p + 8 <= n {
                    let w = UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self)
                    if CSVScanner.hasSpecial(w) { break }
                    p += 8
                }
                while p < n {
                    let c = b[p]
                    if c == 0x2C || c == 0x0A { break }
                    if c == 0x0D && (p + 1 == n || b[p + 1] == 0x0A) { break }
                    p += 1
                }
                starts.append(s); ends.append(p)
                if p < n && b[p] == 0x0D { p += 1 }
            }
            if p >= n { position = n; return true }
            if b[p] == 0x2C { p += 1; if p >= n { starts.append(n); ends.append(n); position = n; return true }; continue }
            // Newline ends the record.
            if b[p] == 0x0D { p += 1 }
            if p < n && b[p] == 0x0A { p += 1 }
            nextLine += 1
            position = p
            return true
        }
    }
}

/// Owned bytes for unescaped quoted fields, grown by doubling.
final class ScratchBuffer {
    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity = 256
    init() { base = .allocate(capacity: capacity) }
    deinit { base.deallocate() }
    func append(_ c: UInt8) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        base[count] = c
        count += 1
    }
}
