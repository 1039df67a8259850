import SourceDiagnostics

/// What a formatter needs to know of a document's meaning: the canonical order of a mapping's
/// keys, the layout of the values under them, and where prose may be folded. The YAML layer
/// knows none of it; the domain gives it (a JSON Schema, for readiness's files).
public protocol YAMLLayout {
    /// The place of each key of `mapping` that has a canonical place (lower first); keys
    /// without one keep their order after those with one.
    func keyRanks(of mapping: Node) -> [String: Int]
    /// The layout of the value under `key` in `mapping`.
    func value(of key: String, in mapping: Node) -> Self
    /// The layout of a sequence's items.
    func item(of sequence: Node) -> Self
    /// Whether a long text here may be folded over lines (`>-`): prose, not an expression.
    var foldsText: Bool { get }
}

/// A layout that knows nothing: keys keep their order, and long texts are folded.
public struct PlainLayout: YAMLLayout {
    /// Creates the layout.
    public init() {}
    /// None: keys keep their order.
    public func keyRanks(of mapping: Node) -> [String: Int] { [:] }
    /// The same layout all the way down.
    public func value(of key: String, in mapping: Node) -> PlainLayout { self }
    /// The same layout all the way down.
    public func item(of sequence: Node) -> PlainLayout { self }
    /// Long text is folded everywhere.
    public var foldsText: Bool { true }
}

/// Rewrites a YAML document in one canonical layout, keeping every comment: two spaces a
/// level, a sequence indented under its key, keys in the layout's order, quotes only where
/// the text needs them, long prose folded at ``width`` columns, one blank line at most where
/// the source had any. Flow collections written on one line stay so when they fit; others
/// become blocks.
///
/// The result is loaded again and compared with the source: the same values, the same types,
/// the same comments. Where it differs, or where the formatter cannot keep something (tags,
/// keys that are collections, directives), it throws rather than change the file. Anchors,
/// aliases and merge keys are kept as written.
public struct YAMLFormatter<Layout: YAMLLayout> {
    /// The column long prose is folded at.
    public var width = 100
    private let loader: YAMLLoader
    private let layout: (Node) -> Layout

    /// A formatter reading with `loader` (merge keys are kept as written, to be refused), the
    /// layout chosen for each document by `layout`.
    public init(loader: YAMLLoader = YAMLLoader(), layout: @escaping (Node) -> Layout) {
        var plain = loader
        plain.mergesKeys = false
        self.loader = plain
        self.layout = layout
    }

    /// The document in `file`, formatted.
    ///
    /// - Throws: ``DiagnosticError``: the file's own YAML problems, `fmt.unsupported` for what
    ///   the formatter does not rewrite, `fmt.unsafe` when the result would not mean the same.
    public func format(_ file: SourceFile) throws(DiagnosticError) -> String {
        let root = try loader.loadDocument(file)
        try Self.refuseUnsupported(root, file: file)
        let comments = CommentScanner(file: file, root: root)
        var builder = LayoutBuilder(comments: comments)
        let tree = builder.build(root)
        var writer = Writer(width: width, file: file)
        writer.write(
            document: tree, header: builder.header, trailer: builder.trailer, layout: layout(root))
        let output = writer.aligned
        try Self.verify(output, against: root, comments: comments, file: file, loader: loader)
        return output
    }

    // MARK: What is refused

