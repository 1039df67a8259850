/// CEL's arithmetic: checked integer operations (overflow is an error, never wrap-around),
/// IEEE doubles, concatenation, and time arithmetic.
enum Arithmetic {
    static func add(_ lhs: CELValue, _ rhs: CELValue) -> CELValue {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? .error(.overflow("int")) : .int(sum)
        case (.uint(let a), .uint(let b)):
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? .error(.overflow("uint")) : .uint(sum)
        case (.double(let a), .double(let b)): return .double(a + b)
        case (.string(let a), .string(let b)): return .string(a + b)
        case (.bytes(let a), .bytes(let b)): return .bytes(a + b)
        case (.list(let a), .list(let b)): return .list(a + b)
        case (.timestamp(let time), .duration(let span)),
            (.duration(let span), .timestamp(let time)):
            return shift(time, by: span, sign: 1)
        case (.duration(let a), .duration(let b)):
            return duration(
                seconds: a.seconds.addingReportingOverflow(b.seconds),
                nanos: Int64(a.nanos) + Int64(b.nanos))
        default:
            return .error(.noSuchOverload(Operator.add, [lhs, rhs]))
        }
    }

    static func subtract(_ lhs: CELValue, _ rhs: CELValue) -> CELValue {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            return overflow ? .error(.overflow("int")) : .int(difference)
        case (.uint(let a), .uint(let b)):
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            return overflow ? .error(.overflow("uint")) : .uint(difference)
        case (.double(let a), .double(let b)): return .double(a - b)
        case (.timestamp(let a), .timestamp(let b)):
            return duration(
                seconds: a.seconds.subtractingReportingOverflow(b.seconds),
                nanos: Int64(a.nanos) - Int64(b.nanos))
        case (.timestamp(let time), .duration(let span)):
            return shift(time, by: span, sign: -1)
        case (.duration(let a), .duration(let b)):
            return duration(
                seconds: a.seconds.subtractingReportingOverflow(b.seconds),
                nanos: Int64(a.nanos) - Int64(b.nanos))
        default:
            return .error(.noSuchOverload(Operator.subtract, [lhs, rhs]))
        }
    }

    static func multiply(_ lhs: CELValue, _ rhs: CELValue) -> CELValue {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? .error(.overflow("int")) : .int(product)
        case (.uint(let a), .uint(let b)):
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? .error(.overflow("uint")) : .uint(product)
        case (.double(let a), .double(let b)): return .double(a * b)
        default:
            return .error(.noSuchOverload(Operator.multiply, [lhs, rhs]))
        }
    }

    static func divide(_ lhs: CELValue, _ rhs: CELValue) -> CELValue {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            if b == 0 { return .error(.divideByZero) }
            let (quotient, overflow) = a.dividedReportingOverflow(by: b)
            return overflow ? .error(.overflow("int")) : .int(quotient)
        case (.uint(let a), .uint(let b)):
            if b == 0 { return .error(.divideByZero) }
            return .uint(a / b)
        case (.double(let a), .double(let b)): return .double(a / b)
        default:
            return .error(.noSuchOverload(Operator.divide, [lhs, rhs]))
        }
    }

    static func modulo(_ lhs: CELValue, _ rhs: CELValue) -> CELValue {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            if b == 0 { return .error(.moduloByZero) }
            let (remainder, overflow) = a.remainderReportingOverflow(dividingBy: b)
            return overflow ? .error(.overflow("int")) : .int(remainder)
        case (.uint(let a), .uint(let b)):
            if b == 0 { return .error(.moduloByZero) }
            return .uint(a % b)
        default:
            return .error(.noSuchOverload(Operator.modulo, [lhs, rhs]))
        }
    }

    static func negate(_ value: CELValue) -> CELValue {
        switch value {
        case .int(let a):
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(a)
            return overflow ? .error(.overflow("int")) : .int(negated)
        case .double(let a): return .double(-a)
        case .duration(let span):
            return CELDuration(seconds: -span.seconds, nanos: -Int64(span.nanos)).map(
                CELValue.duration)
                ?? .error(CELError("duration out of range"))
        default:
            return .error(.noSuchOverload(Operator.negate, [value]))
        }
    }

    private static func duration(seconds: (partialValue: Int64, overflow: Bool), nanos: Int64)
        -> CELValue
    {
        guard !seconds.overflow, let span = CELDuration(seconds: seconds.partialValue, nanos: nanos)
        else {
            return .error(CELError("duration out of range"))
        }
        return .duration(span)
    }

    private static func shift(_ time: CELTimestamp, by span: CELDuration, sign: Int64) -> CELValue {
        let (seconds, overflow) = time.seconds.addingReportingOverflow(sign * span.seconds)
        guard !overflow,
            let shifted = CELTimestamp(
                seconds: seconds, nanos: time.nanos + Int32(sign) * span.nanos)
        else {
            return .error(CELError("timestamp out of range"))
        }
        return .timestamp(shifted)
    }
}
