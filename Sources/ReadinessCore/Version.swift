/// The readiness version: the one place it is written. The command line prints it for
/// `--version` and every JSON report records it.
public enum ReadinessVersion {
    /// The semantic version.
    public static let current = "0.2.0"
}
