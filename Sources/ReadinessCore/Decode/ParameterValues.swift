import CEL
import SourceDiagnostics
import YAMLNode

/// Typed parameter values from YAML, with their bounds checked.
enum ParameterValues {
    /// A mapping of parameter names to values (a tailoring's `parameters`, a rule test's
    /// `params`), each name a parameter of the rule set and each value of its type and within
    /// its bounds; what is wrong is reported and left out.
    static func values(_ node: Node, of ruleSet: RuleSet, context: String, bag: inout DiagnosticBag)
        -> [(name: String, value: CELValue)]
    {
        guard let pairs = node.mapping else {
            bag.append(
                .wrongKind(
                    expected: "a mapping of parameter names to values", found: node,
                    context: context))
            return []
        }
        var values: [(name: String, value: CELValue)] = []
        for pair in pairs {
            guard let name = pair.key.string else { continue }
            guard let parameter = ruleSet.parameter(name) else {
                bag.append(
                    .unknownReference(
                        "parameter", name, at: pair.key.range,
                        known: ruleSet.parameters.map(\.name)))
                continue
            }
            if let value = value(pair.value, for: parameter, bag: &bag) {
                values.append((name, value))
            }
        }
        return values
    }

    static func value(_ node: Node, for parameter: Parameter, bag: inout DiagnosticBag) -> CELValue?
    {
        let what = "the value of parameter `\(parameter.name)`"
        if parameter.kind == .list {
            guard let items = node.sequence else {
                bag.append(.wrongKind(expected: "a list", found: node, context: what))
                return nil
            }
            var item = parameter
            item.kind = parameter.itemKind ?? .string
            item.itemKind = nil
            var values: [CELValue] = []
            for element in items {
                guard let value = value(element, for: item, bag: &bag) else { return nil }
                values.append(value)
            }
            return .list(values)
        }
        let value: CELValue?
        switch parameter.kind {
        case .int: value = Scalars.integer(node, what, bag: &bag).map(CELValue.int)
        case .number: value = Scalars.number(node, what, bag: &bag).map(CELValue.double)
        case .bool: value = Scalars.bool(node, what, bag: &bag).map(CELValue.bool)
        case .string, .list: value = Scalars.string(node, what, bag: &bag).map(CELValue.string)
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
