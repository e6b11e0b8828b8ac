import Foundation

/// The headline among the lines a page puts above its article: breadcrumbs,
/// section labels, the headline repeated by share bars and social cards.
enum Headline {
    /// Takes the headline out of `body` and moves the furniture around it to `removed`.
    static func find(in body: inout [SourceCleaner.Line], removed: inout [RemovedLine]) -> (text: String, line: Int)? {
        // The top of the page: everything before the first line that reads like prose.
        let firstProse = body.firstIndex { isProse($0.text) } ?? body.count
        let top = body[..<firstProse].indices.filter { !body[$0].text.isEmpty }
        guard !top.isEmpty else { return nil }

        var counts: [String: Int] = [:]
        for index in top { counts[key(body[index].text), default: 0] += 1 }
        // The most repeated line wins (share cards repeat the headline); ties go to the first.
        var best = top[0]
        for index in top where counts[key(body[index].text)]! > counts[key(body[best].text)]! { best = index }
        if isListItem(body[best].text) || counts[key(body[best].text)] == 1 && key(body[best].text).split(separator: " ").count < 3,
           let alternative = top.first(where: { !isListItem(body[$0].text) && key(body[$0].text).split(separator: " ").count >= 3
               && !body[$0].text.hasSuffix(".") }) {
            best = alternative
        }
        // A breadcrumb trail ends with the headline it leads to: "Home › World › Talks resume" → "Talks resume".
        let bestKey = key(body[best].text)
        if let shorter = top.first(where: { key(body[$0].text) != bestKey && bestKey.hasSuffix(" " + key(body[$0].text)) && key(body[$0].text).split(separator: " ").count >= 3 }) {
            best = shorter
        }
        let headline = body[best]
        let headlineKey = key(headline.text)
        let lastRepeat = top.last { key(body[$0].text) == headlineKey } ?? best

        var drop: Set<Int> = [best]
        for index in top where index != best {
            let line = body[index]
            let lineKey = key(line.text)
            let reason: RemovedLine.Reason?
            if lineKey == headlineKey {
                reason = .duplicateHeadline
            } else if lineKey.hasSuffix(" " + headlineKey) {
                reason = .navigation  // a breadcrumb trail ending in the headline
            } else if similarity(lineKey, headlineKey) >= 0.5 {
                reason = .duplicateHeadline  // the headline reworded (a share card, an SEO title)
            } else if index < lastRepeat && isLabel(line.text) {
                reason = .navigation  // a section label between the headline's repeats
            } else if isListItem(line.text) && isLabel(String(line.text.dropFirst())) {
                reason = .navigation  // a menu
            } else {
                reason = nil
            }
            if let reason {
                removed.append(RemovedLine(line: line.number, text: line.text, reason: reason))
                drop.insert(index)
            }
        }
        body = body.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        return (headline.text, headline.number)
    }

    static func isProse(_ text: String) -> Bool {
        text.split(separator: " ").count >= 20
    }

    static func isListItem(_ text: String) -> Bool {
        ParagraphBuilder.bullet(of: text) != nil
    }

    /// A short line without sentence punctuation: "World News", "Opinion".
    static func isLabel(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespace()
        let words = trimmed.split(separator: " ")
        return words.count <= 6 && !ParagraphBuilder.endsSentence(trimmed)
    }

    /// Lowercase words only: emoji, flags and punctuation do not tell two headlines apart.
    static func key(_ text: String) -> String {
        // An ASCII line (most are) is keyed on its bytes: letters and digits are what
        // `alphanumerics` holds among them, and every other byte separates words.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var key: [UInt8] = []
            key.reserveCapacity(text.utf8.count)
            var separated = false
            for byte in text.utf8 {
                guard byte.isASCIIAlphanumeric else { separated = true; continue }
                if separated && !key.isEmpty { key.append(UInt8(ascii: " ")) }
                separated = false
                key.append(byte.asciiLowercased)
            }
            return String(decoding: key, as: UTF8.self)
        }
        return keyCharacters(text)
    }

    /// `key` for any text, scalar by scalar.
    static func keyCharacters(_ text: String) -> String {
        let kept = text.lowercased().unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) ? Character(scalar) : " "
        }
        return String(kept).split(separator: " ").joined(separator: " ")
    }

    /// Share of words in common (Jaccard), for headlines rewritten between share card and page.
    static func similarity(_ a: String, _ b: String) -> Double {
        let left = Set(a.split(separator: " ")), right = Set(b.split(separator: " "))
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        return Double(left.intersection(right).count) / Double(left.union(right).count)
    }
}
