import CEL
import Testing

/// Lexing and parsing: literals, precedence, errors with carets, and limits.
struct ParserTests {
    /// Literals of every kind evaluate to their values.
    @Test(arguments: [
        ("42", "42"), ("0x2A", "42"), ("42u", "42u"), ("0x2Au", "42u"), ("1.5", "1.5"),
        ("1e3", "1000.0"), (".5", "0.5"),
        ("-9223372036854775808", "-9223372036854775808"), ("'a\\tb'", "\"a\\tb\""),
        ("r'a\\tb'", "\"a\\\\tb\""),
        ("'''two\nlines'''", "\"two\\nlines\""), ("\"\\u00e9\"", "\"é\""),
        ("'\\x41\\101'", "\"AA\""),
        ("b'\\xff'", "b\"\\xff\""), ("true", "true"), ("null", "null"), ("[1, 2,]", "[1, 2]"),
        ("{'a': 1,}", "{\"a\": 1}"),
        ("`", ""),
    ])
    func literals(source: String, expected: String) throws {
        if expected.isEmpty {
            #expect(!compileErrors(source).isEmpty)
            return
        }
        #expect(try evaluate(source).debugText == expected)
    }

    /// Operators bind with CEL's precedence.
    @Test(arguments: [
        ("1 + 2 * 3", "7"), ("(1 + 2) * 3", "9"), ("10 - 4 - 3", "3"), ("!true || true", "true"),
        ("true || false && false", "true"), ("1 < 2 == true", "true"),
        ("2 in [1, 2] && true", "true"),
        ("true ? 1 : 2 + 10", "1"), ("false ? 1 : true ? 2 : 3", "2"), ("-(-3)", "3"),
        ("!!true", "true"),
        ("-2.5.toString", ""),
    ])
    func precedence(source: String, expected: String) throws {
        if expected.isEmpty {
            #expect(!compileErrors(source).isEmpty)
            return
        }
        #expect(try evaluate(source).debugText == expected)
    }

    /// A parse error shows line:column, the line and a caret under the problem.
    @Test func parseErrorCaret() {
        #expect(
            compileErrors("size(org.peer_workers) >") == """
                1:25: expected an expression, found the end of the expression
                 | size(org.peer_workers) >
                 |                         ^
                """)
        #expect(
            compileErrors("a &&\n  b ||| c") == """
                2:7: unexpected character `|`
                 |   b ||| c
                 |       ^
                """)
    }

    /// Unterminated strings and bad escapes say what to do.
    @Test func stringErrors() {
        #expect(
            compileErrors("'open") == """
                1:1: unterminated string
                 | 'open
                 | ^
                 = help: add the closing '
                """)
        #expect(compileErrors("'bad \\q'").hasPrefix("1:6: unknown escape `\\q`"))
        #expect(compileErrors("'\\ud800'").contains("not a valid Unicode code point"))
        #expect(compileErrors("9223372036854775808").contains("too large for int"))
    }

    /// Reserved words cannot be names, and message construction is refused plainly.
    @Test func reservedAndUnsupported() {
        #expect(compileErrors("if").hasPrefix("1:1: `if` is a reserved word"))
        #expect(
            compileErrors("Msg{a: 1}").contains(
                "message construction (`Msg{...}`) is not supported"))
    }

    /// Macros with the wrong shape are errors at the macro.
    @Test func macroShapes() {
        #expect(compileErrors("has(x)").hasPrefix("1:5: has() needs a field selection"))
        #expect(
            compileErrors("[1].all(1, true)").hasPrefix(
                "1:9: the loop variable must be a simple name"))
    }

    /// Many problems: each at its own line and column, and the text form describes the
    /// first 20 and counts the rest (rendering them all once took over a second).
    @Test func manyProblems() throws {
        let text = "[" + Array(repeating: "zz", count: 30).joined(separator: ",\n") + "]"
        let environment = Environment()
        do {
            _ = try environment.check(environment.parse(text))
            Issue.record("30 unknown identifiers should not check")
        } catch {
            #expect(error.issues.count == 30)
            let lines = error.issues.map { error.source.lineAndColumn(of: $0.offset) }
            #expect(lines.first! == (1, 2))
            #expect(lines.last! == (30, 1))
            #expect(lines.map(\.line) == Array(1...30))
            #expect(error.description.hasSuffix("… and 10 more"))
            #expect(error.description.components(separatedBy: "undeclared reference").count == 21)
        }
    }

    /// Deep nesting and long input hit clear limits, never the stack.
    @Test func limits() {
        let deepParens =
            String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        #expect(compileErrors(deepParens).contains("nested more than 100 levels deep"))
        let longChain = "a" + String(repeating: ".b", count: 5_000)
        #expect(compileErrors(longChain).contains("nested more than 100 levels deep"))
        let longSum = Array(repeating: "1", count: 5_000).joined(separator: " + ")
        #expect(compileErrors(longSum).contains("nested more than 100 levels deep"))
        // Prefix operators recurse in the parser too (they overflowed the stack at 50,000
        // before their nesting was counted).
        for prefix in ["!", "-"] {
            let chain = String(repeating: prefix, count: 50_000) + "1"
            #expect(compileErrors(chain).contains("nested more than 100 levels deep"))
        }
        #expect(compileErrors("!!!!true") == "")
        var environment = Environment()
        environment.parserLimits = ParserLimits(maxLength: 10, maxDepth: 100)
        #expect(
            compileErrors("1 + 2 + 3 + 4", environment: environment).hasPrefix(
                "1:1: the expression is 13 characters long, over the limit of 10"))
        environment.parserLimits = ParserLimits(maxLength: 1000, maxDepth: 3)
        #expect(
            compileErrors("[[[[1]]]]", environment: environment).contains(
                "nested more than 3 levels"))
    }

    /// Every node carries the offset where it was written.
    @Test func offsets() throws {
        let ast = try Environment().parse("a.b + f(c)")
        guard case .call(_, let function, let args) = ast.root.kind else {
            Issue.record("expected a call")
            return
        }
        #expect(function == Operator.add)
        #expect(ast.offset(of: ast.root.id) == 4)
        #expect(ast.offset(of: args[0].id) == 2)  // A selection is placed at its field name.
        #expect(ast.offset(of: args[1].id) == 6)
    }
}
