import Foundation

/// Generated files committed to the repository (reference pages, catalogues), checked against
/// what the code generates now.
public enum Golden {
    /// Whether this run records golden files (`RECORD_GOLDEN=1`) instead of checking them.
    public static var isRecording: Bool {
        ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
    }

    /// Compares `generated` with the committed file at `relativePath`; when recording, writes it.
    ///
    /// - Returns: `nil` when the file is current, otherwise what to tell the developer. A
    ///   recording run also returns a message, so it never passes silently.
    public static func check(_ generated: String, against relativePath: String) throws -> String? {
        let url = Paths.repositoryRoot.appendingPathComponent(relativePath)
        if isRecording {
            try generated.write(to: url, atomically: true, encoding: .utf8)
            return "recorded \(relativePath); run the tests again without RECORD_GOLDEN"
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        return committed == generated
            ? nil : "\(relativePath) is out of date: run RECORD_GOLDEN=1 swift test"
    }
}
