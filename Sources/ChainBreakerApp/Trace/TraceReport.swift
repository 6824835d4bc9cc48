import ChainBreakerCore

/// Traces written with account numbers (what the CLI prints, the JSON carries and the pictures
/// draw). Money in fen, times in UTC seconds (`Instant`).
public struct TraceReport: Sendable, Codable, Equatable {
    public struct Sink: Sendable, Codable, Equatable {
        /// Account number, or "CASH" for ATM withdrawals.
        public var account: String
        public var kind: String
        public var amount_fen: Int64
        public var level: Int
        public init(account: String, kind: String, amount_fen: Int64, level: Int) {
            self.account = account; self.kind = kind; self.amount_fen = amount_fen; self.level = level
        }
    }
    public struct Account: Sendable, Codable, Equatable {
        public var account: String
        public var level: Int
        public var in_fen: Int64
        public var out_fen: Int64
        public init(account: String, level: Int, in_fen: Int64, out_fen: Int64) {
            self.account = account; self.level = level; self.in_fen = in_fen; self.out_fen = out_fen
        }
    }
    /// One movement of traced money: `level` is the receiving account's level.
    public struct Hop: Sendable, Codable, Equatable {
        public var from: String
        public var to: String
        public var amount_fen: Int64
        public var time: Int64
        public var level: Int
        public init(from: String, to: String, amount_fen: Int64, time: Int64, level: Int) {
            self.from = from; self.to = to; self.amount_fen = amount_fen; self.time = time; self.level = level
        }
    }
    public struct Trace: Sendable, Codable, Equatable {
        /// Case number, or nil for a trace started from an account or a transfer.
        public var `case`: String?
        public var victim_account: String
        public var amount_fen: Int64
        /// Time of the first traced payment.
        public var time: Int64
        public var sinks: [Sink]
        public var accounts: [Account]
        public var hops: [Hop]
        public init(case: String?, victim_account: String, amount_fen: Int64, time: Int64, sinks: [Sink], accounts: [Account], hops: [Hop]) {
            self.case = `case`; self.victim_account = victim_account; self.amount_fen = amount_fen; self.time = time
            self.sinks = sinks; self.accounts = accounts; self.hops = hops
        }
    }
    /// An account whose statement the analyst does not have, ranked by traced money (下一步调单).
    public struct Request: Sendable, Codable, Equatable {
        public var account: String
        public var amount_fen: Int64
        public var cases: [String]
        public var level: Int
        public init(account: String, amount_fen: Int64, cases: [String], level: Int) {
            self.account = account; self.amount_fen = amount_fen; self.cases = cases; self.level = level
        }
    }
    public var rule: String
    public var traces: [Trace]
    public var next_requests: [Request]
    public init(rule: String, traces: [Trace], next_requests: [Request]) {
        self.rule = rule; self.traces = traces; self.next_requests = next_requests
    }
}
