import ReadinessCore
import SourceDiagnostics
import Testing

@testable import ReadinessServer

/// The decoder's messages in a form's words: about the input beside them, and led by the
/// question's words in the summary.
struct FormMessagesTests {
    static let schema = Result { try BuiltInRuleSet.load().ruleSet.schema }

    static func diagnostic(_ code: Diagnostic.Code, _ message: String, field: String)
        -> Diagnostic
    {
        var diagnostic = Diagnostic(.error, code: code, message: message)
        diagnostic.field = field
        return diagnostic
    }

    @Test func wordsForAForm() throws {
        let schema = try Self.schema.get()
        let wrongType = Self.diagnostic(
            "decode.type", "`staff.total` must be a whole number, but is the string `abc`",
            field: "staff.total")
        #expect(
            FormMessages.besideInput(wrongType, schema: schema)
                == "Give a whole number, such as 12.")
        #expect(
            FormMessages.inSummary(wrongType, schema: schema)
                == "Staff › Total: give a whole number, such as 12.")
        let missing = Self.diagnostic(
            "decode.missing-key", "`peer_workers[1]` has no `name`, which is required",
            field: "peer_workers[1].name")
        #expect(
            FormMessages.inSummary(missing, schema: schema)
                == "Peer worker 2 › Name: answer this question; it is required.")
        let constraint = Self.diagnostic(
            "profile.constraint",
            "`staff.readiness_trained` is 340: More staff are trained than are employed.",
            field: "staff.readiness_trained")
        #expect(
            FormMessages.besideInput(constraint, schema: schema)
                == "More staff are trained than are employed.")
    }

    /// A field named by its unit's abbreviation is labelled as the unit spells it.
    @Test func abbreviationsKeepTheirCapitals() throws {
        let schema = try Self.schema.get()
        let wrongType = Self.diagnostic(
            "decode.type", "`peer_workers[0].fte` must be a number, but is the string `half`",
            field: "peer_workers[0].fte")
        #expect(
            FormMessages.inSummary(wrongType, schema: schema)
                == "Peer worker 1 › FTE: give a number, such as 0.5.")
        #expect(SchemaForm.words("training_hours") == "Training hours")
    }

    /// A problem that is no question's (an imported file's) says where in the file, and what
    /// to do.
    @Test func aFilesProblemSaysWhereAndWhatToDo() throws {
        let schema = try Self.schema.get()
        let diagnostic = Diagnostic(
            .error, code: "yaml.syntax", message: "a mapping value is not allowed here",
            at: SourceRange(
                start: SourceLocation(file: "harbour.yaml", line: 3, column: 7),
                end: SourceLocation(file: "harbour.yaml", line: 3, column: 8)),
            help: "check the indentation of the line")
        #expect(
            FormMessages.inSummary(diagnostic, schema: schema)
                == "In harbour.yaml, line 3, column 7: a mapping value is not allowed here. Check the indentation of the line."
        )
    }

    /// The decoder's other messages about one answer read as sentences about "this answer".
    @Test func otherProblemsBesideTheirInput() throws {
        let schema = try Self.schema.get()
        let below = Self.diagnostic(
            "decode.invalid", "`staff.total` is -3, below its minimum of 0", field: "staff.total")
        #expect(
            FormMessages.besideInput(below, schema: schema)
                == "This answer is -3, below its minimum of 0.")
        #expect(
            FormMessages.inSummary(below, schema: schema)
                == "Staff › Total: this answer is -3, below its minimum of 0.")
        let notAValue = Self.diagnostic(
            "decode.invalid", "`assessment.as_of` is `2026-13-40`, which is not a date",
            field: "assessment.as_of")
        #expect(
            FormMessages.besideInput(notAValue, schema: schema)
                == "This answer is 2026-13-40, which is not a date.")
        let empty = Self.diagnostic(
            "decode.invalid", "`staff.total` is required, but is empty", field: "staff.total")
        #expect(
            FormMessages.besideInput(empty, schema: schema)
                == "Answer this question; it is required.")
    }
}
