import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport
import SourceDiagnostics
import Testing
import YAMLNode

/// `readiness fmt` over every YAML file in the repository: each is formatted or refused with a
/// message (never a formatter defect), formatting twice is formatting once, and a formatted
/// rule set or profile means exactly what it meant: the same catalogue, the same reports.
struct FormatEquivalenceTests {
    static let root = Paths.repositoryRoot.path

    /// Every YAML file of the repository, relative to it (build output and hidden folders
    /// left out).
    static var everyYAMLFile: [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let name = enumerator.nextObject() as? String {
            let last = (name as NSString).lastPathComponent
            if last.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { files.append(name) }
        }
        return files.sorted()
    }

    /// The built-in rule set, which lays out profiles.
    static let builtIn = Result { () throws(DiagnosticError) in
        try CompiledRuleSet.load(folder: "\(root)/rules/vic-aod-peer-workforce").ruleSet
    }

    static func format(_ text: String, path: String) throws(DiagnosticError) -> String {
        let ruleSet = try builtIn.get()
        let formatter = YAMLFormatter { root -> SchemaLayout in
            SchemaLayout.isProfile(root) ? .profile(of: ruleSet) : .ruleFormat
        }
        return try formatter.format(SourceFile(path: path, text: text))
    }

    @Test func everyFileIsFormattedOnceOrRefusedWithAMessage() throws {
        let files = Self.everyYAMLFile
        #expect(files.count >= 150)
        var formatted = 0
        var refused: [String: Int] = [:]
        for file in files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.root)/\(file)")))
            do {
                let source = try SourceFile(path: file, bytes: bytes)
                let once = try Self.format(source.text, path: file)
                #expect(
                    try Self.format(once, path: file) == once, "formatting \(file) twice changes it"
                )
                formatted += 1
            } catch {
                for diagnostic in error.diagnostics where diagnostic.severity == .error {
                    #expect(diagnostic.code != "fmt.unsafe", "\(file): \(diagnostic.message)")
                    refused[diagnostic.code.rawValue, default: 0] += 1
                }
            }
        }
        #expect(formatted >= 100, "\(formatted) formatted; refused: \(refused)")
        // What is refused is the broken input: YAML and encoding problems, and the tags some
        // YAML test files carry.
        #expect(
            refused.keys.allSatisfy {
                $0.hasPrefix("yaml.") || $0.hasPrefix("file.") || $0 == "fmt.unsupported"
            }, "\(refused)")
    }

    /// The files of a folder and its formatted copy, by absolute path.
    static func folder(_ relative: String) throws -> (
        original: RuleSetDecoder.Files, formatted: RuleSetDecoder.Files
    ) {
        var original: RuleSetDecoder.Files = [:]
        var formatted: RuleSetDecoder.Files = [:]
        let path = "\(root)/\(relative)"
        for name in try FileManager.default.contentsOfDirectory(atPath: path)
        where name.hasSuffix(".yaml") {
            let text = try String(contentsOfFile: "\(path)/\(name)", encoding: .utf8)
            original["\(path)/\(name)"] = Array(text.utf8)
            formatted["\(path)/\(name)"] = Array(try format(text, path: name).utf8)
        }
        return (original, formatted)
    }

    /// A report as JSON without the inputs' digests, which fingerprint the bytes themselves.
    static func report(_ assessment: Assessment) -> String {
        JSONRenderer().render(AssessmentReport(assessment)).split(separator: "\n")
            .filter { !$0.contains("digest") && !$0.contains("sha256") }.joined(separator: "\n")
    }

    @Test(arguments: [
        (
            "Tests/ReadinessCoreTests/Fixtures/mini",
            [
                "Tests/ReadinessCoreTests/Fixtures/profiles/gaps.yaml",
                "Tests/ReadinessCoreTests/Fixtures/profiles/strong.yaml",
                "Tests/ReadinessCoreTests/Fixtures/profiles/weak.yaml",
            ]
        ),
        (
            "Tests/readinessTests/Fixtures/broken-input/_tiny/rules",
            ["Tests/readinessTests/Fixtures/broken-input/_tiny/profile.yaml"]
        ),
        (
            "rules/vic-aod-peer-team-self-assessment",
            ["rules/vic-aod-peer-team-self-assessment/examples/01-riverside-three-respondents.yaml"]
        ),
        (
            "rules/vic-aod-peer-workforce",
            [
                "assessments/01-riverbend-no-peer-workforce.yaml",
                "assessments/03-harbour-developing.yaml",
            ]
        ),
    ])
    func aFormattedRuleSetAndProfileMeanTheSame(folder: String, profiles: [String]) async throws {
        let files = try Self.folder(folder)
        let path = "\(Self.root)/\(folder)"
        let original = try CompiledRuleSet.load(files: files.original, folder: path)
        let formatted = try CompiledRuleSet.load(files: files.formatted, folder: path)
        #expect(
            RuleCatalogue.markdown(formatted.ruleSet) == RuleCatalogue.markdown(original.ruleSet))
        for profile in profiles {
            let text = try String(contentsOfFile: "\(Self.root)/\(profile)", encoding: .utf8)
            let layout = SchemaLayout.profile(of: original.ruleSet)
            let reformatted = try YAMLFormatter { _ in layout }.format(
                SourceFile(path: profile, text: text))
            let before = try await Assessment.assess(
                ruleSet: original, profileBytes: Array(text.utf8), name: profile)
            let after = try await Assessment.assess(
                ruleSet: formatted, profileBytes: Array(reformatted.utf8), name: profile)
            #expect(Self.report(after) == Self.report(before), "\(profile)")
        }
    }
}
