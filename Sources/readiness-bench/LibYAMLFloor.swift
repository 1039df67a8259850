import CLibYAML
import Glibc

/// The floor every figure is compared with: libyaml alone reading the same input, emitting
/// events that nothing composes.
enum LibYAMLFloor {
    /// Parses `bytes` already in memory to the end of the stream (or the first error); returns
    /// the event count.
    static func parse(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            parse { parser in yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            }
        }
    }

    /// Opens the file at `path` and lets libyaml read and parse it (`yaml_parser_set_input_file`,
    /// libyaml's own way to parse a file); returns the event count, or 0 if it cannot be opened.
    static func parse(path: String) -> Int {
        guard let file = fopen(path, "rb") else { return 0 }
        defer { fclose(file) }
        return parse { parser in yaml_parser_set_input_file(parser, file) }
    }

    private static func parse(input: (UnsafeMutablePointer<yaml_parser_t>) -> Void) -> Int {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { return 0 }
        defer { yaml_parser_delete(parser) }
        input(parser)
        var events = 0
        var event = yaml_event_t()
        while yaml_parser_parse(parser, &event) == 1 {
            events += 1
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if done { break }
        }
        return events
    }
}
