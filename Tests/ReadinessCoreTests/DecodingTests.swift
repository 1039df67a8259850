import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// Every decoding error path of rule sets, profiles and tailorings, with its exact message.
struct DecodingTests {
    /// Unknown keys get a did-you-mean, and all problems of a file come together.
    @Test func unknownKeysAndAllAtOnce() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: R1, domain: d, title: T, wieght: 2, require: flag}
                  - {id: R2, domian: d, title: T, require: flag}
                """
        ])
        #expect(
            rules.loadErrors() == [
                "RS/r.yaml:12:35: error[decode.unknown-key]: unknown key `wieght` in rule `R1` — did you mean `weight`?",
                "RS/r.yaml:13:5: error[decode.missing-key]: rule `R2` has no `domain`, which is required",
                "RS/r.yaml:13:14: error[decode.unknown-key]: unknown key `domian` in rule `R2` — did you mean `domain`?",
            ])
    }

    /// Wrong kinds of values, bad weights, bad targets and missing checks.
    @Test func valueErrors() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: R1, domain: d, title: T, weight: -1, require: flag}
                  - {id: R2, domain: d, title: T, mandatory: yes, require: flag}
                  - {id: R3, domain: d, title: T}
                  - {id: R4, domain: d, title: T, require: flag, grade: 1.0}
                  - {id: R5, domain: d, title: T, measure: {each: items, as: i, meets: i.v > 0, target: 2}}
                """
        ])
        #expect(
            rules.loadErrors() == [
                "RS/r.yaml:12:43: error[decode.invalid]: the weight of rule `R1` must be positive, but is -1",
                "RS/r.yaml:13:46: error[decode.type]: `mandatory` of rule `R2` must be true or false, but is the string `yes`",
                "RS/r.yaml:14:5: error[rule.check]: rule `R3` says nothing to check: it needs one of `require`, `measure`, `grade` or `rate`",
                "RS/r.yaml:15:57: error[rule.check]: rule `R4` has more than one of `require`, `measure`, `grade` and `rate`; a rule checks one thing",
                "RS/r.yaml:16:89: error[decode.invalid]: `target` is the share of items that earns full credit: above 0, at most 1",
            ])
    }

    /// References to unknown domains and actions, duplicate ids, unknown timeframes, cycles.
    @Test func references() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: supervision, title: S}]
            schema: {flag: {type: bool}}
            rules:
              - {id: R1, domain: supervison, title: T, require: flag, actions: [A9]}
              - {id: R1, domain: supervision, title: T, require: flag}
            actions:
              - {id: A1, title: One, timeframe: 0-3 month, depends_on: [A2]}
              - {id: A2, title: Two, timeframe: 0-3 months, depends_on: [A1]}
            """
        ])
        #expect(
            rules.loadErrors() == [
                "RS/r.yaml:5:5: error[decode.unknown-reference]: no domain has the id `supervison` — did you mean `supervision`?",
                "RS/r.yaml:5:69: error[decode.unknown-reference]: no action has the id `A9` — did you mean `A1`?",
                "RS/r.yaml:6:5: error[decode.duplicate-id]: the rule id `R1` is used twice",
                "RS/r.yaml:8:5: error[plan.cycle]: actions depend on each other in a cycle: A1 → A2 → A1",
                "RS/r.yaml:8:5: error[decode.invalid]: the timeframe `0-3 month` of action `A1` is not a phase of the plan — did you mean `0-3 months`?",
            ])
    }

    /// CEL errors point at the expression's own position in the file, through quotes and
    /// block scalars; result types are checked.
    @Test func expressionErrors() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": header + """
                rules:
                  - {id: R1, domain: d, title: T, require: "n > 'x'"}
                  - id: R2
                    domain: d
                    title: T
                    require: |
                      size(items) > 0 &&
                        items.all(i, i.vv > 0)
                  - {id: R3, domain: d, title: T, require: n + 1}
                  - {id: R4, domain: d, title: T, require: flag, gap: "{{ nope }} left"}
                """
        ])
        #expect(
            rules.loadErrors() == [
                "RS/r.yaml:12:47: error[cel.type]: no matching overload for `>` applied to (int, string)",
                "RS/r.yaml:18:24: error[cel.type]: `items[]` has no field `vv` — did you mean `v`?",
                "RS/r.yaml:19:44: error[rule.type]: `require` of rule `R3` must give bool, but gives int",
                "RS/r.yaml:20:5: error[rule.gap-placeholder]: the gap message of rule `R4` uses `{{ nope }}`, which names nothing",
            ])
    }

    /// Schema and parameter errors.
    @Test func schemaAndParameters() throws {
        let rules = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test, bands: [{min: 10, label: A}]}
            domains: [{id: d, title: D, weight: 0}]
            parameters:
              days: {type: integer, default: 3, description: x}
              hours: {type: number, default: 500, description: x, max: 100}
              plain: {type: int, default: 1}
            schema:
              size: {type: nunber}
              list: {type: list}
              bad-name: {type: int}
            rules: []
            """
        ])
        #expect(
            rules.loadErrors() == [
                "RS/r.yaml:1:55: error[decode.invalid]: the first band must start at `min: 0`, so every score has a band",
                "RS/r.yaml:2:37: error[decode.invalid]: a domain's weight must be positive, but is 0.0",
                "RS/r.yaml:4:16: error[decode.invalid]: unknown parameter type `integer`",
                "RS/r.yaml:5:34: error[decode.invalid]: the value of parameter `hours` is 500, above its maximum of 100",
                "RS/r.yaml:6:10: error[decode.missing-key]: the parameter `plain` has no `description`, which is required",
                "RS/r.yaml:8:16: error[decode.invalid]: unknown field type `nunber` — did you mean `number`?",
                "RS/r.yaml:9:9: error[decode.missing-key]: the schema field `list` has no `items`, which is required",
                "RS/r.yaml:10:3: error[decode.invalid]: the field name `bad-name` cannot be used in conditions",
            ])
    }

    /// A folder with no rule set, a file where a folder belongs, and a missing folder.
    @Test func folderErrors() throws {
        let empty = try TemporaryRuleSet(["notes.txt": "nothing"])
        #expect(
            empty.loadErrors() == [
                "RS: error[ruleset.empty]: the rule set folder holds no .yaml files"
            ])
        let noHeader = try TemporaryRuleSet(["r.yaml": "rules: []\n"])
        #expect(
            noHeader.loadErrors() == [
                "RS: error[ruleset.no-metadata]: no file of the rule set has a `ruleset:` section"
            ])
        #expect(throws: DiagnosticError.self) {
            try CompiledRuleSet.load(folder: noHeader.path("r.yaml"))
        }
        #expect(throws: DiagnosticError.self) { try CompiledRuleSet.load(folder: "/no/such/rules") }
    }

    /// Profiles: types, required fields, allowed values, ranges and dates are errors, all at
    /// once; undeclared keys are warnings with a did-you-mean, and errors when one edit from a
    /// declared field (a misspelt section must not raise the score by going unread).
    @Test func profileValidation() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini)
        let rules = try TemporaryRuleSet([
            "bad.yaml": """
            assessment: {organisation: X, as_of: 2026-02-30}
            model_documented: yes
            understanding: 5
            peer_workers:
              - {name: Ana, training_hours: lots, supervision: {interval_days: 1.5}}
              - {training_hours: 10}
            """,
            "warn.yaml": """
            assessment: {organisation: X, as_of: 2026-06-30}
            model_documented: true
            peer_workers: []
            peer_werkerz: []
            """,
            "misspelt.yaml": """
            assessment: {organisation: X, as_of: 2026-06-30}
            model_documented: true
            peer_worker: []
            peer_workers:
              - {name: Ana, training_hour: 3}
            """,
        ])
        do {
            _ = try ProfileDecoder.load(
                path: rules.path("bad.yaml"), schema: ruleSet.ruleSet.schema)
            Issue.record("the broken profile was accepted")
        } catch {
            #expect(
                error.diagnostics.map {
                    $0.description.replacingOccurrences(of: rules.folder, with: "P")
                } == [
                    "P/bad.yaml:1:38: error[decode.invalid]: `as_of` is `2026-02-30`, which is not a date",
                    "P/bad.yaml:2:19: error[decode.invalid]: `model_documented` must be true or false, but is `yes`",
                    "P/bad.yaml:3:16: error[decode.invalid]: `understanding` is 5, above its maximum of 3",
                    "P/bad.yaml:5:33: error[decode.type]: `peer_workers[0].training_hours` must be a number, but is the string `lots`",
                    "P/bad.yaml:5:68: error[decode.type]: `peer_workers[0].supervision.interval_days` must be a whole number, but is the number `1.5`",
                    "P/bad.yaml:6:5: error[decode.missing-key]: `peer_workers[1]` has no `name`, which is required",
                ])
        }
        let profile = try ProfileDecoder.load(
            path: rules.path("warn.yaml"), schema: ruleSet.ruleSet.schema)
        #expect(
            profile.warnings.map {
                $0.description.replacingOccurrences(of: rules.folder, with: "P")
            } == [
                "P/warn.yaml:4:1: warning[decode.unknown-key]: unknown key `peer_werkerz` in the profile — did you mean `peer_workers`?"
            ])
        #expect {
            try ProfileDecoder.load(
                path: rules.path("misspelt.yaml"), schema: ruleSet.ruleSet.schema)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map {
                $0.description.replacingOccurrences(of: rules.folder, with: "P")
            } == [
                "P/misspelt.yaml:3:1: error[decode.unknown-key]: unknown key `peer_worker` in the profile — did you mean `peer_workers`?",
                "P/misspelt.yaml:5:17: error[decode.unknown-key]: unknown key `training_hour` in `peer_workers[0]` — did you mean `training_hours`?",
            ]
        }
    }

    /// A key that is not text (`1:`) names no field: it is warned about, at its position,
    /// like a misspelt key, rather than dropped in silence.
    @Test func keysThatAreNotText() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini)
        let rules = try TemporaryRuleSet([
            "keys.yaml": """
            assessment: {organisation: X, as_of: 2026-06-30}
            model_documented: true
            peer_workers: [{name: Ana, 3: x}]
            1: x
            """
        ])
        let profile = try ProfileDecoder.load(
            path: rules.path("keys.yaml"), schema: ruleSet.ruleSet.schema)
        #expect(
            profile.warnings.map {
                $0.description.replacingOccurrences(of: rules.folder, with: "P")
            } == [
                "P/keys.yaml:3:28: warning[decode.unknown-key]: unknown key `3` in `peer_workers[0]`",
                "P/keys.yaml:4:1: warning[decode.unknown-key]: unknown key `1` in the profile",
            ])
        #expect(profile.fields[field: "model_documented"]?.debugText == "true")
    }

    /// A profile without its assessment header, or not a mapping.
    @Test func profileStructure() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini)
        let rules = try TemporaryRuleSet([
            "a.yaml": "model_documented: true\npeer_workers: []\n", "b.yaml": "- 1\n",
        ])
        #expect(throws: DiagnosticError.self) {
            try ProfileDecoder.load(path: rules.path("a.yaml"), schema: ruleSet.ruleSet.schema)
        }
        do {
            _ = try ProfileDecoder.load(path: rules.path("a.yaml"), schema: ruleSet.ruleSet.schema)
        } catch {
            #expect(
                error.first.description.hasSuffix(
                    "error[decode.missing-key]: the profile has no `assessment`, which is required")
            )
        }
        do {
            _ = try ProfileDecoder.load(path: rules.path("b.yaml"), schema: ruleSet.ruleSet.schema)
        } catch {
            #expect(
                error.first.description.hasSuffix(
                    "error[decode.type]: a profile must be a mapping (the profile's fields), but is a sequence"
                ))
        }
    }
}

