import Foundation

/// A new site being written beside the output folder (see `SiteWriter`). Files arrive in
/// batches from the render step, each batch written across all cores; a file unchanged since
/// the previous build can be linked from the current site instead of written again.
public final class StagedSite: @unchecked Sendable {
    /// The staging folder.
    public let folder: URL
    /// The site being replaced (it may not exist).
    public let previous: URL
    private let swapIn: @Sendable (URL) throws -> Void
    /// Guards `paths` and `folders`: batches are checked and prepared one at a time.
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var folders: Set<String> = [""]

    /// The two folders' paths, for joining with page paths as plain strings: a rebuild links
    /// tens of thousands of files, and `URL` path arithmetic cost more than the links.
    private let folderPath: String
    private let previousPath: String

    init(folder: URL, previous: URL, swapIn: @escaping @Sendable (URL) throws -> Void) {
        self.folder = folder
        self.previous = previous
        self.swapIn = swapIn
        folderPath = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        previousPath = previous.path.hasSuffix("/") ? previous.path : previous.path + "/"
    }

    /// Every file path written so far.
    public var writtenPaths: Set<String> {
        lock.withLock { paths }
    }

    /// Writes `files` into the new site.
    public func add(_ files: [SiteFile]) throws {
        try claim(files.map(\.path))
        try files.parallelMapThrowing { file in
            let path = self.folderPath + file.path
            if let problem = Self.write(file.contents, to: path) {
                throw DossierError(file: path, "cannot write the page: \(problem)")
            }
        }
    }

    /// open, write, close, on the path as a string; the system's reason when that fails. A site
    /// has a hundred thousand files, and `Data.write(to:)` built a URL and looked the file up for
    /// each: a third of the write step's time outside the kernel.
    private static func write(_ data: Data, to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        return data.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }

    /// Links `paths` from the previous site into the new one: the files are the same bytes, so
    /// they are not written again. False (and nothing claimed) when any of them is missing there
    /// or is not `sizes`' length (the file was changed or removed since): the caller writes them instead.
    public func reuse(_ paths: [String], sizes: [Int]) throws -> Bool {
        for (path, size) in zip(paths, sizes) {
            var status = stat()
            guard lstat(previousPath + path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == size else {
                return false
            }
        }
        try claim(paths)
        for path in paths {
            let source = previousPath + path
            let target = folderPath + path
            if link(source, target) != 0 {
                // Another file system or no hard links there: copy instead.
                do {
                    try FileManager.default.copyItem(atPath: source, toPath: target)
                } catch {
                    throw DossierError(file: target, "cannot reuse the page from the previous build: \(error.localizedDescription)")
                }
            }
        }
        return true
    }

    /// Swaps the new site in for the output folder.
    public func commit() throws {
        try swapIn(folder)
    }

    /// Removes the staging folder: the output folder stays as it was.
    public func discard() {
        SiteWriter.removeSite(folder)
    }

    /// Every path stays inside the site and no two files share one; their folders exist. The
    /// paths are checked before the lock is taken: a rebuild claims every file of the site, from all cores.
    private func claim(_ newPaths: [String]) throws {
        let checked = try newPaths.map { path -> (path: String, folder: String) in
            let parts = path.split(separator: "/")
            if path.hasPrefix("/") || parts.contains("..") || parts.contains(".") || parts.isEmpty {
                throw DossierError(file: path, "a page path must stay inside the site folder")
            }
            return (path, parts.dropLast().joined(separator: "/"))
        }
        try lock.withLock {
            for (path, folderPath) in checked {
                if !paths.insert(path).inserted {
                    throw DossierError(file: path, "two pages would be written to the same file",
                                       hint: "two sources or actors have names that give the same page name; rename one")
                }
                if folders.insert(folderPath).inserted {
                    try FileManager.default.createDirectory(at: folder.appendingPathComponent(folderPath), withIntermediateDirectories: true)
                }
            }
        }
    }
}
