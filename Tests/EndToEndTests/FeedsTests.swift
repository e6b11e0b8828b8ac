import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DossierCore

@Suite struct FeedsTests {
    @Test func feedSitemapRobotsAndNotFoundPageUseTheBaseURL() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("public")
        var options = BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path, output: out.path,
                                   templates: repositoryRoot.appendingPathComponent("templates").path,
                                   config: repositoryRoot.appendingPathComponent("dossier.yml").path)
        options.baseURL = "https://example.org/brief"
        _ = try BuildPipeline(options: options).run()
        func read(_ path: String) throws -> String { try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8) }

        let sitemap = try read("sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.org/brief/index.html</loc>"))
        #expect(sitemap.contains("<loc>https://example.org/brief/sources/000_221721d8d9125a1d.html</loc>"))
        #expect(try read("robots.txt").contains("Sitemap: https://example.org/brief/sitemap.xml"))

        let feed = try read("atom.xml")
        let document = try XMLDocument(data: Data(feed.utf8))
        let entries = try document.nodes(forXPath: "//*[local-name()='entry']")
        #expect(entries.count == 5)
        #expect(feed.contains("<link href=\"https://example.org/brief/sources/000_221721d8d9125a1d.html\"/>"))
        #expect(feed.contains("<updated>2026-02-14T00:00:00Z</updated>"), "dated from the newest source, not the build time")

        let notFound = try read("404.html")
        #expect(notFound.contains("href=\"/brief/index.html\""), "links start from the base URL's path at any depth")
        #expect(notFound.contains("href=\"/brief/assets/style.css\""))

        let index = try read("index.html")
        #expect(index.contains("href=\"atom.xml\""), "pages link relatively, whatever the base URL")
    }

    @Test func withoutABaseURLThereIsNoSitemapAndLinksStartAtTheRoot() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("public")
        _ = try buildSeeds(into: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("sitemap.xml").path))
        #expect(try String(contentsOf: out.appendingPathComponent("robots.txt"), encoding: .utf8) == "User-agent: *\nAllow: /\n")
        #expect(try String(contentsOf: out.appendingPathComponent("404.html"), encoding: .utf8).contains("href=\"/index.html\""))
    }

    /// Feed readers fetch the feed again and again: it holds the newest sources, not all of them.
    @Test func theFeedHoldsOnlyTheNewestSources() throws {
        let options = BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path,
                                   config: repositoryRoot.appendingPathComponent("dossier.yml").path)
        let dossier = try BuildPipeline(options: options).analyse().dossier
        var feeds = SiteFeeds(dossier: dossier, pagePaths: [])
        feeds.entryLimit = 2
        let document = try XMLDocument(data: Data(feeds.atom().utf8))
        let titles = try document.nodes(forXPath: "//*[local-name()='entry']/*[local-name()='title']").map { $0.stringValue ?? "" }
        let newest = dossier.sources.sorted { ($0.summary.published ?? "", $1.raw.id) > ($1.summary.published ?? "", $0.raw.id) }
        try #require(newest.count > 2)
        #expect(titles == newest.prefix(2).map(\.summary.title))
    }
}
