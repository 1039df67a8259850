import CEL
import SourceDiagnostics
import YAMLNode

/// The bounds every input is held to, so that a hostile or broken file gives a clear error
/// instead of exhausting memory or time. Each has a default far above any real rule set or
/// profile, and a command-line flag to change it (docs/limits.md).
public struct InputLimits: Sendable, Hashable {
    /// The largest file read, in bytes (`--max-file-bytes`).
    public var fileBytes: Int
    /// The deepest nesting of YAML collections (`--max-yaml-depth`).
    public var yamlDepth: Int
    /// The most nodes aliases may add to one YAML document (`--max-alias-nodes`).
    public var aliasNodes: Int
    /// The longest CEL expression, in characters (`--max-expression-length`).
    public var expressionLength: Int
    /// The deepest CEL expression tree, after macro expansion (`--max-expression-depth`).
    public var expressionDepth: Int
    /// The most steps one evaluation of one expression may take (`--max-evaluation-cost`).
    public var evaluationCost: Int

    /// The defaults: 16 MiB files, 256 levels and 100,000 alias nodes of YAML, expressions of
    /// 100,000 characters and 100 levels, and one million steps per evaluation.
    public static let `default` = InputLimits()

    /// Creates limits; each argument left out takes its default.
    public init(
        fileBytes: Int = YAMLLoader.Limits.default.fileBytes,
        yamlDepth: Int = YAMLLoader.Limits.default.nestingDepth,
        aliasNodes: Int = YAMLLoader.Limits.default.aliasExpansion,
        expressionLength: Int = ParserLimits.default.maxLength,
        expressionDepth: Int = ParserLimits.default.maxDepth,
        evaluationCost: Int = ProgramOptions().costLimit
    ) {
        self.fileBytes = fileBytes
        self.yamlDepth = yamlDepth
        self.aliasNodes = aliasNodes
        self.expressionLength = expressionLength
        self.expressionDepth = expressionDepth
        self.evaluationCost = evaluationCost
    }

    /// A YAML loader that reads files within these limits.
    public var loader: YAMLLoader {
        YAMLLoader(
            limits: YAMLLoader.Limits(
                aliasExpansion: aliasNodes, nestingDepth: yamlDepth, fileBytes: fileBytes))
    }

    /// The CEL parser's limits.
    public var parser: ParserLimits {
        ParserLimits(maxLength: expressionLength, maxDepth: expressionDepth)
    }

    /// Options for programs evaluated within these limits.
    public func programOptions(observes: Bool = false) -> ProgramOptions {
        ProgramOptions(costLimit: evaluationCost, observes: observes)
    }
}
