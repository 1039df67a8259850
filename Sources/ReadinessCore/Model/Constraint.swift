import SourceDiagnostics

/// A cross-field constraint on profiles (`staff.readiness_trained <= staff.total`): implausible
/// data is rejected when a profile is read, at the field the constraint names, with the
/// constraint's own message.
///
/// ```yaml
/// constraints:
///   - require: staff.readiness_trained <= staff.total
///     at: staff.readiness_trained
///     message: More staff are readiness-trained than there are staff.
///   - each: peer_workers          # once per item, reported at that item's field
///     as: w
///     require: w.supervision.hours_received <= 10000
///     at: supervision.hours_received
///     message: More supervision hours than a career holds.
/// ```
public struct Constraint: Sendable {
    /// The condition a profile must meet (for `each`, every item must).
    public var require: Expression
    /// A list to check item by item, bound to ``variable``.
    public var each: Expression?
    /// The item's name in ``require`` (default `item`).
    public var variable: String
    /// The field a violation is reported at: a path from the profile's top (or, with `each`,
    /// from the item).
    public var at: Located<String>
    /// What is wrong, in the author's words.
    public var message: String
    /// Where the constraint was declared.
    public var range: SourceRange
}
