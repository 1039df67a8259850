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
}
