import CEL
import Foundation
import ReadinessTestSupport
import Testing

/// Replays the CEL fuzz regression inputs (`Fixtures/fuzz-regressions`, docs/fuzzing.md) the
/// way the fuzz targets run them: parse, check, evaluate under a budget, never crash.
struct FuzzRegressionTests {
    static let folder = Paths.repositoryRoot.appendingPathComponent(
        "Tests/CELTests/Fixtures/fuzz-regressions")

    static let inputs = Paths.inputs(in: "Tests/CELTests/Fixtures/fuzz-regressions")

    @Test func corpusIsPresent() { #expect(Self.inputs.count >= 3) }

    @Test(.timeLimit(.minutes(1)), arguments: inputs)
    func replays(_ name: String) throws {
        // Decoded as the fuzz targets decode their bytes: invalid UTF-8 becomes U+FFFD.
        let text = String(
            decoding: try Data(contentsOf: Self.folder.appendingPathComponent(name)),
            as: UTF8.self)
        var environment = Environment()
        environment.declare("x", .dyn)
        do {
            let ast = try environment.parse(text)
            // Unchecked first, as `FuzzCELEval` runs it (a type error must not hide a crash).
            _ =
                environment.program(ast, options: ProgramOptions(costLimit: 20_000))
                .evaluate(["x": .int(1)]).debugText
            let checked = try environment.check(ast)
            let result = environment.program(
                ast, checked: checked, options: ProgramOptions(costLimit: 20_000)
            ).evaluate(["x": .int(1)])
            _ = result.debugText
        } catch {
            // A clear error at a position, rendered, with at most 20 problems described.
            #expect(!error.issues.isEmpty, "\(name)")
            #expect(error.description.hasPrefix("1:"), "\(name)")
            #expect(
                error.description.components(separatedBy: "\n | ").count
                    <= 2 * CELCompileError.describedIssues + 1)
        }
    }
}
