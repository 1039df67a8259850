import CEL
import Testing

/// Compile once, evaluate many; budgets; observers; host functions and macros.
struct ProgramTests {
    /// One compiled program evaluates against many activations.
    @Test func compileOnceEvaluateMany() throws {
        var environment = Environment()
        environment.declare("n", .int)
        let program = try environment.compile("n * n + 1")
        #expect(program.globals == ["n"])
        for n in 0..<50 {
            #expect(
                program.evaluate(
                    activation: Activation(program: program, bindings: ["n": .int(Int64(n))])
                ).debugText == String(n * n + 1))
        }
    }

    /// Evaluating over items in one frame gives what evaluating each separately gives: loop
    /// locals do not leak from one item to the next, each item has the whole budget, the other
    /// variables stay bound, and `body` can stop early.
    @Test func evaluateEachMatchesEvaluate() throws {
        var environment = Environment()
        environment.declare("w", .dyn)
        environment.declare("limit", .int)
        let program = try environment.compile(
            "w.xs.filter(x, x > limit).size() + (w.xs.exists(x, x == 2) ? 100 : 0)",
            options: ProgramOptions(costLimit: 40))
        let items: [CELValue] = [[1, 2, 3], [5, 6], [], Array(0..<30), [2]].map { numbers in
            .map(CELMap([("xs", .list(numbers.map { .int(Int64($0)) }))]))
        }
        var activation = Activation(program: program, bindings: ["limit": .int(1)])
        var separately: [String] = []
        for item in items {
            activation.set("w", item)
            separately.append(program.evaluate(activation: activation).debugText)
        }
        var together: [String] = []
        program.evaluateEach(items, binding: "w", activation: activation) { value in
            together.append(value.debugText)
            return true
        }
        #expect(together == separately)
        #expect(separately[3].contains("cost limit") && !separately[4].contains("cost limit"))
        var seen = 0
        program.evaluateEach(items, binding: "w", activation: activation) { _ in
            seen += 1
            return seen < 2
        }
        #expect(seen == 2)
        // A variable the program does not read: every item gives the same value.
        var unbound: [String] = []
        program.evaluateEach(items, binding: "other", activation: activation) { value in
            unbound.append(value.debugText)
            return true
        }
        #expect(unbound == Array(repeating: separately[4], count: items.count))
    }

    /// Programs planned with one layout give, evaluated one after another in one shared
    /// scope, what each gives with its own activation: loop locals and budgets do not carry
    /// over from one program to the next (the scope's frame grows for the program with the
    /// most loop variables), and a program reading a variable outside the layout gets an error.
    @Test func scopeMatchesActivation() throws {
        var environment = Environment()
        for name in ["a", "b", "w", "xs"] { environment.declare(name, .dyn) }
        let layout = ["a", "b", "w", "xs"]
        let options = ProgramOptions(costLimit: 60, layout: layout)
        let sources = [
            "a + b", "xs.filter(x, x > a).size()", "xs.map(x, xs.map(y, x * y)).size()",
            "w.inner.depth >= 2", "w.inner.missing", "w.name.size()", "xs.all(x, x < 100)",
            "xs.map(x, x + 1).map(y, y * 2).filter(z, z > 4).size() > 3", "a / 0", "b",
            "[a, b].exists(v, v == b)",
        ]
        let bindings: [String: CELValue] = [
            "a": .int(3), "b": .int(4), "xs": .list((0..<20).map { .int(Int64($0)) }),
            "w": .map(
                CELMap([
                    ("name", .string("PW-1")),
                    ("inner", .map(CELMap([("depth", .int(2))]))),
                ])),
        ]
        let scope = Scope(values: layout.map { bindings[$0]! })
        for _ in 0..<2 {
            for source in sources {
                let program = try environment.compile(source, options: options)
                #expect(program.globals == layout)
                let alone = program.evaluate(
                    activation: Activation(program: program, bindings: bindings))
                #expect(program.evaluate(in: scope).debugText == alone.debugText, "\(source)")
            }
        }
        // The budget is per evaluation: the map-in-map exceeds 60 steps every time, and the
        // cheap program after it is unaffected.
        let costly = try environment.compile("xs.map(x, xs.map(y, x * y)).size()", options: options)
        #expect(costly.evaluate(in: scope).debugText.contains("cost limit"))
        #expect(
            try environment.compile("a + b", options: options).evaluate(in: scope).debugText == "7")
        // A scope laid out for fewer variables than a program reads.
        let narrow = Scope(values: [.int(1)])
        let outside = try environment.compile("a + b", options: options).evaluate(in: narrow)
        #expect(outside.debugText.contains("no value for variable 'b, w, xs'"))
    }

    /// ``Program/evaluateEach(_:binding:in:_:)`` gives what binding each item and evaluating
    /// gives, puts the variable back afterwards, and stops when `body` says so.
    @Test func evaluateEachInScope() throws {
        var environment = Environment()
        environment.declare("w", .dyn)
        environment.declare("limit", .int)
        let options = ProgramOptions(costLimit: 40, layout: ["limit", "w"])
        let program = try environment.compile(
            "w.xs.filter(x, x > limit).size() + (w.xs.exists(x, x == 2) ? 100 : 0)",
            options: options)
        let items: [CELValue] = [[1, 2, 3], [5, 6], [], Array(0..<30), [2]].map { numbers in
            .map(CELMap([("xs", .list(numbers.map { .int(Int64($0)) }))]))
        }
        let scope = Scope(values: [.int(1), .string("before")])
        var separately: [String] = []
        for item in items {
            let alone = Scope(values: [.int(1), item])
            separately.append(program.evaluate(in: alone).debugText)
        }
        var together: [String] = []
        program.evaluateEach(items, binding: 1, in: scope) { value in
            together.append(value.debugText)
            return true
        }
        #expect(together == separately)
        #expect(separately[3].contains("cost limit") && !separately[4].contains("cost limit"))
        #expect(scope[1].debugText == "\"before\"")
        var seen = 0
        program.evaluateEach(items, binding: 1, in: scope) { _ in
            seen += 1
            return seen < 2
        }
        #expect(seen == 2)
        #expect(scope[1].debugText == "\"before\"")
    }

    /// Items are lent to their slot without being counted: a result that is the item itself
    /// must still own it after the list is gone, and a program evaluated from `body` that
    /// needs a larger frame (the scope grows it mid-loop) must see the item, and leave the
    /// scope as it was.
    @Test func evaluateEachLendsItemsSafely() throws {
        var environment = Environment()
        environment.declare("w", .dyn)
        environment.declare("n", .int)
        let options = ProgramOptions(layout: ["n", "w"])
        let identity = try environment.compile("w", options: options)
        // Three nested loops: more loop variables than the scope's first frame holds.
        let nested = try environment.compile(
            "w.xs.all(a, w.xs.all(b, w.xs.exists(c, a + b + c >= n)))", options: options)
        let scope = Scope(values: [.int(2), .string("before")])
        var kept: [CELValue] = []
        var nestedResults: [String] = []
        do {
            let items: [CELValue] = (0..<4).map { index in
                .map(CELMap([("xs", .list((0...index).map { .int(Int64($0)) }))]))
            }
            identity.evaluateEach(items, binding: 1, in: scope) { value in
                kept.append(value)
                nestedResults.append(nested.evaluate(in: scope).debugText)
                return true
            }
        }
        #expect(
            kept.map(\.debugText)
                == (0..<4).map { index in
                    "{\"xs\": [\((0...index).map(String.init).joined(separator: ", "))]}"
                })
        let alone = (0..<4).map { index in
            nested.evaluate(
                in: Scope(values: [
                    .int(2), .map(CELMap([("xs", .list((0...index).map { .int(Int64($0)) }))])),
                ])
            ).debugText
        }
        #expect(alone == nestedResults)
        #expect(nestedResults == ["false", "false", "true", "true"])
        #expect(scope[1].debugText == "\"before\"")
        #expect(identity.evaluate(in: scope).debugText == "\"before\"")
    }

    /// A constant variable reads as its value, and a field chain from it is worked out at
    /// planning; the results are those of binding it, errors included. When observing (for
    /// `explain`), constants are left as variables so every step is seen.
    @Test func constantsAreFolded() throws {
        var environment = Environment()
        environment.declare("params", .dyn)
        environment.declare("n", .int)
        let params = CELValue.map(
            CELMap([("limit", .int(30)), ("nested", .map(CELMap([("x", .string("y"))])))]))
        let folded = ProgramOptions(constants: ["params": params])
        for source in [
            "n <= params.limit", "params.nested.x", "params.missing", "params.nested.missing",
            "params.limit.x", "has(params.limit)", "params", "[1, 2].all(v, v < params.limit)",
        ] {
            let constant = try environment.compile(source, options: folded)
            let bound = try environment.compile(source)
            #expect(constant.globals.allSatisfy { $0 != "params" }, "\(source)")
            let value = constant.evaluate(["n": .int(12)]).debugText
            #expect(value == bound.evaluate(["n": .int(12), "params": params]).debugText)
        }
        var observed = folded
        observed.observes = true
        #expect(try environment.compile("params.limit", options: observed).globals == ["params"])
    }

    /// Programs planned with field names (the strings a decoder keys its maps with) select
    /// what programs planned without them select, over maps keyed by those strings, by other
    /// strings of the same text, or lacking the field; `has()` and observed plans too.
    @Test func fieldNamesSelectAsAnyName() throws {
        var environment = Environment()
        environment.declare("org", .dyn)
        let long = "a_field_name_too_long_to_be_inline"
        let names = FieldNames([long, "short"])
        var keyedByNames = CELMap.FieldsBuilder(capacity: 2, names: names)
        keyedByNames.append(0, .map(CELMap([(long, .int(7))])))
        keyedByNames.append(1, .string("s"))
        let maps: [CELValue] = [
            .map(keyedByNames.build()),
            // The same text in storage of its own.
            .map(CELMap([(String(decoding: Array(long.utf8), as: UTF8.self), .int(8))])),
            .map(CELMap([("other", .int(9))])),
        ]
        let interned = ProgramOptions(fieldNames: [long, "short"])
        var observed = interned
        observed.observes = true
        for source in [
            "org.\(long)", "org.\(long).\(long)", "org.short", "has(org.\(long))",
            "org.\(long) == 7", "[org].exists(o, has(o.\(long)))",
        ] {
            let plain = try environment.compile(source)
            for options in [interned, observed] {
                let program = try environment.compile(source, options: options)
                for map in maps {
                    #expect(
                        program.evaluate(["org": map]).debugText
                            == plain.evaluate(["org": map]).debugText, "\(source)")
                }
            }
        }
    }

    /// An evaluation over its cost budget stops with an error, whatever absorbs errors.
    @Test func costBudget() throws {
        var environment = Environment()
        environment.declare("xs", .list(.int))
        let list = CELValue.list((0..<10_000).map { .int(Int64($0)) })
        let cheap = try environment.compile("xs.all(x, x >= 0)")
        #expect(cheap.evaluate(["xs": list]).debugText == "true")
        let limited = try environment.compile(
            "false || xs.map(x, xs.map(y, x + y)).size() > 0",
            options: ProgramOptions(costLimit: 50_000))
        #expect(limited.evaluate(["xs": list]).errorMessage == "evaluation cost limit exceeded")
    }

    /// Field chains on a loop variable (`x.a.b`, read in place without copying the maps
    /// passed through) give the same values and errors as selecting one field at a time.
    @Test(arguments: [
        ("[{'a': {'b': 1}}].map(x, x.a.b)", "[1]"),
        ("[{'a': {'b': {'c': [2]}}}].map(x, x.a.b)", "[{\"c\": [2]}]"),
        ("[{'a': {'b': 1}}, {'a': {'b': 2}}].all(x, x.a.b >= 1)", "true"),
        ("[{'a': {'b': 1}}, {'a': {'b': 2}}].exists(x, x.a.b == 2)", "true"),
        ("[{'a': 2}].map(x, x.a.b)", "error(\"type 'int' does not support field selection\")"),
        ("[{'c': 2}].map(x, x.a.b)", "error(\"no such key: 'a'\")"),
        ("[{'a': {'c': 2}}].map(x, x.a.b)", "error(\"no such key: 'b'\")"),
        ("[3].map(x, x.a.b)", "error(\"type 'int' does not support field selection\")"),
        ("[{'a': {'b': 1}}, 3].exists(x, x.a.b == 1)", "true"),
    ])
    func fieldChainsOnLoopVariables(expression: String, expected: String) throws {
        #expect(try evaluate(expression, check: false).debugText == expected)
    }

    /// Values an operator or function builds are charged by size, so a few steps cannot build
    /// gigabytes: `xs.map(x, xs + xs)` over 100,000 items took 3 GB and more before.
    @Test func builtValuesCostTheirSize() throws {
        var environment = Environment()
        environment.declare("xs", .list(.int))
        environment.declare("s", .string)
        let big = CELValue.list((0..<100_000).map { .int(Int64($0)) })
        let growing = try environment.compile("xs.map(x, xs + xs).size()")
        #expect(growing.evaluate(["xs": big]).errorMessage == "evaluation cost limit exceeded")
        let text = CELValue.string(String(repeating: "a", count: 1_000_000))
        let strings = try environment.compile("xs.map(x, s + s).size()")
        #expect(
            strings.evaluate(["xs": big, "s": text]).errorMessage
                == "evaluation cost limit exceeded")
        // Small values cost what they did.
        let small = CELValue.list((0..<3).map { .int(Int64($0)) })
        #expect(growing.evaluate(["xs": small]).debugText == "3")
        let tight = try environment.compile("xs + xs", options: ProgramOptions(costLimit: 8))
        #expect(tight.evaluate(["xs": small]).debugText == "[0, 1, 2, 0, 1, 2]")
        let tighter = try environment.compile("xs + xs", options: ProgramOptions(costLimit: 5))
        #expect(tighter.evaluate(["xs": small]).errorMessage == "evaluation cost limit exceeded")
    }

    /// With observation planned, every sub-expression's value is reported by node id.
    @Test func observer() throws {
        var environment = Environment()
        environment.declare("a", .int)
        let ast = try environment.parse("a + 1 > 2")
        let program = environment.program(
            ast, checked: try environment.check(ast), options: ProgramOptions(observes: true))
        let recorder = Recorder()
        let result = program.evaluate(
            activation: Activation(program: program, bindings: ["a": .int(5)])
        ) { id, value in
            recorder.record(id, value)
        }
        #expect(result.debugText == "true")
        #expect(recorder.values.values.map(\.debugText).sorted() == ["1", "2", "5", "6", "true"])
    }

    /// An embedder can add functions with overloads, and macros.
    @Test func extensions() throws {
        var environment = Environment()
        environment.declare(
            FunctionDecl(
                "double_it", summary: "Doubles a number.",
                overloads: [
                    Overload(
                        "double_it_int", [.int], .int,
                        .unary { value in
                            if case .int(let n) = value { return .int(n * 2) }
                            return .error(CELError("not an int"))
                        }),
                    Overload(
                        "double_it_string", [.string], .string,
                        .unary { value in
                            if case .string(let s) = value { return .string(s + s) }
                            return .error(CELError("not a string"))
                        }),
                ]))
        environment.macros.append(
            Macro(function: "always", isReceiverStyle: false, argumentCount: 0) {
                context, _, _ throws(CELIssueError) in
                try context.literal(.bool(true))
            })
        #expect(try environment.compile("double_it(21)").evaluate([:]).debugText == "42")
        #expect(try environment.compile("double_it('ab')").evaluate([:]).debugText == "\"abab\"")
        #expect(try environment.compile("always()").evaluate([:]).debugText == "true")
        #expect(
            compileErrors("double_it(1.5)", environment: environment).contains(
                "no matching overload for `double_it` applied to (double)"))
    }

    /// Every example in the standard library's documentation evaluates to what it says.
    @Test func libraryExamples() throws {
        for function in Environment.standardLibrary {
            for example in function.examples {
                let result = try evaluate(example.expression)
                let expected = try evaluate(example.result)
                #expect(
                    CELValue.equal(result, expected) && !result.isError,
                    "\(example.expression) gave \(result.debugText), documented \(example.result)")
            }
        }
    }
}

/// Collects observed values (the observer is called synchronously, on one thread).
final class Recorder: @unchecked Sendable {
    var values: [Int: CELValue] = [:]
    func record(_ id: Int, _ value: CELValue) { values[id] = value }
}

/// A timestamp's date written digit by digit is its RFC 3339 text's first ten characters.
struct TimestampDateTests {
    @Test func dateMatchesRFC3339() throws {
        var generator = SystemRandomNumberGenerator()
        var seconds: [Int64] = [
            CELTimestamp.minSeconds, CELTimestamp.maxSeconds, 0, -1, 86_399, 86_400, 951_782_400,
        ]
        seconds += (0..<2_000).map { _ in
            Int64.random(in: CELTimestamp.minSeconds...CELTimestamp.maxSeconds, using: &generator)
        }
        for second in seconds {
            let time = try #require(CELTimestamp(seconds: second))
            #expect(time.date == String(time.rfc3339.prefix(10)), "\(second)")
        }
    }
}
