import ChainBreakerCore

/// Dense money flows over the whole transfer graph, for what group mining over victims' traced
/// money cannot see: ledgers without cases (AMLSim, IBM AML, a bank's export) and laundering
/// that reached no reported victim.
///
/// - `flowscope` (Li et al., AAAI 2020; `FlowScope`): source → middle → destination accounts
///   whose middles pass on almost all they receive. Middles are ordinary accounts only: payment
///   platforms, card merchants and OTC traders (tags, 摘要, `SinkAccountInference`) pass
///   everyone's money through and would top every block.
/// - `fraudar` (Hooi et al., KDD 2016; `Fraudar`): payers × payees blocks, camouflage-resistant
///   through logarithmic column weighting, unweighted (transfer counts, the authors' setting).
///
/// Blocks are found one after another, each on what the previous ones left. Cost: the
/// workspace load plus O(E log V) per block.
public enum DenseFlowJob {
    public enum Method: String, Sendable, CaseIterable { case flowscope, fraudar }

    public static func run(_ ws: TraceWorkspace, method: Method, blocks: Int, alpha: Double = 0.8) -> DenseFlowReport {
        let g = ws.graph
        // Transfers between two accounts, amounts in fen (exact in a Double up to 2^53).
        var from: [Int32] = [], to: [Int32] = [], amount: [Double] = []
        from.reserveCapacity(g.edgeCount); to.reserveCapacity(g.edgeCount); amount.reserveCapacity(g.edgeCount)
        for e in 0..<g.edgeCount where g.from[e] >= 0 && g.to[e] >= 0 && g.from[e] != g.to[e] && g.amountFen[e] > 0 {
            from.append(g.from[e]); to.append(g.to[e]); amount.append(Double(g.amountFen[e]))
        }
        let name = { (a: Int32) in ws.table.accounts[Int(a)] }
        switch method {
        case .flowscope:
            let wg = WeightedGraph(nodeCount: g.accountCount, from: from, to: to, weights: amount, undirected: false)
            let (ie, oe) = FlowScope.layers(of: wg)
            let ordinary = { (a: Int32) in ws.tracer.kinds[Int(a)] == .ordinary }
            let keepIn = ie.to.indices.filter { ordinary(ie.to[$0]) }
            let keepOut = oe.from.indices.filter { ordinary(oe.from[$0]) }
            let found = FlowScope.detect(nodeCount: g.accountCount,
                                         inEdges: (keepIn.map { ie.from[$0] }, keepIn.map { ie.to[$0] }, keepIn.map { ie.amount[$0] }),
                                         outEdges: (keepOut.map { oe.from[$0] }, keepOut.map { oe.to[$0] }, keepOut.map { oe.amount[$0] }),
                                         alpha: alpha, blocks: blocks)
            return DenseFlowReport(method: method.rawValue, blocks: found.map { b in
                let src = Set(b.sources), mid = Set(b.middles), dst = Set(b.destinations)
                var inFen: Int64 = 0, outFen: Int64 = 0, n = 0
                for k in from.indices {
                    if src.contains(from[k]) && mid.contains(to[k]) { inFen += Int64(amount[k]); n += 1 }
                    if mid.contains(from[k]) && dst.contains(to[k]) { outFen += Int64(amount[k]); n += 1 }
                }
                return DenseFlowReport.Block(score: b.score, sources: b.sources.map(name), middles: b.middles.map(name),
                                             destinations: b.destinations.map(name), inFen: inFen, outFen: outFen, transfers: n)
            })
        case .fraudar:
            let found = Fraudar.detect(rows: g.accountCount, columns: g.accountCount, edgeRows: from, edgeColumns: to, blocks: blocks)
            return DenseFlowReport(method: method.rawValue, blocks: found.map { b in
                let rows = Set(b.rows), cols = Set(b.columns)
                var fen: Int64 = 0, n = 0
                for k in from.indices where rows.contains(from[k]) && cols.contains(to[k]) { fen += Int64(amount[k]); n += 1 }
                return DenseFlowReport.Block(score: b.density, sources: b.rows.map(name), middles: [], destinations: b.columns.map(name),
                                             inFen: fen, outFen: fen, transfers: n)
            })
        }
    }
}

/// Blocks found by `DenseFlowJob`. For `fraudar`, `sources` are the payers, `destinations` the
/// payees and `middles` is empty; `in_fen` = `out_fen` = the money between them.
public struct DenseFlowReport: Sendable, Codable, Equatable {
    public struct Block: Sendable, Codable, Equatable {
        /// FlowScope's g(S) (money passed through per account, in fen) or Fraudar's density.
        public var score: Double
        public var sources: [String]
        public var middles: [String]
        public var destinations: [String]
        /// Money from the sources into the middles and from the middles to the destinations.
        public var inFen: Int64
        public var outFen: Int64
        /// Transfers inside the block.
        public var transfers: Int

        enum CodingKeys: String, CodingKey {
            case score, sources, middles, destinations, transfers
            case inFen = "in_fen", outFen = "out_fen"
        }
    }
    public var method: String
    public var blocks: [Block]
}

extension DenseFlowReport {
    /// The blocks for a terminal: sizes, money, and up to `limit` accounts per layer.
    public func text(limit: Int = 12) -> String {
        var s = blocks.isEmpty ? "No dense flow found (\(method)).\n" : ""
        func list(_ title: String, _ xs: [String]) {
            guard !xs.isEmpty else { return }
            s += "  \(title) (\(xs.count)): " + xs.prefix(limit).joined(separator: ", ")
            s += xs.count > limit ? ", … \(xs.count - limit) more\n" : "\n"
        }
        for (k, b) in blocks.enumerated() {
            if method == DenseFlowJob.Method.flowscope.rawValue {
                s += "Flow \(k + 1): \(b.sources.count) → \(b.middles.count) → \(b.destinations.count) accounts, "
                    + "\(RatingText.yuan(fen: b.inFen)) in, \(RatingText.yuan(fen: b.outFen)) passed on, \(b.transfers) transfers\n"
                list("sources", b.sources); list("middles (pass-through)", b.middles); list("destinations", b.destinations)
            } else {
                s += "Block \(k + 1): \(b.sources.count) payers × \(b.destinations.count) payees, "
                    + "\(RatingText.yuan(fen: b.inFen)) in \(b.transfers) transfers\n"
                list("payers", b.sources); list("payees", b.destinations)
            }
        }
        return s
    }
}