    private static func refuseUnsupported(_ root: Node, file: SourceFile) throws(DiagnosticError) {
        var problems: [Diagnostic] = []
        func unsupported(_ what: String, at range: SourceRange) {
            problems.append(
                Diagnostic(
                    .error, code: "fmt.unsupported",
                    message: "`readiness fmt` does not rewrite \(what); the file is left as it is",
                    at: range, help: "write it out in full, or leave this file unformatted"))
        }
        func walk(_ node: Node) {
            if node.tag != nil { unsupported("tags", at: node.range) }
            switch node.content {
            case .scalar: break
            case .sequence(let items): items.forEach(walk)
            case .mapping(let pairs):
                for pair in pairs {
                    if pair.key.scalar == nil {
                        unsupported("a key that is a list or a mapping", at: pair.key.range)
                    } else if pair.key.anchor != nil {
                        unsupported("anchors or aliases on keys", at: pair.key.range)
                    }
                    walk(pair.key)
                    walk(pair.value)
                }
            }
        }
        walk(root)
        // A directive or an explicit end of document has no place in the canonical layout.
        for number in 1...max(1, file.lineCount) {
            guard let line = file.line(number) else { continue }
            if line.hasPrefix("%") || line == "..." || line.hasPrefix("... ") {
                unsupported(
                    "directives or document end markers",
                    at: SourceRange(start: SourceLocation(file: file.path, line: number, column: 1))
                )
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    // MARK: Checking the result

    private static func verify(
        _ output: String, against root: Node, comments: CommentScanner, file: SourceFile,
        loader: YAMLLoader
    ) throws(DiagnosticError) {
        let formatted = SourceFile(path: file.path, text: output)
        let problem: String?
        do {
            let again = try loader.loadDocument(formatted)
            if let difference = Self.difference(root, again, at: "") {
                problem =
                    "the formatted file would differ at \(difference.isEmpty ? "the top" : difference)"
            } else if CommentScanner(file: formatted, root: again).texts.sorted()
                != comments.texts.sorted()
            {
                problem = "a comment would be lost or changed"
            } else {
                problem = nil
            }
        } catch {
            problem =
                "the formatted file would not load: "
                + (error.diagnostics.first?.message ?? "an error")
        }
        if let problem {
            throw DiagnosticError(
                Diagnostic(
                    .error, code: "fmt.unsafe",
                    message: "\(problem); the file is left as it is", path: file.path,
                    help: "this is a defect of `readiness fmt`: please report it with the file"))
        }
    }

    /// Where two documents differ in meaning (a path), or `nil`: the same values of the same
    /// types, mappings compared by key.
    static func difference(_ a: Node, _ b: Node, at path: String) -> String? {
        switch (a.content, b.content) {
        case (.scalar(let x), .scalar(let y)):
            return x.value == y.value ? nil : path
        case (.sequence(let xs), .sequence(let ys)):
            guard xs.count == ys.count else { return path }
            for (index, (x, y)) in zip(xs, ys).enumerated() {
                if let found = difference(x, y, at: "\(path)[\(index)]") { return found }
            }
            return nil
        case (.mapping(let xs), .mapping(let ys)):
            guard xs.count == ys.count else { return path }
            for pair in xs {
                guard let key = pair.key.scalar?.value,
                    let other = ys.first(where: { $0.key.scalar?.value == key })
                else { return path }
                let name = pair.key.scalar?.text ?? "?"
                if let found = difference(
                    pair.value, other.value, at: path.isEmpty ? name : "\(path).\(name)")
                {
                    return found
                }
            }
            return nil
        default:
            return path
        }
    }
}

// MARK: - Comments

/// The comments of a file, found in its text outside every scalar: each with its line, and
/// whether it has a line of its own.
struct CommentScanner {
    struct Comment {
        var line: Int
        var text: String
        /// Whether only white space comes before it on its line.
        var ownLine: Bool
    }

    private(set) var comments: [Comment] = []
    /// The lines holding nothing but white space.
    private(set) var blank: Set<Int> = []

    var texts: [String] { comments.map(\.text) }

    init(file: SourceFile, root: Node) {
        // Column spans (1-based, end exclusive) on each line that belong to scalars.
        var inside: [Int: [(Int, Int)]] = [:]
        func exclude(_ node: Node) {
            switch node.content {
            case .scalar(let scalar):
                let range = node.range
                if scalar.style == .literal || scalar.style == .folded {
                    // The header's indicator, then the content lines (a comment may follow
                    // the indicator).
                    let header = file.line(range.start.line).map { Array($0.unicodeScalars) } ?? []
                    var end = range.start.column
                    while end - 1 < header.count, header[end - 1] != " ", header[end - 1] != "\t" {
                        end += 1
                    }
                    inside[range.start.line, default: []].append((range.start.column, end))
                    var line = range.start.line + 1
                    while line < range.end.line || (line == range.end.line && range.end.column > 1)
                    {
                        inside[line, default: []].append(
                            (1, line == range.end.line ? range.end.column : Int.max))
                        line += 1
                    }
                } else if range.start.line == range.end.line {
                    inside[range.start.line, default: []].append(
                        (range.start.column, range.end.column))
                } else {
                    inside[range.start.line, default: []].append((range.start.column, Int.max))
                    for line in (range.start.line + 1)..<range.end.line {
                        inside[line, default: []].append((1, Int.max))
                    }
                    inside[range.end.line, default: []].append((1, range.end.column))
                }
            case .sequence(let items): items.forEach(exclude)
            case .mapping(let pairs):
                for pair in pairs {
                    exclude(pair.key)
                    exclude(pair.value)
                }
            }
        }
        exclude(root)
        for number in 1...max(1, file.lineCount) {
            guard let line = file.line(number) else { continue }
            let scalars = Array(line.unicodeScalars)
            if scalars.allSatisfy({ $0 == " " || $0 == "\t" }) {
                blank.insert(number)
                continue
            }
            let spans = inside[number] ?? []
            for (index, scalar) in scalars.enumerated() where scalar == "#" {
                let column = index + 1
                if spans.contains(where: { column >= $0.0 && column < $0.1 }) { continue }
                if index > 0, scalars[index - 1] != " ", scalars[index - 1] != "\t" { continue }
                var text = String(String.UnicodeScalarView(scalars[index...]))
                while text.last == " " || text.last == "\t" { text.removeLast() }
                comments.append(
                    Comment(
                        line: number, text: text,
                        ownLine: scalars[..<index].allSatisfy { $0 == " " || $0 == "\t" }))
                break
            }
        }
    }
}

// MARK: - The layout tree

/// A node to write, with the comments and blank line that go with it.
final class Entry {
    let key: Node?
    let value: Node
    var children: [Entry] = []
    /// The anchor the value is given (`&name`).
    var anchor: String?
    /// The anchor the value repeats (`*name`): its content is written there, not here.
    var alias: String?
    /// Whether it is written as a one-line flow collection (or inside one).
    var flow = false
    /// Full-line comments before it, `""` for a blank line between them.
    var leading: [String] = []
    var blankBefore = false
    var trailing: String?
    let startLine: Int
    /// The last line of what is written on its own line (a scalar's end; a block
    /// collection's key line).
    let inlineEndLine: Int

    init(key: Node?, value: Node, startLine: Int, inlineEndLine: Int) {
        self.key = key
        self.value = value
        self.startLine = startLine
        self.inlineEndLine = inlineEndLine
    }
}

struct LayoutBuilder {
    let comments: CommentScanner
    private(set) var header: [String] = []
    private(set) var trailer: [String] = []
    /// Every entry that can carry comments, in document order.
    private var ordered: [(entry: Entry, depth: Int)] = []
    /// The anchors met so far, with where their node was written: a later node with the same
    /// anchor and place is an alias's copy.
    private var anchors: [String: SourceRange] = [:]

    init(comments: CommentScanner) {
        self.comments = comments
    }

    mutating func build(_ root: Node) -> Entry {
        let top = Entry(key: nil, value: root, startLine: root.range.start.line, inlineEndLine: 0)
        top.flow = root.collectionStyle == .flow && root.range.start.line == root.range.end.line
        top.children = children(of: root, depth: 1, inFlow: top.flow)
        attachComments(documentStart: root.range.start.line)
        return top
    }

    private mutating func children(of node: Node, depth: Int, inFlow: Bool) -> [Entry] {
        var entries: [Entry] = []
        func add(key: Node?, value: Node) {
            if let name = value.anchor, anchors[name] == value.range {
                // An alias: written `*name`, on its key's line.
                let line = key?.range.start.line ?? 0
                let entry = Entry(key: key, value: value, startLine: line, inlineEndLine: line)
                entry.alias = name
                entry.flow = inFlow
                if !inFlow, key != nil { ordered.append((entry, depth)) }
                entries.append(entry)
                return
            }
            if let name = value.anchor { anchors[name] = value.range }
            let oneLineFlow =
                value.collectionStyle == .flow && value.range.start.line == value.range.end.line
            let inline: Int
            switch value.content {
            case .scalar(let scalar):
                inline =
                    scalar.style == .literal || scalar.style == .folded
                    ? (key?.range.start.line ?? value.range.start.line) : value.range.end.line
            default:
                inline =
                    value.collectionStyle == .flow
                    ? value.range.end.line : (key?.range.start.line ?? value.range.start.line)
            }
            let entry = Entry(
                key: key, value: value,
                startLine: key?.range.start.line ?? value.range.start.line, inlineEndLine: inline)
            entry.anchor = value.anchor
            entry.flow = inFlow || oneLineFlow
            if !inFlow { ordered.append((entry, depth)) }
            entry.children = children(of: value, depth: depth + 1, inFlow: entry.flow)
            entries.append(entry)
        }
        switch node.content {
        case .scalar: break
        case .sequence(let items): for item in items { add(key: nil, value: item) }
        case .mapping(let pairs): for pair in pairs { add(key: pair.key, value: pair.value) }
        }
        return entries
    }

    private mutating func attachComments(documentStart: Int) {
        var pending: [CommentScanner.Comment] = []
        let entries = ordered
        // In document order a parent comes before what it holds, and entries start on lines
        // that never go back: the first entry starting after a line, found by halving, is the
        // outermost one there.
        let starts = entries.map(\.entry.startLine)
        func entry(startingAfter line: Int) -> Entry? {
            var low = 0
            var high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] > line { high = middle } else { low = middle + 1 }
            }
            return low < entries.count ? entries[low].entry : nil
        }
        // For each line, the innermost (last) entry whose own line ends there.
        var endingOn: [Int: Entry] = [:]
        for (entry, _) in entries where entry.startLine <= entry.inlineEndLine {
            endingOn[entry.inlineEndLine] = entry
        }
        var attached: [ObjectIdentifier: [CommentScanner.Comment]] = [:]
        var targets: [ObjectIdentifier: Entry] = [:]
        for comment in comments.comments {
            if !comment.ownLine {
                if let owner = endingOn[comment.line], owner.trailing == nil {
                    owner.trailing = comment.text
                    continue
                }
            }
            pending.append(comment)
        }
        for comment in pending {
            guard let target = entry(startingAfter: comment.line) else {
                // Before a document with no entries (one scalar), a comment heads the file.
                if comment.line < documentStart {
                    header.append(comment.text)
                } else {
                    trailer.append(comment.text)
                }
                continue
            }
            attached[ObjectIdentifier(target), default: []].append(comment)
            targets[ObjectIdentifier(target)] = target
        }
        // The file's opening comments, parted from the first entry by a blank line, stay at
        // the top whatever comes first after formatting.
        if let first = entries.first?.entry, let before = attached[ObjectIdentifier(first)] {
            var split = 0
            for (index, comment) in before.enumerated() where index + 1 < before.count {
                if (comment.line + 1..<before[index + 1].line).contains(
                    where: comments.blank.contains)
                {
                    split = index + 1
                }
            }
            if (before[before.count - 1].line + 1..<first.startLine).contains(
                where: comments.blank.contains)
            {
                split = before.count
            }
            header = lines(Array(before[..<split]))
            attached[ObjectIdentifier(first)] = Array(before[split...])
        }
        for (id, list) in attached where !list.isEmpty {
            guard let target = targets[id] else { continue }
            target.leading = lines(list)
            if let last = list.last,
                (last.line + 1..<target.startLine).contains(where: comments.blank.contains)
            {
                target.leading.append("")
            }
            target.blankBefore = comments.blank.contains(list[0].line - 1)
        }
        // A blank line before a line belongs to the outermost entry starting there (the
        // list item, not its first key).
        var lineTaken: Set<Int> = []
        for (entry, _) in entries {
            defer { lineTaken.insert(entry.startLine) }
            guard attached[ObjectIdentifier(entry)]?.isEmpty ?? true else { continue }
            entry.blankBefore =
                !lineTaken.contains(entry.startLine) && comments.blank.contains(entry.startLine - 1)
        }
    }

    /// The comments' texts, with `""` where blank lines parted them.
    private func lines(_ list: [CommentScanner.Comment]) -> [String] {
        var out: [String] = []
        for (index, comment) in list.enumerated() {
            if index > 0,
                (list[index - 1].line + 1..<comment.line).contains(where: comments.blank.contains)
            {
                out.append("")
            }
            out.append(comment.text)
        }
        return out
    }
}

// MARK: - Writing

struct Writer {
    let width: Int
    let file: SourceFile
    private(set) var text = ""

