import SourceDiagnostics
import YAMLNode

/// libFuzzer's entry point: any bytes, as a YAML file, must load or fail with diagnostics that
/// render, never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let file: SourceFile
    do {
        file = try SourceFile(path: "fuzz.yaml", bytes: bytes)
    } catch {
        _ = DiagnosticRenderer().render(error.diagnostics)
        return 0
    }
    do {
        let documents = try YAMLLoader().loadStream(file)
        _ = documents.reduce(0) { $0 + $1.nodeCount }
    } catch {
        _ = DiagnosticRenderer(sources: [file]).render(error.diagnostics)
    }
    return 0
}
