import Foundation
import ReadinessTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The rule-author tools: `check`, `test`, `explain`, and `eval` with a rule set and profile.
struct AuthorCommandTests {
    /// A temporary rule set with a failing test, an unused parameter, an unread field, an empty
    /// domain and an untested rule.
    private func sandbox() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-author-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try """
        ruleset: {id: demo, version: 1.0.0, title: Demo}
        parameters:
          limit: {type: int, default: 30, description: The limit., source: Test.}
          unused: {type: int, default: 1, description: Never read., source: Test.}
        domains: [{id: d, title: D}, {id: empty, title: Empty}]
        schema:
          days: {type: int}
          notes: {type: string}
        rules:
          - {id: R1, domain: d, title: Within the limit, require: days <= params.limit}
          - {id: R2, domain: d, title: Untested, require: days > 0}
        """.write(
            to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        try "assessment: {organisation: Demo, as_of: 2026-01-01}\ndays: 10\n"
            .write(
                to: folder.appendingPathComponent("tests/base.profile"), atomically: true,
                encoding: .utf8)
        try """
        base: base.profile
        tests:
          - name: ten days pass
            expect: {outcomes: {R1: pass}, score: 100, compliant: true}
          - name: sixty days fail, but the test says pass
            set: {days: 60}
            expect: {outcomes: {R1: pass}, band: Embedded}
        """.write(
            to: folder.appendingPathComponent("tests/r1.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// `check` reports each warning kind at its position; `--strict` makes them fail; JSON
    /// carries them for editors.
    @Test func checkWarnings() throws {
        let folder = try sandbox()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["check", folder.path])
        #expect(result.status == 0)
        #expect(result.stdout == "0 errors, 4 warnings\n")
        for expected in [
            "rules.yaml:4:3: warning[check.unused-parameter]: the parameter `unused` is not used by any rule",
            "rules.yaml:8:10: warning[check.unread-field]: no rule reads the schema field `notes`",
            "rules.yaml:5:30: warning[check.empty-domain]: the domain `empty` has no rules",
            "rules.yaml:11:5: warning[check.untested-rule]: no test checks the outcome of rule `R2`",
        ] {
            #expect(result.stderr.contains(expected), "missing: \(expected)")
        }
        let strict = try CommandRunner.run(["check", folder.path, "--strict"])
        #expect(strict.status == 78)
        let json = try CommandRunner.run(["check", folder.path, "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.count == 4)
        #expect(warnings.first?["line"] as? Int == 4)
    }

    /// `check` reports errors with positions and exits 78.
    @Test func checkErrors() throws {
        let folder = try sandbox()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "rules:\n  - {id: R3, domain: d, title: Typo, require: dayz > 1, wieght: 2}\n"
            .write(
                to: folder.appendingPathComponent("more.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["check", folder.path])
        #expect(result.status == 78)
        #expect(
            result.stderr.contains(
                "more.yaml:2:57: error[decode.unknown-key]: unknown key `wieght` in rule `R3` — did you mean `weight`?"
            ))
        #expect(
            result.stderr.contains(
                "more.yaml:2:47: error[cel.type]: undeclared reference to `dayz` — did you mean `days`?"
            ))
        #expect(result.stdout.hasPrefix("2 errors"))
    }

    /// `test` prints each failing expectation with expected, actual and the test's place, and
    /// ends with the plain tally; JUnit output parses as XML; coverage lists what is missing.
    @Test func testCommand() throws {
        let folder = try sandbox()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["test", folder.path, "--coverage"])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "✘ \(folder.path)/tests/r1.yaml:5: sixty days fail, but the test says pass"))
        #expect(result.stdout.contains("r1.yaml:7:25: rule R1: expected pass, got fail (score 0%)"))
        #expect(result.stdout.contains("band: expected Embedded, got Developing"))
        #expect(result.stdout.contains("1 of 2 rules made to pass and to fail; not yet: R2."))
        #expect(result.stdout.hasSuffix("1 passed, 1 failed\n"))
        let junit = try CommandRunner.run(["test", folder.path, "--format", "junit"])
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        #expect(try document.nodes(forXPath: "//testcase").count == 2)
        #expect(try document.nodes(forXPath: "//failure").count == 1)
    }

    /// The shipped rule set checks clean of errors and all its tests pass.
    @Test func shippedRuleSet() throws {
        let check = try CommandRunner.run(["check", "rules/vic-aod-peer-workforce"])
        #expect(check.status == 0, "\(check.stderr)")
        let test = try CommandRunner.run(["test", "rules/vic-aod-peer-workforce"])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.hasSuffix(" passed, 0 failed\n"))
    }

    /// `explain` shows each sub-expression's value, per item for measure rules, and the
    /// fields read and missing.
    @Test func explainMeasure() throws {
        let result = try CommandRunner.run([
            "explain", "assessments/03-harbour-developing.yaml", "--rule", "SUP-03",
        ])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix(
                "Rule SUP-03: Peer workers are supervised at least every 30 days\n"))
        // One of four is not known, but two already fail: partial, not unknown.
        #expect(result.stdout.contains("Outcome: partial (score 25%)"))
        #expect(
            result.stdout.contains(
                "1 of 4 items meet the condition and 1 cannot be judged for missing data"))
        #expect(
            result.stdout.contains(
                "meets, item 2 (Bree): w.supervision.interval_days <= params.max_supervision_interval_days"
            ))
        #expect(result.stdout.contains("    w.supervision.interval_days  →  45\n"))
        #expect(
            result.stdout.contains("Fields missing\n  peer_workers[3].supervision.interval_days\n"))
    }

    /// `explain` on a require rule shows the values behind a failure.
    @Test func explainRequire() throws {
        let result = try CommandRunner.run([
            "explain", "assessments/04-eastside-established.yaml", "--rule", "COM-02",
        ])
        #expect(result.stdout.contains("Outcome: fail (score 0%)"))
        #expect(
            result.stdout.contains("days_between(communication.strategy_reviewed, as_of)  →  653"))
        #expect(result.stdout.contains("params.max_review_age_days  →  365"))
        let unknown = try CommandRunner.run([
            "explain", "assessments/04-eastside-established.yaml", "--rule", "COM-99",
        ])
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr.contains(
                "error[explain.unknown-rule]: the rule set has no rule `COM-99` — did you mean `COM-01`?"
            ))
    }

    /// `eval` with a profile sees the profile's typed fields, parameters and readiness functions.
    @Test func evalWithProfile() throws {
        let result = try CommandRunner.run([
            "eval", "--profile", "assessments/03-harbour-developing.yaml",
            "peer_workers.filter(w, has(w.supervision.interval_days) && w.supervision.interval_days > params.max_supervision_interval_days).map(w, w.name)",
        ])
        #expect(result.stdout == "[\"Bree\", \"Cam\"]\n")
        let typo = try CommandRunner.run([
            "eval", "--profile", "assessments/03-harbour-developing.yaml",
            "peer_workers[0].supervison",
        ])
        #expect(typo.status == 2)
        #expect(
            typo.stderr.contains(
                "`peer_workers[]` has no field `supervison` — did you mean `supervision`?"))
    }
}
