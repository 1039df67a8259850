import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@testable import ReadinessCore

/// Fields a rule set adds to the profile's `assessment` header: checked like any answer,
/// shown in the template, mistakes reported at their lines.
struct HeaderTests {
    static func rules() throws -> String {
        """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: d, title: D}]
        rules: [{id: R, domain: d, title: R, require: a}]

        """ + (try documentedYAML("rule-format.md", opening: "schema:\n  assessment:"))
            + "  a: {type: bool}\n"
    }

    static func load(_ header: String) throws -> Profile {
        let folder = try TemporaryRuleSet([
            "r.yaml": try Self.rules(),
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01\(header)}\na: true\n",
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        return try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
            .profile
    }

    @Test func declaredFieldsAreChecked() throws {
        let good = try Self.load(", assessor_role: peer_lead, board_reviewed: true")
        #expect(good.warnings.isEmpty)
        // An undeclared key stays a warning, naming the declared ones too.
        let extra = try Self.load(", board_reviewed: false, notes: busy week")
        #expect(extra.warnings.map(\.message).first?.contains("unknown key `notes`") == true)
        for (header, message) in [
            (
                ", assessor_role: ceo, board_reviewed: true",
                "`assessment.assessor_role` is `ceo`, which is not one of its values"
            ),
            ("", "the `assessment` section has no `board_reviewed`, which is required"),
            (
                ", board_reviewed: yes",
                "`assessment.board_reviewed` must be true or false, but is `yes`"
            ),
            (
                ", board_reviewed: true, assessor_rol: team",
                "unknown key `assessor_rol` in the `assessment` section — did you mean `assessor_role`?"
            ),
        ] {
            let error = try #require(
                throws: DiagnosticError.self, performing: { try Self.load(header) })
            #expect(
                error.diagnostics.contains { $0.message.hasPrefix(message) },
                "\(header): \(error.diagnostics.map(\.message))")
            #expect(error.diagnostics.allSatisfy { $0.range?.start.line == 1 })
        }
    }

    @Test func templateHasThemInTheHeader() throws {
        let folder = try TemporaryRuleSet(["r.yaml": try Self.rules()])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder).ruleSet
        #expect(ruleSet.schema["assessment"] == nil)
        let template = ProfileTemplate.render(ruleSet)
        #expect(
            template.contains(
                "  assessor: <your name or role>\n  # Who answered. One of: manager, peer_lead, team.\n  assessor_role: <one of manager, peer_lead, team>\n"
            ))
        #expect(
            template.contains(
                "  board_reviewed: <true or false>\n\n# true or false.\na: <true or false>\n"))
    }

    @Test func mistakesInTheDeclaration() throws {
        let rules = """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            schema:
              assessment:
                as_of: {type: date}
                role: {type: string}
              a: {type: bool}
            rules: [{id: R, domain: d, title: R, require: a}]

            """
        let error = try loadFailure(rules)
        #expect(
            error.diagnostics.map(\.message) == [
                "`assessment.as_of` is part of every profile's header and cannot be declared again"
            ])
        let scalar = rules.replacingOccurrences(
            of: "  assessment:\n    as_of: {type: date}\n    role: {type: string}\n",
            with: "  assessment: {type: string}\n")
        let scalarError = try loadFailure(scalar)
        #expect(
            scalarError.diagnostics.first?.message
                == "`assessment` is the profile's header, so the schema can only add fields to it")
    }
}
