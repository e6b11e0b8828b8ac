import Foundation
import Testing
@testable import DossierCore

/// Pair comparisons are thousands in a large dossier: each must be reachable from the pages of
/// the two sources it compares, whatever the comparisons page has room to list.
@Suite struct ComparisonLinksTests {
    /// Every comparison is reachable from both its sources' pages; the comparisons page lists
    /// them all only while they are few, and the closest first when it cannot.
    @Test func sourcePagesLinkTheirComparisons() throws {
        let options = BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path,
                                   config: repositoryRoot.appendingPathComponent("dossier.yml").path)
        let dossier = try BuildPipeline(options: options).analyse().dossier
        try #require(dossier.pairs.count >= 3)
        for (index, source) in dossier.sources.enumerated() {
            let page = SourcePage(dossier: dossier, index: index).page()
            let linked: [String] = page.markdown.components(separatedBy: "](../compare/").dropFirst().map { link in
                String(link.prefix { $0 != ")" }.dropLast(3))
            }
            let expected: [String] = dossier.pairs.filter { $0.a == index || $0.b == index }.map(\.slug)
            #expect(linked.sorted() == expected.sorted(), "\(source.slug) links each of its comparisons once")
            #expect(page.markdown.contains("## <a id=\"compared-with\"></a>Compared with\n"))
        }

        // A pair page sends the reader to each source's list for its other comparisons, with their number.
        for pair in dossier.pairs {
            let markdown = PairComparisonPage(dossier: dossier, pair: pair).page().markdown
            for (label, index) in [("A", pair.a), ("B", pair.b)] {
                let others = dossier.pairs.filter { ($0.a == index || $0.b == index) && $0.slug != pair.slug }.count
                let line = "- \(label): [\(dossier.sources[index].summary.title)](../sources/\(dossier.sources[index].slug).md#compared-with) — "
                    + (others == 1 ? "1 other comparison" : "\(others) other comparisons")
                #expect(markdown.contains(line) == (others > 0), "\(pair.slug) points to \(label)'s other comparisons")
            }
            #expect(dossier.pairs.allSatisfy { $0.slug == pair.slug || !markdown.contains("](../compare/\($0.slug).md)") },
                    "\(pair.slug) links no other pair page itself")
        }

        let all = ComparisonPage(dossier: dossier).page().markdown
        for pair in dossier.pairs { #expect(all.contains("](../compare/\(pair.slug).md)")) }
        var few = ComparisonPage(dossier: dossier)
        few.pairLimit = 2
        let closest = few.page().markdown
        let shown = dossier.pairs.filter { closest.contains("](../compare/\($0.slug).md)") }
        #expect(shown.count == 2)
        let lowestShown = shown.map(\.score).min() ?? 0
        #expect(dossier.pairs.filter { !shown.map(\.slug).contains($0.slug) }.allSatisfy { $0.score <= lowestShown }, "the closest pairs are the ones listed")
        #expect(closest.contains("The 2 closest of \(dossier.pairs.count) pairs"))
    }

}
