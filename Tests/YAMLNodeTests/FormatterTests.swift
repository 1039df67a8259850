import Foundation
import ReadinessTestSupport
import SourceDiagnostics
import Testing
import YAMLNode

/// `YAMLFormatter`: the canonical layout, comments kept, meaning kept, and what it refuses.
struct FormatterTests {
    /// A layout that orders `id` before `title` before `notes`, and folds text except under
    /// `expr`.
    struct OrderedLayout: YAMLLayout {
        var folds = true
        func keyRanks(of mapping: Node) -> [String: Int] {
            ["id": 0, "title": 1, "expr": 2, "notes": 3, "items": 4]
        }
        func value(of key: String, in mapping: Node) -> OrderedLayout {
            OrderedLayout(folds: key != "expr")
        }
        func item(of sequence: Node) -> OrderedLayout { self }
        var foldsText: Bool { folds }
    }

    func format(_ text: String, ordered: Bool = false) throws(DiagnosticError) -> String {
        let file = SourceFile(path: "t.yaml", text: text)
        if ordered {
            return try YAMLFormatter { _ in OrderedLayout() }.format(file)
        }
        return try YAMLFormatter { _ in PlainLayout() }.format(file)
    }

    @Test func indentationQuotesAndFlow() throws {
        let source = """
            top:
                 list:
                 - 'plain text'
                 - "needs: quotes"
                 - '#not a comment'
                 - "yes"
                 - '12'
                 flow: {a: 1,   b: [x,  y]}
                 multi: {a: 1,
                   b: 2}
                 empty: []
            """
        #expect(
            try format(source) == """
                top:
                  list:
                    - plain text
                    - "needs: quotes"
                    - "#not a comment"
                    - yes
                    - "12"
                  flow: {a: 1, b: [x, y]}
                  multi:
                    a: 1
                    b: 2
                  empty: []

                """)
    }

    @Test func commentsStayWithWhatTheyDescribe() throws {
        let source = """
            # The file's header.

            # About b.
            b: 1    # trailing b
            a:
              # about x
              - x   # trailing x
              - y

              # after a blank line
              - z
            # the end
            """
        #expect(
            try format(source, ordered: false) == """
                # The file's header.

                # About b.
                b: 1 # trailing b
                a:
                  # about x
                  - x # trailing x
                  - y

                  # after a blank line
                  - z

                # the end

                """)
    }

    @Test func keysInTheLayoutsOrderWithTheirComments() throws {
        let source = """
            # Header stays first.

            - notes: n   # on notes
              # about the title
              title: T
              id: A
            - {title: U, id: B}
            """
        #expect(
            try format(source, ordered: true) == """
                # Header stays first.

                - id: A
                  # about the title
                  title: T
                  notes: n # on notes
                - {id: B, title: U}

                """)
    }

    /// A key the layout does not place keeps every key of its mapping in the file's order.
    @Test func anUnplacedKeyKeepsTheOrder() throws {
        #expect(
            try format("title: T\nid: A\nmystery: 1\n", ordered: true)
                == "title: T\nid: A\nmystery: 1\n")
    }

    @Test func longProseIsFoldedExpressionsAreNot() throws {
        let long = String(repeating: "word ", count: 30) + "{{ params.long_name }} end."
        let expression = String(repeating: "a && ", count: 30) + "b"
        let output = try format("notes: \(long)\nexpr: \(expression)\n", ordered: true)
        let lines = output.split(separator: "\n")
        #expect(lines[0] == "expr: \(expression)")
        #expect(lines[1] == "notes: >-")
        #expect(lines.dropFirst(2).allSatisfy { $0.hasPrefix("  ") && $0.count <= 100 })
        // A placeholder is never broken over two lines.
        #expect(lines.contains { $0.contains("{{ params.long_name }}") })
        // Folded again, it stays as it is.
        #expect(try format(output, ordered: true) == output)
    }

    @Test func theAuthorsFoldedLinesAreKept() throws {
        let source = """
            expr: >-
              a
              && b
            notes: >
              one line
              and another

            """
        #expect(try format(source, ordered: true) == source)
    }

    @Test func textOfSeveralLinesIsALiteralBlock() throws {
        #expect(
            try format("a: \"one\\ntwo\\n\"\nb: \"x\\n\\n\"\n")
                == "a: |\n  one\n  two\nb: |+\n  x\n\n")
        // A tab or a leading space cannot start a literal block: it stays quoted.
        #expect(try format("a: \" lead\\nx\"\n") == "a: \" lead\\nx\"\n")
    }

    @Test func anchorsAliasesAndMergeKeysAreKept() throws {
        let source = """
            base: &base
              a: 1
            list:
              - &item {x: 1}
              - *item
            derived:
              <<: *base
              b: 2
            """
        #expect(try format(source) == source + "\n")
    }

    @Test func formattingIsIdempotentAndMeansTheSame() throws {
        let source = """
            a:   "text"
            b:
            - 1
            - 2.50
            - ~
            - true
            c: {k: 'v w'}
            d:
            """
        let once = try format(source)
        #expect(try format(once) == once)
        #expect(once == "a: text\nb:\n  - 1\n  - 2.50\n  - ~\n  - true\nc: {k: v w}\nd:\n")
    }

    @Test func refusesWhatItCannotKeep() throws {
        for (source, message) in [
            ("a: !!str 1\n", "does not rewrite tags"),
            ("? [a, b]\n: 1\n", "does not rewrite a key that is a list or a mapping"),
            ("%YAML 1.2\n---\na: 1\n", "does not rewrite directives or document end markers"),
        ] {
            let error = #expect(throws: DiagnosticError.self) { try format(source) }
            #expect(error?.diagnostics.first?.code == "fmt.unsupported")
            #expect(error?.diagnostics.first?.message.contains(message) == true, "\(source)")
        }
        let syntax = #expect(throws: DiagnosticError.self) { try format("a: [\n") }
        #expect(syntax?.diagnostics.first?.code == "yaml.syntax")
    }
}

/// The formatter over every document of the public yaml-test-suite: each is formatted, or
/// refused with a message (syntax, several documents, tags); none ever trips the check that
/// the result means the same, and formatting twice is formatting once.
struct FormatterConformanceTests {
    @Test func everySuiteDocumentIsFormattedOrRefused() throws {
        let suite = Paths.conformance("yaml")
        let cases = try FileManager.default.contentsOfDirectory(atPath: suite.path).sorted()
        let formatter = YAMLFormatter { _ in PlainLayout() }
        var formatted = 0
        for name in cases {
            let path = suite.appendingPathComponent(name).appendingPathComponent("in.yaml").path
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do {
                let source = try SourceFile(path: name, bytes: Array(data))
                let once = try formatter.format(source)
                #expect(
                    try formatter.format(SourceFile(path: name, text: once)) == once,
                    "formatting \(name) twice changes it")
                formatted += 1
            } catch {
                #expect(
                    !error.diagnostics.contains { $0.code == "fmt.unsafe" },
                    "\(name): \(error.diagnostics.map(\.message))")
            }
        }
        try #require(formatted >= 150, "\(formatted) of the suite's documents formatted")
    }
}
