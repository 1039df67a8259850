import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A folder holding `a.yaml` and, nested past the system's longest path, a folder no program
/// can open by its path (`ENAMETOOLONG`): how the tests meet a folder that cannot be read,
/// since they may run as root, who can read any folder whatever its permissions.
public struct DeepFolder {
    /// The folder.
    public let root: URL

    /// Makes it in the temporary folder; `profile` is written to `a.yaml`.
    public init(profile: String) throws {
        root = try TemporaryFolder("deep").url
        try profile.write(
            to: root.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        // Made a level at a time relative to the last, as only a relative path stays short.
        var descriptor = open(root.path, O_RDONLY | O_DIRECTORY)
        let name = String(repeating: "d", count: 200)
        for _ in 0..<24 where descriptor >= 0 {
            _ = mkdirat(descriptor, name, 0o755)
            let next = openat(descriptor, name, O_RDONLY | O_DIRECTORY)
            close(descriptor)
            descriptor = next
        }
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        let file = openat(descriptor, "lost.yaml", O_WRONLY | O_CREAT, 0o644)
        if file >= 0 { close(file) }
        close(descriptor)
    }

    /// Removes it (with `rm`, which walks folders by descriptor, not by path).
    public func remove() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/rm")
        process.arguments = ["-rf", root.path]
        try? process.run()
        process.waitUntilExit()
    }
}
