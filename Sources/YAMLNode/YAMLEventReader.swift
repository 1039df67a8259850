import CLibYAML
import SourceDiagnostics

/// libyaml's events one at a time, for a reader that builds its own values straight from them
/// (a profile decoder on its fast path) instead of composing a ``Node`` tree.
///
/// ```swift
/// let count = YAMLEventReader.read(bytes) { events in
///     var scalars = 0
///     while let kind = events.next(), kind != .streamEnd { if kind == .scalar { scalars += 1 } }
///     return scalars
/// }
/// ```
///
/// It reports nothing: `next()` gives `nil` at a syntax or encoding error, and the caller
/// falls back to ``YAMLLoader``, whose messages name the problem. Input is read as UTF-8 only
/// (with or without a byte-order mark), as the loader reads it. Tags, anchors
/// and aliases are not interpreted: a caller that meets them (``hasProperties``, `.alias`)
/// should fall back too.
public struct YAMLEventReader {
    /// What an event is.
    public enum Kind: Sendable, Equatable {
        case streamStart, streamEnd, documentStart, documentEnd
        case mappingStart, mappingEnd, sequenceStart, sequenceEnd
        case scalar, alias
    }

    // Both live for the whole read and are changed only through the pointers, so the reader
    // itself stays an immutable value with no exclusivity checks on its hot path.
    // Inlinable accessors (below) read them: a reader's calls per event cost as much as
    // their work when made across the module boundary.
    @usableFromInline let parser: UnsafeMutablePointer<yaml_parser_t>
    @usableFromInline let event: UnsafeMutablePointer<yaml_event_t>

    private init(
        parser: UnsafeMutablePointer<yaml_parser_t>, event: UnsafeMutablePointer<yaml_event_t>
    ) {
        self.parser = parser
        self.event = event
    }

    /// Runs `body` with a reader over `bytes` (UTF-8 text, a byte-order mark allowed); the
    /// reader must not escape `body`.
    ///
    /// - Returns: What `body` returns, or `nil` (without calling it) for UTF-16 input or when
    ///   libyaml cannot be initialised.
    public static func read<Result>(
        _ bytes: [UInt8], _ body: (YAMLEventReader) throws -> Result
    ) rethrows -> Result? {
        try bytes.withUnsafeBufferPointer { buffer in try read(buffer, body) }
    }

