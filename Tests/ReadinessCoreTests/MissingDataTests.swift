import Foundation
import ReadinessCore
import ReadinessTestSupport
import Testing

/// An unknown never hides a result the known data already decides (DESIGN §5): a rule that
/// reads missing data is `unknown` only when the missing data could change its outcome.
struct MissingDataTests {
    /// A rule set over a list of workers with hours and a rating, and two yes/no fields.
    private static let rules = """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: d, title: D}]
        schema:
          a: {type: bool}
          b: {type: bool}
          kind: {type: string, values: [peer_led, staff_led, none]}
          rating: {type: int, min: 1, max: 3}
          share: {type: number}
          days: {type: number, min: 0, max: 5}
          count: {type: int}
          workers:
            type: list
            items: {name: {type: string}, hours: {type: number}}
        rules:
          - id: HOURS
            domain: d
            title: Workers are trained
            mandatory: true
            measure: {each: workers, as: w, meets: w.hours >= 46}
            gap: "{{unmet}} of {{total}} workers are under 46 hours."
          - id: MOST
            domain: d
            title: Most workers are trained
            measure: {each: workers, as: w, meets: w.hours >= 46, target: 0.6}
          - {id: BOTH, domain: d, title: Both, require: a && b}
          - {id: EITHER, domain: d, title: Either, require: a || b}
          - {id: EQUAL, domain: d, title: Equal, require: a == b}
          - id: GRADE
            domain: d
            title: Graded
            grade: "(a ? 0.5 : 0.0) + (kind == 'peer_led' ? 0.5 : 0.0)"
            values: {k: kind}
            gap: "Groups are {{ k }}."
          - {id: RATED, domain: d, title: Rated, grade: "double(rating - 1) / 2.0"}
          - {id: SHARE, domain: d, title: Share, grade: "a ? min(1.0, share) : 0.0"}
          - {id: ONLY, domain: d, title: Only when a, applies_if: a, require: "true"}
          - {id: DAYS, domain: d, title: Days, grade: "(a ? 0.5 : 0.0) + (days >= 2.0 ? 0.5 : 0.0)"}
          - {id: NEVER, domain: d, title: Never, require: "count > 2 && count < 1"}
          - {id: RANGE, domain: d, title: Range, require: "count >= 2 && count <= 4"}
        actions:
          - {id: A1, title: Do it, timeframe: 0-3 months}

        """

