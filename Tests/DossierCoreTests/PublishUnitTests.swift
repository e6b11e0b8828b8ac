import Foundation
import Testing
@testable import DossierCore

@Suite struct PublishPlanTests {
    @Test func comparesBytesAndRemovesOnlyWhatAPreviousPublishWrote() {
        let there: [String: Data] = ["same.html": Data("same".utf8), "edited.html": Data("old".utf8),
                                     "gone.html": Data("x".utf8), "mine.txt": Data("the user's".utf8)]
        let site = [SiteFile(path: "same.html", text: "same"), SiteFile(path: "edited.html", text: "new"), SiteFile(path: "new/page.html", text: "n")]
        let plan = PublishPlan.between(site: site, existing: { there[$0] },
                                       removable: ["same.html", "edited.html", "gone.html", "already-deleted.html"])
        #expect(plan.added == ["new/page.html"])
        #expect(plan.changed == ["edited.html"])
        #expect(plan.removed == ["gone.html"], "mine.txt was never published; already-deleted.html is not there")
        #expect(plan.unchanged == 1)
        #expect(plan.lines == ["+ new/page.html", "~ edited.html", "- gone.html", "1 added, 1 changed, 1 removed, 1 unchanged"])
        #expect(!plan.isEmpty)
        #expect(PublishPlan.between(site: [site[0]], existing: { there[$0] }, removable: ["same.html"]).isEmpty)
    }

    @Test func theCommitMessageNamesTheDossierAndTheTimeInUTC() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(Publisher.commitMessage(title: "Ports and grain", at: date) == "Publish Ports and grain at 2023-11-14T22:13:20Z")
    }

    @Test func anAuthorIsANameAndAnEmail() {
        #expect(Git.Identity(parsing: "Jane Doe <jane@example.org>") == Git.Identity(name: "Jane Doe", email: "jane@example.org"))
        #expect(Git.Identity(parsing: "jane@example.org") == nil)
        #expect(Git.Identity(parsing: "<jane@example.org>") == nil)
    }
}

@Suite struct PublishDestinationTests {
    @Test func urlsAreGitRepositories() {
        for url in ["https://github.com/me/site.git", "ssh://git@host/site.git", "git@github.com:me/site.git", "file:///srv/site.git"] {
            #expect(PublishDestination.resolve(url, branch: nil) == .git(repository: url, branch: "gh-pages"), "\(url)")
        }
        #expect(PublishDestination.resolve("git@host:site.git", branch: "pages") == .git(repository: "git@host:site.git", branch: "pages"))
        #expect(PublishDestination.resolve("./a:b", branch: nil) == .folder("./a:b"), "a colon after a slash is a path, as git reads it")
        #expect(PublishDestination.resolve("/nowhere/www", branch: nil) == .folder("/nowhere/www"))
    }

