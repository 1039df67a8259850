import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// Waivers: a rule that, for a reason and until a date, does not count against compliance.
/// Read with every problem at its place; weighed against the assessment date (it holds from
/// `granted` up to, not including, `expires`); the score left as it is.
struct WaiverTests {
    /// Two mandatory rules: `P` (a policy) and `S` (supervision); `I` informs a score only.
    static let rules = """
        ruleset: {id: t, version: 1.0.0, title: Test, compliance: {min_score: 0}}
        domains: [{id: d, title: D}]
        schema:
          policy: {type: bool}
          supervised: {type: bool}
          induction: {type: bool}
        rules:
          - {id: P, domain: d, title: The policy is written, mandatory: true, require: policy, gap: No policy.}
          - {id: S, domain: d, title: Supervision happens, mandatory: true, require: supervised, gap: No supervision.}
          - {id: I, domain: d, title: Induction is run, require: induction, gap: No induction.}
        """

    static func compiled() throws -> (CompiledRuleSet, TemporaryRuleSet) {
        let folder = try TemporaryRuleSet(["r.yaml": rules])
        return (try CompiledRuleSet.load(folder: folder.folder), folder)
    }

    static func profile(policy: Bool, supervised: Bool = true, asOf: String = "2026-06-30")
        -> String
    {
        """
        assessment: {organisation: Eastside Recovery Network, as_of: \(asOf)}
        policy: \(policy)
        supervised: \(supervised)
        induction: false
        """
    }

