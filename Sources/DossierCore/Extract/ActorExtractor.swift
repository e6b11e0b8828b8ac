/// Finds people, organisations, states and blocs in a source's body and
/// resolves their surface forms to one name per actor within the source.
struct ActorExtractor: Sendable {
    let gazetteer: Gazetteer
    let vocabulary: CorpusVocabulary

    /// One mention: which actor, in which words, where.
    struct Mention: Sendable {
        var key: String
        var form: String
        var paragraph: Int
        var sentence: Int
        /// Token range in the sentence.
        var range: Range<Int>
    }

    struct Result: Sendable {
        var actors: [ActorMention]
        /// Lone capitalised words this source never explains ("Berger"): the
        /// corpus may know them as a surname.
        var unexplained: [ActorMention]
        var mentions: [Mention]
    }

    /// An actor being assembled.
    private struct Draft {
        var name: String
        var kind: ActorKind
        var forms: Set<String> = []
        var roles: [String] = []
        var mentions = 0
        var paragraphs: Set<Int> = []
        var explained = true
    }

    /// A capitalised span before resolution.
    private struct Candidate {
        var name: String
        var kind: ActorKind?
        var role: String?
        var paragraph: Int
        var sentence: Int
        var range: Range<Int>
        var sentenceInitial: Bool
        /// An adjective ("Peruvian"): counts for its state's coverage, is not a form of it.
        var isAdjective = false
    }

    func extract(from sentences: [SentenceRef]) -> Result {
        var candidates: [Candidate] = []
        for sentence in sentences {
            candidates += spans(in: sentence)
        }
        return resolve(candidates)
    }

    // MARK: Spans

    private func spans(in sentence: SentenceRef) -> [Candidate] {
        let tokens = splitCompounds(sentence.tokens)
        let words = tokens.map(\.text)
        var result: [Candidate] = []
        var index = 0
        while index < tokens.count {
            guard tokens[index].isCapitalised else { index += 1; continue }
            var end = index + 1
            if !tokens[index].breaksName || possessiveInsideName(tokens, at: index) {
                while end < tokens.count {
                    let token = tokens[end]
                    if token.isCapitalised && token.before.isEmpty {
                        end += 1
                        // "People's Voice Party": an ordinary word's possessive inside an organisation's name.
                        if possessiveInsideName(tokens, at: end - 1) { continue }
                        if token.breaksName { break }
                    } else if isConnector(token.text), end + 1 < tokens.count, tokens[end + 1].isCapitalised,
                              !token.breaksName, !isFunctionLike(tokens[end + 1].text) {
                        end += 2
                        if tokens[end - 1].breaksName { break }
                    } else {
                        break
                    }
                }
            }
            for part in splitAtConjunctions(tokens, index..<end) {
                if let candidate = candidate(tokens, words, part, sentence: sentence) { result += candidate }
            }
            index = end
        }
        return result
    }

    /// "Peru and Chile" names two actors; "Ministry for Trade and Industry" one:
    /// "and" joins only where the words before it already name an organisation.
    private func splitAtConjunctions(_ tokens: [Token], _ span: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = span.lowerBound
        for index in span where tokens[index].text == "and" || tokens[index].text == "&" {
            let before = tokens[start..<index].map(\.text)
            let after = tokens[(index + 1)..<span.upperBound]
            // "… and Foreign Affairs" completes a ministry's name; "… and Acme Holdings" or "… and NATO" is a second actor.
            let afterIsAName = after.contains { gazetteer.organisationKeywords.contains($0.text.lowercased()) || $0.isAcronym }
                || gazetteer.entities[tokens[index + 1].text] != nil
            let joinsOrganisation = before.contains { gazetteer.organisationKeywords.contains($0.lowercased()) } && !afterIsAName
            if !joinsOrganisation {
                parts.append(start..<index)
                start = index + 1
            }
        }
        parts.append(start..<span.upperBound)
        return parts.filter { !$0.isEmpty }
    }

    /// "People's Voice Party": an ordinary word's possessive inside an organisation's name.
    private func possessiveInsideName(_ tokens: [Token], at index: Int) -> Bool {
        let token = tokens[index]
        guard token.isPossessive, token.after.count == 2, vocabulary.isOrdinaryWord(token.text) || gazetteer.isFunctionWord(token.text),
              index + 1 < tokens.count, tokens[index + 1].isCapitalised else { return false }
        return tokens[(index + 1)...].prefix(4).contains { gazetteer.organisationKeywords.contains($0.text.lowercased()) }
    }

