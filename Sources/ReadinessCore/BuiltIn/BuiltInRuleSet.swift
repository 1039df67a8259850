import SourceDiagnostics

/// The Victorian AOD peer workforce rule set, inside the library: an installed `readiness`
/// assesses with it from any folder, with no files beside the binary. Its files are generated
/// from `rules/vic-aod-peer-workforce` (``BuiltInRuleSet/sources``); a test holds them to that
/// folder.
public enum BuiltInRuleSet {
    /// The rule set's id.
    public static let id = "vic-aod-peer-workforce"
    /// The folder its files are named under in messages and reports.
    public static let folder = "builtin:vic-aod-peer-workforce"

    /// Its files by path under ``folder``.
    public static var files: RuleSetDecoder.Files {
        Dictionary(
            sources.map { (folder + "/" + $0.name, Array($0.text.utf8)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Loads and compiles it, optionally tailored by a file.
    ///
    /// - Throws: ``DiagnosticError`` for a tailoring that cannot be read or does not fit.
    public static func load(tailoringPath: String? = nil, limits: InputLimits = .default)
        throws(DiagnosticError) -> CompiledRuleSet
    {
        try CompiledRuleSet.load(
            files: files, folder: folder, tailoringPath: tailoringPath, limits: limits)
    }

    /// The generated source of ``sources`` from the rule set folder's files (name and text,
    /// by name): what `BuiltInRuleSet+Sources.swift` holds.
    public static func generatedSource(_ files: [(name: String, text: String)]) -> String {
        var out = """
            // Generated from rules/vic-aod-peer-workforce by BuiltInRuleSetTests: do not edit.
            // Edit the YAML there, then run RECORD_GOLDEN=1 swift test --filter BuiltInRuleSetTests.

            extension BuiltInRuleSet {
                /// The rule set's files: name and text.
                static let sources: [(name: String, text: String)] = [

            """
        for file in files {
            out += "        (\n            \"\(file.name)\",\n            ##\"\"\"\n"
            for line in file.text.split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast()
            {
                out += line.isEmpty ? "\n" : "            " + line + "\n"
            }
            // The closing delimiter's line break is not part of the text: the file's last one
            // is added back.
            out += "\n            \"\"\"##\n        ),\n"
        }
        out += "    ]\n}\n"
        return out
    }
}
