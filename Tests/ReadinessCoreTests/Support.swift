import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// Fixture paths of this target.
enum Fixture {
    static func path(_ name: String) -> String {
        Paths.fixture("ReadinessCoreTests", name).path
    }

    static var mini: String { path("mini") }

    static func profile(_ name: String) -> String { path("profiles/\(name).yaml") }
}

/// A rule set folder written to a temporary place for one test; removed when released.
final class TemporaryRuleSet {
    let folder: String

    /// Writes `files` (name → YAML) into a new folder.
    init(_ files: [String: String]) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            let fileURL = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: fileURL, atomically: true, encoding: .utf8)
        }
        folder = url.path
    }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The one-line diagnostics of loading this rule set, with the folder shown as `RS`.
    func loadErrors(tailoring: String? = nil) -> [String] {
        do {
            _ = try CompiledRuleSet.load(folder: folder, tailoringPath: tailoring.map(path))
            return []
        } catch {
            return error.diagnostics.map {
                $0.description.replacingOccurrences(of: folder, with: "RS")
            }
        }
    }
}

/// What loading a one-file rule set written inline fails with; a test that expected it to fail
/// fails when it loads.
func loadFailure(
    _ rules: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> DiagnosticError {
    let folder = try TemporaryRuleSet(["r.yaml": rules])
    return try #require(
        throws: DiagnosticError.self, sourceLocation: sourceLocation,
        performing: { try CompiledRuleSet.load(folder: folder.folder) })
}

/// A minimal valid header, for rule sets written inline in tests.
let header = """
    ruleset: {id: t, version: 1.0.0, title: Test}
    domains: [{id: d, title: D}]
    schema:
      n: {type: int}
      flag: {type: bool}
      items:
        type: list
        items: {v: {type: int}}
    actions:
      - {id: A1, title: Do it, timeframe: 0-3 months}

    """

/// A YAML example of a document under `docs/`: the text of the first ```yaml block that opens
/// with `opening`, from its first line (or from after `skipping`, a first line the caller
/// writes itself) to the block's end. Tests load these, so the documentation's examples run.
func documentedYAML(_ document: String, opening: String, skipping: String = "") throws
    -> String
{
    let text = try String(
        contentsOf: Paths.repositoryRoot.appendingPathComponent("docs/\(document)"),
        encoding: .utf8)
    let start = try #require(text.range(of: "```yaml\n" + opening)).lowerBound
    let body = text[text.index(start, offsetBy: "```yaml\n".count + skipping.count)...]
    return String(body[..<(try #require(body.range(of: "```")).lowerBound)])
}
