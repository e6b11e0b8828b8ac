import CCmarkGFM
import CDossierSupport

/// Markdown → HTML with cmark-gfm: GFM tables, strikethrough, autolinks and
/// footnotes. Pages link each other as `.md`; the HTML links `.html`. Raw HTML
/// is allowed only in the few shapes the page builders emit (paragraph anchors,
/// `<details>` blocks); anything else is shown as text, and link destinations
/// other than relative paths, http(s) and mailto are dropped.
public struct MarkdownRenderer: Sendable {
    public init() {
        _ = Self.registered
    }

    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// cmark-gfm switches its extensions' inline characters on and off in a
    /// global table as each parser works; CDossierSupport keeps them switched on
    /// (cmark_special_characters.c), which makes parsers on several threads safe.
    /// Where that does not take, one parser at a time: slower, never wrong.
    static let parsersRunInParallel = dossier_cmark_special_characters_stay_on() != 0
    private static let oneParserAtATime = NSLock()

    private static let extensions = ["table", "strikethrough", "autolink", "tagfilter"]

    public func html(from markdown: String) -> String {
        let options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
        if !Self.parsersRunInParallel { Self.oneParserAtATime.lock() }
        guard let parser = cmark_parser_new(options) else {
            if !Self.parsersRunInParallel { Self.oneParserAtATime.unlock() }
            return ""
        }
        defer { cmark_parser_free(parser) }
        for name in Self.extensions {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        var markdown = markdown
        markdown.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        let finished = cmark_parser_finish(parser)
        if !Self.parsersRunInParallel { Self.oneParserAtATime.unlock() }
        guard let document = finished else { return "" }
        defer { cmark_node_free(document) }
        sanitize(document)
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    private func sanitize(_ document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var unsafeHTML: [OpaquePointer] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                cmark_node_set_url(node, LinkPolicy.rewrite(url))
            } else if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                if !HTMLAllowlist.allows(literal) { unsafeHTML.append(node) }
            }
        }
        // Replaced after the walk: changing the tree while iterating would derail the iterator.
        for node in unsafeHTML {
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            let isBlock = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
            guard let text = cmark_node_new(CMARK_NODE_TEXT) else { continue }
            cmark_node_set_literal(text, literal)
            if isBlock, let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH) {
                cmark_node_append_child(paragraph, text)
                cmark_node_replace(node, paragraph)
            } else {
                cmark_node_replace(node, text)
            }
            cmark_node_free(node)
        }
    }
}

/// The raw HTML the page builders may emit; everything else is shown as text.
enum HTMLAllowlist {
    static func allows(_ literal: String) -> Bool {
        literal.split(separator: "\n").allSatisfy { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return ["<details>", "</details>", "<details open>"].contains(text)
                || isSummary(text) || isAnchor(text) || isAnchor(text + "</a>") || text == "</a>"
                || isMark(text) || text == "</mark>"
        }
    }

    /// `<summary>plain words (12 lines)</summary>`
    private static func isSummary(_ text: String) -> Bool {
        guard text.hasPrefix("<summary>"), text.hasSuffix("</summary>") else { return false }
        let inner = text.dropFirst(9).dropLast(10)
        return !inner.contains("<") && !inner.contains(">") && !inner.contains("&")
    }

    /// `<mark id="a-3">`: an annotated passage.
    private static func isMark(_ text: String) -> Bool {
        guard text.hasPrefix("<mark id=\""), text.hasSuffix("\">") else { return false }
        let id = text.dropFirst(10).dropLast(2)
        return !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// `<a id="p-12"></a>`
    private static func isAnchor(_ text: String) -> Bool {
        guard text.hasPrefix("<a id=\""), text.hasSuffix("\"></a>") else { return false }
        let id = text.dropFirst(7).dropLast(6)
        return !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// Link destinations in rendered pages.
enum LinkPolicy {
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// `x.md#a` → `x.html#a` for relative links; unsafe schemes → empty.
    /// On UTF-8 bytes: every link of every page passes through here.
    static func rewrite(_ url: String) -> String {
        let bytes = url.utf8
        // A colon before any "/", "#" or "?" ends a scheme.
        if let colon = bytes.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }),
           bytes[colon] == UInt8(ascii: ":") {
            let scheme = url[..<colon].lowercased()
            return allowedSchemes.contains(scheme) ? url : ""
        }
        if url.hasPrefix("//") { return "" }
        let hash = bytes.firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex
        let path = url[..<hash]
        guard path.hasSuffix(".md") else { return url }
        return String(path.dropLast(3)) + ".html" + url[hash...]
    }
}

import Foundation
