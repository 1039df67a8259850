import Foundation

/// Where the tests find the repository, their fixtures and the shared conformance suites.
public enum Paths {
    /// The repository's root folder (the one holding `Package.swift`).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(
                atPath: url.appendingPathComponent("Package.swift").path)
            {
                return url
            }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The shared folder beside the clone (`../shared`), or `READINESS_SHARED_DIR` when set.
    public static var shared: URL {
        if let override = ProcessInfo.processInfo.environment["READINESS_SHARED_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// A conformance suite under `shared/conformance/NAME`.
    public static func conformance(_ name: String) -> URL {
        shared.appendingPathComponent("conformance").appendingPathComponent(name)
    }

    /// A file under a test target's `Fixtures/` folder, e.g. `fixture("YAMLNodeTests", "a.yaml")`.
    public static func fixture(_ target: String, _ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests").appendingPathComponent(target)
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }
}

extension Paths {
    /// The names of the files in a folder of the repository, sorted, leaving out its
    /// Markdown notes: the inputs of a regression or fixture folder.
    public static func inputs(in relativeFolder: String) -> [String] {
        let folder = repositoryRoot.appendingPathComponent(relativeFolder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }
}
