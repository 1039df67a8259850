import Hummingbird
import ReadinessCore

/// The parts of a `multipart/form-data` body (RFC 7578), as a browser sends a form with a file
/// input: each part's field name, the file's name for a file, and its bytes.
///
/// Bounded: at most ``maximumParts`` parts, each with at most ``maximumHeaderBytes`` of
/// headers; the body itself is bounded by whoever collected it.
package struct MultipartForm: Sendable {
    /// One part of the body.
    package struct Part: Sendable {
        /// The form field's name.
        package var name: String
        /// The name of the file chosen, as the browser gave it (for a file input), else `nil`.
        package var fileName: String?
        /// The bytes of the value or file.
        package var bytes: [UInt8]
    }

    /// Why a body could not be read as a form.
    package struct Malformed: Error, Sendable {
        package var message: String
    }

    package static let maximumParts = 32
    package static let maximumHeaderBytes = 8 * 1024

    /// The parts, in order.
    package private(set) var parts: [Part] = []

    /// The boundary a `Content-Type` header gives for a multipart form, or `nil` when the
    /// body is not one.
    package static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map {
            $0.trimmingWhitespace(newlines: false)
        }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingWhitespace().lowercased() == "boundary" else {
                continue
            }
            var value = pair[1].trimmingWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = value.dropFirst().dropLast()
            }
            // RFC 2046: 1 to 70 characters.
            guard (1...70).contains(value.utf8.count) else { return nil }
            return String(value)
        }
        return nil
    }

    /// Reads a body whose parts `boundary` separates.
    ///
    /// - Throws: ``Malformed`` when the body does not follow the format or passes a bound.
    package init(_ body: [UInt8], boundary: String) throws(Malformed) {
        let delimiter = Array("--\(boundary)".utf8)
        let nextDelimiter = Array("\r\n--\(boundary)".utf8)
        guard var position = Self.find(delimiter, in: body, from: 0) else {
            throw Malformed(message: "the form has no parts")
        }
        position += delimiter.count
        while true {
            // After a delimiter: `--` ends the body; otherwise a line break starts a part.
            if Self.starts(body, at: position, with: Array("--".utf8)) { break }
            guard Self.starts(body, at: position, with: [13, 10]) else {
                throw Malformed(message: "a part of the form is not followed by a line break")
            }
            position += 2
            guard parts.count < Self.maximumParts else {
                throw Malformed(message: "the form has more than \(Self.maximumParts) parts")
            }
            guard let headEnd = Self.find([13, 10, 13, 10], in: body, from: position),
                headEnd - position <= Self.maximumHeaderBytes
            else {
                throw Malformed(message: "a part of the form has no end to its headers")
            }
            let head = String(decoding: body[position..<headEnd], as: UTF8.self)
            guard let contentEnd = Self.find(nextDelimiter, in: body, from: headEnd + 4) else {
                throw Malformed(message: "the form ends in the middle of a part")
            }
            var part = try Self.part(head: head)
            part.bytes = Array(body[(headEnd + 4)..<contentEnd])
            parts.append(part)
            position = contentEnd + nextDelimiter.count
        }
    }

    /// The parts without a file name, as text fields.
    package var fields: FormData {
        FormData(
            fields: parts.filter { $0.fileName == nil }.map {
                ($0.name, String(decoding: $0.bytes, as: UTF8.self))
            })
    }

    /// A form a page posted with a file: a 400 asking to reload when the body is not a
    /// multipart form (a page's own forms always are).
    static func posted(_ body: [UInt8], contentType: String?) throws -> MultipartForm {
        guard let boundary = boundary(contentType: contentType ?? ""),
            let form = try? MultipartForm(body, boundary: boundary)
        else {
            throw HTTPError(
                .badRequest, message: "The form could not be read: reload the page and try again.")
        }
        // A file's bytes are its own; its name and the text fields are text.
        for part in form.parts {
            if let fileName = part.fileName {
                try FormData.refuseNUL(name: part.name, value: fileName)
            } else {
                try FormData.refuseNUL(
                    name: part.name, value: String(decoding: part.bytes, as: UTF8.self))
            }
        }
        return form
    }

    /// The first part named `name` that is a file.
    package func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.fileName != nil }
    }

    /// A part's name and file name, from its `Content-Disposition` header.
    private static func part(head: String) throws(Malformed) -> Part {
        for line in head.split(separator: "\r\n") {
            let header = line.split(separator: ":", maxSplits: 1)
            guard header.count == 2,
                header[0].trimmingWhitespace().lowercased() == "content-disposition"
            else { continue }
            let parameters = Self.parameters(String(header[1]))
            guard let name = parameters["name"] else { break }
            return Part(name: name, fileName: parameters["filename"], bytes: [])
        }
        throw Malformed(message: "a part of the form does not say which field it is")
    }

    /// The parameters of a `form-data; name="a"; filename="b.yaml"` header, by lower-case name;
    /// in a quoted value, `\"` and `\\` undone and any other backslash kept: browsers send a
    /// Windows path's backslashes as they are, and a name with a folder in it must be seen.
    static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var characters = Substring(header)
        while !characters.isEmpty {
            // A name up to `=` or `;`.
            let name = characters.prefix { $0 != "=" && $0 != ";" }
            characters = characters.dropFirst(name.count)
            var value = ""
            if characters.first == "=" {
                characters = characters.dropFirst()
                characters = characters.drop { $0 == " " }
                if characters.first == "\"" {
                    characters = characters.dropFirst()
                    var escaped = false
                    while let character = characters.first {
                        characters = characters.dropFirst()
                        if escaped {
                            if character != "\"" && character != "\\" { value.append("\\") }
                            value.append(character)
                            escaped = false
                        } else if character == "\\" {
                            escaped = true
                        } else if character == "\"" {
                            break
                        } else {
                            value.append(character)
                        }
                    }
                    characters = characters.drop { $0 != ";" }
                } else {
                    let raw = characters.prefix { $0 != ";" }
                    value = String(raw.trimmingWhitespace())
                    characters = characters.dropFirst(raw.count)
                }
            }
            if characters.first == ";" { characters = characters.dropFirst() }
            let key = name.trimmingWhitespace().lowercased()
            if !key.isEmpty, result[key] == nil { result[key] = value }
        }
        return result
    }

    private static func starts(_ bytes: [UInt8], at offset: Int, with prefix: [UInt8]) -> Bool {
        offset + prefix.count <= bytes.count
            && bytes[offset..<(offset + prefix.count)].elementsEqual(prefix)
    }

    /// Where `pattern` first occurs in `bytes` at or after `offset`.
    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from offset: Int) -> Int? {
        guard let first = pattern.first else { return offset }
        var start = offset
        while start + pattern.count <= bytes.count,
            let candidate = bytes[start...].firstIndex(of: first)
        {
            if candidate + pattern.count > bytes.count { return nil }
            if bytes[candidate..<(candidate + pattern.count)].elementsEqual(pattern) {
                return candidate
            }
            start = candidate + 1
        }
        return nil
    }
}

extension MultipartForm.Part {
    /// The file's name fit to show in messages: its last component only (a browser may send
    /// a path), without control characters, at most 100 characters; `upload.yaml` when
    /// nothing is left.
    package var displayName: String {
        let last = (fileName ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? ""
        var clean = String.UnicodeScalarView()
        for scalar in last.unicodeScalars where !scalar.properties.generalCategory.isControl {
            guard clean.count < 100 else { break }
            clean.append(scalar)
        }
        let name = String(clean)
        return name.trimmingWhitespace().isEmpty ? "upload.yaml" : name
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isControl: Bool {
        self == .control || self == .format || self == .lineSeparator
            || self == .paragraphSeparator
    }
}
