import Foundation
import Testing
import DossierCore

/// The repository's root, found from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Every file of the site under `folder` (its build cache aside), relative paths → bytes.
func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let paths = FileManager.default.subpaths(atPath: folder.path) ?? []
    for path in paths where !BuildCache.holds(path) {
        var isFolder: ObjCBool = false
        let url = folder.appendingPathComponent(path)
        FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        if !isFolder.boolValue { files[path] = try Data(contentsOf: url) }
    }
    return files
}

func buildSeeds(into out: URL, templates: URL = repositoryRoot.appendingPathComponent("templates")) throws -> BuildReport {
    let options = BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path, output: out.path,
                               templates: templates.path, config: repositoryRoot.appendingPathComponent("dossier.yml").path)
    return try BuildPipeline(options: options).run()
}

@Suite(.serialized) struct SeedsSiteTests {
    @Test func committedPublicIsTheBuildOfSeeds() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try buildSeeds(into: root.appendingPathComponent("public"))
        let built = try snapshot(root.appendingPathComponent("public"))
        let committed = try snapshot(repositoryRoot.appendingPathComponent("public"))
        let missing = Set(built.keys).subtracting(committed.keys).sorted()
        let extra = Set(committed.keys).subtracting(built.keys).sorted()
        let differing = built.keys.filter { committed[$0] != nil && committed[$0] != built[$0] }.sorted()
        #expect(missing.isEmpty, "not in the committed public/: \(missing.prefix(5)); run the README's build command and commit public/")
        #expect(extra.isEmpty, "in public/ but no longer built: \(extra.prefix(5))")
        #expect(differing.isEmpty, "differ from the committed public/: \(differing.prefix(5))")
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try buildSeeds(into: root.appendingPathComponent("a"))
        _ = try buildSeeds(into: root.appendingPathComponent("b"))
        let a = try snapshot(root.appendingPathComponent("a")), b = try snapshot(root.appendingPathComponent("b"))
        #expect(a.count > 20)
        #expect(a == b)
    }

    @Test func theSiteHasEveryKindOfPage() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("public")
        let report = try buildSeeds(into: out)
        let files = try snapshot(out)
        #expect(report.sources == 5)
        for page in ["index.html", "actors/index.html", "compare/index.html", "timeline.html", "assets/style.css",
                     "markdown/index.md", "markdown/actors/index.md", "markdown/timeline.md"] {
            #expect(files[page] != nil, "missing \(page)")
        }
        let seeds = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("seeds").path).filter { $0.hasSuffix(".txt") }
        for seed in seeds {
            let stem = String(seed.dropLast(4))
            #expect(files["sources/\(stem).html"] != nil, "no page for \(seed)")
            #expect(files["markdown/sources/\(stem).md"] != nil, "no Markdown page for \(seed)")
        }
        let actorPages = files.keys.filter { $0.hasPrefix("actors/") && $0.hasSuffix(".html") && $0 != "actors/index.html" }
        #expect(actorPages.count == report.actors)
        #expect(report.actors >= 10)
    }

    @Test func sourcePagesShowBodyAnchorsRemovedLinesAndComments() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("public")
        _ = try buildSeeds(into: out)
        let pages = try snapshot(out).filter { $0.key.hasPrefix("sources/") }.mapValues { String(decoding: $0, as: UTF8.self) }
        #expect(pages.count == 5)
        for (path, html) in pages {
            #expect(html.contains("<a id=\"p-1\"></a>"), "\(path) has paragraph anchors")
            #expect(html.contains("<h1>"), "\(path) has a title")
            #expect(html.components(separatedBy: "<h1").count == 2, "\(path) has one h1")
            #expect(html.contains("href=\"../actors/"), "\(path) links its actors")
            let markdownLinks = html.components(separatedBy: "href=\"").dropFirst().filter { $0.prefix(while: { $0 != "\"" }).hasSuffix(".md") }
            #expect(markdownLinks.allSatisfy { $0.hasPrefix("../markdown/") }, "\(path) links HTML pages, not Markdown, except its own Markdown version")
        }
        #expect(pages.values.contains { $0.contains("<summary>Removed from the body") })
        #expect(pages.values.contains { $0.contains("<summary>Reader comments") })
    }

    /// Every relative link of the HTML site and the Markdown tree points at a file that exists, and every #anchor at an id in it.
    @Test func everyInternalLinkResolves() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("public")
        _ = try buildSeeds(into: out)
        let files = try snapshot(out)
        var checked = 0
        var broken: [String] = []
        for (path, data) in files where (path.hasSuffix(".html") || path.hasSuffix(".md")) && path != "404.html" {
            let text = String(decoding: data, as: UTF8.self)
            let links = path.hasSuffix(".html") ? matches(#"href="([^"]*)""#, in: text) : matches(#"\]\(([^)\s]*)\)"#, in: text)
            for link in links where !link.contains("://") && !link.hasPrefix("mailto:") {
                checked += 1
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? path
                    : URL(fileURLWithPath: "/" + path).deletingLastPathComponent().appendingPathComponent(parts[0]).standardized.path.dropFirst().description
                guard let body = files[target] else { broken.append("\(path) → \(link)"); continue }
                if parts.count == 2, !parts[1].isEmpty {
                    let html = String(decoding: body, as: UTF8.self)
                    if !html.contains("id=\"\(parts[1])\"") { broken.append("\(path) → \(link) (no anchor)") }
                }
            }
        }
        #expect(checked > 500)
        #expect(broken.isEmpty, "broken links: \(broken.prefix(10))")
    }

    private func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
