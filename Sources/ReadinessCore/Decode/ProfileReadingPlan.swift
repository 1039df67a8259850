import CEL
import Glibc
import YAMLNode

/// A profile schema laid out for ``ProfileStreamDecoder``: each record's field names as UTF-8
/// bytes, so a key is matched while still in libyaml's buffer (with the fingerprints its map
/// needs made once), and each field's type as a plain tag, so reading a value copies no
/// specification.
///
/// Made once per rule set (``ProfileReader``) and shared by every profile it reads.
final class FieldPlan: Sendable {
    /// What a field holds, without the payloads of ``FieldType``.
    enum Kind: Sendable {
        case string, int, number, bool, date, list, object
    }

    let kind: Kind
    let spec: FieldSpec
    /// A list's items.
    let item: FieldPlan?
    /// An object's fields.
    let record: RecordPlan?
    /// A string field's allowed values as UTF-8, so a value is recognised in the parser's
    /// buffer and shares the schema's string instead of allocating its own.
    private let allowedBytes: ByteTable
    private let allowedValues: [String]

    init(_ spec: FieldSpec) {
        self.spec = spec
        allowedValues = spec.allowedValues ?? []
        allowedBytes = ByteTable(allowedValues)
        switch spec.type {
        case .string: (kind, item, record) = (.string, nil, nil)
        case .int: (kind, item, record) = (.int, nil, nil)
        case .number: (kind, item, record) = (.number, nil, nil)
        case .bool: (kind, item, record) = (.bool, nil, nil)
        case .date: (kind, item, record) = (.date, nil, nil)
        case .list(let itemSpec): (kind, item, record) = (.list, FieldPlan(itemSpec), nil)
        case .object(let object): (kind, item, record) = (.object, nil, RecordPlan(object))
        }
    }

    /// The allowed value whose bytes these are, or `nil`.
    func allowedValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        allowedBytes.position(of: bytes, guess: 0).map { allowedValues[$0] }
    }
}

/// Texts stored as UTF-8 end to end in one buffer, so that matching bytes against them reads
/// one buffer (an array of arrays retained and released the inner array at every look). Made
/// once per rule set and only read after.
final class ByteTable: @unchecked Sendable {
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Where each text starts in `bytes`, then where the last one ends.
    private let bounds: UnsafeMutableBufferPointer<Int>
    private let count: Int

    init(_ texts: [String]) {
        count = texts.count
        let all = texts.flatMap(\.utf8)
        bytes = .allocate(capacity: max(1, all.count))
        _ = bytes.initialize(from: all)
        bounds = .allocate(capacity: texts.count + 1)
        var end = 0
        bounds[0] = 0
        for (position, text) in texts.enumerated() {
            end += text.utf8.count
            bounds[position + 1] = end
        }
    }

    deinit {
        bytes.deallocate()
        bounds.deallocate()
    }

    /// The position of the text these bytes spell, `guess` tried first; `nil` when none does.
    func position(of key: UnsafeBufferPointer<UInt8>, guess: Int) -> Int? {
        if guess < count, spells(guess, key) { return guess }
        for position in 0..<count where position != guess && spells(position, key) {
            return position
        }
        return nil
    }

    @inline(__always)
    private func spells(_ position: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = bounds[position]
        guard bounds[position + 1] - start == key.count else { return false }
        guard let base = bytes.baseAddress, let keyBase = key.baseAddress else { return true }
        return memcmp(base + start, keyBase, key.count) == 0
    }
}

/// Whether text stored as UTF-8 is the text in a parser's buffer, byte for byte.
func sameBytes(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    stored.withUnsafeBufferPointer { stored in
        guard stored.count == bytes.count else { return false }
        for offset in 0..<bytes.count where stored[offset] != bytes[offset] { return false }
        return true
    }
}

/// One record's declared fields, in declaration order.
final class RecordPlan: Sendable {
    let names: [String]
    let fingerprints: [UInt64]
    let fields: [FieldPlan]
    private let bytes: ByteTable
    /// Whether each name, written as a plain key, reads as text under the YAML core schema: a
    /// field named `true` or `null` would not, and is left to the full decoder.
    private let readsAsText: [Bool]

    init(_ object: ObjectSpec) {
        names = object.fields.map(\.name)
        fingerprints = names.map(CELMap.fingerprint)
        fields = object.fields.map { FieldPlan($0.spec) }
        bytes = ByteTable(names)
        readsAsText = names.map {
            CoreSchema.resolve($0, isPlain: true, tag: nil) == .value(.string($0))
        }
    }

    /// The position of the field a key's bytes name, or `nil` when it names none. `guess`
    /// is tried first: profiles mostly give fields in the schema's order, so the field after
    /// the previous key usually matches at the first comparison.
    func position(of key: UnsafeBufferPointer<UInt8>, guess: Int) -> Int? {
        guard let position = bytes.position(of: key, guess: guess), readsAsText[position] else {
            return nil
        }
        return position
    }
}