    /// "Peru-Chile" names two actors; "Timor-Leste" and "Anglo-Saxon" are one word.
    private func splitCompounds(_ tokens: [Token]) -> [Token] {
        // Most sentences have no hyphenated word: their tokens stand as they are (numbered in order).
        if !tokens.contains(where: { $0.text.utf8.contains(UInt8(ascii: "-")) }), tokens.indices.allSatisfy({ tokens[$0].index == $0 }) { return tokens }
        var result: [Token] = []
        for token in tokens {
            // Most words have no hyphen: nothing to split.
            guard token.text.utf8.contains(UInt8(ascii: "-")) else {
                result.append(Token(text: token.text, after: token.after, before: token.before, index: result.count))
                continue
            }
            let parts = token.text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            let known = { (part: String) in
                self.gazetteer.entities[part] != nil || self.gazetteer.adjectives[part] != nil || self.gazetteer.metonyms[part] != nil
            }
            guard parts.count == 2, gazetteer.entities[token.text] == nil, parts.allSatisfy({ $0.first?.isUppercase == true && known($0) }) else {
                result.append(Token(text: token.text, after: token.after, before: token.before, index: result.count))
                continue
            }
            result.append(Token(text: parts[0], after: "-", before: token.before, index: result.count))
            result.append(Token(text: parts[1], after: token.after, before: "", index: result.count))
        }
        return result
    }

    /// Words that open a sentence or clause and never begin a name.
    static let openers: Set<String> = [
        "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your",
        "however", "meanwhile", "although", "though", "since", "after", "before", "when", "while", "if", "but", "and",
        "so", "yet", "according", "following", "despite", "during", "in", "on", "at", "for", "from", "with", "by",
        "as", "of", "to", "under", "over", "between", "among", "against", "through", "into", "both", "each", "every",
        "many", "most", "some", "several", "all", "any", "no", "not", "also", "then", "thus", "still", "now", "today",
        "yesterday", "last", "next", "once", "until", "unlike", "like", "without", "within", "where", "why", "how", "what",
    ]

    /// Verbs that follow a capital used for its government ("Lima wants", "Oslo has").
    static let governmentVerbs: Set<String> = ["has", "have", "had", "is", "was", "will", "would", "wants", "wanted", "views", "sees",
                                               "insists", "denies", "denied", "rejects", "rejected", "hopes", "fears", "can", "could",
                                               "may", "might", "must", "should", "did", "does", "continues", "remains", "sought", "seeks"]

    static let closedClass: Set<String> = ["the", "a", "an", "of", "for", "and", "in", "on", "at", "to", "by", "with", "from", "&"]

    /// Lowercase words that join the parts of a name, besides the gazetteer's name particles.
    private static let connectors = ["of", "for", "and", "on", "de", "du", "des", "la", "le", "al", "bin", "van", "von", "der", "da", "di", "del"]

    private func isConnector(_ word: String) -> Bool {
        Self.connectors.contains(word) || gazetteer.nameParticles.contains(word)
    }

    private func isFunctionLike(_ word: String) -> Bool {
        gazetteer.isFunctionWord(word) && gazetteer.entities[word] == nil
    }

