/// One page of the site as a Markdown document. `path` has no extension:
/// the Markdown tree writes `path.md`, the HTML site `path.html`.
public struct MarkdownPage: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case briefing, source, actor, actors, compare, timeline, notfound
    }

    public var path: String {
        didSet { root = Self.root(of: path) }
    }
    public var kind: Kind
    public var title: String
    public var description: String?
    public var markdown: String
    /// Pictures that belong to the page, by file name beside it: written with the page in both
    /// trees, shown as an image in the Markdown and inlined into the HTML page (so their links work).
    public var pictures: [String: String] = [:]

    public init(path: String, kind: Kind, title: String, description: String? = nil, markdown: String) {
        self.path = path
        self.root = Self.root(of: path)
        self.kind = kind
        self.title = title
        self.description = description
        self.markdown = markdown
    }

    /// Relative prefix from this page to the site root: `""` or `"../"`. Kept, not worked out
    /// again: every link on every page starts with it.
    public private(set) var root: String

    static func root(of path: String) -> String {
        let depth = path.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
        return depth == 0 ? "" : String(repeating: "../", count: depth)
    }

    /// A relative link from this page to another page's Markdown file.
    public func link(to target: String, anchor: String? = nil) -> String {
        root + target + ".md" + (anchor.map { "#" + $0 } ?? "")
    }
}
