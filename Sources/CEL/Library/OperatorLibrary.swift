/// The signatures of CEL's operators, for the checker. The interpreter evaluates operators
/// natively, so these overloads carry no implementation.
enum OperatorLibrary {
    private static let a = CELType.parameter("A")
    private static let k = CELType.parameter("K")
    private static let v = CELType.parameter("V")
    private static let numbers: [(String, CELType)] = [
        ("int64", .int), ("uint64", .uint), ("double", .double),
    ]

    static var declarations: [FunctionDecl] {
        var declarations: [FunctionDecl] = [
            FunctionDecl(Operator.logicalNot, overloads: [Overload("logical_not", [.bool], .bool)]),
            FunctionDecl(
                Operator.negate,
                overloads: [
                    Overload("negate_int64", [.int], .int),
                    Overload("negate_double", [.double], .double),
                ]),
            FunctionDecl(
                Operator.logicalAnd, overloads: [Overload("logical_and", [.bool, .bool], .bool)]),
            FunctionDecl(
                Operator.logicalOr, overloads: [Overload("logical_or", [.bool, .bool], .bool)]),
            FunctionDecl(
                Operator.notStrictlyFalse,
                overloads: [Overload("not_strictly_false", [.bool], .bool)]),
            FunctionDecl(Operator.equals, overloads: [Overload("equals", [a, a], .bool)]),
            FunctionDecl(Operator.notEquals, overloads: [Overload("not_equals", [a, a], .bool)]),
            FunctionDecl(
                Operator.index,
                overloads: [
                    Overload("index_list", [.list(a), .int], a),
                    Overload("index_map", [.map(k, v), k], v),
                ]),
            FunctionDecl(
                Operator.in,
                overloads: [
                    Overload("in_list", [a, .list(a)], .bool),
                    Overload("in_map", [k, .map(k, v)], .bool),
                ]),
        ]
        let relations = [
            (Operator.less, "less"), (Operator.lessEquals, "less_equals"),
            (Operator.greater, "greater"),
            (Operator.greaterEquals, "greater_equals"),
        ]
        for (function, name) in relations {
            var overloads: [Overload] = []
            for (leftName, left) in numbers {
                for (rightName, right) in numbers {
                    let id =
                        leftName == rightName
                        ? "\(name)_\(leftName)" : "\(name)_\(leftName)_\(rightName)"
                    overloads.append(Overload(id, [left, right], .bool))
                }
            }
            for (typeName, type) in [
                ("string", CELType.string), ("bytes", .bytes), ("bool", .bool),
                ("timestamp", .timestamp), ("duration", .duration),
            ] {
                overloads.append(Overload("\(name)_\(typeName)", [type, type], .bool))
            }
            declarations.append(FunctionDecl(function, overloads: overloads))
        }
        declarations.append(
            FunctionDecl(
                Operator.add,
                overloads: [
                    Overload("add_int64", [.int, .int], .int),
                    Overload("add_uint64", [.uint, .uint], .uint),
                    Overload("add_double", [.double, .double], .double),
                    Overload("add_string", [.string, .string], .string),
                    Overload("add_bytes", [.bytes, .bytes], .bytes),
                    Overload("add_list", [.list(a), .list(a)], .list(a)),
                    Overload("add_timestamp_duration", [.timestamp, .duration], .timestamp),
                    Overload("add_duration_timestamp", [.duration, .timestamp], .timestamp),
                    Overload("add_duration_duration", [.duration, .duration], .duration),
                ]))
        declarations.append(
            FunctionDecl(
                Operator.subtract,
                overloads: [
                    Overload("subtract_int64", [.int, .int], .int),
                    Overload("subtract_uint64", [.uint, .uint], .uint),
                    Overload("subtract_double", [.double, .double], .double),
                    Overload("subtract_timestamp_timestamp", [.timestamp, .timestamp], .duration),
                    Overload("subtract_timestamp_duration", [.timestamp, .duration], .timestamp),
                    Overload("subtract_duration_duration", [.duration, .duration], .duration),
                ]))
        for (function, name) in [(Operator.multiply, "multiply"), (Operator.divide, "divide")] {
            declarations.append(
                FunctionDecl(
                    function,
                    overloads: [
                        Overload("\(name)_int64", [.int, .int], .int),
                        Overload("\(name)_uint64", [.uint, .uint], .uint),
                        Overload("\(name)_double", [.double, .double], .double),
                    ]))
        }
        declarations.append(
            FunctionDecl(
                Operator.modulo,
                overloads: [
                    Overload("modulo_int64", [.int, .int], .int),
                    Overload("modulo_uint64", [.uint, .uint], .uint),
                ]))
        return declarations
    }
}
