import SourceDiagnostics

/// What a checked name refers to.
public enum Reference: Sendable, Hashable {
    /// A declared variable (possibly with a dotted name such as `params.max_days`).
    case variable(String)
    /// A type name used as a value (`int`, `string`).
    case type(CELType)
    /// A function call, with the overloads that can apply.
    case function(String, overloadIDs: [String])
}

/// The result of type-checking: a type and (for names and calls) a reference for every node.
public struct CheckedAST: Sendable {
    /// The parsed expression.
    public var ast: AST
    /// Each node's type, by id.
    public var types: [Int: CELType]
    /// What each name and call resolved to, by id.
    public var references: [Int: Reference]

    /// The type of the whole expression.
    public var resultType: CELType { types[ast.root.id] ?? .dyn }
}

/// The type checker: infers a type for every node against the environment's declarations and
/// reports unknown names, unknown fields, calls no overload accepts, and impossible
/// comparisons, each at its position.
///
/// Checking is gradual: `dyn` is compatible with every type, so data whose shape is not
/// declared is accepted and checked at run time instead.
struct Checker {
    private let environment: Environment
    private var types: [Int: CELType] = [:]
    private var references: [Int: Reference] = [:]
    private var issues: [CELIssue] = []
    private var scopes: [[String: CELType]] = []
    private var offsets: [Int]
    private var fresh = 0

    init(environment: Environment, ast: AST) {
        self.environment = environment
        offsets = ast.offsets
    }

    mutating func check(_ ast: AST) throws(CELCompileError) -> CheckedAST {
        _ = check(ast.root)
        guard issues.isEmpty else { throw CELCompileError(issues: issues, source: ast.source) }
        return CheckedAST(ast: ast, types: types, references: references)
    }

    private func offset(_ expr: Expr) -> Int {
        expr.id < offsets.count ? offsets[expr.id] : 0
    }

    private mutating func report(_ message: String, at expr: Expr, help: String? = nil) {
        issues.append(
            CELIssue(code: "cel.type", message: message, offset: offset(expr), help: help))
    }

    @discardableResult
    private mutating func check(_ expr: Expr) -> CELType {
        let type = infer(expr)
        types[expr.id] = type
        return type
    }

    private mutating func infer(_ expr: Expr) -> CELType {
        switch expr.kind {
        case .literal(let constant):
            switch constant {
            case .null: return .null
            case .bool: return .bool
            case .int: return .int
            case .uint: return .uint
            case .double: return .double
            case .string: return .string
            case .bytes: return .bytes
            }
        case .ident(let name):
            return resolveIdentifier(name, expr)
        case .select(let operand, let field, let testOnly):
            if !testOnly, let qualified = Self.qualifiedName(expr), !isLocal(qualified) {
                if let type = lookupVariable(qualified) {
                    references[expr.id] = .variable(qualified)
                    return type
                }
                if let type = Environment.typeNames[qualified], qualified.contains(".") {
                    references[expr.id] = .type(type)
                    return .type(type)
                }
            }
            let operandType = check(operand)
            let fieldType = selectField(field, on: operandType, expr)
            return testOnly ? .bool : fieldType
        case .call(let target, let function, let args):
            return checkCall(expr, target: target, function: function, args: args)
        case .list(let items):
            let element = join(items.map { check($0) })
            return .list(element)
        case .map(let entries):
            let keys = entries.map { check($0.key) }
            let values = entries.map { check($0.value) }
            for (entry, key) in zip(entries, keys) {
                switch key {
                case .string, .int, .uint, .bool, .dyn, .parameter, .error: break
                default:
                    report(
                        "a map key must be a string, int, uint or bool, not \(key)", at: entry.key)
                }
            }
            return .map(join(keys), join(values))
        case .comprehension(let loop):
            let rangeType = check(loop.iterRange)
            let elementType: CELType
            switch rangeType {
            case .list(let element): elementType = element
            case .map(let key, _): elementType = key
            case .object: elementType = .string
            case .dyn, .error, .parameter: elementType = .dyn
            default:
                report(
                    "a \(rangeType) cannot be iterated; `all`, `exists`, `map` and `filter` need a list or a map",
                    at: loop.iterRange)
                elementType = .error
            }
            var accuType = check(loop.accuInit)
            scopes.append([loop.accuVar: accuType, loop.iterVar: elementType])
            let conditionType = check(loop.loopCondition)
            if !isAssignable(conditionType, to: .bool) {
                report(
                    "the loop condition must be a boolean, not \(conditionType)",
                    at: loop.loopCondition)
            }
            let issuesBefore = issues.count
            let stepType = check(loop.loopStep)
            // `map` and `filter` start from an empty list, typed list(dyn); when the step
            // shows a more specific element type, check once more with it.
            if accuType == .list(.dyn), case .list(let element) = stepType, element != .dyn,
                element != .error
            {
                accuType = stepType
                scopes[scopes.count - 1][loop.accuVar] = accuType
                issues.removeSubrange(issuesBefore...)
                check(loop.loopStep)
            }
            scopes.removeLast()
            scopes.append([loop.accuVar: accuType])
            let result = check(loop.result)
            scopes.removeLast()
            return result
        }
    }

