import Foundation
import ReadinessTestSupport
import Testing

/// `--waivers` on `assess` and `batch`: a waiver file that cannot be read exits 66, one that
/// is not valid exits 65 with each problem at its place; a batch needs each waiver's
/// organisation and warns of one no profile has.
struct WaiverCommandTests {
    static let shipped = "rules/vic-aod-peer-workforce/waivers/north-region.yaml"

    @Test func aMissingOrInvalidWaiverFileIsRefusedWithNothingWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-waivers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try CommandRunner.run([
            "assess", "assessments/03-harbour-developing.yaml", "--waivers", "no/such.yaml",
        ])
        #expect(missing.status == 66)
        #expect(missing.stdout.isEmpty)
        let invalid = folder.appendingPathComponent("w.yaml").path
        try """
        waivers:
          - rule: SUP-2
            justification: A new supervisor starts in August.
            approved_by: Program manager
            granted: 2026-05-20
            expires: 2026-04-30
        """.write(toFile: invalid, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("report.txt").path
        let refused = try CommandRunner.run([
            "assess", "assessments/03-harbour-developing.yaml", "--waivers", invalid, "-o", output,
        ])
        #expect(refused.status == 65)
        #expect(
            refused.stderr.contains(
                "w.yaml:2:11: error[decode.invalid]: the waiver names the rule `SUP-2`, which is not in the rule set — did you mean `SUP-02`?"
            ))
        #expect(
            refused.stderr.contains(
                "w.yaml:6:14: error[decode.invalid]: the waiver expires on 2026-04-30, before it was granted (2026-05-20)"
            ))
        #expect(!FileManager.default.fileExists(atPath: output))
        // A batch reads a funder's list: each waiver names its organisation.
        let unnamed = try CommandRunner.run(["batch", "assessments", "--waivers", invalid])
        #expect(unnamed.status == 65)
        #expect(
            unnamed.stderr.contains(
                "w.yaml:2:5: error[decode.missing-key]: a waiver has no `organisation`, which is required"
            ))
    }

    @Test func theShippedListMakesHarbourCompliantButForItsScoreAndWarnsOfNoOne() throws {
        let batch = try CommandRunner.run([
            "batch", "assessments", "--waivers", Self.shipped, "--format", "json",
        ])
        #expect(batch.status == 1)
        #expect(batch.stderr.isEmpty)
        #expect(
            batch.stdout.contains(
                "\"waived\" : [\n        \"TRN-01\",\n        \"SUP-02\"\n      ]"))
        #expect(batch.stdout.contains("\"waivers\" : { \"path\" : \"\(Self.shipped)\" }"))
        let assess = try CommandRunner.run([
            "assess", "assessments/03-harbour-developing.yaml", "--waivers", Self.shipped,
            "--format", "json",
        ])
        #expect(assess.status == 1)
        #expect(assess.stderr.isEmpty)
        #expect(assess.stdout.contains("\"excuses\" : true"))
    }

    @Test func aWaiverForNoOrganisationAssessedIsNamedInAWarning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-waivers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("w.yaml").path
        try """
        waivers:
          - rule: SUP-02
            organisation: Harbor AOD Services
            justification: A new supervisor starts in August.
            approved_by: Program manager
            granted: 2026-05-20
            expires: 2026-09-30
        """.write(toFile: list, atomically: true, encoding: .utf8)
        let batch = try CommandRunner.run(["batch", "assessments", "--waivers", list])
        #expect(batch.status == 1)
        #expect(
            batch.stderr.contains(
                "w.yaml:2:5: warning[waiver.unmatched]: the waiver of SUP-02 is for `Harbor AOD Services`, but no profile assessed is for that organisation — did you mean `Harbour AOD Services`?"
            ))
        let assess = try CommandRunner.run([
            "assess", "assessments/04-eastside-established.yaml", "--waivers", list,
        ])
        #expect(assess.status == 0)
        #expect(assess.stderr.contains("warning[waiver.unmatched]"))
    }
}
