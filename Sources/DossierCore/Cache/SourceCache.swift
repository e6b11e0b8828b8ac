import Foundation

/// Each source's cleaning and extraction as the previous build left them, one file per source
/// (`.dossier-cache/sources/ID.entry`, in `EntryCoding`'s binary form), so that a rebuild redoes only the sources that changed.
///
/// An entry is used only when its key matches: a digest of the source's bytes, its name and
/// format, the program and the extractor's data files. Its extraction is used only while the
/// corpus gives the same answers to the questions the extraction asked of the corpus
/// vocabulary (whether a word is written in lowercase anywhere): a change elsewhere in the
/// corpus that would change this source's extraction sends it back to the extractor. A file
/// that does not decode is ignored; the source is cleaned and extracted afresh.
public struct SourceCache: Sendable {
    struct Entry: Sendable {
        var key: String
        /// The words the source writes in lowercase (its part of the corpus vocabulary).
        var lowercaseWords: [String]
        /// The vocabulary questions the extraction asked, with their answers.
        var queries: [String: Bool]
        var clean: CleanSource
        var extraction: Extractor.Output
    }

    static let folder = BuildCache.folder + "/sources"

    /// The folder of the site whose cache is read, ending in "/" (nil: none is). A path joined as
    /// a string: a rebuild reads an entry per source.
    let site: String?

    public init(site: String?) {
        self.site = site.map(\.endingInSlash)
    }

    static func path(for id: String) -> String {
        folder + "/" + id + ".entry"
    }

    /// The key an entry for `raw` must have.
    static func key(for raw: RawSource) -> String {
        ContentHash.of([BuildCache.programFingerprint, BuildCache.dataFingerprint, raw.id, raw.file, raw.format.rawValue, raw.contentHash]
            .joined(separator: "\u{0}"))
    }

    /// The previous build's entry for `raw` with its file size, if there is one with the right key.
    func entry(for raw: RawSource) -> (entry: Entry, size: Int)? {
        guard let site, let data = FileManager.default.contents(atPath: site + Self.path(for: raw.id)),
              let entry = try? EntryCoding.decode(Entry.self, from: data), entry.key == Self.key(for: raw) else { return nil }
        return (entry, data.count)
    }

    static func file(for entry: Entry, id: String) -> SiteFile {
        SiteFile(path: path(for: id), contents: EntryCoding.encode(entry))
    }
}
