import CEL
import SourceDiagnostics

/// Named expressions (`definitions:`), written once and used by name in any rule, action
/// condition or constraint: `paid_peers: peer_workers.filter(w, w.paid)` lets a rule say
/// `size(paid_peers) > 0`.
///
/// A use is replaced by the definition in parentheses when the rule set loads, so every later
/// stage (type checking, reads, missing data, `explain`) sees one ordinary expression; a
/// problem in the result is placed at the use, and a definition is checked on its own where
/// it is written.
public struct Definition: Sendable {
    /// Its name.
    public var name: String
    /// The expression, with the definitions it uses already in place.
    public var expression: Expression
}

enum Definitions {
    /// The definitions with the ones each uses put in place, in declaration order; a
    /// definition that uses itself, directly or through others, is an error.
    static func resolve(_ declared: [Definition], bag: inout DiagnosticBag) -> [Definition] {
        var resolved: [String: Definition] = [:]
        var inProgress: [String] = []
        let byName = Dictionary(
            declared.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        func resolveOne(_ definition: Definition) -> Definition? {
            if let done = resolved[definition.name] { return done }
            if inProgress.contains(definition.name) {
                let cycle = inProgress.drop { $0 != definition.name } + [definition.name]
                bag.append(
                    .invalidValue(
                        "definitions use each other in a cycle: \(cycle.joined(separator: " → "))",
                        at: definition.expression.range,
                        help: "write one of them without the others"))
                return nil
            }
            inProgress.append(definition.name)
            defer { inProgress.removeLast() }
            // The names it uses as variables (not fields after a dot, functions or loop items).
            let names = (IdentifierUse.uses(in: definition.expression.text) ?? []).filter {
                !$0.isMember && !$0.isCall && !$0.isLoopVariable
            }.map(\.name)
            var others: [String: Definition] = [:]
            for name in names where name != definition.name {
                if let inner = byName[name].flatMap(resolveOne) { others[name] = inner }
            }
            if names.contains(definition.name) {
                bag.append(
                    .invalidValue(
                        "the definition `\(definition.name)` uses itself",
                        at: definition.expression.range,
                        help: "a definition is one expression, written without its own name"))
                return nil
            }
            var copy = definition
            copy.expression = expand(
                definition.expression, with: others, what: "the definition `\(definition.name)`",
                bag: &bag)
            resolved[definition.name] = copy
            return copy
        }
        return declared.compactMap(resolveOne)
    }

    /// The expression with each use of a definition replaced by it, in parentheses; `what`
    /// names the expression in messages.
    static func expand(
        _ expression: Expression, with definitions: [String: Definition], what: String,
        bag: inout DiagnosticBag
    ) -> Expression {
        guard !definitions.isEmpty, let uses = IdentifierUse.uses(in: expression.text) else {
            return expression
        }
        let scalars = Array(expression.text.unicodeScalars)
        var text = String.UnicodeScalarView()
        // Each scalar of the new text, by where it was written in the old.
        var origins: [Int] = []
        var cursor = 0
        var used: Set<String> = []
        for use in uses {
            guard let definition = definitions[use.name], !use.isMember, !use.isCall else {
                continue
            }
            if use.isLoopVariable {
                bag.append(
                    .invalidValue(
                        "\(what) names a loop's item `\(use.name)`, which is the name of a definition",
                        at: SourceRange(start: expression.locate(use.offset)),
                        help: "give the item another name, such as `x`"))
                continue
            }
            text.append(contentsOf: scalars[cursor..<use.offset])
            origins += Array(cursor..<use.offset)
            let inserted = "(" + definition.expression.text + ")"
            text.append(contentsOf: inserted.unicodeScalars)
            origins += Array(repeating: use.offset, count: inserted.unicodeScalars.count)
            cursor = use.offset + use.name.unicodeScalars.count
            used.insert(use.name)
            used.formUnion(definition.expression.definitionsUsed)
        }
        guard !used.isEmpty else { return expression }
        text.append(contentsOf: scalars[cursor...])
        origins += Array(cursor..<scalars.count)
        let locate = expression.locate
        let table = origins
        let end = scalars.count
        return Expression(
            text: String(text), range: expression.range,
            locate: { offset in
                locate(offset >= 0 && offset < table.count ? table[offset] : end)
            }, definitionsUsed: expression.definitionsUsed.union(used),
            written: expression.written ?? expression.text)
    }
}

extension Definitions {
    /// The rules, actions and constraints a rule set's files declare (not those it inherits,
    /// which their own rule set's definitions served), with the definitions in place; returns
    /// the definitions resolved.
    static func expandAll(
        _ declared: [Definition], schema: ObjectSpec, rules: inout [Rule], actions: inout [Action],
        constraints: inout [Constraint], bag: inout DiagnosticBag
    ) -> [Definition] {
        guard !declared.isEmpty else { return [] }
        for definition in declared {
            let clash =
                schema[definition.name] != nil
                ? "a field of the profile"
                : ["params", "as_of"].contains(definition.name) ? "a name every rule has" : nil
            if let clash {
                bag.append(
                    .invalidValue(
                        "the definition `\(definition.name)` has the name of \(clash)",
                        at: definition.expression.range, help: "give the definition another name"))
            }
        }
        let definitions = resolve(declared, bag: &bag)
        let byName = Dictionary(
            definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func expand(_ expression: Expression, _ what: String) -> Expression {
            Definitions.expand(expression, with: byName, what: what, bag: &bag)
        }
        func itemName(_ name: String, of what: String, at range: SourceRange) {
            guard byName[name] != nil else { return }
            bag.append(
                .invalidValue(
                    "\(what) names its item `\(name)`, which is the name of a definition",
                    at: range, help: "give the item another name, such as `x`"))
        }
        for index in rules.indices {
            var rule = rules[index]
            let what = "rule `\(rule.id)`"
            rule.appliesIf = rule.appliesIf.map { expand($0, what) }
            switch rule.check {
            case .require(let expression): rule.check = .require(expand(expression, what))
            case .grade(let expression): rule.check = .grade(expand(expression, what))
            case .rate(let expression): rule.check = .rate(expand(expression, what))
            case .measure(var measure):
                itemName(measure.variable, of: "the `measure` of \(what)", at: measure.meets.range)
                measure.each = expand(measure.each, what)
                measure.meets = expand(measure.meets, what)
                rule.check = .measure(measure)
            }
            rule.values = rule.values.map { ($0.name, expand($0.expression, what)) }
            rules[index] = rule
        }
        for index in actions.indices {
            for dependency in actions[index].conditionalDependsOn.indices {
                actions[index].conditionalDependsOn[dependency].when = expand(
                    actions[index].conditionalDependsOn[dependency].when,
                    "action `\(actions[index].id)`")
            }
        }
        for index in constraints.indices {
            if constraints[index].each != nil {
                itemName(
                    constraints[index].variable, of: "a constraint", at: constraints[index].range)
            }
            constraints[index].require = expand(constraints[index].require, "a constraint")
            constraints[index].each = constraints[index].each.map { expand($0, "a constraint") }
        }
        return definitions
    }
}
