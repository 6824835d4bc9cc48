/// One real-time event with its identifiers interned to dense integer ids (the adapter interns
/// once; the engine only hashes and indexes integers). Id spaces are separate per kind: phones,
/// accounts, apps, sites.
///
/// * call / sms: `a` caller phone, `b` callee phone, `duration` seconds (0 = not answered);
/// * transfer: `a` paying account (-1 for a cash deposit), `b` receiving account (-1 for cash),
///   `amountFen`, `channel`;
/// * app_install: `a` phone, `b` app; url_visit: `a` phone, `b` site (`NormalizedURL.key`).
public struct WarningEvent: Sendable, Equatable {
    public var time: Int64
    public var type: EventType
    public var a: Int32
    public var b: Int32
    public var amountFen: Int64
    public var duration: Int32
    public var channel: TransferChannel

    public init(time: Int64, type: EventType, a: Int32, b: Int32, amountFen: Int64 = 0, duration: Int32 = 0, channel: TransferChannel = .other) {
        self.time = time; self.type = type; self.a = a; self.b = b; self.amountFen = amountFen; self.duration = duration; self.channel = channel
    }
}

/// A warning (预警): who to call or which payment to hold, why, and the events that show it.
public struct Warning: Sendable, Equatable {
    public enum Level: UInt8, Sendable, Comparable, CustomStringConvertible {
        case low = 0, medium = 1, high = 2
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public var description: String { switch self { case .low: "low"; case .medium: "medium"; case .high: "high" } }
    }
    public enum Action: UInt8, Sendable, CustomStringConvertible {
        /// 劝阻: call the person.
        case dissuade = 1
        /// 拦截: hold the payment (the warning fired on the transfer itself).
        case intercept = 2
        public var description: String { switch self { case .dissuade: "dissuade"; case .intercept: "intercept" } }
    }
    public enum SubjectKind: UInt8, Sendable { case phone = 1, account = 2 }
    /// Which detector fired (for tests and ablation).
    public enum Detector: UInt8, Sendable, CaseIterable, CustomStringConvertible {
        case flaggedSite = 1, flaggedApp, scamCall, flaggedPayee, escalation, learnedSite, freshPayee, strangerCall, escalatedPayee
        public var description: String {
            switch self {
            case .flaggedSite: "flagged_site"; case .flaggedApp: "flagged_app"; case .scamCall: "scam_call"
            case .flaggedPayee: "flagged_payee"; case .escalation: "escalation"; case .learnedSite: "learned_site"
            case .freshPayee: "fresh_payee"; case .strangerCall: "stranger_call"; case .escalatedPayee: "escalated_payee"
            }
        }
    }

    public var time: Int64
    public var subjectKind: SubjectKind
    /// Dense id in the subject kind's id space.
    public var subject: Int32
    public var level: Level
    public var action: Action
    public var detector: Detector
    public var reasons: [String]
    /// Sequence numbers (0-based order of `process` calls) of the events that show it.
    public var evidence: [Int]
}
