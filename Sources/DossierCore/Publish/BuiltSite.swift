import Foundation

/// The built site as the publishers see it: every file under the output folder.
enum BuiltSite {
    /// Every regular file under `folder`, sorted by path; links, hidden leftovers of an
    /// interrupted build and the build cache are not part of the site.
    static func read(_ folder: String) throws -> [SiteFile] {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DossierError(file: folder, "there is no built site here", hint: "run `dossier build` first")
        }
        guard let paths = FileManager.default.subpaths(atPath: root.path) else {
            throw DossierError(file: folder, "cannot list the built site")
        }
        var files: [SiteFile] = []
        for path in paths.sorted() where !BuildCache.holds(path) {
            let url = root.appendingPathComponent(path)
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            guard let data = try? Data(contentsOf: url) else {
                throw DossierError(file: url.path, "cannot read this file of the built site")
            }
            files.append(SiteFile(path: path, contents: data))
        }
        guard !files.isEmpty else {
            throw DossierError(file: folder, "the built site is empty", hint: "run `dossier build` and check its output")
        }
        return files
    }
}
