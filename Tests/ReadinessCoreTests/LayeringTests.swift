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

    /// Globs match rule ids.
    @Test(arguments: [
        ("SUP-*", "SUP-01", true), ("SUP-*", "TRN-01", false), ("*-0?", "TRN-02", true),
        ("TRN-02", "TRN-02", true), ("S*1", "SUP-01", true),
    ])
    func globs(pattern: String, id: String, matches: Bool) {
        #expect(Glob.matches(pattern, id) == matches)
    }
}
