import Foundation

/// Synchronises a folder a web server serves with the site: new and changed
/// files copied, files a previous publish wrote that the site no longer has
/// removed, nothing else touched.
///
/// Every new file is first written under a hidden temporary name beside its
/// place; only when all are written are they renamed over the old ones (a
/// rename is atomic), so a failure while copying leaves the folder as it was
/// and a visitor never sees a half-copied page.
struct FolderPublisher: Sendable {
    var folder: URL
    /// Writes one staged file: the seam through which tests make a copy fail.
    var writeFile: @Sendable (Data, URL) throws -> Void = { data, url in try data.write(to: url) }

    /// The paths the last publish wrote, one a line: what a later publish may remove.
    static let manifestName = ".dossier-published"
    static let stagingPrefix = ".dossier-publishing-"

    init(folder: String) {
        self.folder = URL(fileURLWithPath: folder).standardizedFileURL
    }

    @discardableResult
    func publish(_ site: BuiltSite, dryRun: Bool) throws -> PublishPlan {
        let paths = site.paths.filter { $0 != Self.manifestName }
        try checkFolder()
        try checkPlaces(paths)
        let previous = readManifest()
        let plan = try PublishPlan.between(paths: paths, contents: site.contents(of:), existing: { self.contents(at: $0) }, removable: previous)
        if dryRun || plan.isEmpty && previous == Set(paths) { return plan }

        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        removeLeftovers(paths)
        let staged = try stage(plan.added + plan.changed, from: site)
        do {
            // Listed before they land, so that an interrupted publish can still clean them up later.
            try writeManifest(previous.union(paths))
            for (path, temporary) in staged {
                try replace(url(path), with: temporary)
            }
        } catch {
            for (_, temporary) in staged { try? FileManager.default.removeItem(at: temporary) }
            throw error
        }
        for path in plan.removed {
            do {
                try FileManager.default.removeItem(at: url(path))
            } catch {
                throw DossierError(file: url(path).path, "cannot remove this file gone from the site: \(error.localizedDescription)")
            }
            removeEmptyFolders(above: path)
        }
        try writeManifest(Set(paths))
        return plan
    }

    private func url(_ path: String) -> URL { folder.appendingPathComponent(path) }

    /// `"a/b/c.html"` → `"a/b"`, `"c.html"` → `""`.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    private func checkFolder() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw DossierError(file: folder.path, "the destination is a file, not a folder", hint: "give --to a folder or a git repository")
        }
    }

    /// Every page's place is free for a file: no folder where a page goes and no
    /// file where the site needs a folder. Checked before anything is written.
    private func checkPlaces(_ paths: [String]) throws {
        var checked: Set<String> = []
        for path in paths {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url(path).path, isDirectory: &isFolder), isFolder.boolValue {
                throw DossierError(file: url(path).path, "a folder is where the site has a file", hint: "move that folder away, then publish again")
            }
            var parent = Self.parent(of: path)
            while !parent.isEmpty, checked.insert(parent).inserted {
                if FileManager.default.fileExists(atPath: url(parent).path, isDirectory: &isFolder), !isFolder.boolValue {
                    throw DossierError(file: url(parent).path, "a file is where the site has a folder", hint: "move that file away, then publish again")
                }
                parent = Self.parent(of: parent)
            }
        }
    }

    /// The bytes of a regular file at `path`, nil when there is none.
    private func contents(at path: String) -> Data? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url(path).path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        return try? Data(contentsOf: url(path), options: .mappedIfSafe)
    }

    /// Writes every file at `paths` of the site under a temporary name beside its place, reading
    /// one at a time. On failure every temporary file and every folder made for them is removed again.
    private func stage(_ paths: [String], from site: BuiltSite) throws -> [(String, URL)] {
        var staged: [(String, URL)] = []
        var created: [URL] = []
        do {
            for path in paths {
                let data = try site.contents(of: path)
                let target = url(path)
                created += try makeFolders(for: target.deletingLastPathComponent())
                let temporary = target.deletingLastPathComponent()
                    .appendingPathComponent(Self.stagingPrefix + "\(ProcessInfo.processInfo.processIdentifier)-" + target.lastPathComponent)
                do {
                    try writeFile(data, temporary)
                } catch {
                    try? FileManager.default.removeItem(at: temporary)
                    throw DossierError(file: target.path, "cannot copy this page; the folder was left as it was: \(error.localizedDescription)")
                }
                staged.append((path, temporary))
            }
        } catch {
            for (_, temporary) in staged { try? FileManager.default.removeItem(at: temporary) }
            for folder in created.reversed() { try? FileManager.default.removeItem(at: folder) }
            throw error
        }
        return staged
    }

    /// Creates `folder` and its missing parents; returns those it created, outermost first.
    private func makeFolders(for folder: URL) throws -> [URL] {
        var missing: [URL] = []
        var current = folder.standardizedFileURL
        while current.path.count > self.folder.path.count, !FileManager.default.fileExists(atPath: current.path) {
            missing.insert(current, at: 0)
            current = current.deletingLastPathComponent()
        }
        for url in missing {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            } catch {
                throw DossierError(file: url.path, "cannot create this folder: \(error.localizedDescription)")
            }
        }
        return missing
    }

    /// `rename(2)` over the old file: readers see the old bytes or the new, never a part.
    private func replace(_ target: URL, with temporary: URL) throws {
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw DossierError(file: target.path, "cannot move the new page into place: \(reason)")
        }
    }

    /// Temporary files of a publish that was killed before it could clean up.
    private func removeLeftovers(_ paths: [String]) {
        let folders = Set(paths.map { Self.parent(of: $0) })
        for folder in folders {
            let place = folder.isEmpty ? self.folder : url(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: place.path)) ?? [] where name.hasPrefix(Self.stagingPrefix) {
                try? FileManager.default.removeItem(at: place.appendingPathComponent(name))
            }
        }
    }

    /// After removing `path`, the folders that held it and are now empty.
    private func removeEmptyFolders(above path: String) {
        var parent = Self.parent(of: path)
        while !parent.isEmpty {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: url(parent).path)) ?? ["?"]
            guard contents.isEmpty else { return }
            try? FileManager.default.removeItem(at: url(parent))
            parent = Self.parent(of: parent)
        }
    }

    func readManifest() -> Set<String> {
        guard let text = try? String(contentsOf: url(Self.manifestName), encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").map(String.init).filter { path in
            let parts = path.split(separator: "/")
            return !path.hasPrefix("#") && !path.hasPrefix("/") && !parts.contains("..") && !parts.contains(".") && path != Self.manifestName
        })
    }

    private func writeManifest(_ paths: Set<String>) throws {
        let text = "# Written by `dossier publish`: the files it put here, which a later publish may replace or remove.\n"
            + paths.sorted().joined(separator: "\n") + "\n"
        let target = url(Self.manifestName)
        let temporary = folder.appendingPathComponent(Self.stagingPrefix + "\(ProcessInfo.processInfo.processIdentifier)-" + Self.manifestName)
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            throw DossierError(file: target.path, "cannot write the list of published files: \(error.localizedDescription)")
        }
        try replace(target, with: temporary)
    }
}
