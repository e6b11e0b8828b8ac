import Foundation
import Testing
@testable import DossierServer

@Suite struct ServePathTests {
    @Test func refusesTraversalEncodingsAndOddCharactersBeforeTouchingTheDisk() {
        for path in ["/..", "/../x", "/%2e%2e/x", "/%2E%2e/x", "/..%2fx", "/a/%2e%2e%2f%2e%2e/x", "/%252e%252e/x", "/a\\..\\x",
                     "/a%5c..%5cx", "/x%00.html", "/%00", "/./x", "/a/./b", "relative/x", "/%25"] {
            #expect(SiteFiles.components(of: path) == nil, "\(path)")
        }
        #expect(SiteFiles.components(of: "/") == [])
        #expect(SiteFiles.components(of: "//sources///a.html") == ["sources", "a.html"])
        #expect(SiteFiles.components(of: "/actors/%C3%A9mile.html") == ["actors", "émile.html"])
        #expect(SiteFiles.components(of: "/a..b/c...") == ["a..b", "c..."], "dots inside a name are fine")
    }

    @Test func resolvesFilesFoldersAndSymlinksOnlyInsideTheSite() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-serve-unit-\(UUID().uuidString)").resolvingSymlinksInPath()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("actors"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try Data("home".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data("actors".utf8).write(to: site.appendingPathComponent("actors/index.html"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("out.txt").path, withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("up").path, withDestinationPath: root.path)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("alias.html").path, withDestinationPath: "index.html")
        // A site folder that is itself a symlink is resolved first, so its files are inside it.
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("linked").path, withDestinationPath: site.path)

        let files = SiteFiles(folder: site.path)
        let real = site.path
        #expect(files.resolve("/") == .file(real + "/index.html"))
        #expect(files.resolve("/index.html") == .file(real + "/index.html"))
        #expect(files.resolve("/actors") == .redirect("/actors/"))
        #expect(files.resolve("//actors") == .redirect("/actors/"), "never a protocol-relative redirect")
        #expect(files.resolve("/actors/") == .file(real + "/actors/index.html"))
        #expect(files.resolve("/empty/") == .notFound)
        #expect(files.resolve("/missing.html") == .notFound)
        #expect(files.resolve("/alias.html") == .file(real + "/index.html"))
        #expect(files.resolve("/out.txt") == .refused)
        #expect(files.resolve("/up/secret.txt") == .refused)
        #expect(files.resolve("/up/") == .refused)
        #expect(files.resolve("/../secret.txt") == .refused)
        #expect(files.resolve("/%zz") == .badRequest)
        #expect(SiteFiles(folder: root.appendingPathComponent("linked").path).resolve("/index.html") == .file(real + "/index.html"))
        #expect(SiteFiles(folder: root.appendingPathComponent("nope").path).resolve("/") == .notFound)
    }

    @Test func contentTypesByExtension() {
        #expect(SiteFiles.contentType(for: "a/b.html") == "text/html; charset=utf-8")
        #expect(SiteFiles.contentType(for: "style.CSS") == "text/css; charset=utf-8")
        #expect(SiteFiles.contentType(for: "x.js") == "text/javascript; charset=utf-8")
        #expect(SiteFiles.contentType(for: "x.svg") == "image/svg+xml; charset=utf-8")
        #expect(SiteFiles.contentType(for: "sitemap.xml") == "application/xml; charset=utf-8")
        #expect(SiteFiles.contentType(for: "x.json") == "application/json; charset=utf-8")
        #expect(SiteFiles.contentType(for: "robots.txt") == "text/plain; charset=utf-8")
        #expect(SiteFiles.contentType(for: "markdown/index.md") == "text/markdown; charset=utf-8")
        #expect(SiteFiles.contentType(for: "blob") == "application/octet-stream")
    }
}

@Suite struct ServeLiveReloadTests {
    @Test func theTagGoesBeforeTheLastClosingBodyInAnyCase() {
        let page = Data("<html><body><p>x</p></BODY>\n</html>\n".utf8)
        let injected = String(decoding: LiveReload.inject(into: page, version: "7-1"), as: UTF8.self)
        #expect(injected == "<html><body><p>x</p><script src=\"/__dossier/reload.js\" data-version=\"7-1\"></script>\n</BODY>\n</html>\n")
        let fragment = String(decoding: LiveReload.inject(into: Data("<p>é</p>".utf8), version: "1"), as: UTF8.self)
        #expect(fragment.hasPrefix("<p>é</p><script src=\"/__dossier/reload.js\""), "no </body>: appended")
    }

    @Test func theErrorPageEscapesTheMessage() {
        let page = LiveReload.errorPage("templates/page.mustache:2:1: error: <script>alert(1)</script> & \"more\"", version: "3-2")
        #expect(page.contains("templates/page.mustache:2:1: error: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"))
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("<script src=\"/__dossier/reload.js\" data-version=\"3-2\"></script>"))
    }

    @Test func theVersionChangesAfterEveryBuildAndCarriesTheError() async {
        let status = BuildStatus()
        let first = await status.current
        await status.finished(error: "boom")
        let failed = await status.current
        await status.finished(error: nil)
        let fixed = await status.current
        #expect(first.version != failed.version && failed.version != fixed.version)
        #expect(failed.error == "boom" && fixed.error == nil)
    }

    @Test func serveListensOnLoopbackByDefault() {
        #expect(ServeOptions().host == "127.0.0.1")
        #expect(ServeOptions().port == 8000)
        #expect(ServeOptions().isLoopback)
        #expect(!ServeOptions(host: "0.0.0.0").isLoopback)
    }
}

@Suite struct ServeWatcherTests {
    @Test func noticesAddedChangedAndRemovedInputsButNotTheOutputOrHiddenFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-serve-watch-\(UUID().uuidString)").resolvingSymlinksInPath()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("seeds")
        let out = corpus.appendingPathComponent("public")  // an output inside the corpus must not trigger rebuilds
        try FileManager.default.createDirectory(at: corpus.appendingPathComponent("summaries"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("a".utf8).write(to: corpus.appendingPathComponent("a.txt"))
        try Data("title: x\n".utf8).write(to: root.appendingPathComponent("dossier.yml"))
        let watcher = ChangeWatcher(roots: [corpus.path, root.appendingPathComponent("templates").path, root.appendingPathComponent("dossier.yml").path],
                                    excluded: [out.path])
        let first = watcher.snapshot()
        #expect(ChangeWatcher.changes(from: first, to: watcher.snapshot()).isEmpty)

        try Data("page".utf8).write(to: out.appendingPathComponent("index.html"))
        try Data("swap".utf8).write(to: corpus.appendingPathComponent(".a.txt.swp"))
        #expect(ChangeWatcher.changes(from: first, to: watcher.snapshot()).isEmpty)

        try Data("summary".utf8).write(to: corpus.appendingPathComponent("summaries/a.md"))
        try Data("title: longer\n".utf8).write(to: root.appendingPathComponent("dossier.yml"))
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("a.txt"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)
        let changed = ChangeWatcher.changes(from: first, to: watcher.snapshot())
        #expect(changed.contains(corpus.appendingPathComponent("summaries/a.md").path))
        #expect(changed.contains(root.appendingPathComponent("dossier.yml").path))
        #expect(changed.contains(corpus.appendingPathComponent("a.txt").path))
        #expect(changed.contains(root.appendingPathComponent("templates").path), "a folder that appears is watched from then on")
        #expect(!changed.contains { $0.hasPrefix(out.path) })
    }
}
