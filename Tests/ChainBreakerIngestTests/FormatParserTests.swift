import ChainBreakerCore
@testable import ChainBreakerIngest
import Testing

func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
    try Array(text.utf8).withUnsafeBufferPointer(body)
}

@Suite struct FormatParserTests {
    @Test func csvScannerQuotesAndLines() {
        withBytes("a,\"b,1\",\"c\"\"d\"\r\n\"multi\nline\",x\n\nlast") { b in
            var s = CSVScanner(b)
            var ok = s.next(); #expect(ok); #expect(s.fieldCount == 3); #expect(s.string(1) == "b,1"); #expect(s.string(2) == "c\"d"); #expect(s.line == 1)
            ok = s.next(); #expect(ok); #expect(s.string(0) == "multi\nline"); #expect(s.line == 2)
            ok = s.next(); #expect(ok); #expect(s.isBlankRecord); #expect(s.line == 4)
            ok = s.next(); #expect(ok); #expect(s.string(0) == "last"); #expect(s.line == 5)
            ok = s.next(); #expect(!ok)
        }
    }

    @Test func detectsEveryKindFromItsHeader() {
        let headers: [(String, FileKind?)] = [
            ("标题\n交易卡号,交易账号,交易时间,交易金额,交易对手账卡号\n", .statement),
            ("用户ID,交易单号,借贷类型,交易业务类型,交易时间,交易金额(分)\n", .tenpay),
            ("案件编号,报案时间,简要案情\n", .cases),
            ("主叫号码,被叫号码,类型,开始时间,时长秒\n", .calls),
            ("平台,账号,绑定手机号,注册时间,注册IP\n", .imAccounts),
            ("平台,被解封账号,解封时间,解封方式,辅助账号\n", .imUnblocks),
            ("运单号,下单时间,收件人姓名,收件人手机号,收件地址,商户,发货仓,快递公司\n", .orders),
            ("实体类型,实体标识,标签,来源\n", .tags),
            ("{\"type\":\"sms\",\"time\":\"2021-06-17T09:12:40+08:00\",\"from\":\"1\",\"to\":\"2\"}\n", .events),
            ("txn_id,timestamp,from_account,to_account,amount,channel\n", .transfers),
            ("foo,bar\n1,2\n", nil),
        ]
        for (h, kind) in headers { withBytes(h) { #expect(FileKind.detect($0) == kind, "\(h)") } }
    }

    @Test func tenpayAmountsAreFen() throws {
        let text = """
        用户ID,交易单号,借贷类型,交易业务类型,交易时间,交易金额(分),账户余额(分),用户银行卡号,对手方ID,对手侧账户名称,对手方银行卡号
        1215303401@wx.tenpay.com,4200009183315020210417011595,出,扫二维码付款,2021-04-17 10:29:42,5897,10092,,2134546710@wx.tenpay.com,物美江城解放店,
        1215303401@wx.tenpay.com,4200024433725220210513030853,出,扫二维码付款,2021-05-13 08:42:44,1530,100092,6221884534964220037,2901690118@wx.tenpay.com,江城市西山东升茶饮店,
        1215303401@wx.tenpay.com,42000,出,转账,2021-05-13 08:42:44,15.30,100092,,2901690118@wx.tenpay.com,x,
        """
        let r = try withBytes(text) { try TenpayParser.parse($0, file: "p.csv") }
        #expect(r.entries.count == 2)
        #expect(r.entries[0].amount.fen == 5897 && r.entries[0].direction == .debit)
        #expect(r.entries[1].userCard == "6221884534964220037")
        #expect(r.rejects.count == 1 && r.rejects[0].line == 4)
    }

    @Test func callsNormalisePhones() throws {
        let text = "主叫号码,被叫号码,类型,开始时间,时长秒\n8615571764234,17539624622,语音,2021-04-01 07:11:46,41\n18883225395,15358473994,短信,2021-04-01 01:21:50,0\nabc,1,语音,2021-04-01 01:21:50,0\n"
        let r = try withBytes(text) { try CallParser.parse($0, file: "calls.csv") }
        #expect(r.records.count == 2)
        #expect(r.records[0].caller == "15571764234")
        #expect(r.records[0].duration == 41 && r.records[1].type == .sms)
        #expect(r.rejects.count == 1 && r.rejects[0].line == 4)
    }

    @Test func eventsJSONLines() throws {
        let text = """
        {"type":"call","time":"2021-06-17T09:12:40+08:00","from":"17012345678","to":"+86 138 1234 5678","duration":37}
        {"type":"transfer","time":"2021-06-17T10:05:02+08:00","from_account":"2840358633@wx.tenpay.com","to_account":"1111825608@wx.tenpay.com","amount":"553.34","channel":"tenpay","funding_account":"6226226507580252"}
        {"type":"transfer","time":"2021-06-17T10:06:02+08:00","from_account":"6226226507580252","to_account":null,"amount":"100.00","channel":"atm"}
        {"type":"app_install","time":"2021-06-17T12:41:00+08:00","phone":"13812345678","app":"\\u4e91\\u89c6\\u8baf"}
        {"type":"call","time":"bad"}
        not json
        """
        let r = try withBytes(text) { try EventParser.parse($0, file: "e.jsonl") }
        #expect(r.records.count == 4)
        #expect(r.records[0].object == "13812345678" && r.records[0].duration == 37)
        #expect(r.records[1].amount?.fen == 55334 && r.records[1].funding == "6226226507580252")
        #expect(r.records[2].object == nil)
        #expect(r.records[3].object == "云视讯")
        #expect(r.rejects.map(\.line) == [5, 6])
        // A producer's nested metadata is skipped; a nested value where a field is read is not.
        let nested = #"""
        {"type":"sms","meta":{"src":"gw-1","tags":["a","}\"",{"x":[1,2]}]},"time":"2021-06-17T09:12:40+08:00","from":"17012345678","to":"13812345678","ids":[]}
        {"type":"sms","time":"2021-06-17T09:12:40+08:00","from":{"number":"17012345678"},"to":"13812345678"}
        {"type":"sms","time":"2021-06-17T09:12:40+08:00","meta":{"open":[1,2}
        """#
        let n = try withBytes(nested) { try EventParser.parse($0, file: "e.jsonl") }
        #expect(n.records.count == 1 && n.records.first?.subject == "17012345678")
        #expect(n.rejects.map(\.line) == [2, 3])
        #expect(n.rejects.first?.reason.contains("\"from\" holds a JSON object") == true)
    }

    @Test func casesKeepIdentifiersNormalised() throws {
        let text = """
        案件编号,报案时间,案发时间,受害人姓名,受害人证件号码,受害人手机号,受害人性别,受害人年龄,案件类别,简要案情,损失金额,接触渠道,嫌疑人电话,嫌疑人QQ,嫌疑人微信,嫌疑网址,嫌疑APP,受害人付款账号,收款账号
        A1,2021-04-06 20:53:06,2021-04-05 02:29:36,任俊健,33990319670612759X,+86 176-2212-1017,男,54,刷单返利,"报警人称：……",3343.25,网络,,QQ号12345678,wxid_dfogfkoud5udsj,https://www.gbhx546.xyz,赚赚兼职,6212 8622 2486 7626,６２２９０９３６６３１２０３５９６５;2215717448@wx.tenpay.com
        A2,yesterday,,,,,,,,x,1.00,,,,,,,,
        """
        let r = try withBytes(text) { try CaseParser.parse($0, file: "cases.csv") }
        #expect(r.records.count == 1)
        let c = r.records[0]
        #expect(c.loss.fen == 334_325)
        #expect(c.victimPhone == "17622121017")
        #expect(c.suspectQQ == ["12345678"])
        #expect(c.victimAccounts == ["6212862224867626"])
        #expect(c.payeeAccounts == ["622909366312035965", "2215717448@wx.tenpay.com"])
        #expect(r.rejects.count == 1 && r.rejects[0].line == 3)
    }
}