    @Test func aRepositoryOnDiskIsGitAndAFolderInsideAWorkingTreeIsAFolder() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let bare = root.appendingPathComponent("site.git"), working = root.appendingPathComponent("work")
        try Git(folder: root).check(["init", "-q", "--bare", bare.path], "git init --bare")
        try Git(folder: root).check(["init", "-q", working.path], "git init")
        let inside = working.appendingPathComponent("www")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        #expect(PublishDestination.resolve(bare.path, branch: nil) == .git(repository: bare.path, branch: "gh-pages"))
        #expect(PublishDestination.resolve(working.path, branch: nil) == .git(repository: working.path, branch: "gh-pages"))
        #expect(PublishDestination.resolve(inside.path, branch: nil) == .folder(inside.path))
    }

    @Test func flagsOverrideTheConfigAndConfigPathsAreReadFromItsFolder() throws {
        var config = DossierConfig()
        config.publish = .init(to: "../www", branch: "pages")
        let build = BuildOptions(output: "/tmp/out/public", config: "/srv/dossier/dossier.yml")
        #expect(try Publisher(options: PublishOptions(build: build)).resolveDestination(config) == .folder("/srv/www"))
        #expect(try Publisher(options: PublishOptions(build: build, to: "https://h/x.git")).resolveDestination(config)
                == .git(repository: "https://h/x.git", branch: "pages"))
        #expect(try Publisher(options: PublishOptions(build: build, to: "https://h/x.git", branch: "main")).resolveDestination(config)
                == .git(repository: "https://h/x.git", branch: "main"))
        #expect(throws: DossierError.self) { try Publisher(options: PublishOptions(build: build)).resolveDestination(DossierConfig()) }
        #expect(throws: DossierError.self, "--branch on a folder") {
            try Publisher(options: PublishOptions(build: build, to: "/srv/www", branch: "x")).resolveDestination(DossierConfig())
        }
        #expect(throws: DossierError.self, "the build's own output") {
            try Publisher(options: PublishOptions(build: build, to: "/tmp/out/public/site")).resolveDestination(DossierConfig())
        }
        #expect(throws: DossierError.self, "a missing repository is not silently a folder") {
            try Publisher(options: PublishOptions(build: build, to: "/nowhere/site.git")).resolveDestination(DossierConfig())
        }
    }
}

@Suite struct PublishConfigTests {
    @Test func readsThePublishMapping() throws {
        let config = try DossierConfig.parse("""
            title: T
            publish:
              to: git@github.com:me/site.git
              branch: pages
              cname: dossier.example.org
              author: Jane Doe <jane@example.org>
            """, file: "dossier.yml")
        #expect(config.publish == .init(to: "git@github.com:me/site.git", branch: "pages", cname: "dossier.example.org", author: "Jane Doe <jane@example.org>"))
        #expect(try DossierConfig.parse("title: T\n", file: "dossier.yml").publish == .init())
    }

    @Test func mistakesInPublishNameTheirLineAndColumn() {
        let cases = ["publish:\n  to: x\n  brnach: y\n": 3, "publish: somewhere\n": 1, "publish:\n  author: Jane\n": 2, "publish:\n  to: [a]\n": 2]
        for (text, line) in cases {
            #expect {
                try DossierConfig.parse(text, file: "dossier.yml")
            } throws: { error in
                let error = error as? DossierError
                return error?.file == "dossier.yml" && error?.line == line && error?.column != nil
            }
        }
    }
}

@Suite struct BuiltSiteTests {
    /// The site's files are listed, not read: each is read when a publisher asks for it (a large
    /// site is over a gigabyte), so a file changed after the listing is read as it is then, and
    /// one gone since is an error naming it. The cache folder and links are not part of the site.
    @Test func filesAreListedAndReadOneAtATime() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let site = root.appendingPathComponent("public")
        for path in ["index.html", "a/b.html", BuildCache.folder + "/pages.tsv"] { try write("one " + path, to: site.appendingPathComponent(path)) }
        #expect(symlink(site.appendingPathComponent("index.html").path, site.appendingPathComponent("link.html").path) == 0)
        let built = try BuiltSite.read(site.path)
        #expect(built.paths == ["a/b.html", "index.html"])
        try write("two", to: site.appendingPathComponent("index.html"))
        #expect(String(decoding: try built.contents(of: "index.html"), as: UTF8.self) == "two")
        try FileManager.default.removeItem(at: site.appendingPathComponent("a/b.html"))
        let error = try #require(throws: DossierError.self) { try built.contents(of: "a/b.html") }
        #expect(error.file?.hasSuffix("a/b.html") == true)
    }
}

@Suite struct FolderPublisherTests {
    func files(_ pairs: [String: String]) -> BuiltSite {
        BuiltSite(files: pairs.keys.sorted().map { SiteFile(path: $0, text: pairs[$0]!) })
    }

