import ChainBreakerCore

/// Which columns of a plain transfer CSV hold what, e.g. the command-line
/// `--map from=orig_acct,to=bene_acct,amount=base_amt,time=tran_timestamp`.
///
/// Keys: `from`, `to`, `amount`, `time` (required); `id`, `channel` (optional);
/// `unit` = `yuan` (default, decimal) or `fen` / `cents` (integer minor units);
/// `round` = `yes` to round amounts finer than a fen to the nearest fen (half away from zero;
/// otherwise such rows are rejected, money is never rounded silently);
/// `step` = `second|minute|hour|day` when the time column is an integer count of that unit
/// from `start` (`YYYY-MM-DD`, Beijing midnight; default 1970-01-01), as in PaySim.
///
/// A column is named by its header, by `Name#2` for the second column of that name (public
/// datasets repeat headers such as `Account`), or by its 1-based position `#3`.
public struct TransferColumnMapping: Sendable, Equatable {
    public var from: String
    public var to: String
    public var amount: String
    public var time: String
    public var id: String?
    public var channel: String?
    public var amountInMinorUnits = false
    public var roundToFen = false
    /// Seconds per time step when the time column is an integer count; nil for timestamps.
    public var stepSeconds: Int64?
    /// Origin of integer time steps.
    public var stepStart = Instant(seconds: 0)

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
            guard ["from", "to", "amount", "time", "id", "channel", "unit", "round", "step", "start"].contains(kv[0]) else {
                throw IngestError(.badMapping, "unknown mapping key '\(kv[0])' (use from, to, amount, time, id, channel, unit, round, step, start)")
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
        if let r = d["round"] {
            switch r.lowercased() {
            case "yes", "true", "1", "fen": m.roundToFen = true
            case "no", "false", "0": m.roundToFen = false
            default: throw IngestError(.badMapping, "round must be yes or no, not '\(r)'")
            }
        }
        if let st = d["step"] {
            switch st.lowercased() {
            case "second", "s": m.stepSeconds = 1
            case "minute", "min": m.stepSeconds = 60
            case "hour", "h": m.stepSeconds = 3600
            case "day", "d": m.stepSeconds = 86_400
            default: throw IngestError(.badMapping, "step must be second, minute, hour or day, not '\(st)'")
            }
        }
        if let start = d["start"] {
            guard let t = Instant.parse(start) else { throw IngestError(.badMapping, "start '\(start)' is not a date") }
            m.stepStart = t
        }
        return m
    }

    /// Resolves a column reference (`Name`, `Name#k`, `#k`) against cleaned header names.
    static func resolve(_ ref: String, in names: [String]) -> Int? {
        if ref.hasPrefix("#"), let k = Int(ref.dropFirst()), k >= 1, k <= names.count { return k - 1 }
        var name = ref
        var occurrence = 1
        if let hash = ref.lastIndex(of: "#"), let k = Int(ref[ref.index(after: hash)...]), k >= 1 {
            name = String(ref[..<hash]); occurrence = k
        }
        let clean = cleanHeaderName(name)
        var seen = 0
        for (i, n) in names.enumerated() where n == clean {
            seen += 1
            if seen == occurrence { return i }
        }
        return nil
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
