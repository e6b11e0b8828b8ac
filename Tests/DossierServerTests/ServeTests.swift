import DossierCore
import Foundation
import Testing
@testable import DossierServer

/// `dossier serve` end to end: a real server on a loopback port, a temporary copy of the
/// seeds, requests over a plain socket. Serialized: each test builds the seeds, and
/// parallel builds on a small machine would only stretch the waits.
@Suite(.serialized) struct ServeTests {
    @Test func servesTheBuiltSiteAndAddsTheReloadScriptToHTMLOnly() async throws {
        let fixture = try ServeFixture()
        defer { fixture.cleanUp() }
        let server = try await RunningServer.start(fixture)
        do {
            let home = try await server.get("/")
            #expect(home.status == 200)
            #expect(home.headers["content-type"] == "text/html; charset=utf-8")
            #expect(home.text.contains("<script src=\"/__dossier/reload.js\""))
            #expect(home.text.range(of: "</script>\n</body>") != nil, "the tag goes right before </body>")
            let onDisk = try String(contentsOf: fixture.out.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(!onDisk.contains("__dossier"), "the file on disk is never changed")

            let sources = try FileManager.default.contentsOfDirectory(atPath: fixture.out.appendingPathComponent("sources").path)
            let sourcePage = try #require(sources.filter { $0.hasSuffix(".html") }.sorted().first)
            let source = try await server.get("/sources/" + sourcePage)
            #expect(source.status == 200)
            #expect(source.text.contains("/__dossier/reload.js"))

            let stylesheet = try await server.get("/assets/style.css")
            #expect(stylesheet.status == 200)
            #expect(stylesheet.headers["content-type"] == "text/css; charset=utf-8")
            #expect(stylesheet.body == (try Data(contentsOf: fixture.out.appendingPathComponent("assets/style.css"))), "not HTML: served as it is")

            let markdown = try await server.get("/markdown/index.md")
            #expect(markdown.status == 200)
            #expect(markdown.headers["content-type"] == "text/markdown; charset=utf-8")
            #expect(!markdown.text.contains("__dossier"))

            let folder = try await server.get("/actors")
            #expect(folder.status == 301)
            #expect(folder.headers["location"] == "/actors/")
            let actors = try await server.get("/actors/")
            #expect(actors.status == 200)
            #expect(actors.text.contains("/__dossier/reload.js"))

            let missing = try await server.get("/no-such-page.html")
            #expect(missing.status == 404)
            if FileManager.default.fileExists(atPath: fixture.out.appendingPathComponent("404.html").path) {
                #expect(missing.text.contains("/__dossier/reload.js"), "the site's own 404 page, with the script")
            }

            let head = try await server.get("/", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(try await server.get("/", method: "POST").status == 405)
            #expect(try await server.get("/index.html", method: "DELETE").status == 405)

            let script = try await server.get("/__dossier/reload.js")
            #expect(script.status == 200)
            #expect(script.headers["content-type"] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("/__dossier/version"))
            #expect(try await server.get("/__dossier/version").status == 200)
            #expect(try await server.get("/__dossier/nothing").status == 404)

            // The served folder is exactly what `dossier build` writes for the same input.
            var reference = fixture.buildOptions
            reference.output = fixture.root.appendingPathComponent("reference").path
            _ = try BuildPipeline(options: reference).run()
            #expect(try treeContents(fixture.out, cache: false) == (try treeContents(URL(fileURLWithPath: reference.output), cache: false)))
        } catch {
            await server.stop()
            throw error
        }
        #expect(await server.stop())
    }

    @Test func refusesEveryPathThatLeadsOutsideTheSite() async throws {
        let fixture = try ServeFixture()
        defer { fixture.cleanUp() }
        let secret = "TOP-SECRET-OUTSIDE-THE-SITE"
        try Data(secret.utf8).write(to: fixture.root.appendingPathComponent("Package.swift"))
        let server = try await RunningServer.start(fixture)
        do {
            // Symlinks inside the site: to a file outside, to a folder outside, and one that stays inside.
            try FileManager.default.createSymbolicLink(atPath: fixture.out.appendingPathComponent("leak.swift").path,
                                                       withDestinationPath: fixture.root.appendingPathComponent("Package.swift").path)
            try FileManager.default.createSymbolicLink(atPath: fixture.out.appendingPathComponent("outside").path,
                                                       withDestinationPath: fixture.root.path)
            try FileManager.default.createSymbolicLink(atPath: fixture.out.appendingPathComponent("relative-leak").path,
                                                       withDestinationPath: "../Package.swift")
            try FileManager.default.createSymbolicLink(atPath: fixture.out.appendingPathComponent("home.html").path,
                                                       withDestinationPath: "index.html")
            let attempts = [
                "/../Package.swift", "/%2e%2e/Package.swift", "/%2E%2E/Package.swift", "/%252e%252e/Package.swift",
                "/..%2fPackage.swift", "/%2e%2e%2fPackage.swift", "/..%2FPackage.swift", "/..%5cPackage.swift", "/..\\Package.swift",
                "/assets/../../Package.swift", "/assets/%2e%2e/%2e%2e/Package.swift", "/./../Package.swift",
                "/leak.swift", "/outside/Package.swift", "/outside/", "/relative-leak",
                "/%2f" + fixture.root.path.dropFirst() + "/Package.swift", "//" + fixture.root.path.dropFirst() + "/Package.swift",
                fixture.root.path + "/Package.swift", "/%2fetc%2fpasswd", "/../../../../../../etc/passwd",
                "/index.html%00.css", "/%00", "/%zz",
            ]
            for target in attempts {
                let reply = try await server.get(target)
                #expect([400, 403, 404].contains(reply.status), "\(target) answered \(reply.status)")
                #expect(!reply.text.contains(secret), "\(target) leaked the file outside the site")
                #expect(!reply.text.contains("root:x:0:0"), "\(target) leaked /etc/passwd")
            }
            let inside = try await server.get("/home.html")
            #expect(inside.status == 200, "a symlink that stays inside the site is served")
            #expect(server.isRunning)
        } catch {
            await server.stop()
            throw error
        }
        #expect(await server.stop())
    }

    @Test func rebuildsWhenATemplateChangesAndTheVersionMoves() async throws {
        let fixture = try ServeFixture()
        defer { fixture.cleanUp() }
        let server = try await RunningServer.start(fixture)
        do {
            let before = try await server.version()
            let layout = fixture.templates.appendingPathComponent("layout.mustache")
            let text = try String(contentsOf: layout, encoding: .utf8)
            let marker = "<p class=\"serve-test-marker\">edited while serving</p>"
            let closing = try #require(text.range(of: "</body>", options: .backwards))
            try Data(text.replacingCharacters(in: closing, with: marker + "\n</body>").utf8).write(to: layout)
            let after = try await server.waitForVersion(other: before)
            #expect(after != before)
            let home = try await server.get("/")
            #expect(home.status == 200)
            #expect(home.text.contains(marker))
            #expect(home.text.contains("data-version=\"\(after)\""), "the page carries the version it was served with")
            let onDisk = try String(contentsOf: fixture.out.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(onDisk.contains(marker) && !onDisk.contains("__dossier"))
            #expect(server.log.value.contains { $0.hasPrefix("Changed: ") && $0.contains("layout.mustache") })
        } catch {
            await server.stop()
            throw error
        }
        #expect(await server.stop())
    }

    @Test func showsABuildErrorInEveryPageKeepsServingAndRecovers() async throws {
        let fixture = try ServeFixture()
        defer { fixture.cleanUp() }
        let server = try await RunningServer.start(fixture)
        do {
            let siteBefore = try treeContents(fixture.out)
            let page = fixture.templates.appendingPathComponent("page.mustache")
            let original = try Data(contentsOf: page)
            let v1 = try await server.version()
            try Data("<p>\n{{#page}}{{title}}\n".utf8).write(to: page)
            let v2 = try await server.waitForVersion(other: v1)

            for target in ["/", "/actors/", "/timeline.html", "/no-such-page.html"] {
                let reply = try await server.get(target)
                #expect(reply.status == 500, "\(target)")
                #expect(reply.headers["content-type"] == "text/html; charset=utf-8")
                #expect(reply.text.contains("The build failed"))
                #expect(reply.text.range(of: #"page\.mustache:\d+:\d+: error"#, options: .regularExpression) != nil,
                        "the error names the file, line and column")
                #expect(reply.text.contains("[templates]"), "and the step")
                #expect(reply.text.contains("/__dossier/reload.js\" data-version=\"\(v2)\""), "and reloads once fixed")
            }
            let stylesheet = try await server.get("/assets/style.css")
            #expect(stylesheet.status == 200, "files that are not pages are still served from the previous site")
            #expect(try treeContents(fixture.out) == siteBefore, "the previous site is untouched")
            #expect(server.log.value.contains { $0.contains("page.mustache") && $0.contains("error:") }, "and the terminal shows the error")
            #expect(server.isRunning)

            try original.write(to: page)
            let v3 = try await server.waitForVersion(other: v2)
            let home = try await server.get("/")
            #expect(home.status == 200)
            #expect(!home.text.contains("The build failed"))
            #expect(home.text.contains("data-version=\"\(v3)\""))
        } catch {
            await server.stop()
            throw error
        }
        #expect(await server.stop())
    }

    @Test func answersABurstOfConcurrentRequests() async throws {
        let fixture = try ServeFixture()
        defer { fixture.cleanUp() }
        let server = try await RunningServer.start(fixture)
        do {
            let targets = ["/", "/assets/style.css", "/timeline.html", "/actors/", "/__dossier/version", "/markdown/index.md"]
            let total = 200, window = 20
            let start = ContinuousClock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                var statuses: [Int] = []
                for index in 0..<total {
                    if index >= window, let status = try await group.next() { statuses.append(status) }
                    let port = server.port
                    group.addTask { try await HTTPReply.fetch(port: port, target: targets[index % targets.count]).status }
                }
                for try await status in group { statuses.append(status) }
                return statuses
            }
            let elapsed = ContinuousClock.now - start
            #expect(statuses.count == total)
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses.filter { $0 != 200 })")
            #expect(elapsed < .seconds(60), "\(elapsed)")
        } catch {
            await server.stop()
            throw error
        }
        #expect(await server.stop())
    }

    @Test func aFailedFirstBuildIsServedAsTheErrorPage() async throws {
        let fixture = try ServeFixture()
        defer { fixture.cleanUp() }
        try Data("title: [unclosed\n".utf8).write(to: fixture.config)
        let server = try await RunningServer.start(fixture)
        do {
            let home = try await server.get("/")
            #expect(home.status == 500)
            #expect(home.text.contains("dossier.yml"))
            #expect(!FileManager.default.fileExists(atPath: fixture.out.path), "nothing was written")
            let v1 = try await server.version()
            try Data(contentsOf: repositoryRoot.appendingPathComponent("dossier.yml")).write(to: fixture.config)
            _ = try await server.waitForVersion(other: v1)
            #expect(try await server.get("/").status == 200)
        } catch {
            await server.stop()
            throw error
        }
        #expect(await server.stop())
    }
}
