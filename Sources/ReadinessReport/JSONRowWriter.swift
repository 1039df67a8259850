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
        if let asOf = row.asOf {
            json.key("as_of")
            json.string(asOf)
        }
        if let band = row.band {
            json.key("band")
            json.string(band)
        }
        if let compliant = row.compliant {
            json.key("compliant")
            json.bool(compliant)
        }
        json.key("domain_scores")
        json.openObject()
        for (domain, score) in row.domainScores.sorted(by: { $0.key < $1.key }) {
            json.key(text: domain)
            json.number(score)
        }
        json.closeObject()
        json.key("errors")
        json.strings(row.errors)
        json.key("failed_rules")
        json.strings(row.failedRules)
        json.key("file")
        json.string(row.file)
        json.key("mandatory_failed")
        json.strings(row.mandatoryFailed)
        json.key("mandatory_unknown")
        json.strings(row.mandatoryUnknown)
        if let organisation = row.organisation {
            json.key("organisation")
            json.string(organisation)
        }
        if let score = row.score {
            json.key("score")
            json.number(score)
        }
        json.key("unknowns")
        json.int(row.unknowns)
        json.closeObject()
        return json.text
    }
}
