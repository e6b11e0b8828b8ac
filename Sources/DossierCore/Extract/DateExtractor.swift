import Foundation

/// Dates in running text, normalised to ISO as precisely as the text gives
/// them; relative dates ("last November", "on Wednesday") resolved against the
/// publication date when the source has one.
struct DateExtractor: Sendable {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]
    static let monthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// A found date: the ISO value and the words that gave it.
    struct Found: Equatable {
        var iso: String
        var phrase: String
    }

    /// Publication date as (year, month, day), when known.
    var anchor: (year: Int, month: Int, day: Int)?

    init(published: String?) {
        if let published, let parts = Optional(published.split(separator: "-").compactMap { Int($0) }), parts.count == 3 {
            anchor = (parts[0], parts[1], parts[2])
        }
    }

    /// Month names and abbreviations (with or without a dot) → month number.
    static let monthNumbers: [String: Int] = {
        var table: [String: Int] = ["sept": 9, "sept.": 9]
        for (index, name) in months.enumerated() { table[name] = index + 1 }
        for (index, name) in monthAbbreviations.enumerated() where name != "may" {
            table[name] = index + 1
            table[name + "."] = index + 1
        }
        return table
    }()

    static func month(_ word: String) -> Int? {
        month(word, lowercased: nil)
    }

    /// `lowercased`: the word lowercased, when the caller has it already.
    static func month(_ word: String, lowercased: String?) -> Int? {
        // Every name and abbreviation is three to ten ASCII bytes and starts with one of these
        // letters: most words are ruled out by their first byte (every word comes through here).
        guard let first = word.utf8.first, (3...10).contains(word.utf8.count), monthInitials.contains(first | 0x20) else { return nil }
        return monthNumbers[lowercased ?? word.lowercased()]
    }

    private static let monthInitials = Set(monthNumbers.keys.compactMap(\.utf8.first))

    func dates(in tokens: [Token]) -> [Found] {
        var found: [Found] = []
        let words = tokens.map(\.text)
        // Lowercased once: each word is looked at as itself and as the next word's `previous`.
        let lowers = words.map { $0.lowercased() }
        // The publication date as a date, made only for the few words that count from it.
        let anchorDate = anchor.flatMap(Self.date)
        var index = 0
        /// "2", "2nd", "21st": a day number.
        func number(_ word: String) -> Int? {
            guard let first = word.utf8.first, first &- UInt8(ascii: "0") < 10 else { return nil }
            let digits = word.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, ["", "st", "nd", "rd", "th"].contains(word.dropFirst(digits.count).lowercased()) else { return nil }
            return Int(digits)
        }
        func year(_ word: String) -> Int? {
            // Four bytes: a year is four ASCII digits, and the byte count is known without walking the word.
            guard word.utf8.count == 4, let value = Int(word), (1800...2100).contains(value) else { return nil }
            return value
        }
        while index < words.count {
            let word = words[index]
            let lower = lowers[index]
            let previous = index > 0 ? lowers[index - 1] : ""
            // "June 9, 2031", "June 2031", "June 9" (year from the publication date).
            if let month = Self.month(word, lowercased: lower), word.first?.isUppercase == true {
                if index + 1 < words.count, let day = number(words[index + 1]), (1...31).contains(day), words[index + 1].count <= 4 {
                    if index + 2 < words.count, let year = year(words[index + 2]) {
                        found.append(Found(iso: Self.iso(year, month, day), phrase: words[index...(index + 2)].joined(separator: " ")))
                        index += 3
                        continue
                    }
                    if let anchor {
                        // News reports look back: a day more than a month after publication is last year's.
                        let later = (month, day) > (anchor.month, anchor.day) && (month - anchor.month) * 31 + day - anchor.day > 31
                        let year = later ? anchor.year - 1 : anchor.year
                        found.append(Found(iso: Self.iso(year, month, day), phrase: words[index...(index + 1)].joined(separator: " ")))
                    }
                    index += 2
                    continue
                }
                if index + 1 < words.count, let year = year(words[index + 1]) {
                    found.append(Found(iso: Self.iso(year, month, nil), phrase: "\(word) \(words[index + 1])"))
                    index += 2
                    continue
                }
                if previous == "last" || previous == "next" || previous == "this", let anchor {
                    var year = anchor.year
                    if previous == "last" && month >= anchor.month { year -= 1 }
                    if previous == "next" && month <= anchor.month { year += 1 }
                    found.append(Found(iso: Self.iso(year, month, nil), phrase: "\(words[index - 1]) \(word)"))
                }
                index += 1
                continue
            }
            // "24 February 2022".
            if let day = number(word), (1...31).contains(day), word.count <= 4, index + 2 < words.count,
               let month = Self.month(words[index + 1], lowercased: lowers[index + 1]), let year = year(words[index + 2]) {
                found.append(Found(iso: Self.iso(year, month, day), phrase: words[index...(index + 2)].joined(separator: " ")))
                index += 3
                continue
            }
            // "in 2019", "since 2014", "2025 votes" — a bare year.
            if let year = year(word), tokens[index].before.isEmpty {
                found.append(Found(iso: String(year), phrase: ["in", "since", "by", "until", "from", "of", "early", "late", "mid"].contains(previous) ? "\(words[index - 1]) \(word)" : word))
                index += 1
                continue
            }
            // "on Wednesday": the last such day on or before publication.
            if let weekday = Self.weekdays.firstIndex(of: lower), word.first?.isUppercase == true,
               let date = anchorDate, let resolved = Self.previous(weekday: weekday + 1, onOrBefore: date) {
                found.append(Found(iso: resolved, phrase: (previous == "on" || previous == "last" ? words[index - 1] + " " : "") + word))
                index += 1
                continue
            }
            if let anchor, let date = anchorDate, ["yesterday", "today", "tomorrow", "year"].contains(lower) {
                let offset: Int? = lower == "yesterday" ? -1 : lower == "today" ? 0 : lower == "tomorrow" ? 1 : nil
                if let offset, let shifted = Calendar.utc.date(byAdding: .day, value: offset, to: date) {
                    found.append(Found(iso: Self.iso(shifted), phrase: word))
                } else if lower == "year", previous == "last" || previous == "next" || previous == "this" {
                    let year = anchor.year + (previous == "last" ? -1 : previous == "next" ? 1 : 0)
                    found.append(Found(iso: String(year), phrase: "\(words[index - 1]) \(word)"))
                }
            }
            index += 1
        }
        return found
    }

    static func iso(_ year: Int, _ month: Int, _ day: Int?) -> String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        guard let day else { return "\(year)-\(m)" }
        return "\(year)-\(m)-" + (day < 10 ? "0\(day)" : "\(day)")
    }

    static func iso(_ date: Date) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return iso(parts.year!, parts.month!, parts.day!)
    }

    static func date(_ anchor: (year: Int, month: Int, day: Int)) -> Date? {
        Calendar.utc.date(from: DateComponents(year: anchor.year, month: anchor.month, day: anchor.day))
    }

    /// The date of the most recent `weekday` (1 = Sunday) on or before `date`.
    static func previous(weekday: Int, onOrBefore date: Date) -> String? {
        let current = Calendar.utc.component(.weekday, from: date)
        let back = (current - weekday + 7) % 7
        return Calendar.utc.date(byAdding: .day, value: -back, to: date).map(iso)
    }

    /// A stated date ("June 9, 2031", "2031-06-09", "9 Jun 2031") as ISO.
    static func normalise(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        let isoParts = trimmed.prefix(10).split(separator: "-")
        if isoParts.count == 3, isoParts[0].count == 4, let y = Int(isoParts[0]), let m = Int(isoParts[1]), let d = Int(isoParts[2]),
           (1...12).contains(m), (1...31).contains(d) {
            return iso(y, m, d)
        }
        let found = DateExtractor(published: nil).dates(in: Tokenizer.tokens(trimmed.replacingOccurrences(of: ",", with: " ,")))
        return found.first?.iso
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
