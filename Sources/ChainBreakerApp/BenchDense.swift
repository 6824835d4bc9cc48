import ChainBreakerCore
import Foundation

extension Bench {
    /// Dense-block detectors on an edge list `src,dst,amount` (see ``graphAlgorithms(path:reps:)``):
    /// Fraudar (payers × payees, one block, logarithmic column weighting, unweighted as in the
    /// authors' code and amount-weighted), and FlowScope (middle candidates = accounts with both
    /// in- and out-flow; layer building timed apart from detection). Parsing is not timed.
    public static func denseBlocks(path: String, reps: Int) throws -> [Figure] {
        let (from, to, amount, nodes) = try readEdgeList(path: path)
        var out: [Figure] = []
        var block: DenseBlock?
        out.append(figure("Fraudar, 1 block, log column weighting, unweighted (\(from.count) edges, \(nodes) x \(nodes))", reps: reps) {
            block = Fraudar.detect(rows: nodes, columns: nodes, edgeRows: from, edgeColumns: to).first; return from.count
        })
        out[out.count - 1].note = block.map { String(format: "block %d x %d, density %.4f", $0.rows.count, $0.columns.count, $0.density) } ?? "no block"
        out.append(figure("Fraudar, 1 block, log column weighting, amount-weighted", reps: reps) {
            block = Fraudar.detect(rows: nodes, columns: nodes, edgeRows: from, edgeColumns: to, weights: amount).first; return from.count
        })
        out[out.count - 1].note = block.map { String(format: "block %d x %d, density %.4f", $0.rows.count, $0.columns.count, $0.density) } ?? "no block"
        let g = WeightedGraph(nodeCount: nodes, from: from, to: to, weights: amount, undirected: false)
        var layers: (inEdges: FlowScope.Edges, outEdges: FlowScope.Edges)?
        out.append(figure("FlowScope layers from the transfer graph (middles = in and out flow)", reps: reps) {
            layers = FlowScope.layers(of: g); return from.count
        })
        let (ie, oe) = layers!
        out[out.count - 1].note = "\(ie.from.count) source->middle, \(oe.from.count) middle->destination edges"
        var flow: FlowBlock?
        out.append(figure("FlowScope, 1 block, alpha 0.8 (3 layers)", reps: reps) {
            flow = FlowScope.detect(nodeCount: nodes, inEdges: ie, outEdges: oe).first; return ie.from.count + oe.from.count
        })
        out[out.count - 1].note = flow.map { String(format: "block %d -> %d -> %d accounts, score %.2f", $0.sources.count, $0.middles.count, $0.destinations.count, $0.score) } ?? "no block"
        return out
    }

    /// Reads `src,dst,amount` (header line, integer ids, amounts with up to two decimals).
    static func readEdgeList(path: String) throws -> (from: [Int32], to: [Int32], amount: [Double], nodes: Int) {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError(.notFound, "no file \(path)") }
        var from: [Int32] = [], to: [Int32] = [], weight: [Double] = []
        var n: Int32 = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i < b.count && b[i] != 0x0A { i += 1 }   // header
            i += 1
            while i < b.count {
                var a: Int32 = 0, c: Int32 = 0, fen: Int64 = 0, frac = -1
                while i < b.count && b[i] != 0x2C { a = a * 10 + Int32(b[i] &- 0x30); i += 1 }
                i += 1
                while i < b.count && b[i] != 0x2C { c = c * 10 + Int32(b[i] &- 0x30); i += 1 }
                i += 1
                while i < b.count && b[i] != 0x0A && b[i] != 0x0D {
                    if b[i] == 0x2E { frac = 0 } else if frac < 2 { fen = fen * 10 + Int64(b[i] &- 0x30); if frac >= 0 { frac += 1 } }
                    i += 1
                }
                while frac >= 0 && frac < 2 { fen *= 10; frac += 1 }
                if frac < 0 { fen *= 100 }
                while i < b.count && (b[i] == 0x0A || b[i] == 0x0D) { i += 1 }
                from.append(a); to.append(c); weight.append(Double(fen) / 100)
                n = max(n, a + 1, c + 1)
            }
        }
        return (from, to, weight, Int(n))
    }
}
