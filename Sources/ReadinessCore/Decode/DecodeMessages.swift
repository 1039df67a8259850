import SourceDiagnostics
import YAMLNode

/// The decoders' messages, each with its stable code.
extension Diagnostic {
    /// `decode.type`: a value of the wrong kind.
    static func wrongKind(expected: String, found node: Node, context: String) -> Diagnostic {
        let shown: String
        if let scalar = node.scalar {
            shown =
                scalar.value == .null ? "nothing" : "the \(scalar.value.typeName) `\(scalar.text)`"
        } else {
            shown = "a \(node.kindName)"
        }
        return Diagnostic(
            .error, code: "decode.type", message: "\(context) must be \(expected), but is \(shown)",
            at: node.range)
    }

    /// `decode.missing-key`: a required key is absent.
    static func missingKey(_ key: String, in node: Node, context: String, help: String?)
        -> Diagnostic
    {
        Diagnostic(
            .error, code: "decode.missing-key",
            message: "\(context) has no `\(key)`, which is required",
            at: SourceRange(start: node.range.start), help: help ?? "add `\(key): …`")
    }

    /// `decode.unknown-key`: a key the format does not have.
    static func unknownKey(
        _ key: String, at range: SourceRange, context: String, known: [String],
        severity: Severity = .error
    ) -> Diagnostic {
        let suggestion = Suggestion.closest(to: key, among: known)
        return Diagnostic(
            severity, code: "decode.unknown-key",
            message: "unknown key `\(key)` in \(context)"
                + (suggestion.map { " — did you mean `\($0)`?" } ?? ""),
            at: range,
            help: suggestion == nil
                ? "the keys allowed here are: \(known.joined(separator: ", "))" : nil)
    }

    /// `decode.unknown-key` in a profile: a warning, or an error when the key is one edit from
    /// a declared field (`cultur:` for `culture:`), whose answers would otherwise be ignored
    /// and could raise the score.
    static func unknownProfileKey(
        _ key: String, at range: SourceRange, context: String, known: [String]
    ) -> Diagnostic {
        guard let intended = known.first(where: { Suggestion.isOneEdit(key, from: $0) }) else {
            return unknownKey(key, at: range, context: context, known: known, severity: .warning)
        }
        return Diagnostic(
            .error, code: "decode.unknown-key",
            message: "unknown key `\(key)` in \(context) — did you mean `\(intended)`?",
            at: range,
            help:
                "correct the key to `\(intended)`: a key one letter away from a field is taken for a misspelling, since its answers would otherwise be ignored"
        )
    }

    /// `decode.invalid`: a value of the right kind that is not allowed.
    static func invalidValue(_ message: String, at range: SourceRange, help: String? = nil)
        -> Diagnostic
    {
        Diagnostic(.error, code: "decode.invalid", message: message, at: range, help: help)
    }

    /// `decode.duplicate-id`: two things with one id.
    static func duplicateID(_ kind: String, _ id: String, at range: SourceRange, first: SourceRange)
        -> Diagnostic
    {
        Diagnostic(
            .error, code: "decode.duplicate-id", message: "the \(kind) id `\(id)` is used twice",
            at: range,
            help: "give each \(kind) its own id", notes: [Note("first used here", at: first)])
    }

    /// `decode.unknown-reference`: a reference to an id that does not exist.
    static func unknownReference(
        _ kind: String, _ id: String, at range: SourceRange, known: [String]
    ) -> Diagnostic {
        Diagnostic(
            .error, code: "decode.unknown-reference",
            message: "no \(kind) has the id `\(id)`" + Suggestion.didYouMean(id, among: known),
            at: range,
            help: known.isEmpty ? "declare the \(kind) first" : nil)
    }
}