/// A required field's help reads as sentences: what the field asks, and what kind of answer.
struct RequiredHelpTests {
    @Test func helpReadsAsSentences() throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let folder = try TemporaryFolder("required-help")
        defer { folder.remove() }
        let path = folder.appendingPathComponent("p.yaml").path
        try
            "assessment: {organisation: X, as_of: 2026-01-01}\nstaff: {total: 3}\npeer_workers: []\ncadetship: {offered: ~}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try ProfileDecoder.load(path: path, schema: ruleSet.ruleSet.schema)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.help
                == "It asks: The service hosts peer cadets (false if not). This answer is required: give true or false."
        }
    }
}

/// A field named `type` (a key the schema language uses) is declared as any other: a `type`
/// whose value is a mapping is the field, not the spec's type.
struct FieldNamedTypeTests {
    @Test func declaredReadAndAssessed() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": """
            ruleset: {id: t, version: 1.0.0, title: Test}
            domains: [{id: d, title: D}]
            schema:
              service:
                type: {type: string, values: [residential, community]}
                size: {type: int}
              workers:
                type: list
                items:
                  type: {type: string}
                  name: {type: string}
            rules:
              - {id: R, domain: d, title: Community, require: "service.type == 'community' && workers.all(w, w.type == 'peer')"}
            actions: []

