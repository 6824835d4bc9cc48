/// Writes bank statement files (one layout each) and WeChat Pay files from the booked rows.
/// Rows are formatted straight into the sink's byte buffer. O(rows × columns).
struct StatementWriter {
    let w: World
    let salt: UInt64

    static let atmPlaces = ["大学", "人民医院", "汽车南站", "滨湖天地", "火车站", "万达广场", "中山路", "市政府", "体育中心", "高新园区", "东湖公园", "江北新城"]
    static let placeholderMACs = ["02:00:00:00:00:00", "00:00:00:00:00:00"]

    struct Result { var rows = 0; var failedRows = 0; var aliases: [String: String] = [:]; var accounts = 0 }

    @inline(__always) func h(_ a: UInt64, _ b: UInt64) -> UInt64 { SplitMix64.mix(a &* 0x9E37_79B9_7F4A_7C15 ^ b ^ salt) }

    // MARK: bank files

    func write(layout l: StatementLayout, rows: (Int32) -> [StmtRow], to dir: String) throws -> Result {
        let sink = try ByteSink(path: dir + "/" + l.file, encoding: l.encoding, crlf: l.crlf)
        var result = Result()
        let bank = BankCatalog.banks[l.bank]
        // Titles.
        let qt = ByteFormat.dash(l.queryTime)
        let titleTexts = [bank.fullName + "交易明细", "查询时间：" + qt, "查询期间：" + ByteFormat.compactDate(w.start) + "-" + ByteFormat.compactDate(w.end - 1), "单位：元"]
        for k in 0..<l.titles {
            sink.text(titleTexts[k])
            if l.padTitles { for _ in 1..<l.headers.count { sink.comma() } }
            try sink.endLine()
        }
        for (i, hd) in l.headers.enumerated() {
            if i > 0 { sink.comma() }
            sink.text(hd)
        }
        try sink.endLine()
        // Rows in the file's order.
        var entries: [(Int32, StmtRow)] = []
        var totalFen: Int64 = 0
        var totalCount = 0
        let accounts = l.accounts
        result.accounts = accounts.count
        if l.order == .time {
            for a in accounts { for r in rows(a) { entries.append((a, r)) } }
            entries.sort { ($0.1.time, $0.1.serial) < ($1.1.time, $1.1.serial) }
            for (a, r) in entries { try row(a, r, l, sink, &result); if !r.failed { totalFen += r.amount; totalCount += 1 } }
        } else {
            for a in accounts {
                let rs = rows(a)
                if l.order == .acctDesc {
                    for r in rs.reversed() { try row(a, r, l, sink, &result); if !r.failed { totalFen += r.amount; totalCount += 1 } }
                } else {
                    for r in rs { try row(a, r, l, sink, &result); if !r.failed { totalFen += r.amount; totalCount += 1 } }
                }
            }
        }
        if l.totalRow {
            for (i, c) in l.columns.enumerated() {
                if i > 0 { sink.comma() }
                switch c {
                case .card: sink.text("合计")
                case .account: sink.text("共\(totalCount)笔")
                case .amount: ByteFormat.appendYuanField(totalFen, style: l.amount, &sink.buffer)
                default: break
                }
            }
            try sink.endLine()
        }
        try sink.close()
        return result
    }

    @inline(__always)
    func appendAccount(_ id: String, card: Bool, _ l: StatementLayout, _ sink: ByteSink) {
        if card && !l.cardPrefix.isEmpty { sink.text(l.cardPrefix) }
        sink.text(id)
    }

