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
}
