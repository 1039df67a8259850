/// One message about an input: what is wrong, where, and what to do about it.
///
/// Messages are built by static factories next to the code that emits them (for example
/// `Diagnostic.duplicateKey(...)` in the YAML module), each with a stable ``Code`` that tools
/// and tests can rely on; call sites do not compose message text of their own.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case note
        case warning
        case error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        /// Orders by seriousness: `note < warning < error`.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A stable, dotted identifier for a kind of message, such as `yaml.duplicate-key`.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        /// The dotted identifier.
        public var rawValue: String
        /// Wraps a dotted identifier.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Wraps a dotted identifier written as a literal.
        public init(stringLiteral value: String) { rawValue = value }
        /// The dotted identifier.
        public var description: String { rawValue }
    }

    /// A secondary message pointing at a related place (where a duplicate was first defined).
    public struct Note: Sendable, Hashable {
        /// What the related place is.
        public var message: String
        /// The related place, when it has one.
        public var range: SourceRange?

        /// Creates a note.
        public init(_ message: String, at range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    /// How serious it is.
    public var severity: Severity
    /// The stable code of this kind of message.
    public var code: Code
    /// The message in plain words: what is wrong.
    public var message: String
    /// Where it is; `nil` for problems that have no position (a missing file has only a path).
    public var range: SourceRange?
    /// The field of the document it is about, as a path (`peer_workers[2].training_hours`),
    /// when there is one: a form shows the message beside that field's input.
    public var field: String?
    /// The path the diagnostic concerns when it has no position inside the file.
    public var path: String?
    /// What to do about it, when that is not obvious from the message.
    public var help: String?
    /// Related places.
    public var notes: [Note]

    /// Creates a diagnostic. Prefer the static factories of each module.
    public init(
        _ severity: Severity, code: Code, message: String, at range: SourceRange? = nil,
        path: String? = nil, help: String? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.range = range
        self.path = path ?? range?.start.file
        self.help = help
        self.notes = notes
    }

    /// The start of the diagnostic's range, if it has one.
    public var location: SourceLocation? { range?.start }

    /// The one-line form: `FILE:LINE:COLUMN: error[CODE]: message`.
    public var description: String {
        var prefix = ""
        if let location {
            prefix = "\(location): "
        } else if let path {
            prefix = "\(path): "
        }
        return "\(prefix)\(severity.rawValue)[\(code)]: \(message)"
    }

    /// Orders diagnostics for display: by file, line and column; those without a position
    /// first within their file.
    public static func displayOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        let lhsPath = lhs.path ?? ""
        let rhsPath = rhs.path ?? ""
        if lhsPath != rhsPath { return lhsPath < rhsPath }
        switch (lhs.location, rhs.location) {
        case (nil, nil): return lhs.message < rhs.message
        case (nil, _): return true
        case (_, nil): return false
        case (let left?, let right?):
            if left != right { return left < right }
            return lhs.message < rhs.message
        }
    }
}
