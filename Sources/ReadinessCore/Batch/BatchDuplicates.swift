import Dispatch
import Foundation
import SourceDiagnostics
import YAMLNode

/// The same organisation twice in one batch (a folder that keeps last year's file) counts
/// once: the profile with the latest `as_of`, the others named as superseded.
public enum BatchDuplicates {
    /// A profile left out of the batch because a later one of the same organisation is in it.
    public struct Superseded: Sendable, Codable, Equatable {
        /// The file left out.
        public var file: String
        /// Its organisation.
        public var organisation: String
        /// Its assessment date.
        public var asOf: String
        /// The file assessed instead.
        public var by: String
    }

    /// The profiles to assess, in their order, and those superseded.
    ///
    /// Only each file's `assessment` section is read, on every core; a file whose header
    /// cannot be read is kept, for the batch to report its problem.
    public static func select(_ files: [String], maxBytes: Int) -> (
        files: [String], superseded: [Superseded]
    ) {
        guard files.count > 1 else { return (files, []) }
        let found = Headers(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            found.set(index, header(of: files[index], maxBytes: maxBytes))
        }
        let headers = found.values
        // The latest of each organisation; on the same date, the file later in path order.
        var latest: [String: Int] = [:]
        for (index, header) in headers.enumerated() {
            guard let header else { continue }
            if let kept = latest[header.organisation], let keptHeader = headers[kept],
                keptHeader.asOf > header.asOf
            {
                continue
            }
            latest[header.organisation] = index
        }
        var kept: [String] = []
        var superseded: [Superseded] = []
        for (index, file) in files.enumerated() {
            guard let header = headers[index], let winner = latest[header.organisation],
                winner != index
            else {
                kept.append(file)
                continue
            }
            superseded.append(
                Superseded(
                    file: file, organisation: header.organisation, asOf: header.asOf,
                    by: files[winner]))
        }
        return (kept, superseded)
    }

