import SourceDiagnostics
import YAMLNode

/// Reads a file of waivers and checks each against the rule set it waives rules of.
public enum WaiverDecoder {
    /// Loads a waiver file.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - ruleSet: The (tailored) rule set whose rules the waivers name.
    ///   - organisationRequired: Whether each waiver must name its organisation: a funder's
    ///     list over many organisations, as `batch` reads it.
    ///   - limits: The input limits (file size, YAML depth).
    /// - Returns: The waivers, in file order.
    /// - Throws: ``DiagnosticError`` for YAML and structure problems, a rule that is not in
    ///   the rule set, a missing field, a date that is not one, an expiry on or before the
    ///   grant.
    public static func load(
        path: String, ruleSet: RuleSet, organisationRequired: Bool = false,
        limits: InputLimits = .default
    ) throws(DiagnosticError) -> WaiverList {
        let bytes = try SourceFile.readBytes(path: path, maxBytes: limits.fileBytes)
        return try decode(
            bytes, name: path, ruleSet: ruleSet, organisationRequired: organisationRequired,
            limits: limits)
    }

    /// Decodes a waiver file's bytes (UTF-8 YAML) held in memory; `name` stands for its path
    /// in messages.
    ///
    /// - Returns: The waivers, in file order.
    /// - Throws: ``DiagnosticError`` as ``load(path:ruleSet:organisationRequired:limits:)``.
    public static func decode(
        _ bytes: [UInt8], name path: String, ruleSet: RuleSet, organisationRequired: Bool = false,
        limits: InputLimits = .default
    ) throws(DiagnosticError) -> WaiverList {
        guard bytes.count <= limits.fileBytes else {
            throw DiagnosticError(.fileTooLarge(path, maxBytes: limits.fileBytes))
        }
        let root = try limits.loader.loadDocument(SourceFile(path: path, bytes: bytes))
        var bag = DiagnosticBag()
        guard var reader = MappingReader(root, context: "the waiver file", bag: &bag) else {
            throw DiagnosticError(bag.diagnostics)
        }
        var waivers: [Waiver] = []
        if let list = reader.required(
            "waivers", bag: &bag,
            help:
                "list the waivers under `waivers:`, each with rule, justification, approved_by, granted and expires"
        ) {
            if let items = list.sequence {
                let ruleIDs = ruleSet.rules.map(\.id)
                for item in items {
                    if let waiver = decodeWaiver(
                        item, ruleIDs: ruleIDs, organisationRequired: organisationRequired,
                        bag: &bag)
                    {
                        waivers.append(waiver)
                    }
                }
            } else if list.scalar?.value != .null {
                bag.append(.wrongKind(expected: "a list", found: list, context: "`waivers`"))
            }
        }
        reader.reportUnknownKeys(&bag)
        try bag.throwIfErrors()
        return WaiverList(waivers: waivers, path: path, digest: Assessment.digest(bytes: bytes))
    }

    /// The fields of a waiver, in the order the format documents them.
    static let fields = [
        "rule", "organisation", "justification", "approved_by", "granted", "expires",
    ]

    private static func decodeWaiver(
        _ node: Node, ruleIDs: [String], organisationRequired: Bool, bag: inout DiagnosticBag
    ) -> Waiver? {
        let context = "a waiver"
        guard var reader = MappingReader(node, context: context, bag: &bag) else { return nil }
        let countBefore = bag.count
        let ruleNode = reader.required(
            "rule", bag: &bag,
            help: "name the rule waived, e.g. `rule: \(ruleIDs.first ?? "SUP-01")`")
        let rule = Scalars.string(ruleNode, "the waived rule", bag: &bag) ?? ""
        if let ruleNode, !rule.isEmpty, !ruleIDs.contains(rule) {
            bag.append(
                .invalidValue(
                    "the waiver names the rule `\(rule)`, which is not in the rule set"
                        + Suggestion.didYouMean(rule, among: ruleIDs),
                    at: ruleNode.range,
                    help: "name a rule of the rule set (and of its tailoring, if there is one)"))
        }
        let organisationNode =
            organisationRequired
            ? reader.required(
                "organisation", bag: &bag,
                help:
                    "a list over many organisations names each waiver's organisation, as its profile does (`assessment.organisation`)"
            ) : reader.value("organisation")
        let organisation = text(organisationNode, "the waiver's organisation", bag: &bag)
        let justification = text(
            reader.required(
                "justification", bag: &bag, help: "say why the rule is waived, in a sentence"),
            "the justification", bag: &bag)
        let approvedBy = text(
            reader.required("approved_by", bag: &bag, help: "name who approved the waiver"),
            "`approved_by`", bag: &bag)
        let grantedNode = reader.required(
            "granted", bag: &bag, help: "add the day it was granted, e.g. `granted: 2026-01-15`")
        let expiresNode = reader.required(
            "expires", bag: &bag, help: "add the day it ends, e.g. `expires: 2026-09-30`")
        let granted = day(grantedNode, "`granted`", bag: &bag)
        let expires = day(expiresNode, "`expires`", bag: &bag)
        if let granted, let expires, let expiresNode, expires <= granted {
            bag.append(
                .invalidValue(
                    "the waiver expires on \(expires), "
                        + (expires == granted ? "the day" : "before")
                        + " it was granted (\(granted))",
                    at: expiresNode.range,
                    help:
                        "give an expiry after the grant: the waiver holds from `granted` up to the day before `expires`"
                ))
        }
        reader.reportUnknownKeys(&bag)
        guard !bag.diagnostics[countBefore...].contains(where: { $0.severity == .error }),
            let granted, let expires
        else { return nil }
        return Waiver(
            rule: rule, organisation: organisation, justification: justification ?? "",
            approvedBy: approvedBy ?? "", granted: granted, expires: expires,
            location: node.range.start.description, range: node.range)
    }

    /// Text that must not be blank.
    private static func text(_ node: Node?, _ what: String, bag: inout DiagnosticBag) -> String? {
        guard let node, let value = Scalars.string(node, what, bag: &bag) else { return nil }
        let trimmed = String(value.trimmingWhitespace())
        if trimmed.isEmpty {
            bag.append(.invalidValue("\(what) is blank", at: node.range, help: "write it out"))
            return nil
        }
        return trimmed
    }

    /// A `YYYY-MM-DD` day.
    private static func day(_ node: Node?, _ what: String, bag: inout DiagnosticBag) -> String? {
        guard let node else { return nil }
        guard let text = node.scalar?.text, node.scalar?.value != .null,
            ProfileDecoder.date(fromText: text) != nil
        else {
            bag.append(
                .invalidValue(
                    "\(what) is \(node.scalar.map { "`\($0.text)`" } ?? "not a day"), which is not a date",
                    at: node.range, help: "write the date as YYYY-MM-DD, e.g. 2026-09-30"))
            return nil
        }
        return text
    }
}
