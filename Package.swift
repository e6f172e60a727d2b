// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "s3clone",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "s3clone", targets: ["s3clone"]),
        .library(name: "ObjectStore", targets: ["ObjectStore"]),
        .library(name: "FileBackend", targets: ["FileBackend"]),
        .library(name: "Transfer", targets: ["Transfer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "ObjectStore",
            dependencies: [
                "CCrypto",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "CPosix"),
        .target(
            name: "FileBackend",
            dependencies: [
                "CPosix",
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Transfer",
            dependencies: [
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "s3clone",
            dependencies: [
                "ObjectStore",
                "FileBackend",
                "Transfer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["ObjectStore"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ObjectStoreTests",
            dependencies: ["ObjectStore", "TestSupport"]
        ),
        .testTarget(
            name: "FileBackendTests",
            dependencies: ["FileBackend", "ObjectStore", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "TransferTests",
            dependencies: ["Transfer", "ObjectStore", "FileBackend", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: [
                "ObjectStore",
                "FileBackend",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "s3cloneTests",
            dependencies: ["s3clone", "TestSupport"]
        ),
    ]
)
