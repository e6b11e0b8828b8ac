import Foundation
import Yams

/// Splits a raw source into article body, removed page junk and reader comments.
public struct SourceCleaner: Sendable {
    public init() {}

    struct Line {
        var number: Int
        var text: String
        var indented: Bool
    }

    public func clean(_ source: RawSource) -> CleanSource {
        var removed: [RemovedLine] = []
        var stated: [String: String] = [:]
        var lines: [Line]
        if source.format == .html {
            // An HTML page is read by an HTML parser into one line per block; line numbers count those lines.
            // Menus, sidebars and footers it set aside are kept as removed navigation.
            let page = HTMLSource(html: source.text)
            stated = page.stated
            // A page's <title> often carries the site's name; the headline in the page wins over it.
            stated["page-title"] = stated.removeValue(forKey: "title")
            removed = page.furniture.map { RemovedLine(line: 0, text: $0, reason: .navigation) }
            lines = Self.lines(of: page.text)
        } else {
            lines = Self.lines(of: source.text)
        }
        if source.format == .markdown {
            lines = stripFrontMatter(lines, stated: &stated, removed: &removed)
        }

        // Comments: from a comment-section header to the end of the file.
        var comments: [Comment] = []
        var commentStart = lines.firstIndex { CommentSection.isHeader($0.text) } ?? lines.count
        if commentStart < lines.count {
            removed.append(RemovedLine(line: lines[commentStart].number, text: lines[commentStart].text, reason: .commentWidget))
            let split = CommentSection.split(Array(lines[(commentStart + 1)...]))
            comments = split.comments
            removed += split.removed
        }
        var articleLines = Array(lines[..<commentStart])
        // A thread whose first entry is the article it discusses (a link post): the
        // first comment is the body when the page has no article of its own.
        if Self.hasFewerWords(than: 60, articleLines), let first = comments.first, first.text.split(separator: " ").count >= 150 {
            comments.removeFirst()
            stated["thread"] = "the article is the first entry of a thread of \(comments.count + 1)"
            articleLines += CommentSection.lines(of: first)
            commentStart = lines.count
        }

        // Junk wherever it stands.
        var body: [Line] = []
        for line in articleLines {
            if line.text.isEmpty {
                body.append(line)
            } else if let reason = JunkLines.reason(for: line.text) {
                removed.append(RemovedLine(line: line.number, text: line.text, reason: reason))
            } else if let fact = StatedFacts.metadataLine(line.text) {
                stated.merge(fact.facts) { old, _ in old }
                if let rest = fact.remainder {
                    body.append(Line(number: line.number, text: rest, indented: line.indented))
                } else {
                    removed.append(RemovedLine(line: line.number, text: line.text, reason: .metadata))
                }
            } else {
                body.append(line)
            }
        }

        let headline = Headline.find(in: &body, removed: &removed)
        Trailer.strip(&body, removed: &removed)
        removed.sort { $0.line < $1.line }
        return CleanSource(id: source.id, file: source.file, headline: headline?.text, headlineLine: headline?.line, stated: stated,
                           paragraphs: ParagraphBuilder.paragraphs(from: body), removed: removed, comments: comments)
    }

    /// Non-blank lines with their 1-based numbers; non-breaking and zero-width spaces normalised.
    static func lines(of text: String) -> [Line] {
        var result: [Line] = []
        var number = 0
        // Split on the newline byte, not on characters: a line feed is always a character of its
        // own, except right after a carriage return ("\r\n" is one character), which decoding
        // removes but an HTML character reference can bring back.
        let raws: [Substring] = text.utf8.contains(0x0D)
            ? text.split(separator: "\n", omittingEmptySubsequences: false)
            : text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        for raw in raws {
            number += 1
            var line = String(raw)
            if line.contains("\u{00A0}") || line.contains("\u{200B}") || line.contains("\u{FEFF}") {
                line = line.replacingOccurrences(of: "\u{00A0}", with: " ")
                    .replacingOccurrences(of: "\u{200B}", with: "")
                    .replacingOccurrences(of: "\u{FEFF}", with: "")
            }
            let indented = line.hasPrefix("  ") || line.hasPrefix("\t")
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty {
                // Blank lines matter for paragraph breaks: keep them as empty markers.
                result.append(Line(number: number, text: "", indented: false))
            } else {
                result.append(Line(number: number, text: trimmed, indented: indented))
            }
        }
        return Self.collapseBlanks(result)
    }

    private static func collapseBlanks(_ lines: [Line]) -> [Line] {
        var out: [Line] = []
        for line in lines where !(line.text.isEmpty && (out.last?.text.isEmpty ?? true)) {
            out.append(line)
        }
        while out.last?.text.isEmpty == true { out.removeLast() }
        return out
    }

    /// Whether the lines hold fewer than `limit` words, counting no further than that.
    static func hasFewerWords(than limit: Int, _ lines: [Line]) -> Bool {
        var count = 0
        for line in lines {
            count += line.text.split(separator: " ", maxSplits: limit).count
            if count >= limit { return false }
        }
        return true
    }

    /// `---` YAML front matter at the top of a Markdown source: its keys are what
    /// the file states about itself, its lines are kept as removed `front-matter`.
    private func stripFrontMatter(_ lines: [Line], stated: inout [String: String], removed: inout [RemovedLine]) -> [Line] {
        guard let first = lines.first, first.number == 1, first.text == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.text == "---" || $0.text == "..." }) else { return lines }
        let yaml = lines[1..<end].map(\.text).joined(separator: "\n")
        if let mapping = (try? Yams.compose(yaml: yaml))??.mapping {
            for (key, value) in mapping {
                if let key = key.string, let value = value.string { stated[key.lowercased()] = value }
            }
        }
        removed += lines[...end].filter { !$0.text.isEmpty }.map { RemovedLine(line: $0.number, text: $0.text, reason: .frontMatter) }
        return Array(lines[(end + 1)...])
    }
}
