import Foundation
import Yams

/// `dossier.yml`: what the dossier is about and how the site is addressed.
/// Every key is optional; a missing file means all defaults.
public struct DossierConfig: Sendable, Equatable {
    /// The dossier's title, shown on every page.
    public var title: String = "Dossier"
    /// The question the dossier answers, shown on the briefing.
    public var question: String?
    /// The analyst's bottom line, Markdown, shown first on the briefing.
    public var bottomLine: String?
    /// Who compiled the dossier.
    public var author: String?
    /// Absolute URL the site is published under (feeds and sitemaps need it; pages link relatively).
    public var baseURL: String?
    /// Language of the pages, for `<html lang>`.
    public var language: String = "en"
    /// Where `dossier publish` sends the site when no `--to` is given.
    public var publish = Publish()

    /// The `publish:` mapping. Flags of `dossier publish` override each key.
    public struct Publish: Sendable, Equatable {
        /// A git repository (URL or local path) or a folder.
        public var to: String?
        /// The branch of a git destination (default `gh-pages`).
        public var branch: String?
        /// The custom domain written to `CNAME` on a git destination.
        public var cname: String?
        /// The commit author, `Name <email>` (default `Dossier <dossier@localhost>`).
        public var author: String?

        public init(to: String? = nil, branch: String? = nil, cname: String? = nil, author: String? = nil) {
            self.to = to
            self.branch = branch
            self.cname = cname
            self.author = author
        }

        static let keys = ["to", "branch", "cname", "author"]
    }

    public init() {}

    public static let fileName = "dossier.yml"

    /// Reads `path`; a missing file gives the defaults, malformed YAML an error with line and column.
    public static func load(from path: String) throws -> DossierConfig {
        guard FileManager.default.fileExists(atPath: path) else { return DossierConfig() }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DossierError(file: path, "cannot read the configuration as UTF-8 text", hint: "save dossier.yml as UTF-8")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> DossierConfig {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw YAMLErrors.located(error, file: file)
        }
        var config = DossierConfig()
        guard let node else { return config }
        guard let mapping = node.mapping else {
            throw DossierError(file: file, line: node.mark.map { $0.line }, column: node.mark.map { $0.column },
                               "the configuration must be a mapping of keys to values", hint: "write `title: My dossier` and similar lines")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            func text() throws -> String {
                guard let string = value.string else {
                    throw DossierError(file: file, line: value.mark.map { $0.line }, column: value.mark.map { $0.column },
                                       "`\(key)` must be text")
                }
                return string
            }
            switch key {
            case "title": config.title = try text()
            case "question": config.question = try text()
            case "bottom_line": config.bottomLine = try text()
            case "author": config.author = try text()
            case "base_url": config.baseURL = try text()
            case "language": config.language = try text()
            case "publish": config.publish = try parsePublish(value, file: file)
            default:
                throw DossierError(file: file, line: keyNode.mark.map { $0.line }, column: keyNode.mark.map { $0.column },
                                   "unknown setting `\(key)`",
                                   hint: "known settings: title, question, bottom_line, author, base_url, language, publish")
            }
        }
        return config
    }

    /// `publish: {to, branch, cname, author}`, each text.
    static func parsePublish(_ node: Node, file: String) throws -> Publish {
        guard let mapping = node.mapping else {
            throw DossierError(file: file, line: node.mark.map { $0.line }, column: node.mark.map { $0.column },
                               "`publish` must be a mapping", hint: "write `publish:` and below it, indented, `to: ../site` or `branch: gh-pages`")
        }
        var publish = Publish()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard Publish.keys.contains(key) else {
                throw DossierError(file: file, line: keyNode.mark.map { $0.line }, column: keyNode.mark.map { $0.column },
                                   "unknown setting `publish.\(key)`", hint: "known publish settings: " + Publish.keys.joined(separator: ", "))
            }
            guard let string = value.string else {
                throw DossierError(file: file, line: value.mark.map { $0.line }, column: value.mark.map { $0.column },
                                   "`publish.\(key)` must be text")
            }
            switch key {
            case "to": publish.to = string
            case "branch": publish.branch = string
            case "cname": publish.cname = string
            default:
                guard string.hasSuffix(">"), string.contains("<"), !string.hasPrefix("<") else {
                    throw DossierError(file: file, line: value.mark.map { $0.line }, column: value.mark.map { $0.column },
                                       "`publish.author` must be a name and an email address", hint: "write `author: Jane Doe <jane@example.org>`")
                }
                publish.author = string
            }
        }
        return publish
    }
}
