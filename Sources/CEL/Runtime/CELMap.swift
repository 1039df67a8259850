/// A CEL map: keys of type bool, int, uint or string, in insertion order.
///
/// Numeric keys compare by value, so `{1: 'a'}[1u]` and `{1: 'a'}[1.0]` find the entry, as
/// CEL's heterogeneous equality requires. Small maps (most profile records) are searched
/// linearly, which beats hashing for a handful of keys; larger ones get a hash index.
public struct CELMap: @unchecked Sendable {
    let storage: Storage

    init(storage: Storage) {
        self.storage = storage
    }

    /// The entries in insertion order.
    public var entries: [(key: CELValue, value: CELValue)] {
        storage.withEntries { $0.map { ($0.key, $0.value) } }
    }

    /// Maps with more keys than this get a hash index; up to it, comparing fingerprints one
    /// by one is faster than hashing the key (profile records have about 4 to 12 fields).
    static let indexThreshold = 16

    /// A key in its comparable form. Strings are equal when their code points are, as CEL's
    /// `==` has them (Swift's `==` would also match canonically equivalent spellings, so
    /// `{'caf\u00e9': 1}` would have held the key `'cafe\u0301'`).
    enum Key: Hashable {
        case bool(Bool)
        case int(Int64)
        case uint(UInt64)  // Only for values above Int64.max.
        case string(String)

        static func == (lhs: Key, rhs: Key) -> Bool {
            switch (lhs, rhs) {
            case (.bool(let a), .bool(let b)): a == b
            case (.int(let a), .int(let b)): a == b
            case (.uint(let a), .uint(let b)): a == b
            case (.string(let a), .string(let b)): CELValue.sameBytes(a, b)
            default: false
            }
        }

        func hash(into hasher: inout Hasher) {
            switch self {
            case .bool(let flag):
                hasher.combine(0 as UInt8)
                hasher.combine(flag)
            case .int(let number):
                hasher.combine(1 as UInt8)
                hasher.combine(number)
            case .uint(let number):
                hasher.combine(2 as UInt8)
                hasher.combine(number)
            case .string(let text):
                hasher.combine(3 as UInt8)
                // By the bytes, as `==` compares: String's own hashing is canonical.
                var text = text
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        }

        init?(_ value: CELValue) {
            switch value {
            case .bool(let flag): self = .bool(flag)
            case .int(let number): self = .int(number)
            case .uint(let number):
                self = number <= UInt64(Int64.max) ? .int(Int64(number)) : .uint(number)
            case .string(let text): self = .string(text)
            case .double(let number):
                if number.rounded(.towardZero) != number { return nil }
                if let exact = Int64(exactly: number) {
                    self = .int(exact)
                } else if let exact = UInt64(exactly: number) {
                    self = .uint(exact)
                } else {
                    return nil
                }
            default: return nil
            }
        }
    }

    /// An empty map.
    public init() {
        storage = Storage.make(capacity: 0)
    }

    /// A map of string keys, as data from YAML or JSON is; a repeated key keeps its first
    /// value.
    public init(_ pairs: [(String, CELValue)]) {
        var builder = Builder()
        for (key, value) in pairs { builder.insert(.string(key), value) }
        self = builder.build()
    }

    /// Builds a map from key/value pairs; an error for a key of an unsupported type or a
    /// repeated key.
    public static func make(_ pairs: [(CELValue, CELValue)]) -> Result<CELMap, CELError> {
        var builder = Builder()
        for (key, value) in pairs {
            if case .error(let error) = key { return .failure(error) }
            guard Key(key) != nil, !(key.isDouble) else {
                return .failure(CELError("unsupported key type: \(key.type.runtimeName)"))
            }
            if !builder.insert(key, value) {
                return .failure(CELError("duplicate key in map literal: \(key.debugText)"))
            }
        }
        return .success(builder.build())
    }

    /// The number of entries.
    public var count: Int { storage.count }

    /// The value for a key, or `nil` when absent.
    public subscript(key: CELValue) -> CELValue? {
        guard let comparable = Key(key), let position = storage.position(of: comparable) else {
            return nil
        }
        return storage.withEntries { $0[position].value }
    }

    /// The value for a string key (field selection), or `nil`.
    public subscript(field field: String) -> CELValue? {
        self[field: field, fingerprint: Self.fingerprint(field)]
    }

    /// The value for a string key whose ``fingerprint(_:)`` the caller computed once in
    /// advance (a planned field selection), or `nil`.
    package subscript(field field: String, fingerprint fingerprint: UInt64) -> CELValue? {
        storage.position(ofField: field, fingerprint).map { position in
            storage.withEntries { $0[position].value }
        }
    }

    /// Follows a chain of string-keyed fields from the value at `start` (`w.supervision.days`
    /// from `w`), copying only the value found: the maps passed through are read in place,
    /// without reference counting. The value at `start` must stay alive and unchanged during
    /// the call. Selecting from a value that is not a map is an error (see ``unselectable(_:)``).
    static func follow(
        from start: UnsafePointer<CELValue>,
        _ path: UnsafeBufferPointer<(name: String, fingerprint: UInt64)>
    ) -> CELValue {
        guard let first = start.pointee.unretainedMapStorage else {
            return unselectable(start.pointee)
        }
        var current = first
        // An empty path selects nothing: the value itself.
        guard var field = path.baseAddress, !path.isEmpty else { return start.pointee }
        let last = field + (path.count - 1)
        while true {
            // The field's name is compared where it lies, in the path and in the entries:
            // copying either out retained and released a string per step.
            let found = current._withUnsafeGuaranteedRef { storage -> UnsafePointer<Entry>? in
                storage.entry(named: field)
            }
            guard let found else { return .error(.missing(field.pointee.name)) }
            if field == last { return found.pointee.value }
            guard let next = found.pointee.value.unretainedMapStorage else {
                return unselectable(found.pointee.value)
            }
            current = next
            field += 1
        }
    }

    /// The result of selecting a field of a value that is not a map: the value itself when it
    /// is an error (errors propagate), otherwise a type error.
    static func unselectable(_ value: CELValue) -> CELValue {
        if case .error = value { return value }
        return .fail("type '\(value.type.runtimeName)' does not support field selection")
    }

    /// A 64-bit FNV-1a hash of a string's UTF-8 bytes, never 0.
    package static func fingerprint(_ text: String) -> UInt64 {
        fingerprint(utf8: text.utf8)
    }

    /// ``fingerprint(_:)`` of text given as UTF-8 bytes (a key still in a parser's buffer).
    @inlinable
    package static func fingerprint<Bytes: Sequence<UInt8>>(utf8 bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash | 1
    }
}

extension CELValue {
    /// The storage of a map value, without a retain: for reading a map that something else
    /// keeps alive.
    var unretainedMapStorage: Unmanaged<CELMap.Storage>? {
        guard case .map(let map) = self else { return nil }
        return Unmanaged.passUnretained(map.storage)
    }

    /// Whether this is the string `text`, code point for code point.
    @inline(__always)
    func isString(_ text: String) -> Bool {
        guard case .string(let own) = self else { return false }
        return CELValue.sameBytes(own, text)
    }

    var isDouble: Bool {
        if case .double = self { return true }
        return false
    }
}
