import Foundation
import Testing
@testable import ChainBreakerCore

@Suite("Narrative identifier extraction")
struct NarrativeExtractorTests {
    private func keys(_ x: NarrativeIdentifiers) -> [String] { x.urls.map(\.key) }

    // MARK: A whole narrative

    @Test func sampleNarrativeKnownAnswer() {
        let text = "报警人称：4月4日通过微信与对方联系，对方vx wxid_dfogfkoud5udsj，对方发来兼职广告称“日结佣金、动动手指就能赚钱”，并让其在赚赚兼职（网址https://www.gbhx546.xyz）做点赞、刷单任务。前期小额返利正常到账，之后对方以卡单、操作失误需要解冻为由让其向对方指定的银行卡兴业银行账户622909366312035965转账309.00元，又通过微信向对方转账1笔共634.25元（收款方微信支付账户2215717448@wx.tenpay.com），又购买京东礼品卡共2,400.00元并将卡密发给对方，无法提现后发现被骗，损失3,343.25元。"
        let x = NarrativeExtractor.extract(text)
        #expect(x.phones == [])
        #expect(x.qq == [])
        #expect(x.wechat == ["wxid_dfogfkoud5udsj"])
        #expect(keys(x) == ["gbhx546.xyz"])
        #expect(x.urls.first?.host == "gbhx546.xyz")
        #expect(x.accounts == ["2215717448@wx.tenpay.com", "622909366312035965"] || x.accounts == ["622909366312035965", "2215717448@wx.tenpay.com"])
        #expect(Set(x.accounts) == ["622909366312035965", "2215717448@wx.tenpay.com"])
        #expect(x.accountTails == [])
        #expect(x.amountsFen == [30900, 63425, 240000, 334325])
        #expect(x.apps == ["赚赚兼职"])
    }

    @Test func emptyAndPlainText() {
        #expect(NarrativeExtractor.extract("").isEmpty)
        #expect(NarrativeExtractor.extract("报警人称其被骗，后发现被骗。").isEmpty)
    }

    // MARK: Phones

    @Test(arguments: [
        ("接到17569206540的来电", "17569206540"),
        ("接到175 6920 6540的来电", "17569206540"),
        ("陌生电话（135 3576 2832），对方", "13535762832"),
        ("陌生电话（１７５６９２０６５４０），对方", "17569206540"),
        ("的电话（+8616672663360），对方", "16672663360"),
        ("的电话（8617569206540），对方", "17569206540"),
        ("于5月1日接到166-7266-3360来电", "16672663360"),
        ("接到+86 175 6920 6540的来电", "17569206540"),
        ("号码0086 138 1234 5678", "13812345678"),
        ("号码008613812345678", "13812345678"),
        ("接到95588的来电", "95588"),
        ("拨打客服电话400-820-8820咨询", "4008208820"),
        ("拨打4008208820咨询", "4008208820"),
        ("座机0571-88886666打来", "057188886666"),
        ("对方电话：10086", "10086"),
    ])
    func phoneSpellings(_ text: String, _ phone: String) {
        let x = NarrativeExtractor.extract(text)
        #expect(x.phones == [phone])
        #expect(x.qq.isEmpty && x.accounts.isEmpty)
    }

    @Test func phonesInCSVLikeText() {
        #expect(NarrativeExtractor.extract("37673.66,电话,+86 175 6920 6540,,").phones == ["17569206540"])
        #expect(NarrativeExtractor.extract("电话,175 6920 6540,6225 2261 4283 1590,").phones == ["17569206540"])
        #expect(NarrativeExtractor.extract("电话,175 6920 6540,6225 2261 4283 1590,").accounts == ["6225226142831590"])
        #expect(NarrativeExtractor.extract("号码+86 175 6920，").phones.isEmpty)
    }

    @Test func phonesInOrderUnique() {
        let x = NarrativeExtractor.extract("先后接到13812345678、139 1234 5678和+86 138 1234 5678的来电，又收到18012345678发来短信")
        #expect(x.phones == ["13812345678", "13912345678", "18012345678"])
    }

