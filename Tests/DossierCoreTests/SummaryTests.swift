import Foundation
import Testing
@testable import DossierCore

/// A corpus folder with one source, analysed the way `dossier extract` and `dossier build` do.
struct SummaryWorkspace {
    let root: URL
    var corpus: URL { root.appendingPathComponent("seeds") }
    var store: SummaryStore { SummaryStore(corpus: corpus.path) }

    init(source: String) throws {
        root = try temporaryFolder()
        try write(source, to: corpus.appendingPathComponent("report.txt"))
    }

    func analyse(strict: Bool = false) throws -> BuildPipeline.Analysis {
        try BuildPipeline(options: BuildOptions(corpus: corpus.path, config: root.appendingPathComponent("none.yml").path))
            .analyse(strictSummaries: strict, draftingSummaries: true)
    }

    /// What `dossier extract` does: merge, then write the files that changed.
    @discardableResult
    func extract() throws -> BuildPipeline.Analysis {
        let analysis = try analyse()
        for outcome in analysis.summaries where !outcome.unchanged {
            try store.write(outcome.text, id: outcome.id)
        }
        return analysis
    }

    var summaryPath: URL { corpus.appendingPathComponent("summaries/report.md") }
    func summaryText() throws -> String { try String(contentsOf: summaryPath, encoding: .utf8) }
    func edit(_ change: (String) -> String) throws { try write(change(try summaryText()), to: summaryPath) }
    func editSource(_ text: String) throws { try write(text, to: corpus.appendingPathComponent("report.txt")) }
}

let summarySource = """
Ministers agree grain corridor after long talks

Published: March 3, 2024

Foreign Minister Anna Kowalczyk met her counterpart Tomas Berger in Valdoria on Monday to discuss the grain corridor and the sanctions that the European Union imposed last year.

“We will not accept a deal that leaves farmers behind,” Kowalczyk said after the meeting, adding that the corridor would open in April.

Berger told reporters that Germany and Poland would host a second round of talks in the summer, and that the corridor would carry two million tonnes.
"""

@Suite(.serialized) struct SummaryFileTests {
    /// The front matter ends at the first line of three dashes after the opening one (which may
    /// share its newline: an empty front matter), or at the file's last line of three dashes.
    @Test func theFrontMatterEndsAtItsClosingLine() throws {
        let cases: [(String, String?, String?)] = [
            ("---\ntitle: A\n---\nNotes\n", "title: A", "Notes"), ("---\n---\n", "", ""), ("---\n---", "", ""),
            ("---\ntitle: “é”\n---", "title: “é”", ""), ("---\na: ----\n--- \nb: c\n---\nx\n---\ny", "a: ----\n--- \nb: c", "x\n---\ny"),
            ("---\ntitle: A\n", nil, nil), ("---\ntitle: A\n--", nil, nil),
        ]
        for (text, yaml, notes) in cases {
            guard let yaml, let notes else {
                #expect(SummaryFile.closingLine(of: text) == nil, "\(text)")
                continue
            }
            let closing = try #require(SummaryFile.closingLine(of: text), "\(text)")
            let start = text.index(text.startIndex, offsetBy: 4)
            #expect((closing.lowerBound < start ? "" : String(text[start..<closing.lowerBound])) == yaml, "\(text)")
            #expect(String(text[closing.upperBound...]).trimmingCharacters(in: .newlines) == notes, "\(text)")
        }
    }

