/// A JSON Schema (draft 2020-12) of the files rule authors write: rule-set files, tailorings,
/// waiver lists and rule tests, for editors (completion, hover, errors as you type). A file is
/// told apart by its top-level key: `tailoring:`, `waivers:` or `tests:`, and otherwise it is
/// a file of a rule set. Each kind is also under `$defs` (`ruleSetFile`, `tailoringFile`,
/// `waiverFile`, `testFile`) for an editor set up one kind a folder.
///
/// It holds the keys the decoders read and the shapes they take; what only the engine can
/// see (CEL syntax and types, ids that must exist, a base that must load) is left to
/// `readiness check`. Tests hold it to the decoders: every shipped file validates, and a key
/// misspelt anywhere in one is refused by both.
public enum RuleFormatJSONSchema {
    /// The name the schema's committed copy and the editor set-up use.
    public static let fileName = "readiness-rules.schema.json"

    /// The schema.
    public static var document: JSONValue {
        [
            "$schema": .string(ProfileJSONSchema.dialect),
            "title": "readiness rule set, tailoring, waiver or test file",
            "description": """
            A file of a readiness rule set (any of the sections ruleset, extends, \
            parameters, domains, scales, raters, definitions, schema, rules, actions, \
            constraints), a tailoring (`tailoring:`), a waiver list (`waivers:`) or a rule \
            test file (`tests:`). docs/rule-format.md and docs/testing-rules.md describe \
            every key; `readiness check` checks what this schema cannot (CEL, ids).
            """,
            "allOf": [
                kind(when: "tailoring", then: "tailoringFile"),
                kind(when: "waivers", then: "waiverFile"),
                kind(when: "tests", then: "testFile"),
                [
                    "if": [
                        "anyOf": [
                            ["required": ["tailoring"]], ["required": ["waivers"]],
                            ["required": ["tests"]],
                        ]
                    ],
                    "else": reference("ruleSetFile"),
                ],
            ],
            "$defs": .object(definitions),
        ]
    }

    private static func kind(when key: String, then definition: String) -> JSONValue {
        ["if": ["required": .array([.string(key)])], "then": reference(definition)]
    }

    private static func reference(_ name: String) -> JSONValue {
        ["$ref": .string("#/$defs/\(name)")]
    }

    /// An object of the properties given, no other key, `required` those named.
    private static func record(
        _ description: String, required: [String] = [], _ properties: JSONObject
    ) -> JSONValue {
        var object: JSONObject = ["type": "object", "description": .string(description)]
        if !required.isEmpty { object["required"] = .array(required.map { .string($0) }) }
        object["properties"] = .object(properties)
        object["additionalProperties"] = false
        return .object(object)
    }

    private static func list(_ description: String, of items: JSONValue) -> JSONValue {
        ["type": "array", "description": .string(description), "items": items]
    }

    /// A mapping of names to values of one shape.
    private static func map(_ description: String, of values: JSONValue) -> JSONValue {
        ["type": "object", "description": .string(description), "additionalProperties": values]
    }

    private static func text(_ description: String) -> JSONValue {
        ["$ref": "#/$defs/text", "description": .string(description)]
    }

    private static func texts(_ description: String) -> JSONValue {
        ["$ref": "#/$defs/texts", "description": .string(description)]
    }

    private static func cel(_ description: String) -> JSONValue {
        ["$ref": "#/$defs/expression", "description": .string(description)]
    }

    private static func number(
        _ description: String, minimum: Double? = nil, exclusiveMinimum: Double? = nil,
        maximum: Double? = nil
    ) -> JSONValue {
        var object: JSONObject = ["type": "number", "description": .string(description)]
        if let minimum { object["minimum"] = .number(minimum) }
        if let exclusiveMinimum { object["exclusiveMinimum"] = .number(exclusiveMinimum) }
        if let maximum { object["maximum"] = .number(maximum) }
        return .object(object)
    }

    private static func flag(_ description: String) -> JSONValue {
        ["type": "boolean", "description": .string(description)]
    }

    private static func oneOf(_ description: String, _ words: [String]) -> JSONValue {
        ["enum": .array(words.map { .string($0) }), "description": .string(description)]
    }

    private static let outcomes = [
        "pass", "partial", "fail", "not_applicable", "unknown", "error",
    ]

