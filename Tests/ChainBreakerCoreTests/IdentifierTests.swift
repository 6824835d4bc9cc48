import Testing
@testable import ChainBreakerCore

@Suite("Identifier normalisation")
struct IdentifierTests {
    // MARK: Width

    @Test func asciiDigitsFoldsFullWidth() {
        #expect(Normalize.asciiDigits("１３８１２３４５６７８") == "13812345678")
        #expect(Normalize.asciiDigits("ＡＢｃｚ＋－：＠（）") == "ABcz+-:@()")
        #expect(Normalize.asciiDigits("a\u{3000}b") == "a b")
        #expect(Normalize.asciiDigits("赚赚兼职 12") == "赚赚兼职 12")
        #expect(Normalize.asciiDigits("") == "")
    }

    // MARK: Phone

    @Test(arguments: [
        ("13812345678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("0086 138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("＋８６ １３８ １２３４ ５６７８", "13812345678"),
        ("'13812345678", "13812345678"),
        ("\t13812345678 ", "13812345678"),
        ("013812345678", "13812345678"),
        ("(+86) 175-6920-6540", "17569206540"),
        ("95588", "95588"),
        ("10086", "10086"),
        ("4008208820", "4008208820"),
        ("400-820-8820", "4008208820"),
        ("0571-88886666", "057188886666"),
        ("+86 571 8888 6666", "057188886666"),
        ("+86 95588", "95588"),
        ("+852 6123 4567", "+85261234567"),
        ("12812345678", "12812345678"), // 11 digits but not a mobile: kept as a service-style number
    ])
    func phoneCanonical(_ raw: String, _ expected: String) {
        #expect(Normalize.phone(raw) == expected)
    }

    @Test(arguments: ["", "1234", "138****5678", "abc", "1381234567890123", "13812345678x", "+", "+86", "电话13812345678", "1.5", "+1 23"])
    func phoneRejects(_ raw: String) {
        #expect(Normalize.phone(raw) == nil)
    }

    @Test func isMobile() {
        #expect(Normalize.isMobile("13812345678"))
        #expect(Normalize.isMobile("19912345678"))
        #expect(!Normalize.isMobile("12812345678"))
        #expect(!Normalize.isMobile("1381234567"))
        #expect(!Normalize.isMobile("138123456789"))
        #expect(!Normalize.isMobile("95588"))
        #expect(!Normalize.isMobile("１３８１２３４５６７８")) // canonical input only
    }

    // MARK: QQ

    @Test(arguments: [
        ("123456789", "123456789"),
        ("QQ号123456789", "123456789"),
        ("QQ：2632866296", "2632866296"),
        ("QQ:2632866296", "2632866296"),
        ("QQ: 2632866296", "2632866296"),
        ("Q号5397938729", "5397938729"),
        ("qq8908174988", "8908174988"),
        ("扣扣 12345678", "12345678"),
        ("QQ（8332810718）", "8332810718"),
        ("ＱＱ：２６３２８６６２９６", "2632866296"),
        ("2800978296@qq.com", "2800978296"),
        (" 2800 978 296 ", "2800978296"),
        ("QQ号码：10001", "10001"),
        ("13812345678", "13812345678"), // 11 digits are a valid QQ number when the column says so
    ])
    func qqCanonical(_ raw: String, _ expected: String) {
        #expect(Normalize.qq(raw) == expected)
    }

    @Test(arguments: ["", "0123456", "1234", "123456789012", "QQ号abc", "QQ", "12345a"])
    func qqRejects(_ raw: String) {
        #expect(Normalize.qq(raw) == nil)
    }

    // MARK: WeChat

    @Test(arguments: [
        ("wxid_dfogfkoud5udsj", "wxid_dfogfkoud5udsj"),
        ("wxid_DFOGFKOUD5UDSJ", "wxid_dfogfkoud5udsj"),
        ("微信号wxid_tguk9cbkwhpl4q", "wxid_tguk9cbkwhpl4q"),
        ("VX：wxid_okpwiia5e39dnb", "wxid_okpwiia5e39dnb"),
        ("vx ozeplnno", "ozeplnno"),
        ("威信zbabdj", "zbabdj"),
        ("wx:Euresyl7794", "euresyl7794"),
        ("微信：ppyy7539", "ppyy7539"),
        ("微信 awhsdcrb_317", "awhsdcrb_317"),
        ("ＶＸ：ａｂｃ１２３", "abc123"),
        ("vxabc123", "vxabc123"), // no separator: the whole thing is the id
        ("Jnooumlv_13", "jnooumlv_13"),
        ("a-b_c-d", "a-b_c-d"),
    ])
    func wechatCanonical(_ raw: String, _ expected: String) {
        #expect(Normalize.wechat(raw) == expected)
    }

    @Test(arguments: ["", "abc", "1abcdef", "zbab dj", "微信", "a23456789012345678901", "_abcdef", "abc@def.com", "微信：13812345678"])
    func wechatRejects(_ raw: String) {
        #expect(Normalize.wechat(raw) == nil)
    }

    // MARK: Resident ID

    @Test func idNumberValid() throws {
        #expect(try Normalize.idNumber("33990319670612759X").get() == "33990319670612759X")
        #expect(try Normalize.idNumber("33990319670612759x").get() == "33990319670612759X")
        #expect(try Normalize.idNumber("339907198706179642").get() == "339907198706179642")
        #expect(try Normalize.idNumber(" '３３９９０７１９８７０６１７９６４２ ").get() == "339907198706179642")
        #expect(try Normalize.idNumber("110105200002291235").get() == "110105200002291235") // 29 Feb 2000
        // First-generation 15-digit number → 18 digits with century 19 and computed check.
        #expect(try Normalize.idNumber("339907870617964").get() == "339907198706179642")
    }

    @Test func idNumberIssues() {
        #expect(Normalize.idNumber("339907198706179643") == .failure(IdentifierIssue("ID number checksum fails (check character should be 2, found 3)")))
        #expect(Normalize.idNumber("339907198713179642") == .failure(IdentifierIssue("ID number birth date 19871317 is not a valid date")))
        #expect(Normalize.idNumber("110105190002291239") == .failure(IdentifierIssue("ID number birth date 19000229 is not a valid date")))
        #expect(Normalize.idNumber("") == .failure(IdentifierIssue("ID number is empty")))
        #expect(Normalize.idNumber("3399071987061796") == .failure(IdentifierIssue("ID number must have 18 characters, found 16")))
        #expect(Normalize.idNumber("33990719870617964Y") == .failure(IdentifierIssue("ID number may contain only digits and a final X")))
        #expect(Normalize.idNumber("3399071987X6179642") == .failure(IdentifierIssue("ID number may contain only digits and a final X")))
        if case .failure(let issue) = Normalize.idNumber("339907198706179643") {
            #expect(issue.reason.hasPrefix("ID number checksum fails"))
        }
    }

    // MARK: Devices

    @Test(arguments: [
        ("B8:59:91:50:6B:DF", "B8:59:91:50:6B:DF"),
        ("B8-59-91-50-6B-DF", "B8:59:91:50:6B:DF"),
        ("b859 91506bdf".replacingSpaces, "B8:59:91:50:6B:DF"),
        ("f8:34:b4:28:a7:0b", "F8:34:B4:28:A7:0B"),
        ("b859.9150.6bdf", "B8:59:91:50:6B:DF"),
        (" ｆ８:３４:ｂ４:２８:ａ７:０ｂ ", "F8:34:B4:28:A7:0B"),
        ("0:1a:2b:3c:4d:5e", "00:1A:2B:3C:4D:5E"),
    ])
    func macCanonical(_ raw: String, _ expected: String) {
        #expect(Normalize.mac(raw) == expected)
    }

    @Test(arguments: ["", "02:00:00:00:00:00", "00:00:00:00:00:00", "FF:FF:FF:FF:FF:FF", "ff-ff-ff-ff-ff-ff", "020000000000",
                      "B8:59:91:50:6B", "B8:59:91:50:6B:DF:00", "B8:59:91:50:6B:DG", "B8:59-91:50:6B:DF", "B859916BDF", "hello"])
    func macRejects(_ raw: String) {
        #expect(Normalize.mac(raw) == nil)
    }

    @Test func ipv4() {
        #expect(Normalize.ipv4("112.222.211.225") == "112.222.211.225")
        #expect(Normalize.ipv4("010.1.1.1") == "10.1.1.1")
        #expect(Normalize.ipv4(" 0.0.0.0 ") == "0.0.0.0")
        #expect(Normalize.ipv4("１２５．２５２．２１．１０８") == "125.252.21.108")
        #expect(Normalize.ipv4("256.1.1.1") == nil)
        #expect(Normalize.ipv4("1.1.1") == nil)
        #expect(Normalize.ipv4("1.1.1.1.1") == nil)
        #expect(Normalize.ipv4("1..1.1") == nil)
        #expect(Normalize.ipv4("0001.1.1.1") == nil)
        #expect(Normalize.ipv4("1.1.1.1:80") == nil)
        #expect(Normalize.ipv4("") == nil)
    }

    // MARK: Luhn

    @Test func luhn() {
        #expect(Normalize.isLuhnValid("4111111111111111"))
        #expect(Normalize.isLuhnValid("79927398713"))
        #expect(Normalize.isLuhnValid("6214830290066322"))
        #expect(Normalize.isLuhnValid("622909366312035965"))
        #expect(!Normalize.isLuhnValid("4111111111111112"))
        #expect(!Normalize.isLuhnValid("6216681361102333545")) // swapped digits of 6216618361102333545
        #expect(!Normalize.isLuhnValid(""))
        #expect(!Normalize.isLuhnValid("12a"))
    }

    @Test func personalAccountsAreCardsAndWallets() {
        #expect(Normalize.isPersonalAccount("6214830290066322"))        // card, 16 digits
        #expect(Normalize.isPersonalAccount("622909366312035965"))      // card, 18 digits
        #expect(Normalize.isPersonalAccount("2215717448@wx.tenpay.com"))
        #expect(!Normalize.isPersonalAccount("921832216465999"))        // 15 digits: corporate even though Luhn-valid
        #expect(!Normalize.isPersonalAccount("6325675704771166"))       // 16 digits, no check digit: corporate
        #expect(!Normalize.isPersonalAccount("25963162268435331"))
        #expect(!Normalize.isPersonalAccount("79927398713"))
        #expect(!Normalize.isLuhnValid("4111 1111 1111 1111"))
    }

    // MARK: URL

    @Test(arguments: [
        // raw, host, port, registrable, path, key
        ("https://www.hfxcf.vip", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("www.hfxcf.vip", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("hfxcf.vip/#/login", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("HTTPS://WWW.HFXCF.VIP/", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("hxxps://www.hfxcf.vip/Login/", "hfxcf.vip", nil, "hfxcf.vip", "/Login", "hfxcf.vip"),
        ("ｈｔｔｐｓ：／／ｗｗｗ．ｈｆｘｃｆ．ｖｉｐ", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("https://www. hfxcf .vip", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("www.hfxcf.vip.", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("hfxcf[.]vip", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("www。hfxcf。vip", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("http://m.hfxcf.vip:80/a/b?x=1#y", "m.hfxcf.vip", nil, "hfxcf.vip", "/a/b", "hfxcf.vip"),
        ("https://a.b.example.com.cn:8443/x", "a.b.example.com.cn", 8443, "example.com.cn", "/x", "example.com.cn"),
        ("http://shop.example.co.uk", "shop.example.co.uk", nil, "example.co.uk", "", "example.co.uk"),
        ("https://www.gov.cn/", "gov.cn", nil, "gov.cn", "", "gov.cn"),
        ("https://www.chsi.com.cn/", "chsi.com.cn", nil, "chsi.com.cn", "", "chsi.com.cn"),
        ("https://scam.github.io/x", "scam.github.io", nil, "scam.github.io", "/x", "scam.github.io"),
        ("http://47.243.12.8:8080/#/login", "47.243.12.8", 8080, "47.243.12.8", "", "47.243.12.8:8080"),
        ("47.243.12.8:8080", "47.243.12.8", 8080, "47.243.12.8", "", "47.243.12.8:8080"),
        ("http://047.243.012.8", "47.243.12.8", nil, "47.243.12.8", "", "47.243.12.8"),
        ("https://user:pw@www.hfxcf.vip", "hfxcf.vip", nil, "hfxcf.vip", "", "hfxcf.vip"),
        ("https://www.sftf422.net）", "sftf422.net", nil, "sftf422.net", "", "sftf422.net"),
    ] as [(String, String, Int?, String, String, String)])
    func urlNormalises(_ raw: String, _ host: String, _ port: Int?, _ registrable: String, _ path: String, _ key: String) throws {
        let u = try #require(Normalize.url(raw))
        #expect(u.host == host)
        #expect(u.port == port)
        #expect(u.registrableDomain == registrable)
        #expect(u.path == path)
        #expect(u.key == key)
    }

    @Test(arguments: ["", "赚赚兼职", "localhost", "http://localhost:8080", "hfxcf", "1.5", "3.7万元", "1.2.3", "2215717448@wx.tenpay.com",
                      "https://", "hfxcf.vip:99999", "hfxcf.vip:abc", "-abc.com", "abc.c", "256.1.1.1", "a..com", "abc.123"])
    func urlRejects(_ raw: String) {
        #expect(Normalize.url(raw) == nil)
    }

    @Test func sameSiteSameKey() {
        let spellings = ["https://www.hfxcf.vip", "http://hfxcf.vip/#/login", "HFXCF.VIP", "ｗｗｗ．ｈｆｘｃｆ．ｖｉｐ", "m.hfxcf.vip/index"]
        #expect(Set(spellings.compactMap { Normalize.url($0)?.key }) == ["hfxcf.vip"])
    }

    // MARK: Dispatch

    @Test func entityDispatch() {
        #expect(Normalize.entity(.account, "'6225 2261 4283 1590") == "6225226142831590")
        #expect(Normalize.entity(.account, "\t６２１４８３０２９００６６３２２") == "6214830290066322")
        #expect(Normalize.entity(.account, "6214-8302-9006-6322") == "6214830290066322")
        #expect(Normalize.entity(.account, "2215717448@WX.TENPAY.COM") == "2215717448@wx.tenpay.com")
        #expect(Normalize.entity(.account, "6.22848E+18") == nil)
        #expect(Normalize.entity(.account, "共123笔") == nil)
        #expect(Normalize.entity(.account, "abc@example.com") == nil)
        #expect(Normalize.entity(.account, "") == nil)
        #expect(Normalize.entity(.person, "33990319670612759x") == "33990319670612759X")
        #expect(Normalize.entity(.person, "339907198706179643") == nil)
        #expect(Normalize.entity(.phone, "+86 175 6920 6540") == "17569206540")
        #expect(Normalize.entity(.qq, "Q号5397938729") == "5397938729")
        #expect(Normalize.entity(.wechat, "VX：WXID_OKPWIIA5E39DNB") == "wxid_okpwiia5e39dnb")
        #expect(Normalize.entity(.url, "https://www.gbhx546.xyz") == "gbhx546.xyz")
        #expect(Normalize.entity(.url, "http://47.243.12.8:8080/#/login") == "47.243.12.8:8080")
        #expect(Normalize.entity(.device, "b8-59-91-50-6b-df") == "B8:59:91:50:6B:DF")
        #expect(Normalize.entity(.device, "010.1.1.1") == "10.1.1.1")
        #expect(Normalize.entity(.device, "02:00:00:00:00:00") == nil)
        #expect(Normalize.entity(.device, "0.0.0.0") == nil)
        #expect(Normalize.entity(.app, "  腾讯  会议 ") == "腾讯 会议")
        #expect(Normalize.entity(.app, "ＺＯＯＭ") == "ZOOM")
        #expect(Normalize.entity(.app, "“赚赚兼职”APP") == "赚赚兼职")
        #expect(Normalize.entity(.app, "赚赚兼职APP") == "赚赚兼职")
        #expect(Normalize.entity(.app, "WhatsApp") == "WhatsApp")
        #expect(Normalize.entity(.app, "   ") == nil)
    }

    @Test func entityKindNames() {
        #expect(EntityKind.allCases.map(\.rawValue) == ["account", "person", "phone", "qq", "wechat", "device", "url", "app"])
        #expect(EntityKind(rawValue: "wechat") == .wechat)
    }
}

private extension String {
    var replacingSpaces: String { String(unicodeScalars.filter { $0 != " " }) }
}
