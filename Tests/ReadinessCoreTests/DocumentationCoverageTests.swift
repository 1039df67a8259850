import Foundation
import ReadinessTestSupport
import Testing

/// Every public declaration of ReadinessCore and ReadinessReport has a doc comment.
struct DocumentationCoverageTests {
    @Test func everyPublicDeclarationIsDocumented() throws {
        let manager = FileManager.default
        var undocumented: [String] = []
        for module in ["ReadinessCore", "ReadinessReport"] {
            let root = Paths.repositoryRoot.appendingPathComponent("Sources/\(module)")
            let files =
                manager.enumerator(atPath: root.path)?.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".swift") } ?? []
            for file in files {
                let lines = try String(
                    contentsOf: root.appendingPathComponent(file), encoding: .utf8
                ).components(separatedBy: "\n")
                for (index, line) in lines.enumerated() {
                    let text = line.trimmingCharacters(in: .whitespaces)
                    guard text.hasPrefix("public "), !text.hasPrefix("public extension") else {
                        continue
                    }
                    var previous = index - 1
                    while previous >= 0,
                        lines[previous].trimmingCharacters(in: .whitespaces).hasPrefix("@")
                    {
                        previous -= 1
                    }
                    let documented =
                        previous >= 0
                        && lines[previous].trimmingCharacters(in: .whitespaces).hasPrefix("///")
                    if !documented {
                        undocumented.append("\(module)/\(file):\(index + 1): \(text)")
                    }
                }
            }
        }
        #expect(
            undocumented.isEmpty,
            "\(undocumented.count) undocumented:\n\(undocumented.joined(separator: "\n"))")
    }
}
