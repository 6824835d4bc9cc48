extension GangMiner {
    /// Splits components that hold more than one group (placeholder until Leiden is wired in:
    /// returns the components unchanged).
    func split(_ component: [Int32], member: [Bool], input: Input) -> [Int32] { component }
}
