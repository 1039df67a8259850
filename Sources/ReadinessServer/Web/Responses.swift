import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers the routes give: pages, files, redirects and errors.
package enum Responses {
    package static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    package static func file(
        _ text: String, type: String, status: HTTPResponse.Status = .ok,
        downloadName: String? = nil, cache: String? = nil
    ) -> Response {
        var headers: HTTPFields = [.contentType: type]
        if let downloadName {
            headers[.contentDisposition] = "attachment; filename=\"\(downloadName)\""
        }
        if let cache { headers[.cacheControl] = cache }
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 303 to `location`: after a form is posted, the browser fetches the page again.
    package static func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// An error page: the status and a plain explanation, never a trace.
    package static func errorPage(
        _ status: HTTPResponse.Status, _ message: String, identity: Identity?, csrf: String?
    ) -> Response {
        html(
            Pages.page(
                title: status.reasonPhrase, identity: identity, csrf: csrf,
                [
                    .element("h1", text: status.reasonPhrase),
                    .element("p", text: message),
                    .element("p", [], [.element("a", [("href", "/")], text: "Go to the start")]),
                ]), status: status)
    }

    /// The body of a request as text, at most `limit` bytes.
    ///
    /// - Throws: `HTTPError(.contentTooLarge)` past the limit.
    package static func body(_ request: Request, limit: Int) async throws -> String {
        String(decoding: try await bytes(request, limit: limit), as: UTF8.self)
    }

    /// The body of a request as bytes, at most `limit` of them.
    ///
    /// - Throws: `HTTPError(.contentTooLarge)` past the limit.
    package static func bytes(_ request: Request, limit: Int) async throws -> [UInt8] {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw error
        } catch {
            throw HTTPError(.contentTooLarge, message: "the request is larger than \(limit) bytes")
        }
    }
}
