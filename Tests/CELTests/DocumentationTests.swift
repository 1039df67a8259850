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
        if let problem = try Golden.check(generated, against: "docs/cel-functions.md") {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
