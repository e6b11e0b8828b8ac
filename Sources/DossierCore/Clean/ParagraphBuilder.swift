/// Body lines → paragraphs, headings and list items.
enum ParagraphBuilder {
    static let bullets: Set<Character> = ["•", "·", "▪", "◦", "‣", "-", "*", "–", "—", "●", "■"]

    /// The text after a leading bullet, or nil when the line is not a list item.
    static func bullet(of text: String) -> String? {
        guard let first = text.first, bullets.contains(first), text.dropFirst().first == " " else { return nil }
        return String(text.dropFirst(2)).trimmingWhitespace()
    }

    static func endsSentence(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        return ".!?:;,\"”’)…]".contains(last)
    }

    /// "… said they would meet with": a line ending on a word that cannot end a sentence runs on.
    static func endsMidPhrase(_ text: String) -> Bool {
        // The last word, found from the end: a paragraph grows line by line and is asked again each time.
        let word: Substring?
        if let space = text.lastIndex(of: " "), text.index(after: space) < text.endIndex {
            word = text[text.index(after: space)...]
        } else {
            word = text.split(separator: " ").last
        }
        guard let last = word?.lowercased() else { return false }
        return ["with", "the", "of", "to", "and", "a", "an", "for", "in", "on", "at", "by", "from", "that", "or", "but", "as", "into", "his", "her", "their", "its"].contains(last)
    }

    static func paragraphs(from lines: [SourceCleaner.Line]) -> [Paragraph] {
        var result: [Paragraph] = []
        var previousInBlock: SourceCleaner.Line?
        for line in lines {
            if line.text.isEmpty { previousInBlock = nil; continue }
            if let previous = previousInBlock, let last = result.last, last.kind != .heading, bullet(of: line.text) == nil,
               !endsSentence(previous.text), line.text.first?.isLowercase == true || endsMidPhrase(previous.text) {
                // A hard-wrapped line continues the paragraph above it.
                result[result.count - 1].text += " " + line.text
            } else if let item = bullet(of: line.text) {
                result.append(Paragraph(number: result.count + 1, kind: .listItem, text: item, line: line.number))
            } else {
                result.append(Paragraph(number: result.count + 1, kind: .text, text: line.text, line: line.number))
            }
            previousInBlock = line
        }
        // A short unpunctuated line followed by more text is a heading.
        for index in result.indices where result[index].kind == .text && index + 1 < result.count {
            let text = result[index].text
            // Counted no further than fifteen words: any count past fourteen answers the same.
            if text.split(separator: " ", maxSplits: 14).count <= 14 && !endsSentence(text) && (text.first?.isUppercase == true || text.first?.isNumber == true) {
                result[index].kind = .heading
            }
        }
        return result
    }
}