    // MARK: The definitions

    private static var definitions: JSONObject {
        var defs: JSONObject = [
            "text": [
                "type": ["string", "number", "boolean"],
                "description": "Text (a number or true/false written here is read as its text).",
            ],
            "texts": [
                "type": ["array", "string", "number", "boolean"],
                "items": ["$ref": "#/$defs/text"],
                "description": "A list of texts, or one text.",
            ],
            "expression": [
                "type": ["string", "boolean", "number"],
                "description":
                    "A CEL expression over the profile, params and as_of (docs/cel.md); checked by `readiness check`.",
            ],
            "date": [
                "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                "description": "A date, YYYY-MM-DD.",
            ],
            "bands": list(
                "Maturity bands, lowest first, the first at min 0.",
                of: record(
                    "A band: the least score that reaches it and its name.",
                    required: ["min", "label"],
                    [
                        "min": number(
                            "The least score (0-100) of the band.", minimum: 0, maximum: 100),
                        "label": text("The band's name (Emerging, Developing…)."),
                        "feedback": text(
                            "What the band means and what to do next, for a domain's band."),
                    ])),
            "scoreRange": [
                "description": "A score, or a range {min, max} (0-100).",
                "anyOf": [
                    ["type": "number"],
                    record(
                        "A range of scores.",
                        [
                            "min": number("The least score (default 0)."),
                            "max": number("The greatest score (default 100)."),
                        ]),
                ],
            ],
        ]
        defs["ruleSetFile"] = ruleSetFile
        defs["ruleset"] = metadata
        defs["parameter"] = parameter
        defs["domain"] = domain
        defs["level"] = record(
            "One level of a rating scale.", required: ["level", "label"],
            [
                "level": ["type": "integer", "description": "Its number; levels go up in ones."],
                "label": text("Its name (Adequate)."),
                "description": text("What it looks like in practice."),
            ])
        defs["field"] = field
        defs["fieldOrRecord"] = [
            "description":
                "A field (a mapping with a `type` that is a word) or a record of fields.",
            "if": ["required": ["type"], "properties": ["type": ["type": "string"]]],
            "then": ["$ref": "#/$defs/field"],
            "else": ["$ref": "#/$defs/record"],
        ]
        defs["record"] = map(
            "A record: its fields by name.", of: ["$ref": "#/$defs/fieldOrRecord"])
        defs["rule"] = rule
        defs["ruleEntry"] = [
            "description": "A rule, or `for_each` items with a `rule:` template.",
            "if": ["required": ["for_each"]],
            "then": template("rule"),
            "else": ["$ref": "#/$defs/rule"],
        ]
        defs["action"] = action
        defs["actionEntry"] = [
            "description": "An action, or `for_each` items with an `action:` template.",
            "if": ["required": ["for_each"]],
            "then": template("action"),
            "else": ["$ref": "#/$defs/action"],
        ]
        defs["constraint"] = constraint
        defs["tailoringFile"] = tailoringFile
        defs["waiverFile"] = waiverFile
        defs["testFile"] = testFile
        return defs
    }

    private static var ruleSetFile: JSONValue {
        record(
            "A file of a rule set folder: the rule set is the union of its files' sections.",
            [
                "ruleset": ["$ref": "#/$defs/ruleset"],
                "extends": text(
                    "The rule set this one starts from: a folder relative to this one, or an absolute path."
                ),
                "parameters": map(
                    "Thresholds rules read as params.NAME, which a tailoring can change.",
                    of: ["$ref": "#/$defs/parameter"]),
                "domains": list("The domains rules belong to.", of: ["$ref": "#/$defs/domain"]),
                "scales": map(
                    "Rating scales by name, each its levels lowest first.",
                    of: list("The scale's levels, lowest first.", of: ["$ref": "#/$defs/level"])),
                "raters": record(
                    "How several respondents' ratings combine.",
                    [
                        "combine": oneOf(
                            "How ratings combine into the one rules see.",
                            ["mean", "median", "min"]),
                        "roles": texts("The roles respondents may have; any when left out."),
                        "disagreement": [
                            "type": "integer", "minimum": 1,
                            "description":
                                "How many levels apart two ratings must be to be reported (default 2).",
                        ],
                    ]),
                "definitions": map(
                    "Named expressions, used by name in any rule, action condition or constraint.",
                    of: ["$ref": "#/$defs/expression"]),
                "schema": [
                    "$ref": "#/$defs/record",
                    "description":
                        "The profile's shape: every field a rule reads, typed and described.",
                ],
                "rules": list("The rules.", of: ["$ref": "#/$defs/ruleEntry"]),
                "actions": list(
                    "The actions plans are made of.", of: ["$ref": "#/$defs/actionEntry"]),
                "constraints": list(
                    "Answers that must agree: a profile breaking one is refused.",
                    of: ["$ref": "#/$defs/constraint"]),
            ])
    }

