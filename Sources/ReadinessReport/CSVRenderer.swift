import ReadinessCore

/// The action plan as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma,
/// quote or line break, quotes doubled), one action per row, for spreadsheets.
public enum CSVRenderer {
    static let header = [
        "phase", "priority", "id", "title", "owner", "effort_days", "depends_on", "closes",
        "points", "mandatory",
    ]

    /// The plan of one report.
    public static func render(_ report: AssessmentReport) -> String {
        render([report], withOrganisation: false)
    }

    /// The plans of several reports, with an organisation column.
    public static func render(_ reports: [AssessmentReport], withOrganisation: Bool = true)
        -> String
    {
        var rows = [(withOrganisation ? ["organisation"] : []) + header]
        for report in reports {
            var priority = 0
            for phase in report.plan {
                for action in phase.actions {
                    priority += 1
                    let row = [
                        phase.name, String(priority), action.id, action.title, action.owner ?? "",
                        action.effortDays.map(TextRenderer.number) ?? "",
                        action.dependsOn.joined(separator: " "),
                        action.closes.joined(separator: " "), TextRenderer.number(action.points),
                        action.mandatory ? "yes" : "no",
                    ]
                    rows.append((withOrganisation ? [report.organisation] : []) + row)
                }
            }
        }
        return rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field, quoted when it must be. A leading `=`, `+`, `-` or `@` is prefixed with an
    /// apostrophe so a spreadsheet never runs it as a formula.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
