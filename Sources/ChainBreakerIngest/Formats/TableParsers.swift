import ChainBreakerCore

/// Result of parsing one non-statement file: typed records plus rejected rows.
public struct ParsedRows<Record: Sendable>: Sendable {
    public var records: [Record] = []
    public var rejects: [RejectedRow] = []
    public var rowsRead = 0
}

/// A one-header CSV table: finds the header (first record naming all `required` columns),
/// then calls `row` for every data record, collecting rejects with file and line.
func parseTable<Col: RawRepresentable & CaseIterable & Equatable, Record>(
    _ bytes: UnsafeBufferPointer<UInt8>, file: String, kind: String,
    synonyms: [(Col, [String])], required: [Col], sink: BatchSink<Record>? = nil,
    row: (CSVScanner, HeaderMap<Col>) throws(RowError) -> Record
) throws -> ParsedRows<Record> {
    var s = CSVScanner(bytes)
    guard s.next() else { return ParsedRows() }
    let h = HeaderMap(scanner: s, synonyms: synonyms)
    for c in required where h[c] == nil {
        let name = synonyms.first { $0.0 == c }?.1.first ?? "\(c)"
        throw IngestError(.missingColumn, "\(kind) header has no \(name) column (header: \(h.names.joined(separator: ",")))", file: file)
    }
    var out = ParsedRows<Record>()
    while s.nextRecord(expected: h.names.count) {
        if s.isBlankRecord { continue }
        out.rowsRead += 1
        if s.isDamaged {
            out.rejects.append(RejectedRow(file: file, line: s.line, reason: damagedRowReason))
            continue
        }
        do throws(RowError) {
            out.records.append(try row(s, h))
        } catch {
            out.rejects.append(RejectedRow(file: file, line: s.line, reason: error.reason))
        }
        try sink.drain(&out.records)
    }
    try sink.drain(&out.records, final: true)
    if s.unterminatedQuote { out.rejects.append(RejectedRow(file: file, line: s.line, reason: "unterminated quoted field at end of file")) }
    return out
}

func requiredTime(_ s: CSVScanner, _ i: Int?, _ what: String) throws(RowError) -> Instant {
    let f = s.field(i).trimmed
    guard let t = ByteParse.instant(f) else { throw RowError("unreadable \(what) \(describe(f))") }
    return t
}

/// `;`-separated list, each item normalised by `normalize`; unreadable items are dropped
/// (kept raw when `keepRaw`).
func list(_ s: CSVScanner, _ i: Int?, normalize: (String) -> String?) -> [String] {
    guard let text = s.text(i) else { return [] }
    var out: [String] = []
    for part in text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "," || $0 == "，" }) {
        let p = String(part).trimmingSpaces
        if p.isEmpty { continue }
        if let v = normalize(p), !out.contains(v) { out.append(v) }
    }
    return out
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\u{3000}" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\u{3000}" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

public enum CaseParser {
    enum Col: Int, CaseIterable { case id, reported, occurred, name, victimID, phone, gender, age, type, narrative, loss, channel, sPhones, sQQ, sWeChat, urls, apps, payer, payee }
    static let synonyms: [(Col, [String])] = [
        (.id, ["案件编号", "警情编号"]), (.reported, ["报案时间", "接警时间"]), (.occurred, ["案发时间"]),
        (.name, ["受害人姓名"]), (.victimID, ["受害人证件号码", "受害人身份证号"]), (.phone, ["受害人手机号", "受害人电话"]),
        (.gender, ["受害人性别"]), (.age, ["受害人年龄"]), (.type, ["案件类别", "诈骗类型"]), (.narrative, ["简要案情", "案情"]),
        (.loss, ["损失金额", "涉案金额"]), (.channel, ["接触渠道"]), (.sPhones, ["嫌疑人电话"]), (.sQQ, ["嫌疑人QQ"]),
        (.sWeChat, ["嫌疑人微信"]), (.urls, ["嫌疑网址"]), (.apps, ["嫌疑APP"]), (.payer, ["受害人付款账号"]), (.payee, ["收款账号"]),
    ]

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<CaseReport>? = nil) throws -> ParsedRows<CaseReport> {
        try parseTable(bytes, file: file, kind: "cases", synonyms: synonyms, required: [.id, .reported, .narrative], sink: sink) { (s, h) throws(RowError) in
            guard let id = s.text(h[.id]) else { throw RowError("empty 案件编号") }
            let reported = try requiredTime(s, h[.reported], "报案时间")
            var loss = Money.zero
            if let l = s.text(h[.loss]) {
                guard let v = Money.parseYuan(l) else { throw RowError("unreadable 损失金额 '\(l)'") }
                loss = v
            }
            var c = CaseReport(id: id, line: s.line, reportedAt: reported, narrative: s.text(h[.narrative]) ?? "", loss: loss)
            if let o = s.text(h[.occurred]) {
                guard let t = Instant.parse(o) else { throw RowError("unreadable 案发时间 '\(o)'") }
                c.occurredAt = t
            }
            c.victimName = s.text(h[.name])
            if let v = s.text(h[.victimID]) {
                if case .success(let id) = Normalize.idNumber(v) { c.victimID = id } else { c.victimID = v }
            }
            if let p = s.text(h[.phone]) { c.victimPhone = Normalize.phone(p) ?? p }
            c.victimGender = s.text(h[.gender])
            if let a = s.text(h[.age]) {
                guard let v = Int(a), v >= 0, v < 130 else { throw RowError("unreadable 受害人年龄 '\(a)'") }
                c.victimAge = v
            }
            c.fraudType = s.text(h[.type])
            c.channel = s.text(h[.channel])
            c.suspectPhones = list(s, h[.sPhones]) { Normalize.phone($0) }
            c.suspectQQ = list(s, h[.sQQ]) { Normalize.qq($0) }
            c.suspectWeChat = list(s, h[.sWeChat]) { Normalize.wechat($0) }
            c.urls = list(s, h[.urls]) { Normalize.url($0)?.key }
            c.apps = list(s, h[.apps]) { Normalize.entity(.app, $0) }
            c.victimAccounts = list(s, h[.payer]) { if case .ok(let a) = AccountNumber.normalize($0) { return a } else { return nil } }
            c.payeeAccounts = list(s, h[.payee]) { if case .ok(let a) = AccountNumber.normalize($0) { return a } else { return nil } }
            return c
        }
    }
}

