import Foundation

/// Two aligned sentences that give the same quantity different figures:
/// “100,000 troops” in one source, “150,000 troops” in another.
public struct FigureConflict: Sendable, Equatable {
    /// Index into `ClaimAlignment.links`.
    public var link: Int
    /// What is counted: a stemmed noun ("troop"), `percent`, or a currency sign.
    public var unit: String
    /// The figures as each side writes them ("100,000 troops").
    public var figuresA: [String]
    public var figuresB: [String]
}

/// A number in a sentence with what it counts.
struct Figure: Sendable, Equatable {
    var value: Double
    var unit: String
    /// The words of the text ("$3 billion", "40%", "100,000 troops").
    var text: String
}

/// Reads figures from sentences and compares those of aligned sentences.
struct FigureConflicts: Sendable {
    let gazetteer: Gazetteer

    func conflicts(in alignment: ClaimAlignment) -> [FigureConflict] {
        var cache: [Int: [Figure]] = [:]
        func figures(_ sentence: Int) -> [Figure] {
            if let known = cache[sentence] { return known }
            let found = self.figures(in: alignment.sentences[sentence].text)
            cache[sentence] = found
            return found
        }
        var result: [FigureConflict] = []
        for (index, link) in alignment.links.enumerated() {
            let a = figures(link.a), b = figures(link.b)
            guard !a.isEmpty, !b.isEmpty else { continue }
            for unit in Set(a.map(\.unit)).intersection(b.map(\.unit)).sorted() {
                let left = a.filter { $0.unit == unit }, right = b.filter { $0.unit == unit }
                // One figure in common and the two tell the same quantity; none, and they disagree.
                let agree = left.contains { x in right.contains { y in Self.same(x.value, y.value) } }
                if !agree {
                    result.append(FigureConflict(link: index, unit: unit, figuresA: left.map(\.text), figuresB: right.map(\.text)))
                }
            }
        }
        return result
    }

    /// Equal up to rounding: "about 100,000" and "100,000"; "1.5 million" and "1,500,000".
    static func same(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 0.005 * max(abs(a), abs(b))
    }

    static let multipliers: [String: Double] = ["thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6]
    static let currencies: [Character: String] = ["$": "$", "€": "€", "£": "£", "¥": "¥"]

    /// Figures with a unit; a bare number, a year or a day of a month says too little to compare.
    func figures(in sentence: String) -> [Figure] {
        let tokens = Tokenizer.tokens(sentence)
        var figures: [Figure] = []
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            var word = Substring(tokens[index].text)
            var unit: String?
            if let first = word.first, let currency = Self.currencies[first] {
                unit = currency
                word = word.dropFirst()
            }
            var isPercent = false
            if word.hasSuffix("%") {
                isPercent = true
                word = word.dropLast()
            }
            guard let first = word.first, first.isNumber, word.allSatisfy({ $0.isNumber || $0 == "," || $0 == "." }),
                  var value = Double(word.replacingOccurrences(of: ",", with: "")) else { continue }
            var end = index
            if let previous = index > 0 ? tokens[index - 1].text : nil, DateExtractor.month(previous) != nil { continue }  // "May 3"
            if unit == nil && !isPercent && !word.contains(",") && !word.contains(".") && (1800...2100).contains(value) { continue }  // a year
            if end + 1 < tokens.count, let multiplier = Self.multipliers[tokens[end + 1].text.lowercased()] {
                value *= multiplier
                end += 1
            }
            if isPercent {
                unit = "percent"
            } else if unit == nil, end + 1 < tokens.count {
                let next = tokens[end + 1].text.lowercased()
                if next == "percent" || (next == "per" && end + 2 < tokens.count && tokens[end + 2].text.lowercased() == "cent") {
                    unit = "percent"
                    end += next == "per" ? 2 : 1
                } else if next.count > 2, next.allSatisfy(\.isLetter), !gazetteer.functionWords.contains(next),
                          DateExtractor.month(next) == nil, !DateExtractor.weekdays.contains(next) {
                    unit = TermNormaliser.stem(next)
                    end += 1
                }
            }
            guard let found = unit else { continue }
            let text = tokens[index...end].map { $0.before + $0.text }.joined(separator: " ")
            figures.append(Figure(value: value, unit: found, text: text))
            index = end
        }
        return figures
    }
}
