import Foundation

/// Title, date, outlet and author: what the page states, nothing invented.
struct MetadataExtractor: Sendable {
    struct Metadata {
        var title: String
        var published: String?
        var outlet: String?
        var author: String?
    }

    func metadata(of source: CleanSource) -> Metadata {
        let title = source.stated["title"] ?? source.headline ?? source.stated["page-title"]
            ?? source.paragraphs.first.map { String($0.text.prefix(120)) } ?? source.id
        let published = (source.stated["published"] ?? source.stated["date"]).flatMap(DateExtractor.normalise)
        let lines = source.removed.map(\.text) + source.paragraphs.prefix(3).map(\.text) + source.paragraphs.suffix(3).map(\.text)
        let outlet = source.stated["outlet"] ?? source.stated["source"] ?? source.stated["publisher"] ?? source.stated["site"]
            ?? lines.lazy.compactMap(Self.statedOutlet).first
        let author = source.stated["author"] ?? source.stated["by"]
            ?? lines.lazy.compactMap(Self.statedAuthor).first
            ?? Self.profileAuthor(source)
        return Metadata(title: title, published: published, outlet: outlet, author: author)
    }

    /// "authored by Jane Roe", "written by Jane Roe", "More articles by Jane Roe".
    static func statedAuthor(_ line: String) -> String? {
        // Every line is asked: a byte search in its ASCII-lowercased copy rules most out
        // before the case-insensitive search that finds where the marker is.
        let lower = line.asciiLowercased()
        for marker in ["authored by ", "written by ", "more articles by ", "words by ", "reporting by "] where lower.contains(marker) {
            if let name = name(after: marker, in: line), name.split(separator: " ").count >= 2 { return name }
        }
        return nil
    }

    /// "support The Daily Example on Patreon", "… are solely those of The Daily Example.",
    /// "originally published on The Daily Example".
    static func statedOutlet(_ line: String) -> String? {
        let lower = line.lowercased()
        if lower.contains("patreon") || lower.contains("donate"), let name = name(after: "support ", in: line) { return name }
        if JunkLines.isDisclaimer(lower), let range = lower.range(of: "those of ", options: .backwards) {
            let rest = String(line[range.upperBound...])
            if !rest.lowercased().hasPrefix("the author"), let name = name(after: "", in: rest) { return name }
        }
        for marker in ["originally published on ", "originally published in ", "originally published by ", "first appeared on ", "first appeared in "]
        where lower.contains(marker) {
            if let name = name(after: marker, in: line) { return name }
        }
        return nil
    }

    /// A social post's author: the name on the profile card right after the post.
    static func profileAuthor(_ source: CleanSource) -> String? {
        guard source.removed.contains(where: { JunkLines.isHashtagLine($0.text) || JunkLines.isRelativeTimestamp($0.text) }) else { return nil }
        let lastBody = source.paragraphs.last?.line ?? 0
        return source.removed.first { line in
            line.line > lastBody && line.reason == .profile && looksLikeName(line.text)
        }?.text
    }

    /// The run of capitalised words right after `marker` (case-insensitive), up to four, stopping at punctuation.
    static func name(after marker: String, in line: String) -> String? {
        guard let range = marker.isEmpty ? line.startIndex..<line.startIndex : line.range(of: marker, options: .caseInsensitive) else { return nil }
        var words: [String] = []
        for raw in line[range.upperBound...].split(separator: " ") {
            var word = String(raw)
            let stops = word.last.map { ",.;:!?…)".contains($0) } ?? false
            word = word.trimmingCharacters(in: CharacterSet(charactersIn: ",.;:!?…()\"“”"))
            guard let first = word.first, first.isUppercase || (!words.isEmpty && ["of", "de", "the", "for", "and"].contains(word)) else { break }
            words.append(word)
            if stops || words.count == 5 { break }
        }
        while let last = words.last, last.first?.isLowercase == true { words.removeLast() }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// Two to four capitalised words with no digits: "Jane Q. Roe".
    static func looksLikeName(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        return (2...4).contains(words.count) && words.allSatisfy { $0.first?.isUppercase == true && !$0.contains(where: \.isNumber) }
    }
}