    init(width: Int, file: SourceFile) {
        self.width = width
        self.file = file
    }

    mutating func write<Layout: YAMLLayout>(
        document: Entry, header: [String], trailer: [String], layout: Layout
    ) {
        for line in header { text += line + "\n" }
        if !header.isEmpty { text += "\n" }
        switch document.value.content {
        case .mapping(let pairs) where !pairs.isEmpty:
            if document.flow, let flow = flowText(document, layout: layout) {
                text += flow + "\n"
            } else {
                writeMapping(document, indent: "", layout: layout)
            }
        case .sequence(let items) where !items.isEmpty:
            if document.flow, let flow = flowText(document, layout: layout) {
                text += flow + "\n"
            } else {
                writeSequence(document, indent: "", layout: layout)
            }
        case .scalar:
            // A document that is one scalar starts with `---`, so a block scalar has a line
            // to stand on.
            writeValue(document, line: "---", indent: "", layout: layout)
        default:
            text += (flowText(document, layout: layout) ?? "~") + "\n"
        }
        if !trailer.isEmpty {
            if !text.isEmpty, !text.hasSuffix("\n\n") { text += "\n" }
            for line in trailer { text += line + "\n" }
        }
    }

    private mutating func leading(_ entry: Entry, indent: String, isFirst: Bool) {
        if entry.blankBefore, !isFirst, !text.isEmpty, !text.hasSuffix("\n\n") { text += "\n" }
        for line in entry.leading {
            if line.isEmpty {
                if !text.hasSuffix("\n\n") { text += "\n" }
            } else {
                text += indent + line + "\n"
            }
        }
    }

