import CEL

/// The readiness function library for CEL: dates against the assessment date, and shares of
/// lists, so common rules read plainly.
///
/// `as_of` is a variable holding the assessment date (`--as-of` overrides it; the wall clock is
/// never read), so every result is reproducible.
public enum ReadinessFunctions {
    private static let daysBetween: Implementation = .binary { from, to in
        guard case .timestamp(let start) = from, case .timestamp(let end) = to else {
            return .error(CELError("days_between needs two dates"))
        }
        // Whole days, rounded down; exact, as second counts in CEL's range fit a double.
        return .int(Int64((Double(end.seconds - start.seconds) / 86_400).rounded(.down)))
    }

    private static func pick(_ name: String, _ lower: Bool) -> Implementation {
        .binary { a, b in
            switch (a, b) {
            case (.int(let x), .int(let y)): return .int(lower ? min(x, y) : max(x, y))
            case (.double(let x), .double(let y)): return .double(lower ? min(x, y) : max(x, y))
            default: return .error(CELError("\(name) needs two ints or two doubles"))
            }
        }
    }

    /// The least or greatest item of a non-empty list of ints or of doubles.
    private static func extreme(_ name: String, lower: Bool) -> Implementation {
        .unary { value in
            guard case .list(let items) = value else {
                return .error(CELError("\(name) needs a list"))
            }
            guard var best = items.first else {
                return .error(CELError("\(name) of an empty list has no value"))
            }
            for item in items {
                switch (item, best) {
                case (.int(let number), .int(let current)):
                    if lower ? number < current : number > current { best = item }
                case (.double(let number), .double(let current)):
                    if lower ? number < current : number > current { best = item }
                default:
                    return .error(CELError("\(name) needs a list of ints or of doubles"))
                }
            }
            return best
        }
    }

    /// The mean of a non-empty list of numbers, as a double (one implementation for both
    /// overloads: a list known only at run time may hold either).
    private static let mean: Implementation = .unary { value in
        guard case .list(let items) = value else { return .error(CELError("mean needs a list")) }
        guard !items.isEmpty else { return .error(CELError("mean of an empty list has no value")) }
        var total = 0.0
        for item in items {
            switch item {
            case .int(let number): total += Double(number)
            case .double(let number): total += number
            default: return .error(CELError("mean needs a list of numbers"))
            }
        }
        return .double(total / Double(items.count))
    }

    private static let ratio: Implementation = .binary { part, whole in
        guard case .int(let numerator) = part, case .int(let denominator) = whole else {
            return .error(CELError("ratio needs two ints"))
        }
        return .double(denominator == 0 ? 0 : Double(numerator) / Double(denominator))
    }

