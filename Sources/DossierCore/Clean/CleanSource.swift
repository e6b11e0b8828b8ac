/// A source split into what the author wrote and what the web page added.
/// Nothing is thrown away: every non-blank line of the file is in exactly one
/// of `headlineLine`, `paragraphs`, `removed` or `comments`.
public struct CleanSource: Sendable, Equatable {
    public var id: String
    public var file: String
    /// The headline the cleaner found, if any (the metadata extractor decides the title).
    public var headline: String?
    /// The line the headline was taken from (it is neither body nor junk).
    public var headlineLine: Int?
    /// Key–value pairs the file states about itself (Markdown front matter, `Published:` lines).
    public var stated: [String: String]
    public var paragraphs: [Paragraph]
    public var removed: [RemovedLine]
    public var comments: [Comment]

    public init(id: String, file: String, headline: String?, headlineLine: Int?, stated: [String: String],
                paragraphs: [Paragraph], removed: [RemovedLine], comments: [Comment]) {
        self.id = id
        self.file = file
        self.headline = headline
        self.headlineLine = headlineLine
        self.stated = stated
        self.paragraphs = paragraphs
        self.removed = removed
        self.comments = comments
    }
}

/// One block of the article body. `number` is 1-based and stable for a given
/// text: pages anchor it as `#p-<number>`.
public struct Paragraph: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case text, heading, listItem = "list-item"
    }

    public var number: Int
    public var kind: Kind
    public var text: String
    /// 1-based line of the file where the paragraph starts.
    public var line: Int

    public init(number: Int, kind: Kind, text: String, line: Int) {
        self.number = number
        self.kind = kind
        self.text = text
        self.line = line
    }
}

/// A line taken out of the body, with the reason.
public struct RemovedLine: Sendable, Equatable {
    public enum Reason: String, Sendable, CaseIterable {
        case shareWidget = "share-widget"
        case teaser
        case rating
        case navigation
        case profile
        case advertising
        case duplicateHeadline = "duplicate-headline"
        case commentWidget = "comment-widget"
        case disclaimer
        case frontMatter = "front-matter"
        case metadata
    }

    public var line: Int
    public var text: String
    public var reason: Reason

    public init(line: Int, text: String, reason: Reason) {
        self.line = line
        self.text = text
        self.reason = reason
    }
}

/// One reader comment, kept apart from the article.
public struct Comment: Sendable, Equatable {
    public var line: Int
    public var text: String

    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}