    /// A mapping's entries in the layout's order; in the file's order when the layout does
    /// not place every key (a misspelt key, a profile of another rule set).
    private func ordered<Layout: YAMLLayout>(_ entry: Entry, layout: Layout) -> [Entry] {
        let ranks = layout.keyRanks(of: entry.value)
        let placed = entry.children.map { $0.key?.string.flatMap { ranks[$0] } }
        guard !ranks.isEmpty, placed.allSatisfy({ $0 != nil }) else { return entry.children }
        return entry.children.enumerated().sorted { a, b in
            let left = placed[a.offset] ?? 0
            let right = placed[b.offset] ?? 0
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element)
    }

    /// The pairs of a block mapping, in the layout's order; the first after `prefix` when one
    /// is given (`- key: value`).
    private mutating func writeMapping<Layout: YAMLLayout>(
        _ entry: Entry, indent: String, layout: Layout, prefix: String = ""
    ) {
        for (index, child) in ordered(entry, layout: layout).enumerated() {
            guard let key = child.key else { continue }
            let keyText = Scalars.renderKey(key)
            let head: String
            if index == 0, !prefix.isEmpty {
                head = prefix
            } else {
                leading(child, indent: indent, isFirst: index == 0)
                head = indent
            }
            let childLayout = layout.value(of: key.string ?? keyText, in: entry.value)
            writeValue(child, line: head + keyText + ":", indent: indent, layout: childLayout)
        }
    }

