/// Benjamini–Hochberg step-up adjustment (Benjamini & Hochberg 1995, *Controlling the false
/// discovery rate*, JRSS B 57:289–300): with p sorted ascending, p̃(i) = min over j ≥ i of
/// m·p(j)/j, capped at 1; rejecting p̃ ≤ α controls the false discovery rate at α for independent
/// (or positively dependent) tests. Same values as R's `p.adjust(method = "BH")` and statsmodels'
/// `fdr_bh`. O(m log m).
public enum BenjaminiHochberg {
    /// Adjusted p-values in the input's order.
    public static func adjust(_ p: [Double]) -> [Double] {
        let m = p.count
        guard m > 0 else { return [] }
        let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] < p[$1] : $0 < $1 }
        var out = [Double](repeating: 1, count: m)
        var running = 1.0
        for r in stride(from: m - 1, through: 0, by: -1) {
            let i = order[r]
            running = min(running, p[i] * Double(m) / Double(r + 1))
            out[i] = min(1, running)
        }
        return out
    }
}
