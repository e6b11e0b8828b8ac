import Foundation

/// The files a static host and its visitors expect beside the pages: an Atom
/// feed of the sources, `sitemap.xml` and `robots.txt`. Feeds and sitemaps need
/// absolute addresses, so they use `base_url`; without it the sitemap is left
/// out and the feed's links stay relative.
struct SiteFeeds {
    let dossier: Dossier
    /// Every page's path (no extension), for the sitemap.
    let pagePaths: [String]
    /// The newest sources only: feed readers fetch the feed again and again, and a dossier of
    /// thousands of sources would make it megabytes (6 MB at 10,000). The briefing lists them all.
    var entryLimit = 100

    var baseURL: String? {
        dossier.config.baseURL.map(\.endingInSlash)
    }

    func files() -> [SiteFile] {
        var files = [SiteFile(path: "atom.xml", text: atom()), SiteFile(path: "robots.txt", text: robots())]
        if let sitemap = sitemap() { files.append(SiteFile(path: "sitemap.xml", text: sitemap)) }
        return files
    }

    func address(_ path: String) -> String {
        (baseURL ?? "") + path
    }

    /// The newest `entryLimit` sources, newest first; the feed's date is the newest source's, so
    /// that the same input always gives the same feed (no build time in it).
    func atom() -> String {
        let sources = dossier.sources.sorted { ($0.summary.published ?? "", $1.raw.id) > ($1.summary.published ?? "", $0.raw.id) }.prefix(entryLimit)
        let updated = Self.timestamp(sources.first?.summary.published)
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "  <title>\(Self.escape(dossier.config.title))</title>\n"
        if let question = dossier.config.question { xml += "  <subtitle>\(Self.escape(question))</subtitle>\n" }
        xml += "  <id>\(Self.escape(address("atom.xml")))</id>\n"
        xml += "  <link rel=\"self\" href=\"\(Self.escape(address("atom.xml")))\"/>\n"
        xml += "  <link rel=\"alternate\" href=\"\(Self.escape(address("index.html")))\"/>\n"
        xml += "  <updated>\(updated)</updated>\n"
        xml += "  <author><name>\(Self.escape(dossier.config.author ?? dossier.config.title))</name></author>\n"
        for source in sources {
            let summary = source.summary
            let link = address(SitePaths.source(source.slug) + ".html")
            xml += "  <entry>\n"
            xml += "    <title>\(Self.escape(summary.title))</title>\n"
            xml += "    <id>\(Self.escape(link))</id>\n"
            xml += "    <link href=\"\(Self.escape(link))\"/>\n"
            xml += "    <updated>\(Self.timestamp(summary.published ?? sources.first?.summary.published))</updated>\n"
            if let author = summary.author { xml += "    <author><name>\(Self.escape(author))</name></author>\n" }
            let lines = [summary.outlet, summary.genre?.rawValue, summary.flags.isEmpty ? nil : "flags: " + summary.flagList].compactMap { $0 }
            let claims = summary.claims.prefix(3).map(\.text)
            xml += "    <summary>\(Self.escape((lines + claims).joined(separator: " — ")))</summary>\n"
            xml += "  </entry>\n"
        }
        return xml + "</feed>\n"
    }

    func sitemap() -> String? {
        guard baseURL != nil else { return nil }
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in pagePaths.sorted() {
            xml += "  <url><loc>\(Self.escape(address(path + ".html")))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }

    func robots() -> String {
        var text = "User-agent: *\nAllow: /\n"
        if sitemap() != nil { text += "Sitemap: \(address("sitemap.xml"))\n" }
        return text
    }

    /// An ISO date (as precise as known) as an Atom timestamp; the epoch when there is none.
    static func timestamp(_ date: String?) -> String {
        guard let date else { return "1970-01-01T00:00:00Z" }
        let parts = date.split(separator: "-")
        let year = parts.first.map(String.init) ?? "1970"
        let month = parts.count > 1 ? String(parts[1]) : "01"
        let day = parts.count > 2 ? String(parts[2]) : "01"
        return "\(year)-\(month)-\(day)T00:00:00Z"
    }

    static func escape(_ text: String) -> String {
        MarkupEscaping.escape(text)
    }
}
