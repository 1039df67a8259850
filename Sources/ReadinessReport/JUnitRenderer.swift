import ReadinessCore

/// An assessment as JUnit XML, one test case per rule, for CI systems: fail and partial are
/// failures with the gap text, unknown a failure naming the missing data, error an error,
/// not_applicable skipped.
public struct JUnitRenderer: ReportRenderer {
    /// A renderer.
    public init() {}

    /// The report as JUnit XML: one test suite.
    public func render(_ report: AssessmentReport) -> String {
        Self.write([report])
    }

    /// The reports as JUnit XML: a test suite each.
    public func render(_ reports: [AssessmentReport]) -> String {
        Self.write(reports)
    }

    static func write(_ reports: [AssessmentReport]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"readiness\">\n"
        for report in reports {
            // A gap that could be evaluated, or a rule whose data is missing, fails its case.
            let failures = report.rules.filter {
                ($0.outcome.isGap && $0.outcome != .error) || $0.outcome == .unknown
            }.count
            let errors = report.rules.filter { $0.outcome == .error }.count
            let skipped = report.rules.filter { $0.outcome == .notApplicable }.count
            let name = TestReportRenderer.xml(
                "\(report.organisation) — \(report.ruleset.id) \(report.ruleset.version)")
            out +=
                "  <testsuite name=\"\(name)\" tests=\"\(report.rules.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" timestamp=\"\(report.asOf)T00:00:00\">\n"
            for rule in report.rules {
                let attributes =
                    "classname=\"\(TestReportRenderer.xml(report.ruleset.id + "." + rule.domain))\" name=\"\(TestReportRenderer.xml(rule.id + " " + rule.title))\""
                switch rule.outcome {
                case .pass:
                    out += "    <testcase \(attributes)/>\n"
                case .notApplicable:
                    out +=
                        "    <testcase \(attributes)>\n      <skipped message=\"not applicable\"/>\n    </testcase>\n"
                case .error:
                    let message = TestReportRenderer.xml(rule.message ?? "error")
                    out +=
                        "    <testcase \(attributes)>\n      <error message=\"\(message)\">\(message)</error>\n    </testcase>\n"
                default:
                    let text =
                        rule.outcome == .unknown
                        ? "unknown: data missing: " + rule.missing.joined(separator: ", ")
                        : "\(rule.outcome.rawValue)\(rule.mandatory ? " (mandatory)" : ""): \(rule.gap ?? rule.title)"
                    let message = TestReportRenderer.xml(text)
                    out +=
                        "    <testcase \(attributes)>\n      <failure message=\"\(message)\" type=\"\(rule.outcome.rawValue)\">\(message)</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
