import CEL
import YAMLNode

/// A profile schema laid out for ``ProfileStreamDecoder``: each record's field names as UTF-8
/// bytes with their fingerprints, so a key is matched while still in libyaml's buffer, and
/// each field's type as a plain tag, so reading a value copies no specification.
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
    let allowedBytes: [[UInt8]]

    init(_ spec: FieldSpec) {
        self.spec = spec
        allowedBytes = spec.allowedValues?.map { Array($0.utf8) } ?? []
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
}

extension FieldPlan {
    /// The allowed value whose bytes these are, or `nil`.
    func allowedValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for (position, allowed) in allowedBytes.enumerated() where sameBytes(allowed, bytes) {
            return spec.allowedValues?[position]
        }
        return nil
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
    private let bytes: [[UInt8]]
    /// Whether each name, written as a plain key, reads as text under the YAML core schema: a
    /// field named `true` or `null` would not, and is left to the full decoder.
    private let readsAsText: [Bool]

    init(_ object: ObjectSpec) {
        names = object.fields.map(\.name)
        fingerprints = names.map(CELMap.fingerprint)
        fields = object.fields.map { FieldPlan($0.spec) }
        bytes = names.map { Array($0.utf8) }
        readsAsText = names.map {
            CoreSchema.resolve($0, isPlain: true, tag: nil) == .value(.string($0))
        }
    }

    /// The position of the field a key's bytes name, or `nil` when it names none. `guess`
    /// is tried first: profiles mostly give fields in the schema's order, so the field after
    /// the previous key usually matches without hashing the key.
    func position(of key: UnsafeBufferPointer<UInt8>, guess: Int) -> Int? {
        if guess < names.count, readsAsText[guess], sameBytes(bytes[guess], key) { return guess }
        let fingerprint = CELMap.fingerprint(utf8: key)
        for position in fingerprints.indices where fingerprints[position] == fingerprint {
            guard readsAsText[position] else { return nil }
            if sameBytes(bytes[position], key) { return position }
        }
        return nil
    }
}
