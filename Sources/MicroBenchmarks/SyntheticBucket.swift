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

    /// Top-level folders, some of them with characters that a URL or XML must escape.
    private static let datasets = ["logs", "images", "data set+1", "caf\u{E9}", "backups", "raw&cooked", "\u{D55C}\u{AE00}", "models"]
    private static let leafSuffixes = [".parquet", ".json.gz", ".jpg", ".csv", ".bin"]

    /// The objects of page `number` (0-based): keys `dataset/2025-MM/part-NNN/[shard-N/]object-NNNNNNN.ext`,
    /// unique across the bucket; sizes log-uniform from 1 byte to 2 GiB; single-part ETags with
    /// their MD5s.
    func page(_ number: Int) -> [ObjectInfo] {
        var generator = SeededGenerator(seed: seed &+ UInt64(number) &* 0x1_0000_0001)
        var objects: [ObjectInfo] = []
        objects.reserveCapacity(objectsPerPage)
        for offset in 0..<objectsPerPage {
            let index = number * objectsPerPage + offset
            objects.append(object(index: index, using: &generator))
        }
        return objects
    }

    private func object(index: Int, using generator: inout SeededGenerator) -> ObjectInfo {
        // Built as bytes: this runs a million times per plan, and the figures are the planner's.
        var key: [UInt8] = []
        key.reserveCapacity(64)
        key += Self.datasets[Int(generator.next() % UInt64(Self.datasets.count))].utf8
        key += "/2025-".utf8
        Self.appendDecimal(1 + generator.next() % 12, minimumDigits: 2, to: &key)
        key += "/part-".utf8
        Self.appendDecimal(generator.next() % 200, minimumDigits: 3, to: &key)
        if generator.next() % 3 == 0 {
            key += "/shard-".utf8
            Self.appendDecimal(generator.next() % 16, minimumDigits: 1, to: &key)
        }
        key += "/object-".utf8
        Self.appendDecimal(UInt64(index), minimumDigits: 7, to: &key)
        key += Self.leafSuffixes[index % Self.leafSuffixes.count].utf8

        // Log-uniform from 1 byte to 1 GiB: 30 binary orders of magnitude, uniform within each.
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
