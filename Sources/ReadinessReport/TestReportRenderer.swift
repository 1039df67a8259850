import ReadinessCore

/// Renders rule-test results: JUnit XML for CI systems, and coverage tables.
public enum TestReportRenderer {
    /// JUnit XML, one test case per rule test.
    public static func junit(_ results: [RuleTestResult], suite: String) -> String {
        let failures = results.filter { !$0.passed }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"readiness\" tests=\"\(results.count)\" failures=\"\(failures)\">\n"
        out +=
            "  <testsuite name=\"\(xml(suite))\" tests=\"\(results.count)\" failures=\"\(failures)\">\n"
        for result in results {
            out +=
                "    <testcase classname=\"\(xml(result.test.file))\" name=\"\(xml(result.test.name))\" file=\"\(xml(result.test.file))\" line=\"\(result.test.line)\""
            if result.passed {
                out += "/>\n"
            } else {
                out +=
                    ">\n      <failure message=\"\(xml(result.failures.first ?? ""))\">\(xml(result.failures.joined(separator: "\n")))</failure>\n    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// A table of the outcomes reached per rule, then the rules never made to pass or fail.
    public static func coverage(_ coverage: [(rule: String, reached: Set<Outcome>)]) -> String {
        let columns: [Outcome] = [.pass, .partial, .fail, .notApplicable, .unknown]
        var out = "\nCoverage (outcomes the tests reached)\n"
        out +=
            "  rule      "
            + columns.map {
                $0.rawValue.replacingOccurrences(of: "not_applicable", with: "n/a").fitted(8)
            }.joined() + "\n"
        for (rule, reached) in coverage {
            out += "  " + rule.fitted(8) + "  "
            out +=
                columns.map {
                    (reached.contains($0) ? "✔" : "·").fitted(8)
                }.joined() + "\n"
        }
        let incomplete = coverage.filter {
            !$0.reached.contains(.pass) || !$0.reached.contains(.fail)
        }.map(\.rule)
        let fully = coverage.count - incomplete.count
        out += "\(fully) of \(coverage.count) rules made to pass and to fail"
        out += incomplete.isEmpty ? ".\n" : "; not yet: \(incomplete.joined(separator: ", ")).\n"
        return out
    }

    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" {
                    out += "&#\(scalar.value);"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