    /// The functions.
    public static var declarations: [FunctionDecl] {
        [
            FunctionDecl(
                "min",
                summary:
                    "The smaller of two numbers of the same type, or the least item of a list of numbers (an error for an empty list).",
                examples: [
                    ("min(1.0, 0.75)", "0.75"), ("min(3, 7)", "3"), ("min([3, 1, 2])", "1"),
                ],
                overloads: [
                    Overload("min_int64", [.int, .int], .int, pick("min", true)),
                    Overload("min_double", [.double, .double], .double, pick("min", true)),
                    Overload(
                        "min_list_int64", [.list(.int)], .int,
                        extreme("min", lower: true)),
                    Overload(
                        "min_list_double", [.list(.double)], .double,
                        extreme("min", lower: true)),
                ]),
            FunctionDecl(
                "max",
                summary:
                    "The larger of two numbers of the same type, or the greatest item of a list of numbers (an error for an empty list).",
                examples: [("max(0.0, -2.5)", "0.0"), ("max([2.5, 3.0])", "3.0")],
                overloads: [
                    Overload("max_int64", [.int, .int], .int, pick("max", false)),
                    Overload("max_double", [.double, .double], .double, pick("max", false)),
                    Overload(
                        "max_list_int64", [.list(.int)], .int,
                        extreme("max", lower: false)),
                    Overload(
                        "max_list_double", [.list(.double)], .double,
                        extreme("max", lower: false)),
                ]),
            FunctionDecl(
                "mean",
                summary:
                    "The mean of a list of numbers, as a double (an error for an empty list: it has no mean).",
                examples: [("mean([1, 2, 2])", "1.6666666666666667"), ("mean([2.0, 3.0])", "2.5")],
                overloads: [
                    Overload("mean_list_int64", [.list(.int)], .double, mean),
                    Overload("mean_list_double", [.list(.double)], .double, mean),
                ]),
            FunctionDecl(
                "sum", summary: "The total of a list of numbers (0 for an empty list).",
                examples: [("sum([0.5, 0.25])", "0.75"), ("sum([1, 2, 3])", "6")],
                overloads: [
                    Overload(
                        "sum_int64", [.list(.int)], .int,
                        .unary { value in
                            guard case .list(let items) = value else {
                                return .error(CELError("sum needs a list"))
                            }
                            var total: Int64 = 0
                            for item in items {
                                guard case .int(let number) = item else {
                                    return .error(CELError("sum needs a list of ints"))
                                }
                                let (next, overflow) = total.addingReportingOverflow(number)
                                if overflow { return .error(CELError("int overflow")) }
                                total = next
                            }
                            return .int(total)
                        }),
                    Overload(
                        "sum_double", [.list(.double)], .double,
                        .unary { value in
                            guard case .list(let items) = value else {
                                return .error(CELError("sum needs a list"))
                            }
                            var total = 0.0
                            for item in items {
                                guard case .double(let number) = item else {
                                    return .error(CELError("sum needs a list of doubles"))
                                }
                                total += number
                            }
                            return .double(total)
                        }),
                ]),
            FunctionDecl(
                "ratio",
                summary: "part ÷ whole as a double, and 0 when the whole is 0 (no division error).",
                examples: [("ratio(3, 4)", "0.75"), ("ratio(1, 0)", "0.0")],
                overloads: [Overload("ratio_int64", [.int, .int], .double, ratio)]),
            FunctionDecl(
                "days_between",
                summary:
                    "Whole days from the first date to the second (negative when the second is earlier).",
                examples: [
                    (
                        "days_between(timestamp('2024-01-01T00:00:00Z'), timestamp('2024-03-01T00:00:00Z'))",
                        "60"
                    )
                ],
                overloads: [
                    Overload("days_between_timestamp", [.timestamp, .timestamp], .int, daysBetween)
                ]),
        ]
    }

    /// Macros that read as plain words in rules:
    /// - `days_since(date)`: whole days from `date` to `as_of`;
    /// - `list.count(x, p)`: how many items meet `p`;
    /// - `list.fraction(x, p)`: the share (0 to 1) of items meeting `p`, 0 for an empty list;
    /// - `list.percent(x, p)`: the same as a percentage.
    public static var macros: [Macro] {
        [
            Macro(function: "days_since", isReceiverStyle: false, argumentCount: 1) {
                context, _, args throws(CELIssueError) in
                try context.call("days_between", [args[0], try context.ident("as_of")])
            },
            Macro(function: "count", isReceiverStyle: true, argumentCount: 2) {
                context, target, args throws(CELIssueError) in
                guard let target else { return nil }
                let filtered = try filter(&context, target, args)
                return try context.call("size", [filtered])
            },
            Macro(function: "fraction", isReceiverStyle: true, argumentCount: 2) {
                context, target, args throws(CELIssueError) in
                guard let target else { return nil }
                return try share(&context, target, args, scale: 1)
            },
            Macro(function: "percent", isReceiverStyle: true, argumentCount: 2) {
                context, target, args throws(CELIssueError) in
                guard let target else { return nil }
                return try share(&context, target, args, scale: 100)
            },
        ]
    }

    private static func filter(_ context: inout MacroContext, _ target: Expr, _ args: [Expr])
        throws(CELIssueError) -> Expr
    {
        guard let expanded = try Macro.filter.expand(&context, target, args) else {
            throw context.error("expected list.count(x, condition)")
        }
        return expanded
    }

    /// `size(list) == 0 ? 0.0 : scale * double(size(list.filter(x, p))) / double(size(list))`
    private static func share(
        _ context: inout MacroContext, _ target: Expr, _ args: [Expr], scale: Double
    ) throws(CELIssueError) -> Expr {
        let matching = try context.call(
            "double", [try context.call("size", [try filter(&context, target, args)])])
        let total = try context.call("double", [try context.call("size", [target])])
        let ratio = try context.call(
            Operator.divide,
            [
                try context.call(
                    Operator.multiply, [try context.literal(.double(scale)), matching]), total,
            ])
        let empty = try context.call(
            Operator.equals, [try context.call("size", [target]), try context.literal(.int(0))])
        return try context.call(
            Operator.conditional, [empty, try context.literal(.double(0)), ratio])
    }
}
