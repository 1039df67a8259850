import Foundation
import ReadinessTestSupport
import Testing

/// Each input limit has a flag; going over it is a clear error naming the flag, and the same
/// input within the default limits works (docs/limits.md).
struct LimitFlagTests {
    private func withVars(_ text: String, _ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vars.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try body(path)
    }

    /// File size, YAML depth and alias expansion, on a variables file.
    @Test func yamlLimits() throws {
        try withVars("x: [[[1]]]\na: &a [1, 2]\nb: [*a, *a]\n") { vars in
            let fine = try CommandRunner.run(["eval", "size(x) + size(b)", "--vars", vars])
            #expect(fine.status == 0)
            #expect(fine.stdout == "3\n")
            let big = try CommandRunner.run(["eval", "1", "--vars", vars, "--max-file-bytes", "10"])
            #expect(big.status == 65)
            #expect(
                big.stderr
                    == "\(vars): error[file.too-large]: the file is larger than the limit of 10 bytes\n  = help: split it into smaller files, or raise the limit if the file is trusted (--max-file-bytes)\n"
            )
            let deep = try CommandRunner.run(["eval", "1", "--vars", vars, "--max-yaml-depth", "2"])
            #expect(deep.status == 65)
            #expect(
                deep.stderr.hasPrefix(
                    "\(vars):1:5: error[yaml.depth-limit]: collections are nested more than 2 levels deep"
                ))
            #expect(deep.stderr.contains("(--max-yaml-depth)"))
            let aliases = try CommandRunner.run([
                "eval", "1", "--vars", vars, "--max-alias-nodes", "3",
            ])
            #expect(aliases.status == 65)
            #expect(
                aliases.stderr.hasPrefix(
                    "\(vars):3:9: error[yaml.alias-budget]: aliases in this document expand to more than 3 nodes (at `*a`)"
                ))
            #expect(aliases.stderr.contains("(--max-alias-nodes)"))
        }
    }

    /// Expression length and depth are compile errors (exit 2); cost is an evaluation error.
    @Test func expressionLimits() throws {
        let long = try CommandRunner.run(["eval", "1 + 2 + 3", "--max-expression-length", "5"])
        #expect(long.status == 2)
        #expect(
            long.stderr.hasPrefix(
                "<expression>:1:1: error[cel.too-long]: the expression is 9 characters long, over the limit of 5"
            ))
        #expect(long.stderr.contains("(--max-expression-length)"))
        let deep = try CommandRunner.run(["eval", "[[[[1]]]]", "--max-expression-depth", "3"])
        #expect(deep.status == 2)
        #expect(
            deep.stderr.contains(
                "error[cel.too-deep]: the expression is nested more than 3 levels deep"))
        #expect(deep.stderr.contains("(--max-expression-depth)"))
        #expect(try CommandRunner.run(["eval", "[[[[1]]]]"]).status == 0)
        let loop = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].all(x, x > 0)"
        #expect(try CommandRunner.run(["eval", loop]).stdout == "true\n")
        let costly = try CommandRunner.run(["eval", loop, "--max-evaluation-cost", "10"])
        #expect(costly.status == 1)
        #expect(costly.stderr == "error[eval.failed]: evaluation cost limit exceeded\n")
    }

    /// The limits reach rule compilation and rule evaluation, not only `eval`.
    @Test func ruleSetAndAssessment() throws {
        let check = try CommandRunner.run([
            "check", "rules/vic-aod-peer-workforce", "--max-expression-length", "20",
        ])
        #expect(check.status == 78)
        #expect(check.stderr.contains("error[cel.too-long]"))
        let profile = "assessments/05-southern-embedded.yaml"
        let within = try CommandRunner.run(["assess", profile, "--format", "json"])
        #expect(within.status == 0)
        #expect(!within.stdout.contains("\"outcome\" : \"error\""))
        let costly = try CommandRunner.run([
            "assess", profile, "--format", "json", "--max-evaluation-cost", "50",
        ])
        // The rule over its budget is in error (scoring 0, as DESIGN.md's formula says), and
        // says why; the other rules are unaffected.
        #expect(costly.stdout.contains("\"outcome\" : \"error\""))
        #expect(costly.stdout.contains("evaluation cost limit exceeded"))
        #expect(costly.stdout.contains("\"outcome\" : \"pass\""))
    }

    /// A limit must be a positive whole number.
    @Test(arguments: [
        "--max-file-bytes", "--max-yaml-depth", "--max-alias-nodes", "--max-expression-length",
        "--max-expression-depth", "--max-evaluation-cost",
    ])
    func nonPositiveIsUsageError(flag: String) throws {
        let result = try CommandRunner.run([
            "assess", "assessments/05-southern-embedded.yaml", flag, "0",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: \(flag) must be a positive whole number, not 0"))
    }
}
