import Foundation

/// A rebuild's new site put in place over the previous one file by file: the files it wrote
/// are renamed from the staging folder into the output folder and the files it no longer has
/// are removed, while the files it kept from the previous site are not touched. A rebuild
/// after one edit writes a few dozen of a site's hundred thousand files: linking every kept
/// file into the staging folder, swapping the folders and removing the old one cost more than
/// the rest of such a build's writing (see `StagedSite.commit`, which chooses).
///
/// A build that fails does so before this starts, and leaves the previous site as it was. Once
/// it starts, a journal in the staging folder lists every rename and removal: a build killed
/// halfway leaves it, and the next build finishes the update before anything else
/// (`SiteWriter.begin`), so the site never stays half old and half new.
struct SiteUpdate {
    /// The journal's name in the staging folder.
    static let journalName = ".dossier-update"

    /// The files to rename into the site, relative to both folders, in the batches the build
    /// wrote them in: a batch is moved once the one before it is (the build's records and stamp
    /// come last, so that they describe a site already in place).
    var moves: [[String]]
    /// The previous site's files (and links) that the new site does not have.
    var removals: [String]
    /// Folders of the previous site that may be left empty, deepest first: each is removed if it is.
    var emptiedFolders: [String]

    /// The update that turns the site at `site` (a path ending in "/") into the new one: `claimed`
    /// is every path of the new site, `written` those in the staging folder (the others were kept,
    /// checked to be in the previous site). Nil when the site cannot be updated in place: a kept
    /// file is not in a real folder of the site (a folder was replaced by a link), or a file must
    /// go where the site has a folder, or under one of its files or links. The whole new site is
    /// then swapped in instead.
    static func plan(site: String, claimed: Set<String>, written: [[String]]) -> SiteUpdate? {
        let writtenCount = written.reduce(0) { $0 + $1.count }
        // The site's folders are listed side by side, each with its files, those the new site lacks
        // and how many were kept (links are listed as files, never followed).
        let tree = FolderTree.folders(under: site)
        let folders = tree.parallelMap { folder -> (files: [String], removals: [String], kept: Int, empty: Bool) in
            let files = folder.files.map { String($0.utf8.dropFirst(site.utf8.count))! }
            var removals: [String] = []
            var kept = 0
            for path in files {
                if claimed.contains(path) { kept += 1 } else { removals.append(path) }
            }
            return (files, removals, kept, folder.files.isEmpty && folder.path != site)
        }
        let folderNames = tree.map { String($0.path.utf8.dropFirst(site.utf8.count).dropLast())! }
        // Found in the site and claimed: the kept files and the written ones that replace a file.
        // Every kept file must be among them, in the folders the walk went through. What the site
        // has where a written file goes is read from the walk, not looked up file by file: after
        // a template edit every page's HTML is written.
        var siteFiles: Set<String> = []
        siteFiles.reserveCapacity(folders.reduce(0) { $0 + $1.files.count })
        for folder in folders { siteFiles.formUnion(folder.files) }
        let siteFolders = Set(folderNames)
        var checkedFolders: Set<Substring> = []
        var replaced = 0
        for path in written.joined() {
            guard !siteFolders.contains(path) else { return nil }
            if siteFiles.contains(path) { replaced += 1 }
            // Each folder above it is a real one or is missing (made when the file moves in).
            var folder = Substring(path)
            while let parent = folder.pathFolder {
                folder = parent
                guard checkedFolders.insert(folder).inserted else { break }
                if siteFiles.contains(String(folder)) { return nil }
            }
        }
        guard folders.reduce(0, { $0 + $1.kept }) == claimed.count - writtenCount + replaced else { return nil }
        let removals = folders.flatMap(\.removals).sorted()
        let empty = zip(folderNames, folders).filter { $1.empty }.map(\.0)
        return SiteUpdate(moves: written, removals: removals, emptiedFolders: emptiedFolders(of: removals, alsoChecking: empty))
    }

