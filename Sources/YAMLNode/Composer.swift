import CLibYAML
import SourceDiagnostics

/// Composes libyaml's event stream into ``Node`` trees, one document at a time.
///
/// The event loop keeps an explicit stack of open collections rather than recursing, so deep
/// nesting costs heap, not call stack, and the depth limit is a plain comparison.
struct Composer {
    /// An open collection: its start, properties, and the nodes read so far (for a mapping,
    /// keys and values alternate).
    private struct Frame {
        var isMapping: Bool
        var start: SourceLocation
        var tag: String?
        var anchor: String?
        var style: Node.CollectionStyle
        var items: [Node] = []
    }

    /// Stops the event loop: a problem after which nothing further can be trusted.
    private struct Fatal: Error {
        var diagnostic: Diagnostic
    }

    private let file: SourceFile
    private let loader: YAMLLoader
    private let maxDocuments: Int?
    private var bag = DiagnosticBag()
    private var stack: [Frame] = []
    private var anchors: [String: Node] = [:]
    private var openAnchors: Set<String> = []
    private var aliasNodes = 0
    private var root: Node?
    private var documents: [Node] = []

    init(file: SourceFile, loader: YAMLLoader, maxDocuments: Int?) {
        self.file = file
        self.loader = loader
        self.maxDocuments = maxDocuments
    }

    /// Runs libyaml over the whole file and returns its documents.
    mutating func run() throws(DiagnosticError) -> [Node] {
        var text = file.text
        let fatal: Diagnostic? = text.withUTF8 { buffer in
            withParser(over: buffer)
        }
        if let fatal {
            bag.append(fatal)
        }
        try bag.throwIfErrors()
        return documents
    }

