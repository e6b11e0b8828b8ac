import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps a request path to a file of the built site, and refuses anything that
/// would lead outside it.
///
/// The path is percent-decoded exactly once; `..`, `.`, backslashes, NUL bytes and
/// leftover percent signs (double encoding) are refused before the file system is
/// asked anything. The candidate is then resolved with realpath(3), symlinks
/// included, and must still lie under the site folder's own real path.
struct SiteFiles: Sendable {
    /// The output folder, as given: it is swapped for a new one on every build, so
    /// its real path is looked up on every request.
    let folder: String

    enum Resolution: Equatable, Sendable {
        /// A regular file inside the site (its real path).
        case file(String)
        /// A folder reached without its trailing slash: relative links need it.
        case redirect(String)
        /// Nothing there.
        case notFound
        /// A path that tries to leave the site, or that the site cannot have.
        case refused
        /// Malformed percent-encoding.
        case badRequest
    }

    func resolve(_ rawPath: String) -> Resolution {
        guard let components = Self.components(of: rawPath) else {
            return rawPath.removingPercentEncoding == nil ? .badRequest : .refused
        }
        guard let root = Self.realPath(folder) else { return .notFound }
        let candidate = ([root] + components).joined(separator: "/")
        guard let real = Self.realPath(candidate) else { return .notFound }
        guard Self.isInside(real, root: root) else { return .refused }
        switch Self.kind(of: real) {
        case .directory:
            let hasSlash = rawPath.hasSuffix("/")
            if !hasSlash && !components.isEmpty {
                return .redirect(Self.encode(components) + "/")
            }
            guard let index = Self.realPath(real + "/index.html") else { return .notFound }
            guard Self.isInside(index, root: root) else { return .refused }
            return Self.kind(of: index) == .file ? .file(index) : .notFound
        case .file:
            return .file(real)
        case .other:
            return .notFound
        }
    }

    /// The decoded path's components, or nil when the path must be refused.
    static func components(of rawPath: String) -> [String]? {
        // Checked before and after decoding: `\` and NUL have no place in a site path.
        if rawPath.contains("\\") || rawPath.contains("\0") { return nil }
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding else { return nil }
        if decoded.contains("\\") || decoded.contains("\0") || decoded.contains("%") { return nil }
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // Hidden files (the build cache among them) are not part of the site.
        if parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) { return nil }
        return parts
    }

    static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    enum Kind { case file, directory, other }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// A redirect target rebuilt from the checked components, never echoed from the
    /// request: `//host` must not become a link to another site.
    static func encode(_ components: [String]) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return "/" + components.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }.joined(separator: "/")
    }

    /// Content types by extension; text is always UTF-8 in a Dossier site.
    static func contentType(for path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "atom": return "application/atom+xml; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff": return "font/woff"
        case "woff2": return "font/woff2"
        case "wasm": return "application/wasm"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }

    static func isHTML(_ path: String) -> Bool {
        contentType(for: path).hasPrefix("text/html")
    }
}