    private mutating func writeSequence<Layout: YAMLLayout>(
        _ entry: Entry, indent: String, layout: Layout
    ) {
        let itemLayout = layout.item(of: entry.value)
        for (index, child) in entry.children.enumerated() {
            leading(child, indent: indent, isFirst: index == 0)
            switch child.value.content {
            case .mapping(let pairs)
            where !pairs.isEmpty && !child.flow && child.alias == nil && child.anchor == nil:
                // The first pair on the dash's line; its own comments go above the dash.
                let first = ordered(child, layout: itemLayout).first
                if let first {
                    for line in first.leading where !line.isEmpty { text += indent + line + "\n" }
                    first.leading = []
                    first.blankBefore = false
                    if let trailing = child.trailing, first.trailing == nil {
                        first.trailing = trailing
                    }
                }
                writeMapping(
                    child, indent: indent + "  ", layout: itemLayout, prefix: indent + "- ")
            default:
                writeValue(child, line: indent + "-", indent: indent, layout: itemLayout)
            }
        }
    }

    /// A value after `line` (`key:` or `-`): on the same line when it is a scalar or a flow
    /// collection, else on the lines below.
    private mutating func writeValue<Layout: YAMLLayout>(
        _ entry: Entry, line: String, indent: String, layout: Layout
    ) {
        // Marked so that ``aligned`` can line up the comments of neighbouring lines.
        let comment = entry.trailing.map { Self.commentMark + $0 } ?? ""
        if let alias = entry.alias {
            text += line + " *" + alias + comment + "\n"
            return
        }
        let anchored = line + (entry.anchor.map { " &" + $0 } ?? "")
        switch entry.value.content {
        case .scalar(let scalar):
            let single = Scalars.render(scalar, inFlow: false)
            if case .string(let value) = scalar.value, value.contains("\n"),
                let folded = foldedBlock(
                    scalar, entry: entry, indent: indent + "  ", layout: layout)
            {
                text += anchored + " " + folded.header + comment + "\n" + folded.body
            } else if case .string(let value) = scalar.value, value.contains("\n"),
                let block = Scalars.literal(value, indent: indent + "  ")
            {
                text += anchored + " " + block.header + comment + "\n" + block.body
            } else if case .string = scalar.value,
                scalar.style == .folded || anchored.count + 1 + single.count > width,
                let folded = foldedBlock(
                    scalar, entry: entry, indent: indent + "  ", layout: layout)
            {
                text += anchored + " " + folded.header + comment + "\n" + folded.body
            } else if single.isEmpty {
                // A null written as nothing (`key:`) stays so.
                text += anchored + comment + "\n"
            } else {
                text += anchored + " " + single + comment + "\n"
            }
        case .mapping(let pairs):
            if pairs.isEmpty {
                text += anchored + " {}" + comment + "\n"
            } else if entry.flow, let flow = flowText(entry, layout: layout) {
                // A one-line flow collection stays one line, however long: the author chose
                // the form, and breaking it up would only move the length elsewhere. (Its
                // anchor is part of its flow text.)
                text += line + " " + flow + comment + "\n"
            } else {
                text += anchored + comment + "\n"
                writeMapping(entry, indent: indent + "  ", layout: layout)
            }
        case .sequence(let items):
            if items.isEmpty {
                text += anchored + " []" + comment + "\n"
            } else if entry.flow, let flow = flowText(entry, layout: layout) {
                text += line + " " + flow + comment + "\n"
            } else {
                text += anchored + comment + "\n"
                writeSequence(entry, indent: indent + "  ", layout: layout)
            }
        }
    }