public enum CallParser {
    enum Col: Int, CaseIterable { case caller, callee, type, time, duration }
    static let synonyms: [(Col, [String])] = [
        (.caller, ["主叫号码", "主叫"]), (.callee, ["被叫号码", "被叫"]), (.type, ["类型", "通话类型"]),
        (.time, ["开始时间", "通话时间"]), (.duration, ["时长秒", "通话时长", "时长"]),
    ]

    /// Phones in call records: canonical mobile/service digits; `86`-prefixed mobiles unified.
    static func phone(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        let t = b.trimmed
        // Fast path: plain 11-digit mobile.
        if t.count == 11, t[0] == 0x31 { var ok = true; for c in t where c < 0x30 || c > 0x39 { ok = false; break }; if ok { return t.string } }
        if t.isEmpty { return nil }
        return Normalize.phone(t.string)
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<CallRecord>? = nil) throws -> ParsedRows<CallRecord> {
        try parseTable(bytes, file: file, kind: "calls", synonyms: synonyms, required: [.caller, .callee, .time], sink: sink) { (s, h) throws(RowError) in
            guard let a = phone(s.field(h[.caller])) else { throw RowError("unreadable 主叫号码 \(describe(s.field(h[.caller]).trimmed))") }
            guard let b = phone(s.field(h[.callee])) else { throw RowError("unreadable 被叫号码 \(describe(s.field(h[.callee]).trimmed))") }
            let t = try requiredTime(s, h[.time], "开始时间")
            let ty = s.field(h[.type]).trimmed
            let type: CallType
            if ty.equals("短信") || ty.equals("SMS") { type = .sms } else if ty.isEmpty || ty.equals("语音") || ty.equals("通话") { type = .voice }
            else { throw RowError("unknown 类型 \(describe(ty))") }
            var d = 0
            let df = s.field(h[.duration]).trimmed
            if !df.isEmpty { guard let v = ByteParse.integer(df) else { throw RowError("unreadable 时长秒 \(describe(df))") }; d = Int(v) }
            return CallRecord(caller: a, callee: b, type: type, time: t, duration: d)
        }
    }
}

func platform(_ b: UnsafeBufferPointer<UInt8>) throws(RowError) -> IMPlatform {
    let t = b.trimmed
    if t.equals("QQ") || t.equals("qq") { return .qq }
    if t.equals("微信") || t.equals("WeChat") || t.equals("wechat") { return .wechat }
    throw RowError("unknown 平台 \(describe(t))")
}

func imAccount(_ p: IMPlatform, _ raw: String?) throws(RowError) -> String {
    guard let raw else { throw RowError("empty account") }
    var v = p == .qq ? Normalize.qq(raw) : Normalize.wechat(raw)
    if v == nil && p == .wechat {
        // The platform's own registration table: any custom id of letters, digits, '_' or '-'
        // (older accounts have ids shorter than today's 6-character minimum).
        let t = raw.trimmingSpaces.lowercased()
        if !t.isEmpty, t.count <= 32, t.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-" }) { v = t }
    }
    guard let v else { throw RowError("unreadable \(p == .qq ? "QQ number" : "WeChat id") '\(raw)'") }
    return v
}

