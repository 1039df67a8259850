import CEL
import SourceDiagnostics
import YAMLNode

/// Typed parameter values from YAML, with their bounds checked.
enum ParameterValues {
    static func value(_ node: Node, for parameter: Parameter, bag: inout DiagnosticBag) -> CELValue?
    {
        let what = "the value of parameter `\(parameter.name)`"
        let value: CELValue?
        switch parameter.kind {
        case .int: value = Scalars.integer(node, what, bag: &bag).map(CELValue.int)
        case .number: value = Scalars.number(node, what, bag: &bag).map(CELValue.double)
        case .bool: value = Scalars.bool(node, what, bag: &bag).map(CELValue.bool)
        case .string: value = Scalars.string(node, what, bag: &bag).map(CELValue.string)
        }
        guard let value else { return nil }
        let number: Double? =
            switch value {
            case .int(let n): Double(n)
            case .double(let n): n
            default: nil
            }
        if let number {
            _ = Bounds.check(
                number, minimum: parameter.minimum, maximum: parameter.maximum, what: what,
                node: node, bag: &bag)
        }
        return value
    }
}

/// Checks a number against optional bounds, reporting a breach at the node.
enum Bounds {
    static func check(
        _ number: Double, minimum: Double?, maximum: Double?, what: @autoclosure () -> String,
        node: Node,
        bag: inout DiagnosticBag
    ) -> Bool {
        if let minimum, number < minimum {
            bag.append(
                .invalidValue(
                    "\(what()) is \(RuleDecoder.format(number)), below its minimum of \(RuleDecoder.format(minimum))",
                    at: node.range))
            return false
        }
        if let maximum, number > maximum {
            bag.append(
                .invalidValue(
                    "\(what()) is \(RuleDecoder.format(number)), above its maximum of \(RuleDecoder.format(maximum))",
                    at: node.range))
            return false
        }
        return true
    }
}
