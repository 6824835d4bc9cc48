/// How a fraud type reaches and robs its victims: contact channel, target ages, number and size
/// of payments, payment-method mix, whether the group pays small rebates first, and which
/// "tools" (APPs / sites) are involved.
struct FraudProfile {
    enum Contact: String { case phone, sms, qq, wechat, dating, web }

    let type: String
    let contacts: [(Contact, Double)]
    let ages: ClosedRange<Int>
    let maleShare: Double
    let payments: ClosedRange<Int>
    /// log-normal median (yuan) of one payment and its spread
    let medianYuan: Double
    let sigma: Double
    let escalate: Bool          // payments grow (刷单, 投资)
    let methods: [Double]       // bank, tenpay, gamecard, crypto
    let rebates: Bool
    let usesLeak: Double        // probability that the group works from a data leak
    let fraudApps: [String]
    let siteWords: [String]
    let legitApps: [String]     // tools the victim is told to install
    let usesGOIP: Bool
    let usesDrainage: Bool
    let reportRate: Double

    static let all: [FraudProfile] = [
        FraudProfile(type: "冒充电商物流客服", contacts: [(.phone, 0.85), (.qq, 0.15)], ages: 20...60, maleShare: 0.45, payments: 1...5,
                     medianYuan: 14_000, sigma: 0.8, escalate: false, methods: [0.72, 0.16, 0.09, 0.03], rebates: false, usesLeak: 1.0,
                     fraudApps: [], siteWords: [], legitApps: NameBank.screenShareApps, usesGOIP: true, usesDrainage: false, reportRate: 0.9),
        FraudProfile(type: "刷单返利", contacts: [(.qq, 0.45), (.wechat, 0.4), (.web, 0.15)], ages: 18...45, maleShare: 0.4, payments: 2...7,
                     medianYuan: 1_800, sigma: 1.0, escalate: true, methods: [0.55, 0.32, 0.1, 0.03], rebates: true, usesLeak: 0.35,
                     fraudApps: ["赚赚兼职", "优米兼职", "悬赏猫", "蜜蜂兼职", "点点赚"], siteWords: ["gbhx", "ovxvp", "zhuanke", "tasku"],
                     legitApps: [], usesGOIP: false, usesDrainage: true, reportRate: 0.85),
        FraudProfile(type: "虚假网络投资理财", contacts: [(.wechat, 0.45), (.dating, 0.25), (.qq, 0.2), (.web, 0.1)], ages: 25...62, maleShare: 0.5,
                     payments: 2...6, medianYuan: 22_000, sigma: 0.9, escalate: true, methods: [0.68, 0.2, 0.02, 0.1], rebates: true, usesLeak: 0.3,
                     fraudApps: ["金盛财富", "汇鑫国际", "中金优选", "MT5", "鼎泰证券"], siteWords: ["sftf", "hxgj", "zjyx", "dtzq"],
                     legitApps: NameBank.datingApps, usesGOIP: false, usesDrainage: true, reportRate: 0.8),
        FraudProfile(type: "虚假网络贷款", contacts: [(.sms, 0.5), (.phone, 0.3), (.web, 0.2)], ages: 20...45, maleShare: 0.55, payments: 1...5,
                     medianYuan: 3_500, sigma: 0.7, escalate: true, methods: [0.7, 0.22, 0.05, 0.03], rebates: false, usesLeak: 0.6,
                     fraudApps: ["借呗花", "易借钱包", "速贷之家", "安心借"], siteWords: ["jqb", "ydqb", "sdzj"],
                     legitApps: [], usesGOIP: true, usesDrainage: true, reportRate: 0.85),
        FraudProfile(type: "冒充公检法及政府机关", contacts: [(.phone, 1.0)], ages: 40...78, maleShare: 0.45, payments: 1...4,
                     medianYuan: 60_000, sigma: 0.8, escalate: false, methods: [0.9, 0.05, 0.0, 0.05], rebates: false, usesLeak: 0.8,
                     fraudApps: ["安全防护", "清算中心"], siteWords: ["gaj-qc", "zfqs", "safe-110"], legitApps: ["云视讯", "ZOOM"],
                     usesGOIP: true, usesDrainage: false, reportRate: 0.92),
        FraudProfile(type: "网络婚恋交友", contacts: [(.dating, 0.6), (.wechat, 0.4)], ages: 28...60, maleShare: 0.7, payments: 2...6,
                     medianYuan: 16_000, sigma: 0.9, escalate: true, methods: [0.7, 0.2, 0.02, 0.08], rebates: true, usesLeak: 0.2,
                     fraudApps: ["博雅娱乐", "澳门威尼斯人"], siteWords: ["bylc", "wnsr"], legitApps: NameBank.datingApps,
                     usesGOIP: false, usesDrainage: true, reportRate: 0.75),
        FraudProfile(type: "裸聊敲诈", contacts: [(.qq, 0.5), (.dating, 0.5)], ages: 18...50, maleShare: 0.95, payments: 1...4,
                     medianYuan: 6_000, sigma: 0.8, escalate: false, methods: [0.65, 0.3, 0.03, 0.02], rebates: false, usesLeak: 0.1,
                     fraudApps: ["蜜聊", "夜色直播", "同城约"], siteWords: ["mlzb", "ysdl"], legitApps: [], usesGOIP: false,
                     usesDrainage: true, reportRate: 0.6),
        FraudProfile(type: "虚假购物服务", contacts: [(.wechat, 0.5), (.qq, 0.2), (.web, 0.3)], ages: 18...50, maleShare: 0.45, payments: 1...4,
                     medianYuan: 1_500, sigma: 0.9, escalate: false, methods: [0.5, 0.42, 0.05, 0.03], rebates: false, usesLeak: 0.4,
                     fraudApps: [], siteWords: ["xhsc", "ppgo", "shopvip"], legitApps: [], usesGOIP: false, usesDrainage: true, reportRate: 0.8),
        FraudProfile(type: "冒充领导熟人", contacts: [(.qq, 0.6), (.wechat, 0.4)], ages: 28...58, maleShare: 0.5, payments: 1...3,
                     medianYuan: 30_000, sigma: 0.8, escalate: false, methods: [0.9, 0.1, 0.0, 0.0], rebates: false, usesLeak: 0.2,
                     fraudApps: [], siteWords: [], legitApps: [], usesGOIP: false, usesDrainage: false, reportRate: 0.9),
        FraudProfile(type: "网络游戏虚假交易", contacts: [(.qq, 0.7), (.web, 0.3)], ages: 14...32, maleShare: 0.75, payments: 1...5,
                     medianYuan: 900, sigma: 0.8, escalate: true, methods: [0.4, 0.3, 0.28, 0.02], rebates: false, usesLeak: 0.2,
                     fraudApps: ["交易猫", "盼之代售"], siteWords: ["jym-", "pzds", "gamejy"], legitApps: [], usesGOIP: false,
                     usesDrainage: true, reportRate: 0.75),
        FraudProfile(type: "虚假征信", contacts: [(.phone, 0.9), (.sms, 0.1)], ages: 20...38, maleShare: 0.5, payments: 1...5,
                     medianYuan: 18_000, sigma: 0.8, escalate: false, methods: [0.8, 0.12, 0.03, 0.05], rebates: false, usesLeak: 0.8,
                     fraudApps: [], siteWords: [], legitApps: NameBank.screenShareApps, usesGOIP: true, usesDrainage: false, reportRate: 0.9),
    ]

    /// Relative frequency of the types (the common ones come first in small cities).
    static let weights: [Double] = [5, 5, 4.5, 2, 2, 1.5, 1.2, 1.5, 1, 1, 1.5]

    static func profile(_ type: String) -> FraudProfile { all.first { $0.type == type }! }
}
