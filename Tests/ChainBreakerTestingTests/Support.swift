import Foundation
import ChainBreakerTesting
import ChainBreakerIngest

/// Generated test cities, written once per process into a temporary folder and shared by the
/// tests (generation is deterministic, so sharing changes nothing but the run time).
final class CityCache: @unchecked Sendable {
    static let shared = CityCache()
    private let lock = NSLock()
    private var done: [String: (String, CitySummary)] = [:]
    private let root: String

    private init() {
        let tmp = NSTemporaryDirectory()
        root = tmp + "cb-city-tests-\(ProcessInfo.processInfo.processIdentifier)"
        // Remove cities left behind by earlier test processes that are gone.
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix("cb-city-tests-") {
            let pid = name.dropFirst("cb-city-tests-".count)
            if !fm.fileExists(atPath: "/proc/\(pid)") { try? fm.removeItem(atPath: tmp + name) }
        }
        try? fm.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    static func small(seed: UInt64, citizens: Int = 500, gangs: Int = 3, days: Int = 42) -> CityConfig {
        CityConfig(citizens: citizens, gangs: gangs, seed: seed, days: days)
    }

    /// The folder of a generated city (generated on first use).
    func city(_ config: CityConfig, tag: String = "") throws -> (dir: String, summary: CitySummary) {
        let key = "\(config.seed)-\(config.citizens)-\(config.gangs)-\(config.days)-\(config.eventWeeks)-\(config.noise)-\(config.targetTransfers ?? 0)\(tag)"
        lock.lock()
        defer { lock.unlock() }
        if let d = done[key] { return d }
        let dir = root + "/" + key
        let s = try CityGenerator(config).write(to: dir)
        done[key] = (dir, s)
        return (dir, s)
    }

    /// A fresh folder (for tests that must generate themselves).
    func freshDirectory(_ name: String) -> String {
        let d = root + "/fresh-" + name + "-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }
}

enum Files {
    static func list(_ dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let f = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + f, isDirectory: &isDir), !isDir.boolValue { out.append(f) }
        }
        return out.sorted()
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// FNV-1a over all files (names and contents) of a folder.
    static func folderHash(_ dir: String) throws -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for f in list(dir) {
            for b in f.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            for b in try bytes(dir + "/" + f) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        }
        return h
    }

    static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Decodes a statement file (UTF-8, UTF-8 with BOM, or GB18030) to text.
    static func text(_ path: String) throws -> String {
        let b = try bytes(path)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: b[3...], as: UTF8.self) }
        if String(validatingCString: b.map { CChar(bitPattern: $0) } + [0]) != nil { return String(decoding: b, as: UTF8.self) }
        let utf8 = try b.withUnsafeBufferPointer { try TextEncoding.gb18030ToUTF8($0) }
        return String(decoding: utf8, as: UTF8.self)
    }

    static func encoding(_ path: String) throws -> String {
        let b = try bytes(path)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return "utf-8-sig" }
        return String(validatingCString: b.map { CChar(bitPattern: $0) } + [0]) != nil ? "utf-8" : "gb18030"
    }
}

/// RFC 4180 CSV records (quoted fields, "" escapes, LF or CRLF).
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var it = Array(text.unicodeScalars)
        if it.last != "\n" { it.append("\n") }
        var i = 0
        while i < it.count {
            let c = it[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < it.count && it[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" && atFieldStart {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""; atFieldStart = true; i += 1; continue
            } else if c == "\r" {
            } else if c == "\n" {
                row.append(field); field = ""; rows.append(row); row = []; atFieldStart = true; i += 1; continue
            } else {
                field.unicodeScalars.append(c)
            }
            atFieldStart = false
            i += 1
        }
        return rows
    }
}

