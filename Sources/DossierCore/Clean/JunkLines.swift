import Foundation

/// Rules for lines that a web page adds around an article: widgets, teasers,
/// ratings, ads, menus. Shapes and general web vocabulary only, never the
/// lines of one particular site.
enum JunkLines {
    /// Words that make up share bars, comment widgets and rating widgets.
    static let shareWords: Set<String> = [
        "share", "shares", "tweet", "email", "e-mail", "print", "facebook", "twitter", "x", "whatsapp",
        "linkedin", "telegram", "reddit", "pinterest", "copy", "link", "this", "article", "on", "listen",
        "to", "save", "bookmark", "follow", "us", "messenger", "flipboard", "pocket", "mastodon", "bluesky", "threads",
    ]
    static let commentWords: Set<String> = [
        "comment", "comments", "reply", "replies", "leave", "a", "the", "notify", "of", "guest", "oldest",
        "newest", "most", "voted", "inline", "feedbacks", "feedback", "view", "all", "sign", "in", "log",
        "login", "register", "add", "your", "thoughts", "please", "would", "love", "like", "likes", "report",
        "join", "conversation", "discussion", "show", "more", "hide", "load", "subscribe", "or", "and", "to",
        "be", "first", "write", "post", "cancel", "we", "welcome", "sort", "by", "best", "top",
    ]
    static let ratingWords: Set<String> = [
        "rating", "ratings", "rate", "rated", "votes", "vote", "article", "this", "stars", "star", "out", "of",
        "average", "helpful", "was", "useful",
    ]
    static let teaserOpeners = [
        "see also", "read also", "also read", "read more", "related:", "related articles", "related stories",
        "related coverage", "more from", "more articles by", "more on this", "you may also like",
        "you might also like", "recommended", "don't miss", "must read", "further reading", "most read",
        "popular now", "trending", "watch:", "listen:", "more stories", "explore topics", "next article",
        "previous article", "read the rest", "continue reading", "read the full", "read the original",
        "click here to read", "read the whole",
    ]
    /// Openers no article sentence starts with; the others ("Recommended", "More from") need a teaser's shape too.
    static let unambiguousTeaserOpeners = [
        "see also", "read also", "also read", "read more", "related:", "related articles", "related stories",
        "you may also like", "you might also like", "don't miss", "must read", "further reading", "more articles by",
        "read the rest", "continue reading", "read the full", "read the original", "click here to read", "read the whole",
    ]
    static let advertisingLines: Set<String> = [
        "advertisement", "advertising", "ad", "sponsored", "sponsored content", "promoted", "paid content",
        "story continues below", "story continues below advertisement", "article continues below",
        "continue reading below", "scroll to continue with content", "sign up for our newsletter",
        "sign up for our daily newsletter", "subscribe to our newsletter", "partner content",
    ]

    /// Normalised words of a line: lowercase, punctuation trimmed; at most `limit` of them
    /// (the rules look at short lines only, and every article line passes through here,
    /// so only the words kept are lowercased, not the whole line).
    static func words(_ line: String, limit: Int = .max) -> [String] {
        var line = line
        if let words = line.withUTF8({ asciiWords($0, limit: limit) }) { return words }
        var words: [String] = []
        let scalars = line.unicodeScalars
        var start = scalars.startIndex
        // Whether the limit is reached once the word ending at `end` is taken.
        func take(upTo end: String.Index) -> Bool {
            if start < end {
                let word = String(scalars[start..<end]).lowercased().trimmingPunctuation()
                if !word.isEmpty { words.append(word) }
            }
            return words.count == limit
        }
        var index = start
        while index < scalars.endIndex {
            switch scalars[index] {
            case " ", "\t", "|", "/", "·", "•":
                if take(upTo: index) { return words }
                start = scalars.index(after: index)
            default:
                break
            }
            index = scalars.index(after: index)
        }
        _ = take(upTo: scalars.endIndex)
        return words
    }

