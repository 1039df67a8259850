/// The tool's version: the one place it is written.
enum ReadinessVersion {
    /// The semantic version printed by `readiness --version`.
    static let current = "0.1.0"
}