    private static var metadata: JSONValue {
        record(
            "The rule set's identity and scoring.", required: ["id", "version", "title"],
            [
                "id": text("The rule set's id; tailorings and reports name it."),
                "version": text("Its version (1.2.0)."),
                "title": text("Its title, as reports print it."),
                "source": text("Where the rules come from."),
                "description": text("What it is about."),
                "bands": ["$ref": "#/$defs/bands"],
                "compliance": [
                    "description":
                        "The overall score compliance needs ({min_score: 60}, the default), or `none` for no verdict of compliance.",
                    "anyOf": [
                        ["const": "none"],
                        record(
                            "What compliance needs.",
                            [
                                "min_score": number(
                                    "The least overall score (0-100).", minimum: 0, maximum: 100)
                            ]),
                    ],
                ],
                "scoring": record(
                    "How unknown outcomes count.",
                    [
                        "unknown": oneOf(
                            "zero (the default) counts them as 0; exclude leaves them out.",
                            ["zero", "exclude"])
                    ]),
                "phases": texts("The plan's phases, in order (default 0-3 months … 12+ months)."),
            ])
    }

    private static var parameter: JSONValue {
        record(
            "A threshold: its type, default, meaning and citation.",
            required: ["type", "default", "description"],
            [
                "type": oneOf("Its type.", ["int", "number", "bool", "string", "list"]),
                "items": oneOf(
                    "For a list: the type of its items (default string).",
                    ["string", "int", "number"]),
                "default": ["description": "Its value unless a tailoring or a test changes it."],
                "unit": text("Its unit (days, hours, FTE)."),
                "min": number("The least value a tailoring may give."),
                "max": number("The greatest value a tailoring may give."),
                "description": text("What it means and why this default."),
                "source": text("The citation for the default."),
            ])
    }

    private static var domain: JSONValue {
        record(
            "A domain: rules score into it, and it into the overall score by its weight.",
            required: ["id", "title"],
            [
                "id": text("Its id; rules name it."),
                "title": text("Its title."),
                "weight": number(
                    "Its weight in the overall score (default 1).", exclusiveMinimum: 0),
                "description": text("What it covers."),
                "scored": flag("false: it has a score of its own, left out of the overall score."),
                "bands": ["$ref": "#/$defs/bands"],
            ])
    }

    /// A field's keys: the short ones first (in flow `{type: int, required: true, min: 0,
    /// description: …}` reads best), the description, then what nests.
    private static var field: JSONValue {
        record(
            "A field of the profile.", required: ["type"],
            [
                "type": oneOf(
                    "The field's type.",
                    ["string", "int", "number", "bool", "date", "rating", "list", "object"]),
                "required": flag("Whether every profile must answer it (default false)."),
                "nullable": flag(
                    "Whether ~ means none rather than not known (a single answer only)."),
                "values": texts("The allowed answers of a string field."),
                "min": number("The least answer."),
                "max": number("The greatest answer."),
                "unit": text("The unit of a number (days, hours, FTE)."),
                "scale": [
                    "description":
                        "A rating's scale: the name of one under `scales:`, or its levels.",
                    "anyOf": [
                        ["type": "string"],
                        ["type": "array", "items": ["$ref": "#/$defs/level"]],
                    ],
                ],
                "item_label": text("For a list of records: the item field that names each item."),
                "item_name": text("For a list: what one item is called (peer worker)."),
                "label": text("A short name for reports; the description stands in without one."),
                "description": text("What it asks, for the template, the form and reports."),
                "items": [
                    "description": "A list's item: a field, or a record of fields.",
                    "$ref": "#/$defs/fieldOrRecord",
                ],
                "fields": [
                    "description": "An object's fields.", "$ref": "#/$defs/record",
                ],
            ])
    }

