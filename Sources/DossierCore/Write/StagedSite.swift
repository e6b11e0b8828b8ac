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

    /// Writes `files` into the new site; their stamps, in the same order.
    @discardableResult
    public func add(_ files: [SiteFile]) throws -> [FileStamp] {
        try claim(files.map(\.path))
        return try files.parallelMapThrowing { file in
            let path = self.folderPath + file.path
            switch Self.write(file.contents, to: path) {
            case .success(let stamp): return stamp
            case .failure(let problem): throw DossierError(file: path, "cannot write the page: \(problem.reason)")
            }
        }
    }

    private struct WriteFailure: Error {
        var reason: String
        init() { reason = String(cString: strerror(errno)) }
    }

    /// open, write, fstat, close, on the path as a string; the system's reason when that fails.
    /// A site has a hundred thousand files, and `Data.write(to:)` built a URL and looked the file
    /// up for each: a third of the write step's time outside the kernel.
    private static func write(_ data: Data, to path: String) -> Result<FileStamp, WriteFailure> {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return .failure(WriteFailure()) }
        defer { close(descriptor) }
        return data.withUnsafeBytes { buffer -> Result<FileStamp, WriteFailure> in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return .failure(WriteFailure())
                }
                offset += written
            }
            var status = stat()
            return fstat(descriptor, &status) == 0 ? .success(FileStamp(status)) : .failure(WriteFailure())
        }
    }

    /// Links `paths` from the previous site into the new one: the files are the same bytes, so
    /// they are not written again. Nil (and nothing claimed) when any of them is missing there or
    /// no longer matches its stamp (the file was edited, replaced or removed since): the caller
    /// writes them instead. Otherwise the stamps the files have in the new site.
    public func reuse(_ paths: [String], stamps: [FileStamp]) throws -> [FileStamp]? {
        for (path, stamp) in zip(paths, stamps) {
            var status = stat()
            guard lstat(previousPath + path, &status) == 0, stamp.matches(status) else { return nil }
        }
        try claim(paths)
        var kept = stamps
        for (index, path) in paths.enumerated() {
            let source = previousPath + path
            let target = folderPath + path
            if link(source, target) != 0 {
                // Another file system or no hard links there: copy instead, a new file with a stamp of its own.
                do {
                    try FileManager.default.copyItem(atPath: source, toPath: target)
                } catch {
                    throw DossierError(file: target, "cannot reuse the page from the previous build: \(error.localizedDescription)")
                }
                guard let copied = FileStamp.of(target) else { throw DossierError(file: target, "the page copied from the previous build is gone") }
                kept[index] = copied
            }
        }
        return kept
    }

    /// Reads the bytes `range` of the previous site's file at `path` into `buffer` (as long as the
    /// range), if the file is still the one `stamp` describes: a file edited or replaced since the
    /// build that wrote it is not read.
    public func readPrevious(_ path: String, stamp: FileStamp, range: Range<Int>, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        let descriptor = open(previousPath + path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, stamp.matches(status), range.upperBound <= Int(status.st_size), buffer.count == range.count else { return false }
        var done = 0
        while done < range.count {
            let read = pread(descriptor, buffer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { return false }
            done += read
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
