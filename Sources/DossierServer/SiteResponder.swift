import Foundation
import Hummingbird

/// Answers requests from the built site's files: HTML with the live-reload tag
/// added, the build error in place of every HTML page while the latest build fails.
struct SiteResponder: Sendable {
    let files: SiteFiles
    let status: BuildStatus

    func respond(to request: Request) async -> Response {
        let current = await status.current
        switch files.resolve(request.uri.path) {
        case .badRequest:
            return Self.text(.badRequest, "Bad request: malformed percent-encoding\n")
        case .refused:
            return Self.text(.forbidden, "Forbidden: that path leads outside the site\n")
        case .redirect(let location):
            return Response(status: .movedPermanently, headers: [.location: location, .cacheControl: "no-store"])
        case .file(let path):
            if SiteFiles.isHTML(path) {
                if let error = current.error { return Self.errorPage(error, version: current.version) }
                guard let page = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return notFound(current) }
                return Self.html(.ok, LiveReload.inject(into: page, version: current.version))
            }
            // A rebuild may have swapped the folder between the lookup and the read.
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return notFound(current) }
            return Self.bytes(.ok, data, contentType: SiteFiles.contentType(for: path))
        case .notFound:
            return notFound(current)
        }
    }

    /// The site's own 404.html when it has one.
    private func notFound(_ current: BuildStatus.Snapshot) -> Response {
        if let error = current.error { return Self.errorPage(error, version: current.version) }
        if case .file(let path) = files.resolve("/404.html"), let page = try? Data(contentsOf: URL(fileURLWithPath: path)) {
            return Self.html(.notFound, LiveReload.inject(into: page, version: current.version))
        }
        return Self.text(.notFound, "Not found\n")
    }

    static func version(_ current: BuildStatus.Snapshot) -> Response {
        bytes(.ok, Data(current.version.utf8), contentType: "text/plain; charset=utf-8")
    }

    static func script() -> Response {
        bytes(.ok, Data(LiveReload.script.utf8), contentType: "text/javascript; charset=utf-8")
    }

    static func errorPage(_ message: String, version: String) -> Response {
        html(.internalServerError, Data(LiveReload.errorPage(message, version: version).utf8))
    }

    static func html(_ status: HTTPResponse.Status, _ page: Data) -> Response {
        bytes(status, page, contentType: "text/html; charset=utf-8")
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        bytes(status, Data(text.utf8), contentType: "text/plain; charset=utf-8")
    }

    /// Every answer is `no-store`: a preview must never show a stale stylesheet after a rebuild.
    static func bytes(_ status: HTTPResponse.Status, _ data: Data, contentType: String) -> Response {
        Response(status: status, headers: [.contentType: contentType, .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Only GET and HEAD: the preview server changes nothing.
struct ReadOnlyMethods<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        return try await next(request, context)
    }
}
