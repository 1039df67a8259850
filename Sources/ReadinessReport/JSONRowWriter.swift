import ReadinessCore

/// A batch row's JSON, in the layout of the totals around it (`JSONEncoder`'s pretty
/// printing: `"key" : value`, two spaces a level, keys in order) but with empty lists as `[]`.
///
/// `JSONEncoder` cost 180,000 instructions a row, on the one thread that takes rows in order:
/// as much as a twelfth of assessing the profile. `JSONRowWriterTests` holds this writer to
/// what `JSONEncoder` writes, read back, for texts with every kind of character.
enum JSONRowWriter {
    /// The row as one JSON object, its braces at the margin (the first not indented: it
    /// follows whatever precedes the row on its line).
    static func write(_ row: Batch.Row, margin: Int) -> String {
        var json = PrettyJSONWriter(margin: margin, emptyContainers: .compact)
        json.openObject()
        // The keys in order, as the encoder's sorted keys put them.
        json.field("as_of", row.asOf)
        json.field("band", row.band)
        json.field("compliant", row.compliant)
        json.key("domain_scores")
        json.openObject()
        for (domain, score) in row.domainScores.sorted(by: { $0.key < $1.key }) {
            json.key(text: domain)
            json.number(score)
        }
        json.closeObject()
        json.field("errors", row.errors)
        json.field("failed_rules", row.failedRules)
        json.field("file", row.file)
        json.field("mandatory_failed", row.mandatoryFailed)
        json.field("mandatory_unknown", row.mandatoryUnknown)
        json.field("organisation", row.organisation)
        json.field("score", number: row.score)
        json.field("unknowns", row.unknowns)
        if !row.waived.isEmpty { json.field("waived", row.waived) }
        json.closeObject()
        return json.text
    }
}
