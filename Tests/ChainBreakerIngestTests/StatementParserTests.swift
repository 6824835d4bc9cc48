import ChainBreakerCore
@testable import ChainBreakerIngest
import Foundation
import Testing

func parseStatement(_ text: String, encoding: TextEncoding = .utf8) throws -> StatementParser.Result {
    var bytes = Array(text.utf8)
    switch encoding {
    case .utf8: break
    case .utf8BOM: bytes = TextEncoding.bom + bytes
    case .gb18030: bytes = try TextEncoding.utf8ToGB18030(text)
    }
    return try bytes.withUnsafeBufferPointer { raw in
        let detected = TextEncoding.detect(raw)
        #expect(detected == encoding)
        var utf8 = Array(raw)
        if detected == .gb18030 { utf8 = try TextEncoding.gb18030ToUTF8(raw) }
        if detected == .utf8BOM { utf8.removeFirst(3) }
        return try utf8.withUnsafeBufferPointer { try StatementParser.parse($0, file: "t.csv") }
    }
}

@Suite struct StatementParserTests {
    static let header = "交易卡号,交易账号,交易户名,交易证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,对手身份证号,对手开户银行,摘要说明,交易币种,交易网点名称,交易是否成功,IP地址,MAC地址,交易流水号,备注"

    @Test(arguments: [TextEncoding.utf8, .utf8BOM, .gb18030])
    func titlesTotalsAndEncodings(_ enc: TextEncoding) throws {
        let text = """
        中国光大银行交易明细,,,,
        查询时间：2021-07-19 16:45:23
        \(StatementParserTests.header)
        '6226625517453105,766560818832318845,李云,339906200202117724,2021-04-05 14:41:39,"5,300.00","41,840.41",出,'6228588362775437267,方庆锋,,江城农商银行,转账,人民币,手机银行,成功,112.222.211.225,B8-59-91-50-6B-DF,0303001,
        '6226625517453105,766560818832318845,李云,339906200202117724,2021-04-10 09:28:35,76.38,42764.03,出,4069283412670986,江城市西山云帆大药房,,招商银行,POS消费,人民币,银联POS,成功,,,0303003,
        合计,共2笔,,,,"5,376.38",,,,,,,,,,,,,,

        """.replacingOccurrences(of: "\n", with: "\r\n")
        let r = try parseStatement(text, encoding: enc)
        #expect(r.rejects.isEmpty)
        #expect(r.totalRowsSkipped == 1)
        #expect(r.entries.count == 2)
        let e = r.entries[0]
        #expect(e.account == "6226625517453105")
        #expect(e.accountNumber == "766560818832318845")
        #expect(e.amount.fen == 530_000 && e.direction == .debit)
        #expect(e.balance?.fen == 4_184_041)
        #expect(e.counterparty == "6228588362775437267")
        #expect(e.counterpartyName == "方庆锋")
        #expect(e.time == Instant.parse("2021-04-05 14:41:39"))
        #expect(e.line == 4)
        #expect(r.entries[1].summary == "POS消费")
    }

    @Test func borrowLendFlagAndSplitTime() throws {
        let text = """
        交易卡号,交易账号,交易户名,交易证件号码,交易日期,交易时间,交易金额,交易余额,借贷标志,交易对手账卡号,对手户名,摘要说明,交易币种,交易网点名称,交易是否成功,交易流水号
        \t6215581277872651426,1202300054917235769,钟涛,430502198904266490,20210401,074213,163.03,686.16,借,50388716300205446,财付通支付科技有限公司,微信支付,156,网上银行,是,0102001
        6215581277872651426,1202300054917235769,钟涛,430502198904266490,20210402,113508,300,986.16,贷,6221553076096526,郝俊轩,手机银行转账,156,网上银行,是,0102002
        6215581277872651426,1202300054917235769,钟涛,430502198904266490,20210402,113901,50,986.16,借,6221553076096526,郝俊轩,手机银行转账,156,网上银行,否,0102003
        """
        let r = try parseStatement(text)
        #expect(r.rejects.isEmpty)
        #expect(r.entries.map(\.direction) == [.debit, .credit, .debit])
        #expect(r.entries.map(\.succeeded) == [true, true, false])
        #expect(r.entries[0].account == "6215581277872651426")
        #expect(r.entries[0].time == Instant.parse("2021-04-01 07:42:13"))
        #expect(r.entries[1].amount.fen == 30000)
    }

