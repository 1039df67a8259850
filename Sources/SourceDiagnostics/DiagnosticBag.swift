/// Gathers diagnostics while an input is decoded or checked, so every problem is reported
/// together instead of one per run.
public struct DiagnosticBag: Sendable {
    /// Everything gathered so far, in the order it was added.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty bag.
    public init() {}

    /// Adds one diagnostic.
    public mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Adds several diagnostics.
    /// How many diagnostics it holds.
    public var count: Int { diagnostics.count }

    /// Names `field` as the subject of the diagnostics from position `start` on that name none
    /// yet (those about a deeper field were named first).
    public mutating func assignField(_ field: String, from start: Int) {
        for index in start..<diagnostics.count where diagnostics[index].field == nil {
            diagnostics[index].field = field
        }
    }

    public mutating func append(contentsOf other: some Sequence<Diagnostic>) {
        diagnostics.append(contentsOf: other)
    }

    /// Whether any gathered diagnostic is an error.
    public var hasErrors: Bool {
        diagnostics.contains { $0.severity == .error }
    }

    /// The warnings and notes gathered, in display order.
    public var warnings: [Diagnostic] {
        diagnostics.filter { $0.severity != .error }.sorted(by: Diagnostic.displayOrder)
    }

    /// Throws everything gathered, sorted, when any of it is an error.
    public func throwIfErrors() throws(DiagnosticError) {
        if hasErrors { throw DiagnosticError(diagnostics) }
    }

    /// The diagnostics in display order, at most `limit` of them, and how many were left out.
    public static func capped(_ diagnostics: [Diagnostic], limit: Int) -> (
        shown: [Diagnostic], omitted: Int
    ) {
        let sorted = diagnostics.sorted(by: Diagnostic.displayOrder)
        guard limit >= 0, sorted.count > limit else { return (sorted, 0) }
        return (Array(sorted.prefix(limit)), sorted.count - limit)
    }
}