    /// Stands before a trailing comment until the comments are aligned; the text written
    /// cannot hold it (control characters are escaped or refused).
    static let commentMark = "\u{0}"

    /// The text with the trailing comments of consecutive lines starting in one column, one
    /// space after the longest line of the run (as gofmt does); a run whose longest line is
    /// already long keeps a single space.
    var aligned: String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            guard lines[index].contains(Self.commentMark) else {
                index += 1
                continue
            }
            var end = index
            while end < lines.count, lines[end].contains(Self.commentMark) { end += 1 }
            let parts = lines[index..<end].map { line -> (String, String) in
                let split = line.split(separator: Character(Self.commentMark), maxSplits: 1)
                return (String(split[0]), String(split.count > 1 ? split[1] : ""))
            }
            let longest = parts.map(\.0.count).max() ?? 0
            for (offset, (content, comment)) in parts.enumerated() {
                let padding = longest <= 80 && end - index > 1 ? longest - content.count + 1 : 1
                lines[index + offset] = content + String(repeating: " ", count: padding) + comment
            }
            index = end
        }
        return lines.joined(separator: "\n")
    }

    /// Prose as a folded block (`>-`, or `>` when it ends with a line break): the author's
    /// lines kept when a folded block already held them and each still fits, else folded
    /// anew at the width. `nil` where the text is not plain prose or prose is not wanted here.
    private func foldedBlock<Layout: YAMLLayout>(
        _ scalar: Scalar, entry: Entry, indent: String, layout: Layout
    ) -> (header: String, body: String)? {
        guard case .string(var value) = scalar.value else { return nil }
        var header = ">-"
        if value.hasSuffix("\n") {
            value.removeLast()
            header = ">"
        }
        guard !value.contains("\n") else { return nil }
        // The author's lines are kept even for an expression: they chose where it breaks.
        if scalar.style == .folded, let lines = authorLines(of: entry.value),
            lines.joined(separator: " ") == value,
            lines.allSatisfy({ indent.count + $0.count <= width && !$0.isEmpty })
        {
            return (header, lines.map { indent + $0 + "\n" }.joined())
        }
        guard layout.foldsText else { return nil }
        return Scalars.folded(value, indent: indent, width: width).map { (header, $0) }
    }

    /// The content lines of a folded block as the author wrote them, without their
    /// indentation; `nil` when one is indented further (which folding treats apart).
    private func authorLines(of node: Node) -> [String]? {
        let range = node.range
        let last = range.end.column == 1 ? range.end.line - 1 : range.end.line
        guard last > range.start.line else { return nil }
        var lines: [String] = []
        var indentation: Int?
        for number in (range.start.line + 1)...last {
            guard let line = file.line(number) else { return nil }
            let spaces = line.prefix { $0 == " " }.count
            let content = String(line.dropFirst(spaces))
            if content.isEmpty { continue }
            if indentation == nil { indentation = spaces }
            guard spaces == indentation, !content.hasSuffix(" ") else { return nil }
            lines.append(content)
        }
        return lines.isEmpty ? nil : lines
    }

    /// A collection in flow style on one line (`{id: d, title: D}`); `nil` when it holds a
    /// text that flow cannot carry.
    func flowText<Layout: YAMLLayout>(_ entry: Entry, layout: Layout) -> String? {
        if let alias = entry.alias { return "*" + alias }
        let anchor = entry.anchor.map { "&" + $0 + " " } ?? ""
        switch entry.value.content {
        case .scalar(let scalar):
            if case .string(let value) = scalar.value, value.contains("\n") { return nil }
            let text = Scalars.render(scalar, inFlow: true)
            return anchor + (text.isEmpty ? "~" : text)
        case .sequence:
            var parts: [String] = []
            let itemLayout = layout.item(of: entry.value)
            for child in entry.children {
                guard let part = flowText(child, layout: itemLayout) else { return nil }
                parts.append(part)
            }
            return anchor + "[" + parts.joined(separator: ", ") + "]"
        case .mapping:
            var parts: [String] = []
            for child in ordered(entry, layout: layout) {
                guard let key = child.key,
                    let value = flowText(
                        child, layout: layout.value(of: key.string ?? "", in: entry.value))
                else { return nil }
                parts.append(Scalars.renderKey(key, inFlow: true) + ": " + value)
            }
            return anchor + "{" + parts.joined(separator: ", ") + "}"
        }
    }
}