    @Test(arguments: ["2021/4/1 22:18:46", "20210401221846", "2021-04-01-22.18.46.000000", "2021-04-01 22:18:46"])
    func signedAmountsAndTimeForms(_ time: String) throws {
        let text = """
        兴业银行交易明细
        交易卡号,交易账号,交易户名,交易证件号码,交易时间,交易金额,交易余额,交易对手账卡号,对手户名,摘要说明,交易流水号
        622909685634968821,622909685634968821,田建佳,339907198911287511,\(time),-116.92,"4,931.85",96461848122902504007,江城市滨湖安泰大药房,POS消费,1
        622909685634968821,622909685634968821,田建佳,339907198911287511,\(time),"2,551.45","7,483.30",834634244943212125,江城瑞丰建设工程有限公司,代发工资,2
        """
        let r = try parseStatement(text)
        #expect(r.rejects.isEmpty)
        #expect(r.entries.map(\.direction) == [.debit, .credit])
        #expect(r.entries.map(\.amount.fen) == [11692, 255_145])
        #expect(r.entries[0].accountNumber == nil) // same as the card
        #expect(r.entries[0].time == Instant.parse("2021-04-01 22:18:46"))
    }

    @Test func columnOrderAndSynonymsDoNotMatter() throws {
        let text = """
        交易流水号,发生额,借贷方向,交易时间,对方户名,对方账号,交易卡号,摘要
        9,"1,000.00",借,2021-04-01 10:00:00,王五,6222020000000000001,6222020000000000002,转账
        """
        let r = try parseStatement(text)
        #expect(r.rejects.isEmpty)
        #expect(r.entries.count == 1)
        #expect(r.entries[0].account == "6222020000000000002" && r.entries[0].counterparty == "6222020000000000001")
        #expect(r.entries[0].amount.fen == 100_000)
    }

    @Test func atmRowsHaveNoCounterparty() throws {
        let text = """
        \(StatementParserTests.header)
        6212266779258478885,1202245045553260943,石建成,530102197012258994,2021-06-10 21:22:48,2300.00,1050.26,出,,,,,ATM取款,人民币,工商银行珠海拱北自助银行,成功,,,0102,
        """
        let r = try parseStatement(text)
        #expect(r.entries.count == 1)
        #expect(r.entries[0].counterparty == nil)
        #expect(TransferDeduplicator.channel(of: r.entries[0]) == .atm)
    }

    @Test func damagedRowsAreRejectedWithLineAndReason() throws {
        let text = """
        \(StatementParserTests.header)
        6.22848E+18,766560818832318845,李云,339906200202117724,2021-04-05 14:41:39,10.00,1.00,出,6228588362775437267,方庆锋,,,转账,,,成功,,,1,
        6226625517453105,766560818832318845,李云,339906200202117724,2021-13-05 14:41:39,10.00,1.00,出,6228588362775437267,方庆锋,,,转账,,,成功,,,2,
        6226625517453105,766560818832318845,李云,339906200202117724,2021-04-05 14:41:39,ten,1.00,出,6228588362775437267,方庆锋,,,转账,,,成功,,,3,
        6226625517453105,766560818832318845,李云,339906200202117724,2021-04-05 14:41:39,10.00,1.00,左,6228588362775437267,方庆锋,,,转账,,,成功,,,4,
        6226625517453105,766560818832318845,李云,339906200202117724,2021-04-05 14:41:39,10.00,1.00,出,6.22858E+18,方庆锋,,,转账,,,成功,,,5,
        6226625517453105,766560818832318845,李云,339906200202117724,2021-04-05 14:41:39,10.00,1.00,出,6228588362775437267,方庆锋,,,转账,,,成功,,,6,
        """
        let r = try parseStatement(text)
        #expect(r.entries.count == 1)
        #expect(r.rejects.map(\.line) == [2, 3, 4, 5, 6])
        #expect(r.rejects[0].reason.contains("scientific notation"))
        #expect(r.rejects[1].reason.contains("unreadable time"))
        #expect(r.rejects[2].reason.contains("unreadable amount"))
        #expect(r.rejects[3].reason.contains("收付标志"))
        #expect(r.rejects[4].reason.contains("scientific notation"))
        #expect(r.rejects[0].description.hasPrefix("t.csv:2: "))
    }

    @Test func unknownLayoutIsOneClearError() {
        #expect(throws: IngestError.self) { try parseStatement("a,b,c\n1,2,3\n") }
        do { _ = try parseStatement("a,b,c\n1,2,3\n") } catch let e as IngestError {
            #expect(e.code == .unknownLayout)
        } catch { Issue.record("wrong error \(error)") }
    }
}
