import Foundation

/// Lists and decodes the corpus folder. The analyst's own files beside the
/// sources (`summaries/`, `actors.yml`), hidden files and the site's output
/// folder, where it lies inside the corpus, are not sources.
public struct CorpusReader: Sendable {
    public struct Result: Sendable {
        public var sources: [RawSource]
        public var warnings: [DossierWarning]
    }

    /// A file found in the corpus, before decoding.
    public struct File: Sendable {
        public var path: String
        public var bytes: [UInt8]
        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    static let sourceExtensions: [String: RawSource.Format] = [
        "txt": .text, "text": .text, "md": .markdown, "markdown": .markdown, "html": .html, "htm": .html,
    ]
    /// Files and folders in the corpus that belong to the analyst, not to the sources.
    static let analystEntries: Set<String> = ["summaries", "actors.yml", "actors.yaml"]

    public init() {}

    /// Reads every source under `folder`, sorted by path. Folders in `excluding` are not entered:
    /// a site built into the corpus (`--out seeds/site`) would otherwise come back as sources.
    public func read(folder: String, excluding: [String] = []) throws -> Result {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw DossierError(file: folder, "the corpus folder does not exist", hint: "pass --corpus DIR, or create seeds/ with your sources")
        }
        var warnings: [DossierWarning] = []
        let paths = listSourcePaths(in: folder, excluding: excluding, warnings: &warnings)
        let files: [File] = try paths.parallelMapThrowing { path in
            let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
            do {
                return File(path: path, bytes: [UInt8](try Data(contentsOf: url)))
            } catch {
                throw DossierError(file: url.path, "cannot read the file: \(error.localizedDescription)")
            }
        }
        var result = try decode(files)
        result.warnings = warnings + result.warnings
        return result
    }

    /// Pure part of reading: bytes → sources, with stable ids. Tests call this directly.
    public func decode(_ files: [File]) throws -> Result {
        var warnings: [DossierWarning] = []
        let decoded: [RawSource?] = files.parallelMap { file in
            let format = Self.format(of: file.path) ?? .text
            switch TextDecoding.decode(file.bytes) {
            case .binary:
                return nil
            case let .text(text, notes):
                return RawSource(id: Self.id(for: file.path), file: file.path, format: format, text: text,
                                 contentHash: ContentHash.of(file.bytes), decodingNotes: notes)
            }
        }
        var sources: [RawSource] = []
        var byID: [String: String] = [:]
        for (file, source) in zip(files, decoded) {
            guard let source else {
                warnings.append(DossierWarning(file: file.path, "not a text file; skipped"))
                continue
            }
            if source.text.allSatisfy(\.isWhitespace) {
                warnings.append(DossierWarning(file: file.path, "empty file; skipped"))
                continue
            }
            if let other = byID[source.id] {
                throw DossierError(file: file.path, "has the same id `\(source.id)` as \(other)",
                                   hint: "rename one of the two files: ids come from file names")
            }
            byID[source.id] = file.path
            sources.append(source)
        }
        sources.sort { $0.id < $1.id }
        return Result(sources: sources, warnings: warnings)
    }

    static func format(of path: String) -> RawSource.Format? {
        let ext = (path as NSString).pathExtension.lowercased()
        return sourceExtensions[ext]
    }

    /// `reports/001 Kyiv.txt` → `reports-001-kyiv`: folders joined with `-`, extension dropped.
    public static func id(for path: String) -> String {
        let stem = (path as NSString).deletingPathExtension
        return Slug.make(stem.replacingOccurrences(of: "/", with: "-"), fallback: "source")
    }

    private func listSourcePaths(in folder: String, excluding: [String], warnings: inout [DossierWarning]) -> [String] {
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let excluded = Set(excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
        var paths: [String] = []
        func walk(_ relative: String) {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            for name in names.sorted() {
                if name.hasPrefix(".") { continue }
                if relative.isEmpty && (Self.analystEntries.contains(name) || name == DossierConfig.fileName) { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = root.appendingPathComponent(path)
                // lstat(2) tells a link; stat(2), for a link only, follows it: it fails on a link to
                // nothing or a loop of links. Only a link needs resolving: the walk enters no linked
                // folder, so every other entry is where its path says (resolving costs a call per part
                // of the path, for every source).
                var info = stat()
                let listed = lstat(full.path, &info) == 0
                let isLink = listed && info.st_mode & S_IFMT == S_IFLNK
                guard listed, !isLink || stat(full.path, &info) == 0 else {
                    let problem = errno == ENOENT || errno == ELOOP
                        ? "is a link to a file that does not exist (or a loop of links)" : "cannot be read (\(String(cString: strerror(errno))))"
                    warnings.append(DossierWarning(file: path, problem + "; skipped"))
                    continue
                }
                let type = info.st_mode & S_IFMT
                if type != S_IFREG && type != S_IFDIR {
                    // Reading a named pipe would wait forever; a device could be endless.
                    warnings.append(DossierWarning(file: path, "is not a regular file (a pipe, socket or device); skipped"))
                    continue
                }
                let resolved = isLink ? full.resolvingSymlinksInPath().path : full.path
                if !(resolved + "/").hasPrefix(rootPath) && resolved != root.path {
                    warnings.append(DossierWarning(file: path, "links outside the corpus folder; skipped"))
                    continue
                }
                if type == S_IFDIR {
                    // A link to a folder inside the corpus would list its files twice.
                    if isLink || excluded.contains(resolved) { continue }
                    walk(path)
                } else if Self.format(of: name) != nil {
                    paths.append(path)
                } else {
                    warnings.append(DossierWarning(file: path, "not a source (.txt, .md or .html); skipped"))
                }
            }
        }
        walk("")
        return paths
    }
}
