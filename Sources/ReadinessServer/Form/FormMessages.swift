import ReadinessCore
import SourceDiagnostics

/// The decoder's messages as a form shows them: beside an input, in words about that input
/// ("Give a whole number."), not about a profile path (`` `staff.total` must be a whole
/// number ``); in the summary at the top, led by the question's label ("Peer worker 2 › Paid:
/// choose yes or no.").
package enum FormMessages {
    /// The spec of the field at a profile path (`peer_workers[1].supervision.interval_days`),
    /// and the path's words ("Peer worker 2 › Supervision › Interval days").
    static func field(at path: String, in schema: ObjectSpec) -> (spec: FieldSpec, words: String)? {
        guard let steps = ProfilePath.steps(path) else { return nil }
        var object: ObjectSpec? = schema
        var spec: FieldSpec?
        var name = ""
        var words: [String] = []
        for (position, step) in steps.enumerated() {
            switch step {
            case .field(let field):
                guard let found = object?.fields.first(where: { $0.name == field })?.spec else {
                    return nil
                }
                (spec, name) = (found, field)
                // A list is named by its item ("Peer worker 2"), not by itself as well.
                var itemFollows = false
                if position + 1 < steps.count, case .index = steps[position + 1] {
                    itemFollows = true
                }
                if !itemFollows { words.append(SchemaForm.label(field, found)) }
            case .index(let index):
                guard let list = spec else { return nil }
                let word = list.itemName ?? SchemaForm.label(name, list)
                words.append(word.prefix(1).uppercased() + word.dropFirst() + " \(index + 1)")
                if case .list(let item) = list.type { spec = item }
            }
            if case .object(let inner)? = spec?.type { object = inner } else { object = nil }
        }
        return spec.map { ($0, words.joined(separator: " › ")) }
    }

    /// What to say beside the input the diagnostic is about.
    package static func besideInput(_ diagnostic: Diagnostic, schema: ObjectSpec) -> String {
        let spec = diagnostic.field.flatMap { field(at: $0, in: schema)?.spec }
        switch diagnostic.code {
        case "decode.missing-key":
            if let path = diagnostic.field, path.hasSuffix("as_of") {
                return "Give the date the answers describe, such as 2026-06-30."
            }
            return "Answer this question; it is required."
        case "decode.type":
            switch spec?.type {
            case .int?: return "Give a whole number, such as 12."
            case .number?: return "Give a number, such as 0.5."
            case .bool?: return "Choose yes or no."
            case .date?: return "Give a date, such as 2026-06-30."
            case .list?: return "Give a list of answers."
            default: return withoutPath(diagnostic)
            }
        case "decode.invalid" where diagnostic.message.hasSuffix("is required, but is empty"):
            return "Answer this question; it is required."
        default:
            let text = withoutPath(diagnostic)
            // "`staff.total` is -3, below its minimum of 0" beside its input: "This answer is
            // -3, below its minimum of 0."
            guard let path = diagnostic.field, diagnostic.message.hasPrefix("`\(path)` "),
                text.hasPrefix("Is ") || text.hasPrefix("Must ")
            else { return text }
            return "This answer " + text.prefix(1).lowercased() + text.dropFirst()
                + (text.hasSuffix(".") ? "" : ".")
        }
    }

    /// The summary's line: the question's words, then what to do.
    package static func inSummary(_ diagnostic: Diagnostic, schema: ObjectSpec) -> String {
        let text = besideInput(diagnostic, schema: schema)
        guard let path = diagnostic.field, let words = field(at: path, in: schema)?.words else {
            // Not a question's (a file imported, say): where in the text, and what to do.
            var line = text
            if let location = diagnostic.location {
                line =
                    "In \(location.file), line \(location.line), column \(location.column): "
                    + text.prefix(1).lowercased() + text.dropFirst()
            }
            if let help = diagnostic.help, !help.isEmpty {
                line +=
                    (line.hasSuffix(".") ? " " : ". ") + help.prefix(1).uppercased()
                    + help.dropFirst().replacingOccurrences(of: "`", with: "")
                    + (help.hasSuffix(".") ? "" : ".")
            }
            return line
        }
        return "\(words): \(text.prefix(1).lowercased() + text.dropFirst())"
    }

    /// The message with the path it starts with (`` `staff.total` is 340: ``) taken off, and
    /// code quotes made plain.
    static func withoutPath(_ diagnostic: Diagnostic) -> String {
        var message = diagnostic.message
        if let path = diagnostic.field, message.hasPrefix("`\(path)`") {
            message = String(message.dropFirst(path.count + 2))
            if let colon = message.range(of: ": ") {
                message = String(message[colon.upperBound...])
            }
            message = message.trimmingCharacters(in: .whitespaces)
        }
        message = message.replacingOccurrences(of: "`", with: "")
        guard let first = message.first else { return diagnostic.message }
        return first.uppercased() + message.dropFirst()
    }
}
