import Foundation
import Testing
@testable import DossierCore

/// Small web-page shapes written for these tests (no corpus text).
enum CleanFixtures {
    /// A news page: breadcrumb, headline repeated by a share card, share bar, byline,
    /// date line, ads, a teaser, a hard-wrapped paragraph, a heading, a list and a widget tail.
    static let newsPage = """
        Home › World › Grain corridor talks resume after two-month pause
        Grain corridor talks resume after two-month pause
        Share
        Tweet
        Grain corridor talks resume after two-month pause
        By Jane Roe
        Published: March 3, 2024

        Negotiators from both countries returned to the table on Monday after a two-month pause, officials said, and both delegations called the first session constructive.

        Advertisement

        The ministry said the new inspection rules would apply to all
        exporters from the first of April, and that checks would be
        carried out at the border.

        See also: Farmers brace for a dry summer

        Background

        The corridor was first opened in 2022 and has carried more than thirty million tonnes of grain since then, according to figures from the port authority.

        - Wheat made up most of the cargo.
        - Maize came second.

        Rating: 4.2/5 (37 votes)
        ★★★★☆
        Share this article
        Read more: Ports count the cost of the winter storms
        #GrainDeal #Exports #Trade
        """

    /// An article followed by a numbered comment thread in three formats.
    static let numberedComments = """
        Farm ministers agree on a shared inspection plan

        Ministers from five countries agreed on Tuesday to share a single inspection plan for grain shipments, ending a dispute that had held up exports for several weeks.

        Leave a comment

        12 Comments

        1. marta_k says:
        This is long overdue, the inspections were a mess.
        Reply
        2) OldHand
        I doubt it will last past the summer.
        Like (4)
        3. Dmitri — March 3, 2024 at 7:15 pm
        Good news for the farmers at least.
        Report
        """

    /// An article followed by an unnumbered comment thread, one comment per block.
    static let plainComments = """
        Port reopens after the storm

        The northern port reopened to grain ships on Thursday after a week of storm damage repairs, the harbour master said in a short statement to the press.

        Reader comments

        Finally some good news from the coast.

        Let us see how long it lasts
        before the next storm hits.
        """

    static let longFirstEntry = [
        "The new deal on the grain corridor is less of a breakthrough than the headlines suggest, and it is worth reading the text before celebrating.",
        "Its first clause repeats the inspection rules that were already agreed last year, with a few dates moved by a month or two.",
        "Its second clause creates a joint committee, but the committee has no budget and no power to overrule the port authorities on either side.",
        "The third clause, on insurance for the ships, is the only real change, and even that one depends on the insurers agreeing to the new terms.",
        "Farmers will welcome the reopening of the route, of course, because the silos are full and prices at home have fallen all winter long.",
        "Traders are more cautious, since the last two agreements of this kind collapsed within months and left cargoes stranded in the middle of the sea.",
        "If the committee meets on time and the insurers sign, the deal could hold through the harvest, which is all that most people are asking for.",
        "If not, we will be back here in the autumn, arguing about the same clauses, with the same officials promising that this time will be different.",
    ].joined(separator: " ")

    /// A link post: the thread's first entry is the article itself.
    static let thread = """
        What the grain deal really means
        3 Responses to “What the grain deal really means”
        1. Ivo Marsh says:
        \(longFirstEntry)
        Reply
        2. petra says:
        I agree with most of this.
        3. Lena B. says:
        Good summary, thanks for posting.
        """

    /// A date line whose remainder is the first sentence of the article.
    static let publishedWithRemainder = """
        Exporters welcome the new inspection plan
        Published: March 3, 2024 | Grain exporters said on Sunday that the new inspection plan would cut waiting times at the northern border crossings by half.

        The plan takes effect next month, according to the ministry, which will publish the full rules on its website.
        """

    /// Markdown with YAML front matter.
    static let frontMatter = """
        ---
        title: Grain talks resume
        published: 2024-03-03
        author: Jane Roe
        ---

        Negotiators from both countries returned to the table on Monday after a two-month pause, and officials on both sides called the first session constructive.
        """

