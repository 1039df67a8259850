import SourceDiagnostics
import YAMLNode

extension ProfileReader {
    /// What the fast decoder made of some bytes, checked against the full decoder.
    @_spi(Testing)
    public enum Agreement: Sendable {
        /// The fast decoder declined them, leaving them to the full decoder.
        case declined
        /// The fast decoder took them and gave what the full decoder gives.
        case same(Profile)
        /// The fast decoder took them and gave something else (fields, absent paths, warnings),
        /// or took them although the full decoder refuses them: a bug, described.
        case different(String)
    }

    /// Decodes `bytes` both ways, with the fast decoder (``ProfileStreamDecoder``) and the
    /// full one over a node tree, and compares: the fast decoder may decline anything, but
    /// what it takes must be a profile the full decoder reads without an error, field for
    /// field and warning for warning. Held to by tests and by a differential fuzz target.
    @_spi(Testing)
    public func compareDecoders(_ bytes: [UInt8], name: String) -> Agreement {
        guard
            let fast = ProfileStreamDecoder.decode(
                bytes, path: name, plan: plan, depthLimit: limits.yamlDepth)
        else { return .declined }
        let full: Profile
        do throws(DiagnosticError) {
            let root = try limits.loader.loadDocument(SourceFile(path: name, bytes: bytes))
            full = try ProfileDecoder.decode(root, path: name, schema: schema)
        } catch {
            return .different("taken although the full decoder says: \(error)")
        }
        let fastText = fast.canonicalText
        let fullText = full.canonicalText
        guard fastText == fullText else {
            return .different("fast decoder:\n\(fastText)\nfull decoder:\n\(fullText)")
        }
        return .same(fast)
    }
}

extension Profile {
    /// Every field, absent path, warning and header value as text, fields in the order given
    /// (both decoders keep it): two profiles with the same text are the same profile.
    @_spi(Testing)
    public var canonicalText: String {
        var lines = [
            "organisation \(organisation)", "as_of \(asOf.rfc3339)",
            "assessor \(assessor ?? "-")", "path \(path)",
        ]
        for (name, value) in fields.entries {
            lines.append("\(name.debugText) = \(value.debugText)")
        }
        lines.append("absent \(absent)")
        lines.append("warnings \(warnings.map(\.description))")
        return lines.joined(separator: "\n")
    }
}