    // MARK: - Names

    private mutating func resolveIdentifier(_ name: String, _ expr: Expr) -> CELType {
        for scope in scopes.reversed() {
            if let type = scope[name] { return type }
        }
        if let type = lookupVariable(name) {
            references[expr.id] = .variable(name.hasPrefix(".") ? String(name.dropFirst()) : name)
            return type
        }
        if let type = Environment.typeNames[name.hasPrefix(".") ? String(name.dropFirst()) : name] {
            references[expr.id] = .type(type)
            return .type(type)
        }
        let candidates =
            Array(environment.variables.keys).sorted() + scopes.flatMap { $0.keys }.sorted()
        report(
            "undeclared reference to `\(name)`" + Suggestion.didYouMean(name, among: candidates),
            at: expr,
            help: environment.variables.isEmpty
                ? nil
                : "the names in scope are: \(candidates.filter { !$0.hasPrefix("@") }.joined(separator: ", "))"
        )
        return .error
    }

    /// Whether the first segment of a dotted name is a loop variable (which hides globals).
    private func isLocal(_ qualified: String) -> Bool {
        let head = String(qualified.split(separator: ".").first ?? "")
        return scopes.contains { $0[head] != nil }
    }

    private func lookupVariable(_ name: String) -> CELType? {
        environment.variables[name.hasPrefix(".") ? String(name.dropFirst()) : name]
    }

    /// `a.b.c` as one dotted name, when the expression is only names and field selections.
    static func qualifiedName(_ expr: Expr) -> String? {
        switch expr.kind {
        case .ident(let name): return name
        case .select(let operand, let field, false):
            return qualifiedName(operand).map { "\($0).\(field)" }
        default: return nil
        }
    }

    private mutating func selectField(_ field: String, on type: CELType, _ expr: Expr) -> CELType {
        switch type {
        case .object(let object):
            if let fieldType = object.fields[field] { return fieldType }
            report(
                "`\(object.name)` has no field `\(field)`"
                    + Suggestion.didYouMean(field, among: object.fields.keys.sorted()),
                at: expr,
                help: "the fields are: \(object.fields.keys.sorted().joined(separator: ", "))")
            return .error
        case .map(let key, let value):
            if isAssignable(key, to: .string) { return value }
            report("a map with \(key) keys has no fields; index it with [ ] instead", at: expr)
            return .error
        case .dyn, .error, .parameter:
            return .dyn
        default:
            report("a value of type \(type) has no fields (selecting `.\(field)`)", at: expr)
            return .error
        }
    }

    // MARK: - Calls

    private mutating func checkCall(_ expr: Expr, target: Expr?, function: String, args: [Expr])
        -> CELType
    {
        // `a.b.f(x)` may name a namespaced global function `a.b.f` rather than a method.
        if let target, let qualified = Self.qualifiedName(target), lookupVariable(qualified) == nil,
            !scopes.contains(where: { $0[qualified] != nil }),
            environment.functions["\(qualified).\(function)"] != nil
        {
            return checkCall(expr, target: nil, function: "\(qualified).\(function)", args: args)
        }
        if function == Operator.conditional, args.count == 3 {
            let condition = check(args[0])
            if !isAssignable(condition, to: .bool) {
                report("the condition of `? :` must be a boolean, not \(condition)", at: args[0])
            }
            return join([check(args[1]), check(args[2])])
        }
        let argTypes = ((target.map { [$0] } ?? []) + args).map { check($0) }
        guard let declaration = environment.functions[function] else {
            let names = environment.functions.keys.filter {
                !$0.contains("_") || $0.contains(where: \.isLetter)
            }
            report(
                "undeclared function `\(function)`"
                    + Suggestion.didYouMean(function, among: names.sorted()), at: expr)
            return .error
        }
        if argTypes.contains(.error) { return .error }
        var matched: [(Overload, CELType)] = []
        for overload in declaration.overloads
        where overload.isReceiver == (target != nil) && overload.parameters.count == argTypes.count
        {
            var substitution: [String: CELType] = [:]
            let suffix = "#\(fresh)"
            fresh += 1
            let parameters = overload.parameters.map { $0.renamingParameters(suffix) }
            if zip(argTypes, parameters).allSatisfy({ unify($0, $1, &substitution) }) {
                matched.append(
                    (
                        overload,
                        overload.result.renamingParameters(suffix).substituting(substitution)
                    ))
            }
        }
        guard !matched.isEmpty else {
            let shown = argTypes.map(\.description).joined(separator: ", ")
            let name = Operator.display(function)
            let style = target != nil ? "receiver " : ""
            let signatures = declaration.overloads.map { overload in
                overload.isReceiver
                    ? "\(overload.parameters[0]).\(name)(\(overload.parameters.dropFirst().map(\.description).joined(separator: ", ")))"
                    : "\(name)(\(overload.parameters.map(\.description).joined(separator: ", ")))"
            }
            report(
                "no matching overload for \(style)`\(name)` applied to (\(shown))", at: expr,
                help:
                    "`\(name)` accepts: \(signatures.prefix(8).joined(separator: "; "))\(signatures.count > 8 ? "; …" : "")"
            )
            return .error
        }
        references[expr.id] = .function(function, overloadIDs: matched.map(\.0.id))
        let results = matched.map(\.1).map(\.erasingParameters)
        return results.allSatisfy { $0 == results[0] } ? results[0] : .dyn
    }