    private static var rule: JSONValue {
        var rule = record(
            "A rule: what it checks, how it scores, and what to do when it is not met.",
            required: ["id", "domain", "title"],
            [
                "id": text("Its id, unique in the rule set."),
                "domain": text("The domain it scores into."),
                "title": text("What it asks, as a statement; may use {{ params.NAME }}."),
                "rationale": text("Why it matters, in plain words."),
                "source": text("The strategy line it encodes."),
                "references": texts("Further citations."),
                "weight": number("Its weight in its domain (default 1).", exclusiveMinimum: 0),
                "mandatory": [
                    "description":
                        "Compliance needs it to pass; {at_least: 0.5} for a least share, {at_least: LABEL} for a least level.",
                    "anyOf": [
                        ["type": "boolean"],
                        record(
                            "The least it needs.", required: ["at_least"],
                            [
                                "at_least": [
                                    "type": ["number", "string"],
                                    "description":
                                        "A share above 0 and at most 1, or a level's label.",
                                ]
                            ]),
                    ],
                ],
                "scored": flag("false: it informs, counted in no score."),
                "evidence": oneOf(
                    "Whether a pass must be backed by evidence.", ["required", "optional"]),
                "applies_if": cel("When false, the rule is not_applicable."),
                "require": cel("A bool: pass or fail."),
                "grade": cel("A number from 0 to 1: the score."),
                "rate": cel("A rating field, scored by its level."),
                "measure": record(
                    "The share of a list's items that meet a condition.",
                    required: ["each", "as", "meets"],
                    [
                        "each": cel("The list."),
                        "as": text("The name of one item in `meets`."),
                        "meets": cel("What one item must meet."),
                        "target": number(
                            "The share that earns full credit (default 1).", exclusiveMinimum: 0,
                            maximum: 1),
                        "empty": oneOf(
                            "The outcome when the list is empty (default not_applicable).",
                            ["not_applicable", "pass", "fail"]),
                    ]),
                "values": map(
                    "Named values for the gap message.", of: ["$ref": "#/$defs/expression"]),
                "gap": text("The gap message: {{ unmet }}, {{ total }}, {{ level }}, the values…"),
                "actions": texts("The actions that close it."),
            ])
        if case .object(var object) = rule {
            // Exactly one of the four says what the rule checks.
            object["oneOf"] = .array(
                ["require", "measure", "grade", "rate"].map { ["required": [.string($0)]] })
            rule = .object(object)
        }
        return rule
    }

    private static var action: JSONValue {
        record(
            "An action of the plan.", required: ["id", "title", "timeframe"],
            [
                "id": text("Its id, unique in the rule set."),
                "title": text("What to do."),
                "description": text("More about it."),
                "steps": texts("Its steps."),
                "owner": text("Who does it."),
                "effort_days": number("Days of work it takes.", minimum: 0),
                "timeframe": text("The phase it belongs to (one of the rule set's phases)."),
                "depends_on": [
                    "type": ["array", "string", "number", "boolean"],
                    "description":
                        "Actions that come first; {action, when} for one that applies where a condition holds.",
                    "items": [
                        "anyOf": [
                            ["$ref": "#/$defs/text"],
                            record(
                                "A prerequisite that applies where the condition holds.",
                                required: ["action", "when"],
                                [
                                    "action": text("The action that comes first."),
                                    "when": cel("Where it applies."),
                                ]),
                        ]
                    ],
                ],
            ])
    }

    /// `for_each` items and a template under `rule:` or `action:`; the template's
    /// placeholders are only known once expanded, so its keys are left to the engine.
    private static func template(_ key: String) -> JSONValue {
        record(
            "One \(key) for each item: {{ item.NAME }} in the template is the item's NAME.",
            required: ["for_each", key],
            [
                "for_each": list(
                    "The items, each a mapping of names to values.", of: ["type": "object"]),
                key: ["type": "object", "description": .string("The \(key) to repeat.")],
            ])
    }

    private static var constraint: JSONValue {
        record(
            "A constraint answers must meet, or the profile is refused.",
            required: ["require", "at", "message"],
            [
                "require": cel("A bool the profile must give true."),
                "each": cel("A list: the constraint holds for each item."),
                "as": text("The name of one item (default item)."),
                "at": text("The field a violation is shown at."),
                "message": text("What is wrong, in words."),
            ])
    }

