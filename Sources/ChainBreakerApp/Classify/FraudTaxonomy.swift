import Foundation

/// The fraud types (案件类别) of the default model, in the order of the Ministry of Public
/// Security's common classification, and the spelling variants case files use for them.
public enum FraudTaxonomy {
    public static let other = "其他"
    public static let labels = ["刷单返利", "虚假网络投资理财", "虚假网络贷款", "冒充电商物流客服", "冒充公检法及政府机关", "网络婚恋交友",
                                "裸聊敲诈", "虚假购物服务", "冒充领导熟人", "网络游戏虚假交易", "虚假征信", other]

    /// A case file's 案件类别 in the default taxonomy's spelling when it is a variant of one
    /// (`刷单返利类`, `网络刷单返利诈骗`, `冒充公检法` …), else the text trimmed.
    public static func canonical(_ raw: String) -> String {
        var s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if labels.contains(s) { return s }
        for suffix in ["类诈骗", "诈骗", "类"] where s.hasSuffix(suffix) && s.count > suffix.count { s = String(s.dropLast(suffix.count)) }
        if labels.contains(s) { return s }
        let aliases: [(String, String)] = [
            ("刷单", "刷单返利"), ("投资理财", "虚假网络投资理财"), ("网络贷款", "虚假网络贷款"), ("贷款", "虚假网络贷款"),
            ("客服", "冒充电商物流客服"), ("公检法", "冒充公检法及政府机关"), ("婚恋", "网络婚恋交友"), ("交友", "网络婚恋交友"),
            ("裸聊", "裸聊敲诈"), ("购物", "虚假购物服务"), ("领导", "冒充领导熟人"), ("熟人", "冒充领导熟人"),
            ("游戏", "网络游戏虚假交易"), ("征信", "虚假征信"),
        ]
        for (key, label) in aliases where s.contains(key) { return label }
        return s
    }
}