    /// An opinion column with a disclaimer and a donation appeal.
    static let opinion = """
        Why the grain deal will not last

        The agreement signed this week repeats the mistakes of the last two, and nobody in either capital seems willing to admit that the inspection regime is the problem.

        Until the inspections are shared in practice and not only on paper, every new deal will end in the same queue of stranded ships at the border.

        The views expressed in this article are the author's own and do not necessarily reflect those of this site.
        Support independent analysis: donate today.
        """

    /// A page cut off by the site that saved it.
    static let truncated = """
        Talks on the grain corridor resume in the capital

        Negotiators returned to the table on Monday after a two-month pause, officials said, and both delegations described the first session as constructive.

        Read the rest of the article here.
        """

    /// Content submitted by an interested party.
    static let sponsored = """
        Why grain exporters trust the new plan
        Submitted by the Example Grain Exporters Council

        Exporters have long asked for a single inspection regime, and the new plan finally delivers it, with shorter waits at the border and clearer rules for every cargo.
        """

    /// A social-media post with hashtags and a profile age stamp.
    static let socialPost = """
        Grain Watch
        3h

        Ships are moving again through the corridor this morning, the first convoy in two months, and good news for farmers and for buyers on the other side of the sea.

        #GrainDeal #Shipping
        """

    /// An analysis piece with section headings.
    static let analysis = """
        The grain corridor explained

        Background
        The corridor opened two years ago under a deal brokered by neutral mediators, and it has carried most of the region's grain exports since then.

        What changed this week
        The new agreement adds shared inspections at the border and a joint committee that will meet every month to settle disputes.

        What comes next
        Much depends on the insurers, who have not yet said whether they will cover ships on the route under the new terms.
        """

    static let all: [(name: String, text: String, format: RawSource.Format)] = [
        ("newsPage", newsPage, .text), ("numberedComments", numberedComments, .text), ("plainComments", plainComments, .text),
        ("thread", thread, .text), ("publishedWithRemainder", publishedWithRemainder, .text), ("frontMatter", frontMatter, .markdown),
        ("opinion", opinion, .text), ("truncated", truncated, .text), ("sponsored", sponsored, .text),
        ("socialPost", socialPost, .text), ("analysis", analysis, .text),
    ]

    static func raw(_ text: String, format: RawSource.Format = .text, id: String = "fixture") -> RawSource {
        RawSource(id: id, file: id + (format == .markdown ? ".md" : ".txt"), format: format, text: text,
                  contentHash: ContentHash.of(text))
    }

    static func clean(_ text: String, format: RawSource.Format = .text) -> CleanSource {
        SourceCleaner().clean(raw(text, format: format))
    }

    /// 1-based number of the first line whose trimmed text is `text`.
    static func line(_ text: String, in fixture: String) -> Int? {
        fixture.components(separatedBy: "\n").firstIndex { $0.trimmingCharacters(in: .whitespaces) == text }.map { $0 + 1 }
    }
}

@Suite struct CleanTests {
    /// A line's words for the junk rules: split at spaces, tabs, bars, slashes and dots, lowercased,
    /// punctuation trimmed, empty ones dropped; on ASCII bytes or not, and up to any limit.
    @Test func aLinesWordsAreItsPiecesLowercasedAndTrimmed() {
        let lines = ["Share this article", "  Leave a COMMENT  |  Log in / Register ", "(3) comments!!", "...", "", "a\tb\tc",
                     "Rated 4.5/5 -- by 1,024 readers", "Café · Menu • Home", "“Quoted” words / and --dashes-- here", "x-ray__ _under_ #tag @user"]
        for line in lines {
            let expected = line.split(whereSeparator: { " \t|/·•".contains($0) }).map { String($0).lowercased().trimmingPunctuation() }.filter { !$0.isEmpty }
            for limit in [1, 2, 3, 9, Int.max] {
                #expect(JunkLines.words(line, limit: limit) == Array(expected.prefix(limit)), "\(line) \(limit)")
            }
        }
    }

    typealias F = CleanFixtures

    private func removed(_ clean: CleanSource, _ text: String) -> RemovedLine? {
        clean.removed.first { $0.text == text }
    }

    private func bodyText(_ clean: CleanSource) -> String {
        clean.paragraphs.map(\.text).joined(separator: "\n")
    }

    // MARK: The invariant

