import CEL

/// libFuzzer's entry point: any text, as a CEL expression, must parse and check or fail with
/// positioned issues whose caret display renders, never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCELParse(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    var environment = Environment()
    environment.declare("x", .int)
    environment.declare("s", .string)
    environment.declare("m", .map(.string, .dyn))
    environment.declare("l", .list(.int))
    do {
        let ast = try environment.parse(text)
        _ = try environment.check(ast)
    } catch {
        _ = error.description
    }
    return 0
}
