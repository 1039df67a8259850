import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing
import YAMLNode

/// The committed JSON Schemas (`docs/schemas/`, held current by `EditorSchemaTests`) under an
/// independent validator, `check-jsonschema` from PyPI (CI installs it in its virtual
/// environment and names it in `READINESS_TEST_JSONSCHEMA`): every shipped file passes, and
/// what the engine refuses for its structure the schema refuses too.
@Suite(.enabled(if: JSONSchemaValidator.program != nil, "needs READINESS_TEST_JSONSCHEMA"))
struct EditorSchemaValidationTests {
    static let root = Paths.repositoryRoot.path
    static let rulesSchema = "docs/schemas/\(RuleFormatJSONSchema.fileName)"
    static let profileSchema = "docs/schemas/vic-aod-peer-workforce.profile.schema.json"
    static let teamSchema = "docs/schemas/vic-aod-peer-team-self-assessment.profile.schema.json"

    /// The YAML files under a folder of the repository, relative to it, sorted.
    static func yamlFiles(under folder: String, skipping skipped: [String] = []) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: "\(root)/\(folder)")
        var files: [String] = []
        while let name = enumerator?.nextObject() as? String {
            if name.hasSuffix(".yaml"), !skipped.contains(where: { name.hasPrefix($0) }) {
                files.append("\(folder)/\(name)")
            }
        }
        return files.sorted()
    }

    @Test func theSchemasAreJSONSchemas() throws {
        let result = try JSONSchemaValidator.run([
            "--check-metaschema", Self.rulesSchema, Self.profileSchema, Self.teamSchema,
        ])
        #expect(result.status == 0, "\(result.stdout)")
    }

    /// Every rule-set file, tailoring, waiver list and test file shipped, and every example
    /// profile, is valid under its schema.
    @Test func everyShippedFileIsValid() throws {
        let ruleFiles = Self.yamlFiles(
            under: "rules", skipping: ["vic-aod-peer-team-self-assessment/examples/"])
        #expect(ruleFiles.count >= 25)
        #expect(ruleFiles.contains("rules/vic-aod-peer-workforce/tailoring/funder-minimum.yaml"))
        #expect(ruleFiles.contains("rules/vic-aod-peer-workforce/waivers/north-region.yaml"))
        #expect(ruleFiles.contains("rules/vic-aod-peer-workforce/tests/00-baseline.yaml"))
        #expect(try JSONSchemaValidator.failures(schema: Self.rulesSchema, files: ruleFiles) == [])
        let profiles = Self.yamlFiles(under: "assessments")
        #expect(profiles.count >= 6)
        #expect(try JSONSchemaValidator.failures(schema: Self.profileSchema, files: profiles) == [])
        let examples = Self.yamlFiles(under: "rules/vic-aod-peer-team-self-assessment/examples")
        #expect(examples.count == 3)
        #expect(try JSONSchemaValidator.failures(schema: Self.teamSchema, files: examples) == [])
    }

    /// An unfilled template is refused at every placeholder; so is each kind of wrong answer.
    @Test func wrongAnswersAreRefusedWhereTheyAre() throws {
        let ruleSet = try EditorSchemaTests.shipped("vic-aod-peer-workforce").ruleSet
        let folder = try TemporaryFolder("editor-schema")
        defer { folder.remove() }
        let template = folder.path("template.yaml")
        try ProfileTemplate.render(ruleSet).write(
            toFile: template, atomically: true, encoding: .utf8)
        let wrong = folder.path("wrong.yaml")
        try """
        assessment: {organisation: Harbour, as_of: 30/06/2026, assesor: me}
        staff: {total: -1, readiness_trained: ten}
        peer_workers:
          - {name: Alex, fte: 2.5, paid: yes}
        """.write(toFile: wrong, atomically: true, encoding: .utf8)
        let failures = try JSONSchemaValidator.failures(
            schema: Self.profileSchema, files: [template, wrong])
        let placeholders = Set(failures.filter { $0.file == template }.map(\.path))
        #expect(
            placeholders.isSuperset(of: [
                "$.assessment.organisation", "$.assessment.as_of", "$.staff.total",
            ]))
        #expect(placeholders.count >= 40, "\(placeholders.count) placeholders refused")
        #expect(
            Set(failures.filter { $0.file == wrong }.map(\.path)) == [
                "$.assessment", "$.assessment.as_of", "$.staff.total", "$.staff.readiness_trained",
                "$.peer_workers[0].fte", "$.peer_workers[0].paid",
            ])
    }

    /// What each case of the broken-input corpus is to the schema: refused by it too, or a
    /// problem only the engine can see, or not a matter of structure at all.
    enum CorpusVerdict {
        case refused
        case engineOnly(String)
        case notStructure(String)
    }

    static let syntax = "a YAML syntax or encoding problem: the editor's YAML parser reports it"
    static let fileSystem = "about the file, not its content"
    static let crossReference = "an id that must name something the rule set declares"

    static let corpus: [String: CorpusVerdict] = {
        var verdicts: [String: CorpusVerdict] = [:]
        for kind in ["profile", "ruleset", "tailoring", "testfile"] {
            for name in [
                "alias-bomb", "deep-nesting", "duplicate-key", "invalid-utf8", "nul-byte",
                "tab-indent", "two-documents", "yaml-syntax",
            ] {
                verdicts["\(kind)-\(name)"] = .notStructure(syntax)
            }
            for name in ["bom", "crlf", "utf16"] {
                verdicts["\(kind)-\(name)"] = .notStructure(
                    "a valid file in another encoding or line end")
            }
            for name in ["fifo", "folder", "large-50mb", "missing", "symlink-loop"] {
                verdicts["\(kind)-\(name)"] = .notStructure(fileSystem)
            }
            for name in ["comments-only", "empty", "not-a-mapping", "wrong-type", "misspelt-key"] {
                verdicts["\(kind)-\(name)"] = .refused
            }
        }
        for name in [
            "profile-bad-date", "profile-missing-assessment", "profile-missing-required",
            "profile-nested-wrong-type", "ruleset-missing-title", "tailoring-missing-id",
            "testfile-missing-name", "testfile-bad-outcome",
        ] {
            verdicts[name] = .refused
        }
        verdicts["tailoring-wrong-type"] = .engineOnly(
            "`mandatory: 3` is read as the text `3`, which names no rule: " + crossReference)
        verdicts["tailoring-parameter-type"] = .engineOnly(
            "a parameter's type is the rule set's, not the format's")
        verdicts["tailoring-unknown-parameter"] = .engineOnly(crossReference)
        verdicts["tailoring-dangling-rule"] = .engineOnly(crossReference)
        verdicts["tailoring-wrong-ruleset"] = .engineOnly("the rule set loaded decides it")
        verdicts["ruleset-cel-parse"] = .engineOnly("CEL syntax")
        verdicts["ruleset-cel-type"] = .engineOnly("CEL types")
        verdicts["ruleset-cel-unknown-field"] = .engineOnly("CEL against the profile's schema")
        verdicts["ruleset-dangling-action"] = .engineOnly(crossReference)
        verdicts["ruleset-dangling-domain"] = .engineOnly(crossReference)
        verdicts["ruleset-duplicate-rule-id"] = .engineOnly("ids unique across a rule set's files")
        verdicts["testfile-dangling-profile"] = .engineOnly("a file that must exist")
        verdicts["testfile-dangling-rule"] = .engineOnly(crossReference)
        return verdicts
    }()

    /// The files of a corpus case the engine reads as the kind it breaks.
    static func brokenFiles(of name: String) -> [String] {
        let folder = "\(CorpusCase.corpus)/\(name)"
        switch name.prefix(while: { $0 != "-" }) {
        case "profile": return ["\(folder)/profile.yaml"]
        case "tailoring": return ["\(folder)/tailoring.yaml"]
        case "ruleset": return yamlFiles(under: "\(folder)/rules", skipping: ["tests/"])
        default: return yamlFiles(under: "\(folder)/rules/tests")
        }
    }

    @Test func theBrokenInputCorpusIsRefusedWhereItsStructureIsWrong() throws {
        let names = CorpusCase.names
        #expect(names.count >= 100)
        let unclassified = names.filter { Self.corpus[$0] == nil }
        #expect(
            unclassified == [],
            "classify each new corpus case in EditorSchemaValidationTests.corpus")
        let tiny = try CompiledRuleSet.load(
            folder: "\(Self.root)/\(CorpusCase.corpus)/_tiny/rules")
        let folder = try TemporaryFolder("editor-schema")
        defer { folder.remove() }
        let tinySchema = folder.path("tiny.profile.schema.json")
        try ProfileJSONSchema.document(for: tiny.ruleSet).text.write(
            toFile: tinySchema, atomically: true, encoding: .utf8)
        // One run of the validator a schema: each case is refused when a file of it is.
        var cases: [(name: String, files: [String], schema: String)] = []
        for name in names {
            guard case .refused = Self.corpus[name] else { continue }
            let files = Self.brokenFiles(of: name)
            #expect(!files.isEmpty, "\(name) has no file to validate")
            cases.append((name, files, name.hasPrefix("profile") ? tinySchema : Self.rulesSchema))
        }
        var refusedFiles: Set<String> = []
        for schema in [tinySchema, Self.rulesSchema] {
            let files = cases.filter { $0.schema == schema }.flatMap(\.files)
            refusedFiles.formUnion(
                try JSONSchemaValidator.failures(schema: schema, files: files).map(\.file))
        }
        var refused = 0
        for (name, files, _) in cases {
            #expect(
                files.contains(where: refusedFiles.contains), "the schema accepted \(name)")
            refused += 1
        }
        #expect(refused >= 25)
        // And the valid files they break are valid.
        #expect(
            try JSONSchemaValidator.failures(
                schema: tinySchema, files: ["\(CorpusCase.corpus)/_tiny/profile.yaml"]) == [])
        #expect(
            try JSONSchemaValidator.failures(
                schema: Self.rulesSchema,
                files: ["\(CorpusCase.corpus)/_tiny/tailoring.yaml"]
                    + Self.yamlFiles(under: "\(CorpusCase.corpus)/_tiny/rules")) == [])
    }

    /// One misspelt key anywhere in a shipped rule-set file, tailoring, waiver list or test
    /// file: where the engine refuses it as an unknown key, the schema refuses it too, and
    /// where the schema refuses a key, the engine refuses the file. (A misspelt name of the
    /// author's own, a field or a parameter, is the engine's to find.)
    @Test func aMisspeltKeyIsRefusedByBoth() throws {
        let folder = "rules/vic-aod-peer-workforce"
        let ruleFiles = Self.yamlFiles(
            under: folder, skipping: ["tailoring/", "waivers/", "tests/"])
        let files =
            ruleFiles + Self.yamlFiles(under: "\(folder)/tailoring")
            + Self.yamlFiles(under: "\(folder)/waivers") + Self.yamlFiles(under: "\(folder)/tests")
        let original = Dictionary(
            uniqueKeysWithValues: try ruleFiles.map { ("\(Self.root)/\($0)", try bytes($0)) })
        let ruleSet = try CompiledRuleSet.load(files: original, folder: "\(Self.root)/\(folder)")
        let work = try TemporaryFolder("misspelt-keys")
        defer { work.remove() }
        var mutations:
            [(file: String, copy: String, key: String, engineRefusesKey: Bool, engineRefuses: Bool)] =
                []
        // Each path of keys once for each kind of file (`rules[].id` in one rules file only).
        var seen: Set<String> = []
        for file in files {
            let text = try String(contentsOfFile: "\(Self.root)/\(file)", encoding: .utf8)
            let kind =
                ["/tailoring/", "/waivers/", "/tests/"].first { file.contains($0) } ?? "rules"
            for key in try Self.distinctKeys(in: file)
            where Self.formatKeys.contains(key.name) && seen.insert(kind + key.path).inserted {
                let misspelt = Self.misspell(key, in: text)
                let copy = work.path("\(mutations.count).yaml")
                try misspelt.write(toFile: copy, atomically: true, encoding: .utf8)
                let path = "\(Self.root)/\(file)"
                let diagnostics: [Diagnostic]
                do {
                    if file.contains("/tailoring/") {
                        _ = try ruleSet.tailored(bytes: Array(misspelt.utf8), name: path)
                    } else if file.contains("/waivers/") {
                        _ = try WaiverDecoder.decode(
                            Array(misspelt.utf8), name: path, ruleSet: ruleSet.ruleSet,
                            organisationRequired: true)
                    } else if file.contains("/tests/") {
                        _ = try RuleTestDecoder.decode(
                            files: [path: Array(misspelt.utf8)], ruleSet: ruleSet)
                    } else {
                        var files = original
                        files[path] = Array(misspelt.utf8)
                        _ = try CompiledRuleSet.load(files: files, folder: "\(Self.root)/\(folder)")
                    }
                    diagnostics = []
                } catch {
                    diagnostics = error.diagnostics.filter { $0.severity == .error }
                }
                mutations.append(
                    (
                        file, copy, key.name,
                        diagnostics.contains {
                            $0.code == "decode.unknown-key" && $0.message.contains("`\(key.name)q`")
                        },
                        !diagnostics.isEmpty
                    ))
            }
        }
        #expect(mutations.count >= 100, "\(mutations.count) keys misspelt")
        let failures = try JSONSchemaValidator.failures(
            schema: Self.rulesSchema, files: mutations.map(\.copy))
        let refusedBySchema = Set(failures.map(\.file))
        var bothRefuse = 0
        for mutation in mutations {
            let schemaRefuses = refusedBySchema.contains(mutation.copy)
            if mutation.engineRefusesKey {
                #expect(schemaRefuses, "the schema accepts `\(mutation.key)q` in \(mutation.file)")
            }
            if schemaRefuses {
                #expect(
                    mutation.engineRefuses,
                    "the engine accepts `\(mutation.key)q` in \(mutation.file)")
            }
            if mutation.engineRefusesKey && schemaRefuses { bothRefuse += 1 }
        }
        #expect(bothRefuse >= 80, "\(bothRefuse) misspelt keys refused by both")
    }

    /// The keys the rule format names (the properties of every object of its schema): the
    /// ones worth misspelling; the others are the author's own names.
    static let formatKeys: Set<String> = {
        var keys: Set<String> = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let object):
                if case .object(let properties)? = object["properties"] {
                    keys.formUnion(properties.members.map(\.key))
                }
                for member in object.members { collect(member.value) }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(RuleFormatJSONSchema.document)
        return keys
    }()

    func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(Self.root)/\(file)")))
    }

    /// A key to misspell: its text and where it starts.
    struct Key {
        var name: String
        /// The keys from the top to it, list positions left out.
        var path: String
        var line: Int
        var column: Int
    }

    /// The plain keys of a file, one for each path of keys (list positions and the author's
    /// own names left out).
    static func distinctKeys(in file: String) throws -> [Key] {
        let (_, root) = try YAMLLoader().loadDocument(path: "\(Self.root)/\(file)")
        var seen: Set<String> = []
        var keys: [Key] = []
        func walk(_ node: Node, path: String) {
            if let pairs = node.mapping {
                for pair in pairs {
                    guard let name = pair.key.string, pair.key.scalar?.style == .plain else {
                        continue
                    }
                    // The author's own names (fields, parameters, rule ids) as `*`, so one
                    // shape is tried once.
                    let keyPath = path + "." + (formatKeys.contains(name) ? name : "*")
                    if seen.insert(keyPath).inserted {
                        keys.append(
                            Key(
                                name: name, path: keyPath, line: pair.key.location.line,
                                column: pair.key.location.column))
                    }
                    walk(pair.value, path: keyPath)
                }
            } else if let items = node.sequence {
                for item in items { walk(item, path: path + "[]") }
            }
        }
        walk(root, path: "")
        return keys
    }

    /// The text with `q` after the key.
    static func misspell(_ key: Key, in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        var line = Array(lines[key.line - 1].unicodeScalars)
        line.insert("q", at: key.column - 1 + key.name.unicodeScalars.count)
        lines[key.line - 1] = String(String.UnicodeScalarView(line))
        return lines.joined(separator: "\n")
    }

    @Test("CI validates with check-jsonschema: it must name it")
    func validatorInCI() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(
                JSONSchemaValidator.program != nil,
                "CI sets READINESS_TEST_JSONSCHEMA to check-jsonschema in its virtual environment")
        }
    }
}

