import Foundation

extension Double {
    /// The number with a fixed count of decimals and no grouping, the same on every locale.
    func formatted(decimals: Int) -> String {
        String(format: "%.\(decimals)f", self)
    }
}