    /// Turns a capitalised span into zero or more candidates (a title and an
    /// adjective in front of a name give the name, a role and a state reference).
    /// `words`: the tokens' texts, made once per sentence rather than once per span.
    private func candidate(_ tokens: [Token], _ words: [String], _ span: Range<Int>, sentence: SentenceRef) -> [Candidate]? {
        var start = span.lowerBound
        var end = span.upperBound
        // A lead-in ("Expand Rail Links: …") labels a list item; only known names in it count.
        let isLeadIn = start == 0 && tokens[end - 1].after.hasPrefix(":") && end - start >= 2
        // The words of a range joined into a name: asked for the same range several times below.
        var lastJoined: (range: Range<Int>, name: String)?
        func joined(_ range: Range<Int>) -> String {
            if let lastJoined, lastJoined.range == range { return lastJoined.name }
            // Most spans are one word: no joining to do.
            let name = range.count == 1 ? words[range.lowerBound] : words[range].joined(separator: " ")
            lastJoined = (range, name)
            return name
        }
        let knownWhole = gazetteer.entities[joined(start..<end)] != nil
        // Leading function words ("The", "In", "According") are not part of a name.
        // In an organisation's name a leading "New" or "National" belongs to it; only openers ("However", "The") go.
        let namesOrganisation = words[start..<end].contains { gazetteer.organisationKeywords.contains($0.lowercased()) }
        while !knownWhole, start < end, isFunctionLike(words[start]) || sentence.isHeading && gazetteer.isFunctionWord(words[start]) {
            if namesOrganisation && !Self.openers.contains(words[start].lowercased()) { break }
            start += 1
        }
        // Only closed-class words end a name badly ("Council of"); "Coalition for Water Security" keeps its last word.
        while end > start, Self.closedClass.contains(words[end - 1].lowercased()) { end -= 1 }
        // "Representatives of Acme Holdings": an ordinary plural in front of "of"/"for" describes people, not the name.
        if end - start >= 3, vocabulary.isOrdinaryWord(words[start]) || start == 0,
           !gazetteer.organisationKeywords.contains(words[start].lowercased()), gazetteer.entities[joined(start..<end)] == nil,
           ["of", "for"].contains(words[start + 1]) {
            start += 2
        }
        guard start < end else { return nil }
        // "RABAT —": an all-capitals dateline names the place a report was filed from.
        if end - start == 1, tokens[start].isAcronym, words[start].count > 3, gazetteer.entities[words[start]] == nil,
           gazetteer.metonyms[words[start].capitalized] != nil || gazetteer.entities[words[start].capitalized]?.kind == .state {
            return nil
        }

        var extra: [Candidate] = []
        func make(_ range: Range<Int>, kind: ActorKind?, role: String? = nil, adjective: Bool = false) -> Candidate {
            // A possessive inside the name keeps its "'s" ("People's Voice Party").
            let name = range.count == 1 ? tokens[range.lowerBound].text : range.map { index in
                index < range.upperBound - 1 && tokens[index].isPossessive ? tokens[index].text + tokens[index].after.prefix(2) : tokens[index].text
            }.joined(separator: " ")
            return Candidate(name: name, kind: kind, role: role, paragraph: sentence.paragraph,
                      sentence: sentence.index, range: range, sentenceInitial: range.lowerBound == 0, isAdjective: adjective)
        }

        // Title words inside the span: "Peruvian President Jane Roe", "Government Spokesperson Jane Roe":
        // everything up to the last title word is the role, the rest the name.
        var roleWords: [String] = []
        if let head = (start..<(end - 1)).last(where: { gazetteer.titleHeads.contains(words[$0].lowercased()) }),
           end - head - 1 <= 4, gazetteer.entities[joined(start..<end)] == nil,
           !words[(head + 1)..<end].contains(where: { gazetteer.organisationKeywords.contains($0.lowercased()) }) {
            for index in start...head {
                if gazetteer.adjectives[words[index]] != nil || gazetteer.entities[words[index]]?.kind == .state {
                    extra.append(make(index..<(index + 1), kind: .state, adjective: gazetteer.adjectives[words[index]] != nil))
                }
            }
            roleWords = Array(words[start...head])
            start = head + 1
        }
        // A role written in lowercase just before the name: "secretary of state Jane Roe".
        var role = roleWords.isEmpty ? nil : roleWords.joined(separator: " ")
        if role == nil { role = precedingRole(tokens, before: start) }

        let name = joined(start..<end)
        // "the Peruvian President": a title standing alone names an office, not an actor we can resolve.
        if gazetteer.isTitle(name) { return extra }
        if (sentence.isHeading || isLeadIn) && gazetteer.entities[name] == nil && gazetteer.adjectives[name] == nil {
            return extra + knownParts(tokens, start..<end, make: make)
        }

        if let entity = gazetteer.entities[name] {
            return extra + [make(start..<end, kind: entity.kind)]
        }
        if gazetteer.adjectives[name] != nil {
            return extra + [make(start..<end, kind: .state, adjective: true)]
        }
        if let place = gazetteer.metonyms[name] {
            // "the Lima accords": a place naming a thing, not a government acting.
            let attributive = start > 0 && words[start - 1].lowercased() == "the" && end < tokens.count
                && tokens[end].text.first?.isLowercase == true && !QuoteExtractor.speechVerbs.contains(tokens[end].text)
                && !Self.governmentVerbs.contains(tokens[end].text)
            if isLocative(tokens, before: start) || attributive { return extra }
            return extra + [make(start..<end, kind: gazetteer.entities[place]?.kind ?? .state)]
        }
        // "Fort Worth", "Lake Chad": places.
        if gazetteer.placeKeywords.contains(words[start].lowercased()) || gazetteer.placeKeywords.contains(words[end - 1].lowercased()) {
            return extra
        }
        // "iFixit", "eBay": a lowercase start with capitals inside names an organisation.
        if end - start == 1, words[start].first?.isLowercase == true, words[start].dropFirst().contains(where: \.isUppercase) {
            return extra + [make(start..<end, kind: .organisation)]
        }
        // A span mixing a known entity and a generic word ("Peruvian exports" has no capital; "African Union" is known).
        let tokenWords = words[start..<end]
        // "the Administration", "the Ministry": a generic word alone names no one in particular.
        if end - start == 1, gazetteer.organisationKeywords.contains(name.lowercased()), vocabulary.isOrdinaryWord(name) { return extra }
        if tokenWords.contains(where: { gazetteer.organisationKeywords.contains($0.lowercased()) }) {
            return extra + [make(start..<end, kind: .organisation)]
        }
        if end - start == 1 && tokens[start].isAcronym && !gazetteer.isFunctionWord(name) {
            return extra + [make(start..<end, kind: .organisation)]
        }
        // A state or adjective anywhere, or a capital at the end ("Courting Lisbon"); a capital first may be a given name.
        let namesPlace = tokenWords.contains { gazetteer.entities[$0]?.kind == .state || gazetteer.adjectives[$0] != nil }
            || gazetteer.metonyms[words[end - 1]] != nil
        // "the Far North", "the Kyoto Protocol": places and texts, not actors.
        let organisationWord = words[start..<(end - 1)].contains { gazetteer.organisationKeywords.contains($0.lowercased()) }
        if gazetteer.regions.contains(name) || end - start >= 2 && gazetteer.documentKeywords.contains(words[end - 1].lowercased()) && !organisationWord {
            return extra + knownParts(tokens, start..<end, make: make)
        }
        // "Trade Ministers", "Health Minister": an office, not a name.
        let last = words[end - 1].lowercased()
        if gazetteer.titleHeads.contains(last) || last.hasSuffix("s") && gazetteer.titleHeads.contains(String(last.dropLast())) {
            return extra + knownParts(tokens, start..<end, make: make)
        }
        if namesPlace || tokenWords.contains(where: { gazetteer.isFunctionWord($0) && !gazetteer.nameParticles.contains($0.lowercased()) && !isConnector($0) }) {
            // "Green Deal", "Belt Road": capitalised concepts, not actors; keep the known parts.
            return extra + knownParts(tokens, start..<end, make: make)
        }
        if end - start >= 2 && end - start <= 4 {
            // A person's name is not made of words the corpus also writes in lowercase.
            let nameWords = tokenWords.filter { !gazetteer.nameParticles.contains($0.lowercased()) && !isConnector($0) }
            if nameWords.contains(where: vocabulary.isOrdinaryWord) && role == nil { return extra }
            return extra + [make(start..<end, kind: .person, role: role)]
        }
        if end - start == 1 {
            // A lone word: a surname if the source names the person in full somewhere, else a person only with a title.
            if vocabulary.isOrdinaryWord(name) && role == nil { return extra }
            var single = make(start..<end, kind: nil, role: role)
            if role != nil { single.kind = .person }
            return extra + [single]
        }
        return extra + knownParts(tokens, start..<end, make: make)
    }