    @Test(arguments: [
        "2021-04-26，报警人李露",
        "2021年4月18日晚上吕伟（男，42岁）",
        "案件编号A33992651000022021040005",
        "登录IP为47.243.12.8，",
        "访问https://www.13812345678.com后",
        "转账13812345678元",
        "运单号75123456789012已签收",
        "订单号：13812345678",
        "版本1.3812345678",
        "通过手机银行转账50000，",
        "拨打电话后向对方转账50000，",
        "接到电话后对方让其转账20000，再转10086",
        "短信验证码123456发给对方",
        "SF1381234567890签收",
        "身份证号33990319670612759X",
        "20210426101532",
    ])
    func notPhones(_ text: String) {
        let x = NarrativeExtractor.extract(text)
        #expect(x.phones.isEmpty)
        #expect(x.qq.isEmpty)
        #expect(x.accounts.isEmpty)
    }

    // MARK: QQ

    @Test(arguments: [
        ("添加QQ号2800978296并下载", "2800978296"),
        ("添加QQ：2632866296并下载", "2632866296"),
        ("添加QQ:2632866296并下载", "2632866296"),
        ("添加Q号3880134896并下载", "3880134896"),
        ("认识了对方（qq8908174988）后", "8908174988"),
        ("认识了对方（QQ（8332810718））后", "8332810718"),
        ("添加QQ（4636258473）办理退款", "4636258473"),
        ("添加扣扣123456后", "123456"),
        ("QQ号为：10001", "10001"),
        ("ＱＱ号２８００９７８２９６", "2800978296"),
        ("邮箱2800978296@qq.com联系", "2800978296"),
        ("QQ号13812345678添加", "13812345678"), // labelled as QQ: not a phone
    ])
    func qqSpellings(_ text: String, _ qq: String) {
        let x = NarrativeExtractor.extract(text)
        #expect(x.qq == [qq])
        #expect(x.phones.isEmpty)
    }

    @Test func qqNotWithoutMarker() {
        #expect(NarrativeExtractor.extract("加入QQ群123456789后").qq.isEmpty)
        #expect(NarrativeExtractor.extract("加入QQ群号123456789后").qq.isEmpty)
        #expect(NarrativeExtractor.extract("添加QQ并下载，对方2800978296").qq.isEmpty)
        #expect(NarrativeExtractor.extract("abcqq2800978296").qq.isEmpty)
        #expect(NarrativeExtractor.extract("QQ号0123456").qq.isEmpty)
    }

    @Test func qqList() {
        let x = NarrativeExtractor.extract("对方QQ号2800978296、4636258473，电话13812345678")
        #expect(x.qq == ["2800978296", "4636258473"])
        #expect(x.phones == ["13812345678"])
    }

    // MARK: WeChat

    @Test(arguments: [
        ("对方vx wxid_dfogfkoud5udsj，对方", "wxid_dfogfkoud5udsj"),
        ("被威信wxid_tguk9cbkwhpl4q添加为好友", "wxid_tguk9cbkwhpl4q"),
        ("被VX：wxid_okpwiia5e39dnb添加为好友", "wxid_okpwiia5e39dnb"),
        ("被微信号wxid_w2xw56t9do8po0添加为好友", "wxid_w2xw56t9do8po0"),
        ("添加对方威信euresyl7794，对方", "euresyl7794"),
        ("对方vx ozeplnno，两人", "ozeplnno"),
        ("对方威信zbabdj，被拉入", "zbabdj"),
        ("对方微信：PPYY7539。", "ppyy7539"),
        ("加wx: awhsdcrb_317好友", "awhsdcrb_317"),
        ("加ＶＸ：ａｂｃ１２３好友", "abc123"),
        ("好友WXID_DFOGFKOUD5UDSJ发来", "wxid_dfogfkoud5udsj"),
    ])
    func wechatSpellings(_ text: String, _ id: String) {
        #expect(NarrativeExtractor.extract(text).wechat == [id])
    }

    @Test(arguments: [
        "通过VX向对方扫码转账",
        "收款方微信（杨妍薇）",
        "通过微信向对方转账1笔",
        "收款方微信支付账户2215717448@wx.tenpay.com",
        "微信号13812345678",
        "对方微信abc",
        "vxabcdef123",
    ])
    func notWeChat(_ text: String) {
        #expect(NarrativeExtractor.extract(text).wechat.isEmpty)
    }

    @Test func wechatList() {
        #expect(NarrativeExtractor.extract("微信号abc123、def456和wxid_dfogfkoud5udsj").wechat == ["abc123", "def456", "wxid_dfogfkoud5udsj"])
        #expect(NarrativeExtractor.extract("微信号13812345678").phones == ["13812345678"])
    }

