import Foundation

/// The calendar getters of timestamps and durations, with the optional time-zone argument
/// (an IANA name such as `Australia/Melbourne`, or a fixed offset such as `+10:00`).
enum TimeLibrary {
    private enum Field {
        case fullYear, month, dayOfMonth, date, dayOfWeek, dayOfYear, hours, minutes, seconds,
            milliseconds
    }

    /// The seconds to add to UTC for a zone at a moment, or `nil` for an unknown zone.
    static func offset(of zone: String, at seconds: Int64) -> Int? {
        if let sign = zone.first, sign == "+" || sign == "-" {
            let parts = zone.dropFirst().split(separator: ":")
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
                hours < 24, minutes < 60
            else { return nil }
            return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        if zone == "UTC" || zone == "Z" { return 0 }
        if zone.first?.isNumber == true, zone.contains(":") {
            return offset(of: "+" + zone, at: seconds)
        }
        guard let timeZone = TimeZone(identifier: zone) else { return nil }
        return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private static func timestampField(_ field: Field, _ time: CELTimestamp, zone: String?)
        -> CELValue
    {
        var offset = 0
        if let zone {
            guard let found = Self.offset(of: zone, at: time.seconds) else {
                return .fail(
                    "unknown time zone '\(zone)' (use an IANA name such as Australia/Melbourne, or +10:00)"
                )
            }
            offset = found
        }
        let local = time.seconds + Int64(offset)
        let days = Int(local.floorDivided(by: 86_400))
        let secondOfDay = Int(local - Int64(days) * 86_400)
        let (year, month, day) = CivilCalendar.civilFromDays(days)
        switch field {
        case .fullYear: return .int(Int64(year))
        case .month: return .int(Int64(month - 1))
        case .dayOfMonth: return .int(Int64(day - 1))
        case .date: return .int(Int64(day))
        case .dayOfWeek:
            // 1970-01-01 was a Thursday (4, counting Sunday as 0).
            return .int(Int64(((days % 7) + 11) % 7))
        case .dayOfYear:
            return .int(Int64(days - CivilCalendar.daysFromCivil(year: year, month: 1, day: 1)))
        case .hours: return .int(Int64(secondOfDay / 3600))
        case .minutes: return .int(Int64(secondOfDay / 60 % 60))
        case .seconds: return .int(Int64(secondOfDay % 60))
        case .milliseconds: return .int(Int64(time.nanos / 1_000_000))
        }
    }

    private static func durationField(_ field: Field, _ span: CELDuration) -> CELValue {
        switch field {
        case .hours: return .int(span.seconds / 3600)
        case .minutes: return .int(span.seconds / 60)
        case .seconds: return .int(span.seconds)
        case .milliseconds: return .int(Int64(span.nanos / 1_000_000))
        default: return .fail("a duration has no such field")
        }
    }

    private static func getter(_ name: String, _ field: Field, summary: String, durations: Bool)
        -> FunctionDecl
    {
        let onTimestamp: Implementation = .unary { value in
            switch value {
            case .timestamp(let time): timestampField(field, time, zone: nil)
            case .duration(let span): durationField(field, span)
            default: .error(.noSuchOverload(name, [value]))
            }
        }
        let inZone: Implementation = .binary { value, zone in
            guard case .timestamp(let time) = value, case .string(let zoneName) = zone else {
                return .error(.noSuchOverload(name, [value, zone]))
            }
            return timestampField(field, time, zone: zoneName)
        }
        var overloads = [
            Overload("timestamp_\(name)", receiver: true, [.timestamp], .int, onTimestamp),
            Overload(
                "timestamp_\(name)_with_tz", receiver: true, [.timestamp, .string], .int, inZone),
        ]
        if durations {
            overloads.append(
                Overload("duration_\(name)", receiver: true, [.duration], .int, onTimestamp))
        }
        return FunctionDecl(name, summary: summary, overloads: overloads)
    }

    static var declarations: [FunctionDecl] {
        [
            getter("getFullYear", .fullYear, summary: "The year, e.g. 2024.", durations: false),
            getter("getMonth", .month, summary: "The month, 0 (January) to 11.", durations: false),
            getter(
                "getDayOfMonth", .dayOfMonth, summary: "The day of the month, 0 to 30.",
                durations: false),
            getter("getDate", .date, summary: "The day of the month, 1 to 31.", durations: false),
            getter(
                "getDayOfWeek", .dayOfWeek, summary: "The day of the week, 0 (Sunday) to 6.",
                durations: false),
            getter(
                "getDayOfYear", .dayOfYear, summary: "The day of the year, 0 to 365.",
                durations: false),
            getter(
                "getHours", .hours, summary: "The hour (0 to 23), or a duration's whole hours.",
                durations: true),
            getter(
                "getMinutes", .minutes,
                summary: "The minute (0 to 59), or a duration's whole minutes.", durations: true),
            getter(
                "getSeconds", .seconds,
                summary: "The second (0 to 59), or a duration's whole seconds.", durations: true),
            getter(
                "getMilliseconds", .milliseconds,
                summary:
                    "The millisecond (0 to 999), of a timestamp or of a duration's last second.",
                durations: true),
        ]
    }
}