/// `check-jsonschema`, named by `READINESS_TEST_JSONSCHEMA`, run from the repository's root.
enum JSONSchemaValidator {
    static let program = ProcessInfo.processInfo.environment["READINESS_TEST_JSONSCHEMA"]

    /// One error it reported.
    struct Failure: Hashable, CustomStringConvertible {
        var file: String
        var path: String
        var message: String
        var description: String { "\(file) \(path): \(message)" }
    }

    static func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, program: URL(fileURLWithPath: try #require(program)))
    }

    /// The errors of validating `files` against `schema`; a file it cannot parse is one too.
    static func failures(schema: String, files: [String]) throws -> [Failure] {
        let result = try run(["--schemafile", schema, "--output-format", "json"] + files)
        let output = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "\(result.stdout)\(result.stderr)")
        var failures: [Failure] = []
        for error in output["errors"] as? [[String: Any]] ?? [] {
            failures.append(
                Failure(
                    file: error["filename"] as? String ?? "", path: error["path"] as? String ?? "",
                    message: error["message"] as? String ?? ""))
        }
        for error in output["parse_errors"] as? [[String: Any]] ?? [] {
            failures.append(
                Failure(
                    file: error["filename"] as? String ?? "", path: "",
                    message: error["message"] as? String ?? ""))
        }
        return failures
    }
}

extension TemporaryFolder {
    fileprivate func path(_ name: String) -> String { appendingPathComponent(name).path }
}
