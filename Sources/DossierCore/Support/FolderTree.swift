import Glibc

/// The folders under a site's root, each with the entries in it that are not folders, read with
/// opendir and readdir: a large site has a hundred thousand files, and this runs on every build
/// (to check the previous site, to remove the replaced one). Links are listed, never followed.
enum FolderTree {
    /// `root` (ending in "/") and every folder under it, each with the paths of its other
    /// entries; the top-level entry named `skipping` is left out.
    static func folders(under root: String, skipping: String? = nil) -> [(path: String, files: [String])] {
        var folders: [(path: String, files: [String])] = []
        var waiting = [root]
        while let path = waiting.popLast() {
            guard let directory = opendir(path) else { continue }
            var files: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." || (path == root && name == skipping) { continue }
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    isFolder = lstat(path + name, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder { waiting.append(path + name + "/") } else { files.append(path + name) }
            }
            closedir(directory)
            folders.append((path, files))
        }
        return folders
    }
}
