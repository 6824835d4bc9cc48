/// One movement of traced money along an edge.
public struct TraceHop: Sendable, Equatable {
    public var edge: Int32
    public var from: Int32
    public var to: Int32
    public var amountFen: Int64
    public var time: Int64
    /// Level of the receiving account along this path (1 = received directly from the victim).
    public var level: Int32
}

public struct TraceSink: Sendable, Equatable {
    public var account: Int32   // −1 = cash
    public var kind: SinkKind
    public var amountFen: Int64
    public var level: Int32
}

public struct TraceAccountFlow: Sendable, Equatable {
    public var account: Int32
    public var level: Int32
    public var inFen: Int64
    public var outFen: Int64
}

public struct TraceResult: Sendable, Equatable {
    public var seed: Int32
    public var amountFen: Int64
    public var hops: [TraceHop]
    public var accounts: [TraceAccountFlow]
    public var sinks: [TraceSink]
}
