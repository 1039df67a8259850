/// Generates Markdown reference documentation from function declarations, so the documented
/// library and the implemented one cannot drift apart.
public enum FunctionDocumentation {
    /// A Markdown section per function (operators left out): summary, signatures, examples.
    public static func markdown(title: String, introduction: String, functions: [FunctionDecl])
        -> String
    {
        var out = "# \(title)\n\n\(introduction)\n"
        let named = functions.filter { $0.name.first?.isLetter == true }.sorted {
            $0.name < $1.name
        }
        for function in named {
            out += "\n## `\(function.name)`\n\n"
            if !function.summary.isEmpty { out += function.summary + "\n\n" }
            out += "| signature | result |\n|---|---|\n"
            for overload in function.overloads {
                let parameters = overload.parameters.map(\.description)
                let call =
                    overload.isReceiver
                    ? "\(parameters[0]).\(function.name)(\(parameters.dropFirst().joined(separator: ", ")))"
                    : "\(function.name)(\(parameters.joined(separator: ", ")))"
                out += "| `\(call)` | `\(overload.result)` |\n"
            }
            if !function.examples.isEmpty {
                out += "\nExamples:\n\n"
                for example in function.examples {
                    out += "- `\(example.expression)` → `\(example.result)`\n"
                }
            }
        }
        return out
    }
}
