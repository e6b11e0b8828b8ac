import Foundation

/// The previous build's search documents (`.dossier-cache/search.entry`, in `EntryCoding`'s
/// form: every build writes and reads tens of thousands), by page path: a page kept from the
/// previous site without being built (see `PageInputs`) still needs its document in the new
/// index. Written with the page manifest, by the same build; another program's file, or one
/// that does not decode, gives none, and those pages are built.
enum SearchDocumentCache {
    static let path = BuildCache.folder + "/search.entry"

    private struct Stored: EntryCodable {
        var program: String
        var documents: [SearchDocument]

        init(program: String, documents: [SearchDocument]) {
            self.program = program
            self.documents = documents
        }

        init(from reader: inout EntryReader) throws {
            program = try reader.read()
            documents = try reader.read()
        }

        func write(to writer: inout EntryWriter) {
            writer.write(program)
            writer.write(documents)
        }
    }

    static func load(site: URL) -> [String: SearchDocument] {
        guard let data = FileManager.default.contents(atPath: site.appendingPathComponent(path).path),
              let stored = try? EntryCoding.decode(Stored.self, from: data), stored.program == BuildCache.programFingerprint else { return [:] }
        var documents: [String: SearchDocument] = [:]
        documents.reserveCapacity(stored.documents.count)
        for document in stored.documents { documents[document.path] = document }
        return documents
    }

    static func file(_ documents: [SearchDocument]) -> SiteFile {
        SiteFile(path: path, contents: EntryCoding.encode(Stored(program: BuildCache.programFingerprint, documents: documents)))
    }
}

extension SearchDocument: EntryCodable {
    init(from reader: inout EntryReader) throws {
        path = try reader.read()
        title = try reader.read()
        kind = try reader.read()
        excerpt = try reader.read()
        terms = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(path)
        writer.write(title)
        writer.write(kind)
        writer.write(excerpt)
        writer.write(terms)
    }
}