    /// Every non-blank line is in exactly one of: the headline line, a paragraph, a removed line, a comment.
    @Test(arguments: CleanFixtures.all.map(\.name))
    func everyLineIsAccountedForExactlyOnce(fixture name: String) throws {
        let fixture = try #require(F.all.first { $0.name == name })
        let clean = F.clean(fixture.text, format: fixture.format)
        let lines = fixture.text.components(separatedBy: "\n")
        for (offset, raw) in lines.enumerated() {
            let text = raw.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let number = offset + 1
            var places: [String] = []
            if clean.headlineLine == number { places.append("headline") }
            if clean.paragraphs.contains(where: { $0.line == number }) { places.append("paragraph") }
            if clean.removed.contains(where: { $0.line == number }) { places.append("removed") }
            if clean.comments.contains(where: { $0.line == number }) { places.append("comment") }
            if places.isEmpty {
                // A continuation line: its text is inside the paragraph or comment it continues.
                if clean.paragraphs.contains(where: { $0.text.contains(text) }) { places.append("paragraph") }
                if clean.comments.contains(where: { $0.text.contains(text) }) { places.append("comment") }
            }
            #expect(places.count == 1, "\(name):\(number) `\(text)` is in \(places)")
        }
        // Removed lines are the file's own lines, each recorded once.
        for line in clean.removed {
            #expect(lines[line.line - 1].trimmingCharacters(in: .whitespaces) == line.text, "\(name):\(line.line)")
        }
        #expect(Set(clean.removed.map(\.line)).count == clean.removed.count)
        #expect(clean.removed.map(\.line) == clean.removed.map(\.line).sorted())
        #expect(clean.paragraphs.map(\.number) == clean.paragraphs.indices.map { $0 + 1 })
    }

    // MARK: Page junk

    @Test func junkLinesAreRemovedWithTheirReasons() throws {
        let clean = F.clean(F.newsPage)
        let expected: [(String, RemovedLine.Reason)] = [
            ("Share", .shareWidget), ("Tweet", .shareWidget), ("Share this article", .shareWidget),
            ("Advertisement", .advertising), ("See also: Farmers brace for a dry summer", .teaser),
            ("Read more: Ports count the cost of the winter storms", .teaser),
            ("Rating: 4.2/5 (37 votes)", .rating), ("★★★★☆", .rating), ("#GrainDeal #Exports #Trade", .navigation),
        ]
        for (text, reason) in expected {
            let line = try #require(removed(clean, text), "`\(text)` was not removed")
            #expect(line.reason == reason, "`\(text)`")
            #expect(line.line == F.line(text, in: F.newsPage))
            #expect(!bodyText(clean).contains(text))
        }
    }

    @Test func junkReasonsForSingleLines() {
        #expect(JunkLines.reason(for: "Share on Facebook") == .shareWidget)
        #expect(JunkLines.reason(for: "Tweet") == .shareWidget)
        #expect(JunkLines.reason(for: "Related: Ports count the cost") == .teaser)
        #expect(JunkLines.reason(for: "Rating: 4.2/5 (37 votes)") == .rating)
        #expect(JunkLines.reason(for: "★★★☆☆") == .rating)
        #expect(JunkLines.reason(for: "ADVERTISEMENT") == .advertising)
        #expect(JunkLines.reason(for: "Story continues below advertisement") == .advertising)
        #expect(JunkLines.reason(for: "Liked it? Take a second to support us on Patreon!") == .advertising)
        #expect(JunkLines.reason(for: "Opinions expressed here are solely those of the author.") == .disclaimer)
        #expect(JunkLines.reason(for: "#Grain #Trade") == .navigation)
        #expect(JunkLines.reason(for: "Tags: grain, trade, ports") == .navigation)
        #expect(JunkLines.reason(for: "Leave a comment") == .commentWidget)
        #expect(JunkLines.reason(for: "2w") == .profile)
        // Ordinary sentences are not junk, even with widget words in them.
        #expect(JunkLines.reason(for: "Share prices fell sharply on Monday.") == nil)
        #expect(JunkLines.reason(for: "The minister did not comment on the report.") == nil)
        #expect(JunkLines.reason(for: "#1 priority for the ministry is the harvest") == nil)
    }

