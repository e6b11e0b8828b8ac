import Foundation
import Glibc

/// Notices changes to the build's inputs by comparing the files' modification times
/// and sizes between two looks: enough for files a person edits.
struct ChangeWatcher: Sendable {
    /// Folders watched recursively (the corpus, the templates) and single files (the configuration).
    let roots: [String]
    /// Never watched, even inside a root: the output and its staging folders, or a build
    /// would trigger the next one.
    let excluded: [String]

    struct Stamp: Equatable, Sendable {
        var modified: Date? = nil
        var size: Int? = nil
    }

    typealias Snapshot = [String: Stamp]

    init(roots: [String], excluded: [String]) {
        self.roots = roots.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.excluded = excluded.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// Every watched file's stamp, by path. Read with opendir, readdir and stat: a watched corpus of
    /// 10,000 sources and their summary files is walked several times a second, and Foundation's
    /// enumerator with its resource values kept most of a core busy doing it.
    func snapshot() -> Snapshot {
        var files: Snapshot = [:]
        for root in roots where !isExcluded(root) {
            var status = stat()
            guard stat(root, &status) == 0 else { continue }  // missing: nothing to watch yet
            files[root] = Self.stamp(status)
            if status.st_mode & S_IFMT == S_IFDIR { walk(root, into: &files) }
        }
        return files
    }

    /// The entries under `folder`, hidden ones left out (they are neither sources nor templates, and
    /// editors' swap files are hidden). A linked file is stamped as its target; a linked folder is
    /// not entered.
    private func walk(_ folder: String, into files: inout Snapshot) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        var folders: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !name.hasPrefix(".") else { continue }
            let path = folder + "/" + name
            guard !isExcluded(path) else { continue }
            var status = stat()
            guard stat(path, &status) == 0 else { files[path] = Stamp(); continue }
            files[path] = Self.stamp(status)
            var own = stat()
            if status.st_mode & S_IFMT == S_IFDIR, lstat(path, &own) == 0, own.st_mode & S_IFMT == S_IFDIR { folders.append(path) }
        }
        for path in folders { walk(path, into: &files) }
    }

    /// A folder counts by its presence only: its own time changes whenever an entry is
    /// added, hidden or excluded ones too, and its entries are compared one by one anyway.
    private static func stamp(_ status: stat) -> Stamp {
        guard status.st_mode & S_IFMT != S_IFDIR else { return Stamp() }
        return Stamp(modified: Date(timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9),
                     size: Int(status.st_size))
    }

    /// The paths added, removed or modified between two snapshots, sorted.
    static func changes(from old: Snapshot, to new: Snapshot) -> [String] {
        var paths = Set<String>()
        for (path, stamp) in new where old[path] != stamp { paths.insert(path) }
        for path in old.keys where new[path] == nil { paths.insert(path) }
        return paths.sorted()
    }

    private func isExcluded(_ path: String) -> Bool {
        excluded.contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}
