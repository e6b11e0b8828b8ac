import Foundation

/// Each source's summary file merged with its extraction, as the previous build left them, one
/// file per source (`.dossier-cache/summaries/ID.entry`, in `EntryCoding`'s binary form): a rebuild
/// parses only the summary files that changed, or whose source's extraction did. With a summary
/// file for each of 10,000 sources, parsing their YAML took seconds of every rebuild.
///
/// An entry is used only when its key matches: a digest of the program, the summary file's text
/// and every field of the fresh extraction's summary, all that a merge reads. `extract` does not
/// use it: it rewrites the files, so it parses them. A file that does not decode is ignored.
/// Read through `Codable`, the entries cost a rebuild a summary file for each of 10,000 sources
/// over a second of CPU; `EntryCoding` reads them in a fraction of it.
struct SummaryCache: Sendable {
    struct Entry: Sendable, Equatable {
        var key: String
        var summary: SourceSummary
        var annotations: [Annotation]
        var notes: String
    }

    static let folder = BuildCache.folder + "/summaries"

    /// The folder of the site whose cache is read, ending in "/" (nil: none is). A path joined as
    /// a string: a rebuild reads an entry per source.
    let site: String?

    init(site: String?) {
        self.site = site.map(\.endingInSlash)
    }

    static func path(for id: String) -> String {
        folder + "/" + id + ".entry"
    }

    /// The key of the merge of `text` (a summary file) with `fresh` (its source's extraction).
    static func key(text: String, fresh: SourceSummary) -> String {
        var hash = ContentHash.WordAtATime()
        hash.add(BuildCache.programFingerprint)
        hash.add(text)
        fresh.addDigest(to: &hash)
        return hash.digest
    }

    /// The previous build's entry for `id` with its file size, if there is one with the key `key`.
    func entry(for id: String, key: String) -> (entry: Entry, size: Int)? {
        guard let site, let data = FileManager.default.contents(atPath: site + Self.path(for: id)),
              let entry = try? EntryCoding.decode(Entry.self, from: data), entry.key == key else { return nil }
        return (entry, data.count)
    }

    static func file(for entry: Entry, id: String) -> SiteFile {
        SiteFile(path: path(for: id), contents: EntryCoding.encode(entry))
    }
}
