import Foundation
import Testing
@testable import DossierCore

@Test func scratchDump() throws {
    let chunk = HTMLFixtures.newsPage.components(separatedBy: "<main>")[1].components(separatedBy: "</main>")[0]
    let big = "<html><body>" + String(repeating: chunk.replacingOccurrences(of: "<article>", with: "<div class=\"story card\">").replacingOccurrences(of: "</article>", with: "</div>"), count: 250) + "</body></html>"
    let t = Date()
    let s = HTMLSource(html: big)
    print("BIG", big.utf8.count, s.text.count, s.furniture.count, Date().timeIntervalSince(t))
    let root = URL(fileURLWithPath: "/work/main/public")
    let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "html" }
    let t2 = Date()
    for file in files { _ = HTMLSource(html: try String(contentsOf: file, encoding: .utf8)) }
    print("FILES", files.count, Date().timeIntervalSince(t2))
}
