import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerTesting
import Foundation
import Testing

/// Damaged input loses nothing: every file of a generated city (every statement layout and
/// encoding) has a few of its data lines damaged — text typed into a field, a line cut short,
/// bytes that are not text, a stray quote, a lost separator — and is read again through
/// `SourceFile` and its parser. The file must still be read (no whole-file failure); every line
/// that was not damaged must give exactly the record it gave before; every damaged line must
/// give a record or a reject with its line number and a reason; nothing else appears.
@Suite struct IngestFuzzTests {
    /// One parse: records keyed by line where the record type carries it, rejects' lines.
    struct Parsed {
        var byLine: [Int: String] = [:]
        var unlined: [String] = []
        var rejectLines: [Int] = []
        var reasons: [Int: String] = [:]
        var reasonsPresent = true
    }

    static func parse(_ path: String, kind: String) throws -> Parsed {
        let src = try SourceFile(path: path)
        return try withExtendedLifetime(src) {
            let b = src.bytes, file = (path as NSString).lastPathComponent
            var p = Parsed()
            func rejects(_ r: [RejectedRow]) { p.rejectLines = r.map(\.line); for x in r { p.reasons[x.line] = x.reason }; p.reasonsPresent = r.allSatisfy { !$0.reason.isEmpty && $0.file == file } }
            func lined<T>(_ rows: [T], _ line: (T) -> Int) { for r in rows { p.byLine[line(r)] = String(describing: r) } }
            switch kind {
            case "statement": let r = try StatementParser.parse(b, file: file); lined(r.entries, \.line); rejects(r.rejects)
            case "tenpay": let r = try TenpayParser.parse(b, file: file); lined(r.entries, \.line); rejects(r.rejects)
            case "cases": let r = try CaseParser.parse(b, file: file); lined(r.records, \.line); rejects(r.rejects)
            case "calls": let r = try CallParser.parse(b, file: file); p.unlined = r.records.map { String(describing: $0) }; rejects(r.rejects)
            case "orders": let r = try OrderParser.parse(b, file: file); p.unlined = r.records.map { String(describing: $0) }; rejects(r.rejects)
            case "tags": let r = try TagParser.parse(b, file: file); p.unlined = r.records.map { String(describing: $0) }; rejects(r.rejects)
            case "im_accounts": let r = try IMAccountParser.parse(b, file: file); p.unlined = r.records.map { String(describing: $0) }; rejects(r.rejects)
            case "im_unblocks": let r = try IMUnblockParser.parse(b, file: file); p.unlined = r.records.map { String(describing: $0) }; rejects(r.rejects)
            default: let r = try EventParser.parse(b, file: file); p.unlined = r.records.map { String(describing: $0) }; rejects(r.rejects)
            }
            return p
        }
    }

    /// Damages `line` (its bytes, without the line break) in one of five ways.
    static func damage(_ line: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var l = line
        let cr = l.last == 0x0D
        if cr { l.removeLast() }
        let at = rng.below(l.count + 1)
        switch rng.below(5) {
        case 0: l.insert(contentsOf: Array(["abc", "９９", "-", "1.2.3", "合 计", "/"][rng.below(6)].utf8), at: at)
        case 1: l = Array(l.prefix(max(1, at)))
        case 2: l.insert(contentsOf: [[0xFF], [0x80, 0x80], [0xC3], [0xE6, 0xB5]][rng.below(4)], at: at)
        case 3:
            // A stray quote opening a field (after a separator, or at the line's start).
            let commas = l.indices.filter { l[$0] == 0x2C }
            let pos = commas.isEmpty || rng.below(4) == 0 ? 0 : commas[rng.below(commas.count)] + 1
            l.insert(0x22, at: pos)
        default:
            let commas = l.indices.filter { l[$0] == 0x2C }
            if !commas.isEmpty { l.remove(at: commas[rng.below(commas.count)]) } else { l.insert(0x2C, at: at) }
        }
        if cr { l.append(0x0D) }
        return l
    }

