import ChainBreakerCore

/// The kinds of input file ChainBreaker reads.
public enum FileKind: String, Sendable, Codable, CaseIterable {
    case statement, tenpay, cases, calls
    case imAccounts = "im_accounts", imUnblocks = "im_unblocks"
    case orders, tags, events
    /// A plain transfer CSV (public AML datasets) read through a column mapping.
    case transfers

    /// Detects a file's kind from its first records (header, possibly after title lines).
    /// Returns nil when nothing matches. O(first 20 records).
    public static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> FileKind? {
        if EventParser.looksLikeJSONL(bytes) { return .events }
        var s = CSVScanner(bytes)
        var n = 0
        while n < 20, s.next() {
            n += 1
            if StatementParser.isHeader(s) { return .statement }
            if TenpayParser.isHeader(s) { return .tenpay }
            var names = Set<String>()
            for i in 0..<s.fieldCount { names.insert(cleanHeaderName(s.string(i))) }
            if names.contains("案件编号") || names.contains("警情编号") { return .cases }
            if names.contains("主叫号码") && names.contains("被叫号码") { return .calls }
            if names.contains("被解封账号") { return .imUnblocks }
            if names.contains("平台") && names.contains("账号") && (names.contains("绑定手机号") || names.contains("注册时间")) { return .imAccounts }
            if names.contains("运单号") { return .orders }
            if names.contains("实体类型") && names.contains("实体标识") { return .tags }
            if n == 1 && TransferColumnMapping.guess(header: s) != nil { return .transfers }
        }
        return nil
    }
}
