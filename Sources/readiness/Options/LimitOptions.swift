import ArgumentParser
import ReadinessCore

/// The input limits as flags, shared by every command that reads files or expressions
/// (docs/limits.md).
struct LimitOptions: ParsableArguments {
    @Option(
        name: .customLong("max-file-bytes"),
        help: ArgumentHelp(
            "Refuse input files larger than this many bytes.", valueName: "n"))
    var fileBytes: Int = InputLimits.default.fileBytes

    @Option(
        name: .customLong("max-yaml-depth"),
        help: ArgumentHelp(
            "Refuse YAML nested deeper than this.", valueName: "n"))
    var yamlDepth: Int = InputLimits.default.yamlDepth

    @Option(
        name: .customLong("max-alias-nodes"),
        help: ArgumentHelp(
            "Refuse YAML whose aliases expand to more nodes than this.",
            valueName: "n"))
    var aliasNodes: Int = InputLimits.default.aliasNodes

    @Option(
        name: .customLong("max-expression-length"),
        help: ArgumentHelp(
            "Refuse CEL expressions longer than this many characters.",
            valueName: "n"))
    var expressionLength: Int = InputLimits.default.expressionLength

    @Option(
        name: .customLong("max-expression-depth"),
        help: ArgumentHelp(
            "Refuse CEL expressions nested deeper than this.", valueName: "n"))
    var expressionDepth: Int = InputLimits.default.expressionDepth

    @Option(
        name: .customLong("max-evaluation-cost"),
        help: ArgumentHelp(
            "Stop an expression's evaluation after this many steps (an error).",
            valueName: "n"))
    var evaluationCost: Int = InputLimits.default.evaluationCost

    func validate() throws {
        let values: [(String, Int)] = [
            ("--max-file-bytes", fileBytes), ("--max-yaml-depth", yamlDepth),
            ("--max-alias-nodes", aliasNodes), ("--max-expression-length", expressionLength),
            ("--max-expression-depth", expressionDepth),
            ("--max-evaluation-cost", evaluationCost),
        ]
        for (flag, value) in values where value < 1 {
            throw ValidationError("\(flag) must be a positive whole number, not \(value)")
        }
    }

    /// The limits the flags give.
    var limits: InputLimits {
        InputLimits(
            fileBytes: fileBytes, yamlDepth: yamlDepth, aliasNodes: aliasNodes,
            expressionLength: expressionLength, expressionDepth: expressionDepth,
            evaluationCost: evaluationCost)
    }
}