    // MARK: - Types

    /// Unifies an argument type with a parameter type, binding type parameters.
    private func unify(
        _ argument: CELType, _ parameter: CELType, _ substitution: inout [String: CELType]
    ) -> Bool {
        switch (argument, parameter) {
        case (_, .parameter(let name)):
            // dyn and errors fit any parameter without fixing it, so a later, more specific
            // argument can still decide it: `[] + ['a']` is a list(string).
            if argument == .dyn || argument == .error { return true }
            if let bound = substitution[name] {
                if case .parameter = argument { return true }
                return unify(argument, bound, &substitution)
            }
            substitution[name] = argument
            return true
        case (.error, _), (_, .error), (.dyn, _), (_, .dyn):
            return true
        case (.null, .nullable), (.nullable, .null):
            // `x == null` for a value that may be null.
            return true
        case (.nullable(let a), .nullable(let b)):
            return unify(a, b, &substitution)
        case (.nullable(let inner), _):
            // It fits where its inner type does; a null there is an error at run time.
            return unify(inner, parameter, &substitution)
        case (_, .nullable(let inner)):
            return unify(argument, inner, &substitution)
        case (.parameter, _):
            return true
        case (.list(let a), .list(let b)):
            return unify(a, b, &substitution)
        case (.map(let ka, let va), .map(let kb, let vb)):
            return unify(ka, kb, &substitution) && unify(va, vb, &substitution)
        case (.object, .map(let key, let value)):
            return unify(.string, key, &substitution) && unify(.dyn, value, &substitution)
        case (.object(let a), .object(let b)):
            return a == b
        case (.type, .type):
            // Type values are all of kind `type`: `type(7) == type(7u)` is a valid comparison.
            return true
        case (.opaque(let a, let pa), .opaque(let b, let pb)):
            return a == b && pa.count == pb.count
                && zip(pa, pb).allSatisfy { unify($0, $1, &substitution) }
        default:
            return argument == parameter
        }
    }

    private func isAssignable(_ type: CELType, to target: CELType) -> Bool {
        var substitution: [String: CELType] = [:]
        return unify(type, target, &substitution)
    }

    /// The most specific type covering all of `types`: the type itself when they agree,
    /// otherwise `dyn`.
    private func join(_ types: [CELType]) -> CELType {
        let known = types.filter { $0 != .error }
        guard let first = known.first else { return types.isEmpty ? .dyn : .error }
        if known.allSatisfy({ $0 == first }) { return first }
        if known.allSatisfy({ if case .list = $0 { return true } else { return false } }) {
            return .list(.dyn)
        }
        return .dyn
    }
}

extension CELType {
    func renamingParameters(_ suffix: String) -> CELType {
        switch self {
        case .parameter(let name): .parameter(name + suffix)
        case .list(let element): .list(element.renamingParameters(suffix))
        case .map(let key, let value):
            .map(key.renamingParameters(suffix), value.renamingParameters(suffix))
        case .type(let inner): .type(inner?.renamingParameters(suffix))
        case .opaque(let name, let parameters):
            .opaque(name, parameters.map { $0.renamingParameters(suffix) })
        case .nullable(let inner): .nullable(inner.renamingParameters(suffix))
        default: self
        }
    }

    func substituting(_ substitution: [String: CELType]) -> CELType {
        switch self {
        case .parameter(let name): substitution[name].map { $0.substituting(substitution) } ?? .dyn
        case .list(let element): .list(element.substituting(substitution))
        case .map(let key, let value):
            .map(key.substituting(substitution), value.substituting(substitution))
        case .type(let inner): .type(inner?.substituting(substitution))
        case .opaque(let name, let parameters):
            .opaque(name, parameters.map { $0.substituting(substitution) })
        case .nullable(let inner): .nullable(inner.substituting(substitution))
        default: self
        }
    }

    /// Unbound parameters become `dyn`.
    var erasingParameters: CELType {
        substituting([:])
    }
}
