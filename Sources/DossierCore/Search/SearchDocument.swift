/// One page as the search index sees it: small, Codable (it is cached on disk between builds),
/// built per page in parallel (`SearchIndex.document(for:)`).
public struct SearchDocument: Sendable, Equatable {
    /// The page's path without extension, e.g. `sources/some-slug` (the HTML page is path + `.html`).
    public var path: String
    public var title: String
    /// `MarkdownPage.Kind`'s raw value.
    public var kind: String
    /// The start of the page's plain text (after its title), about 200 characters.
    public var excerpt: String
    /// Each distinct term of the page's text (see `SearchTerms`) with how often it occurs,
    /// packed: `term` or `term:count` (when more than once), separated by spaces, in order of
    /// first appearance. Packed because a large dossier has millions of them: one string per
    /// page is cheap to cache, to compare and to read back, where a dictionary is not.
    /// (The index takes the title's terms from `title`.)
    public var terms: String

    public init(path: String, title: String, kind: String, excerpt: String, terms: String) {
        self.path = path
        self.title = title
        self.kind = kind
        self.excerpt = excerpt
        self.terms = terms
    }

    /// `terms` unpacked.
    public var termCounts: [String: Int] {
        var counts: [String: Int] = [:]
        forEachTerm { term, count in counts[String(decoding: term, as: UTF8.self)] = count }
        return counts
    }

    /// The page's length in terms: the sum of the counts.
    var length: Int {
        var total = 0
        forEachTerm { _, count in total += count }
        return total
    }

    /// Calls `body` with each term's bytes and count.
    @inline(__always) func forEachTerm(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        var packed = terms
        packed.withUTF8 { p in
            let n = p.count
            var i = 0
            while i < n {
                let start = i
                while i < n && p[i] != 0x20 && p[i] != UInt8(ascii: ":") { i += 1 }
                let end = i
                var count = 1
                if i < n && p[i] == UInt8(ascii: ":") {
                    count = 0
                    i += 1
                    while i < n && p[i] != 0x20 {
                        count = count * 10 + Int(p[i] &- 0x30)
                        i += 1
                    }
                }
                i += 1
                if end > start { body(UnsafeBufferPointer(rebasing: p[start..<end]), count) }
            }
        }
    }

    /// Packs the terms of `table`, whose values are counts.
    static func pack(_ table: TermTable) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(table.count * 10)
        for id in 0..<table.count {
            if id > 0 { out.append(0x20) }
            out.append(contentsOf: table.term(id))
            let count = Int(table.values[id])
            if count > 1 {
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: String(count).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The plain text at the start of a page's Markdown, for a search result: headings (the
/// title is shown apart), tables, block markers, emphasis, tags and link destinations left out;
/// paragraphs and list items joined with " · " (a space after a sentence's end).
enum SearchExcerpt {
    static func excerpt(of markdown: String, limit: Int = 200) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(limit * 2)
        var characters = 0
        var pendingSpace = false
        var blockBreak = false
        var markdown = markdown
        markdown.withUTF8 { utf8 in
            guard let p = utf8.baseAddress else { return }
            let n = utf8.count
            var lineStart = 0
            lines: while lineStart < n && characters <= limit {
                var lineEnd = lineStart
                while lineEnd < n && p[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                var i = lineStart
                while i < lineEnd && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
                // Headings (the title first) and tables are structure: the text is what is between.
                if i < lineEnd && (p[i] == UInt8(ascii: "#") || p[i] == UInt8(ascii: "|")) || isRule(p, from: i, to: lineEnd) {
                    blockBreak = true
                    continue
                }
                let text = afterBlockMarkers(p, from: i, to: lineEnd)
                if text != i { blockBreak = true }  // a list item or a quotation
                i = text
                pendingSpace = !out.isEmpty
                if pendingSpace && blockBreak, let last = out.last, ![UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ";")].contains(last) {
                    out += [0x20, 0xC2, 0xB7]  // " ·", then the pending space
                    characters += 2
                }
                blockBreak = false
                while i < lineEnd {
                    let byte = p[i]
                    switch byte {
                    case UInt8(ascii: "\\") where i + 1 < lineEnd && p[i + 1] < 0x80 && !isAlphanumeric(p[i + 1]):
                        i += 1  // the escaped character is text
                    case UInt8(ascii: "<") where i + 1 < lineEnd && TermScanner.startsTag(p[i + 1]):
                        let next = TermScanner.skipTag(p, lineEnd, from: i + 1)
                        if next != i + 1 { i = next; continue }
                    case UInt8(ascii: "]") where i + 1 < lineEnd && p[i + 1] == UInt8(ascii: "("):
                        let next = TermScanner.skipDestination(p, lineEnd, from: i + 1)
                        i = next == i + 1 ? i + 1 : next
                        continue
                    case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]"):
                        i += 1
                        continue
                    case UInt8(ascii: "!") where i + 1 < lineEnd && p[i + 1] == UInt8(ascii: "["):  // an image: its alt text stays
                        i += 1
                        continue
                    case UInt8(ascii: "|"), 0x20, 0x09, 0x0D:
                        pendingSpace = !out.isEmpty
                        i += 1
                        continue
                    default:
                        break
                    }
                    if pendingSpace {
                        out.append(0x20)
                        characters += 1
                        pendingSpace = false
                    }
                    out.append(p[i])
                    if p[i] & 0xC0 != 0x80 { characters += 1 }
                    i += 1
                    if characters > limit {
                        while i < lineEnd && p[i] & 0xC0 == 0x80 {  // finish the character
                            out.append(p[i])
                            i += 1
                        }
                        break lines
                    }
                }
            }
        }
        guard characters > limit else { return String(decoding: out, as: UTF8.self) }
        // Cut at the last space and say so.
        if let space = out.lastIndex(of: 0x20), space > out.count / 2 { out.removeSubrange(space...) }
        while let last = out.last, (last < 0x80 && !isAlphanumeric(last)) || out.suffix(2).elementsEqual([0xC2, 0xB7]) {
            out.removeLast(last == 0xB7 ? 2 : 1)
        }
        return String(decoding: out, as: UTF8.self) + "…"
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// A thematic break (`---`) or an empty line: nothing to read.
    private static func isRule(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard start < end else { return true }
        for k in start..<end where ![UInt8(ascii: "|"), UInt8(ascii: "-"), UInt8(ascii: ":"), 0x20, 0x09, 0x0D].contains(p[k]) { return false }
        return true
    }

    /// Past `#`s, `>`, list bullets and `1.` at the start of a line.
    private static func afterBlockMarkers(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while i < end {
            var k = i
            switch p[k] {
            case UInt8(ascii: "#"):
                while k < end && p[k] == UInt8(ascii: "#") { k += 1 }
            case UInt8(ascii: ">"):
                k += 1
            case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                k += 1
                guard k < end && p[k] == 0x20 else { return i }
            case 0x30...0x39:
                while k < end && p[k] >= 0x30 && p[k] <= 0x39 { k += 1 }
                guard k + 1 < end && (p[k] == UInt8(ascii: ".") || p[k] == UInt8(ascii: ")")) && p[k + 1] == 0x20 else { return i }
                k += 1
            default:
                return i
            }
            while k < end && p[k] == 0x20 { k += 1 }
            if k == i { return i }
            i = k
        }
        return i
    }
}