    @Test func donationAppealAndDisclaimerAreRemoved() throws {
        let clean = F.clean(F.opinion)
        let disclaimer = "The views expressed in this article are the author's own and do not necessarily reflect those of this site."
        #expect(removed(clean, disclaimer)?.reason == .disclaimer)
        #expect(removed(clean, "Support independent analysis: donate today.")?.reason == .advertising)
        #expect(clean.paragraphs.count == 2)
        #expect(clean.headline == "Why the grain deal will not last")
    }

    @Test
    func newsSentenceAboutADonationStaysInTheBody() {
        let text = """
            Ministry pledges grain for the region

            The government said on Friday that it would donate 10,000 tonnes of wheat to the neighbouring region, where the harvest failed after a long drought this summer.

            Officials said the first shipments would leave the port next week.
            """
        let clean = F.clean(text)
        #expect(clean.removed.isEmpty)
        #expect(clean.paragraphs.first?.text.hasPrefix("The government said on Friday that it would donate") == true)
    }

    @Test
    func proseSentenceStartingWithATeaserWordStaysInTheBody() {
        #expect(JunkLines.reason(for: "Recommended changes to the inspection rules were published by the ministry on Friday.") == nil)
        #expect(JunkLines.reason(for: "More from the ministry's statement was released later, officials said.") == nil)
    }

    // MARK: Headline

    @Test func headlineRepeatedByShareCardsIsTakenOnceAndItsRepeatsRemoved() throws {
        let clean = F.clean(F.newsPage)
        #expect(clean.headline == "Grain corridor talks resume after two-month pause")
        #expect(clean.headlineLine == 2)
        let duplicates = clean.removed.filter { $0.reason == .duplicateHeadline }
        #expect(duplicates.map(\.line).contains(5))
        #expect(!clean.paragraphs.contains { $0.text == "Grain corridor talks resume after two-month pause" })
    }

    @Test
    func breadcrumbEndingWithTheHeadlineIsNavigation() throws {
        let clean = F.clean(F.newsPage)
        let crumb = try #require(removed(clean, "Home › World › Grain corridor talks resume after two-month pause"))
        #expect(crumb.reason == .navigation)
    }

    @Test
    func breadcrumbAboveAnUnrepeatedHeadlineIsNotTheHeadline() {
        let text = """
            Home › World › Europe › Grain talks resume in the capital
            Grain talks resume in the capital

            Negotiators from both countries returned to the table on Monday after a two-month pause, and officials on both sides called the first session constructive.
            """
        let clean = F.clean(text)
        #expect(clean.headline == "Grain talks resume in the capital")
        #expect(clean.headlineLine == 2)
        #expect(clean.removed.first?.line == 1)
    }

    @Test func shortSectionLabelAboveTheHeadlineIsNavigation() throws {
        let text = """
            World
            Grain talks resume in the capital
            Grain talks resume in the capital

            Negotiators from both countries returned to the table on Monday after a two-month pause, and officials on both sides called the first session constructive.
            """
        let clean = F.clean(text)
        #expect(clean.headline == "Grain talks resume in the capital")
        #expect(removed(clean, "World")?.reason == .navigation)
        #expect(clean.paragraphs.count == 1)
    }

    // MARK: Stated facts

    @Test func bylineAndDateLineAreStatedAndRemovedAsMetadata() throws {
        let clean = F.clean(F.newsPage)
        #expect(clean.stated["author"] == "Jane Roe")
        #expect(clean.stated["published"] == "March 3, 2024")
        #expect(removed(clean, "By Jane Roe")?.reason == .metadata)
        #expect(removed(clean, "Published: March 3, 2024")?.reason == .metadata)
    }

    @Test func sentenceStartingWithByIsNotAByline() {
        let text = """
            Grain talks stall again

            Negotiators met again on Monday in the capital, but neither side was ready to sign the draft that mediators had prepared over the weekend.
            By the end of the week, talks had stalled.
            """
        let clean = F.clean(text)
        #expect(clean.stated["author"] == nil)
        #expect(clean.paragraphs.contains { $0.text == "By the end of the week, talks had stalled." })
    }

    @Test func publishedLineWithARemainderKeepsTheRemainderAsBody() throws {
        let clean = F.clean(F.publishedWithRemainder)
        #expect(clean.stated["published"] == "March 3, 2024")
        let first = try #require(clean.paragraphs.first)
        #expect(first.line == 2)
        #expect(first.kind == .text)
        #expect(first.text.hasPrefix("Grain exporters said on Sunday"))
        #expect(!clean.removed.contains { $0.line == 2 })
    }

