import SourceDiagnostics

/// Loads YAML text into ``Node`` trees through the system libyaml.
///
/// ```swift
/// let file = try SourceFile.read(path: "org.yaml")
/// let root = try YAMLLoader().loadDocument(file)
/// ```
///
/// Every node keeps its file, line and column. Problems inside a document (duplicate keys,
/// unknown tags, bad merges) are gathered and thrown together as one ``DiagnosticError``; a
/// syntax error stops loading at once, since nothing after it can be trusted.
public struct YAMLLoader: Sendable {
    /// Bounds that keep hostile input from exhausting memory or time.
    public struct Limits: Sendable, Hashable {
        /// The most nodes that aliases may add to one document, counting every node of each
        /// expanded alias. 100,000 is far above any real rule set or profile and stops a
        /// "billion laughs" file (9 levels of 9 aliases: 387 million nodes) after a few
        /// thousand steps.
        public var aliasExpansion: Int
        /// The deepest nesting of collections allowed.
        public var nestingDepth: Int
        /// The largest file, in bytes, that ``loadDocument(path:)`` reads; larger files are
        /// refused before they are read.
        public var fileBytes: Int

        /// The defaults: 100,000 alias nodes, 256 levels of nesting and 16 MiB files.
        public static let `default` = Limits(aliasExpansion: 100_000, nestingDepth: 256)

        /// Creates limits.
        public init(
            aliasExpansion: Int, nestingDepth: Int, fileBytes: Int = SourceFile.defaultMaxBytes
        ) {
            self.aliasExpansion = aliasExpansion
            self.nestingDepth = nestingDepth
            self.fileBytes = fileBytes
        }
    }

    /// The limits in force.
    public var limits: Limits
    /// Whether tags other than the standard `!!` ones are errors (the default), or are kept on
    /// the node and otherwise ignored. Readiness files never need them; conformance testing
    /// against the YAML test suite does.
    public var rejectsUnknownTags: Bool
    /// Whether `<<` keys merge mappings (the YAML 1.1 merge-key convention), the default.
    public var mergesKeys: Bool

    /// Creates a loader.
    public init(limits: Limits = .default, rejectsUnknownTags: Bool = true, mergesKeys: Bool = true)
    {
        self.limits = limits
        self.rejectsUnknownTags = rejectsUnknownTags
        self.mergesKeys = mergesKeys
    }

    /// Loads a file that must hold exactly one document.
    ///
    /// - Throws: ``DiagnosticError``: `yaml.no-document` for an empty stream,
    ///   `yaml.multiple-documents` at the start of a second document, or any problem inside
    ///   the document.
    public func loadDocument(_ file: SourceFile) throws(DiagnosticError) -> Node {
        var composer = Composer(file: file, loader: self, maxDocuments: 1)
        let documents = try composer.run()
        guard let document = documents.first else {
            throw DiagnosticError(.noDocument(file: file))
        }
        return document
    }

    /// Loads every document of a stream, in order (an empty stream gives none).
    public func loadStream(_ file: SourceFile) throws(DiagnosticError) -> [Node] {
        var composer = Composer(file: file, loader: self, maxDocuments: nil)
        return try composer.run()
    }

    /// Reads a file from disk (at most ``Limits/fileBytes``) and loads its one document.
    public func loadDocument(path: String) throws(DiagnosticError) -> (file: SourceFile, root: Node)
    {
        let file = try SourceFile.read(path: path, maxBytes: limits.fileBytes)
        return (file, try loadDocument(file))
    }
}