    /// `words` on the bytes while they are ASCII (most lines, and the first words of nearly all):
    /// lowercasing is then the ASCII letters', and the punctuation trimmed is every byte that is
    /// not a letter or a digit. Nil where a byte past ASCII comes before the limit is reached.
    private static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> [String]? {
        var words: [String] = []
        var start = 0
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : UInt8(ascii: " ")
            if byte >= 0x80 { return nil }
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "/") else { continue }
            defer { start = index + 1 }
            let piece = bytes[start..<index]
            guard let first = piece.firstIndex(where: \.isASCIIAlphanumeric), let last = piece.lastIndex(where: \.isASCIIAlphanumeric) else { continue }
            words.append(String(unsafeUninitializedCapacity: last - first + 1) { buffer in
                for offset in first...last { buffer[offset - first] = bytes[offset].asciiLowercased }
                return last - first + 1
            })
            if words.count == limit { return words }
        }
        return words
    }

    /// The reason a line is page junk wherever it stands, or nil.
    static func reason(for line: String) -> RemovedLine.Reason? {
        // Nine words are enough to tell a line longer than the widgets below. No
        // widget, rating or advertising line has nine words, and no line past 400
        // characters is a teaser, an appeal or a disclaimer, so a long line is checked
        // for tags alone. The rules' words are all ASCII, so lowercasing ASCII letters
        // is enough to compare with them.
        let tokens = words(line, limit: 9)
        guard tokens.count <= 8 || line.isShorter(than: 400) else {
            return isTagLine(line) ? .navigation : nil
        }
        let lower = line.asciiLowercased()
        if tokens.count <= 8 && advertisingLines.contains(lower.trimmingPunctuation()) { return .advertising }
        // A teaser is a short link line; an article sentence that happens to start with "More from" is not.
        if teaserOpeners.contains(where: { lower.utf8.starts(with: $0.utf8) }) && line.isShorter(than: 200)
            && (unambiguousTeaserOpeners.contains { lower.utf8.starts(with: $0.utf8) } || line.contains(":")
                || lower.split(separator: " ").count <= 14 && !ParagraphBuilder.endsSentence(line)) {
            return .teaser
        }
        if isDonationAppeal(lower) { return .advertising }
        if isDisclaimer(lower) { return .disclaimer }
        if isTagLine(line) { return .navigation }
        // Lines of digits, stars and punctuation only ("0", "()", "★★★★☆", "x").
        if tokens.allSatisfy({ $0.allSatisfy(\.isNumber) }) && line.isShorter(than: 13) {
            return line.contains(where: { "★☆".contains($0) }) ? .rating : .commentWidget
        }
        if tokens.count <= 8 && line.contains(where: { "★☆".contains($0) }) { return .rating }
        guard tokens.count <= 8 else { return nil }
        let meaningful = tokens.filter { !$0.allSatisfy { $0.isNumber || $0 == "." } }
        guard !meaningful.isEmpty else { return nil }
        func allIn(_ set: Set<String>) -> Bool {
            meaningful.allSatisfy { set.contains($0) || $0.hasPrefix("comment") }
        }
        if meaningful.contains(where: { $0.hasPrefix("rat") || $0.hasPrefix("vote") }) && allIn(ratingWords) { return .rating }
        if meaningful.contains(where: { shareWords.contains($0) && !["this", "article", "on", "to", "us", "link", "copy"].contains($0) })
            && meaningful.allSatisfy({ shareWords.contains($0) }) {
            return .shareWidget
        }
        if allIn(commentWords) && meaningful.contains(where: { !["a", "the", "of", "in", "to", "or", "and", "by", "be", "we"].contains($0) }) {
            return .commentWidget
        }
        if tokens.count == 1, isRelativeTimestamp(tokens[0]) { return .profile }
        return nil
    }

    /// "Tags: …" or "#Politics #World …".
    private static func isTagLine(_ line: String) -> Bool {
        line.utf8.prefix(5).asciiLowercased().elementsEqual("tags:".utf8) || isHashtagLine(line)
    }

    /// "Liked it? Take a second to support … on Patreon!", "Donate now", "Become a member".
    static func isDonationAppeal(_ lower: String) -> Bool {
        guard lower.isShorter(than: 240) else { return false }
        // Appeals to the reader, not news about donations.
        let markers = ["patreon", "donate now", "donate today", "please donate", "make a donation", "buy me a coffee",
                       "become a member", "become a patron", "support our journalism", "support independent",
                       "take a second to support", "chip in"]
        return markers.contains { lower.contains($0) }
    }

    /// "The views expressed … are solely those of the author and do not necessarily …".
    static func isDisclaimer(_ lower: String) -> Bool {
        guard lower.isShorter(than: 400) else { return false }
        let aboutViews = lower.contains("views") || lower.contains("opinions")
        let distancing = lower.contains("not necessarily") || lower.contains("solely those of") || lower.contains("do not reflect")
            || lower.contains("does not endorse")
        return aboutViews && distancing
    }

    /// "#Politics #World …": a line made only of hashtags.
    static func isHashtagLine(_ line: String) -> Bool {
        // Its first word starts with "#": most lines fail here, before being split.
        guard line.utf8.first(where: { $0 != UInt8(ascii: " ") }) == UInt8(ascii: "#") else { return false }
        let parts = line.split(separator: " ")
        return parts.count >= 2 && parts.allSatisfy { $0.hasPrefix("#") && $0.count > 1 }
    }

    /// "2w", "3h", "5d", "1mo", "2yr": the age stamps of social-media profiles.
    static func isRelativeTimestamp(_ token: String) -> Bool {
        let digits = token.prefix(while: \.isNumber)
        guard !digits.isEmpty else { return false }
        return ["s", "m", "h", "d", "w", "mo", "y", "yr", "min", "hr"].contains(String(token.dropFirst(digits.count)))
    }

    /// A bare web address on a line of its own.
    static func isBareURL(_ line: String) -> Bool {
        let lower = line.lowercased()
        if !line.contains(" ") && (lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")) { return true }
        // "example.com"
        let parts = lower.split(separator: ".")
        return !line.contains(" ") && parts.count >= 2 && parts.count <= 4 && parts.last.map { (2...6).contains($0.count) && $0.allSatisfy(\.isLetter) } == true
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
    }
}
