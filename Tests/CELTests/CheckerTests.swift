import CEL
import Testing

/// The type checker's findings, at their positions.
struct CheckerTests {
    /// A profile-shaped environment: `org` is a record with a list of peer-worker records.
    static let environment: Environment = {
        let supervision = ObjectType(
            name: "supervision", fields: ["interval_days": .int, "supervisor_is_peer": .bool])
        let worker = ObjectType(
            name: "peer_worker",
            fields: ["name": .string, "supervision": .object(supervision), "fte": .double])
        let org = ObjectType(
            name: "profile", fields: ["peer_workers": .list(.object(worker)), "staff": .int])
        var environment = Environment()
        environment.declare("org", .object(org))
        environment.declare("params.max_days", .int)
        return environment
    }()

    /// Well-typed expressions check, and the result type is inferred.
    @Test(arguments: [
        ("org.peer_workers.all(w, w.supervision.interval_days <= params.max_days)", "bool"),
        ("org.peer_workers.filter(w, w.fte > 0.5).size()", "int"),
        ("org.peer_workers.map(w, w.name)", "list(string)"),
        ("org.staff * 2", "int"), ("has(org.staff)", "bool"),
        ("org.peer_workers[0].supervision", "supervision"),
        ("size(org.peer_workers) > 0 ? 'yes' : 'no'", "string"),
    ])
    func wellTyped(source: String, type: String) throws {
        let checked = try Self.environment.check(try Self.environment.parse(source))
        #expect(checked.resultType.description == type)
    }

    /// An unknown field names the record and suggests the field meant.
    @Test func unknownField() {
        #expect(
            compileErrors(
                "org.peer_workers.all(w, w.supervision.interval_dayz <= 30)",
                environment: Self.environment) == """
                    1:39: `supervision` has no field `interval_dayz` — did you mean `interval_days`?
                     | org.peer_workers.all(w, w.supervision.interval_dayz <= 30)
                     |                                       ^
                     = help: the fields are: interval_days, supervisor_is_peer
                    """)
    }

    /// An unknown name suggests the declared one meant.
    @Test func unknownIdentifier() {
        #expect(
            compileErrors("orgg.staff > 1", environment: Self.environment).hasPrefix(
                """
                1:1: undeclared reference to `orgg` — did you mean `org`?
                """))
    }

    /// Calls with arguments no overload accepts are errors listing what is accepted.
    @Test func wrongArgumentTypes() {
        #expect(
            compileErrors("org.staff + 'x'", environment: Self.environment).hasPrefix(
                "1:11: no matching overload for `+` applied to (int, string)"))
        #expect(
            compileErrors("'a'.startsWith(1)").hasPrefix(
                "1:5: no matching overload for receiver `startsWith` applied to (string, int)"))
        #expect(
            compileErrors("sizee([1])").hasPrefix(
                "1:1: undeclared function `sizee` — did you mean `size`?"))
    }

    /// Comparisons between kinds that can never be ordered or equal are caught before running.
    @Test func impossibleComparisons() {
        #expect(
            compileErrors("org.staff < 'ten'", environment: Self.environment).hasPrefix(
                "1:11: no matching overload for `<` applied to (int, string)"))
        #expect(
            compileErrors("org.peer_workers == 3", environment: Self.environment).contains(
                "no matching overload for `==`"))
    }

    /// Conditions must be booleans; only lists and maps can be iterated.
    @Test func structuralErrors() {
        #expect(
            compileErrors("org.staff ? 1 : 2", environment: Self.environment).hasPrefix(
                "1:5: the condition of `? :` must be a boolean, not int"))
        #expect(
            compileErrors("org.staff.all(x, x > 1)", environment: Self.environment).contains(
                "a int cannot be iterated"))
        #expect(compileErrors("1.field").isEmpty == false)
    }

    /// Every problem of one expression is reported together.
    @Test func allProblemsAtOnce() {
        let rendered = compileErrors("orgg.x + org.stafff", environment: Self.environment)
        #expect(rendered.contains("undeclared reference to `orgg`"))
        #expect(rendered.contains("`profile` has no field `stafff` — did you mean `staff`?"))
    }
}

/// A value that may be null (`wrapper(T)`): compared with null, and used as its type.
struct NullableTypeTests {
    static let environment: Environment = {
        var environment = Environment()
        environment.declare("last", .nullable(.timestamp))
        environment.declare("count", .nullable(.int))
        return environment
    }()

    @Test(arguments: [
        ("last == null", "bool"), ("null != last", "bool"),
        ("last != null && last < timestamp('2026-01-01T00:00:00Z')", "bool"),
        ("count + 1", "int"), ("count", "wrapper(int)"),
    ])
    func checks(source: String, type: String) throws {
        let checked = try Self.environment.check(try Self.environment.parse(source))
        #expect(checked.resultType.description == type)
    }

    @Test func misuseIsStillAnError() {
        #expect(throws: CELCompileError.self) {
            try Self.environment.check(try Self.environment.parse("last + 1"))
        }
    }

    /// At run time null equals only null, and anything else it meets is an error.
    @Test func atRunTime() throws {
        let equal = try Self.environment.compile("count == null")
        #expect(CELValue.equal(equal.evaluate(["count": .null]), .bool(true)))
        #expect(CELValue.equal(equal.evaluate(["count": .int(2)]), .bool(false)))
        let sum = try Self.environment.compile("count + 1")
        guard case .error = sum.evaluate(["count": .null]) else {
            Issue.record("null + 1 gave a value")
            return
        }
    }
}
