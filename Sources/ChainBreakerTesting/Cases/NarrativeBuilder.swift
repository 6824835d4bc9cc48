import ChainBreakerCore

/// Writes 简要案情 the way officers do: varied openings, a story per fraud type, the contact
/// identifiers and the payments grouped by receiving account, in the spelling variants of the
/// formats README. O(payments) per case.
struct NarrativeBuilder {
    let w: World
    let noise: Double

    struct Payment { var method: VictimPayment.Method; var payee: Int32; var amount: Int64; var count: Int }

    func date(_ t: Int64, _ rng: inout SeededGenerator) -> String {
        let c = ByteFormat.civil(t)
        let part = c.h < 12 ? "上午" : (c.h < 18 ? "下午" : "晚上")
        switch rng.below(5) {
        case 0: return "\(c.mo)月\(c.d)日"
        case 1: return "\(c.y)年\(c.mo)月\(c.d)日"
        case 2: return ByteFormat.dash(t).prefix(10) + ""
        case 3: return "\(c.y)年\(c.mo)月\(c.d)日\(part)"
        default: return "\(c.mo)月\(c.d)日\(part)"
        }
    }

    func bankName(_ a: Int32) -> String {
        let acc = w.accounts[Int(a)]
        return acc.bank >= 0 ? BankCatalog.banks[acc.bank].fullName : ""
    }

    func accountText(_ a: Int32, _ rng: inout SeededGenerator) -> String {
        let acc = w.accounts[Int(a)]
        let t = Spelling.account(acc.id, noise: noise, &rng)
        if t.hasPrefix("尾号") { return t }
        if acc.kind == .bankCard && rng.chance(0.5) { return bankName(a) + "账户" + t }
        return t
    }

    func phoneText(_ p: String, _ rng: inout SeededGenerator) -> String {
        rng.chance(0.25 + noise) ? Spelling.phone(p, variant: rng.int(1...6)) : p
    }

    func contactIDs(_ v: Victim, _ rng: inout SeededGenerator) -> String {
        var parts: [String] = []
        for q in v.qq { parts.append(Spelling.qq(q, &rng)) }
        for x in v.wechat { parts.append(Spelling.wechat(x, &rng)) }
        return parts.joined(separator: "、")
    }

