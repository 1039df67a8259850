@_spi(Testing) import ReadinessCore

/// The reader of the shipped rule set's profiles: its schema has every kind of field (text
/// with and without listed values, whole and decimal numbers with bounds, dates, lists of
/// records, nested records, required and optional fields).
let reader: ProfileReader = {
    do {
        return ProfileReader(schema: try BuiltInRuleSet.load().ruleSet.schema)
    } catch {
        fatalError("the built-in rule set does not load: \(error)")
    }
}()

/// libFuzzer's entry point: the same bytes go to the fast profile decoder and to the full one;
/// what the fast one takes must be what the full one reads without a message. Any difference
/// stops the run, with both results, as a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfileDecoders(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    if case .different(let difference) = reader.compareDecoders(bytes, name: "fuzz.yaml") {
        fatalError("the profile decoders disagree:\n\(difference)")
    }
    return 0
}
