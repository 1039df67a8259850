import Foundation
import ReadinessReport
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@_spi(Testing) @testable import ReadinessCore

/// Several respondents rating the same statements: combined as the rule set says, reported
/// where they disagree, with every mistake a message at its line.
struct RatersTests {
    /// docs/rule-format.md's ratings example with its `raters:` section.
    static func rules(combine: String = "mean") throws -> String {
        let raters = try documentedYAML("rule-format.md", opening: "raters:\n")
            .replacingOccurrences(of: "combine: mean ", with: "combine: \(combine) ")
        return try RatingTests.rules() + raters
    }

    static func profile() throws -> String {
        try documentedYAML(
            "rule-format.md", opening: "assessment: {organisation: Riverside Community Health")
    }

    static func assess(_ profile: String, rules: String? = nil) throws -> Assessment {
        let folder = try TemporaryRuleSet([
            "r.yaml": try rules ?? Self.rules(), "profiles/p.yaml": profile,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        return try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
    }

    /// The documented profile: welcome sessions rated 3 and 1 combine to 2 (Adequate, 50%),
    /// and are reported as a disagreement in every format; group check-ins agree.
    @Test func documentedProfile() throws {
        let assessment = try Self.assess(try Self.profile())
        let welcome = try #require(assessment.results.first)
        #expect(welcome.score == 0.5)
        #expect(welcome.rating?.label == "Adequate")
        #expect(assessment.profile.respondents.map(\.words) == ["Jo (leadership)", "peer worker"])
        let report = AssessmentReport(assessment)
        #expect(report.respondents == 2)
        let found = try #require(report.disagreements)
        #expect(found.map(\.path) == ["practice.welcome_sessions"])
        #expect(found.first?.spread == 2)
        #expect(found.first?.combined == 2)
        #expect(found.first?.ratings.map(\.label) == ["Exemplary", "Needs improvement"])
        let line =
            "rated 1 to 3 (combined 2): Jo (leadership) 3 Exemplary; peer worker 1 Needs improvement"
        let text = TextRenderer(color: false).render(report)
        #expect(text.contains("Where respondents disagree"))
        #expect(
            text.replacingOccurrences(of: "\n    ", with: " ").contains(
                "Peer workers run welcome sessions for new clients — \(line)"))
        #expect(MarkdownRenderer().render(report).contains(line))
        #expect(HTMLRenderer().render(report).contains(line))
        let json = JSONRenderer().render(report)
        #expect(json.contains("\"respondents\" : 2"))
        #expect(json.contains("\"spread\" : 2"))
    }

    /// Each way of combining, on ratings 3, 1 and 1: the mean is between levels (its label
    /// the lower one's), the median and the minimum are levels.
    @Test(arguments: [
        ("mean", 5.0 / 3, "Needs improvement"), ("median", 1.0, "Needs improvement"),
        ("min", 1.0, "Needs improvement"),
    ])
    func combining(combine: String, rating: Double, label: String) throws {
        let profile = """
            assessment: {organisation: X, as_of: 2026-01-01}
            respondents:
              - {role: leadership, answers: {practice: {welcome_sessions: 3, group_check_ins: 3}}}
              - {role: peer_worker, answers: {practice: {welcome_sessions: 1, group_check_ins: 2}}}
              - {role: supervisor, answers: {practice: {welcome_sessions: Needs improvement}}}

            """
        let assessment = try Self.assess(profile, rules: try Self.rules(combine: combine))
        let welcome = try #require(assessment.results.first)
        #expect(abs((welcome.rating?.value ?? 0) - rating) < 1e-9)
        #expect(welcome.rating?.label == label)
        #expect(abs((welcome.score ?? 0) - (rating - 1) / 2) < 1e-9)
        // Two respondents rated group check-ins; the third left it out.
        let median = try #require(
            Raters.Combine.median.apply([3, 2]))
        #expect(median == 2.5)
    }

