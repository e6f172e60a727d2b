import Foundation
import ObjectStore

/// A made-up bucket listing: pages of objects with nested keys, sizes, times and ETags, the same
/// for the same seed.
///
/// Each page is made from its own generator (seeded from the bucket's seed and the page number),
/// so a page can be made on demand, in any order, without keeping the others.
struct SyntheticBucket: Sendable {
    var pageCount: Int
    var objectsPerPage: Int
    var seed: UInt64

    init(pageCount: Int, objectsPerPage: Int = 1000, seed: UInt64 = SeededGenerator.defaultSeed) {
        self.pageCount = pageCount
        self.objectsPerPage = objectsPerPage
        self.seed = seed
    }

    var objectCount: Int { pageCount * objectsPerPage }

    /// Top-level folders, some with characters that a URL or XML must escape, in UTF-8 byte order.
    private static let datasets = ["backups", "caf\u{E9}", "data set+1", "images", "logs", "models", "raw&cooked", "\u{D55C}\u{AE00}"]
    private static let leafSuffixes = [".parquet", ".json.gz", ".jpg", ".csv", ".bin"]

    /// The objects of page `number` (0-based), in UTF-8 byte order of their keys across the whole
    /// bucket, as S3 lists them. Keys are `dataset/2025-MM/part-NNN/[shard-NN/]object-NNNNNNN.ext`
    /// (the page decides the first three levels), unique; sizes log-uniform from 1 byte to 2 GiB;
    /// single-part ETags with their MD5s.
    func page(_ number: Int) -> [ObjectInfo] {
        var generator = SeededGenerator(seed: seed &+ UInt64(number) &* 0x1_0000_0001)
        let pagesPerDataset = (pageCount + Self.datasets.count - 1) / Self.datasets.count
        var folder: [UInt8] = Array(Self.datasets[min(number / pagesPerDataset, Self.datasets.count - 1)].utf8)
        folder += "/2025-".utf8
        Self.appendDecimal(UInt64(1 + (number % pagesPerDataset) * 12 / pagesPerDataset), minimumDigits: 2, to: &folder)
        folder += "/part-".utf8
        // As many digits as the largest part number needs (at least 3), so the keys stay in byte order.
        Self.appendDecimal(UInt64(number % pagesPerDataset), minimumDigits: max(3, String(pagesPerDataset - 1).count), to: &folder)
        folder += "/".utf8
        var objects: [ObjectInfo] = []
        objects.reserveCapacity(objectsPerPage)
        for offset in 0..<objectsPerPage {
            let index = number * objectsPerPage + offset
            objects.append(object(index: index, in: folder, using: &generator))
        }
        return objects
    }

    private func object(index: Int, in folder: [UInt8], using generator: inout SeededGenerator) -> ObjectInfo {
        // Built as bytes: this runs a million times per plan, and the figures are the planner's.
        // The first two thirds of a page directly in the folder, the rest in 16 `shard-NN/` folders
        // below it: made in byte order (`object-` < `shard-`), so nothing needs sorting.
        var key = folder
        key.reserveCapacity(64)
        let offset = index % objectsPerPage
        let unsharded = objectsPerPage * 2 / 3
        if offset >= unsharded {
            key += "shard-".utf8
            Self.appendDecimal(UInt64((offset - unsharded) * 16 / (objectsPerPage - unsharded)), minimumDigits: 2, to: &key)
            key += "/".utf8
        }
        key += "object-".utf8
        Self.appendDecimal(UInt64(index), minimumDigits: max(7, String(objectCount - 1).count), to: &key)
        key += Self.leafSuffixes[index % Self.leafSuffixes.count].utf8

        // Log-uniform from 1 byte to 2 GiB: 30 binary orders of magnitude, uniform within each.
        let magnitude = generator.next() % 30
        let size = Int64(1 << magnitude) + Int64(generator.next() % (1 << magnitude))
        let modified = Date(timeIntervalSince1970: 1_700_000_000 + Double(generator.next() % 30_000_000_000) / 1000)
        let md5 = MD5Digest(bytes: withUnsafeBytes(of: (generator.next(), generator.next())) { Array($0) })!
        return ObjectInfo(key: ObjectKey(String(decoding: key, as: UTF8.self)), size: size, lastModified: modified,
                          etag: "\"" + md5.hex + "\"", md5: md5)
    }

    /// Appends `value` in decimal, zero-padded to `minimumDigits`.
    private static func appendDecimal(_ value: UInt64, minimumDigits: Int, to bytes: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        while digits.count < minimumDigits { digits.append(UInt8(ascii: "0")) }
        bytes += digits.reversed()
    }
}
