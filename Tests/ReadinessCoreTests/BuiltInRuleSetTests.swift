import Foundation
import ReadinessCore
import ReadinessTestSupport
import Testing

/// The rule set inside the library is the one in `rules/vic-aod-peer-workforce`, and loads
/// with no files at all.
struct BuiltInRuleSetTests {
    /// The generated source holds the folder's YAML files as they are.
    @Test func generatedSourceIsCurrent() throws {
        let folder = Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        let files = try names.map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(text.hasSuffix("\n") && !text.contains("\"\"\"##"), "\(name)")
            return (name: name, text: text)
        }
        if let problem = try Golden.check(
            BuiltInRuleSet.generatedSource(files),
            against: "Sources/ReadinessCore/BuiltIn/BuiltInRuleSet+Sources.swift")
        {
            Issue.record("\(problem)")
        }
        // What the library holds is byte for byte what the folder holds.
        let held = BuiltInRuleSet.files
        for file in files {
            #expect(
                held[BuiltInRuleSet.folder + "/" + file.name] == Array(file.text.utf8),
                "\(file.name)")
        }
        #expect(held.count == files.count)
    }

    /// It compiles to the same rules as the folder, and assesses an example alike.
    @Test func loadsWithoutFiles() throws {
        let builtIn = try BuiltInRuleSet.load()
        let fromFolder = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        #expect(builtIn.rules.map(\.rule.id) == fromFolder.rules.map(\.rule.id))
        #expect(builtIn.inputs.map(\.sha256) == fromFolder.inputs.map(\.sha256))
        #expect(builtIn.inputs.first?.path == "builtin:vic-aod-peer-workforce/actions.yaml")
        let example = Paths.repositoryRoot.appendingPathComponent(
            "assessments/03-harbour-developing.yaml"
        ).path
        let one = try Assessment.run(ruleSet: builtIn, profilePath: example)
        let other = try Assessment.run(ruleSet: fromFolder, profilePath: example)
        #expect(one.scores.overall == other.scores.overall)
        #expect(one.results.map(\.outcome) == other.results.map(\.outcome))
    }
}
