/// An error made of one or more diagnostics, thrown once after every problem of an input has
/// been gathered.
public struct DiagnosticError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The diagnostics, in display order, at least one of them an error.
    public var diagnostics: [Diagnostic]

    /// Wraps diagnostics, sorting them into display order.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted(by: Diagnostic.displayOrder)
    }

    /// Wraps a single diagnostic.
    public init(_ diagnostic: Diagnostic) {
        diagnostics = [diagnostic]
    }

    /// The first diagnostic (the one a caller that shows only one should show).
    public var first: Diagnostic {
        // The initialisers never leave the list empty in practice; keep this total anyway.
        diagnostics.first ?? Diagnostic(.error, code: "internal.empty", message: "unknown error")
    }

    /// Every diagnostic on its own line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
