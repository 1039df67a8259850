import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing
import YAMLNode

/// Replays the YAML fuzz regression inputs (`Fixtures/fuzz-regressions`, docs/fuzzing.md):
/// each loads, or fails with a diagnostic that renders, as the fuzz target requires.
struct FuzzRegressionTests {
    static let folder = Paths.repositoryRoot.appendingPathComponent(
        "Tests/YAMLNodeTests/Fixtures/fuzz-regressions")

    static let inputs = Paths.inputs(in: "Tests/YAMLNodeTests/Fixtures/fuzz-regressions")

    @Test func corpusIsPresent() { #expect(Self.inputs.count >= 4) }

    @Test(.timeLimit(.minutes(1)), arguments: inputs)
    func replays(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
        do {
            let file = try SourceFile(path: name, bytes: bytes)
            _ = try YAMLLoader().loadStream(file)
            Issue.record("\(name) is hostile and should not load")
        } catch {
            let rendered = DiagnosticRenderer(sources: []).render(error.diagnostics)
            #expect(rendered.hasPrefix("\(name):"))
            #expect(error.diagnostics.allSatisfy { $0.code.rawValue.hasPrefix("yaml.") })
        }
    }
}
