import SourceDiagnostics

/// The YAML loader's messages, each with its stable code.
extension Diagnostic {
    /// `yaml.syntax`: libyaml could not parse the text.
    ///
    /// libyaml's own words (its "problem" and "context") are kept, because they are accurate;
    /// a help line is added for the mistakes people make most.
    static func yamlSyntax(
        problem: String, context: String?, at location: SourceLocation,
        contextLocation: SourceLocation?, characterAtProblem: Unicode.Scalar?
    ) -> Diagnostic {
        var message = problem
        if let context { message += " " + context }
        var notes: [Note] = []
        if let context, let contextLocation, contextLocation != location {
            notes.append(
                Note("\(contextNoun(context)) starts here", at: SourceRange(start: contextLocation))
            )
        }
        return Diagnostic(
            .error, code: "yaml.syntax", message: message, at: SourceRange(start: location),
            help: syntaxHelp(problem: problem, context: context, character: characterAtProblem),
            notes: notes)
    }

    private static func contextNoun(_ context: String) -> String {
        let nouns: [(String, String)] = [
            ("quoted scalar", "the quoted text"), ("simple key", "the key"),
            ("block mapping", "the mapping"), ("block collection", "the list"),
            ("flow mapping", "the `{` mapping"), ("flow sequence", "the `[` list"),
            ("block scalar", "the block text"), ("plain scalar", "the value"),
            ("anchor", "the anchor"), ("alias", "the alias"), ("tag", "the tag"),
            ("directive", "the directive"), ("node", "the value"),
        ]
        return nouns.first { context.contains($0.0) }?.1 ?? "what libyaml was reading (\(context))"
    }

    private static func syntaxHelp(problem: String, context: String?, character: Unicode.Scalar?)
        -> String?
    {
        if character == "\t" || problem.contains("tab") {
            return "YAML does not allow tabs for indentation: indent with spaces instead"
        }
        if let context, context.contains("quoted scalar"), problem.contains("end of stream") {
            return "a quoted text is opened but never closed: add the matching closing quote"
        }
        if problem.contains("mapping values are not allowed") {
            return "a value that contains ': ' must be put in quotes; otherwise check this "
                + "line's indentation against the lines above"
        }
        if problem.contains("did not find expected key") {
            return "this line's indentation does not match the mapping it belongs to: line its key "
                + "up with the keys beside it"
        }
        if problem.contains("did not find expected '-' indicator") {
            return "line this item's `- ` up with the items above it"
        }
        if problem.contains("unknown escape character") {
            return "inside double quotes a backslash starts an escape: write \\\\ for a backslash, "
                + "or use single quotes"
        }
        if problem.contains("could not find expected ':'") {
            return "a key must be followed by ': '; an unclosed quote or bracket earlier can also "
                + "cause this"
        }
        if problem.contains("control characters are not allowed") {
            return
                "remove the control character (a NUL or similar byte): YAML files must be plain text"
        }
        return nil
    }

    /// `yaml.duplicate-key`: a mapping has the same key twice.
    static func duplicateKey(_ key: String, at range: SourceRange, first: SourceRange) -> Diagnostic
    {
        Diagnostic(
            .error, code: "yaml.duplicate-key",
            message: "the key `\(key)` appears twice in this mapping", at: range,
            help: "remove one of the two entries, or rename one of them",
            notes: [Note("`\(key)` is first defined here", at: first)])
    }

    /// `yaml.unknown-tag`: a tag this loader does not understand.
    static func unknownTag(_ tag: String, at range: SourceRange) -> Diagnostic {
        let shown =
            tag.hasPrefix(CoreSchema.tagPrefix)
            ? "!!" + tag.dropFirst(CoreSchema.tagPrefix.count) : tag
        return Diagnostic(
            .error, code: "yaml.unknown-tag", message: "unknown tag `\(shown)`", at: range,
            help: "remove the tag; the tags understood are !!str, !!int, !!float, !!bool, !!null, "
                + "!!seq and !!map")
    }

