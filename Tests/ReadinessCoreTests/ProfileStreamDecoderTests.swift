import CEL
import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing
import YAMLNode

@_spi(Testing) @testable import ReadinessCore

/// The event-stream fast path of profile loading gives exactly what the node-tree decoder
/// gives, and declines everything the node-tree decoder has a message about.
struct ProfileStreamDecoderTests {
    /// What the node-tree decoder makes of the bytes: the profile, or its messages.
    static func slow(_ bytes: [UInt8], path: String, schema: ObjectSpec, limits: InputLimits)
        -> Result<Profile, DiagnosticError>
    {
        do throws(DiagnosticError) {
            let root = try limits.loader.loadDocument(SourceFile(path: path, bytes: bytes))
            return .success(try ProfileDecoder.decode(root, path: path, schema: schema))
        } catch {
            return .failure(error)
        }
    }

    /// The fast path's result, checked against the node-tree decoder's: equal when taken, and
    /// never taken for a profile with a message.
    static func compare(
        _ text: String, schema: ObjectSpec, limits: InputLimits = .default,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Profile? {
        compare(Array(text.utf8), schema: schema, limits: limits, sourceLocation: sourceLocation)
    }

    static func compare(
        _ bytes: [UInt8], schema: ObjectSpec, limits: InputLimits = .default,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Profile? {
        switch ProfileReader(schema: schema, limits: limits).compareDecoders(bytes, name: "p.yaml")
        {
        case .declined: return nil
        case .same(let profile): return profile
        case .different(let difference):
            Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation)
            return nil
        }
    }

    static let shipped = Result {
        try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce").path
        )
    }

