import Foundation

/// Lists and decodes the corpus folder. The analyst's own files beside the
/// sources (`summaries/`, `actors.yml`), hidden files and the site's output
/// folder, where it lies inside the corpus, are not sources.
public struct CorpusReader: Sendable {
    public struct Result: Sendable {
        public var sources: [RawSource]
        public var warnings: [DossierWarning]
        /// What was read of each file, by path, for the next build (files changed in the last
        /// moments before the read are left out: see `read`).
        public var records: [String: FileRecord] = [:]
    }

    /// What a build read of one file of the corpus. The next build trusts it, without reading
    /// the file, while the file has the same stamp (its size, inode and modification time),
    /// as git trusts its index.
    public struct FileRecord: Sendable, Equatable {
        public enum Outcome: String, Sendable {
            case text, binary, empty
        }

        public var stamp: FileStamp
        public var outcome: Outcome
        public var contentHash: String
        public var decodingNotes: [String]
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
    /// A file with the stamp `known` records for it is not read: its source comes from the
    /// record, its text unread (`RawSource.isRead`).
    public func read(folder: String, excluding: [String] = [], known: [String: FileRecord] = [:]) throws -> Result {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw DossierError(file: folder, "the corpus folder does not exist", hint: "pass --corpus DIR, or create seeds/ with your sources")
        }
        var warnings: [DossierWarning] = []
        let listed = listSourcePaths(in: folder, excluding: excluding, warnings: &warnings)
        // A file's time moves by the clock's tick, not at every write: a file written again within
        // the tick of the read keeps its stamp with other bytes. So a file changed in the last two
        // seconds is not recorded, and the next build reads it again (git's "racily clean" entries).
        let settled = time(nil) - 2
        let root = folder.endingInSlash
        let decoded = try listed.parallelMapThrowing { path, status -> (record: FileRecord, source: RawSource?, recorded: Bool) in
            let stamp = FileStamp(status)
            if let record = known[path], record.stamp == stamp {
                return (record, record.outcome == .text ? Self.source(path: path, record: record) : nil, true)
            }
            let bytes = try Self.bytes(of: root + path)
            let (record, source) = Self.decode(path: path, bytes: bytes, stamp: stamp)
            return (record, source, status.st_mtim.tv_sec < settled)
        }
        var result = try collect(Array(zip(listed.map(\.path), decoded.map { ($0.record.outcome, $0.source) })))
        result.warnings = warnings + result.warnings
        for (path, item) in zip(listed.map(\.path), decoded) where item.recorded { result.records[path] = item.record }
        return result
    }

    /// The source of a file read again, its text read: one the build must clean after all (its
    /// cache entry is gone). Its hash and notes are those of the bytes read now.
    public static func reread(_ source: RawSource, folder: String) throws -> RawSource {
        let bytes = try Self.bytes(of: folder.endingInSlash + source.file)
        guard let read = decode(path: source.file, bytes: bytes, stamp: FileStamp(size: bytes.count)).source else {
            throw DossierError(file: source.file, "changed while the build read it: it is no longer a text file", hint: "build again")
        }
        return read
    }

