/// Corpus text made safe to place in Markdown: it reads as the same words and
/// can never become markup, a link or raw HTML.
public enum MarkdownText {
    /// Characters that start Markdown or HTML syntax anywhere in a line.
    private static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "#", "!", "|", "~", "&", "$", "{", "}"]

    /// Escapes `text` for use inline (in a paragraph, list item, heading or table cell).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count + 8)
        var atStart = true
        for character in text {
            if character == "\n" || character == "\r" {
                out.append(" ")
                continue
            }
            if special.contains(character) {
                out.append("\\")
            } else if atStart && (character == "-" || character == "+" || character == "=") {
                out.append("\\")  // would start a list item or a setext heading underline
            }
            out.append(character)
            atStart = false
        }
        // "1. text" or "1) text" at the start would become an ordered list.
        if let dot = out.firstIndex(where: { !$0.isNumber }), dot != out.startIndex, out[dot] == "." || out[dot] == ")" {
            out.insert("\\", at: dot)
        }
        return out
    }

    /// A Markdown link whose label is escaped corpus text.
    public static func link(_ label: String, to destination: String) -> String {
        "[\(escape(label))](\(destination))"
    }

    /// A paragraph anchor that survives into the HTML page (`#p-12`).
    public static func anchor(_ id: String) -> String {
        "<a id=\"\(id)\"></a>"
    }

    /// Escaped text with the first occurrence of each phrase turned into a link.
    /// Longer phrases win over shorter ones they contain ("Jane Roe" over "Roe").
    public static func linking(_ text: String, phrases: [(phrase: String, destination: String)]) -> String {
        var taken: [(range: Range<String.Index>, destination: String)] = []
        for (phrase, destination) in phrases.sorted(by: { ($0.phrase.count, $1.phrase) > ($1.phrase.count, $0.phrase) }) where !phrase.isEmpty {
            guard !taken.contains(where: { $0.destination == destination }) else { continue }
            var search = text.startIndex..<text.endIndex
            while let found = text.range(of: phrase, range: search) {
                let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
                let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
                let bounded = !(before?.isLetter ?? false) && !(after?.isLetter ?? false)
                if bounded && !taken.contains(where: { $0.range.overlaps(found) }) {
                    taken.append((found, destination))
                    break
                }
                search = found.upperBound..<text.endIndex
            }
        }
        taken.sort { $0.range.lowerBound < $1.range.lowerBound }
        var out = ""
        var cursor = text.startIndex
        for item in taken {
            out += escapeFragment(text[cursor..<item.range.lowerBound], atStart: cursor == text.startIndex)
            out += "[\(escapeFragment(text[item.range], atStart: false))](\(item.destination))"
            cursor = item.range.upperBound
        }
        out += escapeFragment(text[cursor...], atStart: cursor == text.startIndex)
        return out
    }

    private static func escapeFragment(_ fragment: Substring, atStart: Bool) -> String {
        let escaped = escape(String(fragment))
        // `escape` treats its input as a line start; inside a line a leading "-" needs no escape.
        if !atStart, escaped.hasPrefix("\\-") || escaped.hasPrefix("\\+") || escaped.hasPrefix("\\=") {
            return String(escaped.dropFirst())
        }
        return escaped
    }

    /// A table row of already-escaped cells.
    public static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |"
    }

    /// A table header row and its delimiter row; `true` in `numeric` right-aligns a column.
    public static func header(_ cells: [String], numeric: [Bool] = []) -> String {
        let rule = cells.indices.map { index in index < numeric.count && numeric[index] ? "---:" : "---" }
        return row(cells) + "\n" + "|" + rule.joined(separator: "|") + "|"
    }

    /// "1 source", "3 sources".
    public static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(value) " + (value == 1 ? noun : plural ?? noun + "s")
    }
}
