import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// List parameters: a list of role names (or numbers) a tailoring can change, instead of one
/// written into the expressions.
struct ListParameterTests {
    static let rules = """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: d, title: D}]
        parameters:
          peer_roles:
            type: list
            default: [peer worker, peer support worker]
            description: Position titles that count as peer roles.
          hours:
            type: list
            items: int
            default: [10, 20]
            description: Hours.
        schema:
          roles: {type: list, items: {type: string}}
        rules:
          - {id: R, domain: d, title: "A peer role (one of {{ params.peer_roles }})", require: "roles.exists(r, r in params.peer_roles) && sum(params.hours) == 30", gap: "None of {{ params.peer_roles }} is employed."}
        actions: []

        """

    @Test func readTailoredAndShown() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\nroles: [lived experience worker]\n",
            "tailoring/t.yaml": """
            tailoring: {id: tl, title: T, ruleset: t}
            parameters:
              peer_roles: [peer worker, lived experience worker]

            """,
        ])
        let plain = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: folder.folder),
            profilePath: folder.path("profiles/p.yaml"))
        #expect(plain.results[0].outcome == .fail)
        #expect(plain.results[0].gap == "None of peer worker, peer support worker is employed.")
        #expect(
            plain.ruleSet.ruleSet.title(of: plain.ruleSet.ruleSet.rules[0])
                == "A peer role (one of peer worker, peer support worker)")
        let tailored = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(
                folder: folder.folder, tailoringPath: folder.path("tailoring/t.yaml")),
            profilePath: folder.path("profiles/p.yaml"))
        #expect(tailored.results[0].outcome == .pass)
    }

    /// A value that is not a list, an item of the wrong type, `items` on a parameter that is not
    /// a list and an item type that is not one are errors at their places.
    @Test func wrongValuesAreErrors() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules.replacingOccurrences(of: "items: int", with: "items: numbr")
                .replacingOccurrences(
                    of: "    description: Hours.",
                    with: """
                            description: Hours.
                          flag: {type: bool, default: true, items: string, description: F.}
                        """),
            "tailoring/t.yaml": """
            tailoring: {id: tl, title: T, ruleset: t}
            parameters:
              peer_roles: peer worker

            """,
        ])
        #expect {
            try CompiledRuleSet.load(folder: folder.folder)
        } throws: { error in
            let messages = (error as? DiagnosticError)?.diagnostics.map(\.message) ?? []
            return messages.contains(
                "a list parameter's `items` is `string`, `int` or `number`, not `numbr` — did you mean `number`?"
            ) && messages.contains("only a list parameter has `items`")
        }
        let good = try TemporaryRuleSet([
            "r.yaml": Self.rules,
            "tailoring/t.yaml": """
            tailoring: {id: tl, title: T, ruleset: t}
            parameters:
              peer_roles: peer worker
              hours: [1, x]

            """,
        ])
        #expect {
            try CompiledRuleSet.load(
                folder: good.folder, tailoringPath: good.path("tailoring/t.yaml"))
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.message) == [
                "the value of parameter `peer_roles` must be a list, but is the string `peer worker`",
                "the value of parameter `hours` must be a whole number, but is the string `x`",
            ]
        }
    }
}

/// The `parameters` example of docs/rule-format.md loads, its list read by a rule.
struct DocumentedParametersTests {
    @Test func exampleLoads() throws {
        let parameters = try documentedYAML("rule-format.md", opening: "parameters:\n")
        let folder = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            \(parameters)schema:
              roles: {type: list, items: {type: string}}
              interval: {type: int}
            rules:
              - {id: R, domain: d, title: A peer role, require: "roles.exists(r, r in params.peer_role_titles) && interval <= params.max_supervision_interval_days"}
            actions: []

            """,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\nroles: [lived experience worker]\ninterval: 30\n",
        ])
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: folder.folder),
            profilePath: folder.path("profiles/p.yaml"))
        #expect(assessment.results.map(\.outcome) == [.pass])
    }
}
