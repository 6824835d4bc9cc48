/// The transfer graph in CSR layout: accounts are dense ids `0..<accountCount`, cash is −1.
/// Out-edges and in-edges of each account are sorted by (time, edge id); repeated transfers
/// between a pair stay separate edges. Built in O(E + V) by counting sort on account, then a
/// per-account sort by time (usually tiny lists).
public struct TransferGraph: Sendable {
    public let accountCount: Int
    public let from: [Int32]
    public let to: [Int32]
    public let amountFen: [Int64]
    public let time: [Int64]
    public let channel: [UInt8]
    /// `outOffsets[a]..<outOffsets[a+1]` indexes `outEdges`.
    public let outOffsets: [Int32]
    public let outEdges: [Int32]
    public let inOffsets: [Int32]
    public let inEdges: [Int32]

    public var edgeCount: Int { amountFen.count }

    public init(accountCount: Int, from: [Int32], to: [Int32], amountFen: [Int64], time: [Int64], channel: [UInt8]) {
        precondition(from.count == to.count && to.count == amountFen.count && amountFen.count == time.count && time.count == channel.count)
        self.accountCount = accountCount
        self.from = from; self.to = to; self.amountFen = amountFen; self.time = time; self.channel = channel
        (outOffsets, outEdges) = TransferGraph.csr(accountCount, from, time)
        (inOffsets, inEdges) = TransferGraph.csr(accountCount, to, time)
    }

    @inlinable public func outgoing(_ a: Int) -> ArraySlice<Int32> { outEdges[Int(outOffsets[a])..<Int(outOffsets[a + 1])] }
    @inlinable public func incoming(_ a: Int) -> ArraySlice<Int32> { inEdges[Int(inOffsets[a])..<Int(inOffsets[a + 1])] }

    static func csr(_ n: Int, _ key: [Int32], _ time: [Int64]) -> ([Int32], [Int32]) {
        var offsets = [Int32](repeating: 0, count: n + 1)
        for k in key where k >= 0 { offsets[Int(k) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var cursor = Array(offsets[0..<n])
        var edges = [Int32](repeating: 0, count: Int(offsets[n]))
        key.withUnsafeBufferPointer { kp in
            edges.withUnsafeMutableBufferPointer { ep in
                cursor.withUnsafeMutableBufferPointer { cp in
                    for e in 0..<kp.count {
                        let k = Int(kp[e]); if k < 0 { continue }
                        ep[Int(cp[k])] = Int32(e); cp[k] += 1
                    }
                }
            }
        }
        // Edge ids are in increasing order inside each bucket; sort by time only where needed.
        time.withUnsafeBufferPointer { tp in
            edges.withUnsafeMutableBufferPointer { ep in
                for a in 0..<n {
                    let lo = Int(offsets[a]), hi = Int(offsets[a + 1])
                    if hi - lo < 2 { continue }
                    var sorted = true
                    for i in (lo + 1)..<hi where tp[Int(ep[i - 1])] > tp[Int(ep[i])] { sorted = false; break }
                    if sorted { continue }
                    if hi - lo <= 16 {
                        for i in (lo + 1)..<hi {
                            let x = ep[i]; let tx = tp[Int(x)]; var j = i - 1
                            while j >= lo, tp[Int(ep[j])] > tx || (tp[Int(ep[j])] == tx && ep[j] > x) { ep[j + 1] = ep[j]; j -= 1 }
                            ep[j + 1] = x
                        }
                    } else {
                        ep[lo..<hi].sort { (tp[Int($0)], $0) < (tp[Int($1)], $1) }
                    }
                }
            }
        }
        return (offsets, edges)
    }

    /// All edge ids in global (time, edge id) order.
    public func edgesInTimeOrder() -> [Int32] {
        var ids = (0..<Int32(edgeCount)).map { $0 }
        var sorted = true
        for i in 1..<max(1, edgeCount) where time[i - 1] > time[i] { sorted = false; break }
        if !sorted { ids.sort { (time[Int($0)], $0) < (time[Int($1)], $1) } }
        return ids
    }
}
