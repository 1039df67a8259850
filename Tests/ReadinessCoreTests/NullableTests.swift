import Foundation
import ReadinessReport
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@_spi(Testing) @testable import ReadinessCore

/// `nullable: true`: `~` is an answer (none), not "not known"; `has()`, outcomes, reports,
/// the template and both decoders follow.
struct NullableTests {
    static func rules(require: String? = nil) throws -> String {
        var text =
            """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]

            """
            + (try documentedYAML(
                "rule-format.md", opening: "schema:\n  supervision:\n    last_session"))
        if let require {
            text = text.replacingOccurrences(
                of:
                    "require: supervision.last_session != null && supervision.last_session >= as_of - duration('1440h')",
                with: "require: \(require)")
        }
        return text
    }

    static func assess(_ answers: String, rules: String? = nil) throws -> Assessment {
        let folder = try TemporaryRuleSet([
            "r.yaml": try rules ?? Self.rules(),
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-06-30}\n" + answers,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        return try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
    }

    /// A date passes or fails on its own; `~` is none, so the rule fails (not unknown) and
    /// the evidence says "none"; left out, the rule is unknown.
    @Test func noneIsAnAnswer() throws {
        #expect(
            try Self.assess("supervision: {last_session: 2026-06-01}\n").results[0].outcome == .pass
        )
        #expect(
            try Self.assess("supervision: {last_session: 2026-01-01}\n").results[0].outcome == .fail
        )
        let none = try Self.assess("supervision: {last_session: ~}\n")
        #expect(none.results[0].outcome == .fail)
        #expect(none.profile.absent.isEmpty)
        let report = AssessmentReport(none)
        #expect(report.rules[0].evidence.map(\.answers) == ["none"])
        let unknown = try Self.assess("supervision: {}\n")
        #expect(unknown.results[0].outcome == .unknown)
        // `has()` sees the answer.
        let present = try Self.assess(
            "supervision: {last_session: ~}\n",
            rules: try Self.rules(require: "has(supervision.last_session)"))
        #expect(present.results[0].outcome == .pass)
    }

    /// Without a test for null, none reaching a comparison is a run-time error: the rule
    /// ends in `error`, never a silent pass or fail.
    @Test func unguardedNullIsAnError() throws {
        let assessment = try Self.assess(
            "supervision: {last_session: ~}\n",
            rules: try Self.rules(require: "supervision.last_session >= as_of - duration('1440h')"))
        #expect(assessment.results[0].outcome == .error)
        #expect(assessment.results[0].message?.isEmpty == false)
        // `readiness check` names the rule before any profile meets it; the guarded rule of
        // the documentation is not named.
        let unguarded = try TemporaryRuleSet([
            "r.yaml": try Self.rules(
                require: "supervision.last_session >= as_of - duration('1440h')")
        ])
        let guarded = try TemporaryRuleSet(["r.yaml": try Self.rules()])
        func warned(_ folder: TemporaryRuleSet) -> [String] {
            RuleSetCheck.run(folder: folder.folder).warnings
                .filter { $0.code == "check.nullable-unguarded" }.map(\.message)
        }
        #expect(
            warned(unguarded) == [
                "rule `RECENT` reads `supervision.last_session`, whose `~` means none, without comparing it with null"
            ])
        #expect(warned(guarded).isEmpty)
    }

    /// The field keeps its type for everything but null: misuse is still a type error.
    @Test func stillTypeChecked() throws {
        let error = try loadFailure(
            try Self.rules(require: "supervision.last_session + 1 > 2"))
        #expect(
            error.diagnostics.first?.message.contains("no matching overload for `+`") == true,
            "\(error.diagnostics.map(\.message))")
    }

    /// Both decoders read `~` as none alike; the template and a list declared nullable.
    @Test func decodersTemplateAndMistakes() throws {
        let folder = try TemporaryRuleSet(["r.yaml": try Self.rules()])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let reader = ProfileReader(schema: ruleSet.ruleSet.schema, limits: .default)
        let bytes = Array(
            "assessment: {organisation: X, as_of: 2026-06-30}\nsupervision: {last_session: ~}\n"
                .utf8)
        guard case .same(let profile) = reader.compareDecoders(bytes, name: "p.yaml") else {
            Issue.record("`~` for none left the fast path, or the decoders differ")
            return
        }
        #expect(profile.absent.isEmpty)
        #expect(
            ProfileTemplate.render(ruleSet.ruleSet).replacingOccurrences(of: "\n  # ", with: " ")
                .contains("Write ~ for none (leave the line out if not known)."))
        let list = try loadFailure(
            """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            schema:
              items: {type: list, nullable: true, items: {type: string}}
            rules: [{id: R, domain: d, title: R, require: size(items) > 0}]

            """)
        #expect(
            list.diagnostics.map(\.message) == [
                "`nullable` is for a single answer (a date, a number, a choice), not a list"
            ])
    }
}
