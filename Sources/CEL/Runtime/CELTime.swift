import Foundation

/// A point in time, UTC, with nanosecond precision, within CEL's range (years 1 to 9999).
public struct CELTimestamp: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds within the second, 0 to 999,999,999.
    public var nanos: Int32

    /// 0001-01-01T00:00:00Z.
    public static let minSeconds: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z.
    public static let maxSeconds: Int64 = 253_402_300_799

    /// 1970-01-01T00:00:00Z.
    public static let unixEpoch = CELTimestamp(validSeconds: 0, nanos: 0)

    private init(validSeconds: Int64, nanos: Int32) {
        seconds = validSeconds
        self.nanos = nanos
    }

    /// A timestamp, or `nil` outside CEL's range.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        let carry = Int64(nanos).floorDivided(by: 1_000_000_000)
        let (seconds, overflow) = seconds.addingReportingOverflow(carry)
        guard !overflow else { return nil }
        let nanos = Int32(Int64(nanos) - carry * 1_000_000_000)
        guard seconds >= Self.minSeconds, seconds <= Self.maxSeconds else { return nil }
        self.seconds = seconds
        self.nanos = nanos
    }

    /// Orders by time.
    public static func < (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    /// Parses RFC 3339 text, such as `2024-03-01T09:30:00Z` or `2024-03-01T09:30:00.5+11:00`.
    public init?(rfc3339 text: String) {
        let scalars = Array(text.utf8)
        var position = 0
        func number(_ count: Int) -> Int? {
            guard position + count <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[position..<(position + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            position += count
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard position < scalars.count, characters.utf8.contains(scalars[position]) else {
                return false
            }
            position += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"),
            let day = number(2),
            expect("Tt"), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2)
        else { return nil }
        var nanos = 0
        if position < scalars.count && scalars[position] == UInt8(ascii: ".") {
            position += 1
            var digits = 0
            while position < scalars.count, scalars[position] >= 48, scalars[position] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int(scalars[position] - 48) }
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offset = 0
        if expect("Zz") {
            offset = 0
        } else if position < scalars.count,
            scalars[position] == UInt8(ascii: "+") || scalars[position] == UInt8(ascii: "-")
        {
            let sign = scalars[position] == UInt8(ascii: "-") ? -1 : 1
            position += 1
            guard let hours = number(2), expect(":"), let minutes = number(2), hours < 24,
                minutes < 60
            else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard position == scalars.count, (1...12).contains(month), day >= 1,
            day <= CivilCalendar.daysInMonth(year: year, month: month), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        let seconds =
            Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        self.init(seconds: seconds, nanos: Int32(nanos))
    }

    /// The calendar date in UTC, `YYYY-MM-DD` (a year before 1 or after 9999 as it is).
    /// Written digit by digit: `String(format:)` costs about 100,000 instructions a call on
    /// Linux, and a batch writes one date per organisation.
    public var date: String {
        let (year, month, day) = CivilCalendar.civilFromDays(Int(seconds.floorDivided(by: 86_400)))
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value.magnitude)
            let sign = value < 0 ? "-" : ""
            return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// RFC 3339 in UTC, with 0, 3, 6 or 9 fraction digits as needed.
    public var rfc3339: String {
        let days = Int(seconds.floorDivided(by: 86_400))
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = CivilCalendar.civilFromDays(days)
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, secondOfDay / 3600,
            secondOfDay / 60 % 60, secondOfDay % 60)
        text += CELDuration.fraction(nanos)
        return text + "Z"
    }
}

/// A signed span of time with nanosecond precision, within ±292 years (64-bit nanoseconds, as
/// in cel-go).
public struct CELDuration: Sendable, Hashable, Comparable {
    /// Whole seconds.
    public var seconds: Int64
    /// Nanoseconds, with the same sign as `seconds`.
    public var nanos: Int32

    /// The largest magnitude in seconds (10,000 years, as protobuf's Duration allows).
    public static let maxSeconds: Int64 = 315_576_000_000

    /// A duration, or `nil` out of range; `nanos` may be any size and sign.
    public init?(seconds: Int64, nanos: Int64 = 0) {
        let (carried, overflow) = seconds.addingReportingOverflow(nanos / 1_000_000_000)
        guard !overflow else { return nil }
        var wholeSeconds = carried
        var fraction = nanos % 1_000_000_000
        if wholeSeconds > 0 && fraction < 0 {
            wholeSeconds -= 1
            fraction += 1_000_000_000
        } else if wholeSeconds < 0 && fraction > 0 {
            wholeSeconds += 1
            fraction -= 1_000_000_000
        }
        self.seconds = wholeSeconds
        self.nanos = Int32(fraction)
        // cel-go's durations are 64-bit nanosecond counts (about ±292 years); match them.
        guard totalNanos != nil else { return nil }
    }

    /// Orders by length, negative before positive.
    public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    /// The total in nanoseconds, when it fits in 64 bits.
    var totalNanos: Int64? {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (sum, overflow2) = product.addingReportingOverflow(Int64(nanos))
        return overflow2 ? nil : sum
    }

    /// Parses Go-style duration text: `90s`, `1h30m`, `-1.5h`, `250ms`, `10us`, `5ns`.
    public init?(parsing text: String) {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" {
            self.init(seconds: 0)
            return
        }
        guard !rest.isEmpty else { return nil }
        var seconds: Int64 = 0
        var nanos: Int64 = 0
        while !rest.isEmpty {
            let whole = rest.prefix(while: \.isASCIIDigitCharacter)
            rest = rest.dropFirst(whole.count)
            var fraction: Substring = ""
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: \.isASCIIDigitCharacter)
                rest = rest.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty else { return nil }
            let unitText = rest.prefix { !$0.isASCIIDigitCharacter && $0 != "." }
            rest = rest.dropFirst(unitText.count)
            let unitNanos: Int64
            switch unitText {
            case "h": unitNanos = 3_600_000_000_000
            case "m": unitNanos = 60_000_000_000
            case "s": unitNanos = 1_000_000_000
            case "ms": unitNanos = 1_000_000
            case "us", "µs", "μs": unitNanos = 1_000
            case "ns": unitNanos = 1
            default: return nil
            }
            guard let wholeValue = whole.isEmpty ? 0 : Int64(whole) else { return nil }
            // Whole units of a second or more go to seconds, so ten thousand years still fit.
            if unitNanos >= 1_000_000_000 {
                let (product, overflow) = wholeValue.multipliedReportingOverflow(
                    by: unitNanos / 1_000_000_000)
                guard !overflow, product <= Self.maxSeconds else { return nil }
                seconds += product
            } else {
                let (product, overflow) = wholeValue.multipliedReportingOverflow(by: unitNanos)
                guard !overflow else { return nil }
                nanos += product
            }
            if !fraction.isEmpty, let fractionValue = Double("0." + fraction) {
                nanos += Int64((fractionValue * Double(unitNanos)).rounded())
            }
            guard seconds <= Self.maxSeconds + 1 else { return nil }
        }
        self.init(seconds: negative ? -seconds : seconds, nanos: negative ? -nanos : nanos)
    }

    /// Protobuf JSON form: seconds with an optional fraction and an `s`, e.g. `3600s`, `1.5s`.
    public var text: String {
        let negative = seconds < 0 || nanos < 0
        return (negative ? "-" : "") + String(abs(seconds)) + Self.fraction(abs(nanos)) + "s"
    }

    /// `.123`, `.123456` or `.123456789` (or nothing), as protobuf prints fractions.
    static func fraction(_ nanos: Int32) -> String {
        guard nanos != 0 else { return "" }
        if nanos % 1_000_000 == 0 { return String(format: ".%03d", nanos / 1_000_000) }
        if nanos % 1_000 == 0 { return String(format: ".%06d", nanos / 1_000) }
        return String(format: ".%09d", nanos)
    }
}

/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), after
/// Howard Hinnant's public-domain algorithms: exact for every year CEL allows, no tables.
enum CivilCalendar {
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
