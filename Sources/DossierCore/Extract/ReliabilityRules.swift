import CDossierSupport
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
            // The markers are ASCII: folding ASCII case is enough, and far cheaper than Unicode lowercasing.
            let lower = line.asciiLowercased()
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
        let phrases = gazetteer.spunPhrases.map { $0.phrase.split(separator: " ").map(String.init) }
        // Most texts hold no spun phrase at all: a byte search for the phrases' words over the
        // whole text says so, before any word is split off and lowercased.
        let possible = Self.phrasesWhoseWordsOccur(phrases, in: source)
        guard !possible.isEmpty else { return nil }
        // One pass over the words: each spun phrase is looked up where its first word occurs.
        let words = source.paragraphs.flatMap { paragraph in
            Substring(paragraph.text).utf8.split(separator: UInt8(ascii: " ")).map(Self.phraseWord)
        }
        var phrasesByHead: [String: [Int]] = [:]
        for number in possible {
            if let head = phrases[number].first { phrasesByHead[head, default: []].append(number) }
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

    /// The phrases (indexes) each of whose words occurs somewhere in the source's paragraphs,
    /// ASCII case folded. A phrase found word by word is among them: its words are ASCII, and
    /// the only other character that lowercases to an ASCII letter is the Kelvin sign (“K” → “k”),
    /// in whose presence every phrase is kept.
    static func phrasesWhoseWordsOccur(_ phrases: [[String]], in source: CleanSource) -> [Int] {
        var text: [UInt8] = []
        for paragraph in source.paragraphs {
            text.append(contentsOf: paragraph.text.utf8.lazy.map(\.asciiLowercased))
            text.append(0x0A)
        }
        let kelvin: [UInt8] = [0xE2, 0x84, 0xAA]
        var occurs: [String: Bool] = [:]
        return text.withUnsafeBytes { text -> [Int] in
            func contains(_ needle: [UInt8]) -> Bool {
                needle.withUnsafeBytes { dossier_contains_bytes(text.baseAddress, text.count, $0.baseAddress, $0.count) != 0 }
            }
            if contains(kelvin) { return Array(phrases.indices) }
            return phrases.indices.filter { number in
                phrases[number].allSatisfy { word in
                    if let known = occurs[word] { return known }
                    let found = contains(Array(word.utf8))
                    occurs[word] = found
                    return found
                }
            }
        }
    }

    /// A word as the spun phrases are written: lowercased, without the punctuation around it.
    /// Most words are ASCII, for which both are done on the bytes, straight into the new string
    /// (every body word passes through here).
    static func phraseWord(_ bytes: Substring.UTF8View.SubSequence) -> String {
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            let lower = Substring(bytes).lowercased()
            return bytes.first?.isASCIIAlphanumeric == true && bytes.last?.isASCIIAlphanumeric == true ? lower : lower.trimmingPunctuation()
        }
        // An ASCII character that is not a letter or digit is punctuation or a symbol: trimmed.
        guard let first = bytes.firstIndex(where: \.isASCIIAlphanumeric), let last = bytes.lastIndex(where: \.isASCIIAlphanumeric) else { return "" }
        let word = bytes[first...last]
        return String(unsafeUninitializedCapacity: word.count) { buffer in
            for (offset, byte) in word.enumerated() { buffer[offset] = byte.asciiLowercased }
            return word.count
        }
    }

    func genre(for source: CleanSource, flags: [ReliabilityFlag]) -> (Genre, String) {
        let (bodyWords, firstPerson) = Self.countWords(source.paragraphs.map(\.text))
        let commentWords = Self.countWords(source.comments.map(\.text)).words
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
        if bodyWords >= 100 && firstPerson * 1000 >= bodyWords * 6 {
            return (.opinion, "written in the first person (\(firstPerson) uses of “I” or “my” in \(bodyWords) words)")
        }
        let headings = source.paragraphs.filter { $0.kind == .heading }
        if headings.count >= 3 {
            return (.analysis, "\(headings.count) section headings, such as “\(headings[0].text)”")
        }
        return (.newsReport, "no sign of opinion, analysis or social-media framing")
    }

    /// How many words (runs of bytes between spaces) `texts` hold, and how many of them are "I",
    /// "I'm" or "my". On the bytes, with no word made: every body word passes through here.
    static func countWords(_ texts: [String]) -> (words: Int, firstPerson: Int) {
        let firstPersonWords = ["I", "I'm", "I’m", "my", "My"].map { Array($0.utf8) }
        var (words, firstPerson) = (0, 0)
        for var text in texts {
            text.withUTF8 { bytes in
                var from = 0
                for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: " ") {
                    defer { from = index + 1 }
                    guard from < index else { continue }
                    words += 1
                    // Each starts with "I", "m" or "M": other words are ruled out by their first byte.
                    let head = bytes[from]
                    guard head == UInt8(ascii: "I") || head | 0x20 == UInt8(ascii: "m") else { continue }
                    if firstPersonWords.contains(where: { bytes[from..<index].elementsEqual($0) }) { firstPerson += 1 }
                }
            }
        }
        return (words, firstPerson)
    }

    static func excerpt(_ text: String, limit: Int = 160) -> String {
        text.count <= limit ? text : String(text.prefix(limit)).trimmingWhitespace() + "…"
    }
}
