import CEL
import Foundation
import SourceDiagnostics
import YAMLNode

/// Reads a rule set folder: every `.yaml`/`.yml` file directly inside it contributes
/// sections (`ruleset`, `extends`, `parameters`, `domains`, `scales`, `raters`, `definitions`,
/// `schema`, `rules`, `actions`, `constraints`).
/// All problems of all files are gathered and thrown together.
public enum RuleSetDecoder {
    static let defaultBands = [
        Band(min: 0, label: "Emerging"), Band(min: 40, label: "Developing"),
        Band(min: 60, label: "Established"),
        Band(min: 80, label: "Embedded"),
    ]
    static let defaultPhases = ["0-3 months", "3-6 months", "6-12 months", "12+ months"]

    /// The YAML files of a rule set folder, sorted by name.
    public static func files(in folder: String) throws(DiagnosticError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "file.not-found", message: "no such rule set folder",
                    path: folder,
                    help:
                        "name a folder holding the rule set's YAML files, e.g. rules/vic-aod-peer-workforce"
                ))
        }
        guard isDirectory.boolValue else {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "ruleset.not-folder",
                    message: "a rule set is a folder of YAML files, but this is a file",
                    path: folder, help: "name the folder that holds it"))
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "ruleset.empty",
                    message: "the rule set folder holds no .yaml files", path: folder))
        }
        return files
    }

    /// Rule set files held in memory, by path (`builtin:vic-aod-peer-workforce/rules.yaml`): a
    /// folder is the files whose path starts with it and a slash, and nothing is read from
    /// disk.
    public typealias Files = [String: [UInt8]]

    /// Loads and validates a rule set folder, following `extends`.
    public static func load(folder: String, loader: YAMLLoader = YAMLLoader())
        throws(DiagnosticError) -> RuleSet
    {
        let (ruleSet, diagnostics) = try loadCollecting(folder: folder, loader: loader)
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw DiagnosticError(diagnostics)
        }
        return ruleSet
    }

    /// Loads a rule set and its problems without stopping at them, so later stages (type
    /// checking the rules) can add theirs and every problem is reported in one run.
    ///
    /// - Throws: only when the folder itself cannot be read as a rule set.
    static func loadCollecting(
        folder: String, loader: YAMLLoader = YAMLLoader(), memory: Files? = nil
    ) throws(DiagnosticError) -> (RuleSet, [Diagnostic]) {
        var collected: [Diagnostic] = []
        let ruleSet = try load(
            folder: folder, loader: loader, memory: memory, visited: [], collected: &collected)
        return (ruleSet, collected)
    }

    /// The YAML files of a folder held in memory, sorted by name.
    static func files(in folder: String, memory: Files) throws(DiagnosticError) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let files = memory.keys.filter { path in
            path.hasPrefix(prefix) && !path.dropFirst(prefix.count).contains("/")
                && (path.hasSuffix(".yaml") || path.hasSuffix(".yml"))
        }.sorted()
        guard !files.isEmpty else {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "ruleset.empty",
                    message: "the rule set folder holds no .yaml files", path: folder))
        }
        return files
    }

    private static func load(
        folder: String, loader: YAMLLoader, memory: Files?, visited: [String],
        collected: inout [Diagnostic]
    )
        throws(DiagnosticError) -> RuleSet
    {
        let canonical =
            memory == nil ? URL(fileURLWithPath: folder).standardizedFileURL.path : folder
        if visited.contains(canonical) {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "ruleset.extends-cycle",
                    message:
                        "rule sets extend each other in a cycle: \((visited + [canonical]).joined(separator: " → "))",
                    path: folder, help: "remove one of the `extends:` lines"))
        }
        var bag = DiagnosticBag()
        var builder = Builder(folder: folder)
        var someFileUnloaded = false
        let paths: [String]
        if let memory {
            paths = try Self.files(in: folder, memory: memory)
        } else {
            paths = try files(in: folder)
        }
        for path in paths {
            let file: SourceFile
            let root: Node
            do {
                // Read once: the digest is of the bytes decoded, never of a second read.
                let bytes: [UInt8]
                if let held = memory?[path] {
                    bytes = held
                } else {
                    bytes = try SourceFile.readBytes(path: path, maxBytes: loader.limits.fileBytes)
                }
                builder.digests[path] = Assessment.digest(bytes: bytes)
                file = try SourceFile(path: path, bytes: bytes)
                root = try loader.loadDocument(file)
            } catch {
                bag.append(contentsOf: error.diagnostics)
                someFileUnloaded = true
                continue
            }
            // A file that is not a mapping defines nothing; reporting what it might have
            // defined as missing would bury the one real problem.
            if root.mapping == nil { someFileUnloaded = true }
            builder.files.append(path)
            builder.sources[path] = file
            builder.read(root, file: file, bag: &bag)
        }
        var parent: RuleSet?
        if let extends = builder.extends {
            let parentFolder = Self.parentFolder(extends.value, of: folder, inMemory: memory != nil)
            var parentProblems: [Diagnostic] = []
            do {
                parent = try load(
                    folder: parentFolder, loader: loader, memory: memory,
                    visited: visited + [canonical], collected: &parentProblems)
            } catch {
                parentProblems += error.diagnostics
            }
            if parentProblems.contains(where: { $0.severity == .error }) {
                parent = nil
                bag.append(
                    Diagnostic(
                        .error, code: "ruleset.extends",
                        message:
                            "the rule set this one extends, `\(extends.value)`, cannot be loaded",
                        at: extends.range,
                        help: "fix the problems listed below, or correct the path"))
            }
            bag.append(contentsOf: parentProblems)
        }
        builder.decodeSchemas(parent: parent, bag: &bag)
        // Cross-references are checked even when sections had errors, so one run reports all;
        // but not when a whole file could not be read, since everything it defines would then
        // be reported missing.
        guard !someFileUnloaded else {
            var cascade = DiagnosticBag()
            collected += bag.diagnostics
            return builder.finish(parent: parent, bag: &cascade)
        }
        var ruleSet = builder.finish(parent: parent, bag: &bag)
        if let parent, let extends = builder.extends {
            // Standardised, so inherited tests are named by their own paths (`rules/base/…`,
            // not `rules/extension/../base/…`).
            let parentFolder =
                (Self.parentFolder(extends.value, of: folder, inMemory: memory != nil)
                as NSString).standardizingPath
            ruleSet.baseFolders = [parentFolder] + parent.baseFolders
            ruleSet.baseParameterValues = parent.baseParameterValues
            ruleSet.baseParameterValues[parentFolder] = Dictionary(
                parent.parameters.map { ($0.name, $0.value) },
                uniquingKeysWith: { first, _ in first })
        }
        RuleSetValidator.validate(ruleSet, bag: &bag)
        collected += bag.diagnostics
        return ruleSet
    }

    /// The folder `extends` names: relative to the rule set's folder, or absolute.
    static func parentFolder(_ extends: String, of folder: String, inMemory: Bool) -> String {
        let path =
            extends.hasPrefix("/") ? extends : (folder as NSString).appendingPathComponent(extends)
        return inMemory ? (path as NSString).standardizingPath : path
    }

    /// Collects sections across files.
    struct Builder {
        let folder: String
        var files: [String] = []
        /// Each file's SHA-256, taken from the bytes read.
        var digests: [String: String] = [:]
        var sources: [String: SourceFile] = [:]
        var metadata: Metadata?
        var metadataRange: SourceRange?
        var bands: [Band]?
        var minimumScore: Double?
        var judgesCompliance: Bool?
        var unknownScoring: UnknownScoring?
        var phases: [String]?
        var extends: Located<String>?
        var parameters: [Parameter] = []
        var domains: [Domain] = []
        var schemaFields: [(name: String, spec: FieldSpec)] = []
        /// The `schema:` sections, decoded once every file's `scales:` are known.
        var schemaNodes: [Node] = []
        /// Named scales; `nil` for one declared with a mistake, so fields naming it are not
        /// reported again.
        var scales: [String: RatingScale?] = [:]
        var scaleRanges: [String: SourceRange] = [:]
        var raters: Located<Raters>?
        var definitions: [Definition] = []
        var rules: [Rule] = []
        var actions: [Action] = []
        var constraints: [Constraint] = []

        mutating func read(_ root: Node, file: SourceFile, bag: inout DiagnosticBag) {
            guard var reader = MappingReader(root, context: "a rule set file", bag: &bag) else {
                return
            }
            if let node = reader.value("ruleset") { readMetadata(node, bag: &bag) }
            if let node = reader.value("extends"),
                let path = Scalars.string(node, "`extends`", bag: &bag)
            {
                extends = Located(path, node.range)
            }
            if let node = reader.value("parameters") { readParameters(node, file: file, bag: &bag) }
            if let node = reader.value("domains") { readDomains(node, bag: &bag) }
            if let node = reader.value("scales") { readScales(node, bag: &bag) }
            if let node = reader.value("raters") { readRaters(node, bag: &bag) }
            if let node = reader.value("definitions") {
                readDefinitions(node, file: file, bag: &bag)
            }
            if let node = reader.value("schema") { schemaNodes.append(node) }
            if let node = reader.value("rules") { readRules(node, file: file, bag: &bag) }
            if let node = reader.value("actions") { readActions(node, file: file, bag: &bag) }
            if let node = reader.value("constraints") {
                constraints += RuleDecoder.constraints(node, file: file, bag: &bag)
            }
            reader.reportUnknownKeys(&bag)
        }

        private mutating func readMetadata(_ node: Node, bag: inout DiagnosticBag) {
            if let metadataRange {
                bag.append(.duplicateID("section", "ruleset", at: node.range, first: metadataRange))
                return
            }
            metadataRange = node.range
            guard var reader = MappingReader(node, context: "the `ruleset` section", bag: &bag)
            else { return }
            let id =
                Scalars.string(reader.required("id", bag: &bag), "the rule set id", bag: &bag) ?? ""
            let version =
                Scalars.string(
                    reader.required("version", bag: &bag), "the rule set version", bag: &bag) ?? ""
            let title =
                Scalars.string(reader.required("title", bag: &bag), "the rule set title", bag: &bag)
                ?? ""
            metadata = Metadata(
                id: id, version: version, title: title,
                source: Scalars.string(reader.value("source"), "`source`", bag: &bag),
                description: Scalars.string(reader.value("description"), "`description`", bag: &bag)
            )
            if let bandsNode = reader.value("bands") {
                bands = readBands(bandsNode, bag: &bag)
            }
            if let compliance = reader.value("compliance"), compliance.scalar != nil {
                // `compliance: none`: an instrument with no verdict of compliance.
                if compliance.string == "none" {
                    judgesCompliance = false
                } else {
                    bag.append(
                        .invalidValue(
                            "`compliance` is `none` or a mapping such as `{min_score: 60}`, not `\(compliance.scalar?.text ?? "")`",
                            at: compliance.range,
                            help:
                                "write `compliance: none` for an instrument with no compliance verdict"
                        ))
                }
            } else if let compliance = reader.value("compliance"),
                var inner = MappingReader(compliance, context: "`compliance`", bag: &bag)
            {
                judgesCompliance = true
                if let scoreNode = inner.value("min_score") {
                    minimumScore = Scalars.number(scoreNode, "`min_score`", bag: &bag)
                    if let score = minimumScore, !(0...100).contains(score) {
                        bag.append(
                            .invalidValue(
                                "`min_score` must be between 0 and 100", at: scoreNode.range))
                    }
                }
                inner.reportUnknownKeys(&bag)
            }
            if let scoring = reader.value("scoring"),
                var inner = MappingReader(scoring, context: "`scoring`", bag: &bag)
            {
                if let unknownNode = inner.value("unknown"),
                    let text = Scalars.string(unknownNode, "`unknown`", bag: &bag)
                {
                    if let mode = UnknownScoring(rawValue: text) {
                        unknownScoring = mode
                    } else {
                        bag.append(
                            .invalidValue(
                                "`unknown` must be `zero` or `exclude`", at: unknownNode.range))
                    }
                }
                inner.reportUnknownKeys(&bag)
            }
            if let phasesNode = reader.value("phases") {
                phases = Scalars.strings(phasesNode, "`phases`", bag: &bag)?.map(\.value)
            }
            reader.reportUnknownKeys(&bag)
        }

        /// `schema: {assessment: …}` declares fields of the profile's header, not a section:
        /// taken out of the fields, after the header fields a base rule set declares.
        private static func separateHeader(
            _ schema: inout ObjectSpec, inherited: [(name: String, spec: FieldSpec)],
            bag: inout DiagnosticBag
        ) {
            schema.headerFields = inherited
            guard let index = schema.fields.firstIndex(where: { $0.name == "assessment" }) else {
                return
            }
            let declared = schema.fields.remove(at: index).spec
            guard case .object(let header) = declared.type else {
                bag.append(
                    .invalidValue(
                        "`assessment` is the profile's header, so the schema can only add fields to it",
                        at: declared.range,
                        help:
                            "declare them as a record: `assessment: {assessor_role: {type: string}}`"
                    ))
                return
            }
            for (name, spec) in header.fields {
                if ProfileDecoder.headerFields.contains(name) {
                    bag.append(
                        .invalidValue(
                            "`assessment.\(name)` is part of every profile's header and cannot be declared again",
                            at: spec.range, help: "declare only the fields you add to the header"))
                } else if let existing = schema.headerFields.firstIndex(where: { $0.name == name })
                {
                    schema.headerFields[existing].spec = spec
                } else {
                    schema.headerFields.append((name, spec))
                }
            }
        }

        /// `raters:` needs ratings to combine, and a profile's `respondents` key free.
        private static func check(
            _ raters: Located<Raters>, schema: ObjectSpec, bag: inout DiagnosticBag
        ) {
            if ProfileDecoder.ratingFields(schema).isEmpty {
                bag.append(
                    .invalidValue(
                        "`raters` combines respondents' ratings, but the schema has no rating field outside lists",
                        at: raters.range,
                        help: "declare the statements with `type: rating`, or remove `raters`"))
            }
            if let field = schema["respondents"] {
                bag.append(
                    .invalidValue(
                        "with `raters`, `respondents` in a profile holds each respondent's ratings, so no field may be named `respondents`",
                        at: field.range, help: "rename the field"))
            }
        }

        /// A rated rule's `mandatory: {at_least: LABEL}` as the score that level reaches.
        private static func resolveLevel(_ rule: Rule, schema: ObjectSpec, bag: inout DiagnosticBag)
            -> Rule
        {
            guard let level = rule.mandatoryLevel else { return rule }
            var resolved = rule
            guard case .rate(let expression) = rule.check,
                let scale = schema.ratingScale(ratedBy: expression)
            else {
                bag.append(
                    .invalidValue(
                        "`at_least: \(level.value)` of rule `\(rule.id)` names a level, but the rule does not rate a field on a scale",
                        at: level.range,
                        help:
                            "give the least score as a share, e.g. `at_least: 0.5`, or rate the field with `rate:`"
                    ))
                return resolved
            }
            guard let found = scale.level(labelled: level.value) else {
                let labels = scale.levels.map(\.label)
                bag.append(
                    .invalidValue(
                        "`at_least: \(level.value)` of rule `\(rule.id)` is not a level of its scale"
                            + Suggestion.didYouMean(level.value, among: labels),
                        at: level.range, help: "the levels are: \(scale.choices)"))
                return resolved
            }
            let score = scale.score(Double(found.level))
            // The lowest level asks nothing; the highest asks a pass.
            if score <= 1e-9 {
                bag.append(
                    .invalidValue(
                        "`at_least: \(level.value)` of rule `\(rule.id)` is the lowest level, which every rating reaches",
                        at: level.range, help: "name a higher level, or drop `mandatory`"))
            }
            resolved.mandatoryMinimum = score < 1 - 1e-9 && score > 1e-9 ? score : nil
            return resolved
        }

        /// The entries of a mapping whose keys are names (`parameters`, `scales`,
        /// `definitions`): each with a simple name not given before (`declared` finds where
        /// one was), the rest reported.
        private static func namedEntries(
            _ node: Node, section: String, kind: String, bag: inout DiagnosticBag,
            declared: (String) -> SourceRange?
        ) -> [(name: String, key: Node, value: Node)] {
            guard let pairs = node.mapping else {
                bag.append(
                    .wrongKind(
                        expected: "a mapping of \(kind) names", found: node,
                        context: "`\(section)`"))
                return []
            }
            var entries: [(name: String, key: Node, value: Node)] = []
            for pair in pairs {
                guard let name = pair.key.string, SchemaDecoder.isIdentifier(name) else {
                    bag.append(
                        .invalidValue(
                            "a \(kind) name must be a simple name (letters, digits, _)",
                            at: pair.key.range))
                    continue
                }
                let earlier =
                    declared(name)
                    ?? entries.first { $0.name == name }.map(\.key.range)
                if let earlier {
                    bag.append(.duplicateID(kind, name, at: pair.key.range, first: earlier))
                    continue
                }
                entries.append((name, pair.key, pair.value))
            }
            return entries
        }

        /// `definitions:`: named expressions.
        private mutating func readDefinitions(
            _ node: Node, file: SourceFile, bag: inout DiagnosticBag
        ) {
            let known = definitions
            for (name, _, value) in Self.namedEntries(
                node, section: "definitions", kind: "definition", bag: &bag,
                declared: { name in known.first { $0.name == name }?.expression.range })
            {
                if let expression = RuleDecoder.expression(
                    value, file: file, what: "the definition `\(name)`", bag: &bag)
                {
                    definitions.append(Definition(name: name, expression: expression))
                }
            }
        }

        /// `raters:`: how several respondents' ratings combine.
        private mutating func readRaters(_ node: Node, bag: inout DiagnosticBag) {
            if let raters {
                bag.append(.duplicateID("section", "raters", at: node.range, first: raters.range))
                return
            }
            guard var reader = MappingReader(node, context: "`raters`", bag: &bag) else { return }
            let combineNode = reader.required(
                "combine", bag: &bag, help: "say how ratings combine: mean, median or min")
            var combine = Raters.Combine.mean
            if let text = Scalars.string(combineNode, "`combine` of `raters`", bag: &bag) {
                if let chosen = Raters.Combine(rawValue: text) {
                    combine = chosen
                } else {
                    let names = Raters.Combine.allCases.map(\.rawValue)
                    bag.append(
                        .invalidValue(
                            "`combine` is `mean`, `median` or `min`, not `\(text)`"
                                + Suggestion.didYouMean(text, among: names),
                            at: combineNode?.range ?? node.range))
                }
            }
            let roles =
                Scalars.strings(reader.value("roles"), "the `roles` of `raters`", bag: &bag)?
                .map(\.value) ?? []
            let apartNode = reader.value("disagreement")
            let apart = Scalars.integer(apartNode, "`disagreement` of `raters`", bag: &bag) ?? 2
            if let apartNode, apart < 1 {
                bag.append(
                    .invalidValue(
                        "`disagreement` is how many levels apart two ratings must be to be reported: at least 1",
                        at: apartNode.range))
            }
            reader.reportUnknownKeys(&bag)
            raters = Located(
                Raters(combine: combine, roles: roles, disagreement: Int(clamping: max(1, apart))),
                node.range)
        }

        /// `scales:`: named rating scales, each a list of levels.
        private mutating func readScales(_ node: Node, bag: inout DiagnosticBag) {
            let known = scaleRanges
            for (name, key, value) in Self.namedEntries(
                node, section: "scales", kind: "scale", bag: &bag, declared: { known[$0] })
            {
                scaleRanges[name] = key.range
                scales[name] = .some(
                    SchemaDecoder.levels(value, context: "the scale `\(name)`", bag: &bag))
            }
        }

        /// Decodes the `schema:` sections, with the scales of this rule set and those it
        /// extends (its own first).
        mutating func decodeSchemas(parent: RuleSet?, bag: inout DiagnosticBag) {
            scales = (parent?.scales ?? [:]).mapValues { .some($0) }.merging(scales) { _, own in
                own
            }
            for node in schemaNodes {
                schemaFields +=
                    SchemaDecoder.object(node, path: "", scales: scales, bag: &bag)
                    .fields
            }
            schemaNodes = []
        }

        private func readBands(_ node: Node, bag: inout DiagnosticBag) -> [Band]? {
            guard let items = node.sequence, !items.isEmpty else {
                bag.append(
                    .wrongKind(expected: "a list of {min, label}", found: node, context: "`bands`"))
                return nil
            }
            var bands: [Band] = []
            for item in items {
                guard var reader = MappingReader(item, context: "a band", bag: &bag) else {
                    continue
                }
                let minimum =
                    Scalars.number(reader.required("min", bag: &bag), "a band's `min`", bag: &bag)
                    ?? 0
                let label =
                    Scalars.string(
                        reader.required("label", bag: &bag), "a band's `label`", bag: &bag) ?? ""
                let feedback = Scalars.string(
                    reader.value("feedback"), "a band's `feedback`", bag: &bag)
                reader.reportUnknownKeys(&bag)
                if let last = bands.last, minimum <= last.min {
                    bag.append(
                        .invalidValue(
                            "bands must be listed from the lowest `min` to the highest",
                            at: item.range))
                }
                bands.append(Band(min: minimum, label: label, feedback: feedback))
            }
            if let first = bands.first, first.min != 0 {
                bag.append(
                    .invalidValue(
                        "the first band must start at `min: 0`, so every score has a band",
                        at: items[0].range))
            }
            return bands
        }

        private mutating func readParameters(
            _ node: Node, file: SourceFile, bag: inout DiagnosticBag
        ) {
            let known = parameters
            for (name, key, value) in Self.namedEntries(
                node, section: "parameters", kind: "parameter", bag: &bag,
                declared: { name in known.first { $0.name == name }?.range })
            {
                guard
                    var reader = MappingReader(
                        value, context: "the parameter `\(name)`", bag: &bag)
                else { continue }
                let kindNode = reader.required("type", bag: &bag)
                let kindName =
                    Scalars.string(kindNode, "the parameter's `type`", bag: &bag) ?? "number"
                guard let kind = Parameter.Kind(rawValue: kindName) else {
                    bag.append(
                        .invalidValue(
                            "unknown parameter type `\(kindName)`"
                                + Suggestion.didYouMean(
                                    kindName, among: Parameter.Kind.allCases.map(\.rawValue)),
                            at: kindNode?.range ?? value.range,
                            help: "the types are: int, number, bool, string, list"))
                    continue
                }
                var itemKind: Parameter.Kind?
                let itemsNode = reader.value("items")
                if kind == .list {
                    let itemName =
                        Scalars.string(itemsNode, "the parameter's `items`", bag: &bag) ?? "string"
                    let allowed: [Parameter.Kind] = [.string, .int, .number]
                    if let item = Parameter.Kind(rawValue: itemName), allowed.contains(item) {
                        itemKind = item
                    } else {
                        bag.append(
                            .invalidValue(
                                "a list parameter's `items` is `string`, `int` or `number`, not `\(itemName)`"
                                    + Suggestion.didYouMean(
                                        itemName, among: allowed.map(\.rawValue)),
                                at: itemsNode?.range ?? value.range))
                        itemKind = .string
                    }
                } else if let itemsNode {
                    bag.append(
                        .invalidValue(
                            "only a list parameter has `items`", at: itemsNode.range,
                            help: "write `type: list` to make `\(name)` a list"))
                }
                let defaultNode = reader.required("default", bag: &bag)
                let description =
                    Scalars.string(
                        reader.required(
                            "description", bag: &bag,
                            help: "say what the threshold means and why this default"),
                        "the parameter's description", bag: &bag) ?? ""
                var parameter = Parameter(
                    name: name, kind: kind, value: .null, description: description,
                    source: Scalars.string(
                        reader.value("source"), "the parameter's `source`", bag: &bag),
                    unit: Scalars.string(reader.value("unit"), "the parameter's `unit`", bag: &bag),
                    minimum: Scalars.number(
                        reader.value("min"), "the parameter's `min`", bag: &bag),
                    maximum: Scalars.number(
                        reader.value("max"), "the parameter's `max`", bag: &bag),
                    range: key.range)
                parameter.itemKind = itemKind
                if let defaultNode,
                    let value = ParameterValues.value(defaultNode, for: parameter, bag: &bag)
                {
                    parameter.value = value
                }
                reader.reportUnknownKeys(&bag)
                parameters.append(parameter)
            }
        }

        private mutating func readDomains(_ node: Node, bag: inout DiagnosticBag) {
            guard let items = node.sequence else {
                bag.append(
                    .wrongKind(expected: "a list of domains", found: node, context: "`domains`"))
                return
            }
            for item in items {
                guard var reader = MappingReader(item, context: "a domain", bag: &bag) else {
                    continue
                }
                let id =
                    Scalars.string(reader.required("id", bag: &bag), "a domain id", bag: &bag) ?? ""
                let title =
                    Scalars.string(reader.required("title", bag: &bag), "a domain title", bag: &bag)
                    ?? ""
                let weightNode = reader.value("weight")
                let weight = Scalars.number(weightNode, "a domain weight", bag: &bag) ?? 1
                if weight <= 0, let weightNode {
                    bag.append(
                        .invalidValue(
                            "a domain's weight must be positive, but is \(weight)",
                            at: weightNode.range))
                }
                let description = Scalars.string(
                    reader.value("description"), "a domain description", bag: &bag)
                let scored =
                    Scalars.bool(reader.value("scored"), "`scored` of a domain", bag: &bag) ?? true
                let bands = reader.value("bands").flatMap { readBands($0, bag: &bag) } ?? []
                reader.reportUnknownKeys(&bag)
                if let first = domains.first(where: { $0.id == id }) {
                    bag.append(.duplicateID("domain", id, at: item.range, first: first.range))
                    continue
                }
                var domain = Domain(
                    id: id, title: title, weight: weight, description: description,
                    range: item.range)
                domain.scored = scored
                domain.bands = bands
                domains.append(domain)
            }
        }

        private mutating func readRules(_ node: Node, file: SourceFile, bag: inout DiagnosticBag) {
            guard let items = node.sequence else {
                bag.append(.wrongKind(expected: "a list of rules", found: node, context: "`rules`"))
                return
            }
            for item in ForEachTemplate.expand(items, kind: "rule", bag: &bag) {
                if let rule = RuleDecoder.rule(item, file: file, bag: &bag) {
                    if let first = rules.first(where: { $0.id == rule.id }) {
                        bag.append(
                            .duplicateID("rule", rule.id, at: rule.range, first: first.range))
                        continue
                    }
                    rules.append(rule)
                }
            }
        }

        private mutating func readActions(
            _ node: Node, file: SourceFile, bag: inout DiagnosticBag
        ) {
            guard let items = node.sequence else {
                bag.append(
                    .wrongKind(expected: "a list of actions", found: node, context: "`actions`"))
                return
            }
            for item in ForEachTemplate.expand(items, kind: "action", bag: &bag) {
                if let action = RuleDecoder.action(item, file: file, bag: &bag) {
                    if let first = actions.first(where: { $0.id == action.id }) {
                        bag.append(
                            .duplicateID("action", action.id, at: action.range, first: first.range))
                        continue
                    }
                    actions.append(action)
                }
            }
        }

        /// The rule set, with a parent's content underneath when it extends one: the child's
        /// parameters, domains, rules and actions replace the parent's of the same id.
        func finish(parent: RuleSet?, bag: inout DiagnosticBag) -> RuleSet {
            func merged<T>(_ own: [T], _ inherited: [T], id: (T) -> String) -> [T] {
                let ownIDs = Set(own.map(id))
                return inherited.filter { !ownIDs.contains(id($0)) } + own
            }
            if metadata == nil {
                bag.append(
                    Diagnostic(
                        .error, code: "ruleset.no-metadata",
                        message: "no file of the rule set has a `ruleset:` section",
                        path: folder,
                        help: "add `ruleset: {id: ..., version: ..., title: ...}` to one file"))
            }
            let schema = SchemaMerge.merge(
                base: parent?.schema.fields ?? [], extending: schemaFields, path: "", bag: &bag)
            // This rule set's own expressions with its definitions (and those it inherits)
            // in place; inherited rules were served by their own rule set's.
            var ownRules = rules
            var ownActions = actions
            var ownConstraints = constraints
            let definitions = Definitions.expandAll(
                merged(definitions, parent?.definitions ?? [], id: \.name),
                schema: ObjectSpec(fields: schema), rules: &ownRules, actions: &ownActions,
                constraints: &ownConstraints, bag: &bag)
            // Rules in domain order (stable within a domain), whatever file they came from.
            let allDomains = merged(domains, parent?.domains ?? [], id: \.id)
            let domainOrder = Dictionary(
                allDomains.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first }
            )
            let orderedRules = merged(ownRules, parent?.rules ?? [], id: \.id).enumerated()
                .sorted {
                    (domainOrder[$0.element.domain] ?? Int.max, $0.offset) < (
                        domainOrder[$1.element.domain] ?? Int.max, $1.offset
                    )
                }
                .map(\.element)
            var profileSchema = ObjectSpec(fields: schema)
            profileSchema.raters = raters?.value ?? parent?.schema.raters
            Self.separateHeader(
                &profileSchema, inherited: parent?.schema.headerFields ?? [], bag: &bag)
            let rules = orderedRules.map { Self.resolveLevel($0, schema: profileSchema, bag: &bag) }
            if let raters { Self.check(raters, schema: profileSchema, bag: &bag) }
            return RuleSet(
                metadata: metadata ?? Metadata(id: "", version: "", title: ""),
                bands: bands ?? parent?.bands ?? RuleSetDecoder.defaultBands,
                minimumScore: minimumScore ?? parent?.minimumScore ?? 60,
                judgesCompliance: judgesCompliance ?? parent?.judgesCompliance ?? true,
                unknownScoring: unknownScoring ?? parent?.unknownScoring ?? .zero,
                phases: phases ?? parent?.phases ?? RuleSetDecoder.defaultPhases,
                parameters: merged(parameters, parent?.parameters ?? [], id: \.name),
                domains: allDomains,
                schema: profileSchema,
                rules: rules,
                actions: merged(ownActions, parent?.actions ?? [], id: \.id),
                constraints: (parent?.constraints ?? []) + ownConstraints,
                definitions: definitions,
                scales: scales.compactMapValues { $0 },
                folder: folder, files: (parent?.files ?? []) + files,
                fileDigests: (parent?.fileDigests ?? [:]).merging(digests) { _, own in own })
        }
    }
}

extension Metadata {
    init(id: String, version: String, title: String) {
        self.init(id: id, version: version, title: title, source: nil, description: nil)
    }
}
