/// Indexing and membership on lists and maps.
enum Collections {
    /// `container[key]`.
    static func index(_ container: CELValue, _ key: CELValue) -> CELValue {
        switch container {
        case .list(let items):
            let position: Int64
            switch key {
            case .int(let number): position = number
            case .uint(let number):
                guard let exact = Int64(exactly: number) else {
                    return .fail("index out of range: \(number)")
                }
                position = exact
            case .double(let number):
                guard let exact = Int64(exactly: number) else {
                    return .fail("unsupported index value: \(number)")
                }
                position = exact
            default:
                return .error(.noSuchOverload(Operator.index, [container, key]))
            }
            guard position >= 0, position < items.count else {
                return .fail(
                    "index out of range: \(position) (the list has \(items.count) elements)")
            }
            return items[Int(position)]
        case .map(let map):
            if let value = map[key] { return value }
            switch key {
            case .bool, .int, .uint, .double, .string: return .fail("no such key: \(key.debugText)")
            default: return .error(.noSuchOverload(Operator.index, [container, key]))
            }
        default:
            return .error(.noSuchOverload(Operator.index, [container, key]))
        }
    }

    /// `element in container`.
    static func contains(_ element: CELValue, _ container: CELValue) -> CELValue {
        switch container {
        case .list(let items):
            // Each item compared where it lies: `contains(where:)` handed the closure a copy,
            // a reference count taken and dropped per item.
            return .bool(
                items.withUnsafeBufferPointer { buffer in
                    if case .string(let text) = element {
                        for index in buffer.indices {
                            if case .string(let item) = buffer[index],
                                CELValue.sameBytes(item, text)
                            {
                                return true
                            }
                        }
                        return false
                    }
                    for index in buffer.indices where CELValue.equal(buffer[index], element) {
                        return true
                    }
                    return false
                })
        case .map(let map):
            return .bool(map[element] != nil)
        default:
            return .error(.noSuchOverload(Operator.in, [element, container]))
        }
    }
}
