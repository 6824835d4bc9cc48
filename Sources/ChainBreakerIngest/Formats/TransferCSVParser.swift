import ChainBreakerCore
import Dispatch

/// An account identifier packed in 64 bits: a decimal account number without a leading zero
/// and of at most 19 digits is its own value (< 10^19); anything else is an index into a side
/// table of strings, offset by 10^19. Bank cards and account numbers (16–19 digits) nearly
/// always take the first form, so parsing allocates nothing per row.
public enum AccountCode {
    public static let stringBase: UInt64 = 10_000_000_000_000_000_000
    public static let none: UInt64 = .max

    @inline(__always)
    public static func numeric(_ b: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let n = b.count
        guard n > 0, n <= 19, b[0] != 0x30 else { return nil }
        var v: UInt64 = 0
        for c in b {
            let d = c &- 0x30
            if d > 9 { return nil }
            v = v &* 10 &+ UInt64(d)
        }
        return v
    }
}

/// Parsed transfers in columns (one array per field), as the mapped generic import yields them.
public struct TransferColumns: Sendable {
    public var from: [UInt64] = []
    public var to: [UInt64] = []
    public var amountFen: [Int64] = []
    public var time: [Int64] = []
    /// Index into `channelNames` (0 when the mapping has no channel column).
    public var channel: [UInt8] = []
    public var channelNames: [String] = [""]
    /// Transaction ids, when mapped: bytes of all ids and the end offset of each.
    public var idBytes: [UInt8] = []
    public var idEnds: [Int] = []
    /// Account strings for codes at or above `AccountCode.stringBase`.
    public var strings: [String] = []
    /// Physical line of each row (1-based), for error reports and provenance.
    public var line: [Int32] = []

    public init() {}
    public var count: Int { amountFen.count }

    /// The canonical account text of a code (nil for `AccountCode.none`).
    public func account(_ code: UInt64) -> String? {
        if code == AccountCode.none { return nil }
        if code < AccountCode.stringBase { return String(code) }
        return strings[Int(code - AccountCode.stringBase)]
    }

    public func id(_ row: Int) -> String? {
        guard !idEnds.isEmpty else { return nil }
        let s = row == 0 ? 0 : idEnds[row - 1]
        return String(decoding: idBytes[s..<idEnds[row]], as: UTF8.self)
    }

    mutating func reserve(_ n: Int, ids: Bool) {
        from.reserveCapacity(n); to.reserveCapacity(n); amountFen.reserveCapacity(n)
        time.reserveCapacity(n); channel.reserveCapacity(n); line.reserveCapacity(n)
        if ids { idEnds.reserveCapacity(n); idBytes.reserveCapacity(n * 16) }
    }

    /// Appends `other`, remapping its string codes and channel codes.
    mutating func append(_ other: TransferColumns) {
        var channelMap = [UInt8](repeating: 0, count: other.channelNames.count)
        for (i, name) in other.channelNames.enumerated() {
            if let k = channelNames.firstIndex(of: name) { channelMap[i] = UInt8(k) }
            else { channelMap[i] = UInt8(truncatingIfNeeded: channelNames.count); channelNames.append(name) }
        }
        let stringOffset = UInt64(strings.count)
        strings.append(contentsOf: other.strings)
        @inline(__always) func remap(_ c: UInt64) -> UInt64 { c >= AccountCode.stringBase && c != AccountCode.none ? c + stringOffset : c }
        if stringOffset == 0 { from.append(contentsOf: other.from); to.append(contentsOf: other.to) }
        else { from.append(contentsOf: other.from.map(remap)); to.append(contentsOf: other.to.map(remap)) }
        amountFen.append(contentsOf: other.amountFen)
        time.append(contentsOf: other.time)
        if channelMap.enumerated().allSatisfy({ $0.offset == Int($0.element) }) { channel.append(contentsOf: other.channel) }
        else { channel.append(contentsOf: other.channel.map { channelMap[Int($0)] }) }
        line.append(contentsOf: other.line)
        if !other.idEnds.isEmpty {
            let base = idBytes.count
            idBytes.append(contentsOf: other.idBytes)
            idEnds.append(contentsOf: other.idEnds.map { $0 + base })
        }
    }
}