    // MARK: URLs

    @Test(arguments: [
        ("并让其在赚赚兼职（网址https://www.gbhx546.xyz）做点赞", "gbhx546.xyz"),
        ("进入网站https://www.gbhx546.xyz，被拉入", "gbhx546.xyz"),
        ("带其在https://www.sftf422.net投资理财", "sftf422.net"),
        ("登录网址：hfxcf.vip/#/login注册", "hfxcf.vip"),
        ("打开www.HFXCF.vip后", "hfxcf.vip"),
        ("打开ｗｗｗ．ｈｆｘｃｆ．ｖｉｐ后", "hfxcf.vip"),
        ("登录hxxps://m.hfxcf.vip/index.html?a=1。", "hfxcf.vip"),
        ("打开http://47.243.12.8:8080/#/login注册", "47.243.12.8:8080"),
        ("打开47.243.12.8:8080/#/login注册", "47.243.12.8:8080"),
        ("网址(https://a.b.example.com.cn/x), 后", "example.com.cn"),
    ])
    func urls(_ text: String, _ key: String) {
        let x = NarrativeExtractor.extract(text)
        #expect(keys(x) == [key])
        #expect(x.phones.isEmpty && x.accounts.isEmpty && x.qq.isEmpty)
    }

    @Test func urlPathKept() throws {
        let x = NarrativeExtractor.extract("登录hxxps://m.hfxcf.vip/index.html?a=1。")
        let u = try #require(x.urls.first)
        #expect(u.host == "m.hfxcf.vip")
        #expect(u.path == "/index.html")
    }

    @Test(arguments: ["邮箱abc@163.com联系", "收款方微信支付账户2215717448@wx.tenpay.com", "登录IP为47.243.12.8，", "京东E卡共100元", "3.7万元", "版本v1.2.3", "文件abc.apk"])
    func notURLs(_ text: String) {
        #expect(NarrativeExtractor.extract(text).urls.isEmpty)
    }

    // MARK: Accounts

    @Test(arguments: [
        ("向对方提供的账户６２１４８３０２９００６６３２２转账", "6214830290066322"),
        ("向6225 2261 4283 1590转账", "6225226142831590"),
        ("又分3次向4563 5179 1865 6096 908转账7842.36元", "4563517918656096908"),
        ("其分5次向6222 6298 6705 9658 283转账204,498.32元", "6222629867059658283"),
        ("向6214-8302-9006-6322转账", "6214830290066322"),
        ("兴业银行账户622909366312035965转账309.00元", "622909366312035965"),
        ("点卡商户账户610303182489236", "610303182489236"),
        ("收款方微信支付账户2215717448@WX.TENPAY.COM）", "2215717448@wx.tenpay.com"),
    ])
    func accounts(_ text: String, _ account: String) {
        let x = NarrativeExtractor.extract(text)
        #expect(x.accounts == [account])
        #expect(x.phones.isEmpty)
    }

    @Test func idNumbersAreNotAccounts() {
        #expect(NarrativeExtractor.extract("受害人33990319670612759X报案").accounts.isEmpty)
        #expect(NarrativeExtractor.extract("受害人33990319670612759x报案").accounts.isEmpty)
        #expect(NarrativeExtractor.extract("受害人339907198706179642报案").accounts.isEmpty) // valid checksum and birth date
        #expect(NarrativeExtractor.extract("身份证号码：339907870617964").accounts.isEmpty) // 15-digit, labelled
    }

    @Test func accountTails() {
        let x = NarrativeExtractor.extract("向尾号1590的银行卡、招商银行账户6214830290066322转账，又向尾号为6322、8283的银行卡转账，卡号后四位：6908")
        #expect(x.accountTails == ["1590", "6322", "8283", "6908"])
        #expect(x.accounts == ["6214830290066322"])
    }

    // MARK: Amounts

