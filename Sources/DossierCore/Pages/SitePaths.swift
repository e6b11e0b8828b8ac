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
    public static func paragraphAnchor(_ number: Int) -> String { "p-\(number)" }
    /// On an actor page, the section on how one source portrays the actor.
    public static func sourceAnchor(_ slug: String) -> String { "source-" + slug }
    /// On the comparisons page, the claim group ranked `rank` (1-based).
    public static func claimAnchor(_ rank: Int) -> String { "claim-\(rank)" }
}

/// Builds every page of the site from the dossier.
public struct SitePages: Sendable {
    public init() {}

    public func pages(for dossier: Dossier) -> [MarkdownPage] {
        var pages: [MarkdownPage] = [
            BriefingPage(dossier: dossier).page(),
            ActorIndexPage(dossier: dossier).page(),
            ComparisonPage(dossier: dossier).page(),
            TimelinePage(dossier: dossier).page(),
        ]
        pages += Array(dossier.sources.indices).parallelMap { SourcePage(dossier: dossier, index: $0).page() }
        pages += Array(dossier.actors.indices).parallelMap { ActorPage(dossier: dossier, actor: dossier.actors[$0]).page() }
        pages += Array(dossier.pairs.indices).parallelMap { PairComparisonPage(dossier: dossier, pair: dossier.pairs[$0]).page() }
        return pages
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