    /// Headers found by concurrent readers, each in its own place.
    private final class Headers: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [(organisation: String, asOf: String)?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: (organisation: String, asOf: String)?) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }
        var values: [(organisation: String, asOf: String)?] {
            lock.lock()
            defer { lock.unlock() }
            return slots
        }
    }

    /// A profile's organisation and `as_of` text, read from its `assessment` section alone;
    /// `nil` when they cannot be read that way.
    static func header(of path: String, maxBytes: Int) -> (organisation: String, asOf: String)? {
        // The section usually opens the file: its first kilobytes say it, and reading them
        // costs a batch far less than reading every profile twice.
        if let prefix = SourceFile.readPrefix(path: path, count: 4_096) {
            if let found = header(in: prefix.bytes, whole: prefix.whole) { return found }
            if prefix.whole { return nil }
        }
        guard let bytes = try? SourceFile.readBytes(path: path, maxBytes: maxBytes) else {
            return nil
        }
        return header(in: bytes, whole: true)
    }

    /// The header in a file's bytes, or in its first bytes (`whole` false): then only when
    /// the text after the section was reached, so no value was cut short at the end.
    package static func header(in bytes: [UInt8], whole: Bool) -> (
        organisation: String, asOf: String
    )? {
        plainHeader(in: bytes) ?? parsedHeader(in: bytes, whole: whole)
    }

    /// The header as the YAML parser reads it, from the bytes of a file or of its first bytes
    /// (`whole` false), as ``header(in:whole:)`` describes.
    package static func parsedHeader(in bytes: [UInt8], whole: Bool) -> (
        organisation: String, asOf: String
    )? {
        YAMLEventReader.read(bytes) { events -> (String, String)? in
            guard events.next() == .streamStart, events.next() == .documentStart,
                events.next() == .mappingStart
            else { return nil }
            // Top-level keys until `assessment`, skipping every other value whole.
            while let kind = events.next(), kind == .scalar {
                let key = events.scalarText
                guard key == "assessment" else {
                    guard skipValue(events) else { return nil }
                    continue
                }
                guard events.next() == .mappingStart else { return nil }
                var organisation: String?
                var asOf: String?
                while let inner = events.next(), inner == .scalar {
                    let name = events.scalarText
                    guard let value = events.next() else { return nil }
                    if value == .scalar {
                        if name == "organisation" { organisation = events.scalarText }
                        if name == "as_of" { asOf = events.scalarText }
                    } else if !skipRest(of: value, events) {
                        return nil
                    }
                }
                guard let organisation, let asOf else { return nil }
                // What follows the section began within the bytes read, so the section's
                // values ended before it: none was cut short by the end of a prefix.
                if !whole {
                    guard events.next() != nil, events.startOffset < bytes.count - 1 else {
                        return nil
                    }
                }
                return (organisation, asOf)
            }
            return nil
        } ?? nil
    }

    /// The header of a file that opens with the section in its plainest form, read without
    /// setting up a YAML parser (a batch reads every profile's header first): `assessment:` on
    /// the first line, then lines of two spaces, a key, `: ` and a one-line plain value with
    /// nothing YAML could read another way (no quote, comment, flow or block indicator), up
    /// to a line that starts a top-level key. Anything else gives `nil`, for the parser.
    package static func plainHeader(in bytes: [UInt8]) -> (organisation: String, asOf: String)? {
        let opening = Array("assessment:\n".utf8)
        guard bytes.starts(with: opening) else { return nil }
        var organisation: String?
        var asOf: String?
        var index = opening.count
        while index < bytes.count {
            let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[index..<end]
            if let first = line.first, first != UInt8(ascii: " ") {
                // A top-level key after the section: it ended, and it ended inside the bytes.
                guard isKeyStart(first), let organisation, let asOf else { return nil }
                return (organisation, asOf)
            }
            // Two spaces, a key, `: `, a value; the line's end must be inside the bytes.
            guard end < bytes.count, line.count > 2, line.starts(with: [32, 32]),
                let colon = line.firstIndex(of: UInt8(ascii: ":")),
                colon > line.startIndex + 2, colon + 1 < line.endIndex,
                bytes[colon + 1] == UInt8(ascii: " ")
            else { return nil }
            let key = line[(line.startIndex + 2)..<colon]
            let value = line[(colon + 2)...]
            guard key.allSatisfy({ isKeyStart($0) || (48...57).contains($0) }),
                isPlainValue(value)
            else { return nil }
            let text = String(decoding: value, as: UTF8.self)
            if key.elementsEqual("organisation".utf8) { organisation = text }
            if key.elementsEqual("as_of".utf8) { asOf = text }
            index = end + 1
        }
        return nil
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (97...122).contains(byte) || (65...90).contains(byte) || byte == UInt8(ascii: "_")
    }

    /// A one-line plain scalar whose text is its value as written: ASCII letters, digits,
    /// spaces and a few marks inside, no leading or trailing space.
    private static func isPlainValue(_ value: ArraySlice<UInt8>) -> Bool {
        guard let first = value.first, let last = value.last, first != 32, last != 32,
            isKeyStart(first) || (48...57).contains(first)
        else { return false }
        return value.allSatisfy { byte in
            isKeyStart(byte) || (48...57).contains(byte) || byte == 32 || byte == 45
                || byte == 46 || byte == 40 || byte == 41 || byte == 47
        } && !value.elementsEqual("null".utf8) && !value.elementsEqual("true".utf8)
            && !value.elementsEqual("false".utf8)
    }

    /// Skips the value that starts at the next event; `false` at an error or an alias.
    private static func skipValue(_ events: YAMLEventReader) -> Bool {
        guard let kind = events.next() else { return false }
        return skipRest(of: kind, events)
    }

    /// Skips the rest of a value whose first event was `kind`.
    private static func skipRest(of kind: YAMLEventReader.Kind, _ events: YAMLEventReader)
        -> Bool
    {
        switch kind {
        case .scalar: return true
        case .mappingStart, .sequenceStart:
            var depth = 1
            while depth > 0 {
                guard let next = events.next(), next != .alias else { return false }
                if next == .mappingStart || next == .sequenceStart { depth += 1 }
                if next == .mappingEnd || next == .sequenceEnd { depth -= 1 }
            }
            return true
        default: return false
        }
    }
}