    @Test(arguments: [
        ("损失3,343.25元。", [334325]),
        ("共计2.5万元", [2_500_000]),
        ("被骗1.43万元", [1_430_000]),
        ("损失3.6037万元", [3_603_700]),
        ("转账1笔共2.2125万元", [2_212_500]),
        ("购买京东E卡共100元并", [10000]),
        ("转账10600元，共计10,600.00元", [1_060_000, 1_060_000]),
        ("损失3万余元", [3_000_000]),
        ("损失5 元", [500]),
        ("损失５０００元", [500_000]),
        ("3千元", [300_000]),
        ("共1.5亿元", [15_000_000_000]),
        ("0.5元", [50]),
        ("12.345元", []),       // finer than a fen: not a money amount
        ("1.234567万元", [1_234_567]), // 12345.67 yuan
        ("1.2345678万元", []),          // 12345.678 yuan: finer than a fen
    ] as [(String, [Int64])])
    func amounts(_ text: String, _ fen: [Int64]) {
        #expect(NarrativeExtractor.extract(text).amountsFen == fen)
    }

    @Test func amountDigitsAreNotIdentifiers() {
        let x = NarrativeExtractor.extract("转账2笔共13,812,345,678.00元，又转账13812345678.5元")
        #expect(x.phones.isEmpty && x.accounts.isEmpty)
        #expect(x.amountsFen == [1_381_234_567_800, 1_381_234_567_850])
    }

    // MARK: Apps

    @Test(arguments: [
        ("对方让其添加QQ号2800978296并下载“腾讯会议”开启屏幕共享", ["腾讯会议"]),
        ("随后对方让其下载云视讯，以“清空借贷额度”为由", ["云视讯"]),
        ("让其下载向日葵远程控制，以“验证账户”为由", ["向日葵远程控制"]),
        ("让其下载优米兼职领取任务", ["优米兼职"]),
        ("报警人打开钉钉共享屏幕", ["钉钉"]),
        ("报警人打开某APP共享屏幕", []),
        ("随后对方让其下载某APP，以", []),
        ("推荐其在“金盛财富”平台（https://www.sftf422.net）投资", ["金盛财富"]),
        ("并让其在赚赚兼职（网址https://www.gbhx546.xyz）做点赞", ["赚赚兼职"]),
        ("下载“ＺＯＯＭ”APP后", ["ZOOM"]),
        ("在“世纪佳缘”上认识一名网友", []),
        ("对方发来兼职广告称“日结佣金、动动手指就能赚钱”", []),
        ("打开链接后", []),
        ("对方称自己在金盛财富投资数字货币稳赚不赔", ["金盛财富"]),
        ("推荐在金盛财富上跟单操作", ["金盛财富"]),
        ("在QQ上被陌生人添加", []),
        ("在家中通过微信与对方联系", []),
        ("在网上投资", []),
        ("在抖音上看到广告", []),
        ("在对方的平台上充值", []),
    ])
    func apps(_ text: String, _ apps: [String]) {
        #expect(NarrativeExtractor.extract(text).apps == apps)
    }

    // MARK: Every documented spelling in several sentence contexts

    private func fill(_ template: String, _ value: String) -> String {
        template.replacingOccurrences(of: "{}", with: value)
    }

    @Test func phoneSpellingsInContexts() {
        let spellings = ["17569206540", "+8617569206540", "+86 175 6920 6540", "175-6920-6540", "175 6920 6540", "8617569206540",
                         "１７５６９２０６５４０", "＋８６ １７５ ６９２０ ６５４０", "0086 175 6920 6540", "008617569206540", "+86-175-6920-6540",
                         "１７５－６９２０－６５４０"]
        let contexts = ["接到{}的来电，对方", "陌生电话（{}），对方", "自称淘宝客服的电话（{}），", "于5月1日接到{}来电", "报警人称：{}多次来电",
                        "对方号码：{}。", "{}", "2021年4月19日刘雪璐（女，33岁）接到{}的来电，被骗1.43万元。", "号码{} 转账500元"]
        for context in contexts {
            for spelling in spellings {
                let text = fill(context, spelling)
                let x = NarrativeExtractor.extract(text)
                #expect(x.phones == ["17569206540"], "\(text)")
                #expect(x.qq.isEmpty && x.accounts.isEmpty && x.wechat.isEmpty, "\(text)")
            }
        }
    }

