/// A CEL map: keys of type bool, int, uint or string, in insertion order.
///
/// Numeric keys compare by value, so `{1: 'a'}[1u]` and `{1: 'a'}[1.0]` find the entry, as
/// CEL's heterogeneous equality requires. Small maps (most profile records) are searched
/// linearly, which beats hashing for a handful of keys; larger ones get a hash index.
public struct CELMap: Sendable {
    /// The entries in insertion order.
    public private(set) var entries: [(key: CELValue, value: CELValue)] = []
    private var keys: [Key] = []
    private var index: [Key: Int]?

    private static let indexThreshold = 8

    /// A key in its comparable form.
    enum Key: Hashable {
        case bool(Bool)
        case int(Int64)
        case uint(UInt64)  // Only for values above Int64.max.
        case string(String)

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
    public init() {}

    /// A map of string keys, as data from YAML or JSON is.
    public init(_ pairs: [(String, CELValue)]) {
        for (key, value) in pairs { _ = insert(.string(key), value) }
    }

    /// Builds a map from key/value pairs; an error for a key of an unsupported type or a
    /// repeated key.
    public static func make(_ pairs: [(CELValue, CELValue)]) -> Result<CELMap, CELError> {
        var map = CELMap()
        for (key, value) in pairs {
            if case .error(let error) = key { return .failure(error) }
            guard Key(key) != nil, !(key.isDouble) else {
                return .failure(CELError("unsupported key type: \(key.type.runtimeName)"))
            }
            if !map.insert(key, value) {
                return .failure(CELError("duplicate key in map literal: \(key.debugText)"))
            }
        }
        return .success(map)
    }

    /// Adds an entry; `false` when the key is already present (the map is unchanged).
    @discardableResult
    public mutating func insert(_ key: CELValue, _ value: CELValue) -> Bool {
        guard let comparable = Key(key) else { return false }
        if find(comparable) != nil { return false }
        entries.append((key, value))
        keys.append(comparable)
        if index != nil {
            index?[comparable] = keys.count - 1
        } else if keys.count > Self.indexThreshold {
            index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        }
        return true
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The value for a key, or `nil` when absent.
    public subscript(key: CELValue) -> CELValue? {
        guard let comparable = Key(key), let position = find(comparable) else { return nil }
        return entries[position].value
    }

    /// The value for a string key (field selection), or `nil`.
    public subscript(field field: String) -> CELValue? {
        if let index {
            return index[.string(field)].map { entries[$0].value }
        }
        for position in keys.indices {
            if case .string(let name) = keys[position], name == field {
                return entries[position].value
            }
        }
        return nil
    }

    private func find(_ key: Key) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }
}

extension CELValue {
    var isDouble: Bool {
        if case .double = self { return true }
        return false
    }
}
