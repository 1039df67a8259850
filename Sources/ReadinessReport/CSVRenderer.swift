import ReadinessCore

/// The action plan as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma,
/// quote or line break, quotes doubled), one action per row, for spreadsheets.
public enum CSVRenderer {
    static let header = [
        "phase", "priority", "id", "title", "owner", "effort_days", "due", "depends_on", "closes",
        "completes", "points", "mandatory", "why", "compliant_after_phase",
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
                        action.effortDays.map(TextRenderer.count) ?? "", action.due ?? "",
                        action.after.joined(separator: " "),
                        action.closes.joined(separator: " "),
                        action.completes.joined(separator: " "), TextRenderer.number(action.points),
                        action.mandatory ? "yes" : "no", action.why,
                        phase.projectedCompliant ? "yes" : "no",
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
            let tenths = (value * 10).rounded()
            guard tenths.isFinite, tenths.magnitude < 1e15, tenths.sign == .plus else {
                add(TextRenderer.count(value))
                return
            }
            separate()
            let count = Int64(tenths)
            bytes.appendDecimal(count / 10)
            if count % 10 != 0 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(UInt8(ascii: "0") + UInt8(count % 10))
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

extension [UInt8] {
    /// Appends a non-negative whole number's decimal digits, with no string made for it: the
    /// batch's CSV and JSON rows write their scores this way.
    mutating func appendDecimal(_ number: Int64) {
        if number >= 10 { appendDecimal(number / 10) }
        append(UInt8(ascii: "0") + UInt8(number % 10))
    }
}
