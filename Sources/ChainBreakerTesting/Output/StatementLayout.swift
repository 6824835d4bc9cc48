/// The layout of one bank statement file: every variant the formats README allows, chosen per
/// file. Values of each dimension are assigned by rotation over the city's files (with a
/// random offset per city), so every value of every dimension appears once a city has enough
/// files; the rest is drawn at random.
struct StatementLayout {
    enum Direction: String, CaseIterable { case sf, jd, signed }
    enum Order: String { case acct, time, acctDesc = "acct_desc" }
    enum Column: String, CaseIterable {
        case card = "交易卡号", account = "交易账号", name = "交易户名", holderID = "交易证件号码", date = "交易日期", time = "交易时间"
        case amount = "交易金额", balance = "交易余额", direction = "收付标志", cp = "交易对手账卡号", cpName = "对手户名"
        case cpID = "对手身份证号", cpBank = "对手开户银行", summary = "摘要说明", currency = "交易币种", branch = "交易网点名称"
        case success = "交易是否成功", ip = "IP地址", mac = "MAC地址", serial = "交易流水号", remark = "备注"
    }
    static let optional: [Column] = [.cpID, .cpBank, .currency, .branch, .success, .ip, .mac, .remark]
    static let synonyms: [Column: [String]] = [
        .name: ["户名", "账户名称"], .holderID: ["证件号码", "身份证号"], .balance: ["余额", "账户余额"],
        .cp: ["对手账号", "对方账号", "交易对手账号"], .cpName: ["对方户名", "交易对手户名"], .cpID: ["对方证件号码", "对手证件号码"],
        .cpBank: ["对方开户行", "对手开户行"], .summary: ["摘要", "交易摘要"], .currency: ["币种"], .branch: ["交易网点", "交易渠道"],
        .success: ["交易状态", "是否成功"], .serial: ["流水号", "交易序号"], .remark: ["附言", "用途"],
    ]

    var file: String
    var bank: Int
    var encoding: ByteSink.Encoding = .utf8
    var crlf = false
    var titles = 0
    var padTitles = false
    var direction: Direction = .sf
    var time: ByteFormat.TimeStyle = .dash
    var amount: ByteFormat.AmountStyle = .plain
    var cardPrefix = ""
    var totalRow = false
    var order: Order = .acct
    var dropped: [Column] = []
    var synonymsUsed = false
    var shuffled = false
    var currency = "人民币"
    var successWords = ("成功", "失败")
    var channelWord = "手机银行"
    var shortBankNames = false
    var macStyle = 0                  // 0 AA:BB…, 1 AA-BB…, 2 AABB…, 3 aa:bb…
    var counterpartyInternal = false  // writes other banks' cards as their internal account numbers (sometimes)
    var transferWord = "转账"
    var genericBills = false
    var accounts: [Int32] = []
    var columns: [Column] = []
    var headers: [String] = []
    var queryTime: Int64 = 0

    var keepsFailed: Bool { !dropped.contains(.success) }

    /// Assigns layouts to the files. `files` gives (bank, accounts) per file in a fixed order.
    static func assign(files: [(bank: Int, accounts: [Int32])], rng: inout SeededGenerator, periodEnd: Int64) -> [StatementLayout] {
        func rot<T>(_ values: [T], _ i: Int, _ off: Int) -> T { values[(i + off) % values.count] }
        let offs = (0..<16).map { _ in rng.below(60) }
        var perBank: [Int: Int] = [:]
        var out: [StatementLayout] = []
        for (i, f) in files.enumerated() {
            perBank[f.bank, default: 0] += 1
            let code = BankCatalog.banks[f.bank].code
            var l = StatementLayout(file: "statements/BANK_\(code)_\(perBank[f.bank]!).csv", bank: f.bank)
            l.accounts = f.accounts
            l.encoding = rot([ByteSink.Encoding.utf8, .utf8BOM, .gb18030], i, offs[0])
            l.crlf = rot([false, true], i, offs[1])
            l.titles = rot([0, 1, 2, 0, 3, 2, 4, 1], i, offs[2])
            l.padTitles = l.titles > 0 && rot([false, true, false], i, offs[3])
            l.direction = rot([Direction.sf, .jd, .sf, .signed, .jd], i, offs[4])
            l.time = rot([ByteFormat.TimeStyle.dash, .compact, .slash, .db2, .split], i, offs[5])
            l.amount = rot([ByteFormat.AmountStyle.plain, .comma, .min, .comma], i, offs[6])
            l.cardPrefix = rot(["", "'", "", "\t", "'"], i, offs[7])
            l.totalRow = l.direction != .signed && rot([false, true, false], i, offs[8])
            l.order = rot([Order.acct, .acct, .time, .acct, .acctDesc], i, offs[9])
            // Dropped optional columns: one by rotation (often), plus a few at random.
            var dropped: [Column] = []
            if rng.chance(0.75) { dropped.append(rot(optional, i, offs[10])) }
            for c in optional where c != .success && rng.chance(0.08) && !dropped.contains(c) { dropped.append(c) }
            if dropped.contains(.ip) && !dropped.contains(.mac) && rng.chance(0.7) { dropped.append(.mac) }
            l.dropped = optional.filter { dropped.contains($0) }
            l.synonymsUsed = rot([false, false, true, false], i, offs[11])
            l.shuffled = rot([false, true, false], i, offs[12])
            l.currency = rot(["人民币", "CNY", "156"], i, offs[13])
            l.successWords = rng.chance(0.5) ? ("成功", "失败") : ("是", "否")
            l.channelWord = rng.pick(["手机银行", "网上银行", "电子银行"])
            l.shortBankNames = rng.chance(0.4)
            l.macStyle = rot([0, 1, 2, 3], i, offs[14])
            l.counterpartyInternal = rng.chance(0.25)
            l.transferWord = rng.pick(["转账", "手机银行转账", "网银转账", "转账", "汇款"])
            l.genericBills = rng.chance(0.25)
            l.queryTime = periodEnd + Int64(rng.int(2...20)) * 86_400 + Int64(rng.int(8 * 3600...18 * 3600))
            l.buildColumns(&rng)
            out.append(l)
        }
        return out
    }

    mutating func buildColumns(_ rng: inout SeededGenerator) {
        var cols: [Column] = [.card, .account, .name, .holderID]
        if time == .split { cols.append(.date) }
        cols += [.time, .amount, .balance]
        if direction != .signed { cols.append(.direction) }
        cols += [.cp, .cpName, .cpID, .cpBank, .summary, .currency, .branch, .success, .ip, .mac, .serial, .remark]
        cols = cols.filter { !dropped.contains($0) }
        if shuffled {
            // Keep 交易卡号 and 交易账号 first (the total row writes into them); move a few others.
            var rest = Array(cols[2...])
            for _ in 0..<rng.int(2...5) {
                let a = rng.below(rest.count), b = rng.below(rest.count)
                if a != b { rest.swapAt(a, b) }
            }
            cols = Array(cols[0..<2]) + rest
        }
        columns = cols
        headers = cols.map { c in
            if c == .direction { return direction == .jd ? "借贷标志" : "收付标志" }
            if synonymsUsed, let syn = StatementLayout.synonyms[c], rng.chance(0.6) { return rng.pick(syn) }
            return c.rawValue
        }
    }
}
