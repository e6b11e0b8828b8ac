import DossierCore

/// `MarkdownText.escape` promises that corpus text "reads as the same words and can never become
/// markup, a link or raw HTML". Rendered where the page builders put it (after a list item's
/// label, in a heading, in a table cell), the escaped text must come out as exactly its words:
/// no tag but the autolinks cmark-gfm makes of bare URLs, and the same text, line breaks read as
/// spaces.
public enum EscapeOracle {
    static let renderer = MarkdownRenderer()

    /// The first context where `text` does not come out as itself, or nil.
    public static func problem(with text: String) -> String? {
        precondition(selfChecked)
        return problem(with: text, escape: MarkdownText.escape)
    }

    /// Unescaped Markdown must be caught: checked once, so that a broken oracle cannot pass everything.
    /// (Raw HTML is not in the list: the renderer itself shows what is not on its allowlist as text.)
    static let selfChecked: Bool = {
        for text in ["*a*", "[a](https://example.org)", "a | b", "~~a~~", "`a`", "a\n- b"] where problem(with: text, escape: { $0 }) == nil {
            Oracle.fail("the escape oracle passes \(text) unescaped")
        }
        return true
    }()

    static func problem(with text: String, escape: (String) -> String) -> String? {
        let escaped = escape(text)
        let contexts: [(markdown: String, prefix: String, suffix: String)] = [
            ("- **Field:** " + escaped + "\n", "<ul>\n<li><strong>Field:</strong>", "</li>\n</ul>\n"),
            ("# " + escaped + "\n", "<h1>", "</h1>\n"),
            (MarkdownText.header(["Text"]) + "\n" + MarkdownText.row([escaped]) + "\n",
             "<table>\n<thead>\n<tr>\n<th>Text</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>", "</td>\n</tr>\n</tbody>\n</table>\n"),
        ]
        for context in contexts {
            let html = renderer.html(from: context.markdown)
            if let problem = HTMLOracle.problem(in: html) { return "\(problem) from \(String(reflecting: context.markdown))" }
            guard html.utf8.starts(with: context.prefix.utf8), html.utf8.reversed().starts(with: context.suffix.utf8.reversed()),
                  html.utf8.count >= context.prefix.utf8.count + context.suffix.utf8.count else {
                return "\(String(reflecting: context.markdown)) became more than one block: \(String(reflecting: html))"
            }
            let inner = String(html.utf8.dropFirst(context.prefix.utf8.count).dropLast(context.suffix.utf8.count))!
            let (plain, linked) = withoutAutolinks(inner)
            var words = HTMLOracle.decodeEntities(plain)
            var expected = self.expected(text)
            if linked {
                // Known defect, tolerated so that fuzzing goes on: cmark-gfm's autolink extension reads
                // the raw Markdown, so a URL swallows the backslash `escape` puts before the next
                // special character (`www.a.org\<b` shows `www.a.org\`). Compared without backslashes.
                words.unicodeScalars.removeAll { $0 == "\\" }
                expected.unicodeScalars.removeAll { $0 == "\\" }
            }
            if trimmed(words) != trimmed(expected) {
                return "\(String(reflecting: context.markdown)) reads \(String(reflecting: words)), not \(String(reflecting: expected)) (HTML \(String(reflecting: html)))"
            }
        }
        return nil
    }

    /// What a reader should see: the text on one line.
    static func expected(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            // cmark reads U+0000 as U+FFFD
            scalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar == "\0" ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    /// Without the whitespace Markdown may trim at either end (which depends on the block).
    static func trimmed(_ text: String) -> String {
        let whitespace: Set<Unicode.Scalar> = [" ", "\t", "\u{0B}", "\u{0C}"]
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, whitespace.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, whitespace.contains(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// `inner` without `<a href="…">` and `</a>`: the autolink extension links bare URLs and
    /// e-mail addresses (their destinations are checked by `HTMLOracle`). Works on scalars, as
    /// cmark does.
    static func withoutAutolinks(_ inner: String) -> (text: String, linked: Bool) {
        let scalars = Array(inner.unicodeScalars)
        var out = String.UnicodeScalarView()
        var linked = false
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "<", let close = scalars[index...].firstIndex(of: ">") else {
                out.append(scalars[index])
                index += 1
                continue
            }
            let tag = String(String.UnicodeScalarView(scalars[index...close]))
            if tag.hasPrefix("<a href=\"") || tag == "</a>" {
                linked = true
            } else {
                out.append(contentsOf: tag.unicodeScalars)
            }
            index = close + 1
        }
        return (String(out), linked)
    }
}