/// Yuan text (plain, with thousands separators, minimal, signed) to fen.
func fen(_ s: String) -> Int64? {
    var t = s.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
    let neg = t.hasPrefix("-")
    if neg { t.removeFirst() }
    let parts = t.split(separator: ".", omittingEmptySubsequences: false)
    guard let w = Int64(parts[0]) else { return nil }
    var f: Int64 = 0
    if parts.count == 2 {
        let d = String((parts[1] + "00").prefix(2))
        guard let v = Int64(d) else { return nil }
        f = v
    }
    return (neg ? -1 : 1) * (w * 100 + f)
}

/// One data row of a bank statement, read by column name (synonyms included).
struct BankRow {
    var file: String
    var account: String
    var accountNo: String
    var counterparty: String
    var amount: Int64
    var out: Bool
    var ok: Bool
    var time: String
    var balance: Int64
    var serial: String
    var holderID: String
}

enum Statements {
    static let synonyms: [String: [String]] = [
        "交易卡号": ["交易卡号"], "交易账号": ["交易账号"], "交易户名": ["交易户名", "户名", "账户名称"],
        "交易证件号码": ["交易证件号码", "证件号码", "身份证号"], "交易日期": ["交易日期"], "交易时间": ["交易时间"], "交易金额": ["交易金额"],
        "交易余额": ["交易余额", "余额", "账户余额"], "收付标志": ["收付标志"], "借贷标志": ["借贷标志"],
        "交易对手账卡号": ["交易对手账卡号", "对手账号", "对方账号", "交易对手账号"], "交易是否成功": ["交易是否成功", "交易状态", "是否成功"],
        "交易流水号": ["交易流水号", "流水号", "交易序号"],
    ]

    static func canonical(_ h: String) -> String {
        for (k, v) in synonyms where v.contains(h) { return k }
        return h
    }

    static func strip(_ s: String) -> String {
        var t = s
        while t.hasPrefix("'") || t.hasPrefix("\t") { t.removeFirst() }
        return t.trimmingCharacters(in: .whitespaces)
    }

    /// Reads every data row of every statement file of a city.
    static func read(_ dir: String) throws -> (rows: [BankRow], totals: Int) {
        var out: [BankRow] = []
        var totals = 0
        for f in Files.list(dir + "/statements") {
            let records = CSV.parse(try Files.text(dir + "/statements/" + f))
            guard let hi = records.firstIndex(where: { $0.contains("交易金额") && ($0.contains("交易卡号") || $0.contains("交易账号")) }) else {
                throw CityTestError("no header in \(f)")
            }
            let header = records[hi].map(canonical)
            func idx(_ n: String) -> Int? { header.firstIndex(of: n) }
            let signed = idx("收付标志") == nil && idx("借贷标志") == nil
            for r in records[(hi + 1)...] where !(r.count == 1 && r[0].isEmpty) {
                if r[0].hasPrefix("合计") { totals += 1; continue }
                guard r.count == header.count else { throw CityTestError("\(f): row has \(r.count) fields, header \(header.count)") }
                func v(_ n: String) -> String { idx(n).map { r[$0] } ?? "" }
                var amount = fen(v("交易金额")) ?? 0
                let isOut: Bool
                if signed { isOut = amount < 0; amount = abs(amount) }
                else if let i = idx("收付标志") { isOut = r[i] == "出" }
                else { isOut = v("借贷标志") == "借" }
                let okText = v("交易是否成功")
                let time = idx("交易日期") != nil ? v("交易日期") + " " + v("交易时间") : v("交易时间")
                let card = strip(v("交易卡号"))
                out.append(BankRow(file: f, account: card.isEmpty ? strip(v("交易账号")) : card, accountNo: strip(v("交易账号")),
                                   counterparty: strip(v("交易对手账卡号")), amount: amount, out: isOut,
                                   ok: okText.isEmpty || okText == "成功" || okText == "是", time: time, balance: fen(v("交易余额")) ?? 0,
                                   serial: v("交易流水号"), holderID: v("交易证件号码")))
            }
        }
        return (out, totals)
    }
}

struct CityTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
