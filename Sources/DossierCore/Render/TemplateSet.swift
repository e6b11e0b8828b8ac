import Foundation
import Mustache

/// The site's Mustache templates, read from the templates folder at build
/// time (never compiled in), with every syntax error and missing partial
/// reported by file, line and column.
public struct TemplateSet: Sendable {
    public let folder: String
    let library: MustacheLibrary
    let names: Set<String>
    /// Files under `assets/`, copied to the site as they are.
    public let assets: [String]
    /// A digest of every template's text: pages rendered with other templates are not reused.
    public let fingerprint: String
    /// Whether the templates place a page's content only as it is (see `placesContentVerbatim(_:)`).
    let placesContentVerbatim: Bool
    /// Whether the templates only place a page's values (see `layoutsTakeMarks(_:)`).
    let layoutsTakeMarks: Bool

    /// The template every page kind falls back to.
    static let defaultTemplate = "page"

    /// Put on a line of its own before each template's text (a standalone tag: the line leaves no
    /// trace in the output, and error lines are counted back by one). swift-mustache escapes
    /// `{{variables}}` a character at a time through a dictionary, which cost about 2% of a large
    /// build; this content type escapes the same five characters with `MarkupEscaping`. A
    /// template's own `CONTENT_TYPE` tag still comes after it and wins.
    static let escapingPragma: String = {
        MustacheContentTypes.register(MarkupContentType(), named: "DOSSIER_HTML")
        return "{{% CONTENT_TYPE: DOSSIER_HTML}}\n"
    }()

