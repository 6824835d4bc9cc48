import Foundation
import Testing
import ChainBreakerTesting

@Suite("Statement layout variants")
struct LayoutVariantTests {
    static let seeds: [UInt64] = [11, 12, 13, 14, 15]

    @Test("every layout variant of the formats README occurs over five seeds")
    func allVariants() throws {
        var seen: [String: Set<String>] = [:]
        func see(_ k: String, _ v: String) { seen[k, default: []].insert(v) }
        for seed in LayoutVariantTests.seeds {
            let (dir, _) = try CityCache.shared.city(CityCache.small(seed: seed, citizens: 400, days: 35))
            let files = try Files.json(dir + "/truth/files.json") as! [[String: Any]]
            for f in files where (f["file"] as! String).hasPrefix("statements/") {
                let path = dir + "/" + (f["file"] as! String)
                let bytes = try Files.bytes(path)
                // What the file says about itself, checked against its bytes.
                let enc = try Files.encoding(path)
                #expect(enc == f["encoding"] as! String)
                see("encoding", enc)
                let crlf = bytes.contains(0x0D)
                #expect((f["line_ending"] as! String == "crlf") == crlf)
                see("line", crlf ? "crlf" : "lf")
                let records = CSV.parse(try Files.text(path))
                let titles = records.prefix { !($0.contains("交易金额") && ($0.contains("交易卡号") || $0.contains("交易账号"))) }.count
                #expect(titles == f["titles"] as! Int)
                see("titles", String(titles))
                if titles > 0 { see("padded", String(records[0].count > 1)) }
                let header = records[titles]
                let direction = header.contains("收付标志") ? "sf" : (header.contains("借贷标志") ? "jd" : "signed")
                #expect(direction == f["direction"] as! String)
                see("direction", direction)
                see("time", f["time"] as! String)
                if f["time"] as! String == "split" { #expect(header.contains("交易日期")) }
                see("amount", f["amount"] as! String)
                see("prefix", f["card_prefix"] as! String)
                let hasTotal = records.contains { $0.first == "合计" }
                #expect(hasTotal == f["total_row"] as! Bool)
                see("total", String(hasTotal))
                see("order", f["order"] as! String)
                for d in f["dropped"] as! [String] { see("dropped", d); #expect(!header.contains(d)) }
                see("synonyms", String(f["synonyms"] as! Bool))
                see("shuffled", String(f["shuffled_columns"] as! Bool))
                let text = try Files.text(path)
                if text.contains("\t6") || text.contains("\t4") { see("prefix-seen", "tab") }
                if text.contains("'6") || text.contains("'4") { see("prefix-seen", "quote") }
                if direction == "signed", let ai = header.firstIndex(of: "交易金额") {
                    if records.dropFirst(titles + 1).contains(where: { $0.count > ai && $0[ai].hasPrefix("-") }) { see("signed-seen", "yes") }
                }
                for r in records.dropFirst(titles + 1) {
                    if r.contains(where: { $0.contains(",") && $0.contains(".") }) { see("comma-seen", "yes") }
                    if r.contains(where: { $0 == "失败" || $0 == "否" }) { see("failed-seen", "yes") }
                    if r.contains(where: { $0 == "ATM取款" }) { see("atm-seen", "yes") }
                    if r.contains(where: { $0 == "银联POS" }) { see("pos-seen", "yes") }
                }
            }
        }
        #expect(seen["encoding"] == ["utf-8", "utf-8-sig", "gb18030"])
        #expect(seen["line"] == ["crlf", "lf"])
        #expect(seen["titles"] == ["0", "1", "2", "3", "4"])
        #expect(seen["padded"] == ["true", "false"])
        #expect(seen["direction"] == ["sf", "jd", "signed"])
        #expect(seen["time"] == ["dash", "compact", "slash", "db2", "split"])
        #expect(seen["amount"] == ["plain", "comma", "min"])
        #expect(seen["prefix"]?.count == 3)
        #expect(seen["prefix-seen"] == ["tab", "quote"])
        #expect(seen["total"] == ["true", "false"])
        #expect(seen["order"] == ["acct", "time", "acct_desc"])
        #expect(seen["dropped"] == ["对手身份证号", "对手开户银行", "交易币种", "交易网点名称", "交易是否成功", "IP地址", "MAC地址", "备注"])
        #expect(seen["synonyms"] == ["true", "false"])
        #expect(seen["shuffled"] == ["true", "false"])
        for k in ["comma-seen", "failed-seen", "atm-seen", "pos-seen", "signed-seen"] { #expect(seen[k] != nil, "\(k) never happened") }
    }

    @Test("WeChat Pay files: fen amounts, same order number on both sides, card rows against the clearing account")
    func tenpay() throws {
        let (dir, s) = try CityCache.shared.city(CityCache.small(seed: 1))
        var rows: [[String]] = []
        for f in Files.list(dir + "/payments") {
            let r = CSV.parse(try Files.text(dir + "/payments/" + f))
            #expect(r[0] == ["用户ID", "交易单号", "借贷类型", "交易业务类型", "交易时间", "交易金额(分)", "账户余额(分)", "用户银行卡号", "对手方ID", "对手侧账户名称", "对手方银行卡号"])
            rows += r.dropFirst()
        }
        #expect(rows.count == s.tenpayRows)
        var sides: [String: Int] = [:]
        for r in rows {
            #expect(Int(r[5]) != nil && Int(r[5])! > 0)
            #expect(r[0].hasSuffix("@wx.tenpay.com"))
            sides[r[1], default: 0] += 1
            if r[3] == "提现" { #expect(r[2] == "出" && !r[7].isEmpty && r[10] == r[7]) }
            if r[3] == "充值" { #expect(r[2] == "入" && !r[7].isEmpty) }
        }
        #expect(sides.count == s.tenpayVisibleIDs)
        #expect(sides.values.contains(2))   // both parties requested
        #expect(sides.values.allSatisfy { $0 <= 2 })
        #expect(s.tenpayJoined > 0)
        #expect(s.uniqueVisibleTransfers == s.bankVisibleTransfers + s.tenpayVisibleIDs - s.tenpayJoined)
    }
}