    func contents(_ folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        for path in FileManager.default.subpaths(atPath: folder.path) ?? [] {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
            if !isFolder.boolValue { result[path] = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) }
        }
        return result
    }

    @Test func synchronisesAndLeavesTheUsersFilesAlone() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let www = root.appendingPathComponent("www")
        try write("the user's", to: www.appendingPathComponent("robots.txt"))
        try write("the user's too", to: www.appendingPathComponent("old/notes.txt"))
        let publisher = FolderPublisher(folder: www.path)

        let first = try publisher.publish(files(["index.html": "1", "old/page.html": "old", "gone/a.html": "a"]), dryRun: false)
        #expect(first.added == ["gone/a.html", "index.html", "old/page.html"])
        let second = try publisher.publish(files(["index.html": "2", "new/b.html": "b"]), dryRun: false)
        #expect(second == PublishPlan(added: ["new/b.html"], changed: ["index.html"], removed: ["gone/a.html", "old/page.html"]))

        var after = contents(www)
        let manifest = after.removeValue(forKey: FolderPublisher.manifestName)
        #expect(after == ["index.html": "2", "new/b.html": "b", "robots.txt": "the user's", "old/notes.txt": "the user's too"])
        #expect(!FileManager.default.fileExists(atPath: www.appendingPathComponent("gone").path), "a folder the publish emptied goes too")
        #expect(publisher.readManifest() == ["index.html", "new/b.html"])
        #expect(manifest?.contains("robots.txt") == false)
        #expect(try publisher.publish(files(["index.html": "2", "new/b.html": "b"]), dryRun: false) == PublishPlan(unchanged: 2))
    }

    @Test func aDryRunChangesNothing() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let www = root.appendingPathComponent("www")
        try FolderPublisher(folder: www.path).publish(files(["index.html": "1", "a.html": "a"]), dryRun: false)
        let before = contents(www)
        let plan = try FolderPublisher(folder: www.path).publish(files(["index.html": "2", "b.html": "b"]), dryRun: true)
        #expect(plan == PublishPlan(added: ["b.html"], changed: ["index.html"], removed: ["a.html"]))
        #expect(contents(www) == before)
        let fresh = root.appendingPathComponent("fresh")
        _ = try FolderPublisher(folder: fresh.path).publish(files(["index.html": "1"]), dryRun: true)
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test func aFailureMidwayLeavesTheFolderAsItWas() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let www = root.appendingPathComponent("www")
        try write("the user's", to: www.appendingPathComponent("robots.txt"))
        try FolderPublisher(folder: www.path).publish(files(["index.html": "1", "a.html": "a", "x/y.html": "y"]), dryRun: false)
        let before = contents(www)

        var failing = FolderPublisher(folder: www.path)
        let count = Counter()
        failing.writeFile = { data, url in
            if count.next() == 3 { throw CocoaError(.fileWriteOutOfSpace) }
            try data.write(to: url)
        }
        #expect {
            try failing.publish(files(["index.html": "2", "a.html": "b", "new/deep/c.html": "c", "z.html": "z"]), dryRun: false)
        } throws: { error in
            (error as? DossierError)?.file == www.appendingPathComponent("a.html").path
        }
        #expect(count.value == 3, "new/deep/c.html and z.html were staged before a.html failed")
        #expect(contents(www) == before, "no page replaced, no temporary file left, a.html and x/y.html still there")
        #expect(!FileManager.default.fileExists(atPath: www.appendingPathComponent("new").path), "folders made for the failed copy are gone")
    }

    @Test func aFileWhereTheSiteNeedsAFolderStopsBeforeAnythingIsWritten() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let www = root.appendingPathComponent("www")
        try write("a file", to: www.appendingPathComponent("actors"))
        #expect {
            try FolderPublisher(folder: www.path).publish(files(["index.html": "1", "actors/a.html": "a"]), dryRun: false)
        } throws: { error in
            (error as? DossierError)?.file == www.appendingPathComponent("actors").path
        }
        #expect(contents(www) == ["actors": "a file"])
    }
}

/// Counts calls from the seam's closure.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
