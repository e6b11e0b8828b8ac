import Foundation
import Testing
import DossierCore

@Suite struct SearchTests {
    @Test func theBuildWritesASearchIndexOfEveryPageWorthFinding() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("public")
        _ = try buildSeeds(into: out)
        let files = try snapshot(out)
        func json(_ path: String) throws -> Any? {
            try files[path].map { try JSONSerialization.jsonObject(with: $0) }
        }
        let meta = try #require(try json("search/meta.json") as? [String: Any])
        // Every page but the pairwise comparisons and the not-found page.
        let pages = files.keys.filter { $0.hasSuffix(".html") && $0 != "404.html" && !($0.hasPrefix("compare/") && $0.contains("--")) }
        #expect(meta["documents"] as? Int == pages.count, "every page worth finding is indexed once")
        var indexed: [String] = []
        for number in 0..<((pages.count + 99) / 100) {
            let chunk = try #require(try json("search/docs/\(number).json") as? [[String]])
            indexed += chunk.map { $0[0] + ".html" }
        }
        #expect(indexed.sorted() == pages.sorted())
        let shards = try #require(meta["shards"] as? [String])
        #expect(Set(shards.map { "search/terms/\($0).json" }) == Set(files.keys.filter { $0.hasPrefix("search/terms/") }),
                "meta.json lists exactly the shards there are")
        let ma = try #require(try json("search/terms/ma.json") as? [String: [Int]])
        #expect(ma["macron"] != nil)
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("src=\"assets/search.js\""))
        #expect(!files.keys.contains { $0.hasPrefix("pagefind/") } && !index.contains("pagefind"))
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
        // An empty index: the search box finds no documents and stays hidden.
        #expect(without.keys.filter { $0.hasPrefix("search/") } == ["search/meta.json"])
        let metaFile = try #require(without["search/meta.json"])
        let meta = try JSONSerialization.jsonObject(with: metaFile) as? [String: Any]
        #expect(meta?["documents"] as? Int == 0)
        #expect(with.filter { !$0.key.hasPrefix("search/") } == without.filter { !$0.key.hasPrefix("search/") },
                "the index is added beside the pages, which do not change")
    }
}
