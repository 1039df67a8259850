import Foundation

/// A new, empty folder in the system's temporary folder for one test's files; the test
/// removes it when done (`defer { folder.remove() }`).
public struct TemporaryFolder {
    /// The folder.
    public let url: URL
    /// The folder's path.
    public var path: String { url.path }

    /// Makes `readiness-LABEL-UUID` in the temporary folder.
    public init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The URL of `name` inside the folder.
    public func appendingPathComponent(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Removes the folder and everything in it.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}
