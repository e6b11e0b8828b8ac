import Foundation

/// The actor co-occurrence network as an SVG picture: the most-covered actors
/// as nodes (linked to their pages), shared sources as edges. The layout is a
/// force-directed one computed here, from fixed starting positions, so the same
/// dossier always draws the same picture.
struct ActorNetwork {
    let dossier: Dossier
    var nodeLimit = 40
    var width = 720.0
    var height = 520.0

    struct Node {
        var actor: Dossier.Actor
        var x: Double
        var y: Double
    }

    var actors: [Dossier.Actor] {
        Array(dossier.actors.sorted { ($0.appearances.count, $0.mentions, $1.name) > ($1.appearances.count, $1.mentions, $0.name) }.prefix(nodeLimit))
    }

    /// Edges between the chosen actors, weighted by shared sources.
    func edges(_ actors: [Dossier.Actor]) -> [(a: Int, b: Int, weight: Int)] {
        let position = Dictionary(uniqueKeysWithValues: actors.enumerated().map { ($0.element.slug, $0.offset) })
        var edges: [(Int, Int, Int)] = []
        for (index, actor) in actors.enumerated() {
            for other in actor.cooccurring {
                if let target = position[other.slug], target > index { edges.append((index, target, other.sources)) }
            }
        }
        return edges.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// Fruchterman–Reingold from points on a circle, a fixed number of rounds.
    func layout(_ actors: [Dossier.Actor], edges: [(a: Int, b: Int, weight: Int)]) -> [(x: Double, y: Double)] {
        let count = actors.count
        guard count > 0 else { return [] }
        var points = (0..<count).map { index -> (x: Double, y: Double) in
            let angle = 2 * Double.pi * Double(index) / Double(count)
            return (width / 2 + cos(angle) * width / 3, height / 2 + sin(angle) * height / 3)
        }
        let area = width * height
        let k = sqrt(area / Double(count))
        var temperature = width / 10
        for _ in 0..<300 {
            var shift = Array(repeating: (x: 0.0, y: 0.0), count: count)
            for i in 0..<count {
                for j in (i + 1)..<count {
                    let dx = points[i].x - points[j].x, dy = points[i].y - points[j].y
                    let distance = max(0.01, sqrt(dx * dx + dy * dy))
                    let force = k * k / distance
                    shift[i].x += dx / distance * force; shift[i].y += dy / distance * force
                    shift[j].x -= dx / distance * force; shift[j].y -= dy / distance * force
                }
            }
            for edge in edges {
                let dx = points[edge.a].x - points[edge.b].x, dy = points[edge.a].y - points[edge.b].y
                let distance = max(0.01, sqrt(dx * dx + dy * dy))
                let force = distance * distance / k * min(3, Double(edge.weight)) / 2
                shift[edge.a].x -= dx / distance * force; shift[edge.a].y -= dy / distance * force
                shift[edge.b].x += dx / distance * force; shift[edge.b].y += dy / distance * force
            }
            for i in 0..<count {
                // Gravity keeps unconnected groups from drifting apart.
                shift[i].x -= (points[i].x - width / 2) * 0.05 * k / 10
                shift[i].y -= (points[i].y - height / 2) * 0.05 * k / 10
                let length = max(0.01, sqrt(shift[i].x * shift[i].x + shift[i].y * shift[i].y))
                points[i].x += shift[i].x / length * min(length, temperature)
                points[i].y += shift[i].y / length * min(length, temperature)
            }
            temperature = max(0.5, temperature * 0.98)
        }
        // Fit the drawing into the frame, leaving room for labels.
        let xs = points.map(\.x), ys = points.map(\.y)
        let (minX, maxX, minY, maxY) = (xs.min()!, xs.max()!, ys.min()!, ys.max()!)
        return points.map { point in
            (x: maxX > minX ? 70 + (point.x - minX) / (maxX - minX) * (width - 140) : width / 2,
             y: maxY > minY ? 36 + (point.y - minY) / (maxY - minY) * (height - 60) : height / 2)
        }
    }

    /// The SVG document. `link` gives each actor page's address relative to where the picture is shown.
    func svg(link: (Dossier.Actor) -> String) -> String {
        let actors = self.actors
        let edges = self.edges(actors)
        let points = layout(actors, edges: edges)
        func number(_ value: Double) -> String { String(format: "%.1f", value) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" class=\"actor-network\" aria-labelledby=\"network-title\">\n"
        out += "<title id=\"network-title\">Co-occurrence network of the \(actors.count) actors named by the most sources</title>\n"
        out += "<g class=\"edges\" stroke=\"currentColor\" stroke-opacity=\"0.25\">\n"
        for edge in edges {
            out += "<line x1=\"\(number(points[edge.a].x))\" y1=\"\(number(points[edge.a].y))\" x2=\"\(number(points[edge.b].x))\" y2=\"\(number(points[edge.b].y))\" stroke-width=\"\(min(6, edge.weight))\"/>\n"
        }
        out += "</g>\n<g class=\"nodes\" font-size=\"12\" font-family=\"system-ui, sans-serif\">\n"
        for (index, actor) in actors.enumerated() {
            let radius = 4 + min(14, Double(actor.appearances.count) * 2)
            let name = MarkupEscaping.escape(actor.name)
            out += "<a href=\"\(MarkupEscaping.escape(link(actor)))\" class=\"kind-\(actor.kind.rawValue)\"><title>\(name): \(actor.appearances.count) sources</title>"
            out += "<circle cx=\"\(number(points[index].x))\" cy=\"\(number(points[index].y))\" r=\"\(number(radius))\" fill=\"\(Self.colour(actor.kind))\"/>"
            out += "<text x=\"\(number(points[index].x))\" y=\"\(number(points[index].y - radius - 3))\" text-anchor=\"middle\" fill=\"currentColor\">\(name)</text></a>\n"
        }
        out += "</g>\n</svg>\n"
        return out
    }

    static func colour(_ kind: ActorKind) -> String {
        switch kind {
        case .person: return "#1f77b4"
        case .organisation: return "#2ca02c"
        case .state: return "#d62728"
        case .bloc: return "#9467bd"
        }
    }
}
