import ChainBreakerCore

/// Parses WeChat Pay (财付通, TENPAY) feedback files: amounts in fen, one header line.
public enum TenpayParser {
    enum Col: Int, CaseIterable { case user, order, direction, business, time, amount, balance, userCard, counterparty, cpName, cpCard }
    static let synonyms: [(Col, [String])] = [
        (.user, ["用户ID", "用户id", "财付通账号"]),
        (.order, ["交易单号", "交易订单号"]),
        (.direction, ["借贷类型", "借贷标志", "收支类型"]),
        (.business, ["交易业务类型", "业务类型", "交易类型"]),
        (.time, ["交易时间"]),
        (.amount, ["交易金额(分)", "交易金额"]),
        (.balance, ["账户余额(分)", "账户余额"]),
        (.userCard, ["用户银行卡号", "银行卡号"]),
        (.counterparty, ["对手方ID", "对手方id", "对手ID"]),
        (.cpName, ["对手侧账户名称", "对手方名称", "对手户名"]),
        (.cpCard, ["对手方银行卡号", "对手银行卡号"]),
    ]

    static func isHeader(_ s: CSVScanner) -> Bool {
        var user = false, order = false
        for i in 0..<s.fieldCount {
            let f = s.field(i).trimmed
            if f.equals("用户ID") || f.equals("财付通账号") { user = true }
            if f.equals("交易单号") || f.equals("交易订单号") { order = true }
        }
        return user && order
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sink: BatchSink<StatementEntry>? = nil) throws -> StatementParser.Result {
        var s = CSVScanner(bytes)
        var found = false, skipped = 0
        while s.nextRecord(expected: .max) {
            if isHeader(s) { found = true; break }
            skipped += 1
            if skipped > 20 { break }
        }
        guard found else { throw IngestError(.unknownLayout, "no TENPAY header (用户ID, 交易单号)", file: file) }
        let h = HeaderMap(scanner: s, synonyms: synonyms)
        for (c, name) in [(Col.order, "交易单号"), (.direction, "借贷类型"), (.time, "交易时间"), (.amount, "交易金额(分)")] where h[c] == nil {
            throw IngestError(.missingColumn, "TENPAY header has no \(name) column", file: file)
        }
        // Amounts are in fen unless the header says 元 explicitly.
        let amountInYuan = h.names[h[.amount]!].contains("元")
        var result = StatementParser.Result()
        while s.nextRecord(expected: h.names.count) {
            if s.isBlankRecord { continue }
            result.rowsRead += 1
            if s.isDamaged {
                result.rejects.append(RejectedRow(file: file, line: s.line, reason: damagedRowReason))
                continue
            }
            do throws(RowError) {
                guard let user = try account(s.field(h[.user])) else { throw RowError("empty 用户ID") }
                let t = s.field(h[.time]).trimmed
                guard let time = ByteParse.instant(t) else { throw RowError("unreadable time \(describe(t))") }
                let a = s.field(h[.amount]).trimmed
                let fen: Int64?
                if amountInYuan { fen = ByteParse.yuanToFen(a) } else { fen = ByteParse.integer(a) }
                guard let fen, fen > 0 else { throw RowError("unreadable amount in fen \(describe(a))") }
                let d = s.field(h[.direction]).trimmed
                let direction: Direction
                if d.equals("出") || d.equals("支出") || d.equals("借") { direction = .debit }
                else if d.equals("入") || d.equals("收入") || d.equals("贷") || d.equals("进") { direction = .credit }
                else { throw RowError("unknown 借贷类型 \(describe(d))") }
                var e = StatementEntry(source: .tenpay, line: s.line, account: user, time: time, amount: Money(fen: fen), direction: direction)
                e.serial = s.text(h[.order])
                guard e.serial != nil else { throw RowError("empty 交易单号") }
                e.businessType = s.text(h[.business])
                e.summary = e.businessType
                if let i = h[.balance], let v = ByteParse.integer(s.field(i).trimmed) { e.balance = Money(fen: v) }
                e.userCard = try account(s.field(h[.userCard]))
                e.counterparty = try account(s.field(h[.counterparty]))
                e.counterpartyName = s.text(h[.cpName])
                e.counterpartyCard = try account(s.field(h[.cpCard]))
                result.entries.append(e)
            } catch {
                result.rejects.append(RejectedRow(file: file, line: s.line, reason: error.reason))
            }
            try sink.drain(&result.entries)
        }
        try sink.drain(&result.entries, final: true)
        return result
    }
}