    @Test(arguments: [UInt64(3), 8, 11, 12])
    func damagedLinesLoseNothingElse(seed: UInt64) throws {
        let (dir, _) = try CityCache.shared.city(CityCache.small(seed: seed))
        var files: [(String, String)] = Files.list(dir + "/statements").map { ("statements/" + $0, "statement") }
        files += Files.list(dir + "/payments").map { ("payments/" + $0, "tenpay") }
        files += [("cases.csv", "cases"), ("calls.csv", "calls"), ("orders.csv", "orders"), ("tags.csv", "tags"),
                  ("im_accounts.csv", "im_accounts"), ("im_unblocks.csv", "im_unblocks"), ("events.jsonl", "events")]
        let out = NSTemporaryDirectory() + "cb-ingest-fuzz-\(getpid())-\(seed)"
        try? FileManager.default.removeItem(atPath: out)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        // CB_FUZZ_SALT=n draws other damage (the suite is deterministic without it).
        var rng = SeededGenerator(seed: seed &* 7_919 &+ (ProcessInfo.processInfo.environment["CB_FUZZ_SALT"].flatMap(UInt64.init) ?? 0))
        var damagedTotal = 0
        for (name, kind) in files {
            let path = dir + "/" + name
            let before = try Self.parse(path, kind: kind)
            #expect(before.rejectLines.isEmpty, "\(name): the generated file itself has rejects")
            // Lines (1-based) of the raw file; damage a few data lines (past the header).
            let raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            var lines = raw.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            let dataLines = kind == "statement" || kind == "tenpay" || kind == "cases" ? before.byLine.keys.sorted()
                : Array((kind == "events" ? 1 : 2)...max(kind == "events" ? 1 : 2, lines.count - (lines.last?.isEmpty == true ? 1 : 0)))
            guard dataLines.count >= 4 else { continue }
            var damaged = Set<Int>()
            for _ in 0..<max(2, dataLines.count / 50) { damaged.insert(dataLines[rng.below(dataLines.count)]) }
            // A GB18030 file's bytes are damaged in GB18030; its header and lines stay where they are.
            for l in damaged.sorted() { lines[l - 1] = Self.damage(lines[l - 1], &rng) }
            damagedTotal += damaged.count
            let copy = out + "/" + name.replacingOccurrences(of: "/", with: "_")
            try Data(lines.joined(separator: [0x0A])).write(to: URL(fileURLWithPath: copy))

            let after: Parsed
            do { after = try Self.parse(copy, kind: kind) } catch {
                Issue.record("\(name): damaging lines \(damaged.sorted()) made the whole file fail: \(error)")
                continue
            }
            var problems: [String] = []
            if !after.reasonsPresent { problems.append("a reject without a reason or with another file's name") }
            let rejected = Set(after.rejectLines)
            if kind == "statement" || kind == "tenpay" || kind == "cases" {
                var lost: [Int] = [], changed: [Int] = [], silent: [Int] = []
                for (line, record) in before.byLine where !damaged.contains(line) {
                    if after.byLine[line] == nil { lost.append(line) } else if after.byLine[line] != record { changed.append(line) }
                }
                for line in damaged where after.byLine[line] == nil && !rejected.contains(line) { silent.append(line) }
                if !lost.isEmpty { problems.append("\(lost.count) undamaged lines lost (first \(lost.sorted().prefix(5)))") }
                if !changed.isEmpty { problems.append("\(changed.count) undamaged lines changed (first \(changed.sorted().prefix(5)))") }
                if !silent.isEmpty { problems.append("damaged lines \(silent.sorted()) neither read nor rejected") }
                let extra = after.byLine.keys.filter { before.byLine[$0] == nil }
                if !extra.isEmpty { problems.append("records from nowhere at \(extra.sorted().prefix(5))") }
            } else {
                // No line numbers on these records: every record of an undamaged line is still there,
                // and records plus rejects account for every line.
                var left: [String: Int] = [:]
                for r in after.unlined { left[r, default: 0] += 1 }
                var missing = 0
                for r in before.unlined { if let n = left[r], n > 0 { left[r] = n - 1 } else { missing += 1 } }
                if missing > damaged.count { problems.append("\(missing) records lost for \(damaged.count) damaged lines") }
                if after.unlined.count + rejected.count < before.unlined.count { problems.append("lines unaccounted for") }
            }
            let spurious = rejected.subtracting(damaged)
            if !spurious.isEmpty { problems.append("undamaged lines rejected: \(spurious.sorted().prefix(5).map { "\($0) (\(after.reasons[$0] ?? ""))" })") }
            #expect(problems.isEmpty, "\(name) (damaged \(damaged.sorted())): \(problems.joined(separator: "; "))")
        }
        #expect(damagedTotal > 100)
    }
}
