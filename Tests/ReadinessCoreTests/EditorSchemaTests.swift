import Foundation
import ReadinessCore
import ReadinessTestSupport
import Testing

/// The JSON Schemas editors use: the profile's, generated from a rule set's schema, and the
/// rule format's. What an independent validator makes of them is in `readinessTests`
/// (`EditorSchemaValidationTests`); here, what they say.
struct EditorSchemaTests {
    static func shipped(_ name: String) throws -> CompiledRuleSet {
        try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/\(name)").path)
    }

    /// The committed copies under `docs/schemas/` (which editors in this repository use, and
    /// which the validation tests read) are what the code generates now.
    @Test func committedSchemasAreCurrent() throws {
        var documents = [
            ("docs/schemas/\(RuleFormatJSONSchema.fileName)", RuleFormatJSONSchema.document)
        ]
        for name in ["vic-aod-peer-workforce", "vic-aod-peer-team-self-assessment"] {
            let ruleSet = try Self.shipped(name).ruleSet
            documents.append(
                (
                    "docs/schemas/\(ProfileJSONSchema.fileName(for: ruleSet))",
                    ProfileJSONSchema.document(for: ruleSet)
                ))
        }
        for (path, document) in documents {
            if let problem = try Golden.check(document.text, against: path) {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    static let rules = """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: d, title: D}]
        scales:
          practice:
            - {level: 1, label: Needs improvement}
            - {level: 2, label: Adequate}
            - {level: 3, label: Exemplary}
        constraints:
          - require: staff.trained <= staff.total
            at: staff.trained
            message: More staff are trained than employed
          - each: peers
            as: p
            require: p.fte > 0.0
            at: fte
            message: A peer position has no hours
        rules:
          - {id: R1, domain: d, title: T, require: "staff.total > 0"}
        schema:
          staff:
            total: {type: int, required: true, min: 0, unit: people, description: Staff employed}
            trained: {type: int, min: 0, label: trained staff}
          welcome: {type: rating, scale: practice, description: Welcome sessions are run}
          last_session: {type: date, nullable: true, description: The last session}
          model: {type: string, values: [none, draft, adopted]}
          name: {type: string}
          peers:
            type: list
            items: {fte: {type: number, min: 0, max: 1.5}}

        """

    static func profileSchema(_ extra: String = "") throws -> JSONValue {
        let folder = try TemporaryRuleSet(["r.yaml": rules + extra])
        return ProfileJSONSchema.document(
            for: try CompiledRuleSet.load(folder: folder.folder).ruleSet)
    }

    @Test func fieldsCarryTypesBoundsValuesAndWords() throws {
        let schema = try Self.profileSchema()
        #expect(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["required"] == ["assessment"])
        #expect(schema["additionalProperties"] == false)
        let properties = try #require(schema["properties"])
        let staff = try #require(properties["staff"])
        // A record is optional as a whole; its required field is required when it is given.
        #expect(staff["type"] == ["object", "null"])
        #expect(staff["required"] == ["total"])
        #expect(staff["additionalProperties"] == false)
        let total = try #require(staff["properties"]?["total"])
        #expect(total["type"] == "integer")
        #expect(total["minimum"] == .number(0))
        #expect(
            total["description"]
                == "Staff employed. A whole number (people), at least 0. Required.")
        let trained = try #require(staff["properties"]?["trained"])
        #expect(trained["type"] == ["integer", "null"])
        #expect(trained["title"] == "trained staff")
        #expect(
            trained["description"]
                == "A whole number, at least 0. Leave it out, or write ~, if not known. Must agree with other answers: More staff are trained than employed."
        )
        #expect(properties["model"]?["enum"] == ["none", "draft", "adopted", .null])
        // Text may be written as a number or true/false (the engine reads its text), but a
        // template placeholder left in is refused.
        #expect(properties["name"]?["type"] == ["string", "number", "boolean", "null"])
        #expect(properties["name"]?["not"]?["pattern"] == "^<.+>$")
        let lastSession = try #require(properties["last_session"])
        #expect(lastSession["type"] == ["string", "null"])
        #expect(lastSession["format"] == "date")
        #expect(
            lastSession["description"]
                == "The last session. A date, YYYY-MM-DD. Write ~ for none (leave the line out if not known)."
        )
        let peers = try #require(properties["peers"])
        #expect(peers["type"] == ["array", "null"])
        let fte = try #require(peers["items"]?["properties"]?["fte"])
        #expect(fte["maximum"] == .number(1.5))
        #expect(
            fte["description"]?.textValue?.hasSuffix(
                "Must agree with other answers: A peer position has no hours.") == true)
    }

    /// A rating refers to its scale, written once: a level's number, or its label in any case.
    @Test func aRatingIsALevelNumberOrLabelInAnyCase() throws {
        let schema = try Self.profileSchema()
        let welcome = try #require(schema["properties"]?["welcome"])
        #expect(welcome["anyOf"] == [["$ref": "#/$defs/scale"], ["type": "null"]])
        #expect(
            schema["$defs"]?["scale"]?["anyOf"]
                == [
                    ["enum": [1, 2, 3]],
                    ["enum": ["Needs improvement", "Adequate", "Exemplary"]],
                    [
                        "type": "string",
                        "pattern":
                            "^([Nn][Ee][Ee][Dd][Ss] [Ii][Mm][Pp][Rr][Oo][Vv][Ee][Mm][Ee][Nn][Tt]|[Aa][Dd][Ee][Qq][Uu][Aa][Tt][Ee]|[Ee][Xx][Ee][Mm][Pp][Ll][Aa][Rr][Yy])$",
                    ],
                ])
        #expect(
            welcome["description"]
                == "Welcome sessions are run. Rate it 1 to 3: the number or the label. 1 Needs improvement. 2 Adequate. 3 Exemplary. Leave it out, or write ~, if not known."
        )
    }

    @Test func theHeaderHasTheRuleSetsOwnFields() throws {
        let schema = try Self.profileSchema(
            """
              assessment:
                board_reviewed: {type: bool, required: true, description: The board has seen these answers}

            """)
        let assessment = try #require(schema["properties"]?["assessment"])
        #expect(assessment["required"] == ["organisation", "as_of", "board_reviewed"])
        #expect(assessment["properties"]?["board_reviewed"]?["type"] == "boolean")
        #expect(assessment["properties"]?["as_of"]?["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        #expect(schema["properties"]?["assessment"]?["properties"]?["board_reviewed"] != nil)
    }

    /// With several raters, the statements may be rated by respondents: none is required at
    /// the top, and `respondents` lists roles and the ratings alone.
    @Test func respondentsRateTheStatements() throws {
        let ruleSet = try Self.shipped("vic-aod-peer-team-self-assessment").ruleSet
        let schema = ProfileJSONSchema.document(for: ruleSet)
        #expect(schema["required"] == ["assessment"])
        let respondent = try #require(schema["properties"]?["respondents"]?["items"])
        #expect(respondent["required"] == ["role", "answers"])
        #expect(
            respondent["properties"]?["role"]?["enum"]
                == .array(ruleSet.schema.raters!.roles.map { .string($0) }))
        guard case .object(let answers)? = respondent["properties"]?["answers"]?["properties"]
        else {
            Issue.record("no answers")
            return
        }
        #expect(!answers.members.isEmpty)
        // Only records of ratings, all the way down.
        func onlyRatings(_ value: JSONValue) -> Bool {
            if value["anyOf"]?.text.contains("#/$defs/scale") == true { return true }
            guard case .object(let fields)? = value["properties"] else { return false }
            return fields.members.allSatisfy { onlyRatings($0.value) }
        }
        #expect(answers.members.allSatisfy { onlyRatings($0.value) })
    }

    /// The template's first line points editors at the schema written beside it.
    @Test func templateNamesItsSchema() throws {
        let ruleSet = try Self.shipped("vic-aod-peer-workforce").ruleSet
        let template = ProfileTemplate.render(
            ruleSet, schema: ProfileJSONSchema.fileName(for: ruleSet))
        #expect(
            template.hasPrefix(
                "# yaml-language-server: $schema=vic-aod-peer-workforce.profile.schema.json\n# Self-assessment profile for:"
            ))
        // Whoever opens it in a plain editor is told what the line is for.
        #expect(
            template.contains(
                "# type, from vic-aod-peer-workforce.profile.schema.json beside this file: leave it in.\n"
            ))
        #expect(!ProfileTemplate.render(ruleSet).hasPrefix("# yaml-language-server"))
        #expect(!ProfileTemplate.render(ruleSet).contains("leave it in"))
    }

    /// Every key the rule-format schema names for a rule is one the rule decoder reads: a
    /// rule giving all of them at once is refused only for having four checks, never for a key.
    @Test func theRuleSchemaKnowsTheDecodersKeys() throws {
        let rule = try #require(RuleFormatJSONSchema.document["$defs"]?["rule"]?["properties"])
        guard case .object(let keys) = rule else { return }
        #expect(
            keys.members.map(\.key) == [
                "id", "domain", "title", "rationale", "source", "references", "weight",
                "mandatory", "scored", "evidence", "applies_if", "require", "grade", "rate",
                "measure", "values", "gap", "actions",
            ])
        let failure = try loadFailure(
            header + """
                rules:
                  - id: R
                    domain: d
                    title: T
                    rationale: r
                    source: s
                    references: [x]
                    weight: 2
                    mandatory: true
                    scored: true
                    evidence: optional
                    applies_if: "true"
                    require: "true"
                    grade: "1.0"
                    rate: n
                    measure: {each: items, as: i, meets: "i.v > 0"}
                    values: {v: n}
                    gap: g
                    actions: [A1]
                """)
        #expect(failure.diagnostics.map(\.code) == ["rule.check"])
    }

    @Test func jsonTextKeepsOrderAndEscapes() {
        let value: JSONValue = [
            "b": "line\nbreak \"quoted\" \u{1}", "a": [1, 2.5, true, .null], "c": [:], "d": [],
            "e": .number(3), "f": ["type": "null"], "g": ["x": 1, "y": 2, "z": 3],
        ]
        #expect(
            value.text == """
                {
                  "b": "line\\nbreak \\"quoted\\" \\u0001",
                  "a": [1, 2.5, true, null],
                  "c": {},
                  "d": [],
                  "e": 3,
                  "f": {"type": "null"},
                  "g": {
                    "x": 1,
                    "y": 2,
                    "z": 3
                  }
                }

                """)
    }
}

extension JSONValue {
    fileprivate var textValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
