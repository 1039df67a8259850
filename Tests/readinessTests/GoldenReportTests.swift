import Foundation
import ReadinessTestSupport
import Testing

/// Every human-facing output, as the command prints it, against a golden file read by eye when
/// recorded (`RECORD_GOLDEN=1 swift test --filter GoldenReportTests`): every example in text,
/// markdown and HTML; the batch over the examples (with the funder's tailoring) in text, CSV
/// and HTML; the batch and two reports with a funder's waivers; the diff of Harbour's two years in text, markdown and HTML. A change shows here
/// exactly what it moved.
struct GoldenReportTests {
    static let examples = [
        "01-riverbend-no-peer-workforce", "02-northgate-starting-out", "03-harbour-developing",
        "04-eastside-established", "05-southern-embedded",
    ]
    static let formats = [("text", "txt"), ("markdown", "md"), ("html", "html")]

    private func check(_ arguments: [String], _ name: String, status: Int32) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        if let problem = try Golden.check(
            result.stdout, against: "Tests/readinessTests/Golden/\(name)")
        {
            Issue.record("\(problem)")
        }
    }

    @Test(arguments: examples)
    func assessment(_ example: String) throws {
        for (format, suffix) in Self.formats {
            try check(
                ["assess", "assessments/\(example).yaml", "--format", format],
                "assess-\(example).\(suffix)",
                status: example.hasPrefix("04") || example.hasPrefix("05") ? 0 : 1)
        }
    }

    @Test func batch() throws {
        let tailoring = "rules/vic-aod-peer-workforce/tailoring/funder-minimum.yaml"
        for (format, suffix) in [("text", "txt"), ("csv", "csv"), ("html", "html")] {
            try check(
                ["batch", "assessments", "--tailoring", tailoring, "--format", format],
                "batch-funder-minimum.\(suffix)", status: 1)
        }
    }

    /// A funder's waivers: the batch marks the waived rules, Harbour's report says what each
    /// waiver does, Northgate's that its waiver has expired.
    @Test func waivers() throws {
        let waivers = "rules/vic-aod-peer-workforce/waivers/north-region.yaml"
        for (format, suffix) in [("text", "txt"), ("csv", "csv")] {
            try check(
                ["batch", "assessments", "--waivers", waivers, "--format", format],
                "batch-waivers.\(suffix)", status: 1)
        }
        for example in ["02-northgate-starting-out", "03-harbour-developing"] {
            for (format, suffix) in Self.formats {
                try check(
                    [
                        "assess", "assessments/\(example).yaml", "--waivers", waivers, "--format",
                        format,
                    ],
                    "assess-waivers-\(example).\(suffix)", status: 1)
            }
        }
    }

    @Test func diff() throws {
        for (format, suffix) in Self.formats {
            try check(
                [
                    "diff", "assessments/history/03-harbour-2025.yaml",
                    "assessments/03-harbour-developing.yaml", "--format", format,
                ], "diff-harbour.\(suffix)", status: 0)
        }
    }
}