    @Test func extractWritesOneSummaryPerSourceAndBuildReadsIt() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        let text = try workspace.summaryText()
        #expect(text.hasPrefix("---\n"))
        for field in ["source: report.txt", "title: Ministers agree grain corridor after long talks", "published: '2024-03-03'",
                      "genre:", "flags:", "actors:", "quotes:", "events:", "claims:", "annotations:", "extracted:"] {
            #expect(text.contains(field), "missing \(field)")
        }
        let file = try SummaryFile.parse(text, path: workspace.summaryPath.path)
        #expect(file.source == "report.txt")
        // Running again changes nothing.
        let again = try workspace.analyse()
        let allUnchanged = again.summaries.allSatisfy { $0.unchanged }
        #expect(allUnchanged)
    }

    @Test func anEditSurvivesReExtractionAndUntouchedFieldsFollowTheSource() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        try workspace.edit { $0.replacingOccurrences(of: "title: Ministers agree grain corridor after long talks", with: "title: Grain corridor agreed (analyst's title)")
            .replacingOccurrences(of: "<!-- Your notes on this source, in Markdown. -->", with: "Check the tonnage against the ministry's figures.") }
        // The source changes: a new date and a new sentence.
        try workspace.editSource(summarySource.replacingOccurrences(of: "Published: March 3, 2024", with: "Published: March 5, 2024"))
        let analysis = try workspace.extract()
        let source = try #require(analysis.dossier.sources.first)
        #expect(source.summary.title == "Grain corridor agreed (analyst's title)", "the analyst's edit wins")
        #expect(source.summary.published == "2024-03-05", "an untouched field follows the source")
        #expect(source.notes == "Check the tonnage against the ministry's figures.")
        let text = try workspace.summaryText()
        #expect(text.contains("title: Grain corridor agreed (analyst's title)"))
        #expect(text.contains("published: '2024-03-05'"))
        #expect(text.contains("Check the tonnage against the ministry's figures."))
        #expect(analysis.summaries.first?.keptEdits == ["title"])
        #expect(analysis.summaries.first?.conflicts.isEmpty == true, "the extractor's title did not change: no conflict")
    }

    @Test func aConflictIsReportedNotOverwritten() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        try workspace.edit { $0.replacingOccurrences(of: "published: '2024-03-03'", with: "published: '2024-03-02'") }
        try workspace.editSource(summarySource.replacingOccurrences(of: "Published: March 3, 2024", with: "Published: March 9, 2024"))
        let analysis = try workspace.extract()
        let conflicts = try #require(analysis.summaries.first?.conflicts)
        #expect(conflicts.map(\.field) == ["published"])
        #expect(conflicts.first?.line != nil)
        #expect(conflicts.first?.description.contains("report.md:") == true)
        #expect(analysis.dossier.sources.first?.summary.published == "2024-03-02", "the analyst's value stands")
        #expect(try workspace.summaryText().contains("published: '2024-03-02'"))
        // Reported once: the next run is quiet.
        #expect(try workspace.extract().summaries.first?.conflicts.isEmpty == true)
    }

    @Test func analystFlagsWin() throws {
        let workspace = try SummaryWorkspace(source: summarySource + "\nRead the rest of the article here.\n")
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        #expect(try workspace.summaryText().contains("flag: truncated"))
        // The analyst removes the truncated flag and adds one of their own.
        try workspace.edit { text in
            let lines = text.components(separatedBy: "\n")
            var out: [String] = []
            var skipping = false
            for line in lines {
                if line == "flags:" {
                    out.append("flags:\n- flag: advocacy-source\n  evidence: the ministry's own site")
                    skipping = true
                    continue
                }
                if skipping && (line.hasPrefix("- ") || line.hasPrefix("  ")) { continue }
                skipping = false
                out.append(line)
            }
            return out.joined(separator: "\n")
        }
        let analysis = try workspace.extract()
        let flags = try #require(analysis.dossier.sources.first?.summary.flags)
        #expect(flags.map(\.flag) == [.advocacySource])
    }

    @Test func deletingAFieldGivesTheExtractorsValueBack() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        try workspace.edit { $0.replacingOccurrences(of: "title: Ministers agree grain corridor after long talks\n", with: "") }
        let analysis = try workspace.extract()
        #expect(analysis.dossier.sources.first?.summary.title == "Ministers agree grain corridor after long talks")
        #expect(try workspace.summaryText().contains("title: Ministers agree grain corridor after long talks"))
    }

    @Test func aMalformedSummaryIsReportedWithLineAndColumnAndNeverOverwritten() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        try workspace.edit { $0.replacingOccurrences(of: "genre:", with: "genre: [unclosed\ngenre_x:") }
        let broken = try workspace.summaryText()
        let analysis = try workspace.extract()
        let error = try #require(analysis.summaryErrors.first)
        #expect(error.file == workspace.summaryPath.path)
        #expect(error.line != nil && error.column != nil)
        #expect(try workspace.summaryText() == broken, "never overwritten")
        #expect(throws: DossierError.self) { _ = try workspace.analyse(strict: true) }
    }

    @Test func aWrongValueIsReportedWhereItStands() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        try workspace.edit { $0.replacingOccurrences(of: "genre: news-report", with: "genre: blog-post") }
        let lineNumber = try workspace.summaryText().components(separatedBy: "\n").firstIndex { $0.hasPrefix("genre: blog-post") }! + 1
        do {
            _ = try workspace.analyse(strict: true)
            Issue.record("an unknown genre must be reported")
        } catch let error as DossierError {
            #expect(error.line == lineNumber)
            #expect(error.message.contains("blog-post"))
        }
    }

    @Test func annotationsAnchorOnTheirWordsAndOrphansAreKept() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        try workspace.edit { $0.replacingOccurrences(of: "annotations: []", with: """
            annotations:
            - quote: the corridor would open in April
              note: The ministry said May.
              tag: disputed
            - quote: the corridor
              suffix: " would carry"
              note: Which corridor?
            - quote: words that are not in the source
              note: Orphan.
            """) }
        let analysis = try workspace.extract()
        let source = try #require(analysis.dossier.sources.first)
        #expect(source.annotations.count == 3)
        let april = source.annotations[0]
        let paragraph = try #require(source.clean.paragraphs.first { $0.number == april.paragraph })
        #expect(paragraph.text.contains("open in April"))
        let repeated = source.annotations[1]
        let repeatedText = Array(try #require(source.clean.paragraphs.first { $0.number == repeated.paragraph }).text)
        #expect(String(repeatedText[repeated.range!.upperBound...]).hasPrefix(" would carry"), "the suffix picks the right repeat")
        #expect(source.annotations[2].isOrphaned)
        #expect(analysis.warnings.contains { $0.message.contains("orphaned") && $0.line != nil })
        #expect(try workspace.summaryText().contains("Orphan."), "an orphan is never dropped from the file")

        let page = try #require(SitePages(dossier: analysis.dossier).all().first { $0.kind == .source })
        let html = MarkdownRenderer().html(from: page.markdown)
        #expect(html.contains("<mark id=\"a-1\">the corridor would open in April</mark>"))
        #expect(html.contains("id=\"note-1\""))
        #expect(html.contains("<strong>disputed</strong>"))
        #expect(html.contains("<strong>orphaned</strong>"))

        // The source changes around the passage: the annotation follows its words.
        try workspace.editSource("Extra opening line for the new version of the report that pushes everything down by one paragraph.\n\n" + summarySource)
        let moved = try workspace.analyse()
        #expect(moved.dossier.sources.first?.annotations[0].paragraph == april.paragraph.map { $0 + 1 })
    }

    @Test func aSummaryForAMissingSourceIsReported() throws {
        let workspace = try SummaryWorkspace(source: summarySource)
        defer { cleanUp(workspace.root) }
        try workspace.extract()
        try FileManager.default.copyItem(at: workspace.summaryPath, to: workspace.corpus.appendingPathComponent("summaries/gone.md"))
        let analysis = try workspace.analyse()
        #expect(analysis.warnings.contains { $0.file?.hasSuffix("gone.md") == true && $0.message.contains("no source") })
    }
}

