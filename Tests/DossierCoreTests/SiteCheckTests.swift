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
        // Relative links from a folder: up, through `.` and past the site's root all land on b.html; one misses.
        try write("<a href=\"../b.html#p-1\">up</a> <a href=\"./../x/../b.html\">round</a> <a href=\"../../b.html\">past the root</a> "
                  + "<a href=\"../gone.html?a=1&amp;b=2\">gone</a> <a href=\"../sources/\">folder</a>", to: site.appendingPathComponent("sources/c.html"))
        let options = BuildOptions(corpus: workspace.corpus.path, output: site.path, config: workspace.root.appendingPathComponent("none.yml").path)
        let problems = try SiteCheck(options: options).run()
        #expect(problems.contains { $0.file.hasSuffix("a.html") && $0.message == "broken link to missing.html" })
        #expect(problems.contains { $0.file.hasSuffix("a.html") && $0.message.contains("no element with id `p-9`") })
        #expect(problems.contains { $0.file.hasSuffix("report.md") && $0.line != nil && $0.message.contains("orphaned") })
        #expect(problems.contains { $0.file.hasSuffix("sources/c.html") && $0.message == "broken link to ../gone.html?a=1&b=2" })
        #expect(problems.count == 4, "\(problems)")

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

    /// A link's target, worked out on the page's path and the link's parts, is where Foundation's
    /// URLs resolve it, for every arrangement of up to four parts among `..`, `.` and names; an
    /// empty part (a doubled or trailing slash) is a folder's own, as on the file system.
    @Test func aRelativeLinkLeadsWhereAURLResolvesIt() {
        let parts = ["..", ".", "b", "c.html"]
        var links = parts, longest = parts
        for _ in 2...4 {
            longest = longest.flatMap { link in parts.map { link + "/" + $0 } }
            links += longest
        }
        for page in ["a.html", "sources/a.html", "x/y/z.html"] {
            for link in links {
                let url = URL(fileURLWithPath: "/" + page).deletingLastPathComponent().appendingPathComponent(link).standardized.path
                #expect(SiteCheck.resolve(link[...], from: page) == String(url.dropFirst()), "\(link) from \(page)")
            }
        }
        #expect(SiteCheck.resolve("b//c.html", from: "x/a.html") == "x/b/c.html")
        #expect(SiteCheck.resolve("../b/", from: "x/a.html") == "b")
        #expect(SiteCheck.resolve("../../../b.html", from: "x/a.html") == "b.html")
    }
}
