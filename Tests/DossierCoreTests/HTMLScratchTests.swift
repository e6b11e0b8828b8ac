import Foundation
import Testing
@testable import DossierCore

@Test func scratchDump() throws {
    let root = URL(fileURLWithPath: "/work/main/public")
    let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "html" }
    let t = Date()
    var total = 0
    for file in files {
        let html = try String(contentsOf: file, encoding: .utf8)
        let s = HTMLSource(html: html)
        total += s.text.count
    }
    print("FILES", files.count, total, Date().timeIntervalSince(t))
    let sample = files.first { $0.path.contains("sources/") } ?? files[0]
    let s = HTMLSource(html: try String(contentsOf: sample, encoding: .utf8))
    print("SAMPLE", sample.path)
    print(s.text.prefix(3000))
    print("FURN", s.furniture.prefix(40))
    print("STATED", s.stated)
}
