import CEL
import Foundation
import ReadinessCore
import ReadinessTestSupport
import Testing

/// The readiness function library: every documented example evaluates to what it says, and
/// the reference page is generated from the declarations.
struct FunctionTests {
    private static let environment: Environment = {
        var environment = Environment()
        for function in ReadinessFunctions.declarations { environment.declare(function) }
        environment.macros += ReadinessFunctions.macros
        environment.declare("as_of", .timestamp)
        environment.declare("workers", .list(.map(.string, .dyn)))
        return environment
    }()

    private func evaluate(_ text: String) throws -> CELValue {
        let workers = CELValue.list(
            [(true, 52), (false, 46), (true, 6), (true, 14)].map { paid, hours in
                .map(CELMap([("paid", .bool(paid)), ("hours", .int(Int64(hours)))]))
            })
        return try Self.environment.compile(text).evaluate([
            "as_of": .timestamp(CELTimestamp(rfc3339: "2026-06-30T00:00:00Z") ?? .unixEpoch),
            "workers": workers,
        ])
    }

    /// Every example of every readiness function holds.
    @Test func examples() throws {
        for function in ReadinessFunctions.declarations {
            for example in function.examples {
                let result = try evaluate(example.expression)
                let expected = try evaluate(example.result)
                #expect(
                    CELValue.equal(result, expected) && !result.isError,
                    "\(example.expression) gave \(result.debugText)")
            }
        }
    }

    /// The macros read plainly and compute what they say.
    @Test(arguments: [
        ("workers.count(w, w.paid)", "3"), ("workers.fraction(w, w.paid)", "0.75"),
        ("workers.percent(w, w.paid)", "75.0"),
        ("[].fraction(w, w.paid)", "0.0"), ("days_since(timestamp('2026-06-01T00:00:00Z'))", "29"),
        ("days_between(as_of, timestamp('2026-07-01T00:00:00Z'))", "1"), ("ratio(0, 0)", "0.0"),
        ("max(2, 5)", "5"),
    ])
    func macros(source: String, expected: String) throws {
        #expect(try evaluate(source).debugText == expected)
    }

    /// The list functions over the items' values; an empty list has no mean, least or
    /// greatest (an error, so a rule reading one fails closed), a mixed list is an error.
    @Test(arguments: [
        ("mean(workers.map(w, w.hours))", "29.5"), ("min(workers.map(w, w.hours))", "6"),
        ("max(workers.map(w, w.hours))", "52"), ("sum(workers.map(w, w.hours))", "118"),
        ("mean([])", "error: mean of an empty list has no value"),
        ("min([])", "error: min of an empty list has no value"),
        ("max(dyn([1, 2.0]))", "error: max needs a list of ints or of doubles"),
        ("mean(dyn([1, 2.0]))", "1.5"), ("mean(dyn(['a']))", "error: mean needs a list of numbers"),
    ])
    func listFunctions(source: String, expected: String) throws {
        let result = try evaluate(source)
        if case .error(let error) = result {
            #expect("error: \(error.message)" == expected)
        } else {
            #expect(result.debugText == expected)
        }
    }

    /// `docs/readiness-functions.md` matches the declarations (`RECORD_GOLDEN=1` rewrites it).
    @Test func referenceIsCurrent() throws {
        let generated = FunctionDocumentation.markdown(
            title: "Readiness functions",
            introduction: """
                Functions readiness adds to CEL for rule conditions, generated from their \
                declarations (`RECORD_GOLDEN=1 swift test` regenerates this file). Besides these:

                - `as_of` is the assessment date (the profile's `assessment.as_of`, or `--as-of`). \
                The wall clock is never read, so a report can always be reproduced.
                - `days_since(date)` is whole days from `date` to `as_of`.
                - `list.count(x, p)` is how many items meet `p`.
                - `list.fraction(x, p)` is the share (0 to 1) of items meeting `p`, and 0 for an empty list.
                - `list.percent(x, p)` is the same as a percentage (0 to 100).

                The standard CEL functions are in [cel-functions.md](cel-functions.md).
                """,
            functions: ReadinessFunctions.declarations)
        if let problem = try Golden.check(generated, against: "docs/readiness-functions.md") {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
