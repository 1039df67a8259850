import Foundation
import ReadinessCore
import SourceDiagnostics
import Testing

/// Outcomes, scores, compliance and the plan, on the mini rule set with hand-computed figures.
struct EvaluationTests {
    private func assess(_ profile: String, tailoring: String? = nil) throws -> Assessment {
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini, tailoringPath: tailoring)
        return try Assessment.run(ruleSet: ruleSet, profilePath: Fixture.profile(profile))
    }

    private func outcomes(_ assessment: Assessment) -> [String: Outcome] {
        Dictionary(uniqueKeysWithValues: assessment.results.map { ($0.ruleID, $0.outcome) })
    }

    /// A strong organisation passes every rule and is compliant in the top band.
    @Test func strongProfilePasses() throws {
        let assessment = try assess("strong")
        #expect(
            outcomes(assessment) == [
                "SUP-01": .pass, "SUP-02": .pass, "TRN-01": .pass, "TRN-02": .pass,
            ])
        #expect(assessment.scores.overall == 100)
        #expect(assessment.scores.band == "Embedded")
        #expect(assessment.scores.compliant)
        #expect(assessment.plan.phases.isEmpty)
    }

    /// The weak profile's figures, computed by hand:
    /// supervision = 100 × (2×0 + 1×0.5) / 3 = 16.67 (SUP-02: 2 of 4 within 30 days);
    /// training = 100 × (1×0.5 + 1×0.5) / 2 = 50 (TRN-01: 1 of 4 over target 0.5; TRN-02: (2−1)/2);
    /// overall = (3 × 16.67 + 1 × 50) / 4 = 25.
    @Test func weakProfileScores() throws {
        let assessment = try assess("weak")
        #expect(
            outcomes(assessment) == [
                "SUP-01": .fail, "SUP-02": .partial, "TRN-01": .partial, "TRN-02": .partial,
            ])
        let scores = Dictionary(
            uniqueKeysWithValues: assessment.results.map { ($0.ruleID, $0.score ?? -1) })
        #expect(scores == ["SUP-01": 0, "SUP-02": 0.5, "TRN-01": 0.5, "TRN-02": 0.5])
        #expect(abs((assessment.scores.domains[0].score ?? 0) - 50.0 / 3) < 1e-9)
        #expect(assessment.scores.domains[1].score == 50)
        #expect(abs(assessment.scores.overall - 25) < 1e-9)
        #expect(assessment.scores.band == "Emerging")
        #expect(!assessment.scores.compliant)
        #expect(
            assessment.scores.reasons == [
                "mandatory rule SUP-01 (A peer supervision model is documented) is not met",
                "the overall score 25.0 is below the minimum of 60.0",
            ])
    }

    /// Gap messages fill in counts, parameters and named values.
    @Test func gapMessages() throws {
        let gaps = Dictionary(
            uniqueKeysWithValues: try assess("weak").results.map { ($0.ruleID, $0.gap ?? "") })
        #expect(
            gaps["SUP-02"] == "2 of 4 peer workers are supervised less often than every 30 days")
        #expect(gaps["TRN-01"] == "3 of 4 peer workers have under 40 hours")
        #expect(gaps["TRN-02"] == "Staff understanding is rated 2 of 3")
    }

    /// The plan: mandatory first, dependencies before dependants, phases by timeframe, and the
    /// projected score after each phase (87.5 once supervision rules pass; 100 after training).
    @Test func actionPlan() throws {
        let plan = try assess("weak").plan
        #expect(plan.phases.map(\.name) == ["0-3 months", "3-6 months"])
        #expect(plan.items.map(\.action.id) == ["ACT-MODEL", "ACT-CADENCE", "ACT-TRAINING"])
        #expect(plan.items.map(\.closes) == [["SUP-01"], ["SUP-02"], ["TRN-01", "TRN-02"]])
        #expect(plan.items[0].mandatory)
        #expect(plan.items.map(\.points) == [50, 12.5, 12.5])
        #expect(plan.phases.map(\.projectedScore) == [87.5, 100])
        #expect(plan.phases.map(\.projectedBand) == ["Embedded", "Embedded"])
    }

    /// Data the profile leaves out makes a rule unknown, listed as data to collect; unknown
    /// counts as 0 by default.
    @Test func unknownOutcome() throws {
        let assessment = try assess("gaps")
        #expect(outcomes(assessment)["SUP-02"] == .unknown)
        #expect(outcomes(assessment)["TRN-02"] == .unknown)
        #expect(
            assessment.dataToCollect.map { "\($0.ruleID) \($0.path)" } == [
                "SUP-02 peer_workers[1].supervision.interval_days", "TRN-02 understanding",
            ])
        #expect(abs((assessment.scores.domains[0].score ?? 0) - 200.0 / 3) < 1e-9)
    }

    /// With `scoring: {unknown: exclude}`, unknown rules are left out of the scores.
    @Test func unknownExcluded() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixture.mini)
        var contents: [String: String] = [:]
        for file in files {
            contents[file] = try String(contentsOfFile: Fixture.mini + "/" + file, encoding: .utf8)
        }
        contents["ruleset.yaml"] = contents["ruleset.yaml"]?.replacingOccurrences(
            of: "  compliance: {min_score: 60}",
            with: "  compliance: {min_score: 60}\n  scoring: {unknown: exclude}")
        let rules = try TemporaryRuleSet(contents)
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: rules.folder),
            profilePath: Fixture.profile("gaps"))
        #expect(assessment.scores.domains[0].score == 100)
        #expect(assessment.scores.domains[1].score == 100)
        #expect(assessment.scores.overall == 100)
    }

    /// What a `measure` over an empty list gives is the author's choice: not applicable (the
    /// default), pass or fail, with its gap message; a choice that is none of these is a load
    /// error with a did-you-mean.
    @Test func emptyListOutcomeIsTheAuthorsChoice() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: DEFAULT, domain: d, title: Items, measure: {each: items, as: i, meets: i.v > 0}}
                  - {id: PASS, domain: d, title: Items, measure: {each: items, as: i, meets: i.v > 0, empty: pass}}
                  - {id: FAIL, domain: d, title: Items, measure: {each: items, as: i, meets: i.v > 0, empty: fail}, gap: "{{ total }} items recorded", actions: [A1]}
                """,
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\nitems: []\n",
        ])
        let ruleSet = try CompiledRuleSet.load(folder: rules.folder)
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profilePath: rules.path("profiles/p.yaml"))
        #expect(
            outcomes(assessment) == ["DEFAULT": .notApplicable, "PASS": .pass, "FAIL": .fail])
        #expect(assessment.results.map(\.score) == [nil, 1, 0])
        #expect(assessment.results[2].gap == "0 items recorded")
        #expect(assessment.plan.items.map(\.action.id) == ["A1"])
        #expect(
            try Explanation.explain(ruleID: "FAIL", ruleSet: ruleSet, profile: assessment.profile)
                .reason
                == "There are no items to measure, and the rule says an empty list fails (`empty: fail`)."
        )
        let wrong = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: R, domain: d, title: Items, measure: {each: items, as: i, meets: i.v > 0, empty: passes}}
                """
        ])
        #expect {
            try CompiledRuleSet.load(folder: wrong.folder)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.message) == [
                "`empty` is the outcome when the list has no items: `not_applicable`, `pass` or `fail`, not `passes` — did you mean `pass`?"
            ]
        }
    }

    /// `applies_if` false gives not_applicable, left out of the scores; a grade outside [0, 1]
    /// is an error naming the rule.
    @Test func notApplicableAndError() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: NA, domain: d, title: Only with items, applies_if: size(items) > 0, require: true}
                  - {id: BAD, domain: d, title: Bad grade, grade: n}
                  - {id: OK, domain: d, title: Fine, require: flag}
                """,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\nn: 3\nflag: true\nitems: []\n",
        ])
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: rules.folder),
            profilePath: rules.path("profiles/p.yaml"))
        #expect(outcomes(assessment) == ["NA": .notApplicable, "BAD": .error, "OK": .pass])
        #expect(assessment.results[1].message == "rule `BAD`: `grade` gave 3, outside 0 to 1")
        // error counts 0, not_applicable is left out
        #expect(assessment.scores.domains[0].score == 50)
    }

    /// Fail closed: a rule that cannot be evaluated makes the verdict not compliant, mandatory
    /// or not, with the reason named, however high the score.
    @Test func errorFailsClosed() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: OK1, domain: d, title: Fine, weight: 20, require: flag}
                  - {id: OK2, domain: d, title: Also fine, weight: 20, mandatory: true, require: flag}
                  - {id: BAD, domain: d, title: Bad division, require: 10 / (n - 3) > 1}
                """,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\nn: 3\nflag: true\n",
        ])
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: rules.folder),
            profilePath: rules.path("profiles/p.yaml"))
        #expect(outcomes(assessment) == ["OK1": .pass, "OK2": .pass, "BAD": .error])
        #expect(assessment.scores.overall > 95)
        #expect(!assessment.scores.compliant)
        #expect(
            assessment.scores.reasons == [
                "rule BAD (Bad division) could not be evaluated: `require` of rule `BAD` failed: division by zero, so no verdict of compliance can rest on it"
            ])
    }

    /// An empty list to measure makes the rule not applicable.
    @Test func emptyMeasure() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - id: M
                    domain: d
                    title: Items are big
                    measure: {each: items, as: i, meets: i.v > 1}
                """,
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\nitems: []\n",
        ])
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: rules.folder),
            profilePath: rules.path("profiles/p.yaml"))
        #expect(outcomes(assessment) == ["M": .notApplicable])
        #expect(!assessment.scores.compliant)
        #expect(assessment.scores.reasons == ["no rule applies, so there is no score"])
    }

    /// A measure's item name shadows a parameter set (`params`, otherwise planned as a
    /// constant) and a profile field of the same name, inside `meets` only: rules after it
    /// read the parameters and the field again.
    @Test func itemNamesShadowWhileMeasuring() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            parameters:
              limit: {type: int, default: 5, description: A limit.}
            schema:
              n: {type: int}
              items:
                type: list
                items: {limit: {type: int}}
            rules:
              - id: P
                domain: d
                title: Items under their own limit
                measure: {each: items, as: params, meets: params.limit > 2}
              - id: N
                domain: d
                title: Items over n
                measure: {each: items, as: n, meets: n.limit > 2}
              - {id: AFTER, domain: d, title: Parameters again, require: params.limit == 5 && n == 1}
            """,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-06-30}\nn: 1\nitems: [{limit: 3}, {limit: 1}, {limit: 9}]\n",
        ])
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: rules.folder),
            profilePath: rules.path("profiles/p.yaml"))
        #expect(outcomes(assessment) == ["P": .partial, "N": .partial, "AFTER": .pass])
        #expect(assessment.results.prefix(2).map(\.met) == [2, 2])
    }

    /// `as_of` and the date helpers use the assessment date, never the clock.
    @Test func datesUseAsOf() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            parameters:
              max_age: {type: int, default: 365, description: Days a plan stays current.}
            schema:
              reviewed: {type: date}
            rules:
              - {id: D1, domain: d, title: Reviewed within a year, require: days_since(reviewed) <= params.max_age}
              - {id: D2, domain: d, title: Assessed in 2026, require: as_of.getFullYear() == 2026}
            """,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-06-30}\nreviewed: 2025-07-01\n",
        ])
        let ruleSet = try CompiledRuleSet.load(folder: rules.folder)
        let onTime = try Assessment.run(
            ruleSet: ruleSet, profilePath: rules.path("profiles/p.yaml"))
        #expect(outcomes(onTime) == ["D1": .pass, "D2": .pass])
        let later = try Assessment.run(
            ruleSet: ruleSet, profilePath: rules.path("profiles/p.yaml"),
            asOf: CELTimestamp(rfc3339: "2027-01-01T00:00:00Z"))
        #expect(outcomes(later) == ["D1": .fail, "D2": .fail])
    }

    /// Evidence lists the values each rule read.
    @Test func evidence() throws {
        let result = try assess("weak").results.first { $0.ruleID == "SUP-02" }
        #expect(
            result?.evidence.map { "\($0.path) = \($0.value)" } == [
                "peer_workers[].supervision.interval_days = [14, 60, 90, 30]"
            ])
    }
}
