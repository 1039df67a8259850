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
    let plan: ProfileReadingPlan

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
        try decode(try SourceFile.readBytes(path: path, maxBytes: limits.fileBytes), name: path)
    }

    /// Decodes and validates a profile's bytes (UTF-8 YAML) held in memory; `name` stands for
    /// its path in messages and in the profile.
    ///
    /// - Throws: ``DiagnosticError`` with every problem, at its line and column of the text.
    public func decode(_ bytes: [UInt8], name: String) throws(DiagnosticError) -> Profile {
        var profile: Profile
        if let fast = ProfileStreamDecoder.decode(
            bytes, path: name, plan: plan, depthLimit: limits.yamlDepth)
        {
            profile = fast
        } else {
            let root = try limits.loader.loadDocument(SourceFile(path: name, bytes: bytes))
            profile = try ProfileDecoder.decode(root, path: name, schema: schema)
        }
        profile.sourceBytes = bytes
        return profile
    }
}