/// How scalars are written: plain where the text allows, quoted where it must be.
enum Scalars {
    static func renderKey(_ key: Node, inFlow: Bool = false) -> String {
        guard let scalar = key.scalar else { return "?" }
        let text = render(scalar, inFlow: inFlow)
        // A key written as nothing (`? ` alone) is null.
        return text.isEmpty ? "~" : text
    }

    static func render(_ scalar: Scalar, inFlow: Bool) -> String {
        switch scalar.value {
        case .string(let text):
            return canBePlain(text, inFlow: inFlow) ? text : quoted(text)
        default:
            // Numbers, booleans and null as written, when written plain.
            if scalar.style == .plain { return scalar.text }
            return quoted(scalar.text)
        }
    }

    /// Whether `text` written unquoted reads back as the same text.
    static func canBePlain(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
            return false
        }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if first == " " || last == " " || last == ":" { return false }
        if text.hasPrefix("...") { return false }
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFEFF {
                return false
            }
            if scalar.value >= 0x80 && scalar.value <= 0x9F { return false }
            if inFlow, ",[]{}".unicodeScalars.contains(scalar) { return false }
        }
        if text.contains(": ") || text.contains(" #") || text.contains("\t") { return false }
        return CoreSchema.resolve(text, isPlain: true, tag: nil) == .value(.string(text))
    }

    /// In double quotes, escaped as YAML's double-quoted style escapes.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F
                    || (scalar.value >= 0x80 && scalar.value <= 0x9F)
                    || scalar.value == 0xFEFF
                {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A text of several lines as a literal block (`|`, `|-` or `|+` as its end needs); `nil`
    /// when a line would change meaning there (leading space on the first line, a tab or
    /// a control character).
    static func literal(_ text: String, indent: String) -> (header: String, body: String)? {
        var lines = text.components(separatedBy: "\n")
        var trailingBreaks = 0
        while lines.count > 1, lines.last == "" {
            lines.removeLast()
            trailingBreaks += 1
        }
        guard let first = lines.first, !first.hasPrefix(" "), !first.isEmpty || lines.count > 1
        else { return nil }
        if first.isEmpty { return nil }
        for scalar in text.unicodeScalars {
            if scalar != "\n", scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFEFF
            {
                return nil
            }
        }
        let header = trailingBreaks == 0 ? "|-" : trailingBreaks == 1 ? "|" : "|+"
        var body = ""
        for line in lines { body += line.isEmpty ? "\n" : indent + line + "\n" }
        if trailingBreaks > 1 { body += String(repeating: "\n", count: trailingBreaks - 1) }
        return (header, body)
    }

    /// Prose folded at `width` (`>-`): lines break at single spaces. `nil` when the text is
    /// not plain prose (line breaks, runs of spaces, tabs, control characters).
    static func folded(_ text: String, indent: String, width: Int) -> String? {
        guard !text.isEmpty, !text.hasPrefix(" "), !text.hasSuffix(" "), !text.contains("  ") else {
            return nil
        }
        for scalar in text.unicodeScalars
        where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFEFF {
            return nil
        }
        // A placeholder (`{{ params.days }}`) is one word: it is not broken over lines.
        var words: [String] = []
        var open = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if open, let last = words.popLast() {
                words.append(last + " " + word)
            } else {
                words.append(String(word))
            }
            if word.contains("{{") { open = true }
            if word.contains("}}") { open = false }
        }
        var body = ""
        var line = ""
        for word in words {
            if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
                body += indent + line + "\n"
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        body += indent + line + "\n"
        return body
    }
}
