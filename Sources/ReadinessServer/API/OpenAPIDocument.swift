import Foundation

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. A test holds
/// its paths and methods to the routes the router has, so it cannot drift from them; CI
/// fuzzes the API against it (schemathesis).
package enum OpenAPIDocument {
    /// The document as JSON, keys sorted.
    package static let json: String = {
        let data =
            (try? JSONSerialization.data(
                withJSONObject: document,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }()

    private static func errorResponse(_ description: String) -> [String: Any] {
        [
            "description": description,
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Errors"]]],
        ]
    }

    private static var assessmentID: [String: Any] {
        [
            "name": "assessment", "in": "path", "required": true,
            "description": "The assessment's id.",
            "schema": ["type": "integer", "format": "int64"],
        ]
    }

    /// A JSON response of a schema in `components`.
    private static func json(_ description: String, _ schema: String) -> [String: Any] {
        [
            "description": description,
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]],
        ]
    }

    /// A JSON request body of an inline schema.
    private static func jsonBody(_ schema: [String: Any]) -> [String: Any] {
        ["required": true, "content": ["application/json": ["schema": schema]]]
    }

    private static func string(_ maxLength: Int? = nil) -> [String: Any] {
        maxLength.map { ["type": "string", "maxLength": $0] } ?? ["type": "string"]
    }

    private static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    private static var nullableInteger: [String: Any] {
        ["type": ["integer", "null"], "format": "int64"]
    }

    /// The errors every route under an assessment may answer.
    private static var assessmentErrors: [String: Any] {
        [
            "401": errorResponse("No valid bearer token."),
            "404": errorResponse("No such assessment, or not the token's to see."),
        ]
    }

    private static func merged(_ base: [String: Any], _ more: [String: Any]) -> [String: Any] {
        base.merging(more) { _, new in new }
    }

    /// The routes of working together: comments, evidence, sign-off and tracked actions.
    private static var collaborationPaths: [String: Any] {
        let bodyErrors: [String: Any] = [
            "400": errorResponse("The body is not the JSON object this route takes."),
            "403": errorResponse("Only the organisation's own accounts may do this."),
            "409": errorResponse("The assessment was accepted: it is final."),
            "413": errorResponse("The body is too large."),
            "422": errorResponse("Refused: each error with its code and what to do."),
        ]
        return [
            "/api/v1/assessments/{assessment}/comments": [
                "get": [
                    "operationId": "listComments",
                    "summary": "The comments of the assessment's trail, oldest first.",
                    "parameters": [assessmentID],
                    "responses": merged(
                        assessmentErrors, ["200": json("The comments.", "CommentList")]),
                ],
                "post": [
                    "operationId": "addComment",
                    "summary":
                        "Comment on an answer (`field:PATH`) or a rule (`rule:ID`) of an assessment not yet accepted.",
                    "parameters": [assessmentID],
                    "requestBody": jsonBody([
                        "type": "object", "required": ["subject", "body"],
                        "properties": ["subject": string(200), "body": string(4000)],
                    ]),
                    "responses": merged(
                        merged(assessmentErrors, bodyErrors),
                        ["201": json("Added.", "Comment")]),
                ],
            ],
            "/api/v1/assessments/{assessment}/evidence": [
                "get": [
                    "operationId": "listEvidence",
                    "summary": "The documents and links backing the assessment, oldest first.",
                    "parameters": [assessmentID],
                    "responses": merged(
                        assessmentErrors, ["200": json("The evidence.", "EvidenceList")]),
                ],
                "post": [
                    "operationId": "addEvidence",
                    "summary":
                        "Back an answer or a rule: a link as JSON, or a file (at most 10 MiB: pdf, png, jpg, jpeg, docx, xlsx, pptx, odt, ods, txt, csv) as the body with `subject` and `name` in the query.",
                    "parameters": [
                        assessmentID,
                        [
                            "name": "subject", "in": "query", "required": false,
                            "description": "For a file: `field:PATH` or `rule:ID`.",
                            "schema": string(200),
                        ],
                        [
                            "name": "name", "in": "query", "required": false,
                            "description": "For a file: its name, with its extension.",
                            "schema": string(200),
                        ],
                        [
                            "name": "note", "in": "query", "required": false,
                            "description": "For a file: what it shows.",
                            "schema": string(4000),
                        ],
                    ],
                    "requestBody": [
                        "required": true,
                        "content": [
                            "application/json": [
                                "schema": [
                                    "type": "object", "required": ["subject", "url"],
                                    "properties": [
                                        "subject": string(200), "url": string(2000),
                                        "note": string(4000),
                                    ],
                                ]
                            ],
                            "application/octet-stream": [
                                "schema": ["type": "string", "format": "binary"]
                            ],
                        ],
                    ],
                    "responses": merged(
                        merged(assessmentErrors, bodyErrors),
                        [
                            "201": json("Added.", "Evidence"),
                            "415": errorResponse(
                                "Not a kind of file taken, or not what its extension says."),
                        ]),
                ],
            ],
            "/api/v1/evidence/{token}": [
                "get": [
                    "operationId": "getEvidenceFile",
                    "summary": "A file's bytes, for those who may see its organisation.",
                    "parameters": [
                        [
                            "name": "token", "in": "path", "required": true,
                            "description": "The file's token, from the evidence list.",
                            "schema": string(),
                        ]
                    ],
                    "responses": [
                        "200": [
                            "description": "The file.",
                            "content": [
                                "application/octet-stream": [
                                    "schema": ["type": "string", "format": "binary"]
                                ]
                            ],
                        ],
                        "401": errorResponse("No valid bearer token."),
                        "404": errorResponse("No such file, or not the token's to see."),
                    ],
                ]
            ],
            "/api/v1/assessments/{assessment}/accept": [
                "post": [
                    "operationId": "acceptAssessment",
                    "summary":
                        "The lead accepts an assessment awaiting sign-off: it is final, and its plan is tracked. An optional `reason` is kept as a note with the sign-off.",
                    "parameters": [assessmentID],
                    "requestBody": [
                        "required": false,
                        "content": [
                            "application/json": [
                                "schema": [
                                    "type": "object",
                                    "properties": ["reason": string(4000)],
                                ]
                            ]
                        ],
                    ],
                    "responses": merged(
                        assessmentErrors,
                        [
                            "200": json("Accepted.", "SignOff"),
                            "400": errorResponse(
                                "The body is not the JSON object this route takes."),
                            "403": errorResponse("Only the organisation's lead signs off."),
                            "409": errorResponse(
                                "Not awaiting sign-off, or a rule the rule set asks evidence for passes without any."
                            ),
                            "413": errorResponse("The body is too large."),
                        ]),
                ]
            ],
            "/api/v1/assessments/{assessment}/return": [
                "post": [
                    "operationId": "returnAssessment",
                    "summary":
                        "The lead returns an assessment with a reason: its profile is the draft again.",
                    "parameters": [assessmentID],
                    "requestBody": jsonBody([
                        "type": "object", "required": ["reason"],
                        "properties": ["reason": string(4000)],
                    ]),
                    "responses": merged(
                        assessmentErrors,
                        [
                            "200": json("Returned.", "SignOff"),
                            "400": errorResponse(
                                "The body is not the JSON object this route takes."),
                            "403": errorResponse("Only the organisation's lead signs off."),
                            "409": errorResponse(
                                "Not awaiting sign-off, or a new draft is in progress."),
                            "413": errorResponse("The body is too large."),
                            "422": errorResponse("No reason given."),
                        ]),
                ]
            ],
            "/api/v1/assessments/{assessment}/actions": [
                "get": [
                    "operationId": "listActions",
                    "summary":
                        "The tracked plan of an accepted assessment (`tracked: false` and no actions before).",
                    "parameters": [assessmentID],
                    "responses": merged(
                        assessmentErrors, ["200": json("The actions.", "ActionList")]),
                ]
            ],
            "/api/v1/assessments/{assessment}/actions/{action}": [
                "post": [
                    "operationId": "updateAction",
                    "summary":
                        "Change an action's owner (a member's email), due date, status or notes; a key left out keeps its value.",
                    "parameters": [
                        assessmentID,
                        [
                            "name": "action", "in": "path", "required": true,
                            "description": "The action's id (`ACT-SUPERVISION-MODEL`).",
                            "schema": string(),
                        ],
                    ],
                    "requestBody": jsonBody([
                        "type": "object",
                        "properties": [
                            "owner": nullableString, "due": nullableString,
                            "status": [
                                "type": "string",
                                "enum": ["planned", "in_progress", "done", "verified"],
                            ],
                            "notes": string(4000),
                        ],
                    ]),
                    "responses": merged(
                        merged(assessmentErrors, bodyErrors),
                        ["200": json("Changed.", "Action")]),
                ]
            ],
        ]
    }

    /// The schemas of working together.
    private static var collaborationSchemas: [String: Any] {
        let dateTime: [String: Any] = ["type": "string", "format": "date-time"]
        return [
            "Comment": [
                "type": "object", "required": ["id", "subject", "at", "body"],
                "properties": [
                    "id": ["type": "integer", "format": "int64"], "subject": string(),
                    "author_id": nullableInteger, "at": dateTime, "body": string(),
                ],
            ],
            "CommentList": [
                "type": "object", "required": ["comments"],
                "properties": [
                    "comments": [
                        "type": "array", "items": ["$ref": "#/components/schemas/Comment"],
                    ]
                ],
            ],
            "Evidence": [
                "type": "object", "required": ["token", "subject", "kind", "added_at"],
                "properties": [
                    "token": string(), "subject": string(),
                    "kind": ["type": "string", "enum": ["file", "link"]],
                    "file_name": nullableString, "content_type": nullableString,
                    "size": ["type": ["integer", "null"]], "sha256": nullableString,
                    "url": nullableString, "note": nullableString, "added_by": nullableInteger,
                    "added_at": dateTime,
                ],
            ],
            "EvidenceList": [
                "type": "object", "required": ["evidence"],
                "properties": [
                    "evidence": [
                        "type": "array", "items": ["$ref": "#/components/schemas/Evidence"],
                    ]
                ],
            ],
            "SignOff": [
                "type": "object", "required": ["id", "status"],
                "properties": [
                    "id": ["type": "integer", "format": "int64"],
                    "status": ["type": "string", "enum": ["submitted", "accepted", "returned"]],
                    "reviewed_by": nullableInteger,
                    "reviewed_at": ["type": ["string", "null"], "format": "date-time"],
                    "review_note": nullableString,
                ],
            ],
            "Action": [
                "type": "object",
                "required": ["action", "title", "phase", "rules", "status", "notes", "overdue"],
                "properties": [
                    "action": string(), "title": string(), "phase": string(),
                    "rules": ["type": "array", "items": string()], "owner": nullableString,
                    "due": nullableString,
                    "status": [
                        "type": "string", "enum": ["planned", "in_progress", "done", "verified"],
                    ],
                    "notes": string(), "overdue": ["type": "boolean"],
                    "verified_by": nullableInteger, "still_failing_in": nullableInteger,
                ],
            ],
            "ActionList": [
                "type": "object", "required": ["tracked", "actions"],
                "properties": [
                    "tracked": ["type": "boolean"],
                    "actions": ["type": "array", "items": ["$ref": "#/components/schemas/Action"]],
                ],
            ],
        ]
    }

    static var document: [String: Any] {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "readiness", "version": "1",
                "description":
                    "Assess organisation profiles (YAML) against the server's rule set, read the stored assessments, and work on them together: comments, evidence, the lead's sign-off and the tracked plan. Bearer tokens come from `readiness admin add-token`.",
            ],
            "security": [["bearer": [String]()]],
            "paths": collaborationPaths.merging([
                "/api/v1/assessments": [
                    "post": [
                        "operationId": "submitAssessment",
                        "summary": "Assess a profile for the token's organisation and store it.",
                        "requestBody": [
                            "required": true,
                            "content": [
                                "application/yaml": [
                                    "schema": ["type": "string", "maxLength": 1_048_576]
                                ]
                            ],
                        ],
                        "responses": [
                            "201": [
                                "description": "Assessed and stored.",
                                "content": [
                                    "application/json": [
                                        "schema": ["$ref": "#/components/schemas/StoredAssessment"]
                                    ]
                                ],
                            ],
                            "401": errorResponse("No valid bearer token."),
                            "413": errorResponse("The profile is larger than 1 MiB."),
                            "415": errorResponse("The body is not sent as application/yaml."),
                            "422": errorResponse(
                                "The profile is not valid (each error with its code, line, column and field), or names another organisation."
                            ),
                        ],
                    ],
                    "get": [
                        "operationId": "listAssessments",
                        "summary": "The assessments the token may see, newest first.",
                        "responses": [
                            "200": [
                                "description": "The list.",
                                "content": [
                                    "application/json": [
                                        "schema": ["$ref": "#/components/schemas/AssessmentList"]
                                    ]
                                ],
                            ],
                            "401": errorResponse("No valid bearer token."),
                        ],
                    ],
                ],
                "/api/v1/assessments/{assessment}": [
                    "get": [
                        "operationId": "getAssessment",
                        "summary": "One assessment and its report.",
                        "parameters": [assessmentID],
                        "responses": [
                            "200": [
                                "description": "The assessment.",
                                "content": [
                                    "application/json": [
                                        "schema": ["$ref": "#/components/schemas/StoredAssessment"]
                                    ]
                                ],
                            ],
                            "401": errorResponse("No valid bearer token."),
                            "404": errorResponse("No such assessment, or not the token's to see."),
                        ],
                    ]
                ],
                "/api/v1/funder/dashboard": [
                    "get": [
                        "operationId": "funderDashboard",
                        "summary":
                            "A funder's dashboard: each organisation of its portfolio under the contract (readiness batch's rows and totals), when the next assessment is due, the trend.",
                        "responses": [
                            "200": json("The dashboard.", "FunderDashboard"),
                            "401": errorResponse("No valid bearer token."),
                            "404": errorResponse("The token is not a funder's account's."),
                            "409": errorResponse(
                                "The contract's tailoring no longer fits the rule set the server runs."
                            ),
                        ],
                    ]
                ],
                "/api/v1/openapi.json": [
                    "get": [
                        "operationId": "openAPIDocument",
                        "summary": "This document.",
                        "security": [[String: [String]]](),
                        "responses": [
                            "200": [
                                "description": "The OpenAPI document.",
                                "content": ["application/json": ["schema": ["type": "object"]]],
                            ]
                        ],
                    ]
                ],
            ]) { _, new in new },
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": collaborationSchemas.merging([
                    "StoredAssessment": [
                        "type": "object", "required": ["id", "report"],
                        "properties": [
                            "id": ["type": "integer", "format": "int64"],
                            "status": [
                                "type": "string", "enum": ["submitted", "accepted", "returned"],
                                "description": "Where it is in sign-off.",
                            ],
                            "report": [
                                "type": "object",
                                "description":
                                    "The report as `readiness assess --format json` writes it (docs/report-schema.md).",
                                "required": ["organisation", "as_of", "summary"],
                            ],
                        ],
                    ],
                    "AssessmentList": [
                        "type": "object", "required": ["assessments"],
                        "properties": [
                            "assessments": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "required": ["id", "as_of", "score", "band", "compliant"],
                                    "properties": [
                                        "id": ["type": "integer", "format": "int64"],
                                        "organisation": ["type": ["string", "null"]],
                                        "as_of": ["type": "string"],
                                        "score": ["type": "number"],
                                        "band": ["type": "string"],
                                        "compliant": [
                                            "type": ["boolean", "null"],
                                            "description":
                                                "null under a rule set with no verdict of compliance",
                                        ],
                                        "status": [
                                            "type": "string",
                                            "enum": ["submitted", "accepted", "returned"],
                                        ],
                                    ],
                                ],
                            ]
                        ],
                    ],
                    "FunderDashboard": [
                        "type": "object",
                        "required": [
                            "schema_version", "funder", "as_of", "ruleset", "cadence_days",
                            "organisations", "totals", "trend",
                        ],
                        "properties": [
                            "schema_version": ["type": "integer"],
                            "funder": ["type": "string"],
                            "as_of": ["type": "string"],
                            "ruleset": ["type": "object"],
                            "tailoring": ["type": ["object", "null"]],
                            "cadence_days": ["type": "integer"],
                            "organisations": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "required": [
                                        "organisation_id", "organisation", "overdue", "row",
                                    ],
                                    "properties": [
                                        "organisation_id": ["type": "integer", "format": "int64"],
                                        "organisation": ["type": "string"],
                                        "assessment_id": [
                                            "type": ["integer", "null"], "format": "int64",
                                        ],
                                        "due": ["type": ["string", "null"]],
                                        "overdue": ["type": "boolean"],
                                        "row": [
                                            "type": ["object", "null"],
                                            "description":
                                                "The organisation's row as `readiness batch --format json` writes it (docs/report-schema.md); null with no accepted assessment.",
                                        ],
                                    ],
                                ],
                            ],
                            "totals": [
                                "type": "object",
                                "description": "As `readiness batch --format json` writes them.",
                            ],
                            "trend": ["type": "array", "items": ["type": "object"]],
                        ],
                    ],
                    "Errors": [
                        "type": "object", "required": ["errors"],
                        "properties": [
                            "errors": [
                                "type": "array",
                                "items": [
                                    "type": "object", "required": ["code", "message"],
                                    "properties": [
                                        "code": ["type": "string"], "message": ["type": "string"],
                                        "line": ["type": "integer"], "column": ["type": "integer"],
                                        "field": ["type": "string"], "help": ["type": "string"],
                                    ],
                                ],
                            ]
                        ],
                    ],
                ]) { _, new in new },
            ],
        ]
    }
}
