import Foundation

/// The built site as the publishers see it: its files' paths, each file's bytes read when a
/// publisher compares or copies it. A site of 10,000 sources has a hundred thousand files and
/// over a gigabyte: read all at once, it took 1.9 GiB to publish.
struct BuiltSite: Sendable {
    /// Relative to the site, sorted.
    let paths: [String]
    private let files: Files

    private enum Files: Sendable {
        case folder(URL)
        /// A site held in memory (the publishers' tests).
        case memory([String: Data])
    }

    var count: Int { paths.count }

    /// Every regular file under `folder`; links, hidden leftovers of an interrupted build and the
    /// build cache are not part of the site.
    static func read(_ folder: String) throws -> BuiltSite {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DossierError(file: folder, "there is no built site here", hint: "run `dossier build` first")
        }
        guard let paths = FileManager.default.subpaths(atPath: root.path) else {
            throw DossierError(file: folder, "cannot list the built site")
        }
        let files = paths.sorted().filter { path in
            var status = stat()
            return !BuildCache.holds(path) && lstat(root.appendingPathComponent(path).path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        }
        guard !files.isEmpty else {
            throw DossierError(file: folder, "the built site is empty", hint: "run `dossier build` and check its output")
        }
        return BuiltSite(paths: files, files: .folder(root))
    }

    init(files: [SiteFile]) {
        paths = files.map(\.path).sorted()
        self.files = .memory(Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first }))
    }

    private init(paths: [String], files: Files) {
        self.paths = paths
        self.files = files
    }

    /// The bytes of the file at `path`.
    func contents(of path: String) throws -> Data {
        switch files {
        case .memory(let files):
            return files[path] ?? Data()
        case .folder(let root):
            let url = root.appendingPathComponent(path)
            guard let data = try? Data(contentsOf: url) else {
                throw DossierError(file: url.path, "cannot read this file of the built site")
            }
            return data
        }
    }
}