    func build(victim v: Victim, payments: [Payment], total: Int64, rebates: Int64, type: String, rng: inout SeededGenerator) -> String {
        let p = w.persons[Int(v.person)]
        let d = date(v.firstContact, &rng)
        let age = p.age(atYear: w.startYear)
        let sexAge = "（\(p.male ? "男" : "女")，\(age)岁）"
        let who = rng.pick(["报警人", "受害人", "事主"])
        var s = ""
        switch rng.below(6) {
        case 0: s = "\(who)称：\(d)"
        case 1: s = "\(p.name)\(sexAge)报案称：\(d)"
        case 2: s = "\(who)\(p.name)报称，其于\(d)"
        case 3: s = "\(d)，\(who)\(p.name)"
        case 4: s = "\(d)\(who)\(p.name)"
        default: s = "\(p.name)\(sexAge)于\(d)"
        }
        let phone = v.phones.first.map { phoneText($0, &rng) }
        let ids = contactIDs(v, &rng)
        let url = v.urls.first
        let app = v.apps.first ?? "某APP"
        let tool = v.tools.first ?? (rng.chance(0.5) ? "某APP" : "腾讯会议")
        // Contact.
        switch v.channel {
        case .phone:
            if let ph = phone {
                s += rng.pick(["接到陌生电话（\(ph)）", "接到\(ph)的来电", "接到自称客服的电话（\(ph)）", "接到陌生号码\(ph)来电"])
            } else { s += "接到陌生来电" }
        case .sms:
            s += "收到\(phone ?? "陌生号码")发来的短信"
        case .qq:
            s += rng.pick(["在QQ上被陌生人（\(ids.isEmpty ? "QQ好友" : ids)）添加", "通过QQ群认识了对方（\(ids.isEmpty ? "群成员" : ids)）"])
        case .wechat:
            s += rng.pick(["被\(ids.isEmpty ? "陌生微信" : ids)添加为好友", "通过微信与对方联系，对方\(ids.isEmpty ? "微信" : ids)"])
        case .dating:
            s += "在“\(v.tools.first ?? rng.pick(NameBank.datingApps))”上认识一名网友，后添加对方\(ids.isEmpty ? "微信" : ids)"
        case .web:
            s += "浏览网页时看到广告，进入网站\(url ?? "某网站")"
        }
        s += "，"
        // Story.
        let platform = rng.pick(["淘宝", "京东", "拼多多", "抖音", "快手"])
        switch type {
        case "冒充电商物流客服":
            s += rng.pick(["对方自称\(platform)客服，称其误开通了会员服务，不取消每月将扣费，需要注销。",
                           "对方冒充快递公司客服称其包裹在运输中丢失，可以双倍赔偿。",
                           "对方准确说出其近期网购订单及收货信息，称其购买的商品质量有问题需要办理理赔。"])
            s += "随后对方让其添加\(ids.isEmpty ? "QQ" : ids)并下载\(tool)开启屏幕共享，以“清空借贷额度”“验证账户”为由让其"
        case "虚假征信":
            s += "对方自称\(rng.pick(["京东金融", "蚂蚁金服", "银保监会"]))工作人员，称其大学期间开通的校园贷未注销，会影响个人征信，需要注销。对方让其下载\(tool)，以“清空贷款额度”为由让其"
        case "冒充公检法及政府机关":
            s += "对方自称\(rng.pick(["上海市公安局", "北京市公安局", "广州市公安局"]))民警，称其涉嫌\(rng.pick(["洗钱", "非法集资", "医保卡违规"]))案，需将资金转入“安全账户”进行资金清查，并让其下载\(tool)。随后其按要求"
        case "刷单返利":
            s += "对方发来兼职广告称“日结佣金、动动手指就能赚钱”，并让其在\(app)\(url.map { "（网址\($0)）" } ?? "")做点赞、刷单任务。"
            s += rebates > 0 ? "前期收到返利\(Money.yuanString(rebates))元，之后对方以卡单、操作失误需要解冻为由让其" : "之后对方以“连单”“任务未完成需继续充值才能提现”为由诱导其"
        case "虚假网络投资理财":
            s += "对方自称金融分析师，推荐其在“\(app)”平台\(url.map { "（\($0)）" } ?? "")投资\(rng.pick(["数字货币", "外汇期货", "股票"]))稳赚不赔。"
            s += rebates > 0 ? "其先小额投资获利提现\(Money.yuanString(rebates))元成功，后陆续" : "其按要求"
        case "虚假网络贷款":
            s += "对方称可以办理低息贷款，让其下载\(app)\(url.map { "（\($0)）" } ?? "")申请，后以“银行卡号填写错误账户被冻结”“需缴纳解冻金”为由让其"
        case "网络婚恋交友":
            s += "两人以恋人关系聊天，对方称有内部渠道可以在\(app)\(url.map { "（\($0)）" } ?? "")投注稳赚。其"
            if rebates > 0 { s += "先小额投注提现\(Money.yuanString(rebates))元成功，后" }
        case "裸聊敲诈":
            s += "对方邀请其视频裸聊并诱导下载\(app)，随后以公布其裸聊视频给通讯录好友相威胁，要求其"
        case "虚假购物服务":
            s += "对方推荐其在\(url ?? "某购物网站")低价购买\(rng.pick(["手机", "演唱会门票", "名牌包", "茅台酒"]))，付款后对方以“需缴纳运费险/保证金”为由让其"
        case "冒充领导熟人":
            s += "对方冒充其单位领导，称有急事需要周转资金，让其"
        case "网络游戏虚假交易":
            s += "对方称低价出售\(rng.pick(["王者荣耀", "和平精英", "原神"]))游戏账号，让其到\(url ?? "某交易平台")交易，后以“账户冻结需解冻”为由让其"
        default:
            s += "对方以各种理由让其"
        }
        // Payments.
        var parts: [String] = []
        for pay in payments {
            let amt = Spelling.yuan(pay.amount, &rng)
            let times = pay.count > 1 ? "\(pay.count)笔共" : (rng.chance(0.3) ? "1笔共" : "")
            switch pay.method {
            case .bank:
                let acct = accountText(pay.payee, &rng)
                if acct.hasPrefix("尾号") {
                    parts.append(rng.pick(["通过手机银行向\(acct)转账\(times)\(amt)",
                                           pay.count > 1 ? "分\(pay.count)次向\(acct)转账\(amt)" : "向对方提供的\(acct)转账\(amt)"]))
                } else {
                    parts.append(rng.pick(["通过手机银行向对方提供的账户\(acct)转账\(times)\(amt)",
                                           "向对方指定的银行卡\(acct)转账\(times)\(amt)",
                                           pay.count > 1 ? "分\(pay.count)次向\(acct)转账\(amt)" : "向\(acct)转账\(amt)"]))
                }
            case .tenpay:
                let payee = w.accounts[Int(pay.payee)]
                let tail = rng.chance(0.5) ? "（收款方微信支付账户\(payee.id)）" : (rng.chance(0.5) ? "（收款方微信（\(payee.holderName)））" : "")
                parts.append(rng.pick(["通过微信向对方转账\(pay.count)笔共\(amt)\(tail)", "通过VX向对方扫码转账\(pay.count)笔共\(amt)\(tail)"]))
            case .gamecard:
                let product = w.accounts[Int(pay.payee)].product
                let card: String
                switch product {
                case "腾讯": card = rng.pick(["Q币充值", "腾讯游戏点券"])
                case "苏宁": card = "苏宁易购卡"
                case "京东": card = rng.pick(["京东E卡", "京东礼品卡"])
                case "骏网": card = "骏网一卡通"
                case "网易": card = "网易一卡通"
                default: card = "盛大一卡通"
                }
                parts.append("购买\(card)共\(amt)并将卡密发给对方")
            case .crypto:
                let acct = accountText(pay.payee, &rng)
                parts.append("按对方要求向USDT卖家" + (acct.hasPrefix("尾号") ? acct : "的账户" + acct) + "转账\(amt)购买虚拟币充值到平台")
            }
        }
        s += parts.joined(separator: "，又")
        let totalText = Spelling.yuan(total, &rng)
        s += rng.pick(["，后发现被骗，损失\(totalText)。", "，共计被骗\(totalText)。", "，被骗\(totalText)。", "，后对方拉黑其联系方式，共被骗\(totalText)。",
                       "，无法提现后发现被骗，损失\(totalText)。"])
        if rng.chance(0.25) { s += rng.pick(["对方已将其拉黑。", "事主称对方说普通话带口音。", "事主已自行冻结银行卡。", "对方使用境外号码联系。"]) }
        return s
    }
}
