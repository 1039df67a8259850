import Foundation
import ReadinessTestSupport
import Testing

@testable import ReadinessCore

/// The plan's figures add up, its order is explained, its dates come from `as_of`, and it says
/// when the organisation becomes compliant.
struct ActionPlanTests {
    private static let rules = """
        ruleset:
          id: t
          version: 1.0.0
          title: Test
          compliance: {min_score: 50}
          phases: [0-3 months, 3-6 months, 12+ months]
        domains: [{id: d, title: D}]
        schema:
          a: {type: bool}
          b: {type: bool}
          c: {type: bool}
          staff: {type: int}
        rules:
          - {id: R1, domain: d, title: Both, weight: 2, mandatory: true, require: a && b, actions: [ACT-A, ACT-B]}
          - {id: R2, domain: d, title: C, weight: 1, require: c, actions: [ACT-C]}
          - {id: R3, domain: d, title: Staffed, weight: 1, require: staff > 0, actions: [ACT-HIRE]}
        actions:
          - {id: ACT-A, title: Do A, timeframe: 0-3 months}
          - {id: ACT-B, title: Do B, timeframe: 3-6 months}
          - id: ACT-C
            title: Do C with the staff
            timeframe: 0-3 months
            depends_on: [{action: ACT-HIRE, when: staff == 0}]
          - {id: ACT-HIRE, title: Hire, timeframe: 3-6 months}

        """

    private func plan(_ profile: String) throws -> Assessment {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules,
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-31}\n" + profile,
        ])
        return try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: folder.folder),
            profilePath: folder.path("profiles/p.yaml"))
    }

    /// A rule closed by two actions counts once, for the action that completes it; points are
    /// marginal in plan order, so each phase's points sum to its rise.
    @Test func pointsAreMarginal() throws {
        let assessment = try plan("a: false\nb: false\nc: false\nstaff: 2\n")
        let plan = assessment.plan
        #expect(plan.startScore == 25)
        #expect(plan.items.map(\.action.id) == ["ACT-A", "ACT-C", "ACT-B"])
        #expect(plan.items.map(\.points) == [0, 25, 50])
        #expect(plan.items.map(\.completes) == [[], ["R2"], ["R1"]])
        #expect(plan.phases.map(\.projectedScore) == [50, 100])
        #expect(
            plan.items[0].why
                == "Mandatory (R1); no points on its own: R1 also needs a later action.")
    }

    /// Due dates are the phase's end from `as_of` (month ends clamp); an open-ended phase has
    /// none. The plan says after which phase the organisation complies.
    @Test func datesAndCompliance() throws {
        let plan = try plan("a: false\nb: false\nc: false\nstaff: 2\n").plan
        #expect(plan.phases.map(\.due) == ["2026-04-30", "2026-07-31"])
        #expect(plan.items.map(\.due) == ["2026-04-30", "2026-04-30", "2026-07-31"])
        #expect(plan.phases.map(\.projectedCompliant) == [false, true])
        #expect(plan.compliance == .after(phase: "3-6 months", due: "2026-07-31"))
        let report = AssessmentReport(try self.plan("a: false\nb: false\nc: false\nstaff: 2\n"))
        #expect(
            report.compliance?.statement == "Compliant after phase 2 (3-6 months), by 2026-07-31.")
    }

    /// A conditional prerequisite applies only where its condition holds: with no staff, C
    /// waits for the hire and moves to its phase, and says why.
    @Test func conditionalPrerequisite() throws {
        let withStaff = try plan("a: true\nb: true\nc: false\nstaff: 2\n").plan
        #expect(withStaff.items.map(\.action.id) == ["ACT-C"])
        #expect(withStaff.items[0].phase == "0-3 months")
        let without = try plan("a: true\nb: true\nc: false\nstaff: 0\n").plan
        #expect(without.items.map(\.action.id) == ["ACT-HIRE", "ACT-C"])
        #expect(without.items.map(\.phase) == ["3-6 months", "3-6 months"])
        #expect(
            without.items[1].why
                == "Needs ACT-HIRE first; moved from 0-3 months to wait for its prerequisites; +25.0 points by completing R2."
        )
    }

    /// Missing data no action can supply leaves the organisation short of compliance after
    /// the whole plan, and the plan says why.
    @Test func notReached() throws {
        let plan = try plan("b: true\nc: true\nstaff: 2\n").plan
        guard case .notReached(let reasons) = plan.compliance else {
            Issue.record("expected not reached, got \(plan.compliance)")
            return
        }
        #expect(reasons == ["mandatory rule R1 (Both) cannot be decided: data is missing"])
    }

    /// A condition that is not a bool is an error at its position.
    @Test func conditionMustBeBool() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules.replacingOccurrences(of: "when: staff == 0", with: "when: staff")
        ])
        #expect(
            folder.loadErrors().contains {
                $0.contains(
                    "error[rule.type]: the `when` of a prerequisite of action `ACT-C` must give bool, but gives int"
                )
            }, "\(folder.loadErrors())")
    }

    /// A conditional prerequisite naming no action, or without its condition, is a load error
    /// at its place.
    @Test func conditionalPrerequisiteErrors() throws {
        let unknown = try TemporaryRuleSet([
            "r.yaml": Self.rules.replacingOccurrences(
                of: "{action: ACT-HIRE, when: staff == 0}",
                with: "{action: ACT-HIR, when: staff == 0}")
        ])
        #expect(
            unknown.loadErrors().contains { $0.contains("ACT-HIR") && $0.contains("ACT-HIRE") },
            "\(unknown.loadErrors())")
        let noCondition = try TemporaryRuleSet([
            "r.yaml": Self.rules.replacingOccurrences(
                of: "{action: ACT-HIRE, when: staff == 0}", with: "{action: ACT-HIRE}")
        ])
        #expect(
            noCondition.loadErrors().contains {
                $0.contains("error[decode.missing-key]") && $0.contains("`when`")
            },
            "\(noCondition.loadErrors())")
    }

    /// Over every example, each phase's points sum to its rise, and the rises to the last
    /// projection.
    @Test(arguments: [
        "01-riverbend-no-peer-workforce", "02-northgate-starting-out", "03-harbour-developing",
        "04-eastside-established", "05-southern-embedded",
    ])
    func phaseSumsAddUp(_ example: String) throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let assessment = try Assessment.run(
            ruleSet: ruleSet,
            profilePath: Paths.repositoryRoot.appendingPathComponent(
                "assessments/\(example).yaml"
            ).path)
        var previous = assessment.plan.startScore
        for phase in assessment.plan.phases {
            let sum = phase.items.reduce(0) { $0 + $1.points }
            #expect(abs(sum - (phase.projectedScore - previous)) < 1e-9, "\(example) \(phase.name)")
            previous = phase.projectedScore
        }
    }
}

