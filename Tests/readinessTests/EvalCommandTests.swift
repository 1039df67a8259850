import Foundation
import ReadinessTestSupport
import Testing

/// `readiness eval`, run as a user runs it.
struct EvalCommandTests {
    private func fixture(_ name: String) -> String {
        Paths.fixture("readinessTests", name).path
    }

    /// The example from the issue prints the tagged JSON list.
    @Test func mapExampleAsJSON() throws {
        let result = try CommandRunner.run(["eval", "[1,2,3].map(x, x * 2)", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"list\":[{\"int\":\"2\"},{\"int\":\"4\"},{\"int\":\"6\"}]}\n")
    }

    /// Text output writes the value as CEL would.
    @Test func textOutput() throws {
        let result = try CommandRunner.run(["eval", "{'a': [1u, 2.5, 'x', b'y', null, true]}"])
        #expect(result.stdout == "{\"a\": [1u, 2.5, \"x\", b\"y\", null, true]}\n")
    }

    /// An expression starting with `-` goes after `--`.
    @Test func leadingMinus() throws {
        let result = try CommandRunner.run(["eval", "--format", "json", "--", "-1 + 2"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"int\":\"1\"}\n")
    }

    /// Variables come from a YAML file.
    @Test func plainVariables() throws {
        let result = try CommandRunner.run([
            "eval", "--vars", fixture("org-vars.yaml"),
            "org.peer_workers.filter(w, w.supervision_interval_days <= 30).map(w, w.name)",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\"Ana\", \"Cy\"]\n")
    }

    /// Tagged variables keep their exact types.
    @Test func taggedVariables() throws {
        let result = try CommandRunner.run([
            "eval", "--tagged", "--vars", fixture("tagged-vars.json"), "--format", "json",
            "[x, y, big, xs, m[1], when.getFullYear(), nan != nan]",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                {"list":[{"int":"3"},{"double":1.5},{"uint":"18446744073709551615"},{"list":[{"int":"1"},{"string":"two"}]},{"bool":true},{"int":"2024"},{"bool":true}]}

                """)
    }

    /// An evaluation error prints {"error": ...} in JSON, a message in text, and exits 1.
    @Test func evaluationError() throws {
        let json = try CommandRunner.run(["eval", "--format", "json", "1 / 0"])
        #expect(json.status == 1)
        #expect(json.stdout == "{\"error\":\"division by zero\"}\n")
        let text = try CommandRunner.run(["eval", "1 / 0"])
        #expect(text.status == 1)
        #expect(text.stderr == "error[eval.failed]: division by zero\n")
    }

    /// A parse error shows a caret under the problem and exits 2.
    @Test func parseError() throws {
        let result = try CommandRunner.run(["eval", "size([1, 2)"])
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                <expression>:1:11: error[cel.parse]: expected `]`, found `)`
                    1 | size([1, 2)
                      |           ^

                """)
    }

    /// Checking catches a type mismatch (exit 2); --no-check evaluates and fails at run time
    /// (exit 1), and lets a heterogeneous comparison through.
    @Test func checkingModes() throws {
        let checked = try CommandRunner.run(["eval", "1 + 'a'"])
        #expect(checked.status == 2)
        #expect(
            checked.stderr.hasPrefix(
                "<expression>:1:3: error[cel.type]: no matching overload for `+` applied to (int, string)"
            ))
        let unchecked = try CommandRunner.run(["eval", "--no-check", "1 + 'a'"])
        #expect(unchecked.status == 1)
        #expect(unchecked.stderr == "error[eval.failed]: no such overload: +(int, string)\n")
        let comparison = try CommandRunner.run(["eval", "--no-check", "1 < 1.5"])
        #expect(comparison.stdout == "true\n")
    }

    /// Problems with the variables file name the file, line and column.
    @Test func variableFileErrors() throws {
        let missing = try CommandRunner.run(["eval", "--vars", "no/such/vars.yaml", "1"])
        #expect(missing.status == 66)
        #expect(missing.stderr.hasPrefix("no/such/vars.yaml: error[file.not-found]: no such file"))
        let list = try CommandRunner.run(["eval", "--vars", fixture("list-vars.yaml"), "1"])
        #expect(list.status == 65)
        #expect(
            list.stderr.contains(
                "list-vars.yaml:1:1: error[eval.vars-not-mapping]: the variables file must be a mapping"
            ))
        let broken = try CommandRunner.run(["eval", "--vars", fixture("broken-vars.yaml"), "1"])
        #expect(broken.status == 65)
        #expect(
            broken.stderr.contains(
                "broken-vars.yaml:3:1: error[yaml.syntax]: found unexpected end of stream while scanning a quoted scalar"
            ))
        let tagged = try CommandRunner.run([
            "eval", "--tagged", "--vars", fixture("bad-tagged.json"), "x",
        ])
        #expect(tagged.status == 65)
        #expect(
            tagged.stderr.contains(
                "bad-tagged.json:1:7: error[eval.tagged-value]: `x` is not a valid tagged value: unknown tag \"integer\""
            ))
    }

    /// `--help` documents the exit statuses.
    @Test func helpListsExitStatuses() throws {
        let result = try CommandRunner.run(["--help"])
        #expect(result.stdout.contains("2 invalid expression"))
        #expect(result.stdout.contains("eval"))
    }
}