public enum IMAccountParser {
    enum Col: Int, CaseIterable { case platform, account, phone, time, ip }
    static let synonyms: [(Col, [String])] = [
        (.platform, ["平台"]), (.account, ["账号"]), (.phone, ["绑定手机号", "手机号"]), (.time, ["注册时间"]), (.ip, ["注册IP"]),
    ]
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<IMAccountRecord>? = nil) throws -> ParsedRows<IMAccountRecord> {
        try parseTable(bytes, file: file, kind: "IM accounts", synonyms: synonyms, required: [.platform, .account], sink: sink) { (s, h) throws(RowError) in
            let p = try platform(s.field(h[.platform]))
            let a = try imAccount(p, s.text(h[.account]))
            var phone: String?
            if let raw = s.text(h[.phone]) { guard let v = Normalize.phone(raw) else { throw RowError("unreadable 绑定手机号 '\(raw)'") }; phone = v }
            var t: Instant?
            if let raw = s.text(h[.time]) { guard let v = Instant.parse(raw) else { throw RowError("unreadable 注册时间 '\(raw)'") }; t = v }
            return IMAccountRecord(platform: p, account: a, phone: phone, registeredAt: t, ip: s.text(h[.ip]).flatMap { Normalize.ipv4($0) })
        }
    }
}

public enum IMUnblockParser {
    enum Col: Int, CaseIterable { case platform, account, time, method, helpers }
    static let synonyms: [(Col, [String])] = [
        (.platform, ["平台"]), (.account, ["被解封账号", "账号"]), (.time, ["解封时间"]), (.method, ["解封方式"]), (.helpers, ["辅助账号"]),
    ]
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<IMUnblockRecord>? = nil) throws -> ParsedRows<IMUnblockRecord> {
        try parseTable(bytes, file: file, kind: "IM unblocks", synonyms: synonyms, required: [.platform, .account, .time], sink: sink) { (s, h) throws(RowError) in
            let p = try platform(s.field(h[.platform]))
            let a = try imAccount(p, s.text(h[.account]))
            let t = try requiredTime(s, h[.time], "解封时间")
            let helpers = list(s, h[.helpers]) { Normalize.qq($0) }
            return IMUnblockRecord(platform: p, account: a, time: t, method: s.text(h[.method]) ?? "", helpers: helpers)
        }
    }
}

public enum OrderParser {
    enum Col: Int, CaseIterable { case waybill, time, name, phone, address, merchant, warehouse, courier }
    static let synonyms: [(Col, [String])] = [
        (.waybill, ["运单号"]), (.time, ["下单时间"]), (.name, ["收件人姓名"]), (.phone, ["收件人手机号"]),
        (.address, ["收件地址"]), (.merchant, ["商户"]), (.warehouse, ["发货仓"]), (.courier, ["快递公司"]),
    ]
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<OrderRecord>? = nil) throws -> ParsedRows<OrderRecord> {
        try parseTable(bytes, file: file, kind: "orders", synonyms: synonyms, required: [.waybill, .time, .merchant, .warehouse], sink: sink) { (s, h) throws(RowError) in
            guard let w = s.text(h[.waybill]) else { throw RowError("empty 运单号") }
            let t = try requiredTime(s, h[.time], "下单时间")
            let phone = s.text(h[.phone]).map { raw in raw.contains("*") ? raw : (Normalize.phone(raw) ?? raw) }
            guard let m = s.text(h[.merchant]) else { throw RowError("empty 商户") }
            guard let wh = s.text(h[.warehouse]) else { throw RowError("empty 发货仓") }
            return OrderRecord(waybill: w, time: t, recipientName: s.text(h[.name]), recipientPhone: phone, address: s.text(h[.address]),
                               merchant: m, warehouse: wh, courier: s.text(h[.courier]) ?? "")
        }
    }
}

public enum TagParser {
    enum Col: Int, CaseIterable { case kind, value, label, source }
    static let synonyms: [(Col, [String])] = [
        (.kind, ["实体类型"]), (.value, ["实体标识"]), (.label, ["标签"]), (.source, ["来源"]),
    ]
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<TagRecord>? = nil) throws -> ParsedRows<TagRecord> {
        try parseTable(bytes, file: file, kind: "tags", synonyms: synonyms, required: [.kind, .value, .label], sink: sink) { (s, h) throws(RowError) in
            guard let kindText = s.text(h[.kind]), let kind = EntityKind(rawValue: kindText) else { throw RowError("unknown 实体类型 \(describe(s.field(h[.kind]).trimmed))") }
            guard let raw = s.text(h[.value]) else { throw RowError("empty 实体标识") }
            guard let value = Normalize.entity(kind, raw) else { throw RowError("unreadable \(kind.rawValue) '\(raw)'") }
            guard let label = s.text(h[.label]) else { throw RowError("empty 标签") }
            return TagRecord(kind: kind.rawValue, value: value, label: label, source: s.text(h[.source]))
        }
    }
}
