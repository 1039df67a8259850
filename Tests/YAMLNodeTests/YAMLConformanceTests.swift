import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing
import YAMLNode

/// The public yaml-test-suite, read in place from `../shared/conformance/yaml`.
///
/// Valid cases must load and, where the suite gives JSON, equal it; error cases must be
/// rejected. `Fixtures/yaml-conformance-skips.tsv` lists the cases libyaml 0.2.5 itself
/// gets wrong, each with its reason; a listed case that starts passing fails the test, so
/// the list cannot go stale.
struct YAMLConformanceTests {
    /// The suite is read with the core schema only: no merge keys (not part of YAML 1.2) and
    /// application tags kept rather than refused, as the suite's JSON expects.
    private let loader = YAMLLoader(rejectsUnknownTags: false, mergesKeys: false)

    /// Valid cases that readiness rejects on purpose, with the code it must reject them with.
    /// X38W repeats a key through an alias (`{&a [a, b]: 1, *a : 2}`); the YAML spec requires
    /// keys to be unique, and readiness enforces that where libyaml does not.
    private let rejectedByDesign = ["X38W": "yaml.duplicate-key"]

    /// Every case of the suite passes or is on the skip list with a reason.
    @Test func yamlTestSuite() throws {
        let suite = Paths.conformance("yaml")
        let cases = try FileManager.default.contentsOfDirectory(atPath: suite.path)
            .filter {
                FileManager.default.fileExists(
                    atPath: suite.appendingPathComponent($0).appendingPathComponent("in.yaml").path)
            }
            .sorted()
        try #require(cases.count > 300, "the yaml-test-suite was not found at \(suite.path)")
        let skips = try skipList()
        var passed = 0
        var failed: [String] = []
        var skipped = 0
        var skippedButPassing: [String] = []
        for name in cases {
            if let code = rejectedByDesign[name] {
                let codes = rejectionCodes(suite.appendingPathComponent(name))
                if codes == [code] {
                    passed += 1
                } else {
                    failed.append("\(name): expected rejection with \(code), got \(codes)")
                }
                continue
            }
            let outcome = run(case: suite.appendingPathComponent(name))
            if let reason = skips[name] {
                skipped += 1
                if outcome == nil { skippedButPassing.append("\(name) (\(reason))") }
                continue
            }
            if let failure = outcome {
                failed.append("\(name): \(failure)")
            } else {
                passed += 1
            }
        }
        print(
            "yaml-test-suite tally — passed \(passed), failed \(failed.count), skipped \(skipped) of \(cases.count) cases"
        )
        #expect(failed.isEmpty, "failing cases:\n\(failed.joined(separator: "\n"))")
        #expect(
            skippedButPassing.isEmpty,
            "these skipped cases now pass; remove them from the skip list:\n\(skippedButPassing.joined(separator: "\n"))"
        )
        #expect(
            Set(skips.keys).isSubset(of: Set(cases)),
            "the skip list names cases the suite does not have")
    }

    /// Runs one case; `nil` when it passes, otherwise what went wrong.
    private func run(case folder: URL) -> String? {
        let fileManager = FileManager.default
        guard
            let bytes = fileManager.contents(atPath: folder.appendingPathComponent("in.yaml").path)
        else {
            return "cannot read in.yaml"
        }
        let mustFail = fileManager.fileExists(atPath: folder.appendingPathComponent("error").path)
        let documents: [Node]
        do {
            let file = try SourceFile(path: "in.yaml", bytes: [UInt8](bytes))
            documents = try loader.loadStream(file)
        } catch {
            return mustFail ? nil : "rejected valid YAML: \(error.first)"
        }
        if mustFail { return "accepted invalid YAML" }
        let jsonPath = folder.appendingPathComponent("in.json").path
        guard let jsonData = fileManager.contents(atPath: jsonPath) else { return nil }
        let expected: [JSONValue]
        do {
            expected = try JSONValue.sequence(String(decoding: jsonData, as: UTF8.self))
        } catch {
            return "cannot read in.json: \(error)"
        }
        guard expected.count == documents.count else {
            return "expected \(expected.count) documents, loaded \(documents.count)"
        }
        for (index, (document, json)) in zip(documents, expected).enumerated() {
            let actual = JSONValue(document)
            if actual != json { return "document \(index + 1): expected \(json), got \(actual)" }
        }
        return nil
    }

    private func rejectionCodes(_ folder: URL) -> [String] {
        do {
            let bytes = try Data(contentsOf: folder.appendingPathComponent("in.yaml"))
            _ = try loader.loadStream(SourceFile(path: "in.yaml", bytes: [UInt8](bytes)))
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics.map(\.code.rawValue)
        } catch {
            return ["\(error)"]
        }
    }

    private func skipList() throws -> [String: String] {
        let text = try String(
            contentsOf: Paths.fixture("YAMLNodeTests", "yaml-conformance-skips.tsv"),
            encoding: .utf8)
        var skips: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, !fields[1].trimmingCharacters(in: .whitespaces).isEmpty else {
                Issue.record("skip list line without a reason: \(line)")
                continue
            }
            skips[String(fields[0])] = String(fields[1])
        }
        return skips
    }
}

/// JSON data, for comparing loaded YAML with the suite's expectations.
enum JSONValue: Equatable, CustomStringConvertible, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The JSON form of a loaded node; non-string keys become their text, as in the suite.
    init(_ node: Node) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: self = .null
            case .bool(let flag): self = .bool(flag)
            case .int(let number): self = .number(Double(number))
            case .float(let number): self = .number(number)
            case .string(let text): self = .string(text)
            }
        case .sequence(let items):
            self = .array(items.map(JSONValue.init))
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs {
                object[pair.key.string ?? pair.key.scalar?.text ?? "\(JSONValue(pair.key))"] =
                    JSONValue(pair.value)
            }
            self = .object(object)
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        case .string(let text): "\"\(text)\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            "{"
                + members.keys.sorted().map { "\"\($0)\": \(members[$0]?.description ?? "")" }
                .joined(separator: ", ")
                + "}"
        }
    }

    /// Decodes a sequence of JSON texts separated by white space (the suite's multi-document
    /// form).
    static func sequence(_ text: String) throws -> [JSONValue] {
        try splitTexts(text).map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }

    /// Splits concatenated JSON texts at their top-level boundaries.
    private static func splitTexts(_ text: String) -> [String] {
        var texts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        var escaped = false
        for character in text {
            if inString {
                current.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                if !inString && depth == 0 {
                    texts.append(current)
                    current = ""
                }
                continue
            }
            if character.isWhitespace {
                if depth == 0 && !current.isEmpty {
                    texts.append(current)
                    current = ""
                }
                continue
            }
            current.append(character)
            switch character {
            case "\"": inString = true
            case "{", "[": depth += 1
            case "}", "]":
                depth -= 1
                if depth == 0 {
                    texts.append(current)
                    current = ""
                }
            default: break
            }
        }
        if !current.isEmpty { texts.append(current) }
        return texts
    }
}
