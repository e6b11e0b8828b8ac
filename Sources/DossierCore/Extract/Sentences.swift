/// Splits text into sentences without breaking on "Mr.", "U.S." or "2.5".
enum Sentences {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gen", "col", "lt", "sgt", "capt", "gov", "pres",
        "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "no", "nos", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx", "est", "dept", "univ", "u.s", "u.k",
        "u.n", "e.u", "d.c", "a.m", "p.m", "ph.d", "op", "cf", "al",
    ]

    /// Works on Unicode scalars, not characters: every paragraph of the corpus passes through
    /// here, and the punctuation that ends a sentence is all single scalars.
    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        let view = text.unicodeScalars
        let positions = Array(view.indices) + [view.endIndex]
        let scalars = Array(view)
        func piece(_ from: Int, _ to: Int) -> String {
            String(view[positions[from]..<positions[to]]).trimmingWhitespace()
        }
        var start = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "." || scalar == "!" || scalar == "?" {
                var end = index + 1
                // Closing quotes and brackets belong to the sentence they end.
                while end < scalars.count, closers.contains(scalars[end]) { end += 1 }
                let atBoundary = end >= scalars.count || (scalars[end] == " " && end + 1 < scalars.count
                    && startsSentence(scalars[end + 1]))
                if atBoundary && !(scalar == "." && isAbbreviation(scalars, before: index)) {
                    let sentence = piece(start, end)
                    if !sentence.isEmpty { sentences.append(sentence) }
                    start = end
                    index = end
                    continue
                }
            }
            index += 1
        }
        let rest = piece(start, scalars.count)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }

    private static let closers: Set<Unicode.Scalar> = ["\"", "”", "’", ")", "]"]
    private static let openers: Set<Unicode.Scalar> = ["\"", "“", "‘", "("]

    private static func startsSentence(_ scalar: Unicode.Scalar) -> Bool {
        // An ASCII scalar (most are) answers on its value: the uppercase ones are A–Z, the numeric ones 0–9.
        if scalar.isASCII { return scalar.value &- 0x41 < 26 || scalar.value &- 0x30 < 10 || openers.contains(scalar) }
        return scalar.properties.isUppercase || scalar.properties.numericType != nil || openers.contains(scalar)
    }

    /// `properties.isAlphabetic`, read off the value for ASCII (only its letters are alphabetic):
    /// the property look-up was most of the splitting.
    private static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value | 0x20) &- 0x61 < 26 : scalar.properties.isAlphabetic
    }

    private static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value &- 0x41 < 26 : scalar.properties.isUppercase
    }

    /// The longest abbreviation, in scalars.
    private static let longestAbbreviation = abbreviations.map(\.unicodeScalars.count).max() ?? 0

    private static func isAbbreviation(_ scalars: [Unicode.Scalar], before dot: Int) -> Bool {
        var start = dot
        while start > 0, isAlphabetic(scalars[start - 1]) || scalars[start - 1] == "." { start -= 1 }
        // Most sentences end on a word longer than any abbreviation (lowercasing never
        // shortens a word), and only a capital can be an initial: such a word is not made.
        if dot - start > longestAbbreviation && !isUppercase(scalars[start]) { return false }
        var word = ""
        word.unicodeScalars.append(contentsOf: scalars[start..<dot])
        word = word.lowercased()
        if abbreviations.contains(word) { return true }
        // A single capital ("J. Smith") is an initial.
        return word.count == 1 && isUppercase(scalars[start])
    }
}

import Foundation
