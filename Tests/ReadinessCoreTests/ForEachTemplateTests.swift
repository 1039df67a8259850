import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@testable import ReadinessCore

/// `for_each` templates: one rule or action shape over a list of items, expanded at load.
struct ForEachTemplateTests {
    static let head = """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: practice, title: Practice}]
        actions: [{id: ACT, title: Act, timeframe: 0-3 months}]
        scales:
          three:
            - {level: 1, label: Low}
            - {level: 2, label: Middle}
            - {level: 3, label: High}
        schema:
          practice:
            welcome_sessions: {type: rating, scale: three}
            group_check_ins: {type: rating, scale: three}

        """

    /// docs/rule-format.md's example expands into one rule an item, each with its own id,
    /// title, field, gap message and actions (a list placed whole), and is assessed.
    @Test func documentedExampleExpands() throws {
        let rules =
            Self.head + (try documentedYAML("rule-format.md", opening: "rules:\n  - for_each:"))
        let folder = try TemporaryRuleSet([
            "r.yaml": rules,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\npractice: {welcome_sessions: 2, group_check_ins: 1}\n",
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let decoded = ruleSet.ruleSet.rules
        #expect(decoded.map(\.id) == ["PRACTICE-welcome_sessions", "PRACTICE-group_check_ins"])
        #expect(
            decoded.map(\.title) == [
                "Peer workers run welcome sessions for new clients",
                "The team holds regular group check-ins",
            ])
        #expect(decoded.map { $0.actions.map(\.value) } == [["ACT"], []])
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
        #expect(
            assessment.results.map(\.gap) == [
                "Peer workers run welcome sessions for new clients: rated Middle.",
                "The team holds regular group check-ins: rated Low.",
            ])
    }

    /// A placeholder an item does not fill is an error naming the item, with a did-you-mean;
    /// a template left out, or items that are not a list of mappings, are errors too; other
    /// placeholders and number formats are kept for the rule.
    @Test func mistakes() throws {
        let rules =
            Self.head + """
                rules:
                  - for_each:
                      - {key: welcome_sessions, title: Welcome}
                      - {key: group_check_ins, titel: Check-ins}
                    rule:
                      id: P-{{ item.key }}
                      domain: practice
                      title: "{{ item.title }}"
                      rate: practice.{{ item.key }}
                  - for_each: [{key: a}]
                  - for_each: just text
                    rule: {id: X, domain: practice, title: X, require: "true"}
                  - for_each:
                      - {key: welcome_sessions, parts: [a, b]}
                    rule: {id: "Q-{{ item.parts }}-x", domain: practice, title: Q, rate: practice.welcome_sessions}

                """
        let error = try loadFailure(rules)
        let lines = error.diagnostics.map { "\($0.range?.start.line ?? 0): \($0.message)" }
        #expect(
            lines == [
                "20: the template uses `{{ item.title }}`, but item 2 of `for_each` (line 16) has no `title` — did you mean `titel`?",
                "22: a `for_each` rule template has no `rule`, which is required",
                "23: `for_each` must be a list of items, each a mapping, but is the string `just text`",
                "26: `{{ item.parts }}` of item 1 of `for_each` must be a single value to place in text, but is a sequence",
            ], "\(lines.joined(separator: "\n"))")
    }

    /// Placeholders that are not the item's, with or without a format, reach the rule as
    /// written.
    @Test func otherPlaceholdersAreKept() throws {
        let rules =
            Self.head + """
                parameters:
                  target: {type: number, default: 2.5, description: The target.}
                rules:
                  - for_each: [{key: welcome_sessions}]
                    rule:
                      id: P-{{ item.key }}
                      domain: practice
                      title: "{{ item.key }} reaches {{ params.target | round(1) }}"
                      require: practice.{{ item.key }} >= params.target
                      values: {rating: "practice.{{item.key}}"}
                      gap: "{{item.key}} is {{ rating | round(1) }}, under {{ params.target }}."

                """
        let folder = try TemporaryRuleSet([
            "r.yaml": rules,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\npractice: {welcome_sessions: 2}\n",
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let rule = try #require(ruleSet.ruleSet.rules.first)
        #expect(ruleSet.ruleSet.title(of: rule) == "welcome_sessions reaches 2.5")
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
        #expect(assessment.results.first?.gap == "welcome_sessions is 2.0, under 2.5.")
    }

    /// Actions expand the same way, under `action:`.
    @Test func actionsExpand() throws {
        let rules =
            Self.head.replacingOccurrences(
                of: "actions: [{id: ACT, title: Act, timeframe: 0-3 months}]",
                with: """
                    actions:
                      - for_each: [{id: A1, days: 2}, {id: A2, days: 5}]
                        action: {id: "ACT-{{ item.id }}", title: "Do {{ item.id }}", effort_days: "{{ item.days }}", timeframe: 0-3 months}
                    """)
            + "rules: [{id: R, domain: practice, title: R, rate: practice.welcome_sessions, actions: [ACT-A1, ACT-A2]}]\n"
        let folder = try TemporaryRuleSet(["r.yaml": rules])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder).ruleSet
        #expect(ruleSet.actions.map(\.id) == ["ACT-A1", "ACT-A2"])
        #expect(ruleSet.actions.map(\.effortDays) == [2, 5])
        #expect(ruleSet.actions.map(\.title) == ["Do A1", "Do A2"])
    }
}
