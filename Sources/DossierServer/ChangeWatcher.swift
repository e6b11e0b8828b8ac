import Foundation

/// Notices changes to the build's inputs by comparing the files' modification times
/// and sizes between two looks: portable, and enough for files a person edits.
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

    func snapshot() -> Snapshot {
        var files: Snapshot = [:]
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isDirectoryKey]
        for root in roots where !isExcluded(root) {
            let url = URL(fileURLWithPath: root)
            guard let values = try? url.resourceValues(forKeys: Set(keys)) else { continue }  // missing: nothing to watch yet
            files[root] = Self.stamp(values)
            guard values.isDirectory == true else { continue }
            // Hidden files are neither sources nor templates, and editors' swap files are hidden.
            guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else {
                continue
            }
            for case let item as URL in walker {
                let path = item.standardizedFileURL.path
                if isExcluded(path) {
                    walker.skipDescendants()
                    continue
                }
                files[path] = (try? item.resourceValues(forKeys: Set(keys))).map(Self.stamp) ?? Stamp()
            }
        }
        return files
    }

    /// A folder counts by its presence only: its own time changes whenever an entry is
    /// added, hidden or excluded ones too, and its entries are compared one by one anyway.
    private static func stamp(_ values: URLResourceValues) -> Stamp {
        values.isDirectory == true ? Stamp() : Stamp(modified: values.contentModificationDate, size: values.fileSize)
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