    // MARK: The other kinds

    private static var tailoringFile: JSONValue {
        record(
            "A tailoring: a funder's selection of rules and thresholds.", required: ["tailoring"],
            [
                "tailoring": record(
                    "The tailoring's identity.", required: ["id", "title", "ruleset"],
                    [
                        "id": text("Its id."),
                        "title": text("Its title."),
                        "ruleset": text("The id of the rule set it tailors."),
                    ]),
                "include": texts("Keep only these rules (globs: * and ?)."),
                "exclude": texts("Drop these rules (globs)."),
                "mandatory": [
                    "description":
                        "Rules made mandatory too; {only: [...]} replaces the mandatory rules.",
                    "anyOf": [
                        ["$ref": "#/$defs/texts"],
                        record(
                            "The contract's mandatory rules, in place of the rule set's.",
                            required: ["only"], ["only": texts("The mandatory rules.")]),
                    ],
                ],
                "parameters": map(
                    "New values of the rule set's parameters.",
                    of: ["description": "The parameter's value."]),
                "compliance": record(
                    "What compliance needs under the contract.",
                    [
                        "min_score": number(
                            "The least overall score (0-100).", minimum: 0, maximum: 100)
                    ]),
            ])
    }

    private static var waiverFile: JSONValue {
        record(
            "Waivers: rules a funder accepts are not met, for a while and for a reason.",
            required: ["waivers"],
            [
                "waivers": [
                    "type": ["array", "null"],
                    "description": "The waivers.",
                    "items": record(
                        "A waiver.",
                        required: ["rule", "justification", "approved_by", "granted", "expires"],
                        [
                            "rule": text("The rule waived."),
                            "organisation": text(
                                "The organisation, as its profile writes it (a funder's list)."),
                            "justification": text("Why, in a sentence."),
                            "approved_by": text("Who approved it."),
                            "granted": [
                                "$ref": "#/$defs/date", "description": "When it was granted.",
                            ],
                            "expires": ["$ref": "#/$defs/date", "description": "When it ends."],
                        ]),
                ]
            ])
    }

    private static var testFile: JSONValue {
        record(
            "Rule tests: profiles, changes and what the report must say.", required: ["tests"],
            [
                "base": text("The profile every test starts from, relative to this file."),
                "tests": list(
                    "The tests.",
                    of: record(
                        "A test.", required: ["name", "expect"],
                        [
                            "name": text("What it shows."),
                            "profile": text("The profile it reads, relative to this file."),
                            "base": text("The profile it starts from, in place of the file's."),
                            "set": map(
                                "Changes to the profile: field paths (a.b[0].c) to values.",
                                of: ["description": "The value set."]),
                            "as_of": [
                                "$ref": "#/$defs/date", "description": "The assessment date.",
                            ],
                            "params": map(
                                "Parameter values for this test.",
                                of: ["description": "The parameter's value."]),
                            "expect": expectation,
                        ])),
            ])
    }

    private static var expectation: JSONValue {
        record(
            "What the report must say.",
            [
                "outcomes": map("Rule outcomes by rule id.", of: oneOf("The outcome.", outcomes)),
                "score": ["$ref": "#/$defs/scoreRange"],
                "domains": map("Domain scores by domain id.", of: ["$ref": "#/$defs/scoreRange"]),
                "band": text("The maturity band."),
                "compliant": flag("Whether the organisation complies."),
                "actions": record(
                    "Actions in the plan.",
                    [
                        "present": texts("Actions the plan must have."),
                        "absent": texts("Actions it must not have."),
                    ]),
                "gaps": map(
                    "Gap messages by rule id: the whole message, or {text, contains, values}.",
                    of: [
                        "anyOf": [
                            ["$ref": "#/$defs/text"],
                            record(
                                "Parts of the gap message.",
                                [
                                    "text": text("The whole message."),
                                    "contains": texts("Texts the message must contain."),
                                    "values": map(
                                        "Named values as the message shows them.",
                                        of: ["$ref": "#/$defs/text"]),
                                ]),
                        ]
                    ]),
            ])
    }
}
