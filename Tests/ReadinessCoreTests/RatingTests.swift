import Foundation
import ReadinessReport
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@_spi(Testing) @testable import ReadinessCore

/// Ratings on a labelled scale: the `rating` schema type, answers by number or label, `rate:`
/// rules scored by level, and the level's label in every report.
struct RatingTests {
    /// docs/rule-format.md's example, with what it leaves out around it.
    static func rules() throws -> String {
        """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains:
          - {id: practice, title: Practice}
        actions:
          - {id: ACT, title: Start welcome sessions, timeframe: 0-3 months}

        """
            + (try documentedYAML("rule-format.md", opening: "scales:\n"))
            .replacingOccurrences(
                of: "gap: \"Welcome sessions are rated {{ level }} ({{ rating }} of 3).\"",
                with:
                    "gap: \"Welcome sessions are rated {{ level }} ({{ rating }} of 3).\"\n    actions: [ACT]"
            )
    }

    static func assess(_ answers: String, rules: String? = nil) throws -> (
        CompiledRuleSet, Assessment
    ) {
        let folder = try TemporaryRuleSet([
            "r.yaml": try rules ?? Self.rules(),
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\n" + answers,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        return (
            ruleSet,
            try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
        )
    }

    /// Each level scores its step of the scale, names its label, and fills the gap message.
    @Test(arguments: [
        ("1", Outcome.fail, 0.0, "Needs improvement"), ("2", .partial, 0.5, "Adequate"),
        ("3", .pass, 1.0, "Exemplary"), ("adequate", .partial, 0.5, "Adequate"),
        ("Exemplary", .pass, 1.0, "Exemplary"),
    ])
    func eachLevel(answer: String, outcome: Outcome, score: Double, label: String) throws {
        let (_, assessment) = try Self.assess(
            "practice: {welcome_sessions: \(answer), group_check_ins: 3}\n")
        let result = try #require(assessment.results.first)
        #expect(result.outcome == outcome)
        #expect(result.score == score)
        #expect(result.rating?.label == label)
        #expect(result.rating?.highest == 3)
        if outcome != .pass {
            let number = Int(result.rating?.value ?? 0)
            #expect(result.gap == "Welcome sessions are rated \(label) (\(number) of 3).")
            #expect(result.gapValues["level"] == label)
        }
    }

    /// Reports name the level where they would say "partial"; the JSON gives the rating.
    @Test func reportsNameTheLevel() throws {
        let (_, assessment) = try Self.assess(
            "practice: {welcome_sessions: 2, group_check_ins: 3}\n")
        let report = AssessmentReport(assessment)
        let text = TextRenderer(color: false).render(report)
        #expect(text.contains("PRACTICE-WELCOME [Adequate, 2 of 3]"))
        let markdown = MarkdownRenderer().render(report)
        #expect(markdown.contains("*Adequate, 2 of 3*"))
        let html = HTMLRenderer().render(report)
        #expect(html.contains("Adequate, 2 of 3"))
        let json = JSONRenderer().render(report)
        #expect(
            json.contains(
                "\"rating\" : {\n        \"highest\" : 3,\n        \"label\" : \"Adequate\",\n        \"value\" : 2\n      }"
            ))
    }

    /// A rating not given is not known, and the rule is unknown; a rule comparing the rating
    /// is decided when every level gives the same outcome.
    @Test func missingRating() throws {
        let (_, assessment) = try Self.assess("practice: {group_check_ins: 3}\n")
        #expect(assessment.results.first?.outcome == .unknown)
        #expect(assessment.results.first?.missing == ["practice.welcome_sessions"])
    }

