/// Reads CSV (RFC 4180, as ``CSVRenderer`` writes it and spreadsheets save it): fields split
/// by commas, quoted where they hold a comma, a quote or a line break, quotes doubled; CRLF or
/// LF line ends. A field the renderer guarded from spreadsheets (`'=`, `'+`, `'-`, `'@`) gets
/// its text back, so what is written reads back the same (text that itself began with such an
/// apostrophe loses it).
public enum CSVReader {
    /// One row and the line it starts on (1-based).
    public struct Row: Sendable, Equatable {
        /// The line it starts on.
        public var line: Int
        /// Its fields, unquoted.
        public var fields: [String]
    }

    /// A quoted field never closed: the line it opens on.
    public struct Unterminated: Error, Sendable, Equatable {
        /// The line the quote opens on.
        public var line: Int

        /// At a line.
        public init(line: Int) {
            self.line = line
        }
    }

    /// The rows of a CSV text, blank lines left out.
    public static func rows(_ text: String) throws(Unterminated) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var fieldLine = 1
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endField() {
            fields.append(unguarded(field))
            field = ""
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                rows.append(Row(line: rowLine, fields: fields))
            }
            fields = []
        }
        while index < characters.count {
            let character = characters[index]
            if inQuotes {
                if character == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.unicodeScalars.append(character)
                }
            } else {
                switch character {
                case "\"" where field.isEmpty:
                    inQuotes = true
                    fieldLine = line
                case ",": endField()
                case "\r": break
                case "\n":
                    endRow()
                    line += 1
                    rowLine = line
                default: field.unicodeScalars.append(character)
                }
            }
            index += 1
        }
        if inQuotes { throw Unterminated(line: fieldLine) }
        endRow()
        return rows
    }

    /// A field's text without the apostrophe ``CSVRenderer`` puts before a formula's first
    /// character.
    static func unguarded(_ text: String) -> String {
        guard text.hasPrefix("'"), let second = text.dropFirst().first, "=+-@".contains(second)
        else { return text }
        return String(text.dropFirst())
    }
}
