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

    static var document: [String: Any] {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "readiness", "version": "1",
                "description":
                    "Assess organisation profiles (YAML) against the server's rule set, and read the stored assessments. Bearer tokens come from `readiness admin add-token`.",
            ],
            "security": [["bearer": [String]()]],
            "paths": [
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
            ],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": [
                    "StoredAssessment": [
                        "type": "object", "required": ["id", "report"],
                        "properties": [
                            "id": ["type": "integer", "format": "int64"],
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
                                    ],
                                ],
                            ]
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
                ],
            ],
        ]
    }
}
