/// What rendered page HTML may contain: only the tags and attributes cmark-gfm writes for the
/// page builders' Markdown, and links only to relative paths, http(s) and mailto. Text from a
/// source that reached the page as markup (a `<script>`, an `onerror=`, a `javascript:` link)
/// breaks it.
public enum HTMLOracle {
    static let tags: Set<String> = [
        "p", "a", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
        "strong", "em", "del", "code", "pre", "blockquote", "hr", "br", "img", "sup", "section",
        // the raw HTML the page builders emit (MarkdownRenderer's allowlist)
        "details", "summary", "mark",
    ]
    static let attributes: Set<String> = [
        "href", "src", "id", "title", "alt", "align", "class", "start", "open",
        // cmark-gfm's footnotes
        "data-footnotes", "data-footnote-ref", "data-footnote-backref", "data-footnote-backref-idx", "aria-label",
    ]
    static let schemes: Set<String> = ["http", "https", "mailto"]

    /// The actor network's SVG (ActorNetwork), inlined into the actor index.
    static let svgTags: Set<String> = ["svg", "title", "g", "line", "a", "circle", "text"]
    static let svgAttributes: Set<String> = [
        "xmlns", "viewbox", "role", "class", "aria-labelledby", "id", "stroke", "stroke-opacity", "stroke-width",
        "x1", "y1", "x2", "y2", "font-size", "font-family", "href", "cx", "cy", "r", "fill", "x", "y", "text-anchor",
    ]

    /// The first thing wrong with `html`, or nil.
    public static func problem(in html: String) -> String? {
        precondition(selfChecked)
        return problem(in: html, tags: tags, attributes: attributes)
    }

    /// The oracle flags what it is meant to: checked once, so that a broken oracle cannot pass everything.
    static let selfChecked: Bool = {
        let harmful = ["<script>x</script>", "<p onclick=\"x\">a</p>", "<a href=\"javascript:alert(1)\">a</a>",
                      "<a href=\" JaVa&#x73;cript:x\">a</a>", "<img src=\"//example.org/x.png\" />", "<iframe></iframe>", "<!-- x -->",
                      "<a href=\"x\" title=\"<b>\">a</a>"]
        let harmless = ["<p>a &lt;b&gt; &amp; c</p>\n", "<a href=\"../actors/x.html#p-1\">x</a>", "<a href=\"https://example.org/?a=1&amp;b\">x</a>",
                    "<details open>\n<summary>Removed</summary>", "<hr />", "<mark id=\"a-1\">b</mark>", "<ol start=\"2\">\n<li>x</li>\n</ol>"]
        for html in harmful where problem(in: html, tags: tags, attributes: attributes) == nil { Oracle.fail("the HTML oracle passes \(html)") }
        for html in harmless { if let problem = problem(in: html, tags: tags, attributes: attributes) { Oracle.fail("the HTML oracle flags \(html): \(problem)") } }
        return true
    }()

    /// The first thing wrong with a page's SVG picture, or nil.
    public static func problem(inSVG svg: String) -> String? {
        problem(in: svg, tags: svgTags, attributes: svgAttributes)
    }

    static func problem(in html: String, tags: Set<String>, attributes: Set<String>) -> String? {
        let bytes = Array(html.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            let start = index
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
            let name = word(bytes, &index)
            guard tags.contains(name) else { return "tag `\(excerpt(bytes, start))`" }
            // Attributes: name, or name="value" (cmark escapes quotes inside values).
            while true {
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                guard index < bytes.count else { return "unclosed tag `\(excerpt(bytes, start))`" }
                if bytes[index] == UInt8(ascii: ">") { index += 1; break }
                if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") { index += 2; break }
                let attribute = word(bytes, &index)
                guard attributes.contains(attribute) else { return "attribute `\(attribute)` in `\(excerpt(bytes, start))`" }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
                index += 1
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return "unquoted value in `\(excerpt(bytes, start))`" }
                index += 1
                let valueStart = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
                guard index < bytes.count else { return "unclosed value in `\(excerpt(bytes, start))`" }
                let value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                index += 1
                if value.utf8.contains(UInt8(ascii: "<")) || value.utf8.contains(UInt8(ascii: ">")) { return "markup inside an attribute: `\(excerpt(bytes, start))`" }
                if attribute == "href" || attribute == "src", let unsafe = unsafeLink(value) {
                    return "\(attribute) `\(unsafe)` in `\(excerpt(bytes, start))`"
                }
            }
        }
        return nil
    }

    /// The link as a browser would read its scheme, when that scheme is not allowed.
    static func unsafeLink(_ value: String) -> String? {
        // Browsers drop tabs and newlines anywhere and leading controls and spaces before reading the scheme.
        let scalars = decodeEntities(value).unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }.drop { $0.value <= 0x20 }
        let link = String(String.UnicodeScalarView(scalars))
        if link.hasPrefix("//") || link.hasPrefix("\\") || link.hasPrefix("/\\") { return link }
        guard let colon = scalars.firstIndex(of: ":") else { return nil }
        let scheme = scalars[..<colon]
        guard let first = scheme.first, first.isASCII, first.properties.isAlphabetic,
              scheme.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
        else { return nil }
        return schemes.contains(String(String.UnicodeScalarView(scheme)).lowercased()) ? nil : link
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;` and numeric references: what cmark writes. Works on
    /// scalars: a combining mark after `;` must not hide the reference.
    public static func decodeEntities(_ text: String) -> String {
        guard text.unicodeScalars.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&", let semicolon = scalars[index...].prefix(12).firstIndex(of: ";") else {
                out.append(scalars[index])
                index += 1
                continue
            }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))
            var replacement: Unicode.Scalar?
            switch name {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16) {
                    replacement = Unicode.Scalar(value)
                } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()) {
                    replacement = Unicode.Scalar(value)
                }
            }
            if let replacement {
                out.append(replacement)
                index = semicolon + 1
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    private static func word(_ bytes: [UInt8], _ index: inout Int) -> String {
        let start = index
        while index < bytes.count, bytes[index] < 0x80,
              Character(Unicode.Scalar(bytes[index])).isLetter || Character(Unicode.Scalar(bytes[index])).isNumber || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
    }

    private static func excerpt(_ bytes: [UInt8], _ start: Int) -> String {
        String(decoding: bytes[start..<min(bytes.count, start + 80)], as: UTF8.self)
    }
}
