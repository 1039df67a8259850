import ArgumentParser
import Foundation
import ReadinessCore
import SourceDiagnostics
import YAMLNode

/// `readiness fmt`: rule-set files, tailorings, waivers, tests and profiles in one canonical
/// layout, comments kept.
struct Format: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite YAML files in readiness's canonical layout, keeping comments.",
        discussion: """
            Keys in the order of the docs (a profile's in the order of its rule set's schema), \
            two spaces a level, quotes only where the text needs them, long prose folded at \
            100 columns, one blank line at most. A formatted file means exactly what it meant: \
            each result is loaded again and compared, values, types and comments, before it \
            is written (atomically). Files with anchors, tags or merge keys are left alone, \
            with a message.

            Folders are searched for *.yaml and *.yml files. Profiles (files with an \
            `assessment:` header) are laid out by the schema of --rules (default: the built-in \
            rule set).

            Exit status: 0 nothing to do or all written; 1 with --check, a file would change; \
            65 a file could not be formatted (its problems are reported; the others are still \
            done); 66 a path does not exist.

            Example:
              readiness fmt rules/my-rule-set
              readiness fmt --check rules assessments     (in CI)
              readiness fmt --diff my-organisation.yaml
            """
    )

    @Argument(help: ArgumentHelp("Files or folders to format.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Write nothing; exit 1 if a file would change, naming each.")
    var check = false

    @Flag(help: "Write nothing; print what would change as a unified diff.")
    var diff = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The rule set whose schema orders a profile's fields (default: the built-in rule set).",
            valueName: "dir"))
    var rules: String?

    @OptionGroup(title: "Input limits") var limitOptions: LimitOptions

    func run() throws {
        let limits = limitOptions.limits
        var missing: [Diagnostic] = []
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                missing.append(
                    Diagnostic(
                        .error, code: "file.not-found", message: "no such file or folder",
                        path: path, help: "name a YAML file or a folder holding some"))
                continue
            }
            files += isFolder.boolValue ? Self.yamlFiles(in: path) : [path]
        }
        if !missing.isEmpty {
            Output.report(missing)
            throw ExitStatus.inputMissing.code
        }
        // The rule set is loaded only when a profile needs its schema.
        var ruleSet: RuleSet?
        var ruleSetFailed = false
        func profileRuleSet() throws -> RuleSet {
            if let ruleSet { return ruleSet }
            let folder = rules ?? ProcessInfo.processInfo.environment["READINESS_RULES"]
            do {
                let loaded = try RuleSetOptions.load(folder: folder, tailoring: nil, limits: limits)
                ruleSet = loaded.ruleSet
                return loaded.ruleSet
            } catch {
                ruleSetFailed = true
                throw error
            }
        }
        var failed = false
        var changed: [String] = []
        var unchanged = 0
        for path in files {
            let source: SourceFile
            do {
                source = try SourceFile.read(path: path, maxBytes: limits.fileBytes)
            } catch {
                Output.report(error.diagnostics)
                failed = true
                continue
            }
            var layoutProblem: Error?
            let formatter = YAMLFormatter(loader: limits.loader) { root -> SchemaLayout in
                guard SchemaLayout.isProfile(root) else { return .ruleFormat }
                do {
                    return .profile(of: try profileRuleSet())
                } catch {
                    layoutProblem = error
                    return .ruleFormat
                }
            }
            let formatted: String
            do {
                formatted = try formatter.format(source)
            } catch {
                Output.report(error.diagnostics, sources: [source])
                failed = true
                continue
            }
            if let layoutProblem { throw layoutProblem }
            let original = try String(contentsOfFile: path, encoding: .utf8)
            if formatted == original {
                unchanged += 1
                continue
            }
            changed.append(path)
            if diff {
                Output.print(UnifiedDiff.text(old: original, new: formatted, path: path))
            } else if check {
                Output.error("\(path): would be reformatted")
            } else {
                try Output.write(formatted, to: path)
            }
        }
        if ruleSetFailed { throw ExitStatus.invalidRuleSet.code }
        let verb = check || diff ? "would be reformatted" : "reformatted"
        Output.error(
            "\(changed.count) \(changed.count == 1 ? "file" : "files") \(verb), \(unchanged) unchanged"
                + (failed ? "; some could not be formatted (above)" : ""))
        if failed { throw ExitStatus.invalidData.code }
        if (check || diff) && !changed.isEmpty { throw ExitStatus.negative.code }
    }

    /// The YAML files under a folder, sorted; hidden folders and build output left out.
    static func yamlFiles(in folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let name = enumerator.nextObject() as? String {
            let last = (name as NSString).lastPathComponent
            if last.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                found.append((folder as NSString).appendingPathComponent(name))
            }
        }
        return found.sorted()
    }
}

/// A unified diff of two texts by lines (`--- a/PATH`, `+++ b/PATH`, hunks with three lines of
/// context), as `diff -u` prints it.
enum UnifiedDiff {
    static func text(old: String, new: String, path: String) -> String {
        // Lines without their breaks: a final break ends the last line, it starts none.
        func lines(_ text: String) -> [String] {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init)
            if text.hasSuffix("\n") { lines.removeLast() }
            return lines
        }
        let a = lines(old)
        let b = lines(new)
        // The longest common subsequence, by dynamic programming over the lines.
        let n = a.count
        let m = b.count
        guard n * m <= 25_000_000 else {
            return "--- \(path)\n+++ \(path)\n@@ too large to show: \(n) and \(m) lines @@\n"
        }
        var table = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] =
                    a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        enum Step {
            case same(String)
            case removed(String)
            case added(String)
        }
        var steps: [Step] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                steps.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                // Removals before additions, as `diff -u` shows them.
                steps.append(.removed(a[i]))
                i += 1
            } else {
                steps.append(.added(b[j]))
                j += 1
            }
        }
        // Hunks: the changed steps with three lines of context around them.
        // `a/` and `b/` as git writes them, for a path relative to where the command runs.
        let (before, after) = path.hasPrefix("/") ? (path, path) : ("a/" + path, "b/" + path)
        var out = "--- \(before)\n+++ \(after)\n"
        let changedIndexes = steps.indices.filter {
            if case .same = steps[$0] { return false }
            return true
        }
        var index = 0
        while index < changedIndexes.count {
            var start = max(0, changedIndexes[index] - 3)
            var end = min(steps.count, changedIndexes[index] + 4)
            index += 1
            while index < changedIndexes.count, changedIndexes[index] - 3 <= end {
                end = min(steps.count, changedIndexes[index] + 4)
                index += 1
            }
            start = max(0, start)
            var oldStart = 1
            var newStart = 1
            for step in steps[..<start] {
                switch step {
                case .same:
                    oldStart += 1
                    newStart += 1
                case .removed: oldStart += 1
                case .added: newStart += 1
                }
            }
            var body = ""
            var oldCount = 0
            var newCount = 0
            for step in steps[start..<end] {
                switch step {
                case .same(let line):
                    body += " " + line + "\n"
                    oldCount += 1
                    newCount += 1
                case .removed(let line):
                    body += "-" + line + "\n"
                    oldCount += 1
                case .added(let line):
                    body += "+" + line + "\n"
                    newCount += 1
                }
            }
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body
        }
        return out
    }
}
