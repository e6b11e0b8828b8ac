import Foundation

/// What the previous build wrote for each page: a digest of everything its files were made
/// from, a digest of the parts of the dossier the page was built from (see `PageInputs`), and
/// the files with their stamps (their size, and which file each is: see `FileStamp`). A page
/// whose inputs are unchanged is linked from the previous site without being built; a page
/// built again whose digest is unchanged is linked instead of rendered and written again.
///
/// Stored as `.dossier-cache/pages.tsv`: a header line `dossier-pages <program> <count>`, then
/// one line per page, `path TAB digest TAB inputs-or-dash TAB script-or-dash TAB file:size:identity ...`.
/// Anything that does not parse, a count that does not match, or another program's header makes
/// the whole manifest empty: a damaged cache costs a full render, never a stale page.
public struct PageManifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var digest: String
        /// The digest of the page's inputs, for the pages that have one (`PageInputs`).
        public var inputs: String?
        /// Whether the page's HTML loads a script (the `_headers` policy follows it).
        public var loadsScripts: Bool
        public var files: [String]
        public var stamps: [FileStamp]
    }

    public var entries: [String: Entry] = [:]

    static let path = BuildCache.folder + "/pages.tsv"

    public init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// The manifest of the site in `folder`, or an empty one.
    public static func load(site folder: URL) -> PageManifest {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path),
              let text = String(data: data, encoding: .utf8) else { return PageManifest() }
        return parse(text) ?? PageManifest()
    }

    static func parse(_ text: String) -> PageManifest? {
        // Split on bytes, not characters: the manifest of a large site has tens of thousands of
        // lines, and its fields are ASCII apart from page paths, which are taken as they are.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.last?.isEmpty == true else { return nil }  // cut short
        lines.removeLast()
        guard let header = lines.first.map({ Substring($0).split(separator: " ") }), header.count == 3, header[0] == "dossier-pages",
              header[1] == BuildCache.programFingerprint, Int(header[2]) == lines.count - 1 else { return nil }
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(lines.count)
        for line in lines.dropFirst() {
            let fields = line.split(separator: UInt8(ascii: "\t"))
            guard fields.count >= 5, Self.isDigest(fields[1]), Self.isDigest(fields[2]) || fields[2].elementsEqual("-".utf8) else { return nil }
            let inputs = fields[2].count == 16 ? String(Substring(fields[2])) : nil
            let script = fields[3].elementsEqual("script".utf8)
            guard script || fields[3].elementsEqual("-".utf8) else { return nil }
            var files: [String] = []
            var stamps: [FileStamp] = []
            for field in fields.dropFirst(4) {
                // Read from the end: `size:identity` follows the path.
                guard let last = field.lastIndex(of: UInt8(ascii: ":")), let identity = UInt64(Substring(field[field.index(after: last)...]), radix: 16),
                      let colon = field[..<last].lastIndex(of: UInt8(ascii: ":")), let size = Int(Substring(field[field.index(after: colon)..<last])) else { return nil }
                files.append(String(Substring(field[..<colon])))
                stamps.append(FileStamp(size: size, identity: identity))
            }
            entries[String(Substring(fields[0]))] = Entry(digest: String(Substring(fields[1])), inputs: inputs, loadsScripts: script, files: files, stamps: stamps)
        }
        return PageManifest(entries: entries)
    }

    /// Sixteen lowercase hex digits (`ContentHash`).
    private static func isDigest(_ field: Substring.UTF8View) -> Bool {
        field.count == 16 && field.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    public func file() -> SiteFile {
        var text = "dossier-pages \(BuildCache.programFingerprint) \(entries.count)\n"
        for path in entries.keys.sorted() {
            let entry = entries[path]!
            text += path + "\t" + entry.digest + "\t" + (entry.inputs ?? "-") + (entry.loadsScripts ? "\tscript" : "\t-")
            for (file, stamp) in zip(entry.files, entry.stamps) { text += "\t" + file + ":" + stamp.field }
            text += "\n"
        }
        return SiteFile(path: Self.path, text: text)
    }
}
