import Foundation

/// Genre and reliability flags, each with the words of the source that decided it.
struct ReliabilityRules: Sendable {
    let gazetteer: Gazetteer

    func flags(for source: CleanSource, raw: RawSource) -> [ReliabilityFlag] {
        var flags: [ReliabilityFlag] = []
        func add(_ kind: ReliabilityFlag.Kind, _ evidence: String) {
            if !flags.contains(where: { $0.flag == kind }) { flags.append(ReliabilityFlag(kind, evidence: evidence)) }
        }
        if let first = source.comments.first {
            add(.readerComments, "\(source.comments.count) reader comment\(source.comments.count == 1 ? "" : "s"), the first: “\(Self.excerpt(first.text))”")
        }
        let allLines = source.removed.map(\.text) + source.paragraphs.map(\.text)
        for line in allLines {
            let lower = line.lowercased()
            if ["read the rest", "continue reading", "read the full", "read the original", "click here to read"].contains(where: lower.contains) {
                add(.truncated, line)
            }
            if lower.hasPrefix("submitted by") || lower.contains("originally published") || lower.contains("republished")
                || lower.hasPrefix("sponsored") || lower.contains("paid content") || lower.contains("partner content") {
                add(.sponsoredOrSyndicated, Self.excerpt(line))
            }
            if JunkLines.isDonationAppeal(lower) || JunkLines.isDisclaimer(lower) {
                add(.advocacySource, Self.excerpt(line))
            }
        }
        if let tags = source.removed.first(where: { JunkLines.isHashtagLine($0.text) }) {
            add(.socialMedia, tags.text)
        } else if let stamp = source.removed.first(where: { JunkLines.isRelativeTimestamp($0.text) }) {
            add(.socialMedia, "profile age stamp “\(stamp.text)”")
        }
        if let evidence = spinningEvidence(source) { add(.machineSpunText, evidence) }
        // Only damage counts: text decoded from UTF-16 is intact.
        if let note = raw.decodingNotes.first(where: { $0.contains("invalid") }) { add(.invalidText, note) }
        return flags
    }

    /// A synonym-swapping spinner breaks fixed expressions ("firsthand revel in" for "first-hand
    /// experience") and often leaves the page's headline in two wordings. Several broken
    /// expressions, or one and a reworded headline, raise the flag.
    func spinningEvidence(_ source: CleanSource) -> String? {
        // One pass over the words: each spun phrase is looked up where its first word occurs.
        // Split on the bytes and lowercased word by word: most words are ASCII, for which
        // lowercasing is a byte map, and plain letters, which need no trimming.
        let words = source.paragraphs.flatMap { paragraph in
            Substring(paragraph.text).utf8.split(separator: UInt8(ascii: " ")).map { bytes in
                let word = Substring(bytes)
                let lower = bytes.allSatisfy { $0 < 0x80 } ? String(decoding: bytes.asciiLowercased(), as: UTF8.self) : word.lowercased()
                return bytes.first?.isASCIIAlphanumeric == true && bytes.last?.isASCIIAlphanumeric == true
                    ? lower : lower.trimmingPunctuation()
            }
        }
        let phrases = gazetteer.spunPhrases.map { $0.phrase.split(separator: " ").map(String.init) }
        var phrasesByHead: [String: [Int]] = [:]
        for (number, phrase) in phrases.enumerated() {
            if let head = phrase.first { phrasesByHead[head, default: []].append(number) }
        }
        var found = Set<Int>()
        for (start, word) in words.enumerated() {
            for number in phrasesByHead[word] ?? [] where !found.contains(number) {
                let phrase = phrases[number]
                if start + phrase.count <= words.count && words[start..<(start + phrase.count)].elementsEqual(phrase) { found.insert(number) }
            }
        }
        let hits = gazetteer.spunPhrases.indices.filter(found.contains).map { gazetteer.spunPhrases[$0] }
        var reworded: String?
        if let headline = source.headline {
            let key = Headline.key(headline)
            reworded = source.removed.first { line in
                guard line.reason == .duplicateHeadline else { return false }
                let other = Headline.key(line.text)
                let similarity = Headline.similarity(key, other)
                return other != key && similarity >= 0.5 && similarity < 1
            }?.text
        }
        guard hits.count >= 2 || hits.count >= 1 && reworded != nil else { return nil }
        var parts = hits.prefix(4).map { "“\($0.phrase)” for “\($0.original)”" }
        if let reworded { parts.append("the headline reworded as “\(reworded)”") }
        return parts.joined(separator: "; ")
    }

    func genre(for source: CleanSource, flags: [ReliabilityFlag]) -> (Genre, String) {
        // Words split on the bytes: every body word passes through here.
        let words = source.paragraphs.flatMap { $0.text.utf8.split(separator: UInt8(ascii: " ")) }
        let bodyWords = words.count
        let commentWords = source.comments.reduce(0) { $0 + $1.text.utf8.split(separator: UInt8(ascii: " ")).count }
        if let thread = source.stated["thread"] {
            return (.commentThread, thread)
        }
        if commentWords > bodyWords {
            return (.commentThread, "\(source.comments.count) comments, longer than the article itself")
        }
        if let social = flags.first(where: { $0.flag == .socialMedia }) {
            return (.socialPost, social.evidence)
        }
        if let advocacy = flags.first(where: { $0.flag == .advocacySource }) {
            return (.opinion, advocacy.evidence)
        }
        // How the page describes itself, in its headline, its opening or its furniture.
        let opening = ([source.headline ?? ""] + source.paragraphs.prefix(2).map(\.text) + source.removed.map(\.text))
        for line in opening {
            let lower = line.lowercased()
            if let marker = ["op-ed", "opinion:", "| opinion", "this column", "our column", "commentary:", "editorial:", "viewpoint:"].first(where: lower.contains) {
                return (.opinion, "the page calls itself “\(marker)”: “\(Self.excerpt(line))”")
            }
            if let marker = ["an analysis", "this analysis", "analysis:", "| analysis", "explainer:", "in-depth:"].first(where: lower.contains) {
                return (.analysis, "the page calls itself “\(marker)”: “\(Self.excerpt(line))”")
            }
        }
        let firstPersonWords = ["I", "I'm", "I’m", "my", "My"]
        let firstPerson = words.filter { word in firstPersonWords.contains { word.elementsEqual($0.utf8) } }.count
        if words.count >= 100 && firstPerson * 1000 >= words.count * 6 {
            return (.opinion, "written in the first person (\(firstPerson) uses of “I” or “my” in \(words.count) words)")
        }
        let headings = source.paragraphs.filter { $0.kind == .heading }
        if headings.count >= 3 {
            return (.analysis, "\(headings.count) section headings, such as “\(headings[0].text)”")
        }
        return (.newsReport, "no sign of opinion, analysis or social-media framing")
    }

    static func excerpt(_ text: String, limit: Int = 160) -> String {
        text.count <= limit ? text : String(text.prefix(limit)).trimmingWhitespace() + "…"
    }
}
