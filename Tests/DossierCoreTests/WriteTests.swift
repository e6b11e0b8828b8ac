import Foundation
import Testing
@testable import DossierCore

@Suite struct SiteWriterTests {
    @Test func writesAllFilesAndReplacesThePreviousSite() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let out = root.appendingPathComponent("public")
        try SiteWriter(output: out.path).write([SiteFile(path: "index.html", text: "one"), SiteFile(path: "old.html", text: "old")])
        try SiteWriter(output: out.path).write([SiteFile(path: "index.html", text: "two"), SiteFile(path: "a/b.html", text: "b")])
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "two")
        #expect(try String(contentsOf: out.appendingPathComponent("a/b.html"), encoding: .utf8) == "b")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("old.html").path), "files gone from the site are gone")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(leftovers == ["public"], "no staging folder is left behind")
    }

    @Test func aFailedWriteLeavesThePreviousSite() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let out = root.appendingPathComponent("public")
        try SiteWriter(output: out.path).write([SiteFile(path: "index.html", text: "good")])
        for escaping in ["../escape.html", "/tmp/escape.html", "a/../../escape.html", "a/./b.html", ""] {
            #expect(throws: DossierError.self, "\(escaping)") {
                try SiteWriter(output: out.path).write([SiteFile(path: "index.html", text: "bad"), SiteFile(path: escaping, text: "x")])
            }
        }
        #expect(throws: DossierError.self) {
            try SiteWriter(output: out.path).write([SiteFile(path: "x.html", text: "1"), SiteFile(path: "x.html", text: "2")])
        }
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "good")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escape.html").path))
    }

    /// A replaced site is removed folder by folder on all cores: every file and folder goes, and a
    /// link in it is removed as a link, never followed out of the site.
    @Test func removingASiteRemovesItsLinksNotWhatTheyPointTo() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let outside = root.appendingPathComponent("outside")
        try write("keep", to: outside.appendingPathComponent("deep/keep.txt"))
        let site = root.appendingPathComponent("site")
        for path in ["index.html", "a/b/c.html", "a/b/d/e.html", "a/f.md", "empty-folder/.hidden"] {
            try write(path, to: site.appendingPathComponent(path))
        }
        #expect(symlink(outside.path, site.appendingPathComponent("a/b/folder-link").path) == 0)
        #expect(symlink(outside.appendingPathComponent("deep/keep.txt").path, site.appendingPathComponent("file-link").path) == 0)
        SiteWriter.removeSite(site)
        #expect(!FileManager.default.fileExists(atPath: site.path))
        #expect(try String(contentsOf: outside.appendingPathComponent("deep/keep.txt"), encoding: .utf8) == "keep")
    }

    @Test func removesStagingFoldersOfKilledBuilds() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let stale = root.appendingPathComponent(".public.building-99999")
        try write("half", to: stale.appendingPathComponent("index.html"))
        try SiteWriter(output: root.appendingPathComponent("public").path).write([SiteFile(path: "index.html", text: "ok")])
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    @Test func leavesTheStagingFolderOfABuildStillRunning() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        // The test runner's parent process stands for another build writing the same site.
        let running = root.appendingPathComponent(".public.building-\(getppid())")
        try write("being written", to: running.appendingPathComponent("index.html"))
        try SiteWriter(output: root.appendingPathComponent("public").path).write([SiteFile(path: "index.html", text: "ok")])
        #expect(FileManager.default.fileExists(atPath: running.appendingPathComponent("index.html").path))
    }

    /// The inode of the file at `path`: the same inode after a build means the file was not touched.
    static func inode(_ path: URL) -> UInt64? {
        var status = stat()
        return lstat(path.path, &status) == 0 ? UInt64(status.st_ino) : nil
    }

    /// Every file under `folder` (links too, never followed) with its text, and every folder.
    static func contents(_ folder: URL) throws -> (files: [String: String], folders: Set<String>) {
        var files: [String: String] = [:]
        var folders: Set<String> = []
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(path)
            var status = stat()
            lstat(url.path, &status)
            switch status.st_mode & S_IFMT {
            case S_IFDIR: folders.insert(path)
            case S_IFLNK: files[path] = "link to " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?")
            default: files[path] = try String(contentsOf: url, encoding: .utf8)
            }
        }
        return (files, folders)
    }

    /// A rebuild that keeps most files: the written ones replace theirs in the site, the kept ones
    /// are not touched (same inode), files gone from the site are removed with the folders they
    /// leave empty, and a file put there by hand goes too: the site is exactly the new one.
    @Test func aRebuildPutsItsNewFilesInPlaceAndLeavesTheKeptOnesUntouched() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let out = root.appendingPathComponent("public")
        try SiteWriter(output: out.path).write(["index.html", "a/kept.html", "a/gone.html", "old/deep/gone.html", "b/replaced.html"].map { SiteFile(path: $0, text: "one " + $0) })
        try write("by hand", to: out.appendingPathComponent("a/stray.txt"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("empty/inside"), withIntermediateDirectories: true)
        let keptInode = Self.inode(out.appendingPathComponent("a/kept.html"))

        let site = try SiteWriter(output: out.path).begin()
        let stamp = try #require(FileStamp.of(out.appendingPathComponent("a/kept.html").path))
        #expect(try site.reuse(["a/kept.html"], stamps: [stamp]) == [stamp])
        #expect(try site.reuse(["b/replaced.html"], stamps: [FileStamp(size: 1)]) == nil, "a file that is not the one the stamp describes is not kept")
        try site.add(["index.html", "b/replaced.html", "new/folder/page.html"].map { SiteFile(path: $0, text: "two " + $0) })
        try site.add([SiteFile(path: "last.entry", text: "two last")])
        try site.commit()

        let result = try Self.contents(out)
        #expect(result.files == ["index.html": "two index.html", "a/kept.html": "one a/kept.html", "b/replaced.html": "two b/replaced.html",
                                 "new/folder/page.html": "two new/folder/page.html", "last.entry": "two last"])
        #expect(result.folders == ["a", "b", "new", "new/folder"])
        #expect(Self.inode(out.appendingPathComponent("a/kept.html")) == keptInode, "a kept file is left where it is")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["public"], "no staging folder is left behind")
    }

    /// Where the previous site cannot be updated file by file without writing outside it or
    /// failing halfway, the kept files are linked into the new site and the folders swapped: a
    /// folder replaced by a link to one outside, a file to be written where the site has a folder
    /// or under a link. Nothing outside the site changes, and the site is exactly the new one.
    @Test(arguments: ["kept under a link", "written under a link", "written over a folder"])
    func aSiteThatCannotBeUpdatedInPlaceIsReplacedWhole(_ case: String) throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let out = root.appendingPathComponent("public")
        let outside = root.appendingPathComponent("outside")
        try SiteWriter(output: out.path).write(["index.html", "a/kept.html", "x/y.html"].map { SiteFile(path: $0, text: "one " + $0) })
        var written = ["index.html"]
        switch `case` {
        case "kept under a link":
            try FileManager.default.moveItem(at: out.appendingPathComponent("a"), to: outside)
            #expect(symlink(outside.path, out.appendingPathComponent("a").path) == 0)
        case "written under a link":
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            #expect(symlink(outside.path, out.appendingPathComponent("linked").path) == 0)
            written.append("linked/page.html")
        default:
            written.append("x")
        }
        let outsideBefore = try? Self.contents(outside)
        let site = try SiteWriter(output: out.path).begin()
        let stamp = try #require(FileStamp.of(out.appendingPathComponent("a/kept.html").path))
        #expect(try site.reuse(["a/kept.html"], stamps: [stamp]) == [stamp])
        try site.add(written.map { SiteFile(path: $0, text: "two " + $0) })
        try site.commit()

        var expected = ["a/kept.html": "one a/kept.html"]
        for path in written { expected[path] = "two " + path }
        let result = try Self.contents(out)
        #expect(result.files == expected)
        #expect(result.folders == Set(expected.keys.compactMap { $0.contains("/") ? String($0.split(separator: "/")[0]) : nil }))
        #expect((try? Self.contents(outside))?.files == outsideBefore?.files, "nothing outside the site changes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == (outsideBefore == nil ? ["public"] : ["outside", "public"]))
    }

    /// A build killed while putting its files in place leaves its journal: the next build (or
    /// `check`) finishes the update, whichever of its renames were done, and the site is the new one.
    @Test(arguments: [0, 1, 2])
    func anUpdateKilledHalfwayIsFinishedByTheNextCommand(movedBeforeTheKill: Int) throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let out = root.appendingPathComponent("public")
        try SiteWriter(output: out.path).write(["index.html", "a/kept.html", "a/gone.html", "gone/page.html"].map { SiteFile(path: $0, text: "one " + $0) })
        // A build that died: its process number is one no process has.
        let staging = root.appendingPathComponent(".public.building-99999")
        let moves = ["index.html", "new/page.html"]
        for path in moves { try write("two " + path, to: staging.appendingPathComponent(path)) }
        let update = SiteUpdate(moves: [moves], removals: ["a/gone.html", "gone/page.html"], emptiedFolders: [])
        try update.writeJournal(staging: staging.path + "/")
        for path in moves.prefix(movedBeforeTheKill) {
            try FileManager.default.createDirectory(at: out.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(rename(staging.appendingPathComponent(path).path, out.appendingPathComponent(path).path) == 0)
        }

        try SiteWriter(output: out.path).finishInterruptedBuilds()
        let result = try Self.contents(out)
        #expect(result.files == ["index.html": "two index.html", "a/kept.html": "one a/kept.html", "new/page.html": "two new/page.html"])
        #expect(result.folders == ["a", "new"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["public"])
    }

    /// The byte-wise check on page paths against the rule: not empty, and no part of it (between
    /// slashes) empty, "." or "..".
    @Test func aPagePathStaysInsideTheSiteExactlyWhenNoPartOfItIsEmptyOrDots() {
        let parts = ["a", ".", "..", "...", "", ".a", "a.", "é"]
        var paths = parts
        for first in parts { for second in parts { paths.append(first + "/" + second); for third in parts { paths.append(first + "/" + second + "/" + third) } } }
        for path in paths {
            let expected = !path.isEmpty && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !["", ".", ".."].contains($0) }
            #expect(StagedSite.staysInside(path) == expected, "\(path)")
        }
    }

    /// A path's folder is what stands before its last slash, byte for byte (a combining mark after
    /// the slash makes one character of the two, but the slash still parts folder and name).
    @Test func aPathsFolderIsWhatStandsBeforeItsLastSlash() {
        #expect("compare/a--b.html".pathFolder == "compare")
        #expect("markdown/sources/é.md".pathFolder == "markdown/sources")
        #expect(Substring("a/b/c").pathFolder == "a/b")
        #expect("a/\u{301}b.html".pathFolder == "a")
        #expect("/x".pathFolder == "")
        #expect("index.html".pathFolder == nil)
    }

    /// An open folder reaches its own files by relative paths, and nothing outside it: a path
    /// that leaves it (or is absolute) is missing to it, even where the file exists.
    @Test func anOpenFolderReachesOnlyItsOwnFiles() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("a"), withIntermediateDirectories: true)
        try Data("inside".utf8).write(to: site.appendingPathComponent("a/page.html"))
        try Data("outside".utf8).write(to: root.appendingPathComponent("secret.txt"))
        let other = root.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other.appendingPathComponent("a"), withIntermediateDirectories: true)
        for folder in [FolderHandle(path: site.path), FolderHandle(path: site.path + "/")] {
            #expect(folder.status(of: "a/page.html")?.st_size == 6)
            #expect(folder.status(of: "a/missing.html") == nil)
            for escaping in ["../secret.txt", "a/../../secret.txt", root.appendingPathComponent("secret.txt").path, ""] {
                #expect(folder.status(of: escaping) == nil, "\(escaping)")
                #expect(folder.open(escaping, flags: O_RDONLY) == -1, "\(escaping)")
            }
            let descriptor = folder.open("a/page.html", flags: O_RDONLY)
            #expect(descriptor >= 0)
            if descriptor >= 0 { close(descriptor) }
        }
        let (from, to) = (FolderHandle(path: site.path), FolderHandle(path: other.path))
        #expect(from.rename("a/page.html", into: to) == 0)
        #expect(try String(contentsOf: other.appendingPathComponent("a/page.html"), encoding: .utf8) == "inside")
        #expect(from.rename("../secret.txt", into: to) == -1)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("secret.txt").path))
        // A folder that did not exist when opened is reached by its joined path.
        let later = FolderHandle(path: root.appendingPathComponent("later").path)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("later"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: root.appendingPathComponent("later/x.html"))
        #expect(later.status(of: "x.html")?.st_size == 1)
    }
}
