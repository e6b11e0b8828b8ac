// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for DossierCore, built apart from the main package so that the default
// build and test run never see them. Build and run them with scripts/fuzz.sh: it passes
// `--sanitize fuzzer`, which also stops SwiftPM from renaming the executables' entry point
// (libFuzzer brings its own `main`).
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "DossierFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Dossier", path: "..")],
    targets: [
        // What every target shares: fuzz bytes → sources the way the corpus reader makes them, and the HTML oracle.
        .target(name: "FuzzSupport", dependencies: [.product(name: "DossierCore", package: "Dossier")]),
        .executableTarget(name: "FuzzCleaner", dependencies: ["FuzzSupport"], swiftSettings: fuzzTarget),
        .executableTarget(name: "FuzzExtractor", dependencies: ["FuzzSupport"], swiftSettings: fuzzTarget),
        .executableTarget(name: "FuzzSummaryFile", dependencies: ["FuzzSupport"], swiftSettings: fuzzTarget),
        .executableTarget(name: "FuzzMarkdownPage", dependencies: ["FuzzSupport"], swiftSettings: fuzzTarget),
    ]
)
