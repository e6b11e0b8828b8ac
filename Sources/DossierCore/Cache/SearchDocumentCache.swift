import Foundation

/// The previous build's search documents (`.dossier-cache/search.entry`), by page path: a page
/// linked from the previous site without being built (see `PageInputs`) still needs its
/// document in the new index. Written with the page manifest, by the same build; another
/// program's file, or one that does not decode, gives none, and those pages are built.
enum SearchDocumentCache {
    static let path = BuildCache.folder + "/search.entry"

    private struct Stored: Codable {
        var program: String
        var documents: [SearchDocument]
    }

    static func load(site: URL) -> [String: SearchDocument] {
        guard let data = FileManager.default.contents(atPath: site.appendingPathComponent(path).path),
              let stored = try? CacheCoding.decode(Stored.self, from: data), stored.program == BuildCache.programFingerprint else { return [:] }
        var documents: [String: SearchDocument] = [:]
        documents.reserveCapacity(stored.documents.count)
        for document in stored.documents { documents[document.path] = document }
        return documents
    }

    static func file(_ documents: [SearchDocument]) -> SiteFile {
        // Plain values: encoding cannot fail.
        SiteFile(path: path, contents: (try? CacheCoding.encode(Stored(program: BuildCache.programFingerprint, documents: documents))) ?? Data())
    }
}
