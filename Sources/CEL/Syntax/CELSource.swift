import SourceDiagnostics

/// The text of an expression, with offsets counted in Unicode scalars.
public struct CELSource: Sendable {
    /// The expression's text.
    public let text: String
    /// The text as scalars, so an offset is an array index.
    let scalars: [Unicode.Scalar]
    /// The scalar offset where each line starts.
    private let lineStarts: [Int]

    /// Wraps an expression's text.
    public init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(index + 1)
        }
        lineStarts = starts
    }

    /// The 1-based line and column of a scalar offset.
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, scalars.count))
        // Binary search for the last line starting at or before the offset: an expression
        // with thousands of lines and problems must not take lines × problems steps.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        return (low + 1, clamped - lineStarts[low] + 1)
    }

    /// The text of 1-based line `number`.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        let end = number < lineStarts.count ? lineStarts[number] - 1 : scalars.count
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<max(start, end)])
        return String(view)
    }
}

/// A problem found while parsing or checking an expression, at a scalar offset in its source.
public struct CELIssue: Sendable, Hashable {
    /// A stable code such as `cel.parse` or `cel.type`.
    public var code: Diagnostic.Code
    /// The message in plain words.
    public var message: String
    /// Where, as a scalar offset into the expression.
    public var offset: Int
    /// What to do about it, when that helps.
    public var help: String?

    /// Creates an issue.
    public init(code: Diagnostic.Code, message: String, offset: Int, help: String? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.help = help
    }
}

/// Parse or type errors of one expression, thrown together.
public struct CELCompileError: Error, Sendable, CustomStringConvertible {
    /// The problems, in source order.
    public var issues: [CELIssue]
    /// The expression they are about.
    public var source: CELSource

    /// Creates the error.
    public init(issues: [CELIssue], source: CELSource) {
        self.issues = issues.sorted { $0.offset < $1.offset }
        self.source = source
    }

    /// The most issues ``description`` shows; the rest are counted.
    public static let describedIssues = 20

    /// Each issue as `LINE:COLUMN: message`, the source line, and a caret under the problem;
    /// the first ``describedIssues`` of them, then how many more there are.
    public var description: String {
        let shown = issues.prefix(Self.describedIssues).map { issue in
            let (line, column) = source.lineAndColumn(of: issue.offset)
            let text = source.line(line)
            let padding = String(
                text.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
            var out = "\(line):\(column): \(issue.message)\n | \(text)\n | \(padding)^"
            if let help = issue.help { out += "\n = help: \(help)" }
            return out
        }
        let more = issues.count - shown.count
        return (shown + (more > 0 ? ["… and \(more) more"] : [])).joined(separator: "\n")
    }

    /// The issues as diagnostics, placed by `locate` (which maps a scalar offset in the
    /// expression to a position in the file it came from).
    public func diagnostics(locate: (Int) -> SourceLocation) -> [Diagnostic] {
        issues.map {
            Diagnostic(
                .error, code: $0.code, message: $0.message,
                at: SourceRange(start: locate($0.offset)), help: $0.help)
        }
    }
}
