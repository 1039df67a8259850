import CEL
import Foundation
import SourceDiagnostics
import YAMLNode

/// Reads rule test files: `tests/*.yaml` beside a rule set.
public enum RuleTestDecoder {
    /// The test files of a rule set folder (its `tests/` subfolder), sorted; none if absent.
    public static func files(forRuleSet folder: String) -> [String] {
        let testsFolder = (folder as NSString).appendingPathComponent("tests")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: testsFolder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (testsFolder as NSString).appendingPathComponent($0) }
    }

    /// Loads every test of the given files (and the profiles they name, read within `limits`),
    /// reporting all problems together: what the tests name (`set` paths, rules, domains,
    /// bands, actions, parameters, gap values) is checked against `ruleSet`.
    public static func load(
        files: [String], ruleSet: CompiledRuleSet, limits: InputLimits = .default
    ) throws(DiagnosticError) -> [RuleTest] {
        var bag = DiagnosticBag()
        var memory: RuleSetDecoder.Files = [:]
        for path in files {
            do {
                memory[path] = try SourceFile.readBytes(path: path, maxBytes: limits.fileBytes)
            } catch {
                bag.append(contentsOf: error.diagnostics)
            }
        }
        // In the order given, the files that could be read; every problem reported together.
        return try decode(
            files: memory, order: files.filter { memory[$0] != nil }, profiles: [:],
            ruleSet: ruleSet, limits: limits, bag: bag)
    }

    /// The tests of every rule set `ruleSet` extends, run against it: each keeps only what
    /// it expects of the rules the extension inherits unchanged (their outcomes and gap
    /// messages; scores, bands and plans are the extension's to test), with the base's own
    /// parameter values, so the base's rules are tested as the base wrote them. A test left
    /// with nothing to check is dropped.
    public static func loadInherited(ruleSet: CompiledRuleSet, limits: InputLimits = .default)
        throws(DiagnosticError) -> [RuleTest]
    {
        let rules = ruleSet.ruleSet
        // The rules the extension's own files declare, new or in place of the base's.
        // (Paths compared as standardised: a base's files are `ext/../base/…`.)
        let ownFolder = (rules.folder as NSString).standardizingPath + "/"
        let own = Set(
            rules.rules.filter {
                ($0.range.start.file as NSString).standardizingPath.hasPrefix(ownFolder)
            }.map(\.id))
        var inherited: [RuleTest] = []
        for folder in rules.baseFolders {
            let files = files(forRuleSet: folder)
            guard !files.isEmpty else { continue }
            let baseValues = rules.baseParameterValues[folder] ?? [:]
            // Only where the extension gives another value, so a test's variant is compiled
            // only when it must be.
            let changed = rules.parameters.compactMap { parameter -> (String, CELValue)? in
                guard let value = baseValues[parameter.name],
                    !CELValue.equal(value, parameter.value)
                else {
                    return nil
                }
                return (parameter.name, value)
            }
            for var test in try load(files: files, ruleSet: ruleSet, limits: limits) {
                test.outcomes.removeAll { own.contains($0.rule.value) }
                test.gaps.removeAll { own.contains($0.rule.value) }
                guard !test.outcomes.isEmpty || !test.gaps.isEmpty else { continue }
                test.score = nil
                test.domains = []
                test.band = nil
                test.compliant = nil
                test.actionsPresent = []
                test.actionsAbsent = []
                let named = Set(test.parameters.map(\.name))
                test.parameters += changed.filter { !named.contains($0.0) }
                test.inheritedFrom = folder
                test.name += " (inherited from \((folder as NSString).lastPathComponent))"
                inherited.append(test)
            }
        }
        return inherited
    }

    /// Decodes test files held in memory (`files`, by path: the path stands for the file in
    /// messages, and a test's `profile` or `base` is resolved against its folder). A profile a
    /// test names is taken from `profiles` (by the same resolved path) when it is there, and
    /// read from disk only when it is not; nothing else is read. Every problem is reported
    /// together.
    public static func decode(
        files: RuleSetDecoder.Files, profiles: RuleSetDecoder.Files = [:],
        ruleSet: CompiledRuleSet, limits: InputLimits = .default
    ) throws(DiagnosticError) -> [RuleTest] {
        try decode(
            files: files, order: files.keys.sorted(), profiles: profiles, ruleSet: ruleSet,
            limits: limits, bag: DiagnosticBag())
    }

    /// The tests of `files`, taken in `order`, with the problems already in `bag`.
    private static func decode(
        files: RuleSetDecoder.Files, order: [String], profiles memory: RuleSetDecoder.Files,
        ruleSet: CompiledRuleSet, limits: InputLimits, bag: DiagnosticBag
    ) throws(DiagnosticError) -> [RuleTest] {
        let loader = limits.loader
        var bag = bag
        var tests: [RuleTest] = []
        // The profiles named: read and parsed once each, however many tests name them.
        var profiles = ProfileSource(memory: memory, loader: loader)
        for path in order {
            guard let bytes = files[path] else { continue }
            do {
                let root = try loader.loadDocument(SourceFile(path: path, bytes: bytes))
                tests += decode(
                    root, path: path, profiles: &profiles, ruleSet: ruleSet, bag: &bag)
            } catch {
                bag.append(contentsOf: error.diagnostics)
            }
        }
        try bag.throwIfErrors()
        return tests
    }

    /// Where the tests' profiles come from: the profiles in memory first, then the disk, each
    /// parsed once.
    struct ProfileSource {
        let memory: RuleSetDecoder.Files
        let loader: YAMLLoader
        private var parsed: [String: Node] = [:]

        init(memory: RuleSetDecoder.Files, loader: YAMLLoader) {
            self.memory = memory
            self.loader = loader
        }

        mutating func root(_ path: String) throws(DiagnosticError) -> Node {
            if let node = parsed[path] { return node }
            let node =
                if let bytes = memory[path] {
                    try loader.loadDocument(SourceFile(path: path, bytes: bytes))
                } else {
                    try loader.loadDocument(path: path).root
                }
            parsed[path] = node
            return node
        }
    }

    /// A problem reading a test's profile, placed where the test file names the profile (the
    /// file's own path is often relative to the test file and hard to recognise).
    private static func named(at node: Node?, _ diagnostic: Diagnostic) -> Diagnostic {
        guard let node, diagnostic.location == nil else { return diagnostic }
        var placed = Diagnostic(
            diagnostic.severity, code: diagnostic.code,
            message:
                "the profile `\(node.scalar?.text ?? "")` cannot be read: \(diagnostic.message)",
            at: node.range,
            help: diagnostic.code == "file.not-found"
                ? "check the path; it is read relative to the test file's folder"
                : diagnostic.help)
        placed.notes = diagnostic.notes
        return placed
    }

    static func decode(
        _ root: Node, path: String, profiles: inout ProfileSource, ruleSet: CompiledRuleSet,
        bag: inout DiagnosticBag
    ) -> [RuleTest] {
        guard var reader = MappingReader(root, context: "a test file", bag: &bag) else { return [] }
        let folder = (path as NSString).deletingLastPathComponent
        let fileBase = Scalars.string(reader.value("base"), "`base`", bag: &bag).map {
            resolve($0, in: folder)
        }
        guard let testsNode = reader.required("tests", bag: &bag) else {
            reader.reportUnknownKeys(&bag)
            return []
        }
        guard let items = testsNode.sequence else {
            bag.append(
                .wrongKind(
                    expected: "a list of tests (`- name: ...` items)", found: testsNode,
                    context: "`tests`"))
            reader.reportUnknownKeys(&bag)
            return []
        }
        reader.reportUnknownKeys(&bag)
        var tests: [RuleTest] = []
        for item in items {
            guard var test = MappingReader(item, context: "a test", bag: &bag) else { continue }
            let name =
                Scalars.string(test.required("name", bag: &bag), "the test's name", bag: &bag)
                ?? "?"
            let context = "test \"\(name)\""
            let profileNode = test.value("profile")
            let profileFile = Scalars.string(
                profileNode, "`profile` of \(context)", bag: &bag
            ).map { resolve($0, in: folder) }
            let baseNode = test.value("base")
            let baseFile =
                Scalars.string(baseNode, "`base` of \(context)", bag: &bag).map {
                    resolve($0, in: folder)
                } ?? fileBase
            // Where the profile was named, to point at when it cannot be read.
            let sourceNode = profileFile != nil ? profileNode : (baseNode ?? reader.value("base"))
            guard let source = profileFile ?? baseFile else {
                bag.append(
                    .missingKey(
                        "profile", in: item, context: context,
                        help: "name a profile file, or a `base:` for the file"))
                continue
            }
            var profile: Node
            do {
                profile = try profiles.root(source)
            } catch {
                bag.append(contentsOf: error.diagnostics.map { Self.named(at: sourceNode, $0) })
                continue
            }
            if let changes = test.value("set") {
                for pair in changes.mapping ?? [] {
                    guard let pathText = pair.key.string,
                        let segments = NodeEditing.segments(pathText)
                    else {
                        bag.append(
                            .invalidValue(
                                "`\(pair.key.scalar?.text ?? "")` is not a field path like `a.b[0].c`",
                                at: pair.key.range))
                        continue
                    }
                    // A path the schema does not have is not set: its error says why.
                    if let problem = RuleTestChecker.problem(
                        setPath: Located(pathText, pair.key.range), ruleSet: ruleSet)
                    {
                        bag.append(problem)
                        continue
                    }
                    if let problem = NodeEditing.set(pair.value, at: segments, in: &profile) {
                        bag.append(
                            .invalidValue(
                                "cannot set `\(pathText)`: \(problem)", at: pair.key.range))
                    }
                }
                if changes.mapping == nil {
                    bag.append(
                        .wrongKind(
                            expected: "a mapping of field paths to values", found: changes,
                            context: "`set` of \(context)"))
                }
            }
            var asOf: CELTimestamp?
            if let dateNode = test.value("as_of") {
                asOf = ProfileDecoder.Validator().date(
                    dateNode, what: "`as_of` of \(context)", bag: &bag)
            }
            var result = RuleTest(
                name: name, file: path, line: item.location.line, profile: profile,
                profilePath: source, asOf: asOf,
                outcomes: [], score: nil, domains: [], band: nil, compliant: nil,
                actionsPresent: [], actionsAbsent: [])
            if let parametersNode = test.value("params") {
                result.parameters = ParameterValues.values(
                    parametersNode, of: ruleSet.ruleSet, context: "`params` of \(context)",
                    bag: &bag)
            }
            if let expectNode = test.required("expect", bag: &bag),
                var expect = MappingReader(expectNode, context: "`expect` of \(context)", bag: &bag)
            {
                for pair in expect.value("outcomes")?.mapping ?? [] {
                    guard let rule = pair.key.string,
                        let text = Scalars.string(pair.value, "an expected outcome", bag: &bag)
                    else { continue }
                    guard let outcome = Outcome(rawValue: text) else {
                        bag.append(
                            .invalidValue(
                                "`\(text)` is not an outcome"
                                    + Suggestion.didYouMean(
                                        text, among: Outcome.allCases.map(\.rawValue)),
                                at: pair.value.range,
                                help:
                                    "the outcomes are: \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))"
                            ))
                        continue
                    }
                    result.outcomes.append((Located(rule, pair.key.range), outcome))
                }
                result.score = expect.value("score").flatMap { range($0, bag: &bag) }
                for pair in expect.value("domains")?.mapping ?? [] {
                    if let id = pair.key.string, let bounds = range(pair.value, bag: &bag) {
                        result.domains.append((Located(id, pair.key.range), bounds))
                    }
                }
                if let bandNode = expect.value("band"),
                    let band = Scalars.string(bandNode, "the expected band", bag: &bag)
                {
                    result.band = Located(band, bandNode.range)
                }
                let compliantNode = expect.value("compliant")
                result.compliant = Scalars.bool(
                    compliantNode, "the expected compliance", bag: &bag)
                if let compliantNode, !ruleSet.ruleSet.judgesCompliance {
                    bag.append(
                        Diagnostic(
                            .error, code: "test.unknown-value",
                            message:
                                "\(context) expects a verdict of compliance, but the rule set gives none (`compliance: none`)",
                            at: compliantNode.range,
                            help: "expect the score, the band or the outcomes instead"))
                }
                if let actions = expect.value("actions"),
                    var inner = MappingReader(
                        actions, context: "`actions` of \(context)", bag: &bag)
                {
                    result.actionsPresent =
                        Scalars.strings(inner.value("present"), "`present`", bag: &bag) ?? []
                    result.actionsAbsent =
                        Scalars.strings(inner.value("absent"), "`absent`", bag: &bag) ?? []
                    inner.reportUnknownKeys(&bag)
                }
                if let gapsNode = expect.value("gaps") {
                    result.gaps = gaps(gapsNode, context: context, bag: &bag)
                }
                expect.reportUnknownKeys(&bag)
            }
            test.reportUnknownKeys(&bag)
            RuleTestChecker.check(result, ruleSet: ruleSet, bag: &bag)
            tests.append(result)
        }
        return tests
    }

    /// `expect: gaps:`: by rule, the whole message (a string), or `{text, contains, values}`.
    private static func gaps(_ node: Node, context: String, bag: inout DiagnosticBag)
        -> [RuleTest.GapExpectation]
    {
        guard let pairs = node.mapping else {
            bag.append(
                .wrongKind(
                    expected: "a mapping of rule ids to expected gap messages", found: node,
                    context: "`gaps` of \(context)"))
            return []
        }
        var gaps: [RuleTest.GapExpectation] = []
        for pair in pairs {
            guard let rule = Scalars.string(pair.key, "a rule id", bag: &bag) else { continue }
            var gap = RuleTest.GapExpectation(
                rule: Located(rule, pair.key.range), text: nil, contains: [], values: [])
            if pair.value.scalar != nil {
                if let text = Scalars.string(pair.value, "the expected gap message", bag: &bag) {
                    gap.text = Located(text, pair.value.range)
                }
            } else if var reader = MappingReader(
                pair.value, context: "the gap expected of rule \(rule)", bag: &bag)
            {
                if let textNode = reader.value("text"),
                    let text = Scalars.string(textNode, "`text`", bag: &bag)
                {
                    gap.text = Located(text, textNode.range)
                }
                if let containsNode = reader.value("contains") {
                    if containsNode.scalar != nil {
                        if let part = Scalars.string(containsNode, "`contains`", bag: &bag) {
                            gap.contains = [Located(part, containsNode.range)]
                        }
                    } else {
                        gap.contains =
                            Scalars.strings(containsNode, "`contains`", bag: &bag) ?? []
                    }
                }
                if let valuesNode = reader.value("values") {
                    for value in valuesNode.mapping ?? [] {
                        guard let name = Scalars.string(value.key, "a value's name", bag: &bag),
                            let text = value.value.scalar?.text
                        else {
                            bag.append(
                                .wrongKind(
                                    expected: "a value as the message shows it", found: value.value,
                                    context: "a named value of rule \(rule)'s gap"))
                            continue
                        }
                        gap.values.append(
                            (Located(name, value.key.range), Located(text, value.value.range)))
                    }
                    if valuesNode.mapping == nil {
                        bag.append(
                            .wrongKind(
                                expected: "a mapping of value names to values", found: valuesNode,
                                context: "`values` of rule \(rule)'s gap"))
                    }
                }
                reader.reportUnknownKeys(&bag)
            }
            gaps.append(gap)
        }
        return gaps
    }

    /// `42` or `{min: 40, max: 50}`.
    private static func range(_ node: Node, bag: inout DiagnosticBag) -> RuleTest.Range? {
        if node.scalar != nil {
            return Scalars.number(node, "an expected score", bag: &bag).map {
                RuleTest.Range(min: $0, max: $0)
            }
        }
        guard var reader = MappingReader(node, context: "a score range", bag: &bag) else {
            return nil
        }
        let low = Scalars.number(reader.value("min"), "`min`", bag: &bag) ?? 0
        let high = Scalars.number(reader.value("max"), "`max`", bag: &bag) ?? 100
        reader.reportUnknownKeys(&bag)
        return RuleTest.Range(min: low, max: high)
    }

    private static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
    }
}