    /// A file's bytes, read with the system's calls on its path (ten thousand of them each build).
    static func bytes(of path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            throw DossierError(file: path, "cannot read the file: \(reason)")
        }
        defer { close(descriptor) }
        // A byte more than its size, to meet the end without growing the buffer.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var done = 0
        while true {
            if done == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, bytes.count))) }  // it grew meanwhile
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw DossierError(file: path, "cannot read the file: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            done += count
        }
        bytes.removeSubrange(done...)
        return bytes
    }

    /// Pure part of reading: bytes → sources, with stable ids. Tests call this directly.
    public func decode(_ files: [File]) throws -> Result {
        let decoded = files.parallelMap { file in Self.decode(path: file.path, bytes: file.bytes, stamp: FileStamp(size: file.bytes.count)) }
        return try collect(Array(zip(files.map(\.path), decoded.map { ($0.record.outcome, $0.source) })))
    }

    /// One file's bytes → its record and, when it is a text with words, its source.
    private static func decode(path: String, bytes: [UInt8], stamp: FileStamp) -> (record: FileRecord, source: RawSource?) {
        let hash = ContentHash.of(bytes)
        switch TextDecoding.decode(bytes) {
        case .binary:
            return (FileRecord(stamp: stamp, outcome: .binary, contentHash: hash, decodingNotes: []), nil)
        case let .text(text, notes):
            if text.allSatisfy(\.isWhitespace) { return (FileRecord(stamp: stamp, outcome: .empty, contentHash: hash, decodingNotes: notes), nil) }
            let record = FileRecord(stamp: stamp, outcome: .text, contentHash: hash, decodingNotes: notes)
            var source = Self.source(path: path, record: record)
            source.text = text
            source.isRead = true
            return (record, source)
        }
    }

    /// The source a record describes, its text not read.
    private static func source(path: String, record: FileRecord) -> RawSource {
        var source = RawSource(id: id(for: path), file: path, format: format(of: path) ?? .text, text: "", contentHash: record.contentHash,
                               decodingNotes: record.decodingNotes)
        source.isRead = false
        return source
    }

    /// The files' sources in id order, with a warning for each file skipped; two files with one id stop the build.
    private func collect(_ files: [(path: String, item: (outcome: FileRecord.Outcome, source: RawSource?))]) throws -> Result {
        var warnings: [DossierWarning] = []
        var sources: [RawSource] = []
        var byID: [String: String] = [:]
        for (path, (outcome, source)) in files {
            switch outcome {
            case .binary: warnings.append(DossierWarning(file: path, "not a text file; skipped"))
            case .empty: warnings.append(DossierWarning(file: path, "empty file; skipped"))
            case .text:
                guard let source else { continue }
                if let other = byID[source.id] {
                    throw DossierError(file: path, "has the same id `\(source.id)` as \(other)",
                                       hint: "rename one of the two files: ids come from file names")
                }
                byID[source.id] = path
                sources.append(source)
            }
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

    /// The sources' paths, each with its file's status (`stat`, through a link).
    private func listSourcePaths(in folder: String, excluding: [String], warnings: inout [DossierWarning]) -> [(path: String, status: stat)] {
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL
        let rootPath = root.path.endingInSlash
        let excluded = Set(excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
        var paths: [(path: String, status: stat)] = []
        func walk(_ relative: String) {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            for name in names.sorted() {
                if name.hasPrefix(".") { continue }
                if relative.isEmpty && (Self.analystEntries.contains(name) || name == DossierConfig.fileName) { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                // Joined as strings: the root is resolved and standardised, the name one part (a URL per source cost more than its lstat).
                let full = rootPath + path
                // lstat(2) tells a link; stat(2), for a link only, follows it: it fails on a link to
                // nothing or a loop of links. Only a link needs resolving: the walk enters no linked
                // folder, so every other entry is where its path says (resolving costs a call per part
                // of the path, for every source).
                var info = stat()
                let listed = lstat(full, &info) == 0
                let isLink = listed && info.st_mode & S_IFMT == S_IFLNK
                guard listed, !isLink || stat(full, &info) == 0 else {
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
                let resolved = isLink ? URL(fileURLWithPath: full).resolvingSymlinksInPath().path : full
                if !(resolved + "/").hasPrefix(rootPath) && resolved != root.path {
                    warnings.append(DossierWarning(file: path, "links outside the corpus folder; skipped"))
                    continue
                }
                if type == S_IFDIR {
                    // A link to a folder inside the corpus would list its files twice.
                    if isLink || excluded.contains(resolved) { continue }
                    walk(path)
                } else if Self.format(of: name) != nil {
                    paths.append((path, info))
                } else {
                    warnings.append(DossierWarning(file: path, "not a source (.txt, .md or .html); skipped"))
                }
            }
        }
        walk("")
        return paths
    }
}