    func row(_ a: Int32, _ r: StmtRow, _ l: StatementLayout, _ sink: ByteSink, _ result: inout Result) throws {
        let acc = w.accounts[Int(a)]
        let bank = BankCatalog.banks[acc.bank]
        let key = h(UInt64(r.serial), UInt64(bitPattern: Int64(a)))
        result.rows += 1
        if r.failed { result.failedRows += 1 }
        for (i, c) in l.columns.enumerated() {
            if i > 0 { sink.comma() }
            switch c {
            case .card:
                if acc.kind == .bankCard { appendAccount(acc.id, card: true, l, sink) }
            case .account:
                sink.text(acc.accountNo)
            case .name:
                sink.field(acc.holderName)
            case .holderID:
                if acc.holder >= 0 && acc.kind == .bankCard { sink.text(w.persons[Int(acc.holder)].id) }
            case .date:
                ByteFormat.appendCompactDate(r.time, &sink.buffer)
            case .time:
                if l.time == .split {
                    ByteFormat.appendCompactTime(r.time, &sink.buffer)
                } else {
                    ByteFormat.appendStatementTime(r.time, style: l.time, &sink.buffer)
                }
            case .amount:
                ByteFormat.appendYuanField(l.direction == .signed && r.out ? -r.amount : r.amount, style: l.amount, &sink.buffer)
            case .balance:
                ByteFormat.appendYuanField(r.balance, style: l.amount, &sink.buffer)
            case .direction:
                sink.text(l.direction == .jd ? (r.out ? "借" : "贷") : (r.out ? "出" : "进"))
            case .cp:
                if r.cp >= 0 {
                    let cp = w.accounts[Int(r.cp)]
                    if cp.kind == .bankCard {
                        // Some banks report another bank's card by its internal account number.
                        if l.counterpartyInternal && !r.out && cp.bank != acc.bank && cp.accountNo != cp.id && key % 16 == 0 {
                            appendAccount(cp.accountNo, card: true, l, sink)
                            result.aliases[cp.accountNo] = cp.id
                        } else {
                            appendAccount(cp.id, card: true, l, sink)
                        }
                    } else {
                        sink.text(cp.id)
                    }
                }
            case .cpName:
                if r.cp >= 0 { sink.field(w.accounts[Int(r.cp)].holderName) }
            case .cpID:
                if r.cp >= 0 {
                    let cp = w.accounts[Int(r.cp)]
                    if cp.holder >= 0 && cp.kind == .bankCard { sink.text(w.persons[Int(cp.holder)].id) }
                }
            case .cpBank:
                if r.cp >= 0 {
                    let cp = w.accounts[Int(r.cp)]
                    if cp.bank >= 0 {
                        let b = BankCatalog.banks[cp.bank]
                        sink.text(l.shortBankNames ? b.shortName : b.fullName + cp.branchCity + "分行")
                    }
                }
            case .summary:
                sink.text(summary(r, a, l, key))
            case .currency:
                sink.text(l.currency)
            case .branch:
                switch r.kind {
                case .pos: sink.text("银联POS")
                case .atm:
                    let place = StatementWriter.atmPlaces[Int(key % UInt64(StatementWriter.atmPlaces.count))]
                    sink.text((key >> 8) % 3 == 0 ? bank.shortName + place + "自助银行" : bank.shortName + "江城" + place + "自助银行")
                case .salary, .pension, .bill, .loanGrant, .business: sink.text(bank.counterName)
                default: sink.text(l.channelWord)
                }
            case .success:
                sink.text(r.failed ? l.successWords.1 : l.successWords.0)
            case .ip:
                if r.out && r.device >= 0 { sink.text(w.devices[Int(r.device)].ip) }
            case .mac:
                if r.out && r.device >= 0 {
                    let d = w.devices[Int(r.device)]
                    if let m = d.mac { appendMAC(m, style: l.macStyle, sink) }
                    else if d.placeholder { sink.text(StatementWriter.placeholderMACs[Int(key % 2)]) }
                }
            case .serial:
                sink.text(bank.serialPrefix)
                ByteFormat.appendCompactDate(r.time, &sink.buffer)
                ByteFormat.appendPadded(Int(r.serial), width: 9, &sink.buffer)
            case .remark:
                if r.remark > 0 { sink.text(NormalActivity.remarks[Int(r.remark)]) }
            }
        }
        try sink.endLine()
    }

    func appendMAC(_ m: [UInt8], style: Int, _ sink: ByteSink) {
        let hex = style == 3 ? Array("0123456789abcdef".utf8) : Array("0123456789ABCDEF".utf8)
        for (i, b) in m.enumerated() {
            if i > 0 {
                if style == 0 || style == 3 { sink.byte(0x3A) } else if style == 1 { sink.byte(0x2D) }
            }
            sink.byte(hex[Int(b >> 4)]); sink.byte(hex[Int(b & 15)])
        }
    }

    static let transferWords = ["转账", "手机银行转账", "网银转账", "跨行汇款", "汇款"]

