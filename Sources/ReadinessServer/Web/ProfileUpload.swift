import HTTPTypes
import Hummingbird
import ReadinessCore
import SourceDiagnostics

/// A profile sent to the import form: a file chosen (a multipart form, field `file`) or text
/// pasted (field `profile`); its text, the name messages call it by, and the form's fields.
struct ProfileUpload {
    /// Why an upload is refused: the problem to show, the status, and the form's fields when
    /// they could be read (so its CSRF token is checked before anything is said).
    struct Refusal: Error {
        var diagnostic: Diagnostic
        var status: HTTPResponse.Status
        var form: FormData?

        init(
            _ code: Diagnostic.Code, _ message: String, help: String,
            status: HTTPResponse.Status, form: FormData?
        ) {
            diagnostic = Diagnostic(.error, code: code, message: message, help: help)
            self.status = status
            self.form = form
        }
    }

    /// The form's text fields.
    let form: FormData
    /// The profile's text.
    let text: String
    /// What messages call it: the file's own name, or "the pasted text".
    let name: String

    /// Room in a request for the form's other fields and the parts' headers besides the file.
    static let formOverhead = 64 * 1024

    /// Reads the import form of a request whose file may hold at most `fileLimit` bytes.
    ///
    /// - Throws: ``Refusal`` when there is no profile, it is too large or not text, or the
    ///   form cannot be read.
    init(_ request: Request, fileLimit: Int) async throws {
        let body: [UInt8]
        do {
            body = try await Responses.bytes(request, limit: fileLimit + Self.formOverhead)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(fileLimit, form: nil)
        }
        let form: FormData
        if let boundary = MultipartForm.boundary(
            contentType: request.headers[.contentType] ?? "")
        {
            let multipart: MultipartForm
            do {
                multipart = try MultipartForm(body, boundary: boundary)
            } catch {
                throw Refusal(
                    "server.upload-malformed", "the form could not be read: \(error.message)",
                    help: "reload the page and choose the file again", status: .badRequest,
                    form: nil)
            }
            form = multipart.fields
            // A file input left empty still sends a part, with no bytes.
            if let file = multipart.file("file"), !file.bytes.isEmpty {
                guard file.bytes.count <= fileLimit else {
                    throw Self.tooLarge(fileLimit, form: form)
                }
                guard let text = String(validating: file.bytes, as: UTF8.self) else {
                    throw Refusal(
                        "server.upload-not-text",
                        "the file `\(file.displayName)` is not text (UTF-8), so it cannot be a profile",
                        help:
                            "choose the profile's YAML file (one downloaded from here, or written for `readiness assess`)",
                        status: .unprocessableContent, form: form)
                }
                self.form = form
                self.text = text
                name = file.displayName
                return
            }
        } else {
            form = try FormData(String(decoding: body, as: UTF8.self))
        }
        let pasted = form["profile"] ?? ""
        guard !pasted.trimmingWhitespace().isEmpty else {
            throw Refusal(
                "server.upload-empty", "no profile was given",
                help: "choose a profile's YAML file, or paste its text",
                status: .unprocessableContent,
                form: form)
        }
        self.form = form
        text = pasted
        name = "the pasted text"
    }

    /// A limit in megabytes (MiB), as the form's hint and messages give it.
    static func megabytes(_ bytes: Int) -> String {
        NumberFormat.count(Double(bytes) / 1_048_576)
    }

    private static func tooLarge(_ limit: Int, form: FormData?) -> Refusal {
        Refusal(
            "server.upload-too-large",
            "the file is larger than \(megabytes(limit)) MB, the most a profile may be",
            help: "choose the profile's YAML file; a profile is a few kilobytes",
            status: .contentTooLarge, form: form)
    }
}
