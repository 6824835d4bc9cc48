/// The banks of the city: codes used in file names, full and short names, card BINs with card
/// lengths, the shape of the bank-internal account number (交易账号) and the serial prefix.
struct Bank: Sendable {
    let code: String            // ICBC, CCB, …
    let fullName: String        // 中国工商银行
    let shortName: String       // 工商银行
    let bins: [String]          // 6-digit BINs
    let cardLength: Int         // 16…19
    /// nil = the internal account number equals the card number; else its prefix and length.
    let accountPrefix: String?
    let accountLength: Int
    let serialPrefix: String    // 4 digits
    let weight: Double          // share of personal cards
    let corporatePrefix: String // corporate account numbers start with this

    var branchName: String { fullName + "江城分行" }
    func branch(city: String) -> String { fullName + city + "分行" }
    var counterName: String { fullName + "江城分行营业部" }
}

enum BankCatalog {
    static let banks: [Bank] = [
        Bank(code: "ICBC", fullName: "中国工商银行", shortName: "工商银行", bins: ["621226", "622202", "621558", "621559", "622208"], cardLength: 19,
             accountPrefix: "1202", accountLength: 19, serialPrefix: "0102", weight: 15, corporatePrefix: "1202"),
        Bank(code: "CCB", fullName: "中国建设银行", shortName: "建设银行", bins: ["621700", "622700", "436742", "622280"], cardLength: 19,
             accountPrefix: "3305", accountLength: 20, serialPrefix: "0105", weight: 13, corporatePrefix: "3305"),
        Bank(code: "ABC", fullName: "中国农业银行", shortName: "农业银行", bins: ["622848", "622845", "622846", "623052"], cardLength: 19,
             accountPrefix: "1908", accountLength: 19, serialPrefix: "0103", weight: 12, corporatePrefix: "1908"),
        Bank(code: "BOC", fullName: "中国银行", shortName: "中国银行", bins: ["621661", "456351", "621785", "621663"], cardLength: 19,
             accountPrefix: "3615", accountLength: 18, serialPrefix: "0104", weight: 9, corporatePrefix: "3615"),
        Bank(code: "BOCOM", fullName: "交通银行", shortName: "交通银行", bins: ["622262", "622260", "622261"], cardLength: 19,
             accountPrefix: "3310", accountLength: 20, serialPrefix: "0301", weight: 6, corporatePrefix: "3310"),
        Bank(code: "CMB", fullName: "招商银行", shortName: "招商银行", bins: ["622588", "621286", "621483", "621485"], cardLength: 16,
             accountPrefix: nil, accountLength: 16, serialPrefix: "0308", weight: 8, corporatePrefix: "5719"),
        Bank(code: "PSBC", fullName: "中国邮政储蓄银行", shortName: "邮储银行", bins: ["621799", "622188", "622180"], cardLength: 19,
             accountPrefix: "9330", accountLength: 19, serialPrefix: "0403", weight: 8, corporatePrefix: "9330"),
        Bank(code: "CIB", fullName: "兴业银行", shortName: "兴业银行", bins: ["622909", "622908"], cardLength: 18,
             accountPrefix: nil, accountLength: 18, serialPrefix: "0309", weight: 4, corporatePrefix: "3560"),
        Bank(code: "SPDB", fullName: "上海浦东发展银行", shortName: "浦发银行", bins: ["622521", "622522"], cardLength: 16,
             accountPrefix: nil, accountLength: 16, serialPrefix: "0310", weight: 3.5, corporatePrefix: "9501"),
        Bank(code: "CMBC", fullName: "中国民生银行", shortName: "民生银行", bins: ["622622", "621691", "622617"], cardLength: 16,
             accountPrefix: nil, accountLength: 16, serialPrefix: "0305", weight: 3.5, corporatePrefix: "6980"),
        Bank(code: "CITIC", fullName: "中信银行", shortName: "中信银行", bins: ["622690", "621771", "622691"], cardLength: 16,
             accountPrefix: "8110", accountLength: 18, serialPrefix: "0302", weight: 3, corporatePrefix: "8110"),
        Bank(code: "CEB", fullName: "中国光大银行", shortName: "光大银行", bins: ["622662", "622660", "622663"], cardLength: 16,
             accountPrefix: "7665", accountLength: 18, serialPrefix: "0303", weight: 3, corporatePrefix: "7665"),
        Bank(code: "PAB", fullName: "平安银行", shortName: "平安银行", bins: ["622155", "622298", "622157"], cardLength: 16,
             accountPrefix: nil, accountLength: 16, serialPrefix: "0307", weight: 3, corporatePrefix: "1501"),
        Bank(code: "JCRCB", fullName: "浙江江城农村商业银行", shortName: "江城农商银行", bins: ["622858", "621058"], cardLength: 19,
             accountPrefix: "2010", accountLength: 19, serialPrefix: "1402", weight: 4, corporatePrefix: "2010"),
    ]

    static func index(of code: String) -> Int { banks.firstIndex { $0.code == code }! }
}
