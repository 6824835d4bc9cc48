import ChainBreakerCore

/// Parses bank statement feedback files (调单回执) in every documented layout: title lines
/// before the header, column order and synonyms, 收付标志 / 借贷标志 / signed amounts, times in
/// one or two columns, thousands separators, `'`/tab card prefixes, 合计 rows, failed rows.
/// One pass over the bytes; O(rows × columns).
public enum StatementParser {
    enum Col: Int, CaseIterable {
        case card, accountNo, holderName, holderID, time, date, amount, balance, dirSF, dirJD
        case counterparty, cpName, cpID, cpBank, summary, currency, branch, success, ip, mac, serial, remark
    }

    static let synonyms: [(Col, [String])] = [
        (.card, ["交易卡号", "卡号", "查询卡号", "银行卡号"]),
        (.accountNo, ["交易账号", "账号", "查询账号", "客户账号"]),
        (.holderName, ["交易户名", "户名", "账户名称", "客户名称", "持卡人"]),
        (.holderID, ["交易证件号码", "证件号码", "身份证号", "交易证件号"]),
        (.date, ["交易日期", "记账日期"]),
        (.time, ["交易时间", "交易时间戳", "记账时间"]),
        (.amount, ["交易金额", "发生额", "金额"]),
        (.balance, ["交易余额", "余额", "账户余额"]),
        (.dirSF, ["收付标志", "收付方向", "进出标志"]),
        (.dirJD, ["借贷标志", "借贷方向", "借贷"]),
        (.counterparty, ["交易对手账卡号", "交易对手账号", "对手账号", "对方账号", "对手卡号", "对方卡号", "对方账卡号"]),
        (.cpName, ["对手户名", "对方户名", "交易对手户名", "对手名称", "对方名称"]),
        (.cpID, ["对手身份证号", "对方证件号码", "对手证件号码", "对方身份证号"]),
        (.cpBank, ["对手开户银行", "对方开户行", "对手开户行", "对方银行", "对方开户银行"]),
        (.summary, ["摘要说明", "摘要", "交易摘要", "交易类型"]),
        (.currency, ["交易币种", "币种"]),
        (.branch, ["交易网点名称", "交易网点", "交易渠道", "渠道"]),
        (.success, ["交易是否成功", "交易状态", "是否成功", "交易结果"]),
        (.ip, ["IP地址", "IP", "登录IP"]),
        (.mac, ["MAC地址", "MAC", "设备MAC"]),
        (.serial, ["交易流水号", "流水号", "交易序号", "交易参考号"]),
        (.remark, ["备注", "附言", "用途"]),
    ]

    /// True when this record looks like a statement header.
    static func isHeader(_ s: CSVScanner) -> Bool {
        var amount = false, acct = false
        for i in 0..<s.fieldCount {
            let f = s.field(i).trimmed
            if f.equals("交易金额") || f.equals("发生额") { amount = true }
            if f.equals("交易卡号") || f.equals("交易账号") || f.equals("卡号") || f.equals("账号") { acct = true }
        }
        return amount && acct
    }

    public struct Result: Sendable {
        public var entries: [StatementEntry] = []
        public var rejects: [RejectedRow] = []
        public var rowsRead = 0
        public var totalRowsSkipped = 0
    }