    private func knownParts(_ tokens: [Token], _ range: Range<Int>, make: (Range<Int>, ActorKind?, String?, Bool) -> Candidate) -> [Candidate] {
        range.compactMap { index in
            let word = tokens[index].text
            if let entity = gazetteer.entities[word] { return make(index..<(index + 1), entity.kind, nil, false) }
            if gazetteer.adjectives[word] != nil { return make(index..<(index + 1), .state, nil, true) }
            return nil
        }
    }

    private func titleLength(_ words: [String], at start: Int, limit: Int) -> Int {
        guard start < limit else { return 0 }
        for length in stride(from: min(gazetteer.longestTitle, limit - start), through: 1, by: -1) {
            if gazetteer.isTitle(words[start..<(start + length)].joined(separator: " ")) { return length }
        }
        return 0
    }

    /// "… deputy foreign minister Jane Roe": the longest title phrase ending right before `index`,
    /// with a state or adjective in front of it when there is one.
    private func precedingRole(_ tokens: [Token], before index: Int) -> String? {
        // Every title found below ends with the word just before the name.
        guard index > 0, gazetteer.titleLastWords.contains(tokens[index - 1].text.lowercased()) else { return nil }
        for length in stride(from: min(gazetteer.longestTitle, index), through: 1, by: -1) {
            let range = (index - length)..<index
            guard tokens[range].dropLast().allSatisfy({ !$0.breaksName }), !tokens[index - 1].breaksName || tokens[index - 1].after == "-" else { continue }
            let phrase = tokens[range].map(\.text).joined(separator: " ")
            guard gazetteer.isTitle(phrase) else { continue }
            var words = tokens[range].map(\.text)
            let before = index - length - 1
            if before >= 0, !tokens[before].breaksName || tokens[before].isPossessive,
               gazetteer.adjectives[tokens[before].text] != nil || gazetteer.entities[tokens[before].text]?.kind == .state {
                words.insert(tokens[before].text + (tokens[before].isPossessive ? "'s" : ""), at: 0)
            }
            return words.joined(separator: " ")
        }
        return nil
    }

