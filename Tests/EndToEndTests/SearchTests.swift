import Foundation
import Testing
import DossierCore

@Suite struct SearchTests {
    @Test func theBuildWritesAPagefindIndexOfEveryPage() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("public")
        let report = try buildSeeds(into: out)
        #expect(!report.warnings.contains { $0.message.contains("search index") },
                "Pagefind must be installed where the tests run (scripts/install-dependencies.sh does it)")
        let entry = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("pagefind/pagefind-entry.json"))) as? [String: Any]
        let languages = try #require(entry?["languages"] as? [String: [String: Any]])
        let pages = languages.values.compactMap { $0["page_count"] as? Int }.reduce(0, +)
        #expect(pages == report.pages, "every page is indexed once (\(pages) of \(report.pages))")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<main id=\"main\" data-pagefind-body>"))
        #expect(index.contains("src=\"assets/search.js\""))
    }

    @Test func withoutTheIndexThePagesAreTheSame() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        var options = BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path, output: root.appendingPathComponent("a").path,
                                   templates: repositoryRoot.appendingPathComponent("templates").path,
                                   config: repositoryRoot.appendingPathComponent("dossier.yml").path)
        options.search = false
        _ = try BuildPipeline(options: options).run()
        _ = try buildSeeds(into: root.appendingPathComponent("b"))
        let without = try snapshot(root.appendingPathComponent("a"))
        let with = try snapshot(root.appendingPathComponent("b"))
        #expect(!without.keys.contains { $0.hasPrefix("pagefind/") })
        #expect(with.filter { !$0.key.hasPrefix("pagefind/") } == without, "the index is added beside the pages, which do not change")
    }
}