    /// Text with its line breaks and the indents after them as single spaces, so a test can
    /// look for a sentence however the renderer wrapped it.
    func flat(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingWhitespace() }.joined(separator: " ")
    }

    static func waivers(_ items: String) -> [UInt8] { Array("waivers:\n\(items)".utf8) }

    static let policyWaiver = """
          - rule: P
            justification: The policy is with the board for sign-off in August.
            approved_by: Program manager, North region
            granted: 2026-01-15
            expires: 2026-09-30

        """

    static func assess(
        _ profileText: String, waivers text: String, ruleSet: CompiledRuleSet
    ) throws -> Assessment {
        let list = try WaiverDecoder.decode(
            waivers(text), name: "waivers.yaml", ruleSet: ruleSet.ruleSet)
        return try Assessment.run(
            ruleSet: ruleSet, profileText: profileText, name: "p.yaml", waivers: list)
    }

    @Test func anActiveWaiverKeepsTheRuleFromCountingAgainstComplianceAndLeavesTheScore()
        throws
    {
        let (ruleSet, folder) = try Self.compiled()
        _ = folder
        let without = try Assessment.run(
            ruleSet: ruleSet, profileText: Self.profile(policy: false), name: "p.yaml")
        #expect(!without.scores.compliant)
        let waived = try Self.assess(
            Self.profile(policy: false), waivers: Self.policyWaiver, ruleSet: ruleSet)
        #expect(waived.scores.compliant)
        #expect(waived.scores.waived == ["P"])
        #expect(waived.scores.reasons.isEmpty)
        #expect(waived.scores.overall == without.scores.overall)
        #expect(waived.results.first { $0.ruleID == "P" }?.outcome == .fail)
        #expect(waived.waivers.map(\.state) == [.active])
        // The plan still closes the gap, and knows the organisation complies already.
        #expect(waived.plan.compliance == .already)
        #expect(waived.plan.items.contains { $0.closes.contains("P") } || waived.plan.items.isEmpty)
        let report = AssessmentReport(waived)
        #expect(report.summary.compliant == true)
        #expect(report.summary.waived == ["P"])
        let entry = try #require(report.waivers?.first)
        #expect(entry.status == .active && entry.excuses && entry.outcome == .fail)
        #expect(entry.location == "waivers.yaml:2:5")
        #expect(report.inputs.contains { $0.role == "waivers" && $0.path == "waivers.yaml" })
        let text = flat(TextRenderer().render(report))
        #expect(text.contains("P The policy is written — waived until 2026-09-30: it does not"))
        #expect(text.contains("[fail, mandatory, waived until 2026-09-30]"))
        let json = JSONRenderer().render(report)
        #expect(json.contains("\"status\" : \"active\""))
        #expect(json.contains("\"waived\" : [\n      \"P\"\n    ]"))
        #expect(MarkdownRenderer().render(report).contains("## Waivers"))
        #expect(HTMLRenderer().render(report).contains("<div class=\"waivers\">"))
    }

    @Test func onItsExpiryDayTheWaiverHasExpiredAndTheRuleCountsAgain() throws {
        let (ruleSet, folder) = try Self.compiled()
        _ = folder
        let dayBefore = try Self.assess(
            Self.profile(policy: false, asOf: "2026-09-29"), waivers: Self.policyWaiver,
            ruleSet: ruleSet)
        #expect(dayBefore.scores.compliant)
        let onTheDay = try Self.assess(
            Self.profile(policy: false, asOf: "2026-09-30"), waivers: Self.policyWaiver,
            ruleSet: ruleSet)
        #expect(!onTheDay.scores.compliant)
        #expect(onTheDay.waivers.map(\.state) == [.expired])
        #expect(onTheDay.scores.waived.isEmpty)
        #expect(
            onTheDay.scores.reasons == [
                "mandatory rule P (The policy is written) is not met; its waiver expired on 2026-09-30"
            ])
        let text = flat(TextRenderer().render(AssessmentReport(onTheDay)))
        #expect(text.contains("the waiver expired on 2026-09-30: the rule counts again"))
        #expect(text.contains("[fail, mandatory, waiver expired 2026-09-30]"))
    }

    @Test func aLongExpiredWaiverDoesNotHoldAndOneGrantedAfterTheAssessmentDoes() throws {
        let (ruleSet, folder) = try Self.compiled()
        _ = folder
        let later = try Self.assess(
            Self.profile(policy: false, asOf: "2027-03-01"), waivers: Self.policyWaiver,
            ruleSet: ruleSet)
        #expect(!later.scores.compliant && later.waivers.map(\.state) == [.expired])
        // Granted on 2026-01-15 for the gap an assessment of 2026-01-01 found: it covers it.
        let earlier = try Self.assess(
            Self.profile(policy: false, asOf: "2026-01-01"), waivers: Self.policyWaiver,
            ruleSet: ruleSet)
        #expect(earlier.scores.compliant && earlier.waivers.map(\.state) == [.active])
    }

    @Test func aWaiverForARuleThatPassesChangesNothingAndSaysItIsNotNeeded() throws {
        let (ruleSet, folder) = try Self.compiled()
        _ = folder
        let assessment = try Self.assess(
            Self.profile(policy: true), waivers: Self.policyWaiver, ruleSet: ruleSet)
        #expect(assessment.scores.compliant && assessment.scores.waived.isEmpty)
        let report = AssessmentReport(assessment)
        #expect(report.summary.waived == nil)
        #expect(report.waivers?.first?.excuses == false)
        #expect(
            flat(TextRenderer().render(report)).contains(
                "waived until 2026-09-30, not needed: the rule is met"))
    }

    @Test func aWaiverOnlyExcusesTheRuleItNames() throws {
        let (ruleSet, folder) = try Self.compiled()
        _ = folder
        let assessment = try Self.assess(
            Self.profile(policy: false, supervised: false), waivers: Self.policyWaiver,
            ruleSet: ruleSet)
        #expect(!assessment.scores.compliant)
        #expect(assessment.scores.waived == ["P"])
        #expect(assessment.scores.reasons.count == 1)
        #expect(assessment.scores.reasons.first?.contains("rule S") == true)
    }

    @Test func ofSeveralWaiversForOneRuleTheOneThatHoldsThatDaySpeaks() throws {
        let (ruleSet, folder) = try Self.compiled()
        _ = folder
        let renewed =
            Self.policyWaiver + """
                  - rule: P
                    justification: Renewed while the board meets again.
                    approved_by: Program manager, North region
                    granted: 2026-09-30
                    expires: 2027-03-31

                """
        let assessment = try Self.assess(
            Self.profile(policy: false, asOf: "2026-11-01"), waivers: renewed, ruleSet: ruleSet)
        #expect(assessment.scores.compliant)
        #expect(assessment.waivers.map(\.waiver.expires) == ["2027-03-31"])
    }

    @Test func aFundersListAppliesEachWaiverToTheOrganisationItNames() throws {
        let (ruleSet, folder) = try Self.compiled()
        _ = folder
        let named = """
              - rule: P
                organisation: "  eastside   recovery network"
                justification: Sign-off in August.
                approved_by: Program manager
                granted: 2026-01-15
                expires: 2026-09-30
              - rule: S
                organisation: Harbour AOD Services
                justification: A new supervisor starts in August.
                approved_by: Program manager
                granted: 2026-01-15
                expires: 2026-09-30

            """
        let list = try WaiverDecoder.decode(
            Self.waivers(named), name: "w.yaml", ruleSet: ruleSet.ruleSet,
            organisationRequired: true)
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profileText: Self.profile(policy: false, supervised: false),
            name: "p.yaml", waivers: list)
        // Eastside's waiver of P holds (names compared without case or runs of spaces);
        // Harbour's of S is not Eastside's.
        #expect(assessment.scores.waived == ["P"])
        #expect(!assessment.scores.compliant)
    }

    @Test func aBatchWeighsEachOrganisationsWaiversAndMarksTheRow() throws {
        let (ruleSet, folder) = try Self.compiled()
        let profilePath = folder.path("eastside.yaml")
        try Self.profile(policy: false).write(
            toFile: profilePath, atomically: true, encoding: .utf8)
        let list = try WaiverDecoder.decode(
            Self.waivers(
                """
                  - rule: P
                    organisation: Eastside Recovery Network
                    justification: Sign-off in August.
                    approved_by: Program manager
                    granted: 2026-01-15
                    expires: 2026-09-30

                """), name: "w.yaml", ruleSet: ruleSet.ruleSet, organisationRequired: true)
        let row = Batch(ruleSet: ruleSet, waivers: list).assess(profilePath)
        #expect(row.compliant == true)
        #expect(row.mandatoryFailed == ["P"])
        #expect(row.waived == ["P"])
        let plain = Batch(ruleSet: ruleSet).assess(profilePath)
        #expect(plain.compliant == false && plain.waived.isEmpty)
        var renderer = BatchRenderer(format: .text, ruleSet: ruleSet.ruleSet, waivers: list)
        #expect(renderer.row(row).contains("mandatory not met: P (waived)"))
        var csv = BatchRenderer(format: .csv, ruleSet: ruleSet.ruleSet, waivers: list)
        #expect(csv.header().hasSuffix(",waived\r\n"))
        #expect(csv.row(row).hasSuffix(",P\r\n"))
    }

    /// Each problem of a waiver file, at its line and column.
    static func problems(_ text: String, organisationRequired: Bool = false) throws -> [String] {
        let (ruleSet, folder) = try compiled()
        _ = folder
        do {
            _ = try WaiverDecoder.decode(
                Array(text.utf8), name: "w.yaml", ruleSet: ruleSet.ruleSet,
                organisationRequired: organisationRequired)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func anUnknownRuleIsNamedWithADidYouMean() throws {
        #expect(
            try Self.problems(
                """
                waivers:
                  - {rule: SS, justification: J, approved_by: A, granted: 2026-01-01, expires: 2026-02-01}
                """) == [
                    "w.yaml:2:12: error[decode.invalid]: the waiver names the rule `SS`, which is not in the rule set — did you mean `S`?"
                ])
    }

    @Test func anExpiryOnOrBeforeTheGrantIsAnError() throws {
        #expect(
            try Self.problems(
                """
                waivers:
                  - {rule: P, justification: J, approved_by: A, granted: 2026-03-01, expires: 2026-02-01}
                  - {rule: S, justification: J, approved_by: A, granted: 2026-03-01, expires: 2026-03-01}
                """) == [
                    "w.yaml:2:79: error[decode.invalid]: the waiver expires on 2026-02-01, before it was granted (2026-03-01)",
                    "w.yaml:3:79: error[decode.invalid]: the waiver expires on 2026-03-01, the day it was granted (2026-03-01)",
                ])
    }

    @Test func missingFieldsBadDatesAndUnknownKeysAreEachNamed() throws {
        let found = try Self.problems(
            """
            waivers:
              - rule: P
                justification: "  "
                granted: 2026-13-01
                expires: soon
                aproved_by: A
            """)
        #expect(
            found == [
                "w.yaml:2:5: error[decode.missing-key]: a waiver has no `approved_by`, which is required",
                "w.yaml:3:20: error[decode.invalid]: the justification is blank",
                "w.yaml:4:14: error[decode.invalid]: `granted` is `2026-13-01`, which is not a date",
                "w.yaml:5:14: error[decode.invalid]: `expires` is `soon`, which is not a date",
                "w.yaml:6:5: error[decode.unknown-key]: unknown key `aproved_by` in a waiver — did you mean `approved_by`?",
            ])
    }

    @Test func aFundersListNamesEachOrganisation() throws {
        #expect(
            try Self.problems(
                """
                waivers:
                  - {rule: P, justification: J, approved_by: A, granted: 2026-01-01, expires: 2026-02-01}
                """, organisationRequired: true) == [
                    "w.yaml:2:5: error[decode.missing-key]: a waiver has no `organisation`, which is required"
                ])
    }

    @Test func theFileMustHoldAListOfWaivers() throws {
        #expect(
            try Self.problems("waiver: []\n") == [
                "w.yaml:1:1: error[decode.missing-key]: the waiver file has no `waivers`, which is required",
                "w.yaml:1:1: error[decode.unknown-key]: unknown key `waiver` in the waiver file — did you mean `waivers`?",
            ])
        #expect(
            try Self.problems("waivers: P\n") == [
                "w.yaml:1:10: error[decode.type]: `waivers` must be a list, but is the string `P`"
            ])
        #expect(try Self.problems("waivers:\n").isEmpty)
    }
}