    private mutating func withParser(over buffer: UnsafeBufferPointer<UInt8>) -> Diagnostic? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            return .libyamlFailure("could not initialise the parser", path: file.path)
        }
        defer { yaml_parser_delete(parser) }
        // libyaml asserts a non-null input pointer even for empty input.
        let empty: [UInt8] = [0]
        empty.withUnsafeBufferPointer { placeholder in
            let base = buffer.baseAddress ?? placeholder.baseAddress
            yaml_parser_set_input_string(parser, base, buffer.count)
        }
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                return syntaxError(parser.pointee)
            }
            defer { yaml_event_delete(&event) }
            do {
                if try handle(event) { return nil }
            } catch {
                return error.diagnostic
            }
        }
    }

    /// Handles one event; returns `true` at the end of the stream.
    private mutating func handle(_ event: yaml_event_t) throws(Fatal) -> Bool {
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            if let maxDocuments, documents.count >= maxDocuments {
                throw Fatal(diagnostic: .extraDocument(at: location(event.start_mark)))
            }
            anchors = [:]
            aliasNodes = 0
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            if let root { documents.append(root) }
        case YAML_SCALAR_EVENT:
            try attach(scalar(event))
        case YAML_ALIAS_EVENT:
            try attach(alias(event))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let start = location(event.start_mark)
            guard stack.count < loader.limits.nestingDepth else {
                throw Fatal(
                    diagnostic: .depthLimitExceeded(
                        at: SourceRange(start: start), limit: loader.limits.nestingDepth))
            }
            let (tagPointer, anchorPointer, flow) =
                isMapping
                ? (
                    event.data.mapping_start.tag, event.data.mapping_start.anchor,
                    event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                )
                : (
                    event.data.sequence_start.tag, event.data.sequence_start.anchor,
                    event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                )
            let anchor = anchorPointer.map { String(cString: $0) }
            if let anchor { openAnchors.insert(anchor) }
            stack.append(
                Frame(
                    isMapping: isMapping, start: start, tag: tagPointer.map { String(cString: $0) },
                    anchor: anchor, style: flow ? .flow : .block))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return false }
            let range = SourceRange(start: frame.start, end: location(event.end_mark))
            checkCollectionTag(frame.tag, isMapping: frame.isMapping, range: range)
            let content: Node.Content =
                frame.isMapping ? .mapping(finishMapping(frame.items)) : .sequence(frame.items)
            if let anchor = frame.anchor { openAnchors.remove(anchor) }
            try attach(
                Node(
                    content, range: range, tag: frame.tag, anchor: frame.anchor,
                    collectionStyle: frame.style))
        default:
            break
        }
        return false
    }

    // MARK: - Nodes

    private mutating func scalar(_ event: yaml_event_t) -> Node {
        let data = event.data.scalar
        let text = String(
            decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
        let tag = data.tag.map { String(cString: $0) }
        let range = SourceRange(start: location(event.start_mark), end: location(event.end_mark))
        let style: Scalar.Style =
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
        var value = ScalarValue.string(text)
        if tag == CoreSchema.tagPrefix + "merge" && text == "<<" {
            // `!!merge <<` is the merge key written out in full; it resolves as the key itself.
        } else {
            switch CoreSchema.resolve(text, isPlain: style == .plain, tag: tag) {
            case .value(let resolved):
                value = resolved
            case .mismatch(let expected):
                bag.append(.tagMismatch(tag ?? "", text: text, expected: expected, at: range))
            case .outOfRange:
                bag.append(.integerOutOfRange(text, at: range))
            case .unknownTag:
                if loader.rejectsUnknownTags { bag.append(.unknownTag(tag ?? "", at: range)) }
            }
        }
        return Node(
            .scalar(Scalar(text: text, style: style, value: value)), range: range, tag: tag,
            anchor: data.anchor.map { String(cString: $0) })
    }

    private mutating func alias(_ event: yaml_event_t) throws(Fatal) -> Node {
        let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
        let range = SourceRange(start: location(event.start_mark), end: location(event.end_mark))
        guard let target = anchors[name] else {
            bag.append(
                .undefinedAlias(
                    name, at: range, known: anchors.keys.sorted(),
                    isRecursive: openAnchors.contains(name)))
            return Node(.scalar(Scalar(text: "", style: .plain, value: .null)), range: range)
        }
        aliasNodes += target.nodeCount
        if aliasNodes > loader.limits.aliasExpansion {
            throw Fatal(
                diagnostic: .aliasBudgetExceeded(
                    name, at: range, budget: loader.limits.aliasExpansion))
        }
        return target
    }

    /// Adds a finished node to the collection being built, or makes it the document's root.
    private mutating func attach(_ node: Node) throws(Fatal) {
        if let anchor = node.anchor {
            anchors[anchor] = node
        }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].items.append(node)
        }
    }

    private mutating func checkCollectionTag(_ tag: String?, isMapping: Bool, range: SourceRange) {
        guard let tag, tag != "!" else { return }
        let own = CoreSchema.tagPrefix + (isMapping ? "map" : "seq")
        let other = CoreSchema.tagPrefix + (isMapping ? "seq" : "map")
        if tag == own { return }
        if tag == other {
            bag.append(
                .tagMismatch(
                    tag, text: isMapping ? "{…}" : "[…]",
                    expected: isMapping ? "sequence" : "mapping", at: range))
        } else if loader.rejectsUnknownTags {
            bag.append(.unknownTag(tag, at: range))
        }
    }

    // MARK: - Mappings

    /// Pairs up keys and values, reports duplicate keys, and applies `<<` merge keys.
    private mutating func finishMapping(_ items: [Node]) -> [Node.Pair] {
        var pairs: [Node.Pair] = []
        pairs.reserveCapacity(items.count / 2)
        var index = 0
        while index + 1 < items.count {
            pairs.append(Node.Pair(key: items[index], value: items[index + 1]))
            index += 2
        }
        var explicitKeys = KeyIndex()
        var hasMerge = false
        for pair in pairs {
            if loader.mergesKeys && Self.isMergeKey(pair.key) {
                hasMerge = true
                continue
            }
            if let first = explicitKeys.insert(pair.key) {
                bag.append(.duplicateKey(Self.keyText(pair.key), at: pair.key.range, first: first))
            }
        }
        guard hasMerge else { return pairs }
        var merged: [Node.Pair] = []
        var seen = explicitKeys
        for pair in pairs {
            guard loader.mergesKeys && Self.isMergeKey(pair.key) else {
                merged.append(pair)
                continue
            }
            for source in mergeSources(pair.value) {
                for candidate in source where seen.insert(candidate.key) == nil {
                    merged.append(candidate)
                }
            }
        }
        return merged
    }

    /// The mappings a `<<` value names, in priority order; reports anything else.
    private mutating func mergeSources(_ value: Node) -> [[Node.Pair]] {
        switch value.content {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let items):
            var sources: [[Node.Pair]] = []
            for item in items {
                if let pairs = item.mapping {
                    sources.append(pairs)
                } else {
                    bag.append(.invalidMerge(found: item.kindName, at: item.range))
                }
            }
            return sources
        case .scalar:
            bag.append(.invalidMerge(found: value.kindName, at: value.range))
            return []
        }
    }

    private static func isMergeKey(_ key: Node) -> Bool {
        guard let scalar = key.scalar, scalar.text == "<<", scalar.style == .plain else {
            return false
        }
        return key.tag == nil || key.tag == CoreSchema.tagPrefix + "merge"
    }

    private static func keyText(_ key: Node) -> String {
        if let scalar = key.scalar { return scalar.text }
        return key.sequence != nil ? "[…]" : "{…}"
    }

    // MARK: - Positions and errors

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file.path, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return .libyamlFailure("out of memory", path: file.path)
        case YAML_READER_ERROR:
            let location = file.location(ofUTF8Offset: Int(parser.problem_offset))
            var message = problem
            if parser.problem_value >= 0, let scalar = Unicode.Scalar(UInt32(parser.problem_value))
            {
                message +=
                    " (found U+"
                    + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) + ")"
            }
            return .yamlSyntax(
                problem: message, context: nil, at: location, contextLocation: nil,
                characterAtProblem: character(at: location))
        default:
            let location = location(parser.problem_mark)
            let context = parser.context.map { String(cString: $0) }
            return .yamlSyntax(
                problem: problem, context: context, at: location,
                contextLocation: context == nil ? nil : self.location(parser.context_mark),
                characterAtProblem: character(at: location))
        }
    }

    private func character(at location: SourceLocation) -> Unicode.Scalar? {
        guard let line = file.line(location.line) else { return nil }
        let scalars = line.unicodeScalars
        guard location.column >= 1, location.column <= scalars.count else { return nil }
        return scalars[scalars.index(scalars.startIndex, offsetBy: location.column - 1)]
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