    @Test func qqSpellingsInContexts() {
        for number in ["2800978296", "13512345678", "10001"] {
            let wide = Normalize.asciiDigits(number) == number ? String(number.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) }) : number
            let spellings = ["QQ号\(number)", "QQ：\(number)", "QQ:\(number)", "Q号\(number)", "qq\(number)", "扣扣\(number)", "QQ（\(number)）",
                             "QQ \(number)", "ＱＱ号\(wide)", "QQ号：\(number)", "qq：\(number)", "QQ号码\(number)", "扣扣号：\(number)", "QQ(\(number))",
                             "Q号：\(number)", "\(number)@qq.com"]
            let contexts = ["添加{}并下载“某APP”", "认识了对方（{}）后", "对方{}，", "{}", "在QQ上被陌生人（{}）添加", "通过QQ群认识了对方（{}）后参与"]
            for context in contexts {
                for spelling in spellings {
                    let text = fill(context, spelling)
                    let x = NarrativeExtractor.extract(text)
                    #expect(x.qq == [number], "\(text)")
                    #expect(x.phones.isEmpty && x.accounts.isEmpty && x.wechat.isEmpty, "\(text)")
                }
            }
        }
    }

    @Test func wechatSpellingsInContexts() {
        for id in ["wxid_dfogfkoud5udsj", "euresyl7794", "zbabdj", "awhsdcrb_317"] {
            let upper = id.uppercased()
            let wide = String(upper.unicodeScalars.map { $0 == "_" ? Character("＿") : Character(Unicode.Scalar($0.value + 0xFEE0)!) })
            let spellings = ["微信号\(id)", "微信：\(id)", "微信:\(id)", "VX：\(id)", "vx \(id)", "vx：\(id)", "威信\(id)", "wx:\(id)", "微信号：\(upper)",
                             "微信 \(id)", "微信号为\(id)", "VX：\(wide)", "微信（\(id)）"]
            let contexts = ["被{}添加为好友", "对方{}，对方发来", "添加对方{}后", "{}", "4月7日被{}添加为好友，对方发来兼职广告"]
            for context in contexts {
                for spelling in spellings {
                    let text = fill(context, spelling)
                    let x = NarrativeExtractor.extract(text)
                    #expect(x.wechat == [id], "\(text)")
                    #expect(x.phones.isEmpty && x.accounts.isEmpty && x.qq.isEmpty && x.urls.isEmpty, "\(text)")
                }
            }
        }
    }

    @Test func accountSpellingsInContexts() {
        for account in ["6225226142831590", "4563517918656096908", "622909366312035965", "610303182489236", "82234491967558176"] {
            var grouped = "", k = 0
            for c in account { if k > 0 && k % 4 == 0 { grouped += " " }; grouped.append(c); k += 1 }
            let wide = String(account.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
            let wideGrouped = String(grouped.unicodeScalars.map { $0 == " " ? Character("\u{3000}") : Character(Unicode.Scalar($0.value + 0xFEE0)!) })
            let spellings = [account, grouped, wide, wideGrouped, grouped.replacingOccurrences(of: " ", with: "-")]
            let contexts = ["向对方提供的账户{}转账", "浦发银行账户{}、招商银行账户6214830290066322转账", "分3次向{}转账209080.82元",
                            "向{}转账3笔共33286.02元", "{}", "收款账户：{}。"]
            for context in contexts {
                for spelling in spellings {
                    let text = fill(context, spelling)
                    let x = NarrativeExtractor.extract(text)
                    #expect(x.accounts.first == account, "\(text)")
                    #expect(x.phones.isEmpty && x.qq.isEmpty && x.accountTails.isEmpty, "\(text)")
                }
            }
        }
    }

    @Test func linkSharingHostsKeepPath() {
        #expect(Normalize.url("https://t.me/scamchannel")?.key == "t.me/scamchannel")
        #expect(Normalize.url("https://t.me/other")?.key == "t.me/other")
        #expect(Normalize.url("https://t.me/")?.key == "t.me")
        #expect(NarrativeExtractor.extract("对方发来链接t.me/abc123后").urls.map(\.key) == ["t.me/abc123"])
    }

    // MARK: The sample package: every case

    @Test(.enabled(if: SampleCases.available, "sample package not found at \(SampleCases.directory.path)"))
    func sampleCasesRecall() throws {
        let cases = try SampleCases.load()
        #expect(cases.count > 0)
        var total = 0, fromText = 0, absentFromText = 0, typos = 0, extractorMisses = 0, combinedMisses = 0, extras = 0
        var accountTotal = 0, accountFull = 0, accountTail = 0, accountTypo = 0, accountAbsent = 0, accountMissed = 0
        var lossFound = 0, appsInText = 0, appsFound = 0
        var notes: [String] = []

        for c in cases {
            let x = NarrativeExtractor.extract(c.narrative)
            let folded = SampleCases.fold(c.narrative)
            let extracted: [EntityKind: Set<String>] = [
                .phone: Set(x.phones), .qq: Set(x.qq), .wechat: Set(x.wechat), .url: Set(x.urls.map(\.key)),
            ]
            var truthByKind: [EntityKind: Set<String>] = [:]
            for (kind, truthValues, column) in [(EntityKind.phone, c.truthPhones, c.columnPhones), (.qq, c.truthQQ, c.columnQQ),
                                                 (.wechat, c.truthWeChat, c.columnWeChat), (.url, c.truthURLs, c.columnURLs)] {
                let columnKeys = Set(column.compactMap { Normalize.entity(kind, $0) })
                for raw in truthValues {
                    let canonical = try #require(Normalize.entity(kind, raw), "truth \(kind) \(raw) does not normalise")
                    truthByKind[kind, default: []].insert(canonical)
                    total += 1
                    let inText = folded.contains(canonical)
                    let found = extracted[kind]!.contains(canonical)
                    if found { fromText += 1 }
                    if !found {
                        if inText {
                            extractorMisses += 1
                            notes.append("MISSED \(c.id) \(kind) \(canonical)")
                        } else if SampleCases.nearMiss(canonical, in: folded) {
                            typos += 1
                            notes.append("typo in text \(c.id) \(kind) \(canonical)")
                        } else {
                            absentFromText += 1
                        }
                    }
                    if !found && !columnKeys.contains(canonical) {
                        combinedMisses += 1
                        notes.append("not in text nor columns: \(c.id) \(kind) \(canonical)")
                    }
                }
            }
            // Extracted identifiers that are not the case's suspect identifiers (precision on this sample).
            for (kind, values) in extracted {
                for v in values where !(truthByKind[kind]?.contains(v) ?? false) && v != c.victimPhone {
                    extras += 1
                    notes.append("extra \(c.id) \(kind) \(v)")
                }
            }
            // Receiving accounts: full numbers, tails, typos.
            for raw in c.truthPayees {
                let a = try #require(Normalize.entity(.account, raw))
                accountTotal += 1
                if x.accounts.contains(a) { accountFull += 1 }
                else if x.accountTails.contains(where: { a.hasSuffix($0) }) { accountTail += 1 }
                else if folded.contains(a) { accountMissed += 1; notes.append("MISSED \(c.id) account \(a)") }
                else if SampleCases.nearMiss(a, in: folded) { accountTypo += 1; notes.append("typo in text \(c.id) account \(a)") }
                else { accountAbsent += 1 }
            }
            // Loss amount mentioned.
            if let loss = c.lossFen, x.amountsFen.contains(loss) { lossFound += 1 } else { notes.append("loss not found \(c.id) \(String(describing: c.lossFen)) in \(x.amountsFen)") }
            for app in c.truthApps where folded.contains(app) {
                appsInText += 1
                if x.apps.contains(app) { appsFound += 1 } else { notes.append("app not extracted \(c.id) \(app)") }
            }
        }
        let summary = """
        sample recall over \(cases.count) cases: \(total) suspect phones/QQ/WeChat/URLs in truth; \
        \(fromText) extracted from the narrative, \(absentFromText) not written in the narrative (columns only), \
        \(typos) written with a typo, \(extractorMisses) present but missed; \
        narrative+columns misses: \(combinedMisses); extra identifiers: \(extras). \
        receiving accounts: \(accountTotal) (\(accountFull) full, \(accountTail) by tail, \(accountTypo) typo, \
        \(accountAbsent) absent, \(accountMissed) missed); loss amount found in \(lossFound)/\(cases.count); \
        apps: \(appsFound)/\(appsInText) of those written in the text
        """
        print(summary)
        for note in notes { print("  " + note) }
        #expect(extractorMisses == 0, "identifiers written in the narrative but not extracted")
        #expect(accountMissed == 0, "accounts written in the narrative but not extracted")
        #expect(Double(combinedMisses) <= 0.02 * Double(total), "narrative + columns miss more than 2% of the truth")
        #expect(Double(typos) <= 0.02 * Double(total), "more typos than expected")
        #expect(extras == 0, "identifiers extracted that are not the case's")
        #expect(lossFound == cases.count, "every narrative states the loss")
        #expect(appsFound == appsInText)
    }
}

