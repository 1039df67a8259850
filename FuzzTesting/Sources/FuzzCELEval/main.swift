import CEL

/// Variables every fuzzed expression may read: one of each kind of value.
let bindings: [String: CELValue] = [
    "x": .int(7), "u": .uint(3), "d": .double(2.5), "s": .string("peer wörker"),
    "b": .bytes([0, 255, 10]), "t": .bool(true), "n": .null,
    "l": .list([.int(1), .int(2), .int(3), .string("a")]),
    "m": .map(
        try! CELMap.make([
            (.string("a"), .int(1)), (.string("nested"), .map(CELMap([("k", .list([]))]))),
            (.int(2), .double(-0.0)),
        ]).get()),
]

/// libFuzzer's entry point: any expression that parses is evaluated, unchecked (as with
/// `--no-check`) and, when it type-checks, checked, under a small cost budget; evaluation must
/// give a value or an error value, never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCELEval(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    var environment = Environment()
    for name in bindings.keys { environment.declare(name, .dyn) }
    let options = ProgramOptions(costLimit: 20_000)
    guard let ast = try? environment.parse(text) else { return 0 }
    _ = environment.program(ast, options: options).evaluate(bindings).debugText
    if let checked = try? environment.check(ast) {
        _ = environment.program(checked.ast, checked: checked, options: options).evaluate(bindings)
            .debugText
    }
    return 0
}
