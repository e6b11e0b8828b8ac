import Foundation
import Testing
@testable import DossierCore

@Suite struct SiteCheckTests {
    @Test func findsBrokenLinksMissingAnchorsOrphansAndMalformedSummaries() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        try workspace.edit { $0.replacingOccurrences(of: "annotations: []", with: "annotations:\n- quote: words long gone from the source\n  note: Orphan.") }
        let site = workspace.root.appendingPathComponent("public")
        try write("<a href=\"b.html\">ok</a> <a href=\"missing.html\">x</a> <a href=\"b.html#p-9\">y</a> <a href=\"https://example.org/\">z</a>", to: site.appendingPathComponent("a.html"))
        try write("<p id=\"p-1\">B</p> <a href=\"a.html\">back</a> <a href=\"#p-1\">self</a>", to: site.appendingPathComponent("b.html"))
        let options = BuildOptions(corpus: workspace.corpus.path, output: site.path, config: workspace.root.appendingPathComponent("none.yml").path)
        let problems = try SiteCheck(options: options).run()
        #expect(problems.contains { $0.file.hasSuffix("a.html") && $0.message == "broken link to missing.html" })
        #expect(problems.contains { $0.file.hasSuffix("a.html") && $0.message.contains("no element with id `p-9`") })
        #expect(problems.contains { $0.file.hasSuffix("report.md") && $0.line != nil && $0.message.contains("orphaned") })
        #expect(problems.count == 3, "\(problems)")

        try workspace.edit { $0.replacingOccurrences(of: "genre:", with: "genre: [oops\ngenre2:") }
        let broken = try SiteCheck(options: options).run()
        #expect(broken.contains { $0.file.hasSuffix("report.md") && $0.line != nil && $0.message.contains("YAML") })
    }

    @Test func theSeedsSiteHasNoProblems() throws {
        let root = repositoryRoot
        let options = BuildOptions(corpus: root.appendingPathComponent("seeds").path, output: root.appendingPathComponent("public").path,
                                   config: root.appendingPathComponent("dossier.yml").path)
        #expect(try SiteCheck(options: options).run() == [])
    }
}
