import Foundation
import ReadinessTestSupport
import Testing

/// Every diagnostic code the sources can give is in docs/diagnostics.md, so a user who meets
/// one can look it up, and a message never has to be told apart from another by its text.
struct DiagnosticCodeDocumentationTests {
    /// The codes written as `code: "…"` in the sources.
    static func codesInSources() throws -> Set<String> {
        let sources = Paths.repositoryRoot.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"code: "([a-z0-9.-]+)""#)
        var codes: Set<String> = []
        let files =
            FileManager.default.enumerator(atPath: sources.path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files {
            let text = try String(
                contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) {
                    codes.insert(String(text[range]))
                }
            }
        }
        return codes
    }

    @Test func everyCodeIsDocumented() throws {
        let codes = try Self.codesInSources()
        #expect(codes.count > 40, "the sources' codes were not found")
        let documentation = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("docs/diagnostics.md"),
            encoding: .utf8)
        let missing = codes.filter { !documentation.contains("`\($0)`") }.sorted()
        #expect(missing == [], "add these to docs/diagnostics.md")
    }
}
