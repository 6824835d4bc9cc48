/// Which columns of a plain transfer CSV hold what, e.g. the command-line
/// `--map from=orig_acct,to=bene_acct,amount=base_amt,time=tran_timestamp`.
///
/// Keys: `from`, `to`, `amount`, `time` (required); `id`, `channel` (optional);
/// `unit` = `yuan` (default, decimal) or `fen` / `cents` (integer minor units).
public struct TransferColumnMapping: Sendable, Equatable {
    public var from: String
    public var to: String
    public var amount: String
    public var time: String
    public var id: String?
    public var channel: String?
    public var amountInMinorUnits = false

    public init(from: String, to: String, amount: String, time: String, id: String? = nil, channel: String? = nil, amountInMinorUnits: Bool = false) {
        self.from = from; self.to = to; self.amount = amount; self.time = time; self.id = id; self.channel = channel
        self.amountInMinorUnits = amountInMinorUnits
    }

    /// Parses `key=column,key=column,…`.
    public static func parse(_ spec: String) throws(IngestError) -> TransferColumnMapping {
        var d: [String: String] = [:]
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw IngestError(.badMapping, "mapping item '\(part)' is not key=column")
            }
            guard ["from", "to", "amount", "time", "id", "channel", "unit"].contains(kv[0]) else {
                throw IngestError(.badMapping, "unknown mapping key '\(kv[0])' (use from, to, amount, time, id, channel, unit)")
            }
            d[kv[0]] = kv[1]
        }
        for k in ["from", "to", "amount", "time"] where d[k] == nil {
            throw IngestError(.badMapping, "mapping needs '\(k)=<column>'")
        }
        var m = TransferColumnMapping(from: d["from"]!, to: d["to"]!, amount: d["amount"]!, time: d["time"]!, id: d["id"], channel: d["channel"])
        if let u = d["unit"] {
            switch u.lowercased() {
            case "yuan", "decimal": m.amountInMinorUnits = false
            case "fen", "cents", "minor": m.amountInMinorUnits = true
            default: throw IngestError(.badMapping, "unit must be yuan or fen, not '\(u)'")
            }
        }
        return m
    }

    /// A mapping guessed from common English header names, or nil.
    public static func guess(header s: CSVScanner) -> TransferColumnMapping? {
        var names: [String] = []
        for i in 0..<s.fieldCount { names.append(s.string(i).trimmingSpaces) }
        func pick(_ candidates: [String]) -> String? {
            for c in candidates { if let n = names.first(where: { $0.lowercased() == c }) { return n } }
            return nil
        }
        guard let from = pick(["from_account", "from", "orig_acct", "source", "sender", "payer", "src_account"]),
              let to = pick(["to_account", "to", "bene_acct", "target", "receiver", "payee", "dst_account"]),
              let amount = pick(["amount", "base_amt", "amt", "value"]),
              let time = pick(["timestamp", "time", "tran_timestamp", "datetime", "date"]) else { return nil }
        return TransferColumnMapping(from: from, to: to, amount: amount, time: time,
                                     id: pick(["txn_id", "tran_id", "id", "transaction_id"]), channel: pick(["channel", "tx_type", "type"]))
    }
}
