import CEL
import Foundation
import ReadinessTestSupport
import Testing

/// Google's CEL conformance tests (cel-spec's "simple" suite), read in place from
/// `../shared/conformance/cel`.
///
/// Every test of the core files must pass, except those that need protobuf messages (readiness
/// has none) and the entries of `Fixtures/cel-conformance-skips.tsv`, each with its reason.
/// The other files run too and their tallies are printed, but do not fail the build.
struct CELConformanceTests {
    static let required = [
        "basic", "comparisons", "logic", "integer_math", "fp_math", "string", "lists", "fields",
        "macros",
        "conversions", "timestamps", "parse", "plumbing",
    ]

    /// Every required test passes or is skipped with a reason; prints a tally per file.
    @Test func celConformance() throws {
        let folder = Paths.conformance("cel")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.sorted()
        try #require(
            files.contains("basic"), "the CEL conformance suite was not found at \(folder.path)")
        let skips = try skipList()
        var failures: [String] = []
        var staleSkips: [String] = []
        var totals = (passed: 0, failed: 0, skipped: 0)
        for file in files {
            let text = try String(
                contentsOf: folder.appendingPathComponent(file + ".jsonl"), encoding: .utf8)
            var tally = (passed: 0, failed: 0, skipped: 0)
            for (number, line) in text.split(separator: "\n").enumerated() {
                guard let data = line.data(using: .utf8),
                    let test = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { continue }
                let key =
                    "\(file)/\(test["section"] as? String ?? "")/\(test["name"] as? String ?? "")"
                if test["needs_proto"] as? Bool == true {
                    tally.skipped += 1
                    continue
                }
                let outcome = ConformanceCase(test).run()
                if let reason = skips[key] {
                    tally.skipped += 1
                    if outcome == nil && Self.required.contains(file) {
                        staleSkips.append("\(key) (\(reason))")
                    }
                    continue
                }
                if let failure = outcome {
                    tally.failed += 1
                    if Self.required.contains(file) {
                        failures.append("\(file).jsonl:\(number + 1) \(key): \(failure)")
                    }
                } else {
                    tally.passed += 1
                }
            }
            let role = Self.required.contains(file) ? "required" : "informative"
            print(
                "cel-spec \(file) (\(role)) — passed \(tally.passed), failed \(tally.failed), skipped \(tally.skipped)"
            )
            if Self.required.contains(file) {
                totals.passed += tally.passed
                totals.failed += tally.failed
                totals.skipped += tally.skipped
            }
        }
        print(
            "cel-spec required files — passed \(totals.passed), failed \(totals.failed), skipped \(totals.skipped)"
        )
        #expect(failures.isEmpty, "failing conformance tests:\n\(failures.joined(separator: "\n"))")
        #expect(
            staleSkips.isEmpty,
            "these skipped tests now pass; remove them from the skip list:\n\(staleSkips.joined(separator: "\n"))"
        )
    }

    private func skipList() throws -> [String: String] {
        let text = try String(
            contentsOf: Paths.fixture("CELTests", "cel-conformance-skips.tsv"), encoding: .utf8)
        var skips: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2 else {
                Issue.record("skip list line without a reason: \(line)")
                continue
            }
            skips[String(fields[0])] = String(fields[1])
        }
        return skips
    }
}

/// One conformance test: declarations, bindings, the expression and its expectation.
struct ConformanceCase {
    let test: [String: Any]

    init(_ test: [String: Any]) {
        self.test = test
    }

    /// `nil` when the test passes, otherwise what went wrong.
    func run() -> String? {
        guard let expression = test["expr"] as? String else { return "no expression" }
        if let container = test["container"] as? String, !container.isEmpty {
            return "containers are not supported"
        }
        var environment = Environment()
        for declaration in test["type_env"] as? [[String: Any]] ?? [] {
            guard let name = declaration["name"] as? String else { continue }
            if let typeName = declaration["ident"] as? String {
                guard let type = CELType(name: typeName) else {
                    return "unknown declared type \(typeName)"
                }
                environment.declare(name, type)
            } else {
                return "declares host functions"
            }
        }
        var bindings: [String: CELValue] = [:]
        for (name, tagged) in test["bindings"] as? [String: Any] ?? [:] {
            do {
                bindings[name] = try TaggedValue.decode(tagged)
            } catch {
                return "cannot read binding \(name): \(error)"
            }
        }
        let program: Program
        do {
            let ast = try environment.parse(expression)
            if test["disable_check"] as? Bool == true {
                program = environment.program(ast)
            } else {
                for name in bindings.keys where environment.variables[name] == nil {
                    environment.declare(name, .dyn)
                }
                let checked = try environment.check(ast)
                if let typed = test["typed_result"] as? [String: Any],
                    let expected = typed["deduced_type"] as? String,
                    checked.resultType.description != expected
                {
                    return "deduced type \(checked.resultType), expected \(expected)"
                }
                program = environment.program(ast, checked: checked)
            }
        } catch {
            return "compile error: \(error.description.replacingOccurrences(of: "\n", with: " ⏎ "))"
        }
        if test["check_only"] as? Bool == true { return nil }
        let result = program.evaluate(bindings)
        if test["eval_error"] != nil {
            return result.isError ? nil : "expected an error, got \(result.debugText)"
        }
        let expectedJSON = test["value"] ?? (test["typed_result"] as? [String: Any])?["value"]
        guard let expectedJSON else { return "no expectation" }
        let expected: CELValue
        do {
            expected = try TaggedValue.decode(expectedJSON)
        } catch {
            return "cannot read expected value: \(error)"
        }
        return Self.same(result, expected)
            ? nil : "expected \(expected.debugText), got \(result.debugText)"
    }

    /// Equality for test purposes: like CEL's, but NaN matches NaN, types must agree, and
    /// type values compare by name.
    static func same(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)):
            return (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count
                && x.entries.allSatisfy { entry in
                    y[entry.key].map { same(entry.value, $0) } ?? false
                }
        case (.int, .int), (.uint, .uint), (.string, .string), (.bytes, .bytes), (.bool, .bool),
            (.null, .null),
            (.timestamp, .timestamp), (.duration, .duration), (.type, .type):
            return CELValue.equal(a, b)
        default: return false
        }
    }
}