    /// A number or word that is not a level is refused at its line, with the levels named
    /// and the nearest label suggested.
    @Test func answersOffTheScale() throws {
        for (answer, words) in [
            ("4", "`practice.welcome_sessions` is `4`, which is not a level of its scale"),
            (
                "Adequite",
                "is `Adequite`, which is not a level of its scale — did you mean `Adequate`?"
            ),
            ("2.5", "is `2.5`, which is not a level of its scale"),
        ] {
            let error = try #require(
                throws: DiagnosticError.self,
                performing: {
                    try Self.assess("practice: {welcome_sessions: \(answer), group_check_ins: 3}\n")
                })
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.message.contains(words), "\(diagnostic.message)")
            #expect(diagnostic.range?.start.line == 2)
            #expect(
                diagnostic.help
                    == "give a level's number or label: 1 (Needs improvement), 2 (Adequate), 3 (Exemplary)"
            )
        }
    }

    /// The fast reading path takes numbered answers and gives what the full decoder gives;
    /// it leaves labels to the full decoder.
    @Test func fastPathAgrees() throws {
        let (ruleSet, _) = try Self.assess("practice: {welcome_sessions: 1, group_check_ins: 3}\n")
        let reader = ProfileReader(schema: ruleSet.ruleSet.schema, limits: .default)
        let numbered = Array(
            "assessment: {organisation: X, as_of: 2026-01-01}\npractice: {welcome_sessions: 2, group_check_ins: 3}\n"
                .utf8)
        guard case .same(let profile) = reader.compareDecoders(numbered, name: "p.yaml") else {
            Issue.record("a numbered rating left the fast path")
            return
        }
        #expect(profile.fields[field: "practice"] != nil)
        let labelled = Array(
            "assessment: {organisation: X, as_of: 2026-01-01}\npractice: {welcome_sessions: Adequate, group_check_ins: 3}\n"
                .utf8)
        if case .different(let difference) = reader.compareDecoders(labelled, name: "p.yaml") {
            Issue.record(Comment(rawValue: difference))
        }
    }

    /// The template shows every level with its description; the catalogue names the scale.
    @Test func templateAndCatalogue() throws {
        let (ruleSet, _) = try Self.assess("practice: {welcome_sessions: 1, group_check_ins: 3}\n")
        let template = ProfileTemplate.render(ruleSet.ruleSet)
        #expect(
            template.contains(
                """
                  # Peer workers run welcome sessions for new clients.
                  #   1 Needs improvement — Not in place, or only in name.
                  #   2 Adequate — In place, but not consistent or not reviewed.
                  #   3 Exemplary — Consistent, reviewed, and led by peer workers.
                  #   Rate it 1 to 3: the number or the label.
                  welcome_sessions: <1 to 3>
                """))
        #expect(template.contains("#   Rate it 1 to 3: the number or the label. REQUIRED\n"))
        #expect(template.contains("welcome_sessions: <1 to 3>"))
        let catalogue = RuleCatalogue.markdown(ruleSet.ruleSet)
        #expect(
            catalogue.contains(
                "- Rated: `practice.welcome_sessions`, on the scale 1 Needs improvement · 2 Adequate · 3 Exemplary"
            ))
    }

    /// Mistakes in scales and `rate` rules are load errors at their lines, all at once.
    @Test func loadErrors() throws {
        let rules = """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            scales:
              three:
                - {level: 1, label: Low}
                - {level: 3, label: High}
              twice:
                - {level: 1, label: Same}
                - {level: 2, label: same}
              single:
                - {level: 1, label: Only}
            schema:
              a: {type: rating, scale: thre}
              b: {type: rating}
              c: {type: int}
              d: {type: rating, scale: [{level: 0, label: No}, {level: 1, label: Yes}]}
            rules:
              - {id: R1, domain: d, title: R1, rate: c}
              - {id: R2, domain: d, title: R2, rate: e}
              - {id: R3, domain: d, title: R3, rate: d}
              - {id: R4, domain: d, title: R4, require: "c > 1", gap: "Rated {{ level }}, {{ met }} met."}

            """
        let error = try loadFailure(rules)
        let lines = error.diagnostics.map { "\($0.range?.start.line ?? 0): \($0.message)" }
        #expect(lines.count == 9, "\(lines.joined(separator: "\n"))")
        let expected = [
            "6: the levels of the scale `three` must go up in steps of one, but 3 follows 1",
            "9: two levels of the scale `twice` are labelled `same`",
            "11: the scale `single` needs at least two levels",
            "13: the `scale` of `a`, `thre`, is not one of the rule set's `scales` — did you mean `three`?",
            "14: the schema field `b` has no `scale`, which is required",
            "18: `rate` of rule `R1` must name a rating field, but `c` is a field of type int",
            "19: `rate` of rule `R2` must name a rating field, but `e` is not a field",
            "21: the gap message of rule `R4` uses `{{ level }}`, which only `rate` rules have",
            "21: the gap message of rule `R4` uses `{{ met }}`, which only `measure` rules have",
        ]
        for line in expected {
            #expect(
                lines.contains { $0.hasPrefix(line) },
                "missing \(line) in\n\(lines.joined(separator: "\n"))")
        }
    }

    /// `mandatory: {at_least: Adequate}`: Adequate or above complies; below, the reason names
    /// both levels; a label the scale lacks, or its lowest, is a load error.
    @Test func mandatoryAtLeastALevel() throws {
        let rules = try Self.rules().replacingOccurrences(
            of: "    rate: practice.welcome_sessions",
            with: "    rate: practice.welcome_sessions\n    mandatory: {at_least: Adequate}")
        let (_, adequate) = try Self.assess(
            "practice: {welcome_sessions: 2, group_check_ins: 3}\n", rules: rules)
        // Only the overall score stands in the way; the rule itself is met enough.
        #expect(adequate.scores.reasons == ["the overall score 50.0 is below the minimum of 60.0"])
        let (_, low) = try Self.assess(
            "practice: {welcome_sessions: 1, group_check_ins: 3}\n", rules: rules)
        #expect(
            low.scores.reasons.first
                == "mandatory rule PRACTICE-WELCOME (Peer workers run welcome sessions for new clients) is not met (rated Needs improvement, and needs at least Adequate)"
        )
        let report = AssessmentReport(low)
        #expect(report.rules[0].mandatoryAtLeastLevel == "Adequate")
        #expect(
            TextRenderer(color: false).render(report).contains(
                "[Needs improvement, 1 of 3, mandatory, at least Adequate]"))
        for (label, message) in [
            (
                "Adequte",
                "`at_least: Adequte` of rule `PRACTICE-WELCOME` is not a level of its scale — did you mean `Adequate`?"
            ),
            (
                "Needs improvement",
                "`at_least: Needs improvement` of rule `PRACTICE-WELCOME` is the lowest level, which every rating reaches"
            ),
        ] {
            let error = try loadFailure(
                rules.replacingOccurrences(of: "at_least: Adequate", with: "at_least: \(label)"))
            #expect(error.diagnostics.map(\.message) == [message])
        }
    }
}