    private func assess(_ profile: String) throws -> [String: RuleResult] {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules,
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\n" + profile,
        ])
        let assessment = try Assessment.run(
            ruleSet: try CompiledRuleSet.load(folder: folder.folder),
            profilePath: folder.path("profiles/p.yaml"))
        return Dictionary(uniqueKeysWithValues: assessment.results.map { ($0.ruleID, $0) })
    }

    private let workers = """
        workers:
          - {name: Alex, hours: 40}
          - {name: Bree, hours: 16}
          - {name: Cam, hours: ~}

        """

    /// Two known workers under the hours and one not known: the rule cannot pass whatever the
    /// third has, so it fails, says so, and still lists the missing hours.
    @Test func measureDecidedByKnownItems() throws {
        let results = try assess(workers)
        let hours = try #require(results["HOURS"])
        #expect(hours.outcome == .fail)
        #expect(hours.score == 0)
        #expect(hours.met == 0 && hours.total == 3 && hours.notKnown == 1)
        #expect(hours.missing == ["workers[2].hours"])
        #expect(hours.gap == "2 of 3 workers are under 46 hours; 1 is not known.")
    }

    /// One worker meets the hours, one does not, one is not known: partial, scored as if the
    /// unknown one did not meet them.
    @Test func measurePartialWithUnknown() throws {
        let results = try assess(
            "workers:\n  - {name: A, hours: 50}\n  - {name: B, hours: 10}\n  - {name: C}\n")
        let hours = try #require(results["HOURS"])
        #expect(hours.outcome == .partial)
        #expect(abs((hours.score ?? 0) - 1.0 / 3) < 1e-9)
        #expect(hours.gap == "1 of 3 workers are under 46 hours; 1 is not known.")
    }

    /// When the missing item could still make it pass, the rule stays unknown; when the known
    /// items already reach the target, it passes.
    @Test func measureUndecidedOrAlreadyPassing() throws {
        let undecided = try assess(
            "workers:\n  - {name: A, hours: 50}\n  - {name: B, hours: 60}\n  - {name: C}\n")
        #expect(undecided["HOURS"]?.outcome == .unknown)
        #expect(undecided["HOURS"]?.missing == ["workers[2].hours"])
        // 2 of 3 known meeting reaches the 0.6 target whatever the third is.
        #expect(undecided["MOST"]?.outcome == .pass)
        #expect(undecided["MOST"]?.missing == ["workers[2].hours"])
    }

    /// `&&` and `||` decide with one side missing when the other side settles them; `==` needs
    /// both.
    @Test func requireDecidedByLogic() throws {
        let results = try assess("a: false\n")
        #expect(results["BOTH"]?.outcome == .fail)
        #expect(results["EITHER"]?.outcome == .unknown)
        #expect(results["EQUAL"]?.outcome == .unknown)
        let other = try assess("a: true\n")
        #expect(other["BOTH"]?.outcome == .unknown)
        #expect(other["EITHER"]?.outcome == .pass)
    }

    /// A grade over yes/no and listed values is tried for every value the missing data could
    /// take: with `a` false it cannot pass, so it takes its lowest grade.
    @Test func gradeDecidedOverListedValues() throws {
        let results = try assess("a: false\n")
        let grade = try #require(results["GRADE"])
        #expect(grade.outcome == .fail)
        #expect(grade.score == 0)
        #expect(grade.missing == ["kind"])
        // The message's value reads the missing field: plain words, not an error's text.
        #expect(grade.gap == "Groups are not known.")
        let partial = try assess("kind: peer_led\n")
        #expect(partial["GRADE"]?.outcome == .unknown)
        let rated = try assess("")
        #expect(rated["RATED"]?.outcome == .unknown)
    }

    /// A free number cannot be listed, so a grade reading it stays unknown unless the rest of
    /// the expression already decides it; `applies_if` over a missing value that every value
    /// makes true or false is decided the same way.
    @Test func unlistedNumbersStayUnknown() throws {
        #expect(try assess("a: true\n")["SHARE"]?.outcome == .unknown)
        #expect(try assess("a: false\n")["SHARE"]?.outcome == .fail)
        #expect(try assess("a: true\n")["ONLY"]?.outcome == .pass)
        #expect(try assess("")["ONLY"]?.outcome == .unknown)
    }

    /// A number the rule only compares with constants is tried at values either side of each
    /// constant (within its bounds), which stand for all it could be.
    @Test func numbersComparedWithConstants() throws {
        let withoutA = try assess("a: false\n")
        #expect(withoutA["DAYS"]?.outcome == .fail)
        #expect(withoutA["DAYS"]?.missing == ["days"])
        #expect(try assess("a: true\n")["DAYS"]?.outcome == .unknown)
        // No whole number is both over 2 and under 1.
        #expect(withoutA["NEVER"]?.outcome == .fail)
        #expect(withoutA["RANGE"]?.outcome == .unknown)
        #expect(try assess("count: 3\n")["RANGE"]?.outcome == .pass)
    }

    /// The case on the shipped rule set: three peer workers, two with known hours under
    /// 46 and one not known. TRN-01 fails (it was `unknown`), the verdict names it, the plan
    /// keeps its action, and the missing hours are still data to collect.
    @Test func shippedRuleSetThreeWorkers() throws {
        let folder = try TemporaryFolder("three-workers")
        defer { folder.remove() }
        let base = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "assessments/03-harbour-developing.yaml"), encoding: .utf8)
        var profile = base.replacingOccurrences(
            of: "training_hours: 52", with: "training_hours: 40")
        profile = profile.replacingOccurrences(of: "training_hours: 46", with: "training_hours: 16")
        profile = profile.replacingOccurrences(of: "training_hours: 30", with: "training_hours: ~")
        let path = folder.appendingPathComponent("three.yaml").path
        try profile.write(toFile: path, atomically: true, encoding: .utf8)
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let assessment = try Assessment.run(ruleSet: ruleSet, profilePath: path)
        let training = try #require(assessment.results.first { $0.ruleID == "TRN-01" })
        #expect(training.outcome == .partial)
        #expect(
            training.gap
                == "2 of 4 peer workers have under 46 hours of peer training (Alex and Bree); not known for Cam."
        )
        #expect(
            assessment.scores.reasons.contains(
                "mandatory rule TRN-01 (Peer workers have completed 46 hours of discipline-specific training) is only partly met"
            ))
        #expect(assessment.plan.items.contains { $0.closes.contains("TRN-01") })
        #expect(
            assessment.dataToCollect.contains {
                $0.ruleID == "TRN-01" && $0.path == "peer_workers[2].training_hours"
            })
    }
}

/// `check` warns when a gap message's value reads an optional field its rule's condition does
/// not read: the message would say "not known" there.
struct ValueReadsOptionalTests {
    @Test func warnsOnValueReadingOptionalField() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            schema:
              a: {type: bool, required: true}
              role: {type: string}
            rules:
              - {id: R, domain: d, title: A, require: a, values: {r: role, same: a}, gap: "{{ r }} {{ same }}"}
              - {id: S, domain: d, title: B, require: "a && role == 'x'", values: {r: role}, gap: "{{ r }}"}
            actions: []

            """
        ])
        let findings = RuleSetCheck.run(folder: folder.folder)
        #expect(findings.errors.isEmpty, "\(findings.errors)")
        let messages = findings.warnings.filter { $0.code == "check.value-reads-optional" }
            .map(\.message)
        #expect(
            messages == [
                "the value `r` of rule `R` reads `role`, which a profile may leave out and the rule's condition does not read"
            ])
    }
}

/// A field a rule only tests the presence of (`has()`) is used: `check` does not call it
/// unread, while a field no rule mentions still is.
struct PresenceTestIsAUseTests {
    @Test func hasCountsAsUse() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            schema:
              review:
                done: {type: date}
                notes: {type: string}
              workers:
                type: list
                items: {name: {type: string}, plan: {type: string}}
            rules:
              - {id: R, domain: d, title: A review is recorded, require: has(review.done)}
              - {id: S, domain: d, title: Plans, require: "workers.all(w, has(w.plan))"}
            actions: []

            """
        ])
        let findings = RuleSetCheck.run(folder: folder.folder)
        #expect(findings.errors.isEmpty, "\(findings.errors)")
        let unread = findings.warnings.filter { $0.code == "check.unread-field" }.map(\.message)
        #expect(
            unread == [
                "no rule reads the schema field `review.notes`",
                "no rule reads the schema field `workers[].name`",
            ])
        // Presence tests are not reads: a missing `review.done` does not make R unknown.
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        #expect(ruleSet.rules[0].reads == [])
        #expect(ruleSet.rules[0].presenceTests == ["review.done"])
        #expect(ruleSet.rules[1].presenceTests == ["workers[].plan"])
    }
}
