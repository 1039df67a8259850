import SourceDiagnostics
import YAMLNode

/// Reads organisation profiles against one schema, as many as there are: the schema is laid
/// out for reading once, when the reader is made (a batch makes one for all its profiles).
///
/// A valid profile is read straight from the parser's events (``ProfileStreamDecoder``); one
/// with anything to report, error or warning, is read again through a node tree by
/// ``ProfileDecoder``, so every message has its line and column.
public struct ProfileReader: Sendable {
    /// The schema profiles are validated against.
    public let schema: ObjectSpec
    /// The limits files are read within.
    public let limits: InputLimits
    private let plan: ProfileReadingPlan

    /// Creates a reader for a schema.
    public init(schema: ObjectSpec, limits: InputLimits = .default) {
        self.schema = schema
        self.limits = limits
        plan = ProfileReadingPlan(schema)
    }

    /// A reader for the same schema and limits whose reading plan is its own: for a worker
    /// thread of a batch (see ``ProfileReadingPlan``).
    public func copy() -> ProfileReader {
        ProfileReader(schema: schema, limits: limits)
    }

    /// Loads and validates a profile file.
    ///
    /// - Throws: ``DiagnosticError`` with every problem of the file, at its line and column.
    public func load(path: String) throws(DiagnosticError) -> Profile {
        let bytes = try SourceFile.readBytes(path: path, maxBytes: limits.fileBytes)
        if let profile = ProfileStreamDecoder.decode(
            bytes, path: path, plan: plan, depthLimit: limits.yamlDepth)
        {
            return profile
        }
        let root = try limits.loader.loadDocument(SourceFile(path: path, bytes: bytes))
        return try ProfileDecoder.decode(root, path: path, schema: schema)
    }
}