// MARK: - Sample package access (tests only; Foundation is fine here)

struct SampleCase {
    var id: String
    var narrative: String
    var victimPhone: String?
    var lossFen: Int64?
    var columnPhones: [String], columnQQ: [String], columnWeChat: [String], columnURLs: [String]
    var truthPhones: [String], truthQQ: [String], truthWeChat: [String], truthURLs: [String], truthApps: [String], truthPayees: [String]
}

enum SampleCases {
    /// `<repo>/../shared/samples/small-city`, found from this file's path.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // ChainBreakerCoreTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // repository root
        .appendingPathComponent("../shared/samples/small-city")
        .standardizedFileURL

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("cases.csv").path)
            && FileManager.default.fileExists(atPath: directory.appendingPathComponent("truth/cases.json").path)
    }

    static func load() throws -> [SampleCase] {
        let csvText = try String(contentsOf: directory.appendingPathComponent("cases.csv"), encoding: .utf8)
        let rows = parseCSV(csvText)
        guard let header = rows.first else { return [] }
        let col = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let truthData = try Data(contentsOf: directory.appendingPathComponent("truth/cases.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: [String: Any]])
        func field(_ row: [String], _ name: String) -> String {
            guard let k = col[name], k < row.count else { return "" }
            return row[k]
        }
        func list(_ s: String) -> [String] { s.split(separator: ";").map(String.init).filter { !$0.isEmpty } }
        var out: [SampleCase] = []
        for row in rows.dropFirst() where row.count > 1 {
            let id = field(row, "案件编号")
            let t = truth[id] ?? [:]
            func strings(_ key: String) -> [String] { t[key] as? [String] ?? [] }
            out.append(SampleCase(
                id: id, narrative: field(row, "简要案情"),
                victimPhone: Normalize.phone(field(row, "受害人手机号")),
                lossFen: Money.parseYuan(field(row, "损失金额"))?.fen,
                columnPhones: list(field(row, "嫌疑人电话")), columnQQ: list(field(row, "嫌疑人QQ")),
                columnWeChat: list(field(row, "嫌疑人微信")), columnURLs: list(field(row, "嫌疑网址")),
                truthPhones: strings("suspect_phones"), truthQQ: strings("suspect_qq"), truthWeChat: strings("suspect_wechat"),
                truthURLs: strings("urls"), truthApps: strings("apps"), truthPayees: strings("payee_accounts")))
        }
        return out
    }

    /// Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false, afterQuote = false
        var it = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return it.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" { field.append("\"") } else { quoted = false; afterQuote = true; pending = d }
                    } else { quoted = false }
                } else { field.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": row.append(String(field)); field = .init(); afterQuote = false
            case "\r": continue
            case "\n": row.append(String(field)); field = .init(); afterQuote = false; rows.append(row); row = []
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(field)); rows.append(row) }
        return rows
    }

    /// The narrative with full-width forms folded, lower case, and spaces, dashes and `+` removed,
    /// so that `175 6920 6540` and `＋８６…` contain the canonical digits.
    static func fold(_ s: String) -> String {
        String(Normalize.asciiDigits(s).lowercased().unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "+" })
    }

    /// True when a digit run of the same length differs from `value` by one adjacent
    /// transposition or one substituted digit (a typing error).
    static func nearMiss(_ value: String, in text: String) -> Bool {
        let target = Array(value.unicodeScalars)
        guard target.allSatisfy({ $0.properties.numericType != nil }) else { return false }
        var runs: [[Unicode.Scalar]] = [], cur: [Unicode.Scalar] = []
        for c in text.unicodeScalars {
            if ("0"..."9").contains(c) { cur.append(c) } else if !cur.isEmpty { runs.append(cur); cur = [] }
        }
        if !cur.isEmpty { runs.append(cur) }
        for r in runs where r.count >= target.count {
            for start in 0...(r.count - target.count) {
                let w = Array(r[start..<(start + target.count)])
                let diff = (0..<w.count).filter { w[$0] != target[$0] }
                if diff.count == 1 { return true }
                if diff.count == 2, diff[1] == diff[0] + 1, w[diff[0]] == target[diff[1]], w[diff[1]] == target[diff[0]] { return true }
            }
        }
        return false
    }
}
