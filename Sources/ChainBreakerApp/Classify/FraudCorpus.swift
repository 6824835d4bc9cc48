import Foundation

/// The training corpus of the default fraud-type model: hand-written fragments per fraud type —
/// the way victims tell it in a 简要案情 and the way fraudsters write their messages, several
/// scripts per type — composed with shared openings, contact channels, platforms, payments and
/// endings by a seeded generator. It is written independently of the synthetic city's
/// `NarrativeBuilder` so that the generator's own templates are not what the default model learns.
/// Deterministic for a seed; O(documents).
public enum FraudCorpus {
    struct RNG {
        var s: UInt64
        mutating func next() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
        mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }
    }

    /// Class-specific story fragments (victim's account or the fraudster's words). `{P}` is a
    /// platform or app, `{A}` an amount, `{N}` a name.
    static let stories: [String: [String]] = [
        "刷单返利": [
            "对方发来招聘兼职的信息，称在家动动手指做任务就能日赚几百元，先做点赞关注的小任务返了佣金",
            "在{P}上看到刷单兼职广告，按要求垫付货款购买商品刷信誉，前两单本金加佣金返还了",
            "对方拉其进入任务群，派单员让其完成连环单，称必须做完三单才能一起返还本金和佣金",
            "对方称系统卡单、操作超时导致任务冻结，需要继续充值做单才能解冻提现",
            "【兼职】招募手机兼职人员，刷单点赞，一单一结，佣金百分之十五，加老师领取任务",
            "做了几单小额任务后返利到账，接着被要求做大额联单，充值{A}后提示账户异常无法提现",
            "被拉进抖音点赞任务群，截图给接待员领红包，随后被引导下载{P}做垫付任务",
            "对方自称商家运营，需要提升店铺销量，垫资购物后返还本金并给百分之十佣金",
            "宝妈学生在家可做，手机操作时间自由，日结两三百，刷单返现不收任何费用",
            "导师说账户信誉分不足，需要再充值{A}补单才能把之前的本金和佣金一起提现",
        ],
        "虚假网络投资理财": [
            "对方自称投资导师，把其拉入股票交流群，群里每天有老师讲课荐股，称有内幕消息",
            "对方推荐其在{P}平台投资数字货币，称有漏洞稳赚不赔，先小额投入提现成功",
            "在群里看到其他群友晒收益截图，于是下载{P}入金炒外汇期货，账面盈利后无法出金",
            "对方称平台提现需要缴纳个人所得税和保证金，否则账户将被冻结",
            "老师带单操作，说跟着指令买入就能翻倍，加入VIP需要充值{A}",
            "对方介绍一个博彩漏洞平台，说能稳赚，让其充值下注，赢了钱后被要求交手续费才能提现",
            "通过理财直播间认识分析师，分析师推荐购买原始股和虚拟币，说收益率百分之三百",
            "平台显示收益{A}，申请提现时客服称账户流水不足需要继续投资",
            "对方自称证券公司客户经理，带其打新股做港股打板，要求把资金转入专用通道账户",
            "投资理财群里的助理让其在{P}开户，说是国家扶持的养老项目，保本高息",
        ],
        "虚假网络贷款": [
            "对方称可以办理无抵押低息贷款，当天放款，让其下载{P}填写资料申请",
            "申请贷款后平台显示银行卡号填写错误，资金被冻结，需要缴纳解冻金才能放款",
            "对方称其信用分不够，需要先交会员费和刷流水证明还款能力才能贷款{A}",
            "【急速贷】无需征信无需抵押，凭身份证即可借款，最高二十万，点击链接申请",
            "贷款客服称放款前需要缴纳保证金和手续费，放款后一并退还",
            "在网上搜索贷款，添加对方后被要求缴纳工本费、保险费、验资费",
            "对方说贷款审核通过，但需要先转一笔钱证明有还款能力，转账后对方失联",
            "您好，您有一笔{A}的备用金额度待领取，年化利率低至百分之三，秒到账",
            "贷款APP提示账户异常被风控，客服让其充值解冻，否则会上征信黑名单",
        ],
        "冒充电商物流客服": [
            "对方自称{P}客服，称其购买的商品有质量问题，可以办理退款理赔",
            "对方冒充快递客服称其包裹在运输途中丢失，要双倍赔偿，让其点击链接填写信息",
            "对方称其误开通了店铺会员或百万保障服务，如不取消每月将自动扣费",
            "客服让其下载会议软件开启屏幕共享，引导其在借贷平台借款后转入指定账户",
            "对方准确说出其订单号和收货地址，称商家操作失误需要退款，让其提供银行卡验证码",
            "亲，您在本店购买的商品因质检不合格已被召回，我们将为您办理三倍赔偿，请添加理赔专员",
            "对方自称航空公司客服，称其航班取消需要改签，可获得补偿，让其按提示操作转账",
            "对方以关闭直播平台主播身份、取消抖音会员为由，让其把钱转到安全验证账户",
            "客服称理赔需要先验证其支付宝备用金，让其把借出的钱转到对方账户",
            "对方说其快递被海关扣押需要缴纳关税和清关费用",
        ],
        "冒充公检法及政府机关": [
            "对方自称公安局民警，称其身份信息被冒用，涉嫌洗钱案件，需要配合调查",
            "对方出示了通缉令和逮捕令照片，称要冻结其名下全部资产，让其把钱转入安全账户进行资金清查",
            "对方自称检察院工作人员，要求其对案件严格保密，不能告诉家人，否则按妨碍司法处理",
            "对方冒充社保局称其医保卡在外地违规套现，随后转接给所谓的警官",
            "对方自称法院工作人员，称其涉嫌一起非法集资案，需要缴纳保证金证明清白",
            "对方称其快递里有违禁物品，转接到派出所后，警官让其下载软件做资金核查",
            "对方冒充卫健委防疫部门，称其行程码异常涉嫌传播疫情，需要配合公安调查",
            "您好，这里是市公安局刑侦支队，您涉嫌一起跨境洗钱案，请立即到安全的地方配合视频笔录",
            "对方冒充税务局称其有一笔个税未缴，需要补缴税款否则影响出行",
            "民警要求其将存款转到国家监管的清查账户，核查完毕后会原路退回",
        ],
        "网络婚恋交友": [
            "在婚恋网站上认识一名网友，对方自称在海外工作的成功人士，两人以男女朋友相称",
            "在{P}交友软件认识对方，聊了一段时间确定恋爱关系，对方称掌握博彩网站漏洞，带其一起赚钱",
            "对方称自己母亲生病住院急需手术费，向其借款{A}",
            "网恋对象以一起规划未来、攒钱结婚为由，诱导其在平台投资",
            "对方自称军人，长期在部队不便视频，以各种理由向其索要钱财",
            "亲爱的，我们以后一起买房子结婚，你先在这个平台充值，我教你稳赚",
            "通过交友软件认识的女友称要来看其，需要路费和车票钱，转账后被拉黑",
            "对方每天嘘寒问暖，确立恋爱关系后称有个赚钱项目，让其注册{P}投注",
            "对方自称单身富婆，说给其寄送贵重礼物，需要支付包裹通关费用",
        ],
        "裸聊敲诈": [
            "对方邀请其视频裸聊，诱导其下载{P}，随后将裸聊视频发给其看并威胁公布给通讯录好友",
            "裸聊后对方称已获取其手机通讯录，要求支付{A}，否则把不雅视频发给其家人同事",
            "在交友软件认识一名女子，对方主动提出裸聊，聊完后对方发来其不雅截图进行敲诈",
            "对方要求其安装插件才能视频，安装后手机通讯录被窃取，对方以此勒索",
            "对方发来其裸聊视频合成图片，威胁不转账就发到朋友圈和单位群",
            "付款后对方又以删除视频需要手续费为由继续敲诈勒索",
            "美女主播陪聊，私密视频一对一，下载专用软件观看",
        ],
        "虚假购物服务": [
            "在{P}看到低价出售的二手手机，联系卖家后按要求私下转账付款，对方收钱后未发货",
            "在朋友圈看到代购名牌包，付款后对方称需要缴纳关税才能发货",
            "对方称出售演唱会门票，付款后以出票失败需要交保证金为由继续要钱",
            "网购宠物狗，付款后对方称需要缴纳运输笼子费、疫苗费和保险费",
            "在网站上购买低价茅台酒，付款后对方以交易未完成需要缴纳订单解冻费为由让其转账",
            "对方称可以代办驾照和证件，先收取定金{A}，之后失联",
            "在微商处购买减肥药和保健品，付款后一直不发货，对方拉黑",
            "低价转让二手车，先交定金看车，对方收款后联系不上",
            "对方称可以提供代写论文和考试答案服务，付款后没有收到任何东西",
            "全新未拆封苹果手机半价出售，仅限今天，加微信私聊，走闲鱼交易链接",
        ],
        "冒充领导熟人": [
            "对方冒充其单位领导添加其微信，称有急事不方便出面，让其先帮忙转账给合作方",
            "对方使用其老板的头像和名字建群，在群里指示财务人员向指定账户转账{A}",
            "对方冒充其亲戚，称在外地出了车祸急需用钱，让其先转账周转",
            "对方冒充其儿子的班主任，在家长群里收取学费资料费",
            "对方冒充老同学称换了新号码，过几天向其借钱",
            "小王，我是{N}，明天到我办公室来一下，现在有个领导需要送礼，你先帮我转一下",
            "对方冒充其朋友发语音借钱，称银行卡被冻结，急需还款",
            "对方自称其领导的秘书，让其以领导的名义垫付一笔款项",
            "对方加其QQ自称是其外甥，说在学校打架要赔钱，不敢告诉父母",
        ],
        "网络游戏虚假交易": [
            "对方称低价出售游戏账号和皮肤装备，让其到指定的交易平台交易",
            "在游戏里认识对方，对方说有高价回收游戏账号，交易时平台提示账户冻结需要充值解冻",
            "对方出售游戏点券和金币，付款后对方称需要激活账号缴纳保证金",
            "购买游戏账号后，客服称其银行卡号输入错误导致资金冻结，需要转账解冻",
            "对方在游戏公屏喊话低价代练上分，收取代练费后拉黑",
            "在{P}游戏交易平台出售装备，买家称已付款但平台需要验证，让其缴纳保证金",
            "王者荣耀稀有皮肤免费领，添加客服QQ领取，按步骤充值激活",
            "对方称可以帮其解封游戏账号，收取费用后无法联系",
        ],
        "虚假征信": [
            "对方自称{P}工作人员，称其大学期间开通过校园贷，现在需要注销，否则影响个人征信",
            "对方称其征信有逾期记录，可以帮忙修复征信，让其把贷款额度清空",
            "对方称根据国家政策要求注销学生账户，不注销会影响征信，让其在多个平台借款后转出",
            "对方冒充银保监会工作人员，称其金条、白条利率不符合规定需要关闭，会影响征信",
            "客服让其开启屏幕共享，说要把借贷平台里的额度取出来转到监管账户才能清零",
            "对方称其开通了网贷账户，不注销将每月扣除利息并上报征信系统",
            "您好，您的个人征信存在不良记录，我们可以提供征信修复服务，费用{A}，保证通过",
        ],
        "其他": [
            "收到短信称其中了一等奖，奖品是一辆轿车，领奖前需要先缴纳个人所得税和公证费",
            "对方称可以帮其办理高额信用卡，收取办卡手续费后失联",
            "在网上参加一个慈善募捐活动，转账捐款后发现是假冒的慈善组织",
            "对方称其手机号码被抽中参加节目场外幸运观众，领奖需要交保证金",
            "对方以提供国外高薪工作机会为名，收取中介费和签证费",
            "加入一个追星粉丝群，对方称可以购买明星签名照和见面会名额，付款后被踢出群",
            "对方称可以帮其办理退税补贴和生育津贴，让其提供银行卡信息",
            "对方称可以帮其找回之前被骗的钱，需要先支付律师费和手续费",
            "在网上找人帮忙代考驾照科目，付款后对方不见了",
            "对方以养老项目为名，组织老人参加旅游和讲座，推销高价保健品",
            "收到短信称其ETC认证失效，需要点击链接重新认证，填写银行卡信息后被盗刷",
        ],
    ]

    static let platforms = ["淘宝", "京东", "拼多多", "抖音", "快手", "闲鱼", "微博", "小红书", "探探", "陌陌", "支付宝", "美团", "某APP",
                            "58同城", "转转", "交易猫", "蚂蚁金服", "京东金融", "度小满", "某贷款平台", "某投资平台", "一个陌生网站"]
    static let names = ["张总", "李局长", "王经理", "刘主任", "陈老师", "赵处长", "孙科长", "周书记"]
    static let victims = ["报警人", "受害人", "事主", "被害人", "报案人"]
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"]
    static let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "桂兰", "建华"]
    static let channels = ["接到陌生电话", "接到一个自称{X}的来电", "收到一条短信", "在QQ上被陌生人添加为好友", "被拉进一个微信群",
                           "在微信上被陌生人添加", "在网上浏览时看到广告", "通过{P}认识对方", "收到一封邮件", "在{P}上与对方联系"]

    static func amount(_ rng: inout RNG) -> String {
        switch rng.below(4) {
        case 0: return "\(100 * (1 + rng.below(500)))元"
        case 1: return "\(1 + rng.below(30))万元"
        case 2: return "人民币\(rng.below(90_000) + 100).\(rng.below(100))元"
        default: return "\(rng.below(9) + 1)千余元"
        }
    }

    static func fill(_ s: String, _ rng: inout RNG) -> String {
        var t = s
        while let r = t.range(of: "{P}") { t.replaceSubrange(r, with: rng.pick(platforms)) }
        while let r = t.range(of: "{A}") { t.replaceSubrange(r, with: amount(&rng)) }
        while let r = t.range(of: "{N}") { t.replaceSubrange(r, with: rng.pick(names)) }
        while let r = t.range(of: "{X}") { t.replaceSubrange(r, with: rng.pick(["客服", "工作人员", "民警", "老师", "朋友"])) }
        return t
    }

    static func date(_ rng: inout RNG) -> String {
        let m = 1 + rng.below(12), d = 1 + rng.below(28)
        switch rng.below(4) {
        case 0: return "\(m)月\(d)日"
        case 1: return "202\(rng.below(5))年\(m)月\(d)日"
        case 2: return "\(m)月\(d)日\(rng.pick(["上午", "下午", "晚上", "中午"]))"
        default: return "近日"
        }
    }

    /// One document of a label.
    static func document(_ label: String, _ rng: inout RNG) -> String {
        let own = stories[label] ?? stories[FraudTaxonomy.other]!
        var parts: [String] = []
        let first = rng.below(own.count)
        var second = rng.below(own.count)
        if second == first { second = (first + 1) % own.count }
        if rng.chance(0.25) {
            // A message as the fraudster sent it.
            parts.append(fill(own[first], &rng))
            if rng.chance(0.4) { parts.append(fill(own[second], &rng)) }
            return parts.joined(separator: "。") + rng.pick(["。", "！", "", "。详询客服。", "。回复TD退订"])
        }
        let name = rng.pick(surnames) + rng.pick(given)
        switch rng.below(5) {
        case 0: parts.append("\(rng.pick(victims))称：\(date(&rng))\(fill(rng.pick(channels), &rng))")
        case 1: parts.append("\(name)报案称，其于\(date(&rng))\(fill(rng.pick(channels), &rng))")
        case 2: parts.append("\(date(&rng))，\(rng.pick(victims))\(name)\(fill(rng.pick(channels), &rng))")
        case 3: parts.append("\(rng.pick(victims))\(name)（\(rng.chance(0.5) ? "男" : "女")，\(18 + rng.below(60))岁）\(fill(rng.pick(channels), &rng))")
        default: parts.append(fill(rng.pick(channels), &rng))
        }
        parts.append(fill(own[first], &rng))
        if rng.chance(0.6) { parts.append(fill(own[second], &rng)) }
        if rng.chance(0.8) {
            let pay = rng.pick(["通过手机银行向对方提供的账户转账", "分\(2 + rng.below(6))次向对方转账共", "通过微信扫码转账", "通过支付宝向对方转账",
                                "在ATM机上向对方账户存入", "向对方指定的银行卡转账", "按对方要求购买游戏充值卡共"])
            parts.append("其\(pay)\(amount(&rng))")
        }
        parts.append(rng.pick(["后发现被骗", "对方将其拉黑，遂报警", "共计损失\(amount(&rng))", "现已无法联系对方", "被骗\(amount(&rng))"]))
        return parts.joined(separator: rng.chance(0.5) ? "，" : "。") + "。"
    }

    /// `perLabel` documents for each label of `FraudTaxonomy.labels`, labels interleaved.
    public static func generate(perLabel: Int, seed: UInt64) -> (texts: [String], labels: [String]) {
        var rng = RNG(s: seed ^ 0xC1A5_51F1)
        var texts: [String] = [], labels: [String] = []
        texts.reserveCapacity(perLabel * FraudTaxonomy.labels.count)
        for _ in 0..<perLabel {
            for l in FraudTaxonomy.labels {
                texts.append(document(l, &rng)); labels.append(l)
            }
        }
        return (texts, labels)
    }
}
