/// A sparse feature vector: strictly increasing indices into a hashed space of 2^bits and their
/// values (see `NGramHasher.features`).
public struct HashedFeatures: Sendable, Equatable {
    public var indices: [UInt32]
    public var values: [Float]
    public init(indices: [UInt32], values: [Float]) {
        precondition(indices.count == values.count)
        self.indices = indices; self.values = values
    }
    public var count: Int { indices.count }
}
