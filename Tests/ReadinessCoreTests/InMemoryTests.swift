import Crypto
import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// The engine as a server embeds it: profiles and tailorings decoded from bytes, and every
/// digest taken from the bytes decoded, never from a second read of a file.
struct InMemoryTests {
    private static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { String(format: "%02x", $0) }.joined()
    }

    /// Decode a profile, delete its file, assess: the same report as from the file, with the
    /// digest of the bytes decoded.
    @Test func profileFileDeletedAfterDecoding() throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let folder = try TemporaryFolder("in-memory")
        defer { folder.remove() }
        let path = folder.appendingPathComponent("harbour.yaml").path
        try FileManager.default.copyItem(
            atPath: Paths.repositoryRoot.appendingPathComponent(
                "assessments/03-harbour-developing.yaml"
            ).path, toPath: path)
        let fromFile = AssessmentReport(try Assessment.run(ruleSet: ruleSet, profilePath: path))
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let profile = try ProfileDecoder.decode(bytes, name: path, schema: ruleSet.ruleSet.schema)
        try FileManager.default.removeItem(atPath: path)
        let afterDeletion = AssessmentReport(Assessment.assess(ruleSet: ruleSet, profile: profile))
        #expect(afterDeletion == fromFile)
        #expect(afterDeletion.inputs.last?.sha256 == Self.sha256(bytes))
        // And from text alone, under a name of the caller's choosing.
        let text = String(decoding: bytes, as: UTF8.self)
        let fromText = AssessmentReport(
            try Assessment.run(ruleSet: ruleSet, profileText: text, name: path))
        #expect(fromText == fromFile)
    }

    /// An error in text decoded in memory names the given name, line and column.
    @Test func errorsNameTheGivenName() throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        do {
            _ = try Assessment.run(
                ruleSet: ruleSet, profileText: "assessment: {organisation: X, as_of: 2026-13-01}\n",
                name: "upload.yaml")
            Issue.record("an invalid date was accepted")
        } catch {
            #expect(
                error.diagnostics.map(\.description).contains(
                    "upload.yaml:1:38: error[decode.invalid]: `as_of` is `2026-13-01`, which is not a date"
                ), "\(error.diagnostics.map(\.description))")
        }
    }

    /// Rule files and the tailoring are digested from the bytes read when the rule set loads:
    /// deleting them afterwards changes nothing in a report.
    @Test func ruleFilesDigestedOnce() throws {
        let folder = try TemporaryFolder("rules-digest")
        defer { folder.remove() }
        let copy = folder.appendingPathComponent("rules").path
        try FileManager.default.copyItem(atPath: ShippedRuleSetTests.folder, toPath: copy)
        let tailoring = copy + "/tailoring/funder-minimum.yaml"
        let ruleSet = try CompiledRuleSet.load(folder: copy, tailoringPath: tailoring)
        let expected = try ruleSet.inputs.map { input in
            Self.sha256(try Data(contentsOf: URL(fileURLWithPath: input.path)))
        }
        try FileManager.default.removeItem(atPath: copy)
        #expect(ruleSet.inputs.map(\.sha256) == expected)
        #expect(ruleSet.inputs.last?.role == "tailoring")
    }
}

/// A profile error names the field it is about, as a path a form can put it beside.
struct FieldPathTests {
    @Test func errorsNameTheirField() throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let text = """
            assessment: {organisation: X, as_of: 2026-02-30}
            staff: {total: lots}
            peer_workers:
              - {name: A, training_hours: 10}
              - {training_hours: many}
            cadetship: {offered: false}

            """
        do {
            _ = try Assessment.run(ruleSet: ruleSet, profileText: text, name: "form")
            Issue.record("the broken profile was accepted")
        } catch {
            let fields = error.diagnostics.map { $0.field ?? "-" }
            #expect(
                Set(fields) == [
                    "assessment.as_of", "staff.total", "peer_workers[1].name",
                    "peer_workers[1].training_hours",
                ], "\(error.diagnostics.map(\.description))")
        }
    }

    /// Rule tests decode from memory: the profile a test names is found among the files given
    /// (no such file exists on disk), the test runs, and a problem names the given file.
    @Test func ruleTestsFromMemory() throws {
        let ruleSet = try BuiltInRuleSet.load()
        let profile = try Array(
            Data(
                contentsOf: Paths.repositoryRoot.appendingPathComponent(
                    "assessments/05-southern-embedded.yaml")))
        let tests = """
            base: profiles/southern.yaml
            tests:
              - name: no peer workers
                set: {peer_workers: []}
                expect: {outcomes: {TRN-01: not_applicable}}

            """
        let files: RuleSetDecoder.Files = ["/nowhere/tests/t.yaml": Array(tests.utf8)]
        let decoded = try RuleTestDecoder.decode(
            files: files, profiles: ["/nowhere/tests/profiles/southern.yaml": profile],
            ruleSet: ruleSet)
        #expect(decoded.map(\.name) == ["no peer workers"])
        let results = RuleTestRunner.run(decoded, ruleSet: ruleSet)
        let failures = results.flatMap(\.failures)
        #expect(results.count == 1)
        #expect(failures == [])
        // A profile named but not given is looked for on disk, and its absence reported where
        // the test file names it.
        #expect {
            try RuleTestDecoder.decode(files: files, ruleSet: ruleSet)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.description.hasPrefix(
                "/nowhere/tests/t.yaml:1:7: error[file.not-found]") == true
        }
    }

    /// Variables for `eval` decode from memory, and a problem names the given name.
    @Test func variablesFromMemory() throws {
        let bindings = try ExpressionEvaluation.decodeVariables(
            Array("org: {staff: 3}\nlimit: 2\n".utf8), name: "vars.yaml", form: .plain)
        #expect(bindings["limit"]?.debugText == "2")
        #expect {
            try ExpressionEvaluation.decodeVariables(
                Array("- 1\n".utf8), name: "vars.yaml", form: .plain)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.description.hasPrefix(
                "vars.yaml:1:1: error[eval.vars-not-mapping]") == true
        }
    }

    /// `~` is "not known" in `eval --vars` as in a profile: `has()` gives the same answer for
    /// the same YAML read either way.
    @Test func nullIsNotKnownInVariablesAsInProfiles() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini)
        let profile = try ProfileDecoder.decode(
            Array(
                "assessment: {organisation: X, as_of: 2026-06-30}\nmodel_documented: true\nunderstanding: ~\npeer_workers:\n  - {name: A, training_hours: ~, supervision: {interval_days: 14}}\n"
                    .utf8), name: "p.yaml", ruleSet: ruleSet)
        let inProfile = try ExpressionEvaluation(expression: "has(peer_workers[0].training_hours)")
            .evaluate(Evaluator(ruleSet).bindings(for: profile), ruleSet: ruleSet)
        let variables = try ExpressionEvaluation.decodeVariables(
            Array("w: {name: A, training_hours: ~}\nunderstanding: ~\nlist: [1, ~]\n".utf8),
            name: "vars.yaml", form: .plain)
        let inVariables = try ExpressionEvaluation(expression: "has(w.training_hours)")
            .evaluate(variables)
        #expect(inProfile == .value(text: "false", json: #"{"bool":false}"#))
        #expect(inVariables == inProfile)
        #expect(variables["understanding"] == nil)
        #expect(variables["list"]?.debugText == "[1, null]")
    }
}