    /// "in Lima", "to Oslo": the place, not the government.
    private func isLocative(_ tokens: [Token], before index: Int) -> Bool {
        guard index > 0 else { return false }
        return Self.locativeWords.contains(tokens[index - 1].text.lowercased())
    }

    private static let locativeWords = ["in", "at", "to", "from", "near", "into", "outside", "around", "via", "visit", "visited", "across", "toward", "towards"]

    // MARK: Resolution

    private func resolve(_ candidates: [Candidate]) -> Result {
        var drafts: [String: Draft] = [:]
        // Full names first, so that surnames can find them.
        var surnames: [String: Set<String>] = [:]
        for candidate in candidates where candidate.kind == .person && candidate.name.contains(" ") {
            let last = String(candidate.name.split(separator: " ").last!)
            surnames[last, default: []].insert(candidate.name)
        }
        var acronyms: [String: String] = [:]
        for candidate in candidates where candidate.kind == .organisation && candidate.name.contains(" ") {
            acronyms[initials(candidate.name)] = candidate.name
        }

        var mentions: [Mention] = []
        for candidate in candidates {
            var name = candidate.name
            var kind = candidate.kind
            if candidate.isAdjective || kind == .state || kind == .bloc {
                name = gazetteer.adjectives[name] ?? gazetteer.entities[name]?.name ?? gazetteer.metonyms[name] ?? name
            } else if kind == .organisation, let known = gazetteer.entities[name] {
                name = known.name
            } else if kind == .organisation, !name.contains(" "),
                      let expansion = acronyms[name.utf8.contains(UInt8(ascii: ".")) ? name.replacingOccurrences(of: ".", with: "") : name] {
                name = expansion
            } else if !name.contains(" ") {
                if let full = surnames[name], full.count == 1 {
                    name = full.first!
                    kind = .person
                }
            }
            let resolvedKind = kind ?? .person
            let key = name
            var draft = drafts[key] ?? Draft(name: name, kind: resolvedKind, explained: kind != nil)
            if kind != nil { draft.explained = true }
            if !candidate.isAdjective { draft.forms.insert(candidate.name) }
            if let role = candidate.role, !draft.roles.contains(role) { draft.roles.append(role) }
            draft.mentions += 1
            draft.paragraphs.insert(candidate.paragraph)
            drafts[key] = draft
            mentions.append(Mention(key: key, form: candidate.name, paragraph: candidate.paragraph,
                                    sentence: candidate.sentence, range: candidate.range))
        }
        // An actor seen only as an adjective ("Peruvian diplomats") still counts for coverage.
        let all = drafts.values.map { draft in
            (draft.explained, ActorMention(name: draft.name, kind: draft.kind, forms: draft.forms.sorted(), roles: draft.roles,
                                           mentions: draft.mentions, paragraphs: draft.paragraphs.sorted()))
        }.sorted { ($0.1.mentions, $1.1.name) > ($1.1.mentions, $0.1.name) }
        return Result(actors: all.filter(\.0).map(\.1), unexplained: all.filter { !$0.0 }.map(\.1), mentions: mentions)
    }

    private func initials(_ name: String) -> String {
        String(name.split(separator: " ").filter { $0.first?.isUppercase == true }.compactMap(\.first))
    }
}

/// A sentence of the body, tokenised once and shared by the extractors.
struct SentenceRef: Sendable {
    var paragraph: Int
    /// Position of the sentence in the source.
    var index: Int
    var text: String
    var tokens: [Token]
    var isHeading: Bool
}