    /// The folders of `removals` and their parents, with `others`, deepest first.
    private static func emptiedFolders(of removals: [String], alsoChecking others: [String]) -> [String] {
        var folders = Set(others)
        for path in removals {
            var folder = Substring(path)
            while let parent = folder.pathFolder {
                folder = parent
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        return folders.sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
    }

    /// Writes the journal, then renames and removes; the journal goes last. Paths end in "/".
    func apply(staging: FolderHandle, site: FolderHandle) throws {
        try writeJournal(staging: staging.path)
        try carryOut(staging: staging, site: site)
    }

    /// The journal, written whole under another name and renamed: a build killed while writing
    /// it leaves none, and its staging folder is then removed like any other.
    func writeJournal(staging: String) throws {
        // Entries end in a zero byte (a path may hold any other): "b" starts a batch of moves,
        // "m" and a path is a move, "r" and a path a removal.
        var journal = Data()
        for batch in moves {
            journal.append(contentsOf: Array("b".utf8) + [0])
            for path in batch { journal.append(contentsOf: Array(("m" + path).utf8) + [0]) }
        }
        for path in removals { journal.append(contentsOf: Array(("r" + path).utf8) + [0]) }
        let unfinished = staging + Self.journalName + ".writing"
        guard FileManager.default.createFile(atPath: unfinished, contents: journal),
              rename(unfinished, staging + Self.journalName) == 0 else {
            throw DossierError(file: staging + Self.journalName, "cannot write the journal of the site's update: \(String(cString: strerror(errno)))")
        }
    }

    /// The renames and removals, each done at most once whatever was done before (a file no
    /// longer in the staging folder was moved by a build that was killed): then the journal and
    /// the staging folder go.
    private func carryOut(staging stagingFolder: FolderHandle, site siteFolder: FolderHandle) throws {
        let (staging, site) = (stagingFolder.path, siteFolder.path)
        var made: Set<String> = [""]
        for path in moves.joined() {
            let folder = path.pathFolder.map(String.init) ?? ""
            if made.insert(folder).inserted {
                try FileManager.default.createDirectory(atPath: site + folder, withIntermediateDirectories: true)
            }
        }
        // Each batch on all cores: after a template edit every page's HTML is renamed.
        for batch in moves {
            if let failure = batch.parallelMap({ Self.move($0, from: stagingFolder, to: siteFolder) }).lazy.compactMap({ $0 }).first {
                throw DossierError(file: site + failure.path, "cannot put the new file in place: \(failure.reason)",
                                   hint: "the next build finishes the site's update")
            }
        }
        _ = removals.parallelMap { path in unlink(site + path) }
        for folder in emptiedFolders { rmdir(site + folder) }
        unlink(staging + Self.journalName)
        SiteWriter.removeSite(URL(fileURLWithPath: staging))
    }

    /// The path and the system's reason, when its file could not be moved (and was not moved already).
    /// By paths relative to the two open folders: after a template edit every page's HTML is moved.
    private static func move(_ path: String, from staging: FolderHandle, to site: FolderHandle) -> (path: String, reason: String)? {
        if staging.rename(path, into: site) == 0 { return nil }
        let reason = String(cString: strerror(errno))
        if errno == ENOENT, access(staging.path + path, F_OK) != 0 { return nil }
        return (path, reason)
    }

    /// Finishes the update a killed build left in `staging` (its journal), if it left one.
    static func finishInterrupted(staging: String, site: String) throws -> Bool {
        guard let journal = FileManager.default.contents(atPath: staging + journalName) else { return false }
        var moves: [[String]] = []
        var removals: [String] = []
        for entry in journal.split(separator: 0, omittingEmptySubsequences: true) {
            let path = String(decoding: entry.dropFirst(), as: UTF8.self)
            switch entry.first {
            case UInt8(ascii: "b"): moves.append([])
            case UInt8(ascii: "m") where !moves.isEmpty: moves[moves.count - 1].append(path)
            case UInt8(ascii: "r"): removals.append(path)
            default: throw DossierError(file: staging + journalName, "the journal of an interrupted update of the site is damaged",
                                        hint: "remove \(staging) and the site, and build again")
            }
        }
        try SiteUpdate(moves: moves, removals: removals, emptiedFolders: emptiedFolders(of: removals, alsoChecking: []))
            .carryOut(staging: FolderHandle(path: staging), site: FolderHandle(path: site))
        return true
    }
}
