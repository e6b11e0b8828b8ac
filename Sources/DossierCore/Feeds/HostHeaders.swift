import Foundation

/// `_headers`: the HTTP headers that Netlify and Cloudflare Pages send with every file
/// of the site (`/*`, then indented `Name: value` lines). A Content-Security-Policy that
/// allows what the pages load and nothing else: their own stylesheet and pictures, no
/// inline styles or scripts, nothing from another origin. Scripts only where a page
/// loads one (the search box: `assets/search.js`, which fetches the index's JSON files
/// under `search/` from the site), so deleting the search partial tightens the policy too.
struct HostHeaders {
    /// Whether any page has a `<script` element: the policy follows what the pages load.
    let loadsScripts: Bool

    static let path = "_headers"

    func file() -> SiteFile {
        var text = "/*\n"
        for (name, value) in headers() { text += "  \(name): \(value)\n" }
        return SiteFile(path: Self.path, text: text)
    }

    func headers() -> [(String, String)] {
        [("Content-Security-Policy", policy()), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")]
    }

    func policy() -> String {
        var directives = ["default-src 'none'"]
        if loadsScripts {
            directives += ["script-src 'self'", "connect-src 'self'"]
        }
        directives += ["style-src 'self'", "img-src 'self'", "base-uri 'self'", "form-action 'none'", "frame-ancestors 'none'"]
        return directives.joined(separator: "; ")
    }
}
