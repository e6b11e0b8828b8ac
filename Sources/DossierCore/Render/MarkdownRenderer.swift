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
    /// Whether that took is seen by parsing one document first, alone; where it
    /// did not, one parser at a time: slower, never wrong.
    static let parsersRunInParallel: Bool = {
        _ = registered
        if let parser = parser(options: CMARK_OPT_DEFAULT) {
            cmark_parser_feed(parser, "~~a~~", 5)
            if let document = cmark_parser_finish(parser) { cmark_node_free(document) }
            cmark_parser_free(parser)
        }
        return dossier_cmark_special_characters_stay_on() != 0
    }()
    private static let oneParserAtATime = NSLock()

    private static let extensions = ["table", "strikethrough", "autolink", "tagfilter"]

    /// A parser with the extensions attached: every extension, except autolinking where the text
    /// has nothing it could link (`mayAutolink`). Its characters stay switched on all the same once
    /// a parser has switched them on, and without the extension a "w" or ":" is text as before.
    /// Its memory from `memory`, or the library's allocator.
    private static func parser(options: Int32, autolinks: Bool = true, memory: UnsafeMutablePointer<cmark_mem>? = nil) -> OpaquePointer? {
        guard let parser = memory.map({ cmark_parser_new_with_mem(options, $0) }) ?? cmark_parser_new(options) else { return nil }
        for name in extensions where autolinks || name != "autolink" {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        return parser
    }

    /// Whether cmark-gfm's autolinking could find anything in `bytes`: its links all hold "@"
    /// (an address, "mailto:", "xmpp:"), "://" (a URL) or "www." (a bare domain; any case, to be
    /// safe). A page rarely does, and autolinking walks every parsed page twice more.
    /// Searched with the C library's `memchr` and `memmem`, which read many bytes at a time: every
    /// page's Markdown comes through here (a byte loop was 1.6% of a build's time).
    static func mayAutolink(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        if memchr(base, Int32(UInt8(ascii: "@")), bytes.count) != nil { return true }
        if dossier_contains_bytes(base, bytes.count, "://", 3) != 0 { return true }
        // "www." in any case: each dot is looked at for three w's just before it.
        let w = UInt8(ascii: "w")
        var position = 0
        while position < bytes.count, let found = memchr(base + position, Int32(UInt8(ascii: ".")), bytes.count - position) {
            let dot = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if dot >= 3, bytes[dot - 1] | 0x20 == w, bytes[dot - 2] | 0x20 == w, bytes[dot - 3] | 0x20 == w { return true }
            position = dot + 1
        }
        return false
    }

    public func html(from markdown: String) -> String {
        withHTML(from: markdown) { String(decoding: $0, as: UTF8.self) }
    }

    /// `body` given the HTML of `markdown` as cmark-gfm wrote it (empty where it could not): valid
    /// UTF-8, the Markdown being a Swift string, so a page can take the bytes without a String made
    /// of them (checking a site's HTML again cost a second of CPU at 10,000 sources).
    func withHTML<Result>(from markdown: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withHTML(from: markdown, autolinkingAlways: false, body)
    }

    /// `autolinkingAlways`: attach the autolink extension whatever the text (for the tests that
    /// check that leaving it off changes nothing).
    func withHTML<Result>(from markdown: String, autolinkingAlways: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // All of the page's memory in cmark-gfm comes from this thread's arena, and goes back at
        // once when the page is done: no node freed one by one (a walk of the whole tree).
        let memory = dossier_arena_begin()!.assumingMemoryBound(to: cmark_mem.self)
        defer { dossier_arena_end() }
        // No CMARK_OPT_VALIDATE_UTF8: the Markdown is a Swift string, valid UTF-8 by construction,
        // and checking it again cost a few percent of rendering every page. Footnotes only where
        // the page can have one: the option walks the whole tree twice more.
        if !Self.parsersRunInParallel { Self.oneParserAtATime.lock() }
        var markdown = markdown
        let (parsed, options) = markdown.withUTF8 { bytes -> (OpaquePointer?, Int32) in
            let footnotes = bytes.count > 0 && memchr(bytes.baseAddress!, Int32(UInt8(ascii: "^")), bytes.count) != nil
            let options = CMARK_OPT_UNSAFE | (footnotes ? CMARK_OPT_FOOTNOTES : 0)
            guard let parser = Self.parser(options: options, autolinks: autolinkingAlways || Self.mayAutolink(bytes), memory: memory) else { return (nil, options) }
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            return (parser, options)
        }
        guard let parser = parsed else {
            if !Self.parsersRunInParallel { Self.oneParserAtATime.unlock() }
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        // The parser, the document and the HTML live in the arena: nothing to free one by one.
        let finished = cmark_parser_finish(parser)
        if !Self.parsersRunInParallel { Self.oneParserAtATime.unlock() }
        guard let document = finished else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        sanitize(document, memory: memory)
        guard let rendered = cmark_render_html_with_mem(document, options, cmark_parser_get_syntax_extensions(parser), memory) else {
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return body(UnsafeBufferPointer(start: UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self), count: strlen(rendered)))
    }

    private func sanitize(_ document: OpaquePointer, memory: UnsafeMutablePointer<cmark_mem>) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var unsafeHTML: [OpaquePointer] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                // On the node's own bytes: a page has hundreds of links, and most change (`.md` → `.html`).
                guard let url = cmark_node_get_url(node) else { continue }
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(url).assumingMemoryBound(to: UInt8.self), count: strlen(url))
                if let rewritten = LinkPolicy.rewrite(bytes) {
                    (rewritten + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_url(node, $0.baseAddress) } }
                }
            } else if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                if !HTMLAllowlist.allows(literal) { unsafeHTML.append(node) }
            }
        }
        // Replaced after the walk: changing the tree while iterating would derail the iterator.
        for node in unsafeHTML {
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            let isBlock = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
            guard let text = cmark_node_new_with_mem(CMARK_NODE_TEXT, memory) else { continue }
            cmark_node_set_literal(text, literal)
            if isBlock, let paragraph = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH, memory) {
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
/// On UTF-8 bytes: every paragraph anchor of every page passes through here. The
/// shapes are ASCII, so only spaces and tabs are trimmed; anything else around a
/// tag keeps it from matching, and the line is shown as text.
enum HTMLAllowlist {
    typealias Bytes = Substring.UTF8View

    static func allows(_ literal: String) -> Bool {
        Substring(literal).utf8.split(separator: UInt8(ascii: "\n")).allSatisfy { line in
            let text = trimmed(line)
            return equals(text, "<details>") || equals(text, "</details>") || equals(text, "<details open>")
                || isSummary(text) || isAnchor(text, closed: true) || isAnchor(text, closed: false) || equals(text, "</a>")
                || isMark(text) || equals(text, "</mark>")
        }
    }

    private static func trimmed(_ line: Bytes) -> Bytes {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = line.firstIndex(where: { !isBlank($0) }), let last = line.lastIndex(where: { !isBlank($0) }) else { return line[line.endIndex...] }
        return line[first...last]
    }

    private static func equals(_ text: Bytes, _ shape: StaticString) -> Bool {
        shape.withUTF8Buffer { text.elementsEqual($0) }
    }

    /// `text` with `prefix` and `suffix` taken off, if it has both (and they do not overlap).
    private static func inner(_ text: Bytes, between prefix: StaticString, and suffix: StaticString) -> Bytes? {
        prefix.withUTF8Buffer { head in
            suffix.withUTF8Buffer { tail in
                guard text.count >= head.count + tail.count, text.starts(with: head), text.reversed().starts(with: tail.reversed()) else { return nil }
                return text.dropFirst(head.count).dropLast(tail.count)
            }
        }
    }

    /// `<summary>plain words (12 lines)</summary>`
    private static func isSummary(_ text: Bytes) -> Bool {
        guard let inner = inner(text, between: "<summary>", and: "</summary>") else { return false }
        return !inner.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") }
    }

    /// `<mark id="a-3">`: an annotated passage.
    private static func isMark(_ text: Bytes) -> Bool {
        guard let id = inner(text, between: "<mark id=\"", and: "\">") else { return false }
        return isIdentifier(id)
    }

    /// `<a id="p-12"></a>`, or its opening tag alone (`<a id="p-12">`) when `closed` is false.
    private static func isAnchor(_ text: Bytes, closed: Bool) -> Bool {
        guard let id = closed ? inner(text, between: "<a id=\"", and: "\"></a>") : inner(text, between: "<a id=\"", and: "\">") else { return false }
        return isIdentifier(id)
    }

    private static func isIdentifier(_ id: Bytes) -> Bool {
        !id.isEmpty && id.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }
}

/// Link destinations in rendered pages.
enum LinkPolicy {
    static let allowedSchemes: [[UInt8]] = ["http", "https", "mailto"].map { Array($0.utf8) }

    /// `x.md#a` → `x.html#a` for relative links; unsafe schemes → empty. On UTF-8 bytes, nil
    /// when the link stays as it is: every link of every page passes through here.
    static func rewrite(_ url: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        // A colon before any "/", "#" or "?" ends a scheme.
        if let colon = url.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }),
           url[colon] == UInt8(ascii: ":") {
            // ASCII case folding is enough: no other character lowercases to a letter of these schemes.
            let scheme = url[..<colon].map(\.asciiLowercased)
            return allowedSchemes.contains(scheme) ? nil : []
        }
        if url.starts(with: "//".utf8) { return [] }
        let hash = url.firstIndex(of: UInt8(ascii: "#")) ?? url.endIndex
        guard hash >= 3, url[(hash - 3)..<hash].elementsEqual(".md".utf8) else { return nil }
        return Array(url[..<(hash - 3)]) + Array(".html".utf8) + Array(url[hash...])
    }
}

import Foundation
