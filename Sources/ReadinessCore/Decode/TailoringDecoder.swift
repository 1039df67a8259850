import CEL
import SourceDiagnostics
import YAMLNode

/// Reads a tailoring file and checks it against the rule set it tailors.
public enum TailoringDecoder {
    /// Loads a tailoring file.
    ///
    /// - Throws: ``DiagnosticError`` for YAML and structure problems, a rule set id that does
    ///   not match, patterns that match no rule, and unknown or mistyped parameters.
    public static func load(path: String, ruleSet: RuleSet, limits: InputLimits = .default)
        throws(DiagnosticError) -> Tailoring
    {
        let bytes = try SourceFile.readBytes(path: path, maxBytes: limits.fileBytes)
        return try decode(bytes, name: path, ruleSet: ruleSet, limits: limits)
    }

    /// Decodes a tailoring's bytes (UTF-8 YAML) held in memory; `name` stands for its path in
    /// messages and in the reports that name it.
    ///
    /// - Throws: ``DiagnosticError`` as ``load(path:ruleSet:limits:)``.
    public static func decode(
        _ bytes: [UInt8], name path: String, ruleSet: RuleSet, limits: InputLimits = .default
    ) throws(DiagnosticError) -> Tailoring {
        guard bytes.count <= limits.fileBytes else {
            throw DiagnosticError(.fileTooLarge(path, maxBytes: limits.fileBytes))
        }
        let root = try limits.loader.loadDocument(SourceFile(path: path, bytes: bytes))
        var bag = DiagnosticBag()
        guard var reader = MappingReader(root, context: "the tailoring file", bag: &bag) else {
            throw DiagnosticError(bag.diagnostics)
        }
        var tailoring = Tailoring(
            id: "", title: "", ruleSetID: "", path: path, include: [], exclude: [], mandatory: [],
            parameters: [])
        if let header = reader.required("tailoring", bag: &bag),
            var inner = MappingReader(header, context: "the `tailoring` section", bag: &bag)
        {
            tailoring.id =
                Scalars.string(inner.required("id", bag: &bag), "the tailoring id", bag: &bag) ?? ""
            tailoring.title =
                Scalars.string(inner.required("title", bag: &bag), "the tailoring title", bag: &bag)
                ?? ""
            let ruleSetNode = inner.required(
                "ruleset", bag: &bag,
                help: "name the rule set it tailors, e.g. `ruleset: \(ruleSet.metadata.id)`")
            tailoring.ruleSetID =
                Scalars.string(ruleSetNode, "the tailored rule set's id", bag: &bag) ?? ""
            if let ruleSetNode, tailoring.ruleSetID != ruleSet.metadata.id {
                bag.append(
                    .invalidValue(
                        "this tailoring is for the rule set `\(tailoring.ruleSetID)`, but the rule set loaded is `\(ruleSet.metadata.id)`",
                        at: ruleSetNode.range, help: "pass the matching rule set with --rules"))
            }
            inner.reportUnknownKeys(&bag)
        }
        let ruleIDs = ruleSet.rules.map(\.id)
        func patterns(_ key: String, node: Node? = nil) -> [Located<String>] {
            let found = Scalars.strings(node ?? reader.value(key), "`\(key)`", bag: &bag) ?? []
            for pattern in found where !ruleIDs.contains(where: { Glob.matches(pattern.value, $0) })
            {
                bag.append(
                    .invalidValue(
                        "`\(key)` names `\(pattern.value)`, which matches no rule"
                            + Suggestion.didYouMean(pattern.value, among: ruleIDs),
                        at: pattern.range))
            }
            return found
        }
        tailoring.include = patterns("include")
        tailoring.exclude = patterns("exclude")
        // `mandatory: [...]` adds to the rule set's mandatory rules; `mandatory: {only: [...]}`
        // replaces them.
        if let mandatoryNode = reader.value("mandatory"), mandatoryNode.mapping != nil {
            if var inner = MappingReader(mandatoryNode, context: "`mandatory`", bag: &bag) {
                if let only = inner.required(
                    "only", bag: &bag,
                    help:
                        "write `mandatory: {only: [RULE, ...]}` to replace the mandatory rules, or a list to add to them"
                ) {
                    tailoring.mandatory = patterns("mandatory.only", node: only)
                    tailoring.replacesMandatory = true
                }
                inner.reportUnknownKeys(&bag)
            }
        } else {
            tailoring.mandatory = patterns("mandatory")
        }
        if let parametersNode = reader.value("parameters") {
            tailoring.parameters = ParameterValues.values(
                parametersNode, of: ruleSet, context: "`parameters`", bag: &bag)
        }
        if let compliance = reader.value("compliance"),
            var inner = MappingReader(compliance, context: "`compliance`", bag: &bag)
        {
            if let scoreNode = inner.value("min_score") {
                tailoring.minimumScore = Scalars.number(scoreNode, "`min_score`", bag: &bag)
                if let score = tailoring.minimumScore, !(0...100).contains(score) {
                    bag.append(
                        .invalidValue("`min_score` must be between 0 and 100", at: scoreNode.range))
                }
            }
            inner.reportUnknownKeys(&bag)
        }
        reader.reportUnknownKeys(&bag)
        try bag.throwIfErrors()
        tailoring.digest = Assessment.digest(bytes: bytes)
        return tailoring
    }
}
