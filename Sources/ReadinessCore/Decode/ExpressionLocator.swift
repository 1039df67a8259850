import SourceDiagnostics
import YAMLNode

/// Maps offsets in a scalar's value back to positions in its YAML file, through quotes,
/// block-scalar indentation and line folding, so an error in a CEL expression points at the
/// expression's own line and column inside the file.
enum ExpressionLocator {
    private static func skippable(_ scalar: Unicode.Scalar, beforeFirstMatch: Bool) -> Bool {
        if scalar.properties.isWhitespace || scalar == "\"" || scalar == "'" { return true }
        return beforeFirstMatch && "|>-+0123456789".unicodeScalars.contains(scalar)
    }

    /// A function from a scalar offset in the value to a file position.
    static func make(file: SourceFile?, node: Node) -> @Sendable (Int) -> SourceLocation {
        let start = node.range.start
        guard let file, let value = node.scalar?.text else { return { _ in start } }
        // The raw source text of the node, as scalars with their positions.
        var raw: [(Unicode.Scalar, SourceLocation)] = []
        var line = start.line
        var column = start.column
        while line <= node.range.end.line, let text = file.line(line) {
            let scalars = Array(text.unicodeScalars)
            let first = line == start.line ? column - 1 : 0
            let last =
                line == node.range.end.line
                ? min(scalars.count, node.range.end.column - 1) : scalars.count
            if first < last {
                for index in first..<last {
                    raw.append(
                        (
                            scalars[index],
                            SourceLocation(file: file.path, line: line, column: index + 1)
                        ))
                }
            }
            raw.append(
                ("\n", SourceLocation(file: file.path, line: line, column: scalars.count + 1)))
            line += 1
            column = 1
        }
        // Align the value with the raw text: each value character is looked for from the end
        // of the previous match, skipping what the value does not contain (quotes,
        // indentation, line breaks folded away, a block scalar's header).
        var mapping: [SourceLocation] = []
        var cursor = 0
        for scalar in value.unicodeScalars {
            var probe = cursor
            while probe < raw.count, raw[probe].0 != scalar,
                skippable(raw[probe].0, beforeFirstMatch: mapping.isEmpty)
            {
                probe += 1
            }
            if probe < raw.count, raw[probe].0 == scalar {
                mapping.append(raw[probe].1)
                cursor = probe + 1
            } else {
                // Produced by an escape or by folding: place it where the source is now.
                mapping.append(raw[min(cursor, max(0, raw.count - 1))].1)
            }
        }
        let end = raw.last?.1 ?? start
        let table = mapping
        return { offset in
            guard offset >= 0 else { return start }
            return offset < table.count ? table[offset] : end
        }
    }
}
