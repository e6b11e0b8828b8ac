/// Where each page lives, relative to the site root, without extension.
public enum SitePaths {
    public static let briefing = "index"
    public static let actorIndex = "actors/index"
    public static let comparisons = "compare/index"
    public static let timeline = "timeline"

    public static func source(_ slug: String) -> String { "sources/" + slug }
    public static func actor(_ slug: String) -> String { "actors/" + slug }
    /// A comparison of two sources: `compare/<idA>--<idB>`.
    public static func pair(_ slug: String) -> String { "compare/" + slug }
    /// Rows of a large dossier's coverage matrix: `compare/coverage-analysis`, `compare/coverage-news-report-2`.
    public static func coverage(_ genre: String) -> String { "compare/coverage-" + genre }
    /// A period of a long timeline: `timeline/2021`, `timeline/2021-03`, `timeline/other`.
    public static func timelinePeriod(_ key: String) -> String { "timeline/" + key }
    public static func paragraphAnchor(_ number: Int) -> String { "p-\(number)" }
    /// On an actor page, the section on how one source portrays the actor.
    public static func sourceAnchor(_ slug: String) -> String { "source-" + slug }
    /// On the comparisons page, the claim group ranked `rank` (1-based).
    public static func claimAnchor(_ rank: Int) -> String { "claim-\(rank)" }
    /// On a source page, the list of the comparisons it is in (pair pages point there for the others).
    public static let comparedWithAnchor = "compared-with"
}

/// Builds every page of the site from the dossier.
public struct SitePages: Sendable {
    public let dossier: Dossier
    let timeline: TimelinePage
    /// A long timeline's periods, each a page (see `TimelinePage`).
    let timelinePeriods: [TimelinePage.Period]
    /// The comparisons page's coverage matrix; a large dossier's rows are pages of their own (see `CoverageMatrix`).
    let coverage: CoverageMatrix
    let coverageParts: [CoverageMatrix.Part]

    public init(dossier: Dossier) {
        self.init(dossier: dossier, timeline: TimelinePage(dossier: dossier))
    }

    /// `timeline` and `coverage`: how the timeline and the coverage matrix are split (tests split small ones).
    init(dossier: Dossier, timeline: TimelinePage, coverage: CoverageMatrix? = nil) {
        self.dossier = dossier
        self.timeline = timeline
        timelinePeriods = timeline.periods()
        self.coverage = coverage ?? CoverageMatrix.onComparisonsPage(dossier)
        coverageParts = self.coverage.parts
    }

    /// The overview pages (briefing, actor index, comparisons, timeline), then a page per
    /// source, per actor and per compared pair, then a long timeline's periods and a large coverage matrix's pages of rows.
    public var count: Int { 4 + dossier.sources.count + dossier.actors.count + dossier.pairs.count + timelinePeriods.count + coverageParts.count }

    /// Which page a page number stands for.
    enum Slot {
        case briefing, actorIndex, comparisons, timeline
        case source(Int), actor(Int), pair(Int), timelinePeriod(Int), coverage(Int)
    }

    func slot(_ number: Int) -> Slot {
        switch number {
        case 0: return .briefing
        case 1: return .actorIndex
        case 2: return .comparisons
        case 3: return .timeline
        default: break
        }
        var index = number - 4
        if index < dossier.sources.count { return .source(index) }
        index -= dossier.sources.count
        if index < dossier.actors.count { return .actor(index) }
        index -= dossier.actors.count
        if index < dossier.pairs.count { return .pair(index) }
        index -= dossier.pairs.count
        if index < timelinePeriods.count { return .timelinePeriod(index) }
        return .coverage(index - timelinePeriods.count)
    }

    /// Page `number` (0 ..< count): pages are built on demand, a batch at a time, so that
    /// a large dossier's pages never all sit in memory at once.
    public func page(_ number: Int) -> MarkdownPage {
        switch slot(number) {
        case .briefing: return BriefingPage(dossier: dossier).page()
        case .actorIndex: return ActorIndexPage(dossier: dossier).page()
        case .comparisons: return ComparisonPage(dossier: dossier, coverage: coverage).page()
        case .timeline: return timeline.page(periods: timelinePeriods)
        case .source(let index): return SourcePage(dossier: dossier, index: index).page()
        case .actor(let index): return ActorPage(dossier: dossier, actor: dossier.actors[index]).page()
        case .pair(let index): return PairComparisonPage(dossier: dossier, pair: dossier.pairs[index]).page()
        case .timelinePeriod(let index): return timeline.page(periods: timelinePeriods, index: index)
        case .coverage(let index): return coverage.page(coverageParts[index], of: coverageParts)
        }
    }

    /// Page `number`'s path, kind and the digest of its inputs (see `PageInputs`), without building it;
    /// nil for the kinds without one (the four overview pages), which are always built.
    func inputs(_ number: Int, settings: String, sources: SourceDigests) -> (path: String, kind: MarkdownPage.Kind, digest: String)? {
        func digest(_ path: String, _ kind: MarkdownPage.Kind, _ add: (inout PageInputs) -> Void) -> (path: String, kind: MarkdownPage.Kind, digest: String) {
            var inputs = PageInputs(path: path, settings: settings, dossier: dossier, sources: sources)
            add(&inputs)
            return (path, kind, inputs.digest)
        }
        switch slot(number) {
        case .source(let index):
            return digest(SitePaths.source(dossier.sources[index].slug), .source, SourcePage(dossier: dossier, index: index).inputs)
        case .actor(let index):
            return digest(SitePaths.actor(dossier.actors[index].slug), .actor, ActorPage(dossier: dossier, actor: dossier.actors[index]).inputs)
        case .pair(let index):
            return digest(SitePaths.pair(dossier.pairs[index].slug), .compare, PairComparisonPage(dossier: dossier, pair: dossier.pairs[index]).inputs)
        case .timelinePeriod(let index):
            return digest(timelinePeriods[index].path, .timeline) { timeline.inputs(periods: timelinePeriods, index: index, into: &$0) }
        case .coverage(let index):
            return digest(coverageParts[index].path, .compare) { coverage.inputs(coverageParts[index], of: coverageParts, into: &$0) }
        case .briefing, .actorIndex, .comparisons, .timeline:
            return nil
        }
    }

    /// Every page, built across all cores.
    public func all() -> [MarkdownPage] {
        Array(0..<count).parallelMap(page)
    }
}

extension SourceSummary {
    /// "2026-02-14 · Outlet" style line parts that exist.
    var dateLabel: String { published ?? "undated" }
    var flagList: String { flags.map(\.flag.rawValue).joined(separator: ", ") }
}

extension Genre {
    var plural: String {
        switch self {
        case .newsReport: return "News reports"
        case .analysis: return "Analysis"
        case .opinion: return "Opinion"
        case .commentThread: return "Comment threads"
        case .socialPost: return "Social posts"
        }
    }
}

extension ActorKind {
    var plural: String {
        switch self {
        case .person: return "People"
        case .organisation: return "Organisations"
        case .state: return "States"
        case .bloc: return "Blocs"
        }
    }
}