/// The mapped generic transfer import: a plain CSV (public AML datasets and the benchmark file)
/// parsed straight from mapped bytes into columns, in parallel.
///
/// The body is cut into one slice per core at line boundaries (a slice boundary never falls
/// inside a quoted field: quote parity is checked first, and a file whose quoted fields contain
/// newlines is parsed on one thread). Each slice is parsed by a hand-written byte loop: fields are
/// located with an eight-bytes-at-a-time separator search, times and amounts are converted by
/// `ByteParse`, accounts are packed by `AccountCode`, channels are dictionary-encoded. No
/// per-row allocation. O(bytes) work, O(rows) output.
public struct TransferCSVParser: Sendable {
    public var mapping: TransferColumnMapping
    public var threads: Int

    public init(mapping: TransferColumnMapping, threads: Int = 2) {
        self.mapping = mapping; self.threads = max(1, threads)
    }

    struct Columns: Sendable { var from = 0, to = 0, amount = 0, time = 0, id = -1, channel = -1, count = 0 }

    public struct Batch: Sendable {
        public var columns: TransferColumns
        public var rejects: [RejectedRow]
        public var rowsRead: Int
        /// Input bytes consumed up to the end of this batch (for progress).
        public var bytesDone: Int
    }

    /// Parses `bytes` (the whole file, UTF-8) and calls `body` once per batch of about
    /// `batchBytes` input bytes, in file order. Memory is bounded by one batch's columns.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, batchBytes: Int = 64 << 20,
                      body: (Batch) throws -> Void) throws {
        // Header.
        var header = CSVScanner(bytes)
        guard header.next() else { throw IngestError(.unknownLayout, "empty file", file: file) }
        var names: [String] = []
        for i in 0..<header.fieldCount { names.append(cleanHeaderName(header.string(i))) }
        func col(_ name: String?, _ key: String) throws(IngestError) -> Int {
            guard let name else { return -1 }
            guard let i = TransferColumnMapping.resolve(name, in: names) else {
                throw IngestError(.badMapping, "mapping \(key)=\(name) names no column (header: \(names.joined(separator: ",")))", file: file)
            }
            return i
        }
        var c = Columns()
        c.from = try col(mapping.from, "from"); c.to = try col(mapping.to, "to")
        c.amount = try col(mapping.amount, "amount"); c.time = try col(mapping.time, "time")
        c.id = try col(mapping.id, "id"); c.channel = try col(mapping.channel, "channel")
        c.count = names.count
        let bodyStart = header.position
        guard let base = bytes.baseAddress else { return }

        var start = bodyStart
        var line = 2
        while start < bytes.count {
            var end = min(bytes.count, start + batchBytes)
            end = nextLineStart(base, end, bytes.count)
            let slices = split(base, start, end)
            var results = [SliceResult?](repeating: nil, count: slices.count)
            let mapping = self.mapping
            let cols = c
            let input = SendablePointer(base)
            results.withUnsafeMutableBufferPointer { out in
                let output = SendableMutablePointer(out.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: slices.count) { k in
                    // Each iteration writes only its own slot.
                    output.pointer[k] = TransferCSVParser.parseSlice(input.pointer, slices[k].0, slices[k].1, cols, mapping, file: file)
                }
            }
            var ends = slices.map(\.1)
            if slices.count > 1 && results.contains(where: { $0!.quotedNewline }) {
                results = [TransferCSVParser.parseSlice(base, start, end, c, mapping, file: file)]
                ends = [end]
            }
            for (r, sliceEnd) in zip(results, ends) {
                var r = r!
                if line != 0 { for k in r.columns.line.indices { r.columns.line[k] += Int32(line) } }
                for k in r.rejects.indices { r.rejects[k].line += line }
                line += r.lines
                try body(Batch(columns: r.columns, rejects: r.rejects, rowsRead: r.rows, bytesDone: sliceEnd))
            }
            start = end
        }
    }

    @inline(__always) func nextLineStart(_ b: UnsafePointer<UInt8>, _ at: Int, _ n: Int) -> Int {
        var p = at
        if p >= n { return n }
        if p > 0 && b[p - 1] == 0x0A { return p }
        while p < n && b[p] != 0x0A { p += 1 }
        return min(n, p + 1)
    }

    /// Cuts [start, end) into up to `threads` slices at line starts. Whether a cut fell inside a
    /// quoted field is found by the slice parsers themselves (see `SliceResult.quotedNewline`).
    func split(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> [(Int, Int)] {
        let t = threads
        if t == 1 || end - start < (1 << 20) { return [(start, end)] }
        var cuts = [start]
        for k in 1..<t {
            let nominal = start + (end - start) * k / t
            let cut = nextLineStart(b, nominal, end)
            if cut > cuts.last! && cut < end { cuts.append(cut) }
        }
        cuts.append(end)
        return (0..<(cuts.count - 1)).map { (cuts[$0], cuts[$0 + 1]) }
    }

    /// An account that is not a plain ≤19-digit number: normalised, then packed or interned in
    /// the slice's string table. Nil when the number is damaged.
    static func slowAccount(_ raw: UnsafeBufferPointer<UInt8>, _ strings: inout [String], _ index: inout [String: UInt64]) -> UInt64? {
        let t = raw.trimmed
        if t.isEmpty { return AccountCode.none }
        switch AccountNumber.normalize(t) {
        case .empty: return AccountCode.none
        case .rejected: return nil
        case .ok(let s):
            var tmp = s
            if let v = tmp.withUTF8({ AccountCode.numeric($0) }) { return v }
            if let k = index[s] { return k }
            let k = AccountCode.stringBase + UInt64(strings.count)
            strings.append(s); index[s] = k
            return k
        }
    }

    struct SliceResult {
        var columns: TransferColumns
        var rejects: [RejectedRow]   // line relative to the slice's first line (0-based)
        var rows: Int
        var lines: Int               // physical lines in the slice
        /// A quoted field held a newline or ran to the end of the slice: a cut between slices
        /// may have fallen inside it, so the batch is parsed again on one thread.
        var quotedNewline: Bool
    }

    static func parseSlice(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ c: Columns,
                           _ mapping: TransferColumnMapping, file: String) -> SliceResult {
        var out = TransferColumns()
        let estimate = (end - start) / 64 + 16
        out.reserve(estimate, ids: c.id >= 0)
        var rejects: [RejectedRow] = []
        var stringIndex: [String: UInt64] = [:]
        let maxCol = max(c.from, c.to, c.amount, c.time, c.id, c.channel)
        let fs = UnsafeMutablePointer<Int>.allocate(capacity: 2 * (maxCol + 1))
        defer { fs.deallocate() }
        var p = start
        var lineNo = 0
        var rows = 0
        var quotedScratch: [UInt8] = []
        var quotedNewline = false
        var days = ByteParse.DayCache()
        var channelBytes: [[UInt8]] = [[]]
        while p < end {
            let rowLine = lineNo
            lineNo += 1
            // Split the record.
            var f = 0
            var hadEscapes = false
            while true {
                let fieldStart: Int, fieldEnd: Int
                if p < end && b[p] == 0x22 {
                    var q = p + 1
                    while q < end {
                        if b[q] == 0x22 { if q + 1 < end && b[q + 1] == 0x22 { hadEscapes = true; q += 2; continue }; break }
                        if b[q] == 0x0A { lineNo += 1; quotedNewline = true }
                        q += 1
                    }
                    if q >= end { quotedNewline = true }
                    fieldStart = p + 1; fieldEnd = min(q, end)
                    p = min(q + 1, end)
                    while p < end && b[p] != 0x2C && b[p] != 0x0A { p += 1 }
                } else {
                    fieldStart = p
                    while p + 8 <= end {
                        let m = CSVScanner.separatorMask(UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self))
                        if m != 0 { p += m.trailingZeroBitCount >> 3; break }
                        p += 8
                    }
                    while p < end && b[p] != 0x2C && b[p] != 0x0A { p += 1 }
                    var e = p
                    if e > fieldStart && b[e - 1] == 0x0D { e -= 1 }
                    fieldEnd = e
                }
                if f <= maxCol { fs[2 * f] = fieldStart; fs[2 * f + 1] = fieldEnd }
                f += 1
                if p < end && b[p] == 0x2C { p += 1; continue }
                if p < end { p += 1 } // newline
                break
            }
            if f == 1 && fs[1] == fs[0] { continue } // blank line
            rows += 1
            let fieldCount = f
            @inline(__always) func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
                i < fieldCount ? UnsafeBufferPointer(start: b + fs[2 * i], count: fs[2 * i + 1] - fs[2 * i]) : UnsafeBufferPointer(start: b, count: 0)
            }
            if f <= maxCol {
                rejects.append(RejectedRow(file: file, line: rowLine, reason: "row has \(f) fields, the mapping needs column \(maxCol + 1)"))
                continue
            }
            let from = AccountCode.numeric(field(c.from)) ?? TransferCSVParser.slowAccount(field(c.from), &out.strings, &stringIndex)
            let to = AccountCode.numeric(field(c.to)) ?? TransferCSVParser.slowAccount(field(c.to), &out.strings, &stringIndex)
            var why: String?
            if from == nil { why = "unreadable from account '\(field(c.from).string)'" }
            else if to == nil { why = "unreadable to account '\(field(c.to).string)'" }
            else if from == AccountCode.none && to == AccountCode.none { why = "both accounts empty" }
            if let why { rejects.append(RejectedRow(file: file, line: rowLine, reason: why)); continue }
            let af = field(c.amount)
            let amount: Int64?
            if mapping.amountInMinorUnits { amount = ByteParse.integer(af) }
            else if mapping.roundToFen { amount = ByteParse.yuanToFen(af) ?? ByteParse.yuanToFenRounded(af) }
            else { amount = ByteParse.yuanToFen(af) }
            guard let amount, amount >= 0 else { rejects.append(RejectedRow(file: file, line: rowLine, reason: "unreadable amount '\(af.string)'")); continue }
            let tf = field(c.time)
            let parsedTime: Instant?
            if let step = mapping.stepSeconds {
                parsedTime = ByteParse.integer(tf).map { mapping.stepStart + $0 * step }
            } else { parsedTime = ByteParse.instant(tf, cache: &days) }
            guard let t = parsedTime else { rejects.append(RejectedRow(file: file, line: rowLine, reason: "unreadable time '\(tf.string)'")); continue }
            var ch: UInt8 = 0
            if c.channel >= 0 {
                let cf = field(c.channel).trimmed
                var found = -1
                for (k, known) in channelBytes.enumerated() where known.count == cf.count {
                    if known.withUnsafeBufferPointer({ memcmpEqual($0, cf) }) { found = k; break }
                }
                if found < 0 {
                    if channelBytes.count < 255 {
                        found = channelBytes.count
                        channelBytes.append(Array(cf)); out.channelNames.append(cf.string)
                    } else { found = 0 }
                }
                ch = UInt8(found)
            }
            if c.id >= 0 {
                let idf = field(c.id)
                if hadEscapes {
                    quotedScratch.removeAll(keepingCapacity: true)
                    var k = 0
                    while k < idf.count { quotedScratch.append(idf[k]); k += idf[k] == 0x22 ? 2 : 1 }
                    out.idBytes.append(contentsOf: quotedScratch)
                } else {
                    out.idBytes.append(contentsOf: idf)
                }
                out.idEnds.append(out.idBytes.count)
            }
            out.from.append(from!); out.to.append(to!); out.amountFen.append(amount)
            out.time.append(t.seconds); out.channel.append(ch); out.line.append(Int32(rowLine))
        }
        return SliceResult(columns: out, rejects: rejects, rows: rows, lines: lineNo, quotedNewline: quotedNewline)
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    for i in 0..<a.count where a[i] != b[i] { return false }
    return true
}

/// Pointers handed to worker threads that touch disjoint parts of the memory.
struct SendablePointer<T>: @unchecked Sendable { let pointer: UnsafePointer<T>; init(_ p: UnsafePointer<T>) { pointer = p } }
struct SendableMutablePointer<T>: @unchecked Sendable { let pointer: UnsafeMutablePointer<T>; init(_ p: UnsafeMutablePointer<T>) { pointer = p } }