/// Gaps come in one order in every format: mandatory first, then by the points each would gain.
struct GapOrderTests {
    /// The report's gap order, and text, markdown and HTML all follow it.
    @Test func oneOrderEverywhere() throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let report = AssessmentReport(
            try Assessment.run(
                ruleSet: ruleSet,
                profilePath: Paths.repositoryRoot.appendingPathComponent(
                    "assessments/03-harbour-developing.yaml"
                ).path))
        let gaps = report.gaps
        #expect(
            gaps.count
                == report.rules.filter { [.fail, .partial, .error].contains($0.outcome) }.count)
        let firstOptional = gaps.firstIndex { !$0.mandatory } ?? gaps.count
        #expect(gaps[..<firstOptional].allSatisfy { $0.mandatory })
        #expect(gaps[firstOptional...].allSatisfy { !$0.mandatory })
        let points = gaps[firstOptional...].map { $0.pointsIfMet ?? 0 }
        #expect(points == points.sorted(by: >))
        #expect(gaps.prefix(3).map(\.id) == ["TRN-01", "SUP-02", "EVA-01"])
    }
}

/// The plan's fast projections give full scoring's overall score to the last bit, whichever
/// rules are assumed passed and whatever order the results come in.
struct ProjectionTests {
    @Test func sameFigureAsFullScoring() throws {
        let compiled = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let ruleSet = compiled.ruleSet
        var random = SplitMix(seed: 29)
        var compared = 0
        for index in 0..<40 {
            let profile = try ProfileReader(schema: ruleSet.schema).decode(
                Array(ProfileGenerator.profile(index, random: &random).utf8), name: "p.yaml")
            let results = Assessment.assess(ruleSet: compiled, profile: profile).results
            // In rule order, as the evaluator gives them, and reversed (matched by id).
            for ordered in [results, results.reversed()] {
                let projection = Scores.Projection(
                    ruleSet, results: ordered, domainPositions: compiled.domainPositions)
                let gaps = ruleSet.rules.indices.filter { results[$0].outcome.isGap }
                let choices =
                    [[], gaps, Array(gaps.prefix(1)), Array(gaps.suffix(3))]
                    + gaps.map { [$0] }
                for passing in choices {
                    let full = Scores.compute(
                        ruleSet, results: ordered,
                        assumingPassed: Set(passing.map { ruleSet.rules[$0].id }),
                        explains: false)
                    let fast = projection.overall(passing: passing)
                    #expect(
                        fast.bitPattern == full.overall.bitPattern,
                        "profile \(index), passing \(passing): \(fast) against \(full.overall)")
                    compared += 1
                }
            }
        }
        #expect(compared > 400)
    }
}

/// A rule that fails with no action to close it stays failed in every projection: the plan
/// does not count it passed once its first action is done.
struct RuleWithoutActionsTests {
    @Test func notClosedByAnotherRulesAction() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: R1, domain: d, title: One, require: flag, actions: [A1]}
                  - {id: R2, domain: d, title: Two, require: n > 0}
                """,
            "profiles/p.yaml":
                "assessment: {organisation: X, as_of: 2026-01-01}\nflag: false\nn: 0\n",
        ])
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: folder.folder),
            profilePath: folder.path("profiles/p.yaml"))
        let item = try #require(assessment.plan.items.first)
        #expect(item.completes == ["R1"])
        #expect(item.points == 50)
        #expect(assessment.plan.phases.last?.projectedScore == 50)
    }
}