    struct MarkupContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { MarkupEscaping.escape(text) }
    }

    public init(folder: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw DossierError(file: folder, "the templates folder does not exist", hint: "pass --templates DIR, or run `dossier init` for the defaults")
        }
        self.folder = folder
        var templates: [String: MustacheTemplate] = [:]
        var sources: [String: String] = [:]
        var assets: [String] = []
        let files = (FileManager.default.subpaths(atPath: folder) ?? []).sorted()
        for path in files where !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            let full = (folder as NSString).appendingPathComponent(path)
            if path.hasPrefix("assets/") {
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
                if !isDirectory.boolValue { assets.append(path) }
                continue
            }
            guard path.hasSuffix(".mustache") else { continue }
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw DossierError(file: full, "cannot read the template as UTF-8 text")
            }
            let name = String(path.dropLast(".mustache".count))
            do {
                templates[name] = try MustacheTemplate(string: Self.escapingPragma + text)
            } catch let error as MustacheTemplate.ParserError {
                // The parser notices an unclosed section only at the end of the file; name the section instead.
                if case .expectedSectionEnd = error.error as? MustacheTemplate.Error, let open = Self.unclosedSection(in: text) {
                    throw DossierError(file: full, line: open.line, column: open.column,
                                       "template syntax error: the section `\(open.name)` is opened here but never closed",
                                       hint: "close it with {{/\(open.name)}}")
                }
                let near = error.context.line.trimmingCharacters(in: .whitespaces)
                throw DossierError(file: full, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber,
                                   "template syntax error: \(Self.describe(error.error))",
                                   hint: near.isEmpty ? nil : "near `\(near)`")
            }
            sources[name] = text
        }
        guard templates[Self.defaultTemplate] != nil else {
            throw DossierError(file: (folder as NSString).appendingPathComponent("page.mustache"),
                               "the default page template is missing", hint: "every page kind without its own template uses page.mustache")
        }
        try Self.checkPartials(sources, folder: folder)
        self.library = MustacheLibrary(templates: templates)
        self.names = Set(templates.keys)
        self.assets = assets
        self.fingerprint = ContentHash.of(sources.keys.sorted().map { $0 + "\u{0}" + sources[$0]! }.joined(separator: "\u{0}"))
        self.placesContentVerbatim = Self.placesContentVerbatim(sources)
        self.layoutsTakeMarks = Self.layoutsTakeMarks(sources)
    }

    /// Whether every tag of the templates that names `content` places it as it is, `{{{content}}}`
    /// or `{{& content}}`. Then the page around the content does not depend on it: the layout can be
    /// applied to a mark and the mark replaced by the content, and a change of templates applies
    /// the new layout to each page's content as the last build rendered it, without rendering its
    /// Markdown again. An escaped `{{content}}`, a section or a transform on it, or delimiters
    /// changed (the tags can no longer be read here) turn that off: pages are rendered whole.
    static func placesContentVerbatim(_ sources: [String: String]) -> Bool {
        for text in sources.values {
            guard let tags = tags(in: text) else { return false }
            for tag in tags {
                if tag.body.hasPrefix("=") { return false }
                guard !tag.body.hasPrefix("!"), tag.body.contains("content") else { continue }
                let name = tag.triple ? tag.body : tag.body.hasPrefix("&") ? tag.body.dropFirst().trimmingCharacters(in: .whitespaces) : ""
                if name != "content" { return false }
            }
        }
        return true
    }

    /// Whether the templates only place a page's values, so that the layout rendered once with
    /// marks for them gives every page's layout (`LayoutCache`). Off where a tag transforms a
    /// value (`name(…)`), names a partial by a value (`{{>*name}}`), sets its own content type
    /// (its escaping could differ from the marks') or changes the delimiters (the tags can no
    /// longer be read here).
    static func layoutsTakeMarks(_ sources: [String: String]) -> Bool {
        for text in sources.values {
            guard let tags = tags(in: text) else { return false }
            for tag in tags where !tag.body.hasPrefix("!") {
                if tag.body.hasPrefix("=") || tag.body.hasPrefix("%") || tag.body.contains("(") { return false }
                if let marker = tag.body.first, marker == ">" || marker == "<",
                   tag.body.dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("*") { return false }
            }
        }
        return true
    }

    /// The body of every tag in `text`, trimmed, and whether it is a triple `{{{…}}}`; nil when a
    /// tag is never closed.
    private static func tags(in text: String) -> [(body: String, triple: Bool)]? {
        var tags: [(body: String, triple: Bool)] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            let triple = rest[open.upperBound...].hasPrefix("{")
            let start = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[start...].range(of: triple ? "}}}" : "}}") else { return nil }
            tags.append((rest[start..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines), triple))
            rest = rest[close.upperBound...]
        }
        return tags
    }

    /// Renders `context` with the template for `kind`, or the default template.
    func render(kind: String, context: [String: Any]) -> String {
        let name = names.contains(kind) ? kind : Self.defaultTemplate
        return library.render(context, withTemplate: name) ?? ""
    }

    /// A partial (`{{> name}}`) or parent (`{{< name}}`) that names no template
    /// would render as nothing; the build stops instead.
    private static func checkPartials(_ sources: [String: String], folder: String) throws {
        for name in sources.keys.sorted() {
            let text = sources[name]!
            var lineNumber = 1
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var rest = Substring(line)
                while let open = rest.range(of: "{{") {
                    let tag = rest[open.upperBound...]
                    guard let close = tag.range(of: "}}") else { break }
                    let body = tag[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                    if let marker = body.first, marker == ">" || marker == "<" {
                        let partial = body.dropFirst().trimmingCharacters(in: .whitespaces)
                        if !partial.isEmpty && !partial.hasPrefix("*") && sources[partial] == nil {
                            let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                            throw DossierError(file: (folder as NSString).appendingPathComponent(name + ".mustache"),
                                               line: lineNumber, column: column,
                                               "the template uses `\(partial)`, but there is no \(partial).mustache",
                                               hint: "create \(partial).mustache in the templates folder, or fix the name")
                        }
                    }
                    rest = tag[close.upperBound...]
                }
                lineNumber += 1
            }
        }
    }

    /// The innermost section (`{{#name}}`, `{{^name}}`, `{{$name}}`, `{{<name}}`) still open at
    /// the end of `text`, with its 1-based line and column.
    static func unclosedSection(in text: String) -> (name: String, line: Int, column: Int)? {
        var open: [(name: String, at: String.Index)] = []
        var rest = text[...]
        while let start = rest.range(of: "{{"), let end = rest[start.upperBound...].range(of: "}}") {
            let body = rest[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
            if let marker = body.first, "#^$<".contains(marker) {
                open.append((body.dropFirst().trimmingCharacters(in: .whitespaces), start.lowerBound))
            } else if body.first == "/" {
                let name = body.dropFirst().trimmingCharacters(in: .whitespaces)
                if let index = open.lastIndex(where: { $0.name == name }) { open.removeSubrange(index...) }
            }
            rest = rest[end.upperBound...]
        }
        guard let last = open.last else { return nil }
        let before = text[..<last.at]
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return (last.name, before.filter { $0 == "\n" }.count + 1, text.distance(from: lineStart, to: last.at) + 1)
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is opened but never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "only block definitions may stand inside a parent tag"
        case .textInsideInheritSection: return "text inside a parent tag must be inside a block"
        case .invalidConfigVariableSyntax: return "a config tag is malformed"
        case .unrecognisedConfigVariable: return "unknown config variable"
        @unknown default: return "\(error)"
        }
    }
}
