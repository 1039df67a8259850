import SourceDiagnostics
import Testing
import YAMLNode

/// Loads one document from text, as if it were the file `t.yaml`.
func load(_ text: String, loader: YAMLLoader = YAMLLoader()) throws(DiagnosticError) -> Node {
    try loader.loadDocument(SourceFile(path: "t.yaml", text: text))
}

/// The diagnostics that loading `text` gives, rendered as the CLI shows them; "" when it loads.
func renderedErrors(_ text: String, loader: YAMLLoader = YAMLLoader(), stream: Bool = false)
    -> String
{
    let file = SourceFile(path: "t.yaml", text: text)
    do {
        if stream { _ = try loader.loadStream(file) } else { _ = try loader.loadDocument(file) }
        return ""
    } catch {
        return DiagnosticRenderer(sources: [file]).render(error.diagnostics)
    }
}

/// The codes of the diagnostics that loading `text` gives.
func errorCodes(_ text: String, loader: YAMLLoader = YAMLLoader()) -> [String] {
    do {
        _ = try load(text, loader: loader)
        return []
    } catch {
        return error.diagnostics.map(\.code.rawValue)
    }
}
