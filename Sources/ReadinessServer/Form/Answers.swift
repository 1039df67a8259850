import Foundation
import ReadinessCore
import SourceDiagnostics
import YAMLNode

/// A profile's answers as the form edits them: a tree of records, lists and scalar answers,
/// kept in the order given. Read from a draft's YAML and written back to YAML, so a draft is
/// always a profile the library reads (and `readiness assess` on a download gives the web
/// report's figures).
package indirect enum Answer: Sendable, Equatable {
    /// Not known: written `~`.
    case notKnown
    case bool(Bool)
    /// A number as typed (an integer or a decimal), checked by the decoder.
    case number(String)
    case text(String)
    case list([Answer])
    case record(AnswerRecord)

    /// The answer a YAML node holds.
    package init(_ node: Node) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: self = .notKnown
            case .bool(let flag): self = .bool(flag)
            case .int, .float: self = .number(scalar.text)
            case .string(let text): self = .text(text)
            }
        case .sequence(let items): self = .list(items.map(Answer.init))
        case .mapping(let pairs):
            var record = AnswerRecord()
            for pair in pairs { record[pair.key.string ?? ""] = Answer(pair.value) }
            self = .record(record)
        }
    }

    /// The record, or `nil` for any other answer.
    package var record: AnswerRecord? {
        if case .record(let record) = self { return record }
        return nil
    }
}

/// A record's answers by field name, in the order they were first given.
package struct AnswerRecord: Sendable, Equatable {
    package private(set) var names: [String] = []
    private var values: [String: Answer] = [:]

    package init() {}

    package subscript(name: String) -> Answer? {
        get { values[name] }
        set {
            if newValue == nil {
                names.removeAll { $0 == name }
            } else if values[name] == nil {
                names.append(name)
            }
            values[name] = newValue
        }
    }

    package var isEmpty: Bool { names.isEmpty }
}

/// Profiles as YAML text, read into answers and written from them.
package enum ProfileText {
    /// The answers of a profile's YAML; an empty record for empty text.
    ///
    /// - Throws: ``DiagnosticError`` when the text is not YAML, or not a mapping at the top.
    package static func answers(_ text: String, name: String) throws(DiagnosticError)
        -> AnswerRecord
    {
        if text.allSatisfy(\.isWhitespace) { return AnswerRecord() }
        let root = try YAMLLoader().loadDocument(SourceFile(path: name, bytes: Array(text.utf8)))
        guard case .record(let record) = Answer(root) else {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "decode.type",
                    message:
                        "a profile must be a mapping of sections, but this is a \(root.kindName)",
                    at: root.range, help: "start with `assessment:` and a section per line"))
        }
        return record
    }

    /// The answers as YAML, in the order of the schema (then any others), block style, every
    /// string quoted where YAML would read it as something else.
    package static func yaml(_ record: AnswerRecord, schema: ObjectSpec?) -> String {
        var out = ""
        write(record, schema: schema, indent: "", into: &out)
        return out
    }

    private static func write(
        _ record: AnswerRecord, schema: ObjectSpec?, indent: String, into out: inout String
    ) {
        for name in ordered(record, schema: schema) {
            guard let answer = record[name] else { continue }
            let spec = schema?.fields.first { $0.name == name }?.spec
            out += indent + key(name) + ":"
            writeValue(answer, spec: spec, indent: indent, into: &out)
        }
    }

    /// What follows a key's colon: a scalar on the same line, a collection on the next.
    private static func writeValue(
        _ answer: Answer, spec: FieldSpec?, indent: String, into out: inout String
    ) {
        switch answer {
        case .record(let inner):
            if inner.isEmpty {
                out += " {}\n"
            } else {
                out += "\n"
                write(inner, schema: objectSpec(spec), indent: indent + "  ", into: &out)
            }
        case .list(let items):
            if items.isEmpty {
                out += " []\n"
                return
            }
            out += "\n"
            let itemSpec: FieldSpec? = {
                if case .list(let item) = spec?.type { return item }
                return nil
            }()
            for item in items {
                out += indent + "  -"
                if case .record(let inner) = item, !inner.isEmpty {
                    // The record's first field on the dash's line, the rest under it.
                    var first = true
                    for name in ordered(inner, schema: objectSpec(itemSpec)) {
                        guard let value = inner[name] else { continue }
                        let fieldSpec = objectSpec(itemSpec)?.fields.first { $0.name == name }?.spec
                        out += (first ? " " : indent + "    ") + key(name) + ":"
                        writeValue(value, spec: fieldSpec, indent: indent + "    ", into: &out)
                        first = false
                    }
                } else {
                    writeValue(item, spec: itemSpec, indent: indent + "  ", into: &out)
                }
            }
        default:
            out += " " + scalar(answer) + "\n"
        }
    }

    private static func objectSpec(_ spec: FieldSpec?) -> ObjectSpec? {
        if case .object(let object) = spec?.type { return object }
        return nil
    }

    /// The record's names: the schema's first, in its order, then the rest as given.
    private static func ordered(_ record: AnswerRecord, schema: ObjectSpec?) -> [String] {
        let declared = schema?.fields.map(\.name) ?? []
        var names = (["assessment"] + declared).filter { record[$0] != nil }
        names += record.names.filter { !names.contains($0) }
        return names
    }

    private static func key(_ name: String) -> String {
        plainIsText(name) ? name : quoted(name)
    }

    private static func scalar(_ answer: Answer) -> String {
        switch answer {
        case .notKnown: return "~"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text):
            // A number as typed, when YAML reads it as one; otherwise text, for the decoder
            // to refuse with its message.
            return plainIsNumber(text) ? text : quoted(text)
        case .text(let text): return plainIsText(text) ? text : quoted(text)
        case .list, .record: return ""
        }
    }

    /// Whether `text` written plain reads back as the same text (not a number, boolean,
    /// null, date-like or YAML syntax).
    static func plainIsText(_ text: String) -> Bool {
        guard !text.isEmpty, text == text.trimmingCharacters(in: .whitespaces),
            case .value(.string(text)) = CoreSchema.resolve(text, isPlain: true, tag: nil)
        else { return false }
        let special = CharacterSet(charactersIn: ":#{}[],&*!|>'\"%@`\n\r\t")
        if text.unicodeScalars.contains(where: special.contains) { return false }
        if let first = text.unicodeScalars.first, "-?<".unicodeScalars.contains(first) {
            return false
        }
        return true
    }

    private static func plainIsNumber(_ text: String) -> Bool {
        switch CoreSchema.resolve(text, isPlain: true, tag: nil) {
        case .value(.int), .value(.float): return true
        default: return false
        }
    }

    /// A double-quoted YAML string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