    func summary(_ r: StmtRow, _ a: Int32, _ l: StatementLayout, _ key: UInt64) -> String {
        func pick(_ xs: [String]) -> String { xs[Int((key >> 16) % UInt64(xs.count))] }
        let cpCorp: CorpKind = r.cp >= 0 ? w.accounts[Int(r.cp)].corp : .none
        switch r.kind {
        case .transfer:
            return key % 10 < 7 ? l.transferWord : pick(StatementWriter.transferWords)
        case .salary: return pick(["代发工资", "工资", "批量代发"])
        case .pension: return pick(["养老金", "社保代发"])
        case .pos: return pick(["POS消费", "消费", "银联消费"])
        case .alipay: return pick(["支付宝-快捷支付", "快捷支付", "支付宝"])
        case .bill:
            if l.genericBills { return pick(["代扣", "代收费", "缴费"]) }
            switch cpCorp {
            case .electricity: return "电费"
            case .water: return "水费"
            case .gas: return "燃气费"
            default: return "话费"
            }
        case .loanGrant: return pick(["贷款发放", "放款", "借款"])
        case .loanRepay: return pick(["贷款还款", "还款"])
        case .atm: return "ATM取款"
        case .gameCard:
            let product = r.cp >= 0 ? w.accounts[Int(r.cp)].product : ""
            switch product {
            case "腾讯": return pick(["腾讯Q币", "Q币充值", "腾讯游戏点券"])
            case "苏宁": return pick(["苏宁易购卡", "苏宁礼品卡"])
            case "京东": return pick(["京东E卡", "京东礼品卡"])
            case "骏网": return pick(["骏网一卡通", "游戏点卡"])
            case "网易": return pick(["网易一卡通", "游戏点卡"])
            default: return pick(["盛大一卡通", "游戏点卡"])
            }
        case .business: return pick(["货款", "往来款"])
        case .tenpay: return pick(["财付通-快捷支付", "微信支付", "财付通"])
        case .tenpayTopUp: return pick(["财付通-微信充值", "微信零钱充值"])
        case .tenpayWithdraw: return pick(["微信零钱提现", "财付通提现"])
        }
    }

    // MARK: WeChat Pay files

    static let tenpayHeader = "用户ID,交易单号,借贷类型,交易业务类型,交易时间,交易金额(分),账户余额(分),用户银行卡号,对手方ID,对手侧账户名称,对手方银行卡号"

    func orderNumber(_ serial: UInt32, time: Int64, _ out: inout [UInt8]) {
        out.append(contentsOf: Array("42000".utf8))
        ByteFormat.appendPadded(Int(serial), width: 9, &out)
        ByteFormat.appendCompactDate(time, &out)
        ByteFormat.appendPadded(Int(h(UInt64(serial), 77) % 1_000_000), width: 6, &out)
    }

    func writeTenpay(file: String, bom: Bool, crlf: Bool, accounts: [Int32], rows: (Int32) -> [StmtRow], to dir: String) throws -> Result {
        let sink = try ByteSink(path: dir + "/" + file, encoding: bom ? .utf8BOM : .utf8, crlf: crlf)
        var result = Result()
        result.accounts = accounts.count
        sink.text(StatementWriter.tenpayHeader)
        try sink.endLine()
        for a in accounts {
            let acc = w.accounts[Int(a)]
            for r in rows(a) {
                result.rows += 1
                sink.text(acc.id); sink.comma()
                orderNumber(r.serial, time: r.time, &sink.buffer); sink.comma()
                sink.text(r.out ? "出" : "入"); sink.comma()
                switch r.kind {
                case .tenpayTopUp: sink.text("充值")
                case .tenpayWithdraw: sink.text("提现")
                default:
                    switch r.biz {
                    case .transfer: sink.text("转账")
                    case .redPacket: sink.text("微信红包")
                    case .qrPay: sink.text(r.out ? "扫二维码付款" : "二维码收款")
                    }
                }
                sink.comma()
                ByteFormat.appendDash(r.time, &sink.buffer); sink.comma()
                ByteFormat.appendInt(r.amount, &sink.buffer); sink.comma()
                ByteFormat.appendInt(r.balance, &sink.buffer); sink.comma()
                if r.card >= 0 { sink.text(w.accounts[Int(r.card)].id) }
                sink.comma()
                if r.kind == .tenpay && r.cp >= 0 { sink.text(w.accounts[Int(r.cp)].id) }
                sink.comma()
                if r.kind == .tenpay && r.cp >= 0 {
                    sink.field(w.accounts[Int(r.cp)].holderName)
                } else if r.card >= 0 {
                    sink.text(BankCatalog.banks[w.accounts[Int(r.card)].bank].fullName)
                }
                sink.comma()
                if r.kind == .tenpayWithdraw && r.card >= 0 { sink.text(w.accounts[Int(r.card)].id) }
                try sink.endLine()
            }
        }
        try sink.close()
        return result
    }
}
