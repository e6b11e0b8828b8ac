/// Title, date, outlet and author: what the page states, nothing invented.
struct MetadataExtractor: Sendable {
    struct Metadata {
        var title: String
        var published: String?
        var outlet: String?
        var author: String?
    }

    func metadata(of source: CleanSource) -> Metadata {
        let title = source.stated["title"] ?? source.headline
            ?? source.paragraphs.first.map { String($0.text.prefix(120)) } ?? source.id
        let published = (source.stated["published"] ?? source.stated["date"]).flatMap(DateExtractor.normalise)
        let outlet = source.stated["outlet"] ?? source.stated["source"] ?? source.stated["publisher"] ?? source.stated["site"]
        let author = source.stated["author"] ?? source.stated["by"]
        return Metadata(title: title, published: published, outlet: outlet, author: author)
    }
}