    /// `yaml.tag-mismatch`: a scalar does not fit its explicit tag, or a tag names the wrong kind
    /// of node.
    static func tagMismatch(_ tag: String, text: String, expected: String, at range: SourceRange)
        -> Diagnostic
    {
        let shown =
            tag.hasPrefix(CoreSchema.tagPrefix)
            ? "!!" + tag.dropFirst(CoreSchema.tagPrefix.count) : tag
        return Diagnostic(
            .error, code: "yaml.tag-mismatch",
            message: "`\(text)` is tagged \(shown) but is not a valid \(expected)", at: range,
            help: "correct the value, or remove the tag")
    }

    /// `yaml.integer-range`: an integer outside 64 bits.
    static func integerOutOfRange(_ text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, code: "yaml.integer-range",
            message: "the integer `\(text)` is outside the supported range "
                + "(-9223372036854775808 to 9223372036854775807)", at: range,
            help: "put it in quotes if it is an identifier rather than a number")
    }

    /// `yaml.undefined-alias`: `*name` with no `&name` before it.
    static func undefinedAlias(
        _ name: String, at range: SourceRange, known: [String], isRecursive: Bool
    )
        -> Diagnostic
    {
        if isRecursive {
            return Diagnostic(
                .error, code: "yaml.undefined-alias",
                message:
                    "the alias `*\(name)` refers to a node that contains it, which would never end",
                at: range, help: "remove the alias or point it at another anchor")
        }
        return Diagnostic(
            .error, code: "yaml.undefined-alias",
            message: "the alias `*\(name)` refers to no anchor defined before it"
                + Suggestion.didYouMean(name, among: known),
            at: range, help: "define `&\(name)` on a node above this line")
    }

    /// `yaml.alias-budget`: aliases expand to more nodes than allowed (a "billion laughs").
    static func aliasBudgetExceeded(_ name: String, at range: SourceRange, budget: Int)
        -> Diagnostic
    {
        Diagnostic(
            .error, code: "yaml.alias-budget",
            message: "aliases in this document expand to more than \(budget) nodes (at `*\(name)`)",
            at: range,
            help: "nested aliases multiply; write the data out, or raise the alias expansion limit "
                + "if the file is trusted")
    }

    /// `yaml.depth-limit`: collections nested too deeply.
    static func depthLimitExceeded(at range: SourceRange, limit: Int) -> Diagnostic {
        Diagnostic(
            .error, code: "yaml.depth-limit",
            message: "collections are nested more than \(limit) levels deep", at: range,
            help: "flatten the structure, or raise the nesting limit if the file is trusted")
    }

    /// `yaml.merge-invalid`: the value of `<<` is not a mapping or a list of mappings.
    static func invalidMerge(found: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, code: "yaml.merge-invalid",
            message:
                "the merge key `<<` needs a mapping or a list of mappings, but this is a \(found)",
            at: range, help: "point `<<` at an anchored mapping, as in `<<: *defaults`")
    }

    /// `yaml.no-document`: a single document was expected and the stream has none.
    static func noDocument(file: SourceFile) -> Diagnostic {
        Diagnostic(
            .error, code: "yaml.no-document",
            message: "the file holds no YAML document (it is empty or only comments)",
            at: SourceRange(start: file.startLocation),
            help: "write the file's content, or name another file")
    }

    /// `yaml.multiple-documents`: a single document was expected and there is another.
    static func extraDocument(at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, code: "yaml.multiple-documents",
            message: "a second YAML document starts here, but this file must hold exactly one",
            at: SourceRange(start: location),
            help:
                "remove the `---` line and what follows, or move that document into a file of its own"
        )
    }

    /// `yaml.internal`: libyaml failed for a reason that is not the input's fault.
    static func libyamlFailure(_ what: String, path: String) -> Diagnostic {
        Diagnostic(
            .error, code: "yaml.internal", message: "libyaml failed: \(what)", path: path,
            help: "this is a fault in readiness or the system; please report it with the file")
    }
}
