import SourceDiagnostics
import Testing

/// How diagnostics are shown to people.
struct RendererTests {
    private let file = SourceFile(
        path: "rules/a.yaml", text: "id: SUP-01\n\twieght: 3\nnotes: \"\u{1}\"\n")

    /// The one-line form, the quoted line, a caret under the span, notes and help.
    @Test func fullDiagnostic() {
        let diagnostic = Diagnostic(
            .error, code: "rule.unknown-key",
            message: "unknown key `wieght` — did you mean `weight`?",
            at: SourceRange(
                start: SourceLocation(file: "rules/a.yaml", line: 2, column: 2),
                end: SourceLocation(file: "rules/a.yaml", line: 2, column: 8)),
            help: "rename the key",
            notes: [
                Diagnostic.Note("the rule starts here", at: SourceRange(start: file.startLocation))
            ])
        #expect(
            DiagnosticRenderer(sources: [file]).render([diagnostic]) == """
                rules/a.yaml:2:2: error[rule.unknown-key]: unknown key `wieght` — did you mean `weight`?
                    2 | \twieght: 3
                      | \t^~~~~~
                  = note: rules/a.yaml:1:1: the rule starts here
                  = help: rename the key

                """)
    }

    /// Control characters in a quoted line are shown as their Unicode pictures.
    @Test func controlCharactersAreVisible() {
        let diagnostic = Diagnostic(
            .warning, code: "x.y", message: "odd",
            at: SourceRange(start: SourceLocation(file: "rules/a.yaml", line: 3, column: 9)))
        #expect(
            DiagnosticRenderer(sources: [file]).render(diagnostic) == """
                rules/a.yaml:3:9: warning[x.y]: odd
                    3 | notes: "␁"
                      |         ^

                """)
    }

    /// A very long line is quoted as a 120-character window around the column, marked with
    /// ellipses, with the caret still under the right character.
    @Test func longLinesAreWindowed() {
        let line = String(repeating: "a", count: 300) + "X" + String(repeating: "b", count: 300)
        let long = SourceFile(path: "long.yaml", text: line + "\n")
        let at = { (column: Int) in
            Diagnostic(
                .error, code: "x.y", message: "here",
                at: SourceRange(start: SourceLocation(file: "long.yaml", line: 1, column: column)))
        }
        let middle = DiagnosticRenderer(sources: [long]).render(at(301))
        let lines = middle.split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("    1 | …") && lines[1].hasSuffix("…"))
        #expect(lines[1].count == "    1 | ".count + 122)
        let caret = lines[2].firstIndex(of: "^").map {
            lines[2].distance(from: lines[2].startIndex, to: $0)
        }
        let mark = lines[1].firstIndex(of: "X").map {
            lines[1].distance(from: lines[1].startIndex, to: $0)
        }
        #expect(caret != nil && caret == mark)
        // At the start, no leading ellipsis; at the end, no trailing one.
        let start = DiagnosticRenderer(sources: [long]).render(at(1)).split(separator: "\n")
        #expect(start[1].hasPrefix("    1 | aaa") && start[1].hasSuffix("…"))
        #expect(start[2] == "      | ^")
        let end = DiagnosticRenderer(sources: [long]).render(at(602)).split(separator: "\n")
        #expect(end[1].hasPrefix("    1 | …") && end[1].hasSuffix("bbb"))
        #expect(end[2].hasSuffix(String(repeating: " ", count: 120) + "^"))
    }

    /// Diagnostics are sorted by position and capped with a count of the rest.
    @Test func sortedAndCapped() {
        let make = { (line: Int) in
            Diagnostic(
                .error, code: "c", message: "line \(line)",
                at: SourceRange(start: SourceLocation(file: "z", line: line, column: 1)))
        }
        let rendered = DiagnosticRenderer(limit: 2).render([make(3), make(1), make(2)])
        #expect(
            rendered
                == "z:1:1: error[c]: line 1\nz:2:1: error[c]: line 2\n… and 1 more problem not shown\n"
        )
    }

    /// A diagnostic with no position names its path.
    @Test func pathOnly() {
        #expect(
            Diagnostic.fileNotFound("x.yaml").description
                == "x.yaml: error[file.not-found]: no such file")
    }

    /// The bag throws only when it holds an error, with everything it holds, sorted.
    @Test func bagThrowsErrors() {
        var bag = DiagnosticBag()
        bag.append(Diagnostic(.warning, code: "w", message: "warn", path: "b"))
        #expect(throws: Never.self) { try bag.throwIfErrors() }
        bag.append(Diagnostic(.error, code: "e", message: "err", path: "a"))
        #expect(bag.hasErrors)
        do {
            try bag.throwIfErrors()
        } catch {
            #expect(error.diagnostics.map(\.code.rawValue) == ["e", "w"])
        }
        #expect(bag.warnings.map(\.message) == ["warn"])
    }
}