    /// Respondents who leave a statement out leave it not known when none rates it; a
    /// required one none rated is an error.
    @Test func statementNobodyRated() throws {
        let profile = """
            assessment: {organisation: X, as_of: 2026-01-01}
            respondents:
              - {role: leadership, answers: {practice: {group_check_ins: 3}}}

            """
        let assessment = try Self.assess(profile)
        #expect(assessment.results.first?.outcome == .unknown)
        #expect(AssessmentReport(assessment).disagreements == nil)
        let none = """
            assessment: {organisation: X, as_of: 2026-01-01}
            respondents:
              - {role: leadership, answers: {practice: {welcome_sessions: 3}}}

            """
        let error = try #require(
            throws: DiagnosticError.self, performing: { try Self.assess(none) })
        #expect(
            error.diagnostics.map(\.message) == [
                "no respondent rated `practice.group_check_ins`, which is required"
            ])
    }

    /// Mistakes in respondents are errors at their lines, all at once.
    @Test func respondentMistakes() throws {
        let profile = """
            assessment: {organisation: X, as_of: 2026-01-01}
            practice: {group_check_ins: 2}
            respondents:
              - {role: leadrship, answers: {practice: {welcome_sessions: 3, group_check_ins: 2}}}
              - {role: peer_worker, answers: {practice: {welcome_sessions: 5}, staff: 3}}
              - {role: supervisor}

            """
        let error = try #require(
            throws: DiagnosticError.self, performing: { try Self.assess(profile) })
        let lines = error.diagnostics.map { "\($0.range?.start.line ?? 0): \($0.message)" }
        #expect(
            lines == [
                "2: `practice.group_check_ins` is rated both by respondents and at the top of the profile",
                "4: the role of respondent 1 is `leadrship`, which is not one of the rule set's roles — did you mean `leadership`?",
                "5: `respondents[1].answers.practice.welcome_sessions` is `5`, which is not a level of its scale",
                "5: unknown key `staff` in `respondents[1].answers`",
                "6: respondent 3 has no `answers`, which is required",
            ], "\(lines.joined(separator: "\n"))")
        let staff = try #require(error.diagnostics.first { $0.message.contains("`staff`") })
        #expect(staff.severity == .error)
        #expect(
            staff.help
                == "respondents give ratings only: answer other questions once, at the top of the profile"
        )
    }

    /// A rule set without `raters:` refuses respondents; `raters:` needs ratings to combine.
    @Test func ruleSetMistakes() throws {
        let profile = """
            assessment: {organisation: X, as_of: 2026-01-01}
            respondents: [{role: a, answers: {}}]

            """
        let error = try #require(
            throws: DiagnosticError.self,
            performing: { try Self.assess(profile, rules: try RatingTests.rules()) })
        #expect(
            error.diagnostics.map(\.message) == [
                "this rule set takes one answer to each question, so a profile has no `respondents`"
            ])
        let noRatings = """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            raters: {combine: avg}
            schema: {a: {type: bool}}
            rules: [{id: R, domain: d, title: R, require: a}]

            """
        let loadError = try loadFailure(noRatings)
        #expect(
            loadError.diagnostics.map(\.message) == [
                "`raters` combines respondents' ratings, but the schema has no rating field outside lists",
                "`combine` is `mean`, `median` or `min`, not `avg`",
            ])
        let clash = try loadFailure(
            try Self.rules().replacingOccurrences(
                of: "schema:\n", with: "schema:\n  respondents: {type: int}\n"))
        #expect(
            clash.diagnostics.map(\.message).contains(
                "with `raters`, `respondents` in a profile holds each respondent's ratings, so no field may be named `respondents`"
            ), "\(clash.diagnostics.map(\.message))")
    }

    /// The fast reading path leaves respondents to the full decoder, never dropping them.
    @Test func fastPathDeclines() throws {
        let folder = try TemporaryRuleSet(["r.yaml": try Self.rules()])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let reader = ProfileReader(schema: ruleSet.ruleSet.schema, limits: .default)
        guard case .declined = reader.compareDecoders(Array(try Self.profile().utf8), name: "p")
        else {
            Issue.record("a profile with respondents was read by the fast path")
            return
        }
    }

    /// The template asks the questions answered once at the top, then gives one entry a
    /// role with the statements, described in full for the first.
    @Test func template() throws {
        let folder = try TemporaryRuleSet(["r.yaml": try Self.rules()])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder).ruleSet
        let template = ProfileTemplate.render(ruleSet)
        #expect(template.contains("rules see the mean\n# of their ratings"))
        #expect(
            template.contains(
                """
                  - role: peer_worker
                    # name: <their name, if you wish>
                    answers:
                      practice:
                        welcome_sessions: <1 to 3>
                        group_check_ins: <1 to 3>
                  - role: supervisor
                """))
        #expect(template.components(separatedBy: "#   2 Adequate").count == 3)
        // Filled in, it is a profile the rule set reads.
        let filled = template.replacingOccurrences(of: "<organisation name>", with: "X")
            .replacingOccurrences(of: "<YYYY-MM-DD>", with: "2026-01-01")
            .replacingOccurrences(of: "<your name or role>", with: "Jo")
            .replacingOccurrences(of: "<1 to 3>", with: "2")
        let assessment = try Self.assess(filled)
        #expect(assessment.profile.respondents.count == 3)
        #expect(assessment.results.first?.rating?.label == "Adequate")
    }
}