            """,
            "profiles/p.yaml": """
            assessment: {organisation: X, as_of: 2026-01-01}
            service: {type: community, size: 3}
            workers: [{type: peer, name: A}]

            """,
            "profiles/bad.yaml": """
            assessment: {organisation: X, as_of: 2026-01-01}
            service: {type: hospital}
            workers: []

            """,
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let service = try #require(ruleSet.ruleSet.schema["service"])
        guard case .object(let record) = service.type else {
            Issue.record("`service` is not a record")
            return
        }
        #expect(record.fields.map(\.name) == ["type", "size"])
        #expect(record["type"]?.allowedValues == ["residential", "community"])
        let assessment = try Assessment.run(
            ruleSet: ruleSet, profilePath: folder.path("profiles/p.yaml"))
        #expect(assessment.results.map(\.outcome) == [.pass])
        #expect {
            try Assessment.run(ruleSet: ruleSet, profilePath: folder.path("profiles/bad.yaml"))
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.message.contains("hospital") == true
        }
    }
}

/// A key the `assessment` header does not have is a warning, as anywhere else in a profile:
/// the profile still loads (it used to fail, exit 65); one letter from a header field it is an
/// error with a did-you-mean.
struct HeaderKeyTests {
    static func decode(_ header: String) throws -> Profile {
        let ruleSet = try CompiledRuleSet.load(folder: Fixture.mini)
        return try ProfileDecoder.decode(
            Array(
                "assessment: {organisation: X, as_of: 2026-06-30\(header)}\nmodel_documented: true\npeer_workers: []\n"
                    .utf8), name: "p.yaml", ruleSet: ruleSet)
    }

    @Test func undeclaredHeaderKeyWarns() throws {
        let profile = try Self.decode(", assessor_role: Manager")
        #expect(
            profile.warnings.map(\.description).first?.hasPrefix(
                "p.yaml:1:50: warning[decode.unknown-key]: unknown key `assessor_role` in the `assessment` section"
            ) == true)
        #expect(profile.organisation == "X")
    }

    @Test func nearMissOfAHeaderFieldIsAnError() throws {
        #expect {
            try Self.decode(", asessor: Kim")
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.message) == [
                "unknown key `asessor` in the `assessment` section — did you mean `assessor`?"
            ]
        }
    }
}