    /// Parses a whole statement file already decoded to UTF-8.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<StatementEntry>? = nil) throws -> Result {
        var s = CSVScanner(bytes)
        // 1. Header: first record (within the first 20) with 交易金额 and 交易卡号/交易账号.
        var found = false
        var titles = 0
        while s.nextRecord(expected: .max) {
            if isHeader(s) { found = true; break }
            titles += 1
            if titles > 20 { break }
        }
        guard found else {
            throw IngestError(.unknownLayout, "no statement header (a line with 交易金额 and 交易卡号 or 交易账号) in the first 20 lines", file: file)
        }
        let h = HeaderMap(scanner: s, synonyms: synonyms)
        guard h[.amount] != nil, h[.time] != nil || h[.date] != nil else {
            throw IngestError(.missingColumn, "statement header has no 交易时间 column", file: file)
        }
        guard h[.counterparty] != nil else {
            throw IngestError(.missingColumn, "statement header has no 交易对手账卡号 column", file: file)
        }
        let signed = h[.dirSF] == nil && h[.dirJD] == nil
        var result = Result()
        result.entries.reserveCapacity(min(sink?.size ?? Int.max, bytes.count / 160 + 16)) // rows are 160–300 bytes
        var strings = StringInterner()
        while s.nextRecord(expected: h.names.count) {
            if s.isBlankRecord { continue }
            if s.isDamaged {
                result.rowsRead += 1
                result.rejects.append(RejectedRow(file: file, line: s.line, reason: damagedRowReason))
                continue
            }
            let first = s.field(0).trimmed
            if first.hasPrefix("合计") || first.hasPrefix("总计") || first.hasPrefix("小计") || s.field(h[.accountNo]).trimmed.hasPrefix("共") {
                result.totalRowsSkipped += 1
                continue
            }
            result.rowsRead += 1
            do throws(RowError) {
                result.entries.append(try row(s, h, signed: signed, strings: &strings))
            } catch {
                result.rejects.append(RejectedRow(file: file, line: s.line, reason: error.reason))
            }
            try sink.drain(&result.entries)
        }
        try sink.drain(&result.entries, final: true)
        if s.unterminatedQuote {
            result.rejects.append(RejectedRow(file: file, line: s.line, reason: "unterminated quoted field at end of file"))
        }
        return result
    }

    static func row(_ s: CSVScanner, _ h: HeaderMap<Col>, signed: Bool, strings: inout StringInterner) throws(RowError) -> StatementEntry {
        if s.fieldCount <= h.maxIndex, s.fieldCount < h.names.count - 2 {
            throw RowError("row has \(s.fieldCount) fields, the header has \(h.names.count)")
        }
        let card = try internedAccount(s.field(h[.card]), &strings)
        let acctNo = try internedAccount(s.field(h[.accountNo]), &strings)
        guard let own = card ?? acctNo else { throw RowError("no card or account number (交易卡号/交易账号 both empty)") }
        // Time.
        let timeField = s.field(h[.time]).trimmed
        let time: Instant?
        if let d = h[.date] {
            let dateField = s.field(d).trimmed
            if !timeField.isEmpty && timeField.count <= 8 {
                time = ByteParse.instant(date: dateField, time: timeField)
            } else if !timeField.isEmpty {
                time = ByteParse.instant(timeField)
            } else {
                time = ByteParse.instant(dateField)
            }
        } else {
            time = ByteParse.instant(timeField)
        }
        guard let time else {
            let shown = h[.date].map { describe(s.field($0).trimmed) + " " } ?? ""
            throw RowError("unreadable time \(shown)\(describe(timeField))")
        }
        // Amount and direction.
        let amountField = s.field(h[.amount])
        guard let fen = ByteParse.yuanToFen(amountField) else { throw RowError("unreadable amount \(describe(amountField.trimmed))") }
        let direction: Direction
        if signed {
            direction = fen < 0 ? .debit : .credit
        } else if let i = h[.dirSF] {
            let v = s.field(i).trimmed
            if v.equals("进") || v.equals("收") || v.equals("入") || v.equals("贷") || v.equals("C") { direction = .credit }
            else if v.equals("出") || v.equals("付") || v.equals("支") || v.equals("借") || v.equals("D") { direction = .debit }
            else { throw RowError("unknown 收付标志 \(describe(v))") }
        } else {
            let v = s.field(h[.dirJD]).trimmed
            if v.equals("借") || v.equals("D") || v.equals("出") { direction = .debit }
            else if v.equals("贷") || v.equals("C") || v.equals("进") { direction = .credit }
            else { throw RowError("unknown 借贷标志 \(describe(v))") }
        }
        if fen == 0 { throw RowError("zero amount") }
        var succeeded = true
        if let i = h[.success] {
            let v = s.field(i).trimmed
            if v.isEmpty || v.equals("成功") || v.equals("是") || v.equals("Y") || v.equals("1") || v.equals("交易成功") { succeeded = true }
            else if v.equals("失败") || v.equals("否") || v.equals("N") || v.equals("0") || v.equals("交易失败") { succeeded = false }
            else { throw RowError("unknown 交易是否成功 value \(describe(v))") }
        }
        var e = StatementEntry(source: .bank, line: s.line, account: own, time: time, amount: Money(fen: abs(fen)), direction: direction, succeeded: succeeded)
        if let card, let acctNo, acctNo != card { e.accountNumber = acctNo }
        e.holderName = strings.string(s.field(h[.holderName]))
        e.holderID = strings.string(s.field(h[.holderID]))
        if let i = h[.balance] {
            let b = s.field(i)
            if !b.trimmed.isEmpty {
                guard let v = ByteParse.yuanToFen(b) else { throw RowError("unreadable balance \(describe(b.trimmed))") }
                e.balance = Money(fen: v)
            }
        }
        e.counterparty = try internedAccount(s.field(h[.counterparty]), &strings)
        e.counterpartyName = strings.string(s.field(h[.cpName]))
        e.counterpartyID = strings.string(s.field(h[.cpID]))
        e.counterpartyBank = strings.string(s.field(h[.cpBank]))
        e.summary = strings.string(s.field(h[.summary]))
        e.currency = strings.string(s.field(h[.currency]))
        e.channel = strings.string(s.field(h[.branch]))
        e.ip = strings.string(s.field(h[.ip]))
        e.mac = strings.string(s.field(h[.mac]))
        e.serial = s.text(h[.serial])
        e.remark = s.text(h[.remark])
        return e
    }
}