    private static func read<Result>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (YAMLEventReader) throws -> Result
    ) rethrows -> Result? {
        // libyaml would decode UTF-16 after its byte-order mark, which the loader refuses.
        // (Presetting libyaml's encoding instead would also stop it skipping a UTF-8 mark, which
        // it would then count as a column.)
        if bytes.count >= 2,
            (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return nil
        }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { return nil }
        defer { yaml_parser_delete(parser) }
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        event.initialize(to: yaml_event_t())
        defer {
            yaml_event_delete(event)
            event.deallocate()
        }
        // libyaml asserts a non-null input pointer even for empty input.
        var placeholder: UInt8 = 0
        return try withUnsafePointer(to: &placeholder) { empty in
            yaml_parser_set_input_string(parser, bytes.baseAddress ?? empty, bytes.count)
            return try body(YAMLEventReader(parser: parser, event: event))
        }
    }

    /// Moves to the next event and returns its kind; `nil` at an error (and after the end of
    /// the stream).
    @inlinable
    public func next() -> Kind? {
        yaml_event_delete(event)
        guard yaml_parser_parse(parser, event) == 1 else { return nil }
        switch event.pointee.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_MAPPING_START_EVENT: return .mappingStart
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        case YAML_SEQUENCE_START_EVENT: return .sequenceStart
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_SCALAR_EVENT: return .scalar
        case YAML_ALIAS_EVENT: return .alias
        default: return nil
        }
    }

    /// The byte offset in the input where the current event starts.
    public var startOffset: Int { event.pointee.start_mark.index }

    /// Where the current event starts and ends, line and column from 1, as the loader places
    /// the node it makes of the event.
    public func range(file: String) -> SourceRange {
        let start = event.pointee.start_mark
        let end = event.pointee.end_mark
        return SourceRange(
            start: SourceLocation(
                file: file, line: Int(start.line) + 1, column: Int(start.column) + 1),
            end: SourceLocation(file: file, line: Int(end.line) + 1, column: Int(end.column) + 1))
    }

    /// Whether the current scalar, mapping or sequence has a tag or an anchor.
    @inlinable
    public var hasProperties: Bool {
        let data = event.pointee.data
        switch event.pointee.type {
        case YAML_SCALAR_EVENT: return data.scalar.tag != nil || data.scalar.anchor != nil
        case YAML_MAPPING_START_EVENT:
            return data.mapping_start.tag != nil || data.mapping_start.anchor != nil
        case YAML_SEQUENCE_START_EVENT:
            return data.sequence_start.tag != nil || data.sequence_start.anchor != nil
        default: return false
        }
    }

    /// Whether the current scalar is plain (unquoted, not a block scalar): only plain scalars
    /// resolve to anything but a string.
    @inlinable
    public var scalarIsPlain: Bool {
        event.pointee.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
    }

    /// The current scalar's UTF-8 bytes, valid until the next call to ``next()``: read only
    /// here, so no pointer into libyaml's buffer leaves this module.
    @usableFromInline
    var scalarBytes: UnsafeBufferPointer<UInt8> {
        let data = event.pointee.data.scalar
        return UnsafeBufferPointer(start: data.value, count: data.length)
    }

    /// The current scalar's value, decided from its bytes when that is quick (a quoted or
    /// block scalar is always `.string`); see ``CoreSchema/quickResolvePlain(_:)``.
    public var quickValue: CoreSchema.QuickValue {
        scalarIsPlain ? CoreSchema.quickResolvePlain(scalarBytes) : .string
    }

    /// Whether the current scalar's text is `utf8`, compared in libyaml's buffer.
    public func scalarSpells(_ utf8: [UInt8]) -> Bool {
        let bytes = scalarBytes
        return bytes.count == utf8.count && bytes.elementsEqual(utf8)
    }

    /// Whether the current scalar's text starts with the byte `first`.
    public func scalarStarts(with first: UInt8) -> Bool {
        scalarBytes.first == first
    }

    /// The position, among the `count` texts of `table` from `start`, of the text the current
    /// scalar spells, `guess` tried first; `nil` when none does.
    @inline(__always)
    package func position(in table: ScalarTable, from start: Int, count: Int, guess: Int)
        -> Int?
    {
        table.position(of: scalarBytes, from: start, count: count, guess: guess)
    }

    /// Whether the current scalar, plain, might be an integer outside 64 bits (which the
    /// loader reports): a sign and more than 18 decimal digits, or a `0x` or `0o` integer.
    /// Cheap, from the bytes: a date or a word is never one.
    public var scalarMayBeOutOfRange: Bool {
        guard scalarIsPlain else { return false }
        let bytes = scalarBytes
        var start = 0
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            start = 1
        }
        let digits = bytes[start...]
        if digits.count > 2, digits.first == UInt8(ascii: "0"),
            digits[start + 1] == UInt8(ascii: "x") || digits[start + 1] == UInt8(ascii: "o")
        {
            return true
        }
        return digits.count > 18
            && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The current scalar's text.
    public var scalarText: String {
        let data = event.pointee.data.scalar
        return String(
            decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
    }

    /// The current scalar's text and its value under the YAML 1.2 core schema (as
    /// ``YAMLLoader`` resolves an untagged scalar), or `nil` for a number too large for 64
    /// bits, which the loader reports.
    public var scalar: (text: String, value: ScalarValue)? {
        let text = scalarText
        guard scalarIsPlain else { return (text, .string(text)) }
        guard case .value(let value) = CoreSchema.resolve(text, isPlain: true, tag: nil) else {
            return nil
        }
        return (text, value)
    }
}
