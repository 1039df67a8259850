import Foundation
import ReadinessTestSupport
import Testing

/// The funder's view: the tailoring named, mandatory rules failed and unknown apart, dates,
/// one organisation counted once, no label cut short, reports linked from the page.
struct BatchFunderTests {
    private static let tailoring = "rules/vic-aod-peer-workforce/tailoring/funder-minimum.yaml"

    /// A folder with the five examples and last year's Harbour profile under another name.
    private func portfolio() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("portfolio")
        for name in try FileManager.default.contentsOfDirectory(atPath: "assessments")
        where name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(
                atPath: "assessments/\(name)", toPath: folder.appendingPathComponent(name).path)
        }
        try FileManager.default.copyItem(
            atPath: "assessments/history/03-harbour-2025.yaml",
            toPath: folder.appendingPathComponent("zz-harbour-last-year.yaml").path)
        return folder
    }

    /// Text names the tailoring and lists each organisation's mandatory rules not met and
    /// unknown apart, with its date; last year's file is left out and named.
    @Test func textForAFunder() throws {
        let folder = try portfolio()
        defer { folder.remove() }
        let result = try CommandRunner.run(["batch", folder.path, "--tailoring", Self.tailoring])
        #expect(result.status == 1)
        #expect(
            result.stdout.hasPrefix(
                "Batch: Victorian AOD peer workforce readiness (vic-aod-peer-workforce 1.2.0), tailored by funder-minimum (\(Self.tailoring))\n"
            ))
        #expect(
            result.stdout.contains(
                "   59.1  Developing   no         2026-06-30 Harbour AOD Services\n         mandatory not met: SUP-02, SUP-03\n         mandatory unknown (data missing): SYS-03\n"
            ))
        // `mandatory: {only: …}` replaced the rule set's own: CMP-01 is no longer mandatory.
        #expect(
            result.stdout.contains(
                "         mandatory not met: ORG-01, SUP-01, RES-01, SYS-03\n"))
        #expect(result.stdout.contains("1 of 5 organisations comply."))
        let unwrapped = result.stdout.replacingOccurrences(of: "\n    ", with: " ")
        #expect(
            unwrapped.contains(
                "zz-harbour-last-year.yaml (Harbour AOD Services, 2025-06-30) — by \(folder.path)/03-harbour-developing.yaml"
            ))
        #expect(result.stdout.contains("— 80.0% of organisations (4)"))
    }

    /// No band label is cut short, whatever its length.
    @Test func longBandLabelsStayWhole() throws {
        let rules = try TemporaryFolder("bands")
        defer { rules.remove() }
        for name in try FileManager.default.contentsOfDirectory(
            atPath: "rules/vic-aod-peer-workforce")
        where name.hasSuffix(".yaml") {
            var text = try String(
                contentsOfFile: "rules/vic-aod-peer-workforce/\(name)", encoding: .utf8)
            text = text.replacingOccurrences(
                of: "{min: 0, label: Emerging}", with: "{min: 0, label: Needs Improvement Soon}")
            try text.write(
                to: rules.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let result = try CommandRunner.run([
            "batch", "assessments/01-riverbend-no-peer-workforce.yaml", "--rules", rules.path,
        ])
        #expect(result.stdout.contains("    0.0  Needs Improvement Soon  no "), "\(result.stdout)")
    }

    /// A reports folder that cannot be made is an output error (73) naming it.
    @Test func unwritableReportsFolder() throws {
        let folder = try TemporaryFolder("reports-unwritable")
        defer { folder.remove() }
        let blocker = folder.appendingPathComponent("file").path
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run([
            "batch", "assessments/05-southern-embedded.yaml", "--format", "html", "-o",
            folder.appendingPathComponent("page.html").path, "--reports-dir", blocker + "/reports",
        ])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "\(blocker)/reports: error[output.write]: cannot make the reports folder (\(blocker) is a file, not a folder)"
            ), "\(result.stderr)")
    }

    /// With --reports-dir each organisation's report is written and linked from the page.
    @Test func reportsLinkedFromThePage() throws {
        let folder = try portfolio()
        defer { folder.remove() }
        let page = folder.appendingPathComponent("out/sector.html").path
        try FileManager.default.createDirectory(
            atPath: folder.appendingPathComponent("out").path, withIntermediateDirectories: true)
        let reports = folder.appendingPathComponent("out/reports").path
        let result = try CommandRunner.run([
            "batch", folder.path, "--format", "html", "-o", page, "--reports-dir", reports,
        ])
        #expect(result.status == 1, "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(
            html.contains("<a href=\"reports/03-harbour-developing.html\">Harbour AOD Services</a>")
        )
        let report = try String(
            contentsOfFile: reports + "/03-harbour-developing.html", encoding: .utf8)
        #expect(report.contains("<h1>Harbour AOD Services</h1>"))
        // The superseded profile has no report, and is named on the page.
        #expect(!FileManager.default.fileExists(atPath: reports + "/zz-harbour-last-year.html"))
        #expect(html.contains("Left out: superseded by a later profile"))
        // Complying organisations first, then by score.
        let southern = try #require(html.range(of: "Southern Lived Experience Collective"))
        let riverbend = try #require(html.range(of: "Riverbend Drug and Alcohol Service"))
        #expect(southern.lowerBound < riverbend.lowerBound)
    }
}
