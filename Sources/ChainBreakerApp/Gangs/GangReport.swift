import ChainBreakerCore

/// What `chainbreaker gangs` reports, in the JSON shape (money in fen). Entities are
/// written `kind:value` with kinds `account, person, phone, qq, wechat, device, url, app`.
public struct GangReport: Sendable, Codable, Equatable {
    public struct Member: Sendable, Codable, Equatable {
        public var entity: String
        public var role: String
        public var evidence: [String]
        public init(entity: String, role: String, evidence: [String]) { self.entity = entity; self.role = role; self.evidence = evidence }
    }
    public struct Stage: Sendable, Codable, Equatable {
        /// contact, payment, layering, consolidation, exit
        public var stage: String
        public var entities: Int
        public var summary: String
    }
    public struct Event: Sendable, Codable, Equatable {
        public var time: Int64
        public var what: String
    }
    public struct Gang: Sendable, Codable, Equatable {
        public var id: String
        public var fraud_types: [String]
        public var cases: [String]
        public var loss_fen: Int64
        public var traced_fen: Int64
        public var members: [Member]
        public var chain: [Stage]
        public var timeline: [Event]
    }
    public struct Shared: Sendable, Codable, Equatable {
        public var entity: String
        public var role: String
        public var gangs: [String]
        public var evidence: [String]
    }
    public var gangs: [Gang]
    public var shared: [Shared]
}
