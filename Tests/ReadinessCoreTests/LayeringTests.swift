import Foundation
import ReadinessCore
import SourceDiagnostics
import Testing

/// Tailoring (a funder's contract) and `extends` (a rule set built on another).
struct LayeringTests {
    /// A tailoring drops rules, makes rules mandatory by glob, refines parameters and sets
    /// the threshold.
    @Test func tailoringApplies() throws {
        let ruleSet = try CompiledRuleSet.load(
            folder: Fixture.mini, tailoringPath: Fixture.path("tailoring/relaxed.yaml"))
        #expect(ruleSet.rules.map(\.rule.id) == ["SUP-01", "SUP-02", "TRN-01"])
        #expect(ruleSet.rules.map(\.rule.mandatory) == [true, true, false])
        #expect(ruleSet.ruleSet.parameter("max_interval_days")?.value.debugText == "60")
        #expect(ruleSet.ruleSet.minimumScore == 20)
        let assessment = try Assessment.run(ruleSet: ruleSet, profilePath: Fixture.profile("weak"))
        // SUP-02 with 60 days: 3 of 4 within → partial 0.75, and now mandatory.
        #expect(assessment.results[1].score == 0.75)
        #expect(
            assessment.scores.reasons.contains(
                "mandatory rule SUP-02 (Peer workers are supervised at least every 60 days) is only partly met"
            ))
        #expect(AssessmentReport(assessment).tailoring?.id == "relaxed")
        #expect(
            AssessmentReport(assessment).inputs.map(\.role) == [
                "rules", "rules", "rules", "tailoring", "profile",
            ])
    }

    /// A tailoring for another rule set, unmatched patterns, unknown parameters, mistyped
    /// values and out-of-range thresholds are all reported.
    @Test func tailoringErrors() throws {
        do {
            _ = try CompiledRuleSet.load(
                folder: Fixture.mini, tailoringPath: Fixture.path("tailoring/broken.yaml"))
            Issue.record("the broken tailoring was accepted")
        } catch {
            let folder = Fixture.path("tailoring")
            #expect(
                error.diagnostics.map { $0.description.replacingOccurrences(of: folder, with: "T") }
                    == [
                        "T/broken.yaml:1:49: error[decode.invalid]: this tailoring is for the rule set `other`, but the rule set loaded is `mini`",
                        "T/broken.yaml:2:11: error[decode.invalid]: `include` names `SUP-9*`, which matches no rule — did you mean `SUP-01`?",
                        "T/broken.yaml:4:3: error[decode.unknown-reference]: no parameter has the id `max_interval_dayz` — did you mean `max_interval_days`?",
                        "T/broken.yaml:5:23: error[decode.type]: the value of parameter `min_training_hours` must be a number, but is the string `lots`",
                        "T/broken.yaml:6:25: error[decode.invalid]: `min_score` must be between 0 and 100",
                    ])
        }
    }

    /// A rule set that extends another inherits its content and overrides by id.
    @Test func extendsOverridesByID() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.path("mini-extended"))
        #expect(ruleSet.ruleSet.metadata.id == "mini-extended")
        #expect(ruleSet.rules.map(\.rule.id) == ["SUP-01", "SUP-02", "TRN-01", "TRN-02", "TRN-03"])
        #expect(ruleSet.ruleSet.rule("SUP-02")?.weight == 4)
        #expect(ruleSet.ruleSet.parameter("max_interval_days")?.value.debugText == "14")
        #expect(ruleSet.ruleSet.parameter("min_training_hours") != nil)
        #expect(ruleSet.ruleSet.actions.map(\.id) == ["ACT-MODEL", "ACT-CADENCE", "ACT-TRAINING"])
        #expect(ruleSet.ruleSet.files.count == 4)
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profilePath: Fixture.profile("strong"))
        // Ben at 28 days > 14
        #expect(assessment.results.first { $0.ruleID == "SUP-02" }?.outcome == .fail)
        #expect(assessment.results.first { $0.ruleID == "TRN-03" }?.outcome == .pass)
    }

    /// Extending a missing folder, or extending in a cycle, is an error.
    @Test func extendsErrors() throws {
        let missing = try TemporaryRuleSet([
            "r.yaml": "extends: ../nowhere\nruleset: {id: x, version: 1.0.0, title: X}\n"
        ])
        #expect(
            missing.loadErrors() == [
                "RS/../nowhere: error[file.not-found]: no such rule set folder",
                "RS/r.yaml:1:10: error[ruleset.extends]: the rule set this one extends, `../nowhere`, cannot be loaded",
            ])
        let cycle = try TemporaryRuleSet([
            "a/r.yaml": "extends: ../b\nruleset: {id: a, version: 1.0.0, title: A}\n",
            "b/r.yaml": "extends: ../a\nruleset: {id: b, version: 1.0.0, title: B}\n",
        ])
        do {
            _ = try CompiledRuleSet.load(folder: cycle.path("a"))
            Issue.record("a cycle of extends was accepted")
        } catch {
            #expect(error.diagnostics.contains { $0.code == "ruleset.extends-cycle" })
        }
    }

    static let base = """
        ruleset: {id: base, version: 1.0.0, title: Base}
        domains: [{id: d, title: D}]
        schema:
          staff:
            total: {type: int, description: Staff employed., min: 0}
            trained: {type: int}
          workers:
            type: list
            item_label: name
            items: {name: {type: string}, hours: {type: number}}
        rules:
          - {id: B1, domain: d, title: Trained, require: staff.trained * 2 >= staff.total}
          - {id: B2, domain: d, title: Hours, require: "workers.all(w, w.hours >= 10.0)"}
          - {id: B3, domain: d, title: Trained some, require: staff.trained > 0}
        actions: []

        """

    /// Schemas merge all the way down: an extension adds fields to records and to a list's
    /// item records and refines what it redeclares, keeping the rest; `extends` takes an
    /// absolute path too.
    @Test func schemaMergesDeeply() throws {
        let folders = try TemporaryRuleSet([
            "base/r.yaml": Self.base,
            "child/r.yaml": """
            ruleset: {id: child, version: 1.0.0, title: Child}
            schema:
              staff:
                total: {type: int, min: 1}
                volunteers: {type: int}
              workers:
                type: list
                items: {mentor: {type: string}}
            rules:
              - {id: C1, domain: d, title: Mentored, require: "workers.all(w, w.mentor != '') && staff.volunteers >= 0"}

            """,
        ])
        let child = folders.path("child/r.yaml")
        try ("extends: \(folders.path("base"))\n" + String(contentsOfFile: child, encoding: .utf8))
            .write(toFile: child, atomically: true, encoding: .utf8)
        let ruleSet = try CompiledRuleSet.load(folder: folders.path("child"))
        let staff = try #require(ruleSet.ruleSet.schema["staff"])
        guard case .object(let record) = staff.type else {
            Issue.record("staff is not a record")
            return
        }
        #expect(record.fields.map(\.name) == ["total", "trained", "volunteers"])
        #expect(record["total"]?.minimum == 1)
        #expect(record["total"]?.description == "Staff employed.")
        guard case .list(let item)? = ruleSet.ruleSet.schema["workers"]?.type,
            case .object(let workerRecord) = item.type
        else {
            Issue.record("workers is not a list of records")
            return
        }
        #expect(workerRecord.fields.map(\.name) == ["name", "hours", "mentor"])
        #expect(ruleSet.ruleSet.schema["workers"]?.itemLabel == "name")
        #expect(ruleSet.rules.map(\.rule.id) == ["B1", "B2", "B3", "C1"])
    }

    /// A redeclaration that changes a field's type is one error, at the redeclaring line; the
    /// base's rules reading the field are not reported (they were, each pointing into the base).
    @Test func typeConflictIsReportedOnce() throws {
        let folders = try TemporaryRuleSet([
            "base/r.yaml": Self.base,
            "child/r.yaml": """
            extends: ../base
            ruleset: {id: child, version: 1.0.0, title: Child}
            schema:
              staff:
                trained: {type: string}
              workers: {type: int}

            """,
        ])
        let errors: [String]
        do {
            _ = try CompiledRuleSet.load(folder: folders.path("child"))
            errors = []
        } catch {
            errors = error.diagnostics.map {
                ($0.description.components(separatedBy: "\n").first ?? "")
                    .replacingOccurrences(of: folders.folder, with: "RS")
            }
        }
        #expect(
            errors == [
                "RS/child/r.yaml:5:14: error[ruleset.extends-conflict]: `staff.trained` is declared as an int at RS/child/../base/r.yaml:6:14, and cannot be redeclared as a string",
                "RS/child/r.yaml:6:12: error[ruleset.extends-conflict]: `workers` is declared as a list at RS/child/../base/r.yaml:8:5, and cannot be redeclared as an int",
            ])
    }

    /// Globs match rule ids.
    @Test(arguments: [
        ("SUP-*", "SUP-01", true), ("SUP-*", "TRN-01", false), ("*-0?", "TRN-02", true),
        ("TRN-02", "TRN-02", true), ("S*1", "SUP-01", true),
    ])
    func globs(pattern: String, id: String, matches: Bool) {
        #expect(Glob.matches(pattern, id) == matches)
    }
}
