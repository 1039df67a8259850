import ReadinessCore
import Testing

@testable import ReadinessServer

/// A rating in the web form: one radio button a level, each with its label and what it
/// looks like in practice, read back as the level's number.
struct RatingFormTests {
    static let scale = RatingScale(levels: [
        .init(level: 1, label: "Needs improvement", description: "Not in place."),
        .init(level: 2, label: "Adequate", description: "In place, not reviewed."),
        .init(level: 3, label: "Exemplary"),
    ])

    static func spec(required: Bool) -> FieldSpec {
        var spec = FieldSpec(
            type: .rating(scale), description: "Peer workers run welcome sessions.",
            required: required, range: .init(start: .init(file: "r.yaml", line: 1, column: 1)))
        spec.label = "Welcome sessions"
        return spec
    }

    @Test func levelsAreRadioButtons() {
        let html = SchemaForm().render(
            name: "welcome", spec: Self.spec(required: false), path: "practice.welcome",
            answer: .number("2")
        ).html
        #expect(html.contains("<legend>Welcome sessions (optional)</legend>"))
        #expect(
            html.contains(
                #"<input type="radio" id="f-practice-welcome-1" name="practice.welcome" value="2" checked aria-describedby="f-practice-welcome-1-detail">"#
            ))
        #expect(html.contains(#"<label for="f-practice-welcome-1">2 Adequate</label>"#))
        #expect(
            html.contains(
                #"<p class="level-detail" id="f-practice-welcome-1-detail">In place, not reviewed.</p>"#
            ))
        // A level without a description has no words under it; an optional rating offers
        // "Not known".
        #expect(!html.contains("f-practice-welcome-2-detail"))
        #expect(html.contains(#"value="~""#))
        // A required rating has no "Not known".
        let required = SchemaForm().render(
            name: "welcome", spec: Self.spec(required: true), path: "practice.welcome",
            answer: nil
        ).html
        #expect(!required.contains(#"value="~""#))
        #expect(!required.contains("checked"))
    }

    /// An answer given as a label (a profile imported from YAML) shows its level chosen.
    @Test func labelledAnswerIsChosen() {
        let html = SchemaForm().render(
            name: "welcome", spec: Self.spec(required: false), path: "practice.welcome",
            answer: .text("exemplary")
        ).html
        #expect(html.contains(#"value="3" checked"#))
    }

    @Test func readBackAsANumber() {
        let form = FormData(fields: [("practice.welcome", "3")])
        #expect(
            SchemaForm.answer(Self.spec(required: false), path: "practice.welcome", form: form)
                == .number("3"))
    }
}

/// Fields a rule set adds to the `assessment` header are in the form's "About this
/// assessment" section, after the ones every profile has.
struct HeaderFormTests {
    @Test func declaredHeaderFieldsAreAsked() {
        var schema = ObjectSpec(fields: [])
        var role = FieldSpec(
            type: .string, description: "Who answered.", allowedValues: ["manager", "team"],
            range: .init(start: .init(file: "r.yaml", line: 1, column: 1)))
        role.required = true
        schema.headerFields = [("assessor_role", role)]
        let spec = WebRoutes.formSchema(schema)["assessment"]
        guard case .object(let header)? = spec?.type else {
            Issue.record("no assessment section")
            return
        }
        #expect(header.fields.map(\.name) == ["as_of", "assessor", "assessor_role"])
    }
}

/// A field whose `~` means none offers "None" where others offer "Not known", and says that
/// left blank it is not known.
struct NullableFormTests {
    @Test func noneInPlaceOfNotKnown() {
        var spec = FieldSpec(
            type: .date, description: "When the last session was.",
            range: .init(start: .init(file: "r.yaml", line: 1, column: 1)))
        spec.nullable = true
        let html = SchemaForm().render(
            name: "last_session", spec: spec, path: "supervision.last_session", answer: .notKnown
        ).html
        #expect(html.contains(">None</label>"))
        #expect(!html.contains("Not known"))
        #expect(html.contains("Leave it blank if not known."))
    }
}