    /// 200 generated profiles and the five example organisations all take the fast path and
    /// give what the full decoder gives.
    @Test func realisticProfilesTakeTheFastPath() throws {
        let schema = try Self.shipped.get().ruleSet.schema
        var random = SplitMix(seed: 11)
        for index in 0..<200 {
            let text = ProfileGenerator.profile(index, random: &random)
            #expect(Self.compare(text, schema: schema) != nil, "profile \(index) declined")
        }
        let examples = Paths.repositoryRoot.appendingPathComponent("assessments").path
        let files = try FileManager.default.contentsOfDirectory(atPath: examples)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 5)
        for file in files {
            let bytes = try #require(
                FileManager.default.contents(atPath: "\(examples)/\(file)").map { [UInt8]($0) })
            #expect(Self.compare(bytes, schema: schema) != nil, "\(file) declined")
        }
    }

    /// Edge cases the fast path reads itself: nulls (absent, with their paths), numbers and
    /// booleans where text belongs, quoted text, flow and block styles, empty lists, a
    /// byte-order mark and CRLF line ends.
    @Test(arguments: [
        "assessment: {organisation: A, as_of: 2026-06-30}\nstaff: ~\npeer_workers: []\n",
        "assessment: {organisation: 42, as_of: '2026-06-30', assessor: true}\nstaff: {total: 10, readiness_trained: ~}\npeer_workers: []\n",
        "assessment:\n  organisation: \"Quoted\"\n  as_of: 2026-06-30\npeer_workers:\n  - {name: 7, fte: 1, paid: true, supervision: {interval_days: 14}}\n  - name: B\n    fte: ~\n    supervision: ~\n",
        "\u{FEFF}assessment: {organisation: A, as_of: 2026-06-30}\r\nresourcing: {budget_share: 2.5, paid_positions: 3}\r\npeer_workers: []\r\n",
        "assessment: {organisation: A, as_of: 2026-06-30}\nservice_design: {welcome_sessions: peer_run}\npeer_workers: []\n",
        "assessment: {organisation: A, as_of: 2026-06-30}\nevaluation: {last_evaluation: '2025-01-01'}\npeer_workers: []\n",
    ])
    func edgeCasesTakeTheFastPath(text: String) throws {
        let schema = try Self.shipped.get().ruleSet.schema
        #expect(Self.compare(text, schema: schema) != nil)
    }

    static let header = "assessment: {organisation: A, as_of: 2026-06-30}\n"
    static let valid = header + "peer_workers: []\n"

    /// Everything the full decoder reports, as an error or a warning, goes to the full
    /// decoder (each case is a valid profile but for one thing).
    @Test(arguments: [
        valid + "staff: {total: 10, totl: 3}\n",  // an undeclared key: a warning
        valid + "staf: {}\n",
        valid + "staff: {total: 10, total: 11}\n",
        valid + header,
        "assessment: {organisation: '<name>', as_of: 2026-06-30}\npeer_workers: []\n",
        valid + "staff: {total: <number>}\n",
        "assessment: {organisation: A, as_of: 2026-02-30}\npeer_workers: []\n",
        "assessment: {organisation: A, as_of: 2026-06-30, assessor: ~}\npeer_workers: []\n",
        "assessment: {organisation: ~, as_of: 2026-06-30}\npeer_workers: []\n",
        "assessment: {organisation: A}\npeer_workers: []\n",
        "assessment: {organisation: A, as_of: 2026-06-30, extra: 1}\npeer_workers: []\n",
        "assessment: [A]\npeer_workers: []\n",
        "peer_workers: []\n",
        header,
        header + "peer_workers: ~\n",
        valid + "staff: {total: '10'}\n",
        valid + "staff: {total: 1.5}\n",
        valid + "staff: {total: 99999999999999999999}\n",
        valid + "staff: {total: 10, managers_trained: yes}\n",
        valid + "staff: {total: 10, managers_trained: 1}\n",
        valid + "staff: {total: 10, peer_role_understanding: 9}\n",
        valid + "staff: {total: -1}\n",
        valid + "resourcing: {budget_share: .nan}\n",
        valid + "resourcing: {budget_share: true}\n",
        valid + "service_design: {welcome_sessions: sometimes}\n",
        valid + "evaluation: {last_evaluation: 2025-1-1}\n",
        valid + "staff: [1, 2]\n",
        valid + "staff: 3\n",
        header + "peer_workers: {name: A}\n",
        header + "peer_workers: [{fte: 1}]\n",
        header + "peer_workers: [[1]]\n",
        valid + "notes: a\nnotes: b\n",  // an undeclared key twice: the YAML's error
        valid + "staff: {total: 10, extra: &a [1], more: *a}\n",  // skipped, but an alias
        valid + "---\nstaff: {}\n",
        valid + "staff: {total: 10\n",
        valid + "staff:\n\ttotal: 1\n",
        "- 1\n",
        "",
        "# only a comment\n",
    ])
    func problemsGoToTheFullDecoder(text: String) throws {
        let schema = try Self.shipped.get().ruleSet.schema
        #expect(Self.compare(text, schema: schema) == nil)
        let full = Self.slow(Array(text.utf8), path: "p.yaml", schema: schema, limits: .default)
        let reported = (try? full.get().warnings.isEmpty == false) ?? true
        #expect(reported, "the full decoder has nothing to say: the case tests nothing")
    }

    /// A key the schema does not declare keeps a profile on the fast path: skipped, with the
    /// full decoder's warning word for word (the speed is the same with or without one).
    @Test(arguments: [
        (valid + "1: x\n", 1),
        (valid + "notes: free text\nstaff: {total: 10}\n", 1),
        (valid + "staff: {total: 10, volunteers_count: 3, extra_notes: [a, {b: [c]}]}\n", 2),
        (valid + "assessor_notes: {a: 1}\nsupervision_extra: [x]\n", 2),
    ])
    func undeclaredKeysTakeTheFastPath(text: String, warnings: Int) throws {
        let schema = try Self.shipped.get().ruleSet.schema
        let profile = try #require(Self.compare(text, schema: schema), "declined")
        #expect(profile.warnings.count == warnings)
        #expect(profile.warnings.allSatisfy { $0.code == "decode.unknown-key" })
    }

    /// What the full decoder reads without a message but the fast path leaves to it: tags,
    /// anchors, aliases, merge keys.
    @Test(arguments: [
        valid + "staff: !!map {total: 10}\n",
        valid + "staff: {total: !!int 10}\n",
        valid + "staff: &s {total: 10}\n",
        valid + "base: &b {total: 1}\nstaff: *b\n",
        valid + "staff: {<<: {total: 1}}\n",
    ])
    func yamlFeaturesGoToTheFullDecoder(text: String) throws {
        let schema = try Self.shipped.get().ruleSet.schema
        #expect(Self.compare(text, schema: schema) == nil)
    }

    /// A record of more than 64 fields (which marks the fields given in an array rather than
    /// one word) reads as the full decoder reads it, absent fields and all, and still declines
    /// a repeated key and a missing required field.
    @Test func recordsOfManyFields() {
        let here = SourceRange(start: SourceLocation(file: "schema.yaml", line: 1, column: 1))
        let wide = ObjectSpec(
            fields: (0..<70).map { number in
                ("f\(number)", FieldSpec(type: .int, required: number == 69, range: here))
            })
        let schema = ObjectSpec(fields: [("wide", FieldSpec(type: .object(wide), range: here))])
        let given = (0..<70).filter { $0 % 3 != 0 || $0 == 69 }.map { "f\($0): \($0)" }
        let text = Self.header + "wide: {\(given.joined(separator: ", "))}\n"
        let profile = Self.compare(text, schema: schema)
        #expect(profile?.absent.count == 23)
        #expect(profile?.absent.last == "wide.f66")
        #expect(
            Self.compare(Self.header + "wide: {f65: 1, f65: 2, f69: 1}\n", schema: schema) == nil)
        #expect(Self.compare(Self.header + "wide: {f1: 1}\n", schema: schema) == nil)
    }

    /// Records and lists nested deeper than the decoder's path first has room for (16 steps)
    /// read as the full decoder reads them: the absent fields at the bottom keep their whole
    /// path.
    @Test func deeplyNestedRecordsKeepTheirPaths() {
        let here = SourceRange(start: SourceLocation(file: "schema.yaml", line: 1, column: 1))
        let levels = 24
        // Level n holds `next` (level n+1, in a one-item list every third level) and an
        // optional `note`; the bottom holds only `note`.
        var spec = FieldSpec(
            type: .object(ObjectSpec(fields: [("note", FieldSpec(type: .int, range: here))])),
            range: here)
        for level in (0..<levels).reversed() {
            let next = level % 3 == 0 ? FieldSpec(type: .list(spec), range: here) : spec
            spec = FieldSpec(
                type: .object(
                    ObjectSpec(fields: [
                        ("next", next), ("note", FieldSpec(type: .int, range: here)),
                    ])), range: here)
        }
        let schema = ObjectSpec(fields: [("top", spec)])
        var body = "{}"
        for level in (0..<levels).reversed() {
            let next = level % 3 == 0 ? "[\(body)]" : body
            body = level % 2 == 0 ? "{next: \(next), note: \(level)}" : "{next: \(next)}"
        }
        let profile = Self.compare(Self.header + "top: \(body)\n", schema: schema)
        #expect(profile != nil, "taken by the fast path")
        let deepest = profile?.absent.first ?? ""
        #expect(deepest.components(separatedBy: "next").count - 1 == levels)
        #expect(deepest.hasSuffix(".note"))
        #expect(profile?.absent.count == levels / 2 + 1)
    }

    /// Input that libyaml could read but the loader refuses (UTF-16, invalid UTF-8, a NUL) and
    /// nesting past the depth limit are declined.
    @Test func encodingAndDepthGoToTheFullDecoder() throws {
        let schema = try Self.shipped.get().ruleSet.schema
        let valid =
            "assessment: {organisation: A, as_of: 2026-06-30}\nstaff: {total: 10}\npeer_workers: []\n"
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in valid.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(Self.compare(utf16, schema: schema) == nil)
        #expect(Self.compare(Array(valid.utf8) + [0xC3, 0x28, 0x0A], schema: schema) == nil)
        #expect(Self.compare(Array(valid.utf8) + [0x00], schema: schema) == nil)
        // Two levels deep: the root mapping and `staff`. A limit of 1 refuses it, 2 does not.
        #expect(Self.compare(valid, schema: schema, limits: InputLimits(yamlDepth: 1)) == nil)
        #expect(Self.compare(valid, schema: schema, limits: InputLimits(yamlDepth: 2)) != nil)
    }

    /// Over every YAML file the tests hold (the broken-input corpus, rule fixtures, test
    /// profiles), under the shipped schema and the corpus's small one: the fast path is either
    /// declined or agrees with the full decoder.
    @Test func everyTestFileAgrees() throws {
        let tiny = try CompiledRuleSet.load(
            folder: Paths.fixture("readinessTests", "broken-input/_tiny/rules").path)
        let schemas = [try Self.shipped.get().ruleSet.schema, tiny.ruleSet.schema]
        let tests = Paths.repositoryRoot.appendingPathComponent("Tests").path
        let files = (FileManager.default.enumerator(atPath: tests)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count > 100)
        var taken = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: "\(tests)/\(file)") else {
                continue
            }
            for schema in schemas where Self.compare([UInt8](data), schema: schema) != nil {
                taken += 1
            }
        }
        #expect(taken > 0)
    }
}
