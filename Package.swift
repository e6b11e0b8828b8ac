// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Dossier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dossier", targets: ["dossier"]),
        .library(name: "DossierCore", targets: ["DossierCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
    ],
    targets: [
        // cmark-gfm, the C library from Debian (libcmark-gfm-dev + libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // libxml2 from Debian (libxml2-dev): its HTML parser reads HTML sources.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Small C helpers for system calls Swift cannot reach directly (atomic folder swap).
        .target(name: "CDossierSupport"),
        // The pipeline: read → clean → extract → summaries → model → pages → render → write.
        .target(
            name: "DossierCore",
            dependencies: [
                "CCmarkGFM",
                "CLibXML2",
                "CDossierSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Extract/Data")]
        ),
        // `dossier serve`: the preview server (Hummingbird), apart so that the core builds without it.
        .target(
            name: "DossierServer",
            dependencies: [
                "DossierCore",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The command line: thin, parses flags and calls into DossierCore.
        // Linked with jemalloc (Debian's libjemalloc-dev), which takes over malloc for the whole
        // process: rendering tens of thousands of pages on all cores churns through strings of
        // every size, and glibc's allocator spent half the render step on it (README, "Speed").
        .executableTarget(
            name: "dossier",
            dependencies: [
                "DossierCore",
                "DossierServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .testTarget(name: "DossierCoreTests", dependencies: ["DossierCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["DossierCore"]),
        .testTarget(name: "DossierServerTests", dependencies: ["DossierServer", "DossierCore"]),
    ]
)
