import ReadinessCore

/// The action plan as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma,
/// quote or line break, quotes doubled), one action per row, for spreadsheets.
public struct CSVRenderer: ReportRenderer {
    /// A renderer.
    public init() {}

    /// The plan of one report.
    public func render(_ report: AssessmentReport) -> String {
        Self.write([report], withOrganisation: false)
    }

    /// The plans of several reports, in one table with an organisation column.
    public func render(_ reports: [AssessmentReport]) -> String {
        Self.write(reports, withOrganisation: true)
    }

    static let header = [
        "phase", "priority", "id", "title", "owner", "effort_days", "due", "depends_on", "closes",
        "completes", "points", "mandatory", "why", "compliant_after_phase",
    ]

    /// The plans of reports as one table, with an organisation column when `withOrganisation`.
    static func write(_ reports: [AssessmentReport], withOrganisation: Bool) -> String {
        var rows = [(withOrganisation ? ["organisation"] : []) + header]
        for report in reports {
            var priority = 0
            for phase in report.plan {
                for action in phase.actions {
                    priority += 1
                    let row = [
                        phase.name, String(priority), action.id, action.title, action.owner ?? "",
                        action.effortDays.map(NumberFormat.count) ?? "", action.due ?? "",
                        action.after.joined(separator: " "),
                        action.closes.joined(separator: " "),
                        action.completes.joined(separator: " "),
                        NumberFormat.oneDecimal(action.points),
                        action.mandatory ? "yes" : "no", action.why,
                        // Empty for a rule set with no verdict of compliance.
                        phase.projectedCompliant.map { $0 ? "yes" : "no" } ?? "",
                    ]
                    rows.append((withOrganisation ? [report.organisation] : []) + row)
                }
            }
        }
        return rows.map { fields in
            var line = Line()
            for field in fields { line.add(field) }
            return line.finish()
        }.joined()
    }

    /// One field, quoted when it must be. A leading `=`, `+`, `-` or `@` is prefixed with an
    /// apostrophe so a spreadsheet never runs it as a formula.
    ///
    /// Read byte by byte: comparing characters let a CRLF (one character, neither `\r` nor
    /// `\n`) through unquoted, and Foundation's `replacingOccurrences` costs about 750,000
    /// instructions a call on Linux.
    /// One row of fields, each quoted when it must be, ended with CRLF.
    public static func row(_ fields: [String]) -> String {
        var line = Line()
        for field in fields { line.add(field) }
        return line.finish()
    }

    static func field(_ value: String) -> String {
        var line = Line()
        line.add(value)
        return line.text
    }

    /// A CSV line built byte by byte: a batch row of fields joined (or appended to a string)
    /// cost 40,000 to 48,000 instructions on the thread that takes rows in order; this, a
    /// tenth of that.
    struct Line {
        private var bytes: [UInt8] = []
        private var fields = 0

        init(capacity: Int = 64) {
            bytes.reserveCapacity(capacity)
        }

        /// The line so far (without a line end).
        var text: String { String(decoding: bytes, as: UTF8.self) }

        /// Adds a field, quoted when it must be (``CSVRenderer/field(_:)``).
        mutating func add(_ value: String) {
            separate()
            let quote = UInt8(ascii: "\"")
            var value = value
            value.withUTF8 { utf8 in
                let formula = utf8.first.map { first in
                    first == UInt8(ascii: "=") || first == UInt8(ascii: "+")
                        || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
                }
                let quoted = utf8.contains { byte in
                    byte == UInt8(ascii: ",") || byte == quote || byte == UInt8(ascii: "\n")
                        || byte == UInt8(ascii: "\r")
                }
                if quoted { bytes.append(quote) }
                if formula == true { bytes.append(UInt8(ascii: "'")) }
                guard quoted else {
                    bytes.append(contentsOf: utf8)
                    return
                }
                for byte in utf8 {
                    bytes.append(byte)
                    if byte == quote { bytes.append(quote) }
                }
                bytes.append(quote)
            }
        }

        /// Adds a number to one decimal, whole numbers without one, digit by digit where it
        /// can. (A negative number goes through the text, which defuses its leading `-` as it
        /// would a formula's.)
        mutating func add(number value: Double) {
            let start = bytes.count
            separate()
            if !NumberFormat.appendCount(value, to: &bytes) {
                // Undone, and written as text instead.
                bytes.removeSubrange(start...)
                fields -= 1
                add(NumberFormat.count(value))
            }
        }

        /// Adds an empty field.
        mutating func addEmpty() {
            separate()
        }

        /// Ends the line (CRLF) and gives it as text.
        mutating func finish() -> String {
            bytes.append(UInt8(ascii: "\r"))
            bytes.append(UInt8(ascii: "\n"))
            return text
        }

        private mutating func separate() {
            if fields > 0 { bytes.append(UInt8(ascii: ",")) }
            fields += 1
        }
    }
}
