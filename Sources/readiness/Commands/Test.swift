import ArgumentParser
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// `readiness test`: runs a rule set's tests.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a rule set's tests (tests/*.yaml beside its rules).",
        discussion: """
            Each failing expectation prints what was expected, what happened, and where the \
            test is. The last line is `N passed, N failed`. With --coverage, shows which \
            outcomes the tests reached for each rule and lists rules no test made pass or fail.

            Exit status: 0 when every test passes; 1 when one fails; 65 for a malformed test \
            file; 66 when the rule set has no tests; 78 for an invalid rule set.

            Example:
              readiness test rules/vic-aod-peer-workforce --coverage
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case junit
    }

    @Argument(help: ArgumentHelp("The rule set folder.", valueName: "ruleset"))
    var ruleSet: String

    @Option(
        name: .long, help: ArgumentHelp("A tailoring to apply while testing.", valueName: "file"))
    var tailoring: String?

    @Option(name: .long, help: "Output format: text or junit.")
    var format: Format = .text

    @Flag(name: .long, help: "Show which outcomes the tests reached for each rule.")
    var coverage = false

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    func run() throws {
        let compiled = try RuleSetOptions(
            rules: ruleSet, tailoring: tailoring, limitOptions: limitOptions
        ).load()
        let files = RuleTestDecoder.files(forRuleSet: ruleSet)
        let tests: [RuleTest]
        do {
            // Its own tests, and those of the rule sets it extends, about the rules it inherits.
            tests =
                try RuleTestDecoder.load(
                    files: files, ruleSet: compiled, limits: limitOptions.limits)
                + RuleTestDecoder.loadInherited(ruleSet: compiled, limits: limitOptions.limits)
        } catch {
            Output.report(error.diagnostics)
            throw ExitStatus.invalidData.code
        }
        guard !tests.isEmpty || !files.isEmpty else {
            // Zero tests passing is not a pass: a CI job pointed at the wrong folder must fail.
            Output.report([
                Diagnostic(
                    .error, code: "test.none",
                    message: "the rule set has no tests (no .yaml files in its tests/ folder)",
                    path: ruleSet, help: "write tests as docs/testing-rules.md describes")
            ])
            throw ExitStatus.inputMissing.code
        }
        let results = RuleTestRunner.run(tests, ruleSet: compiled)
        let failed = results.filter { !$0.passed }.count
        switch format {
        case .junit:
            Output.print(TestReportRenderer.junit(results, suite: compiled.ruleSet.metadata.id))
        case .text:
            var out = ""
            for result in results where !result.passed {
                out += "✘ \(result.test.file):\(result.test.line): \(result.test.name)\n"
                for failure in result.failures { out += "    \(failure)\n" }
            }
            if coverage {
                out += TestReportRenderer.coverage(
                    RuleTestRunner.coverage(results, ruleSet: compiled))
            }
            out += "\(results.count - failed) passed, \(failed) failed\n"
            Output.print(out)
        }
        if failed > 0 { throw ExitStatus.negative.code }
    }
}

extension RuleSetOptions {
    init(rules: String?, tailoring: String?, limitOptions: LimitOptions) {
        self.init()
        self.rules = rules
        self.tailoring = tailoring
        self.limitOptions = limitOptions
    }
}
