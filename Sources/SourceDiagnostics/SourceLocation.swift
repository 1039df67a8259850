/// A position in a source file: 1-based line and column, columns counted in Unicode scalars.
///
/// Positions are converted to this form once, where they enter the program (at the libyaml
/// boundary, in the CEL lexer), so every message shows the same numbers a text editor does.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's path as the user named it.
    public var file: String
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location from a file path and 1-based line and column.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COLUMN`, the form compilers and editors understand.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file path, then line, then column, so diagnostics print in reading order.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A span of source text: where it starts and where it ends (the end is exclusive).
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The first character of the span.
    public var start: SourceLocation
    /// The position just after the last character of the span.
    public var end: SourceLocation

    /// Creates a span; `end` defaults to `start` (an empty span at one point).
    public init(start: SourceLocation, end: SourceLocation? = nil) {
        self.start = start
        self.end = end ?? start
    }

    /// The span's start as `FILE:LINE:COLUMN`.
    public var description: String { start.description }
}
