import CDossierSupport
import Foundation

/// Writes the site into a fresh folder beside the output folder and swaps it
/// in only once every file is written, so that a failed or killed build
/// leaves the previous site as it was.
public struct SiteWriter: Sendable {
    public let output: String
    /// What the build reads (corpus, templates, configuration): the output folder may not hold it.
    public let inputs: [String]

    public init(output: String, inputs: [String] = []) {
        self.output = output
        self.inputs = inputs
    }

    var outputURL: URL { URL(fileURLWithPath: output).standardizedFileURL }
    var parent: URL { outputURL.deletingLastPathComponent() }
    var stagingPrefix: String { "." + outputURL.lastPathComponent + ".building-" }

    /// Writes `files` as the whole site.
    public func write(_ files: [SiteFile]) throws {
        let site = try begin()
        do {
            try site.add(files)
            try site.commit()
        } catch {
            site.discard()
            throw error
        }
    }

    /// Starts a new site in a staging folder; files are added in batches as they are rendered,
    /// and the site replaces the output folder only on `commit`. An update of the site that a
    /// killed build left halfway is finished first.
    public func begin() throws -> StagedSite {
        try checkOutputFolder()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        try removeLeftovers()
        let staging = parent.appendingPathComponent(stagingPrefix + String(ProcessInfo.processInfo.processIdentifier))
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        return StagedSite(folder: staging, previous: outputURL, swapIn: swapIn)
    }

    /// Exchanges the staging folder with the output folder in one step where
    /// the system can; otherwise moves the old site aside first.
    @Sendable private func swapIn(_ staging: URL) throws {
        let target = outputURL
        if !FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.moveItem(at: staging, to: target)
            return
        }
        if dossier_exchange_paths(staging.path, target.path) == 0 {
            Self.removeSite(staging)  // now holds the previous site
            return
        }
        let previous = parent.appendingPathComponent(stagingPrefix + "previous-" + String(ProcessInfo.processInfo.processIdentifier))
        try FileManager.default.moveItem(at: target, to: previous)
        do {
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            try? FileManager.default.moveItem(at: previous, to: target)
            throw DossierError(file: target.path, "cannot move the new site into place: \(error.localizedDescription)")
        }
        Self.removeSite(previous)
    }

    /// Removes a site folder (the replaced site, a failed build's staging, a killed build's
    /// leftovers) on all cores: a large site has over a hundred thousand files, and unlinking them
    /// one after another was half a second of every rebuild. Each folder's files are unlinked by
    /// one thread (an unlink holds its folder's lock, so two threads in one folder wait on each
    /// other), the fullest folders first so that the threads finish together; then the folders go,
    /// deepest first. Links are removed, never followed.
    static func removeSite(_ folder: URL) {
        let folders = FolderTree.folders(under: folder.path.endingInSlash)
        let fullestFirst = folders.sorted { ($0.files.count, $1.path) > ($1.files.count, $0.path) }
        _ = fullestFirst.parallelMap { folder in folder.files.reduce(0) { $0 + (unlink($1) == 0 ? 1 : 0) } }
        for folder in folders.sorted(by: { $0.path.utf8.count > $1.path.utf8.count }) { rmdir(folder.path) }
    }

    /// Finishes an update of the site that a killed build left halfway (see `SiteUpdate`) and
    /// removes what other killed builds left: a command that reads the site without building it
    /// first (`check`) calls this, so that it never reads half of one build and half of another.
    public func finishInterruptedBuilds() throws {
        try removeLeftovers()
    }

    /// Staging folders of builds that were killed before they could clean up. A folder
    /// whose build is still running (another `dossier build` or `serve` writing the same
    /// site) is left to it: removing it would make that build fail halfway. A folder holding
    /// the journal of an update of the site (`SiteUpdate`) was killed while putting its files
    /// in place: the update is finished, so that the site is wholly the new one.
    private func removeLeftovers() throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).sorted()
        let ownProcess = ProcessInfo.processInfo.processIdentifier
        for name in names where name.hasPrefix(stagingPrefix) {
            if let owner = name.split(separator: "-").last.flatMap({ Int32($0) }), owner != ownProcess, Self.isRunning(owner) { continue }
            let staging = parent.appendingPathComponent(name)
            if try SiteUpdate.finishInterrupted(staging: staging.path + "/", site: outputURL.path + "/") { continue }
            Self.removeSite(staging)
        }
    }

    /// kill(2) with signal 0 only checks that the process exists.
    static func isRunning(_ process: Int32) -> Bool {
        process > 0 && (kill(process, 0) == 0 || errno == EPERM)
    }

    /// The swap replaces the whole output folder and deletes what was in it. So the folder
    /// must not hold the build's inputs or the current folder (`--out seeds`, `--out .`),
    /// and an existing one must be empty or a site: an `index.html`, and no `.git` (a clone
    /// or worktree of a pages branch would lose its repository).
    func checkOutputFolder() throws {
        let target = outputURL.resolvingSymlinksInPath().path
        func holds(_ path: String) -> Bool {
            let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            return resolved == target || resolved.hasPrefix(target.endingInSlash)
        }
        let hint = "pass --out a folder of its own, new or holding only an earlier build (the default is public)"
        for input in inputs where holds(input) {
            throw DossierError(file: output, "the output folder holds \(input), which the build reads; writing the site would delete it", hint: hint)
        }
        if holds(FileManager.default.currentDirectoryPath) {
            throw DossierError(file: output, "the output folder holds the current folder; writing the site would delete everything in it", hint: hint)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else {
            throw DossierError(file: output, "the output is a file, not a folder; writing the site would delete it", hint: hint)
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        if entries.contains(".git") {
            throw DossierError(file: output, "the output folder is a git working copy (it has .git); writing the site replaces the whole folder and would delete it",
                               hint: "build into another folder; `dossier publish --to REPOSITORY` commits the site to a branch")
        }
        if !entries.isEmpty && !entries.contains("index.html") {
            throw DossierError(file: output, "the output folder is not empty and holds no site (no index.html); writing the site would delete what is in it",
                               hint: hint)
        }
    }
}
