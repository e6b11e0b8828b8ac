import Foundation
import DossierCore

/// The live-reload script and what the server adds to HTML responses. The files on
/// disk are never touched: the built site stays byte-identical to `dossier build`'s.
enum LiveReload {
    static let prefix = "/__dossier/"
    static let versionPath = prefix + "version"
    static let scriptPath = prefix + "reload.js"

    /// Polls the build version and reloads when it differs from the one the page was
    /// served with; keeps polling, more slowly, while the server is away.
    static let script = """
    (function () {
      "use strict";
      var tag = document.currentScript;
      var served = tag && tag.getAttribute("data-version");
      function poll(delay) {
        setTimeout(function () {
          fetch("\(versionPath)", { cache: "no-store" })
            .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
            .then(function (version) {
              if (served === null) { served = version; }
              if (version !== served) { location.reload(); } else { poll(400); }
            })
            .catch(function () { poll(1000); });
        }, delay);
      }
      poll(400);
    })();

    """

    static func tag(version: String) -> String {
        "<script src=\"\(scriptPath)\" data-version=\"\(escape(version))\"></script>"
    }

    /// The page with the reload tag before its last `</body>`, or at the end when it has none.
    static func inject(into page: Data, version: String) -> Data {
        let tag = Data((tag(version: version) + "\n").utf8)
        let closing = Data("</body>".utf8)
        let lowered = Data(page.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })  // ASCII-only, so offsets stay put
        guard let range = lowered.range(of: closing, options: .backwards) else { return page + tag }
        var result = page
        result.insert(contentsOf: tag, at: range.lowerBound)
        return result
    }

    /// What every HTML request gets while the latest build is failing.
    static func errorPage(_ message: String, version: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Build failed · dossier serve</title>
        <style>
        body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
        h1 { color: #b00020; font-size: 1.4rem; }
        pre { background: #fff3f3; border-left: 4px solid #b00020; padding: 1rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        @media (prefers-color-scheme: dark) { body { background: #151515; color: #eee; } pre { background: #2a1515; } h1 { color: #ff6b81; } }
        </style>
        </head>
        <body>
        <h1>The build failed</h1>
        <pre class="dossier-build-error">\(escape(message))</pre>
        <p>The site you saw last is unchanged on disk. Fix the file and save it: this page reloads by itself once a build succeeds.</p>
        \(tag(version: version))
        </body>
        </html>

        """
    }

    static func escape(_ text: String) -> String {
        MarkupEscaping.escape(text)
    }
}
