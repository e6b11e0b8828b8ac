import Foundation

/// Lines where a page states facts about itself: "Published: March 3, 2024",
/// "By Jane Roe", "Updated …". The facts go to the metadata extractor.
enum StatedFacts {
    struct Fact {
        var facts: [String: String]
        /// Text after the stated fact on the same line, which belongs to the body.
        var remainder: String?
    }

    static let labels: [(prefix: String, key: String)] = [
        ("published:", "published"), ("published on", "published"), ("posted on", "published"), ("posted:", "published"),
        ("date:", "published"), ("updated:", "updated"), ("last updated", "updated"),
        ("author:", "author"), ("written by", "author"), ("by ", "author"), ("source:", "outlet"), ("originally published", "syndicated"),
    ]

    static func metadataLine(_ line: String) -> Fact? {
        // The labels are short and ASCII: the line's first bytes, ASCII-lowercased, are enough to compare.
        let head = line.utf8.prefix(24).asciiLowercased()
        for (prefix, key) in labels where head.starts(with: prefix.utf8) {
            var value = String(line.dropFirst(prefix.count))
            var remainder: String?
            // "Published: June 9, 2031 | A senior diplomat …": the date, then the article.
            if let bar = value.range(of: " | ") ?? value.range(of: " — ") {
                remainder = String(value[bar.upperBound...]).trimmingWhitespace()
                value = String(value[..<bar.lowerBound])
            }
            value = value.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
            let words = value.split(separator: " ").count
            if key == "author" {
                // "By" starts many sentences; a byline is a short run of capitalised words.
                guard words >= 1, words <= 6, remainder == nil, value.first?.isUppercase == true,
                      !value.hasSuffix("."), value.split(separator: " ").allSatisfy({ $0.first?.isUppercase == true || ["and", "de", "van", "von", "al"].contains($0) })
                else { return nil }
            } else if key == "syndicated" {
                return nil  // a reliability fact, not metadata: left for the flags
            } else if words == 0 || words > 12 {
                return nil
            }
            return Fact(facts: [key: value], remainder: remainder?.isEmpty == false ? remainder : nil)
        }
        return nil
    }
}
