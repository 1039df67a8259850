/// Renders diagnostics for people: the one-line form, then the source line with a caret under
/// the problem, then help and notes.
///
/// ```
/// org.yaml:4:3: error[yaml.duplicate-key]: the key `name` appears twice in this mapping
///     4 |   name: Second
///       |   ^~~~
///   = note: org.yaml:2:3: first defined here
///   = help: remove one of the two entries, or rename one of them
/// ```
public struct DiagnosticRenderer: Sendable {
    /// Source files by path; a diagnostic whose file is absent is shown without its line.
    public var sources: [String: SourceFile]
    /// The most diagnostics to show before an "and N more" line.
    public var limit: Int

    /// Creates a renderer that can quote lines from `sources`.
    public init(sources: [SourceFile] = [], limit: Int = 50) {
        self.sources = Dictionary(
            sources.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.limit = limit
    }

    /// Renders diagnostics in display order, capped at ``limit``.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        let (shown, omitted) = DiagnosticBag.capped(diagnostics, limit: limit)
        var out = shown.map(render).joined()
        if omitted > 0 {
            out += "… and \(omitted) more \(omitted == 1 ? "problem" : "problems") not shown\n"
        }
        return out
    }

    /// Renders one diagnostic, ending with a line break.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = diagnostic.description + "\n"
        if let range = diagnostic.range {
            out += excerpt(range)
        }
        for note in diagnostic.notes {
            if let range = note.range {
                out += "  = note: \(range.start): \(note.message)\n"
            } else {
                out += "  = note: \(note.message)\n"
            }
        }
        if let help = diagnostic.help {
            out += "  = help: \(help)\n"
        }
        return out
    }

    /// The quoted source line and the caret line under it.
    private func excerpt(_ range: SourceRange) -> String {
        guard let file = sources[range.start.file], let line = file.line(range.start.line) else {
            return ""
        }
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: max(5, number.count))
        let paddedNumber = String(repeating: " ", count: gutter.count - number.count) + number
        var scalars = Array(line.unicodeScalars)
        var column = range.start.column
        var lineEnd = scalars.count
        // A very long line (minified or hostile input) is shown as a window around the column,
        // marked with ellipses, so one diagnostic cannot flood the terminal.
        var leading = ""
        var trailing = ""
        if scalars.count > Self.longestQuotedLine {
            let first = max(
                0,
                min(
                    column - 1 - Self.longestQuotedLine / 3,
                    scalars.count - Self.longestQuotedLine))
            let last = min(scalars.count, first + Self.longestQuotedLine)
            if first > 0 { leading = "…" }
            if last < scalars.count { trailing = "…" }
            lineEnd = last - first
            scalars = Array(scalars[first..<last])
            column -= first - (leading.isEmpty ? 0 : 1)
        }
        let shownLine =
            leading + String(String.UnicodeScalarView(scalars.map(Self.visible)))
            + trailing
        // Keep tabs in the padding so the caret lines up under tab-indented text.
        let padding = (Array(leading.unicodeScalars) + scalars).prefix(max(0, column - 1)).map {
            $0 == "\t" ? "\t" : " "
        }.joined()
        var width = 1
        if range.end.line == range.start.line && range.end.column > range.start.column + 1 {
            width = min(
                range.end.column - range.start.column,
                max(1, lineEnd + leading.count - column + 1))
        }
        let marker = "^" + String(repeating: "~", count: width - 1)
        return "\(paddedNumber) | \(shownLine)\n\(gutter) | \(padding)\(marker)\n"
    }

    /// The most characters of a source line quoted under a diagnostic.
    static let longestQuotedLine = 120

    /// Control characters would corrupt a terminal; show them as their Unicode picture.
    private static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x20 && scalar != "\t" {
            return Unicode.Scalar(0x2400 + scalar.value) ?? scalar
        }
        return scalar == "\u{7F}" ? "\u{2421}" : scalar
    }
}