    @Test
    func publishedLineRemainderKeepsItsPunctuation() throws {
        let clean = F.clean(F.publishedWithRemainder)
        #expect(clean.paragraphs.first?.text
            == "Grain exporters said on Sunday that the new inspection plan would cut waiting times at the northern border crossings by half.")
    }

    @Test func markdownFrontMatterIsStatedAndRemoved() throws {
        let clean = F.clean(F.frontMatter, format: .markdown)
        #expect(clean.stated["title"] == "Grain talks resume")
        #expect(clean.stated["published"] == "2024-03-03")
        #expect(clean.stated["author"] == "Jane Roe")
        let frontMatter = clean.removed.filter { $0.reason == .frontMatter }
        #expect(frontMatter.map(\.line) == [1, 2, 3, 4, 5])
        #expect(frontMatter.map(\.text) == ["---", "title: Grain talks resume", "published: 2024-03-03", "author: Jane Roe", "---"])
        #expect(clean.paragraphs.count == 1)
        #expect(clean.paragraphs.first?.line == 7)
    }

    // MARK: Paragraphs

    @Test func hardWrappedLinesAreJoinedIntoOneParagraph() throws {
        let clean = F.clean(F.newsPage)
        let paragraph = try #require(clean.paragraphs.first { $0.text.hasPrefix("The ministry said") })
        #expect(paragraph.text == "The ministry said the new inspection rules would apply to all exporters from the first of April, and that checks would be carried out at the border.")
        #expect(paragraph.line == F.line("The ministry said the new inspection rules would apply to all", in: F.newsPage))
        #expect(paragraph.kind == .text)
    }

    @Test func bodyKeepsParagraphsHeadingsAndListItemsInOrder() throws {
        let clean = F.clean(F.newsPage)
        #expect(clean.paragraphs.map(\.kind) == [.text, .text, .heading, .text, .listItem, .listItem])
        #expect(clean.paragraphs.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(clean.paragraphs[2].text == "Background")
        #expect(clean.paragraphs[4].text == "Wheat made up most of the cargo.")
        #expect(clean.paragraphs[5].text == "Maize came second.")
        #expect(clean.paragraphs[5].line == F.line("- Maize came second.", in: F.newsPage))
    }

    @Test
    func wrappedListItemContinuesOnTheNextLine() {
        let text = """
            Grain talks resume in the capital

            Negotiators from both countries returned to the table on Monday after a two-month pause, and officials on both sides called it constructive.

            - Wheat made up most of the cargo shipped through
              the corridor last year.
            - Maize came second.
            """
        let clean = F.clean(text)
        #expect(clean.paragraphs.map(\.kind) == [.text, .listItem, .listItem])
        #expect(clean.paragraphs.dropFirst().first?.text == "Wheat made up most of the cargo shipped through the corridor last year.")
    }

    @Test
    func wrappedLineBeforeACapitalisedNameIsNotAHeading() {
        let text = """
            Grain talks resume in the capital

            Negotiators from both countries returned to the table on Monday after a two-month pause, and officials on both sides called it constructive.

            Officials in the capital said they would meet with
            Anna Kowalczyk on Monday to discuss the plan.
            """
        let clean = F.clean(text)
        #expect(clean.paragraphs.count == 2)
        #expect(!clean.paragraphs.contains { $0.kind == .heading })
        #expect(clean.paragraphs.last?.text == "Officials in the capital said they would meet with Anna Kowalczyk on Monday to discuss the plan.")
    }

    @Test func shortUnpunctuatedLinesFollowedByTextAreHeadings() {
        let clean = F.clean(F.analysis)
        let headings = clean.paragraphs.filter { $0.kind == .heading }.map(\.text)
        #expect(headings == ["Background", "What changed this week", "What comes next"])
        #expect(clean.paragraphs.filter { $0.kind == .text }.count == 3)
    }

    @Test func paragraphBuilderBulletsAndSentenceEnds() {
        #expect(ParagraphBuilder.bullet(of: "• Wheat") == "Wheat")
        #expect(ParagraphBuilder.bullet(of: "* Maize") == "Maize")
        #expect(ParagraphBuilder.bullet(of: "- Barley") == "Barley")
        #expect(ParagraphBuilder.bullet(of: "-10 degrees overnight") == nil)
        #expect(ParagraphBuilder.endsSentence("It ended.") == true)
        #expect(ParagraphBuilder.endsSentence("“It ended”") == true)
        #expect(ParagraphBuilder.endsSentence("Background") == false)
    }

    // MARK: Comments

    @Test func commentSectionHeaders() {
        for header in ["12 Comments", "Comments (3)", "Reader comments", "Comments", "1 Comment", "3 Responses to “The deal”"] {
            #expect(CommentSection.isHeader(header), "\(header)")
        }
        for line in ["Comments are closed on this article after a week.", "The comments drew criticism", "12 ships"] {
            #expect(!CommentSection.isHeader(line), "\(line)")
        }
    }

    @Test func numberedCommentsInThreeFormatsAreSplitWithWidgetLinesRemoved() throws {
        let text = F.numberedComments
        let clean = F.clean(text)
        #expect(clean.comments.count == 3)
        #expect(clean.comments.map(\.line) == [
            F.line("1. marta_k says:", in: text), F.line("2) OldHand", in: text), F.line("3. Dmitri — March 3, 2024 at 7:15 pm", in: text),
        ].compactMap { $0 })
        #expect(clean.comments[0].text.contains("This is long overdue, the inspections were a mess."))
        #expect(clean.comments[1].text.contains("I doubt it will last past the summer."))
        #expect(clean.comments[2].text.contains("Good news for the farmers at least."))
        for widget in ["Reply", "Like (4)", "Report", "Leave a comment", "12 Comments"] {
            #expect(removed(clean, widget)?.reason == .commentWidget, "\(widget)")
            #expect(!clean.comments.contains { $0.text.contains(widget) }, "\(widget)")
        }
        // The article itself is untouched.
        #expect(clean.headline == "Farm ministers agree on a shared inspection plan")
        #expect(clean.paragraphs.count == 1)
        #expect(!bodyText(clean).contains("overdue"))
    }

    @Test func unnumberedCommentsAreSplitAtBlankLines() throws {
        let clean = F.clean(F.plainComments)
        #expect(removed(clean, "Reader comments")?.reason == .commentWidget)
        #expect(clean.comments.count == 2)
        #expect(clean.comments.first?.text == "Finally some good news from the coast.")
        #expect(clean.comments.last?.text.contains("Let us see how long it lasts") == true)
        #expect(clean.comments.last?.text.contains("before the next storm hits.") == true)
        #expect(clean.paragraphs.count == 1)
    }

    @Test func threadWhoseFirstEntryIsALongArticleIsPromotedToTheBody() throws {
        let clean = F.clean(F.thread)
        #expect(clean.comments.count == 2)
        #expect(!clean.comments.contains { $0.text.contains("grain corridor is less of a breakthrough") })
        #expect(clean.paragraphs.contains { $0.text == F.longFirstEntry })
        #expect(clean.stated["thread"]?.contains("3") == true)
        #expect(clean.headline == "What the grain deal really means")
        #expect(removed(clean, "Reply")?.reason == .commentWidget)
    }

    @Test func shortFirstEntryIsNotPromoted() {
        let clean = F.clean(F.numberedComments)
        #expect(clean.stated["thread"] == nil)
        #expect(clean.comments.count == 3)
    }

    /// The byte path for ASCII lines must key a headline as the scalar path does: every line of
    /// the seed corpus (its ASCII characters), and lines made of punctuation, digits and spaces only.
    @Test func theASCIIHeadlineKeyAgreesWithTheScalarKey() throws {
        let folder = repositoryRoot.appendingPathComponent("seeds")
        var lines = ["", "  ", "--- 2024 ---", "A.B.C. and 1,000", "Tab\there", "!!!", "x"]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            // Each line with its other characters left out, so that every line counts.
            lines += text.split(separator: "\n").map { String(String.UnicodeScalarView($0.unicodeScalars.filter(\.isASCII))) }
        }
        #expect(lines.count > 150, "the seed corpus gives plenty of lines")
        let disagreeing = lines.filter { Headline.key($0) != Headline.keyCharacters($0) }
        #expect(disagreeing.isEmpty, "\(disagreeing.prefix(5))")
    }
}
