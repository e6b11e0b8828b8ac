import Foundation

/// A new site being written beside the output folder (see `SiteWriter`). Files arrive in
/// batches from the render step, each batch written across all cores; a file unchanged since
/// the previous build is kept from the current site instead of written again. On `commit` the
/// written files replace theirs in the site and the kept ones stay (`SiteUpdate`), or, when
/// nothing was kept, the staging folder replaces the site whole.
public final class StagedSite: @unchecked Sendable {
    /// The staging folder.
    public let folder: URL
    /// The site being replaced (it may not exist).
    public let previous: URL
    private let swapIn: @Sendable (URL) throws -> Void
    /// Guards `paths`, `written` and `folders`: batches are checked and prepared one at a time.
    private let lock = NSLock()
    /// Every path of the new site: written or kept.
    private var paths: Set<String> = []
    /// The paths written into the staging folder, batch by batch.
    private var written: [[String]] = []
    /// The staging folder's folders.
    private var folders: Set<String> = [""]
    /// Set once the site's update in place has begun: from then on the staging folder holds its
    /// journal, and is left for the next build to finish rather than discarded.
    private var updating = false

    /// The two folders, open: a rebuild checks and writes tens of thousands of files, by paths
    /// relative to them (their `path`s join as plain strings where a path is needed: `URL` path
    /// arithmetic cost more than the checks).
    private let staging: FolderHandle
    private let previousSite: FolderHandle

    init(folder: URL, previous: URL, swapIn: @escaping @Sendable (URL) throws -> Void) {
        self.folder = folder
        self.previous = previous
        self.swapIn = swapIn
        staging = FolderHandle(path: folder.path)
        previousSite = FolderHandle(path: previous.path)
    }

    /// Every file path written so far.
    public var writtenPaths: Set<String> {
        lock.withLock { paths }
    }

    /// Writes `files` into the new site; their stamps, in the same order.
    @discardableResult
    public func add(_ files: [SiteFile]) throws -> [FileStamp] {
        try claim(files.map(\.path), writing: true)
        return try files.parallelMapThrowing { file in
            switch Self.write(file.contents, to: file.path, in: self.staging) {
            case .success(let stamp): return stamp
            case .failure(let problem): throw DossierError(file: self.staging.path + file.path, "cannot write the page: \(problem.reason)")
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
    private static func write(_ data: Data, to path: String, in folder: FolderHandle) -> Result<FileStamp, WriteFailure> {
        let descriptor = folder.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o666)
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

    /// Keeps `paths` from the previous site in the new one: the files are the same bytes, so
    /// they are not written again. Nil (and nothing claimed) when any of them is missing there or
    /// no longer matches its stamp (the file was edited, replaced or removed since): the caller
    /// writes them instead. Otherwise the stamps the files have in the new site, the same ones.
    public func reuse(_ paths: [String], stamps: [FileStamp]) throws -> [FileStamp]? {
        for (path, stamp) in zip(paths, stamps) {
            guard let status = previousSite.status(of: path), stamp.matches(status) else { return nil }
        }
        try claim(paths, writing: false)
        return stamps
    }

    /// Reads the bytes `range` of the previous site's file at `path` into `buffer` (as long as the
    /// range), if the file is still the one `stamp` describes: a file edited or replaced since the
    /// build that wrote it is not read.
    public func readPrevious(_ path: String, stamp: FileStamp, range: Range<Int>, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        let descriptor = previousSite.open(path, flags: O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
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

    /// Puts the new site in place of the previous one: by renaming the written files into it and
    /// removing the ones gone, when files were kept and the site can be updated so; otherwise by
    /// linking the kept files into the staging folder and swapping the two folders.
    public func commit() throws {
        let (claimed, batches) = lock.withLock { (paths, written) }
        let writtenCount = batches.reduce(0) { $0 + $1.count }
        if writtenCount < claimed.count, let update = SiteUpdate.plan(site: previousSite.path, claimed: claimed, written: batches) {
            lock.withLock { updating = true }
            try update.apply(staging: staging, site: previousSite)
            return
        }
        try linkKept(Array(claimed.subtracting(batches.joined())))
        try swapIn(folder)
    }

    /// Links the files kept from the previous site into the staging folder, which is then a whole site.
    private func linkKept(_ kept: [String]) throws {
        try makeFolders(for: kept)
        try kept.parallelMapThrowing { path in
            let (source, target) = (previousSite.path + path, staging.path + path)
            if link(source, target) != 0 {
                // Another file system or no hard links there: a copy (the next build writes it again: its stamp differs).
                do {
                    try FileManager.default.copyItem(atPath: source, toPath: target)
                } catch {
                    throw DossierError(file: target, "cannot keep the page from the previous build: \(error.localizedDescription)")
                }
            }
        }
    }

    /// Removes the staging folder: the output folder stays as it was. Once the site's update has
    /// begun, its journal stays with the files not yet moved, for the next build to finish.
    public func discard() {
        guard !lock.withLock({ updating }) else { return }
        SiteWriter.removeSite(folder)
    }

    /// Every path stays inside the site and no two files share one; their folders exist. The
    /// paths are checked before the lock is taken: a rebuild claims every file of the site, from all cores.
    /// `writing`: the files are written into the staging folder, which gets their folders.
    private func claim(_ newPaths: [String], writing: Bool) throws {
        for path in newPaths where !Self.staysInside(path) {
            throw DossierError(file: path, "a page path must stay inside the site folder")
        }
        try lock.withLock {
            for path in newPaths where !paths.insert(path).inserted {
                throw DossierError(file: path, "two pages would be written to the same file",
                                   hint: "two sources or actors have names that give the same page name; rename one")
            }
            if writing { written.append(newPaths) }
        }
        if writing { try makeFolders(for: newPaths) }
    }

    /// Whether `path` names a file inside the site: not empty, not from the root, no part of it
    /// empty, "." or "..". Byte by byte: a rebuild checks every path of the site.
    static func staysInside(_ path: String) -> Bool {
        var partLength = 0
        var dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if partLength == 0 || partLength == dots && dots <= 2 { return false }
                partLength = 0
                dots = 0
            } else {
                partLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return partLength > 0 && !(partLength == dots && dots <= 2)
    }

    /// Makes the folders of `files` in the staging folder.
    private func makeFolders(for files: [String]) throws {
        let needed = Set(files.map { path in path.pathFolder.map(String.init) ?? "" })
        try lock.withLock {
            for folderPath in needed.sorted() where folders.insert(folderPath).inserted {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(folderPath), withIntermediateDirectories: true)
            }
        }
    }
}
