/// Splits text into sentences without breaking on "Mr.", "U.S." or "2.5".
enum Sentences {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gen", "col", "lt", "sgt", "capt", "gov", "pres",
        "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "no", "nos", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx", "est", "dept", "univ", "u.s", "u.k",
        "u.n", "e.u", "d.c", "a.m", "p.m", "ph.d", "op", "cf", "al",
    ]

    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        let characters = Array(text)
        var start = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "." || character == "!" || character == "?" {
                var end = index + 1
                // Closing quotes and brackets belong to the sentence they end.
                while end < characters.count, "\"”’)]".contains(characters[end]) { end += 1 }
                let atBoundary = end >= characters.count || (characters[end] == " " && end + 1 < characters.count
                    && startsSentence(characters[end + 1]))
                if atBoundary && !(character == "." && isAbbreviation(characters, before: index)) {
                    let sentence = String(characters[start..<end]).trimmingWhitespace()
                    if !sentence.isEmpty { sentences.append(sentence) }
                    start = end
                    index = end
                    continue
                }
            }
            index += 1
        }
        let rest = String(characters[start...]).trimmingWhitespace()
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }

    private static func startsSentence(_ character: Character) -> Bool {
        character.isUppercase || character.isNumber || "\"“‘(".contains(character)
    }

    private static func isAbbreviation(_ characters: [Character], before dot: Int) -> Bool {
        var start = dot
        while start > 0, characters[start - 1].isLetter || characters[start - 1] == "." { start -= 1 }
        let word = String(characters[start..<dot]).lowercased()
        if abbreviations.contains(word) { return true }
        // A single capital ("J. Smith") is an initial.
        return word.count == 1 && characters[start].isUppercase
    }
}

import Foundation
