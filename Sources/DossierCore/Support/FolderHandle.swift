import Foundation

/// An open folder whose files are reached by paths relative to it (`fstatat`, `openat`,
/// `renameat`). A rebuild checks and moves a hundred thousand files of a site: joined to the
/// folder's own path, each made the kernel walk that path again.
///
/// Only paths that stay inside the folder (`StagedSite.staysInside`) are reached; any other is
/// treated as missing, so a damaged manifest cannot point a build at a file elsewhere. Where
/// the folder could not be opened (it does not exist yet), the joined path is used.
final class FolderHandle: @unchecked Sendable {  // the descriptor is only read after init
    /// The folder's path, ending in "/".
    let path: String
    private let descriptor: Int32

    init(path: String) {
        self.path = path.endingInSlash
        descriptor = Glibc.open(self.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The status of the entry at `relative`, not following a final link; nil where there is none.
    func status(of relative: String) -> stat? {
        guard StagedSite.staysInside(relative) else { return nil }
        var status = stat()
        let found = descriptor >= 0 ? fstatat(descriptor, relative, &status, AT_SYMLINK_NOFOLLOW) : lstat(path + relative, &status)
        return found == 0 ? status : nil
    }

    /// `open` of the file at `relative`: a descriptor, or -1 with `errno` set.
    func open(_ relative: String, flags: Int32, mode: mode_t = 0) -> Int32 {
        guard StagedSite.staysInside(relative) else {
            errno = EINVAL
            return -1
        }
        return descriptor >= 0 ? openat(descriptor, relative, flags, mode) : Glibc.open(path + relative, flags, mode)
    }

    /// Renames the entry at `relative` here to the same path under `target`: 0, or -1 with `errno` set.
    func rename(_ relative: String, into target: FolderHandle) -> Int32 {
        guard StagedSite.staysInside(relative) else {
            errno = EINVAL
            return -1
        }
        if descriptor >= 0 && target.descriptor >= 0 { return renameat(descriptor, relative, target.descriptor, relative) }
        return Glibc.rename(path + relative, target.path + relative)
    }
}
