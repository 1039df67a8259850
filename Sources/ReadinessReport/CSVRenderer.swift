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
    ///
    /// Read byte by byte: comparing characters let a CRLF (one character, neither `\r` nor
    /// `\n`) through unquoted, and Foundation's `replacingOccurrences` costs about 750,000
    /// instructions a call on Linux.
    static func field(_ value: String) -> String {
        let quote = UInt8(ascii: "\"")
        let formula = value.utf8.first.map { "=+-@".utf8.contains($0) } ?? false
        let quoted = value.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == quote || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
        }
        guard quoted else { return formula ? "'" + value : value }
        var bytes: [UInt8] = [quote]
        bytes.reserveCapacity(value.utf8.count + 4)
        if formula { bytes.append(UInt8(ascii: "'")) }
        for byte in value.utf8 {
            bytes.append(byte)
            if byte == quote { bytes.append(quote) }
        }
        bytes.append(quote)
        return String(decoding: bytes, as: UTF8.self)
    }
}
