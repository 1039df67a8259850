import Foundation
import ReadinessCore
import ReadinessTestSupport
import Testing

/// Reports speak of fields and list items in words: labels or descriptions, items by their
/// label field and place counted from 1, the items that fall short by name.
struct FieldWordsTests {
    private func harbour() throws -> AssessmentReport {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        return AssessmentReport(
            try Assessment.run(
                ruleSet: ruleSet,
                profilePath: Paths.repositoryRoot.appendingPathComponent(
                    "assessments/03-harbour-developing.yaml"
                ).path))
    }

    /// Evidence by label with each worker's answer; data to collect names the worker.
    @Test func evidenceAndDataInWords() throws {
        let report = try harbour()
        let training = try #require(report.rules.first { $0.id == "TRN-01" })
        #expect(
            training.evidence.map { "\($0.label): \($0.answers)" } == [
                "Discipline-specific peer work training completed: Alex 52; Bree 46; Cam 30; Dee 48"
            ])
        #expect(training.evidence.first?.path == "peer_workers[].training_hours")
        let data = report.dataToCollect.map(\.label)
        #expect(
            data == [
                "Dee (peer worker 4): Days between supervision sessions, in practice",
                "Peer activity and outcome data go into departmental (funder) reporting",
            ])
        let understanding = try #require(report.rules.first { $0.id == "ORG-04" })
        #expect(
            understanding.evidence.first?.label
                == "Staff understanding of the peer role (1 poorly, 2 partly, 3 well)")
    }

    /// Gaps name the items that fall short, and those not known.
    @Test func gapsNameTheItems() throws {
        let report = try harbour()
        let gaps = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.id, $0.gap ?? "") })
        #expect(gaps["TRN-01"] == "1 of 4 peer workers have under 46 hours of peer training (Cam).")
        #expect(
            gaps["SUP-03"]
                == "2 of 4 peer workers are supervised less often than every 30 days (Bree and Cam); not known for Dee."
        )
    }

    /// Names in a sentence, and items without a label by their place.
    @Test func sentencesAndPlaces() {
        #expect(FieldWords.sentence(["Cam"]) == "Cam")
        #expect(FieldWords.sentence(["Cam", "Lee"]) == "Cam and Lee")
        #expect(FieldWords.sentence(["A", "B", "C"]) == "A, B and C")
        #expect(FieldWords.sentence(["A", "B", "C", "D", "E"]) == "A, B, C and 2 more")
        #expect(FieldWords.item(2, of: nil, value: nil) == "item 3")
    }

    /// An `item_label` that is not a field of the items is a load error with did-you-mean.
    @Test func itemLabelMustBeAField() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            schema:
              workers: {type: list, item_label: nam, items: {name: {type: string}}}
            rules:
              - {id: R, domain: d, title: Any, require: size(workers) > 0}
            actions: []

            """
        ])
        #expect(
            folder.loadErrors().contains {
                $0.contains(
                    "the `item_label` of `workers`, `nam`, is not a field of its items — did you mean `name`?"
                )
            }, "\(folder.loadErrors())")
    }
}
