import CEL
import Foundation
import ReadinessTestSupport
import Testing

/// `docs/cel-functions.md` is generated from the library's declarations.
struct DocumentationTests {
    /// The committed reference matches the declarations; `RECORD_GOLDEN=1 swift test` rewrites it
    /// (and fails, so a recording run is never mistaken for a pass).
    @Test func functionReferenceIsCurrent() throws {
        let generated = FunctionDocumentation.markdown(
            title: "CEL functions",
            introduction: """
                The functions of CEL's standard library as readiness implements them, generated \
                from their declarations (`swift test` fails when this file is out of date; \
                `RECORD_GOLDEN=1 swift test` regenerates it). Every example is evaluated by the \
                test suite. Operators (`+`, `==`, `in`, ...) and macros (`has`, `all`, `exists`, \
                `exists_one`, `map`, `filter`) are described in [cel.md](cel.md).
                """,
            functions: Environment.standardLibrary)
        let url = Paths.repositoryRoot.appendingPathComponent("docs/cel-functions.md")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(url.path); run the tests again without RECORD_GOLDEN")
            return
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(
            committed == generated,
            "docs/cel-functions.md is out of date: run RECORD_GOLDEN=1 swift test")
    }
}
