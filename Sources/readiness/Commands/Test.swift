import ArgumentParser
import ReadinessCore
import ReadinessReport

/// `readiness test`: runs a rule set's tests.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a rule set's tests (tests/*.yaml beside its rules).",
        discussion: """
            Each failing expectation prints what was expected, what happened, and where the \
            test is. The last line is `N passed, N failed`. With --coverage, shows which \
            outcomes the tests reached for each rule and lists rules no test made pass or fail.

            Exit status: 0 when every test passes; 1 when one fails; 65 for a malformed test \
            file; 78 for an invalid rule set.

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

    func run() throws {
        let compiled = try RuleSetOptions(rules: ruleSet, tailoring: tailoring).load()
        let tests: [RuleTest]
        do {
            tests = try RuleTestDecoder.load(files: RuleTestDecoder.files(forRuleSet: ruleSet))
        } catch {
            Output.report(error.diagnostics)
            throw ExitStatus.invalidData.code
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
    init(rules: String?, tailoring: String?) {
        self.init()
        self.rules = rules
        self.tailoring = tailoring
    }
}
