import CEL
import Foundation
import SourceDiagnostics
import YAMLNode

/// Turns YAML (or JSON, which libyaml reads as YAML) into CEL values.
public enum NodeConversion {
    /// The plain reading: scalars by their core-schema type, sequences as lists, mappings as
    /// maps with their keys' values. A key whose value is `~` is left out, as a profile leaves
    /// out a field it writes `~` for ("not known"): `has()` is false for it either way.
    public static func value(_ node: Node) -> CELValue {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(number)
            case .float(let number): return .double(number)
            case .string(let text): return .string(text)
            }
        case .sequence(let items):
            return .list(items.map(value))
        case .mapping(let pairs):
            var builder = CELMap.Builder()
            for pair in pairs where !isNull(pair.value) {
                builder.insert(value(pair.key), value(pair.value))
            }
            return .map(builder.build())
        }
    }

    /// Whether a node is the null scalar (`~`, `null` or nothing).
    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node.content, case .null = scalar.value { return true }
        return false
    }

    /// The JSON-like Foundation form of a node, for readers that take `JSONSerialization`
    /// output (the tagged-value reader).
    static func foundationObject(_ node: Node) -> Any {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return NSNull()
            case .bool(let flag): return NSNumber(value: flag)
            case .int(let number): return NSNumber(value: number)
            case .float(let number): return NSNumber(value: number)
            case .string(let text): return text
            }
        case .sequence(let items):
            return items.map(foundationObject)
        case .mapping(let pairs):
            var object: [String: Any] = [:]
            for pair in pairs { object[pair.key.scalar?.text ?? ""] = foundationObject(pair.value) }
            return object
        }
    }
}