/// A build compares every field of every summary file with the fresh extraction by the fields'
/// canonical text, worked out from the values (`SummaryNodes.canonicalFields`) rather than from
/// the nodes the file would hold: the two must agree to the byte, or every untouched field would
/// look edited, and the fingerprints in the analysts' files would no longer match.
@Suite struct SummaryFingerprintTests {
    @Test func theFieldsCanonicalTextIsTheirNodes() throws {
        let awkward = ["", "null", "~", "NULL", "true", "no", "12", "1.5e3", "0x1f", "a|b", "back\\slash", "|\u{301}", "\\|",
                       "- dash", "key: value", "#hash", "'quoted'", "\"double\"", "line\nbreak", "tab\there", "  spaced  ", "é ü 中文"]
        var summaries = try BuildPipeline(options: BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path,
                                                                config: repositoryRoot.appendingPathComponent("none.yml").path))
            .analyse(strictSummaries: false, draftingSummaries: false).dossier.sources.map(\.summary)
        for (index, text) in awkward.enumerated() {
            let other = awkward[(index + 1) % awkward.count]
            summaries.append(SourceSummary(
                id: "x", file: "x.txt", title: text, published: index % 2 == 0 ? nil : text, outlet: other, author: index % 3 == 0 ? nil : other,
                genre: index % 2 == 0 ? .opinion : nil, genreEvidence: text, flags: [ReliabilityFlag(.truncated, evidence: text)],
                actors: [ActorMention(name: text, kind: .person, forms: [text, other], roles: index % 2 == 0 ? [] : [other], mentions: index - 3,
                                      paragraphs: [index, -1])],
                quotes: [Quote(speaker: index % 2 == 0 ? nil : other, text: text, paragraph: index)],
                events: [DatedEvent(date: text, phrase: other, text: text, paragraph: 2, actors: [text, other])],
                claims: [Claim(text: other, paragraph: index)]))
        }
        #expect(summaries.count > awkward.count)
        for summary in summaries {
            let typed = SummaryNodes.canonicalFields(summary)
            let nodes = Dictionary(uniqueKeysWithValues: SummaryNodes.encode(summary))
            #expect(Set(typed.keys) == Set(SummaryNodes.extractedFields))
            for field in SummaryNodes.extractedFields {
                #expect(typed[field] == SummaryNodes.canonical(nodes[field]), "\(summary.title): \(field)")
            }
        }
    }
}

@Suite struct QuoteAcrossParagraphsTests {
    @Test func aRoleAndAQuotationOverParagraphsResolve() throws {
        let text = """
        Ministers meet over the corridor

        Published: March 3, 2024

        Foreign Minister Anna Kowalczyk met the trade envoy Tomas Berger in the capital on Monday for two hours of talks about grain.

        “We will not accept a deal that leaves farmers behind,” the minister said after the meeting.

        “The corridor must open before the harvest. Every week of delay costs our farmers dearly.

        “We have waited long enough,” Kowalczyk added.

        According to Berger, “the talks were frank and useful for both sides”.
        """
        let dossier = try makeDossier([("q.txt", text)])
        let quotes = try #require(dossier.sources.first?.summary.quotes)
        #expect(quotes.count == 3)
        #expect(quotes[0].speaker == "Anna Kowalczyk", "“the minister” is the one minister the source names")
        #expect(quotes[1].text == "The corridor must open before the harvest. Every week of delay costs our farmers dearly. We have waited long enough")
        #expect(quotes[1].speaker == "Anna Kowalczyk")
        #expect(quotes[2].speaker == "Tomas Berger")
    }
}
