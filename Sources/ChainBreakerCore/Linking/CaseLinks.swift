/// Linked cases (串并案): groups of cases, and for each group the identifiers its cases share.
/// Cases are indices into the input of `CaseLinker.link`.
public struct CaseLinks: Sendable, Equatable {
    /// One identifier shared by cases of a cluster.
    public struct Evidence: Sendable, Equatable {
        public var identifier: LinkIdentifier
        /// The cluster's cases that have it, ascending.
        public var cases: [Int32]
        /// Rarity, ln(N / df) over the N cases given (0 when every case has it).
        public var weight: Double
        /// Cases outside the cluster that have it too.
        public var elsewhere: Int
        public init(identifier: LinkIdentifier, cases: [Int32], weight: Double, elsewhere: Int) {
            self.identifier = identifier; self.cases = cases; self.weight = weight; self.elsewhere = elsewhere
        }
    }

    public struct Cluster: Sendable, Equatable {
        /// Ascending case indices.
        public var cases: [Int32]
        /// Identifiers at least two of the cluster's cases share (hubs left out): stated first,
        /// then flow, then weak; within a tier most cases first, then rarer.
        public var evidence: [Evidence]
        public init(cases: [Int32], evidence: [Evidence]) { self.cases = cases; self.evidence = evidence }
    }

    /// An identifier shared by cases that it did not link.
    public struct Hub: Sendable, Equatable {
        public enum Reason: String, Sendable { 
            /// Given as a hub (an OTC trader, card merchant or payment platform the tracer knows).
            case given
            /// At least two clusters hold two or more of its cases.
            case spansClusters = "spans_clusters"
        }
        public var identifier: LinkIdentifier
        public var cases: Int
        public var clusters: Int
        public var weight: Double
        public var reason: Reason
        public init(identifier: LinkIdentifier, cases: Int, clusters: Int, weight: Double, reason: Reason) {
            self.identifier = identifier; self.cases = cases; self.clusters = clusters; self.weight = weight; self.reason = reason
        }
    }

    /// Every case is in exactly one cluster (singletons too), largest cluster first.
    public var clusters: [Cluster]
    /// Cluster index of every case.
    public var clusterOf: [Int32]
    /// Shared identifiers that did not link, most cases first.
    public var hubs: [Hub]

    public init(clusters: [Cluster], clusterOf: [Int32], hubs: [Hub]) {
        self.clusters = clusters; self.clusterOf = clusterOf; self.hubs = hubs
    }
}
